package whois8

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"os"
	"strings"
	"testing"
	"time"
)

const docRegistry = `% the documentation ASN of docs/protocol.md 12.2
aut-num:        AS65533
as-name:        IPV8-DOCUMENTATION
status:         active
route8:         65533.192.0.2.0/24
route8:         65533.198.51.100.0/24
dnskey:         257 3 15 l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=
8to4-endpoint:  203.0.113.1
changed:        2026-11-01T00:00:00Z
source:         IPV8-LAB

aut-num:	AS65002
as-name: EXAMPLE
status: inactive
changed: 2026-11-02T00:00:00Z
source: IPV8-LAB
`

type vector struct {
	Name, Query, Response string
}

func loadVectors(t *testing.T) []vector {
	t.Helper()
	b, err := os.ReadFile("../../docs/test-vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct{ Whois8 []vector }
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Whois8) == 0 {
		t.Fatal("no whois8 vectors")
	}
	return f.Whois8
}

func TestVectors(t *testing.T) {
	reg, err := ParseRegistry([]byte(docRegistry))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range loadVectors(t) {
		t.Run(v.Name, func(t *testing.T) {
			got := string(reg.Answer(strings.TrimSuffix(v.Query, "\r\n")))
			if got != v.Response {
				t.Errorf("answer\n%q\nwant\n%q", got, v.Response)
			}
		})
	}
}

func TestParseQuery(t *testing.T) {
	tests := []struct {
		in   string
		kind QueryKind
		asn  uint32
		err  bool
	}{
		{"AS65001", QueryASN, 65001, false},
		{"as65001", QueryASN, 65001, false},
		{"As4294967295", QueryASN, 4294967295, false},
		{"AS4294967296", 0, 0, true},
		{"AS065001", 0, 0, true},
		{"AS", 0, 0, true},
		{"65001.10.0.0.1", QueryAddr, 65001, false},
		{"0.0.253.233.10.0.0.1", QueryAddr, 65001, false},
		{"10.0.0.1", QueryAddr, 0, false},
		{"65002.10.1.0.0/16", QueryPrefix, 65002, false},
		{"65002.10.1.0.0/33", 0, 0, true},
		{"default", QueryPrefix, 0, false},
		{"", 0, 0, true},
		{"AS1 AS2", 0, 0, true},
		{"example.net", 0, 0, true},
		{strings.Repeat("1", 256), 0, 0, true},
	}
	for _, tt := range tests {
		q, err := ParseQuery(tt.in)
		if (err != nil) != tt.err {
			t.Errorf("ParseQuery(%q) error %v, want error %v", tt.in, err, tt.err)
			continue
		}
		if err != nil {
			if !errors.Is(err, ErrInvalidQuery) {
				t.Errorf("ParseQuery(%q) error %v is not ErrInvalidQuery", tt.in, err)
			}
			continue
		}
		if q.Kind != tt.kind || q.ASN != tt.asn {
			t.Errorf("ParseQuery(%q) = %+v, want kind %d asn %d", tt.in, q, tt.kind, tt.asn)
		}
	}
}

func TestRegistryErrors(t *testing.T) {
	base := "aut-num: AS1\nas-name: A\nstatus: active\nchanged: 2026-11-01T00:00:00Z\nsource: X\n"
	tests := []struct{ name, text, want string }{
		{"unknown key", base + "colour: blue\n", `line 6: unknown key "colour"`},
		{"twice", base + "status: active\n", `line 6: "status" given twice`},
		{"no aut-num", "as-name: A\n", `line 1: object starts with "as-name"`},
		{"bad status", strings.Replace(base, "active", "on", 1), `status "on"`},
		{"missing", "aut-num: AS1\nas-name: A\n", `has no "status"`},
		{"bad route", base + "route8: 1.2.3.4/40\n", "line 6: invalid prefix"},
		{"bad dnskey", base + "dnskey: 257 2 13 AAAA\n", "protocol"},
		{"bad time", strings.Replace(base, "2026-11-01T00:00:00Z", "yesterday", 1), "RFC 3339"},
		{"duplicate", base + "\n" + base, "AS1 appears twice"},
		{"no colon", base + "junk\n", "line 6: not a"},
		{"tunnel v6", base + "8to4-endpoint: ::1\n", "not an IPv4"},
	}
	for _, tt := range tests {
		_, err := ParseRegistry([]byte(tt.text))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.want)
		}
	}
}

func TestParseAnswer(t *testing.T) {
	reg, err := ParseRegistry([]byte(docRegistry))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := ParseAnswer(reg.Answer("AS65533"))
	if err != nil || len(recs) != 1 {
		t.Fatalf("ParseAnswer: %v %v", recs, err)
	}
	if got, want := string(recs[0].Format()), string(reg.Answer("AS65533")); got != want {
		t.Errorf("round trip\n%q\nwant\n%q", got, want)
	}
	for _, tt := range []struct {
		in   string
		want error
	}{
		{"%ERROR:101: no entries found\r\n", ErrNotFound},
		{"%ERROR:102: invalid query\r\n", ErrInvalidQuery},
		{"%ERROR:201: access denied\r\n", ErrMalformed},
		{"", ErrMalformed},
		{"<html>", ErrMalformed},
		{"aut-num: AS1\r\n", ErrMalformed},
	} {
		if _, err := ParseAnswer([]byte(tt.in)); !errors.Is(err, tt.want) {
			t.Errorf("ParseAnswer(%q) = %v, want %v", tt.in, err, tt.want)
		}
	}
	// Unknown keys and comments are skipped by clients.
	recs, err = ParseAnswer([]byte("% hello\naut-num: AS7\nas-name: A\nremarks: x\nstatus: active\nchanged: 2026-11-01T00:00:00Z\nsource: S\n\n"))
	if err != nil || recs[0].ASN != 7 {
		t.Errorf("lenient parse: %v %v", recs, err)
	}
}

func TestClientServer(t *testing.T) {
	reg, err := ParseRegistry([]byte(docRegistry))
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	srv := NewServer(reg)
	go func() { done <- srv.Serve(ctx, l) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()
	c := &Client{Timeout: 2 * time.Second}
	addr := l.Addr().String()

	r, err := c.ASN(ctx, addr, 65533)
	if err != nil || r.ASName != "IPV8-DOCUMENTATION" || len(r.DNSKeys) != 1 {
		t.Fatalf("ASN: %+v %v", r, err)
	}
	if _, err := c.Query(ctx, addr, "AS64511"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown ASN: %v", err)
	}
	if _, err := c.Query(ctx, addr, "what?"); !errors.Is(err, ErrInvalidQuery) {
		t.Errorf("bad query: %v", err)
	}
	recs, err := c.Query(ctx, addr, "65533.198.51.100.7")
	if err != nil || recs[0].ASN != 65533 {
		t.Errorf("address query: %v %v", recs, err)
	}
	// A raw over-long line gets 102, not a hang.
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	conn.Write([]byte(strings.Repeat("A", 400) + "\r\n"))
	buf := make([]byte, 100)
	n, _ := conn.Read(buf)
	conn.Close()
	if got := string(buf[:n]); got != "%ERROR:102: invalid query\r\n" {
		t.Errorf("long line answer %q", got)
	}

	// A closed port is ErrUnreachable.
	l2, _ := net.Listen("tcp", "127.0.0.1:0")
	dead := l2.Addr().String()
	l2.Close()
	if _, err := c.Query(ctx, dead, "AS1"); !errors.Is(err, ErrUnreachable) {
		t.Errorf("dead server: %v", err)
	}
}

func TestHostPort(t *testing.T) {
	for in, want := range map[string]string{"127.0.0.1": "127.0.0.1:43", "127.0.0.1:4343": "127.0.0.1:4343", "whois.example": "whois.example:43"} {
		if got := HostPort(in); got != want {
			t.Errorf("HostPort(%q) = %q, want %q", in, got, want)
		}
	}
}
