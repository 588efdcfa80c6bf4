package sock8

import (
	"errors"
	"testing"

	"github.com/ipv8/ipv8/go/in8"
)

func TestUDPAddrString(t *testing.T) {
	tests := []struct {
		a    *UDPAddr
		want string
	}{
		{&UDPAddr{Addr: in8.MustParseAddr("65001.192.0.2.1"), Port: 53}, "65001.192.0.2.1:53"},
		{&UDPAddr{}, "0.0.0.0:0"},
		{&UDPAddr{Addr: in8.Broadcast, Port: 67}, "255.255.255.255.255.255.255.255:67"},
		{&UDPAddr{Addr: in8.MustParseAddr("4200000000.10.0.0.1"), Port: 65535},
			"4200000000.10.0.0.1:65535"},
		{nil, "<nil>"},
	}
	for _, tt := range tests {
		if got := tt.a.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
		if got := tt.a.Network(); got != "udp8" {
			t.Errorf("Network() = %q, want udp8", got)
		}
	}
}

func TestParseUDPAddr(t *testing.T) {
	tests := []struct {
		in   string
		want *UDPAddr
	}{
		{"65001.192.0.2.1:53", &UDPAddr{Addr: in8.MustParseAddr("65001.192.0.2.1"), Port: 53}},
		{"0.0.253.233.192.0.2.1:53", &UDPAddr{Addr: in8.MustParseAddr("65001.192.0.2.1"), Port: 53}},
		{"0.0.0.0:0", &UDPAddr{}},
		{"65002.10.0.0.1:65535", &UDPAddr{Addr: in8.MustParseAddr("65002.10.0.0.1"), Port: 65535}},
		{"65001.192.0.2.1", nil},
		{"65001.192.0.2.1:", nil},
		{"65001.192.0.2.1:65536", nil},
		{"65001.192.0.2.1:053", nil},
		{"65001.192.0.2.1:+53", nil},
		{"65001.192.0.2.1:5 3", nil},
		{"65001.300.0.2.1:53", nil},
		{":53", nil},
		{"", nil},
		{"[65001.192.0.2.1]:53", nil},
	}
	for _, tt := range tests {
		got, err := ParseUDPAddr(tt.in)
		switch {
		case tt.want == nil && (err == nil || !errors.Is(err, ErrUDPAddr)):
			t.Errorf("ParseUDPAddr(%q) = %v, %v; want an ErrUDPAddr error", tt.in, got, err)
		case tt.want != nil && (err != nil || *got != *tt.want):
			t.Errorf("ParseUDPAddr(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func FuzzParseUDPAddr(f *testing.F) {
	for _, s := range []string{"65001.192.0.2.1:53", "0.0.0.0:0", "1.2.3.4.5.6.7.8:9",
		"65001.1.2.3.4:00", "x:1", ":", "255.255.255.255.255.255.255.255:65535"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseUDPAddr(s)
		if err != nil {
			return
		}
		// Whatever form was accepted, the canonical text reads back the same.
		b, err := ParseUDPAddr(a.String())
		if err != nil || *b != *a {
			t.Fatalf("%q parsed as %v, whose text reads back as %v, %v", s, a, b, err)
		}
	})
}
