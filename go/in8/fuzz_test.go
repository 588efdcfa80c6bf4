package in8

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

// refParseAddr is a slow, obviously-correct parser built on strconv, to
// check the fast one against.
func refParseAddr(s string) (Addr, bool) {
	parts := strings.Split(s, ".")
	if len(parts) != 4 && len(parts) != 5 && len(parts) != 8 {
		return Addr{}, false
	}
	var v []uint64
	for i, p := range parts {
		if p == "" || (len(p) > 1 && p[0] == '0') || strings.ContainsAny(p, "+-_") {
			return Addr{}, false
		}
		bits := 8
		if len(parts) == 5 && i == 0 {
			bits = 32
		}
		x, err := strconv.ParseUint(p, 10, bits)
		if err != nil {
			return Addr{}, false
		}
		v = append(v, x)
	}
	quad := func(o []uint64) uint32 { return uint32(o[0]<<24 | o[1]<<16 | o[2]<<8 | o[3]) }
	switch len(v) {
	case 4:
		return AddrFrom(0, quad(v)), true
	case 5:
		return AddrFrom(uint32(v[0]), quad(v[1:])), true
	}
	return AddrFrom(quad(v[:4]), quad(v[4:])), true
}

var addrSeeds = []string{
	"10.0.0.1", "65001.10.0.0.1", "0.0.253.233.10.0.0.1", "0.0.0.0",
	"4294967295.255.255.255.255", "4294967296.1.2.3.4", "65001.300.0.0.1",
	"65001.10.0.01", "1.2.3", "127.127.0.0.1.2.3.4", "100.1.2.3.4.5.6.7",
	"255.255.255.255.255.255.255.255", "255.255.240.0.0.0.0.1", "-1.2.3.4",
	" 1.2.3.4", "1.2.3.٤", "1..2.3", "", ".", "1.2.3.4.5.6.7.8.9",
}

func FuzzParseAddr(f *testing.F) {
	for _, s := range addrSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseAddr(s)
		ref, refOK := refParseAddr(s)
		if (err == nil) != refOK {
			t.Fatalf("ParseAddr(%q) err = %v, reference ok = %v", s, err, refOK)
		}
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Kind != "address" || pe.Input != s || pe.Reason == "" {
				t.Fatalf("ParseAddr(%q) error %#v", s, err)
			}
			if pe.Part != "" && !strings.Contains(pe.Reason, strconv.Quote(pe.Part)) {
				t.Fatalf("reason %q does not name part %q", pe.Reason, pe.Part)
			}
			return
		}
		if a != ref {
			t.Fatalf("ParseAddr(%q) = %#v, reference %#v", s, a, ref)
		}
		for _, text := range []string{a.String(), a.StringFull()} {
			b, err := ParseAddr(text)
			if err != nil || b != a {
				t.Fatalf("%q -> %q -> %v, %v", s, text, b, err)
			}
		}
		// The canonical text is a fixed point.
		if a.String() != MustParseAddr(a.String()).String() {
			t.Fatalf("canonical text of %q not stable", s)
		}
		if AddrFrom8(a.As8()) != a || AddrFromUint64(a.Uint64()) != a {
			t.Fatalf("byte round trip of %v failed", a)
		}
		var u Addr
		if txt, _ := a.MarshalText(); u.UnmarshalText(txt) != nil || u != a {
			t.Fatalf("text round trip of %v failed", a)
		}
	})
}

func FuzzParsePrefix(f *testing.F) {
	for _, s := range addrSeeds {
		f.Add(s + "/24")
	}
	for _, s := range []string{
		"default", "65002.10.1.0.0/16", "65002.0.0.0.0/0", "65001.10.0.0.0/33",
		"65001.10.0.0.1/08", "10.0.0.0/8", "1.2.3.4/", "/", "/32", "1.2.3.4/32/",
		"127.0.0.1.10.0.0.0/8", "65001.10.0.0.0", "Default",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePrefix(s)
		ip, ierr := ParseInterfacePrefix(s)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Kind != "prefix" || pe.Input != s || pe.Reason == "" {
				t.Fatalf("ParsePrefix(%q) error %#v", s, err)
			}
		} else {
			if !p.IsValid() {
				t.Fatalf("ParsePrefix(%q) gave an invalid Prefix", s)
			}
			q, err := ParsePrefix(p.String())
			if err != nil || q != p {
				t.Fatalf("%q -> %q -> %v, %v", s, p.String(), q, err)
			}
			if !p.IsDefault() {
				full := p.Addr().StringFull() + "/" + strconv.Itoa(p.Bits())
				if q, err := ParsePrefix(full); err != nil || q != p {
					t.Fatalf("%q -> %q -> %v, %v", s, full, q, err)
				}
				// A prefix contains its own address and its network.
				if !p.Contains(p.Addr()) || !p.Contains(p.Masked().Addr()) || p.Masked().Masked() != p.Masked() {
					t.Fatalf("%v: containment of own address failed", p)
				}
				if ierr != nil || ip != p {
					t.Fatalf("ParseInterfacePrefix(%q) = %v, %v; ParsePrefix gave %v", s, ip, ierr, p)
				}
			}
			var u Prefix
			if txt, _ := p.MarshalText(); u.UnmarshalText(txt) != nil || u != p {
				t.Fatalf("text round trip of %v failed", p)
			}
		}
		if ierr == nil {
			if !ip.IsValid() || ip.IsDefault() {
				t.Fatalf("ParseInterfacePrefix(%q) = %+v", s, ip)
			}
			if !strings.Contains(s, "/") && ip.Bits() != 32 {
				t.Fatalf("ParseInterfacePrefix(%q) bits %d, want 32", s, ip.Bits())
			}
		}
	})
}
