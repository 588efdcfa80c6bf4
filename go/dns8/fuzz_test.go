package dns8

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ipv8/ipv8/go/in8"
	"github.com/miekg/dns"
)

// FuzzA8Text: whatever the A8 presentation parser accepts prints back in
// canonical text that parses to the same address.
func FuzzA8Text(f *testing.F) {
	for _, s := range []string{"65533.192.0.2.1", "0.0.253.233.10.0.0.1", "10.0.0.1", `\# 8 0000fffdc0000201`, `\# 9 00`, "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rr, err := dns.NewRR("h. 60 IN A8 " + s)
		if err != nil || rr == nil {
			return
		}
		a, ok := A8Addr(rr)
		if !ok {
			t.Fatalf("%q: not an A8: %T", s, rr)
		}
		back, err := in8.ParseAddr(rr.(*dns.PrivateRR).Data.String())
		if err != nil || back != a {
			t.Fatalf("%q: canonical text does not round-trip: %v", s, err)
		}
	})
}

// FuzzParseResponse: the wire parser never panics, and an A8 it returns
// packs back to 8 octets.
func FuzzParseResponse(f *testing.F) {
	f.Add(mustPackMsg(f, answerMsg(f, "h.example.", NewA8("h.example.", 60, in8.MustParseAddr("65002.10.0.0.1")))))
	s, _ := newTestServer(f, time.Now())
	b, _ := s.Answer(query("www.example.net.", TypeA8, true), true).Pack()
	f.Add(b)
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := ParseResponse(b, "www.example.net.", TypeA8)
		if err != nil {
			return
		}
		for _, rr := range a.RRs {
			if _, ok := A8Addr(rr); !ok {
				t.Fatalf("non-A8 in answer: %v", rr)
			}
		}
	})
}

// FuzzValidate: validation of whatever a message holds never panics and
// never calls a forged set secure.
func FuzzValidate(f *testing.F) {
	s, k := newTestServer(f, time.Now())
	b, _ := s.Answer(query("www.example.net.", TypeA8, true), true).Pack()
	f.Add(b)
	keys := staticKeys{65002: {k.RdataString()}}
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := ParseResponse(b, "www.example.net.", TypeA8)
		if err != nil {
			return
		}
		Validate(context.Background(), a.RRs, a.Sigs, keys, time.Now())
	})
}

// FuzzServerQuery: any query packet gets an answer or none, never a panic.
func FuzzServerQuery(f *testing.F) {
	s, _ := newTestServer(f, time.Now())
	for _, q := range []*dns.Msg{query("www.example.net.", TypeA8, true), query("x.example.net.", dns.TypeANY, false)} {
		b, _ := q.Pack()
		f.Add(b, false)
	}
	f.Fuzz(func(t *testing.T, b []byte, stream bool) {
		q := new(dns.Msg)
		if q.Unpack(b) != nil {
			return
		}
		if m := s.Answer(q, stream); m != nil {
			if _, err := m.Pack(); err != nil {
				t.Fatalf("answer does not pack: %v\n%v", err, m)
			}
		}
	})
}

func FuzzParseZone(f *testing.F) {
	f.Add(testZone)
	f.Add("@ SOA a. b. 1 2 3 4 5\nwww TYPE65280 \\# 8 0000fdea0a000002\n")
	f.Fuzz(func(t *testing.T, s string) {
		z, err := ParseZone(strings.NewReader(s), "example.net.", "fuzz")
		if err != nil {
			return
		}
		for _, n := range z.Names() {
			for _, rr := range z.RRset(n, TypeA8) {
				buf := make([]byte, 512)
				if _, err := dns.PackRR(rr, buf, 0, nil, false); err != nil {
					t.Fatalf("A8 from zone does not pack: %v", err)
				}
			}
		}
	})
}

func FuzzParsePrivate(f *testing.F) {
	k, _ := GenerateKey(AlgEd25519, 65002)
	f.Add(string(k.MarshalPrivate()))
	k, _ = GenerateKey(AlgECDSAP256, 65002)
	f.Add(string(k.MarshalPrivate()))
	f.Fuzz(func(t *testing.T, s string) {
		k, err := ParsePrivate([]byte(s))
		if err != nil {
			return
		}
		set := []dns.RR{NewA8("h.", 60, in8.AddrFrom(k.ASN, 1))}
		if _, err := Sign(set, k, ".", time.Now(), time.Now().Add(time.Hour)); err != nil {
			t.Fatalf("parsed key does not sign: %v", err)
		}
	})
}

func FuzzDNSKEYRdata(f *testing.F) {
	f.Add("257 3 15 l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=")
	f.Add("257 3 13 AAAA")
	f.Fuzz(func(t *testing.T, s string) {
		if strings.ContainsAny(s, "\n;()") {
			return // one RDATA, not several records
		}
		ParseDNSKEYRdata(s)
	})
}
