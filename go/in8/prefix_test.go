package in8

import (
	"errors"
	"strconv"
	"testing"
)

func TestParsePrefixValid(t *testing.T) {
	tests := []struct {
		in     string
		addr   string
		bits   int
		str    string // String()
		masked string // Masked().String()
	}{
		{"65002.10.1.0.0/16", "65002.10.1.0.0", 16, "65002.10.1.0.0/16", "65002.10.1.0.0/16"},
		{"65002.0.0.0.0/0", "65002.0.0.0.0", 0, "65002.0.0.0.0/0", "65002.0.0.0.0/0"},
		{"65001.10.0.0.1/24", "65001.10.0.0.1", 24, "65001.10.0.0.1/24", "65001.10.0.0.0/24"},
		{"65001.10.0.0.1/32", "65001.10.0.0.1", 32, "65001.10.0.0.1/32", "65001.10.0.0.1/32"},
		{"65001.255.255.255.255/1", "65001.255.255.255.255", 1, "65001.255.255.255.255/1", "65001.128.0.0.0/1"},
		{"65001.255.255.255.255/31", "65001.255.255.255.255", 31, "65001.255.255.255.255/31", "65001.255.255.255.254/31"},
		{"65001.255.255.255.255/0", "65001.255.255.255.255", 0, "65001.255.255.255.255/0", "65001.0.0.0.0/0"},
		{"0.0.253.233.10.1.0.0/16", "65001.10.1.0.0", 16, "65001.10.1.0.0/16", "65001.10.1.0.0/16"},
		{"10.0.0.0/8", "10.0.0.0", 8, "10.0.0.0/8", "10.0.0.0/8"},
		{"0.0.0.0/0", "0.0.0.0", 0, "0.0.0.0/0", "0.0.0.0/0"},
		{"127.0.0.1.10.0.0.0/8", "127.0.0.1.10.0.0.0", 8, "127.0.0.1.10.0.0.0/8", "127.0.0.1.10.0.0.0/8"},
		{"2130706433.10.0.0.0/8", "127.0.0.1.10.0.0.0", 8, "127.0.0.1.10.0.0.0/8", "127.0.0.1.10.0.0.0/8"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p, err := ParsePrefix(tt.in)
			if err != nil {
				t.Fatalf("ParsePrefix: %v", err)
			}
			if !p.IsValid() || p.IsDefault() {
				t.Fatalf("IsValid %v IsDefault %v", p.IsValid(), p.IsDefault())
			}
			if p.Addr() != MustParseAddr(tt.addr) || p.Bits() != tt.bits {
				t.Errorf("got %v /%d, want %s /%d", p.Addr(), p.Bits(), tt.addr, tt.bits)
			}
			if p != PrefixFrom(MustParseAddr(tt.addr), tt.bits) {
				t.Error("not equal to PrefixFrom")
			}
			if p.String() != tt.str {
				t.Errorf("String() = %q, want %q", p, tt.str)
			}
			if m := p.Masked(); m.String() != tt.masked || m.Masked() != m {
				t.Errorf("Masked() = %q, want %q", m, tt.masked)
			}
			// ParseInterfacePrefix agrees when a length is given.
			if q, err := ParseInterfacePrefix(tt.in); err != nil || q != p {
				t.Errorf("ParseInterfacePrefix = %v, %v", q, err)
			}
		})
	}
}

func TestParsePrefixDefault(t *testing.T) {
	p, err := ParsePrefix("default")
	if err != nil {
		t.Fatal(err)
	}
	if !p.IsValid() || !p.IsDefault() || p != DefaultPrefix() || p.Bits() != 0 || p.String() != "default" {
		t.Errorf("default = %+v (%v)", p, p)
	}
	if p.Masked() != p {
		t.Error("Masked changed the default route")
	}
	// 0.0.0.0/0 is all of IPv4, not the default route.
	if v4 := MustParsePrefix("0.0.0.0/0"); v4 == p || v4.IsDefault() {
		t.Error("0.0.0.0/0 equals default")
	}
	if _, err := ParseInterfacePrefix("default"); err == nil {
		t.Error("ParseInterfacePrefix accepted default")
	}
	for _, bad := range []string{"Default", "default/0", " default", "DEFAULT"} {
		if _, err := ParsePrefix(bad); err == nil {
			t.Errorf("ParsePrefix(%q) succeeded", bad)
		}
	}
}

func TestParsePrefixInvalid(t *testing.T) {
	tests := []struct {
		in, part, reason string
	}{
		{"65001.10.0.0.0/33", "33", `length "33" is above 32`},
		{"65001.10.0.0.0/4294967296", "4294967296", `length "4294967296" is above 32`},
		{"65001.10.0.0.0/99999999999999999999", "99999999999999999999", `length "99999999999999999999" is above 32`},
		{"65001.10.0.0.0/08", "08", `length "08" has a leading zero`},
		{"65001.10.0.0.0/-1", "-1", `length "-1" is not a decimal number`},
		{"65001.10.0.0.0/+8", "+8", `length "+8" is not a decimal number`},
		{"65001.10.0.0.0/8 ", "8 ", `length "8 " is not a decimal number`},
		{"65001.10.0.0.0/8/8", "8/8", `length "8/8" is not a decimal number`},
		{"65001.10.0.0.0/", "", "length is empty"},
		{"65001.10.0.0.0", "", `missing "/LEN"`},
		{"", "", "empty input"},
		{"/8", "", "address is empty"},
		{"65001.300.0.0.1/24", "300", `octet "300" is above 255`},
		{"1.2.3/8", "", "want 4 (IPv4), 5 (ASN-dot) or 8 parts, got 3"},
		{"4294967296.0.0.0.0/0", "4294967296", `ASN "4294967296" is above 4294967295`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p, err := ParsePrefix(tt.in)
			if err == nil {
				t.Fatalf("ParsePrefix = %v, want error", p)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T is not *ParseError", err)
			}
			if pe.Kind != "prefix" || pe.Input != tt.in || pe.Part != tt.part || pe.Reason != tt.reason {
				t.Errorf("got %+v, want part %q reason %q", *pe, tt.part, tt.reason)
			}
			want := "invalid prefix " + strconv.Quote(tt.in) + ": " + tt.reason
			if err.Error() != want {
				t.Errorf("Error() = %q, want %q", err, want)
			}
		})
	}
}

func TestParseInterfacePrefix(t *testing.T) {
	tests := []struct {
		in   string
		want string // String(), or the error text
	}{
		{"65001.10.0.0.1", "65001.10.0.0.1/32"},
		{"65001.10.0.0.1/24", "65001.10.0.0.1/24"},
		{"0.0.253.233.10.0.0.1/0", "65001.10.0.0.1/0"},
		{"10.0.0.1", "10.0.0.1/32"},
		{"65001.300.0.0.1/24", `invalid prefix "65001.300.0.0.1/24": octet "300" is above 255`},
		{"65001.300.0.0.1", `invalid prefix "65001.300.0.0.1": octet "300" is above 255`},
		{"65001.10.0.0.1/33", `invalid prefix "65001.10.0.0.1/33": length "33" is above 32`},
		{"", `invalid prefix "": empty input`},
	}
	for _, tt := range tests {
		p, err := ParseInterfacePrefix(tt.in)
		got := p.String()
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("ParseInterfacePrefix(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestContains(t *testing.T) {
	tests := []struct {
		prefix string
		addr   string
		want   bool
	}{
		{"65002.10.1.0.0/16", "65002.10.1.2.3", true},
		{"65002.10.1.0.0/16", "65002.10.1.255.255", true},
		{"65002.10.1.0.0/16", "65002.10.2.0.0", false},
		{"65002.10.1.0.0/16", "65003.10.1.2.3", false}, // ASN must match exactly
		{"65002.10.1.0.0/16", "10.1.2.3", false},
		{"65002.10.1.9.9/16", "65002.10.1.2.3", true}, // host bits beyond /16 ignored
		{"65002.0.0.0.0/0", "65002.1.2.3.4", true},
		{"65002.0.0.0.0/0", "65002.255.255.255.255", true},
		{"65002.0.0.0.0/0", "65003.1.2.3.4", false},
		{"65002.0.0.0.0/0", "1.2.3.4", false},
		{"65002.10.0.0.1/32", "65002.10.0.0.1", true},
		{"65002.10.0.0.1/32", "65002.10.0.0.0", false},
		{"65002.10.0.0.0/31", "65002.10.0.0.1", true},
		{"65002.10.0.0.0/31", "65002.10.0.0.2", false},
		{"65002.128.0.0.0/1", "65002.255.0.0.0", true},
		{"65002.128.0.0.0/1", "65002.127.255.255.255", false},
		{"0.0.0.0/0", "1.2.3.4", true},
		{"0.0.0.0/0", "65001.1.2.3.4", false},
		{"default", "65001.1.2.3.4", true},
		{"default", "1.2.3.4", true},
		{"default", "255.255.255.255.255.255.255.255", true},
		{"127.0.0.1.0.0.0.0/0", "127.0.0.1.10.0.0.1", true},
		{"127.0.0.1.0.0.0.0/0", "127.0.0.2.10.0.0.1", false},
	}
	for _, tt := range tests {
		if got := MustParsePrefix(tt.prefix).Contains(MustParseAddr(tt.addr)); got != tt.want {
			t.Errorf("%s contains %s = %v, want %v", tt.prefix, tt.addr, got, tt.want)
		}
	}
}

func TestPrefixInvalidValue(t *testing.T) {
	a := MustParseAddr("65001.10.0.0.1")
	for _, p := range []Prefix{{}, PrefixFrom(a, -1), PrefixFrom(a, 33)} {
		if p.IsValid() || p.IsDefault() || p.Bits() != -1 || p.Contains(a) || p.String() != "invalid Prefix" || p.Masked() != p {
			t.Errorf("invalid prefix %+v misbehaves", p)
		}
		if b, err := p.MarshalText(); err != nil || len(b) != 0 {
			t.Errorf("MarshalText = %q, %v", b, err)
		}
	}
	var p Prefix
	if err := p.UnmarshalText(nil); err != nil || p.IsValid() {
		t.Errorf("UnmarshalText(nil) = %v, %v", p, err)
	}
	if err := p.UnmarshalText([]byte("65001.10.0.0.0/33")); err == nil {
		t.Error("UnmarshalText accepted /33")
	}
}

func TestMustParsePrefixPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("MustParsePrefix did not panic")
		}
	}()
	MustParsePrefix("65001.10.0.0.0")
}
