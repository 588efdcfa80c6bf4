package whois8

import (
	"strings"
	"testing"
)

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"AS65001", "as0", "65001.10.0.0.1", "10.0.0.1", "65002.10.1.0.0/16", "default", "", "AS-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseQuery(s)
		if err != nil {
			return
		}
		if len(s) > MaxQueryLen {
			t.Fatalf("accepted a %d-octet query", len(s))
		}
		switch q.Kind {
		case QueryAddr:
			if q.Addr.ASN() != q.ASN {
				t.Fatalf("%q: ASN %d, address %v", s, q.ASN, q.Addr)
			}
		case QueryPrefix:
			if !q.Prefix.IsValid() {
				t.Fatalf("%q: invalid prefix accepted", s)
			}
		case QueryASN:
		default:
			t.Fatalf("%q: kind %d", s, q.Kind)
		}
	})
}

// FuzzParseRegistry checks that whatever the registry parser accepts
// formats into an answer the client parser reads back identically.
func FuzzParseRegistry(f *testing.F) {
	f.Add(docRegistry)
	f.Add("aut-num: AS1\nas-name: A\nstatus: active\nchanged: 2026-11-01T00:00:00Z\nsource: X\n")
	f.Fuzz(func(t *testing.T, s string) {
		reg, err := ParseRegistry([]byte(s))
		if err != nil {
			return
		}
		for _, r := range reg.Records() {
			b := r.Format()
			if r.ASN == 0 {
				continue
			}
			recs, err := ParseAnswer(b)
			if err != nil {
				t.Fatalf("formatted record does not parse: %v\n%s", err, b)
			}
			if got := string(recs[0].Format()); got != string(b) {
				t.Fatalf("round trip\n%q\n%q", got, b)
			}
		}
	})
}

func FuzzParseAnswer(f *testing.F) {
	f.Add([]byte("%ERROR:101: no entries found\r\n"))
	f.Add([]byte(strings.ReplaceAll(docRegistry, "\n", "\r\n")))
	f.Add([]byte("aut-num: AS7\nas-name: A\nstatus: active\nchanged: 2026-11-01T00:00:00Z\nsource: S\n\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		recs, err := ParseAnswer(b)
		if err == nil && len(recs) == 0 {
			t.Fatal("no records and no error")
		}
	})
}
