package in8_test

import (
	"fmt"

	"github.com/ipv8/ipv8/go/in8"
)

func ExampleParseAddr() {
	for _, s := range []string{"0.0.253.233.10.0.0.1", "65001.10.0.0.1", "10.0.0.1", "127.0.0.1.10.0.0.1", "65001.300.0.0.1"} {
		a, err := in8.ParseAddr(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(a, a.Class(), a.StringFull())
	}
	// Output:
	// 65001.10.0.0.1 unicast 0.0.253.233.10.0.0.1
	// 65001.10.0.0.1 unicast 0.0.253.233.10.0.0.1
	// 10.0.0.1 ipv4-compatible 0.0.0.0.10.0.0.1
	// 127.0.0.1.10.0.0.1 internal-zone 127.0.0.1.10.0.0.1
	// invalid address "65001.300.0.0.1": octet "300" is above 255
}

func ExamplePrefix_Contains() {
	p := in8.MustParsePrefix("65002.10.1.0.0/16")
	fmt.Println(p.Contains(in8.MustParseAddr("65002.10.1.2.3")))
	fmt.Println(p.Contains(in8.MustParseAddr("65003.10.1.2.3"))) // other ASN
	fmt.Println(in8.DefaultPrefix().Contains(in8.MustParseAddr("65003.10.1.2.3")))
	// Output:
	// true
	// false
	// true
}
