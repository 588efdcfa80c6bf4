package in8

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
)

func TestParseAddrValid(t *testing.T) {
	tests := []struct {
		in        string
		asn, host uint32
		canonical string
	}{
		// Plain IPv4: routing prefix 0.
		{"10.0.0.1", 0, 0x0a000001, "10.0.0.1"},
		{"0.0.0.0", 0, 0, "0.0.0.0"},
		{"255.255.255.255", 0, 0xffffffff, "255.255.255.255"},
		// ASN-dot.
		{"65001.10.0.0.1", 65001, 0x0a000001, "65001.10.0.0.1"},
		{"0.10.0.0.1", 0, 0x0a000001, "10.0.0.1"},
		{"1.0.0.0.0", 1, 0, "1.0.0.0.0"},
		{"4294901759.1.2.3.4", 0xfffeffff, 0x01020304, "4294901759.1.2.3.4"},
		{"4294967294.1.2.3.4", 0xfffffffe, 0x01020304, "255.255.255.254.1.2.3.4"},
		{"65533.192.0.2.1", ASNDocumentation, 0xc0000201, "65533.192.0.2.1"},
		// ASN-dot for a special class is accepted, printed 8-octet.
		{"1677721601.10.0.0.1", 100<<24 | 1, 0x0a000001, "100.0.0.1.10.0.0.1"},
		{"4294967295.255.255.255.255", 0xffffffff, 0xffffffff, "255.255.255.255.255.255.255.255"},
		// 8-octet dotted.
		{"0.0.253.233.10.0.0.1", 65001, 0x0a000001, "65001.10.0.0.1"},
		{"0.0.0.0.10.0.0.1", 0, 0x0a000001, "10.0.0.1"},
		{"0.0.0.0.0.0.0.0", 0, 0, "0.0.0.0"},
		{"100.1.2.3.10.0.0.1", 0x64010203, 0x0a000001, "100.1.2.3.10.0.0.1"},
		{"127.0.0.1.10.0.0.1", 0x7f000001, 0x0a000001, "127.0.0.1.10.0.0.1"},
		{"127.127.0.0.10.0.0.1", ASNInteropDMZ, 0x0a000001, "127.127.0.0.10.0.0.1"},
		{"255.255.0.1.0.0.0.5", 0xffff0001, 5, "255.255.0.1.0.0.0.5"},
		{"255.255.255.255.255.255.255.255", 0xffffffff, 0xffffffff, "255.255.255.255.255.255.255.255"},
		{"255.255.240.0.1.2.3.4", 0xfffff000, 0x01020304, "255.255.240.0.1.2.3.4"},
		{"255.254.255.255.1.2.3.4", 0xfffeffff, 0x01020304, "4294901759.1.2.3.4"},
		{"128.0.0.0.1.2.3.4", 0x80000000, 0x01020304, "2147483648.1.2.3.4"},
		{"99.255.255.255.0.0.0.1", 0x63ffffff, 1, "1677721599.0.0.0.1"},
		{"101.0.0.0.0.0.0.1", 0x65000000, 1, "1694498816.0.0.0.1"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			a, err := ParseAddr(tt.in)
			if err != nil {
				t.Fatalf("ParseAddr: %v", err)
			}
			if a.ASN() != tt.asn || a.Host() != tt.host {
				t.Fatalf("got asn %#x host %#x, want asn %#x host %#x", a.ASN(), a.Host(), tt.asn, tt.host)
			}
			if a != AddrFrom(tt.asn, tt.host) {
				t.Fatalf("not equal to AddrFrom")
			}
			if got := a.String(); got != tt.canonical {
				t.Errorf("String() = %q, want %q", got, tt.canonical)
			}
			if b := MustParseAddr(a.StringFull()); b != a {
				t.Errorf("StringFull %q parses to %v", a.StringFull(), b)
			}
		})
	}
}

func TestParseAddrInvalid(t *testing.T) {
	tests := []struct {
		in, part, reason string
	}{
		{"65001.300.0.0.1", "300", `octet "300" is above 255`},
		{"65001.10.0.01", "01", `octet "01" has a leading zero`},
		{"65001.10.0.0.01", "01", `octet "01" has a leading zero`},
		{"300.1.2.x", "x", `octet "x" is not a decimal number`},
		{"300.1.256.3", "300", `octet "300" is above 255`},
		{"300.1..3", "", "part 3 is empty"},
		{"4294967296.1.2.3.4", "4294967296", `ASN "4294967296" is above 4294967295`},
		{"99999999999999999999999.1.2.3.4", "99999999999999999999999", `ASN "99999999999999999999999" is above 4294967295`},
		{"065001.1.2.3.4", "065001", `ASN "065001" has a leading zero`},
		{"1.2.3", "", "want 4 (IPv4), 5 (ASN-dot) or 8 parts, got 3"},
		{"1", "", "want 4 (IPv4), 5 (ASN-dot) or 8 parts, got 1"},
		{"1.2.3.4.5.6", "", "want 4 (IPv4), 5 (ASN-dot) or 8 parts, got 6"},
		{"1.2.3.4.5.6.7", "", "want 4 (IPv4), 5 (ASN-dot) or 8 parts, got 7"},
		{"1.2.3.4.5.6.7.8.9", "", "want 4 (IPv4), 5 (ASN-dot) or 8 parts, got 9"},
		{"", "", "empty input"},
		{"1..2.3", "", "part 2 is empty"},
		{".1.2.3", "", "part 1 is empty"},
		{"1.2.3.", "", "part 4 is empty"},
		{"...", "", "part 1 is empty"},
		{"-1.2.3.4", "-1", `octet "-1" is not a decimal number`},
		{"+1.2.3.4", "+1", `octet "+1" is not a decimal number`},
		{" 1.2.3.4", " 1", `octet " 1" is not a decimal number`},
		{"1.2.3.4 ", "4 ", `octet "4 " is not a decimal number`},
		{"1.2.3.4\n", "4\n", `octet "4\n" is not a decimal number`},
		{"1.2.3.0x4", "0x4", `octet "0x4" is not a decimal number`},
		{"1.2.3.٤", "٤", `octet "٤" is not a decimal number`},
		{"1.2.3.４", "４", `octet "４" is not a decimal number`},
		{"1_0.2.3.4", "1_0", `octet "1_0" is not a decimal number`},
		{"0.0.253.256.10.0.0.1", "256", `octet "256" is above 255`},
		{"0.0.253.233.10.0.0.00", "00", `octet "00" has a leading zero`},
		{"1.2.3.4/24", "4/24", `octet "4/24" is not a decimal number`},
		{"65001.10.0.0.1%eth0", "1%eth0", `octet "1%eth0" is not a decimal number`},
		{"::1", "", "want 4 (IPv4), 5 (ASN-dot) or 8 parts, got 1"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			a, err := ParseAddr(tt.in)
			if err == nil {
				t.Fatalf("ParseAddr = %v, want error", a)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T is not *ParseError", err)
			}
			if pe.Kind != "address" || pe.Input != tt.in || pe.Part != tt.part || pe.Reason != tt.reason {
				t.Errorf("got %+v, want part %q reason %q", *pe, tt.part, tt.reason)
			}
			want := "invalid address " + strconv.Quote(tt.in) + ": " + tt.reason
			if err.Error() != want {
				t.Errorf("Error() = %q, want %q", err, want)
			}
		})
	}
}

// The exact messages the CLI contract quotes.
func TestErrorText(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{second(ParseAddr("65001.300.0.0.1")), `invalid address "65001.300.0.0.1": octet "300" is above 255`},
		{second(ParseAddr("65001.10.0.01")), `invalid address "65001.10.0.01": octet "01" has a leading zero`},
		{second(ParseAddr("4294967296.1.2.3.4")), `invalid address "4294967296.1.2.3.4": ASN "4294967296" is above 4294967295`},
		{second(ParseAddr("1.2.3")), `invalid address "1.2.3": want 4 (IPv4), 5 (ASN-dot) or 8 parts, got 3`},
		{second(ParsePrefix("65001.10.0.0.0/33")), `invalid prefix "65001.10.0.0.0/33": length "33" is above 32`},
		{second(ParseInterfacePrefix("65001.300.0.0.1/24")), `invalid prefix "65001.300.0.0.1/24": octet "300" is above 255`},
	}
	for _, tt := range tests {
		if tt.err == nil || tt.err.Error() != tt.want {
			t.Errorf("got %v, want %s", tt.err, tt.want)
		}
	}
}

func second[T any](_ T, err error) error { return err }

func TestMustParseAddrPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("MustParseAddr did not panic")
		}
	}()
	MustParseAddr("1.2.3")
}

func TestClass(t *testing.T) {
	tests := []struct {
		in   string
		want Class
	}{
		{"10.0.0.1", ClassIPv4Compatible},
		{"0.0.0.0", ClassIPv4Compatible},
		{"1.0.0.0.1", ClassUnicast},
		{"65001.10.0.0.1", ClassUnicast},
		{"65533.10.0.0.1", ClassUnicast},
		{"65534.10.0.0.1", ClassUnicast},
		{"99.255.255.255.0.0.0.1", ClassUnicast},
		{"100.0.0.0.0.0.0.1", ClassRINE},
		{"100.255.255.255.0.0.0.1", ClassRINE},
		{"101.0.0.0.0.0.0.1", ClassUnicast},
		{"126.255.255.255.0.0.0.1", ClassUnicast},
		{"127.0.0.0.10.0.0.1", ClassInternalZone},
		{"127.127.0.1.10.0.0.1", ClassInternalZone},
		{"127.126.255.255.10.0.0.1", ClassInternalZone},
		{"127.255.255.255.10.0.0.1", ClassInternalZone},
		{"127.127.0.0.10.0.0.1", ClassInteropDMZ},
		{"128.0.0.0.0.0.0.1", ClassUnicast},
		{"255.254.255.255.0.0.0.1", ClassUnicast},
		{"255.255.0.0.0.0.0.1", ClassMulticast},
		{"255.255.0.1.0.0.0.0", ClassMulticast},
		{"255.255.239.255.1.2.3.4", ClassMulticast},
		{"255.255.240.0.1.2.3.4", ClassReserved},
		{"255.255.254.255.1.2.3.4", ClassReserved},
		{"255.255.255.0.1.2.3.4", ClassReserved},
		{"255.255.255.254.255.255.255.255", ClassReserved},
		{"255.255.255.255.255.255.255.255", ClassBroadcast},
		{"255.255.255.255.255.255.255.254", ClassReserved},
		{"255.255.255.255.0.0.0.0", ClassReserved},
	}
	for _, tt := range tests {
		a := MustParseAddr(tt.in)
		if got := a.Class(); got != tt.want {
			t.Errorf("%s: Class() = %v, want %v", tt.in, got, tt.want)
		}
		// Only unicast prints ASN-dot, only IPv4-compatible prints 4 parts.
		parts := strings.Count(a.String(), ".") + 1
		want := 8
		switch tt.want {
		case ClassUnicast:
			want = 5
		case ClassIPv4Compatible:
			want = 4
		}
		if parts != want {
			t.Errorf("%s: String() = %q has %d parts, want %d", tt.in, a, parts, want)
		}
	}
}

func TestClassString(t *testing.T) {
	want := map[Class]string{
		ClassIPv4Compatible: "ipv4-compatible",
		ClassUnicast:        "unicast",
		ClassRINE:           "rine",
		ClassInternalZone:   "internal-zone",
		ClassInteropDMZ:     "interop-dmz",
		ClassMulticast:      "multicast",
		ClassBroadcast:      "broadcast",
		ClassReserved:       "reserved",
		0:                   "Class(0)",
		99:                  "Class(99)",
	}
	for c, w := range want {
		if c.String() != w {
			t.Errorf("Class(%d).String() = %q, want %q", int(c), c.String(), w)
		}
	}
}

func TestHostPredicates(t *testing.T) {
	type preds struct{ loop, ll, mc, bc, priv, interior, unspec bool }
	tests := []struct {
		host string
		want preds
	}{
		{"127.0.0.1", preds{loop: true}},
		{"127.255.255.255", preds{loop: true}},
		{"126.255.255.255", preds{}},
		{"128.0.0.0", preds{}},
		{"169.254.0.1", preds{ll: true}},
		{"169.254.255.255", preds{ll: true}},
		{"169.253.255.255", preds{}},
		{"169.255.0.0", preds{}},
		{"224.0.0.1", preds{mc: true}},
		{"239.255.255.255", preds{mc: true}},
		{"223.255.255.255", preds{}},
		{"240.0.0.0", preds{}},
		{"255.255.255.255", preds{bc: true}},
		{"255.255.255.254", preds{}},
		{"10.0.0.0", preds{priv: true}},
		{"10.255.255.255", preds{priv: true}},
		{"9.255.255.255", preds{}},
		{"11.0.0.0", preds{}},
		{"172.16.0.0", preds{priv: true}},
		{"172.31.255.255", preds{priv: true}},
		{"172.15.255.255", preds{}},
		{"172.32.0.0", preds{}},
		{"192.168.0.0", preds{priv: true}},
		{"192.168.255.255", preds{priv: true}},
		{"192.167.255.255", preds{}},
		{"192.169.0.0", preds{}},
		{"222.0.0.0", preds{interior: true}},
		{"222.255.255.255", preds{interior: true}},
		{"221.255.255.255", preds{}},
		{"223.0.0.0", preds{}},
		{"0.0.0.0", preds{unspec: true}},
		{"8.8.8.8", preds{}},
	}
	for _, asn := range []string{"", "65001.", "127.0.0.1."} {
		for _, tt := range tests {
			in := asn + tt.host
			if asn == "127.0.0.1." {
				in = "127.0.0.1." + tt.host
			}
			a := MustParseAddr(in)
			got := preds{a.IsLoopbackHost(), a.IsLinkLocalHost(), a.IsMulticastHost(), a.IsBroadcastHost(),
				a.IsPrivateHost(), a.IsInteriorLinkHost(), a.IsUnspecifiedHost()}
			if got != tt.want {
				t.Errorf("%s: got %+v, want %+v", in, got, tt.want)
			}
		}
	}
}

func TestAddrMisc(t *testing.T) {
	a := MustParseAddr("0.0.253.233.10.0.0.1")
	if got, want := a.As8(), [8]byte{0, 0, 253, 233, 10, 0, 0, 1}; got != want {
		t.Errorf("As8() = %v, want %v", got, want)
	}
	if AddrFrom8(a.As8()) != a {
		t.Error("AddrFrom8(As8()) changed the address")
	}
	if a.Uint64() != 0x0000fde90a000001 || AddrFromUint64(a.Uint64()) != a {
		t.Errorf("Uint64() = %#x", a.Uint64())
	}
	if a.StringFull() != "0.0.253.233.10.0.0.1" {
		t.Errorf("StringFull() = %q", a.StringFull())
	}
	if !(Addr{}).IsUnspecified() || a.IsUnspecified() || MustParseAddr("1.0.0.0.0").IsUnspecified() {
		t.Error("IsUnspecified wrong")
	}
	if !MustParseAddr("10.0.0.1").IsIPv4Compatible() || a.IsIPv4Compatible() {
		t.Error("IsIPv4Compatible wrong")
	}
	if !Broadcast.IsBroadcast() || Broadcast.String() != "255.255.255.255.255.255.255.255" {
		t.Errorf("Broadcast = %v", Broadcast)
	}
	if !MustParseAddr("255.255.0.1.0.0.0.0").IsMulticast() || a.IsMulticast() {
		t.Error("IsMulticast wrong")
	}
	b := MustParseAddr("65001.10.0.0.2")
	c := MustParseAddr("65002.0.0.0.0")
	if a.Compare(b) != -1 || b.Compare(a) != 1 || a.Compare(a) != 0 || !b.Less(c) || c.Less(b) {
		t.Error("Compare/Less wrong")
	}
	if got := string(a.AppendTo([]byte("x="))); got != "x=65001.10.0.0.1" {
		t.Errorf("AppendTo = %q", got)
	}
}

func TestAddrJSON(t *testing.T) {
	type msg struct {
		A Addr   `json:"a"`
		P Prefix `json:"p"`
		D Prefix `json:"d"`
	}
	in := msg{MustParseAddr("65001.10.0.0.1"), MustParsePrefix("127.0.0.1.10.0.0.0/8"), DefaultPrefix()}
	out, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"a":"65001.10.0.0.1","p":"127.0.0.1.10.0.0.0/8","d":"default"}`
	if string(out) != want {
		t.Errorf("Marshal = %s, want %s", out, want)
	}
	var back msg
	if err := json.Unmarshal(out, &back); err != nil || back != in {
		t.Errorf("Unmarshal = %+v, %v", back, err)
	}
	if err := json.Unmarshal([]byte(`{"a":"1.2.3"}`), &back); err == nil {
		t.Error("Unmarshal of a bad address succeeded")
	}
	if err := json.Unmarshal([]byte(`{"a":""}`), &back); err == nil {
		t.Error("Unmarshal of an empty address succeeded")
	}
}

var sink string

func BenchmarkParseAddr(b *testing.B) {
	for _, in := range []string{"10.0.0.1", "65001.10.0.0.1", "0.0.253.233.10.0.0.1"} {
		b.Run(in, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ParseAddr(in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkString(b *testing.B) {
	for _, in := range []string{"10.0.0.1", "65001.10.0.0.1", "127.0.0.1.10.0.0.1"} {
		a := MustParseAddr(in)
		b.Run(in, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sink = a.String()
			}
		})
	}
}
