package dns8

import (
	"encoding/hex"
	"strings"
	"testing"

	"github.com/ipv8/ipv8/go/in8"
	"github.com/miekg/dns"
)

func TestA8Vector(t *testing.T) {
	v := a8Vectors(t)["a8-rr"]
	a := in8.MustParseAddr(v.Address)
	rr := NewA8(v.Owner, v.TTL, a)
	if got := strings.ReplaceAll(rr.String(), "\t", " "); got != v.Presentation {
		t.Errorf("String() = %q, want %q", got, v.Presentation)
	}
	if got := GenericRdata(a); got != strings.SplitN(v.GenericPresentation, "TYPE65280 ", 2)[1] {
		t.Errorf("GenericRdata = %q, want end of %q", got, v.GenericPresentation)
	}
	buf := make([]byte, 100)
	n, err := dns.PackRR(rr, buf, 0, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	if got := hex.EncodeToString(buf[:n]); got != v.Hex {
		t.Errorf("wire %s, want %s", got, v.Hex)
	}
	q := new(dns.Msg)
	q.SetQuestion(v.Owner, TypeA8)
	qw, _ := q.Pack()
	if got := hex.EncodeToString(qw[12:]); got != v.QuestionHex {
		t.Errorf("question %s, want %s", got, v.QuestionHex)
	}
	back, _, err := dns.UnpackRR(buf[:n], 0)
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := A8Addr(back); !ok || got != a {
		t.Errorf("unpacked %v %v", got, ok)
	}
	// Both presentation forms parse to the same record.
	for _, text := range []string{v.Presentation, v.GenericPresentation} {
		rr2, err := dns.NewRR(text)
		if err != nil {
			t.Fatalf("NewRR(%q): %v", text, err)
		}
		if got, ok := A8Addr(rr2); !ok || got != a {
			t.Errorf("NewRR(%q) address %v %v", text, got, ok)
		}
	}
}

func TestA8ParseErrors(t *testing.T) {
	for _, text := range []string{
		"h. 60 IN A8 65001.300.0.0.1",
		"h. 60 IN A8 65001.10.0.0.1 65001.10.0.0.2",
		"h. 60 IN A8",
		`h. 60 IN TYPE65280 \# 7 0000fffdc00002`,
		`h. 60 IN A8 \# 8 0000fffdc00002`,
	} {
		if rr, err := dns.NewRR(text); err == nil && rr != nil {
			t.Errorf("NewRR(%q) = %v, want error", text, rr)
		}
	}
	// miekg/dns reads only the 8 octets it needs from generic RDATA;
	// ParseZone catches the odd length.
	if _, err := ParseZone(strings.NewReader("@ SOA a. b. 1 2 3 4 5\nh 60 IN TYPE65280 \\# 9 0000fffdc000020101\n"), "example.", "t"); err == nil {
		t.Error("9-octet generic A8 accepted in a zone")
	}
	// Other input forms are accepted and print canonically.
	for in, want := range map[string]string{
		"0.0.253.232.10.0.0.1": "65000.10.0.0.1",
		"10.0.0.1":             "10.0.0.1",
		"127.0.0.1.10.0.0.1":   "127.0.0.1.10.0.0.1",
	} {
		rr, err := dns.NewRR("h. 60 IN A8 " + in)
		if err != nil {
			t.Fatal(err)
		}
		if got := rr.(*dns.PrivateRR).Data.String(); got != want {
			t.Errorf("A8 %s prints %s, want %s", in, got, want)
		}
	}
}

func TestA8BadRdlength(t *testing.T) {
	good := hex.EncodeToString(mustPackMsg(t, answerMsg(t, "h.example.", NewA8("h.example.", 60, in8.MustParseAddr("65002.10.0.0.1")))))
	// Header (12) + question (h.example. A8 IN = 15) + owner (11, not
	// compressed), type, class, ttl, then RDLENGTH at 12+15+11+8 octets.
	off := (12 + 15 + 11 + 8) * 2
	if good[off:off+4] != "0008" {
		t.Fatalf("RDLENGTH not where expected: %s", good)
	}
	for _, l := range []string{"0007", "0009", "0000"} {
		b, _ := hex.DecodeString(good[:off] + l + good[off+4:])
		if _, err := ParseResponse(b, "h.example.", TypeA8); err == nil {
			t.Errorf("RDLENGTH %s accepted", l)
		}
	}
	b, _ := hex.DecodeString(good)
	if a, err := ParseResponse(b, "h.example.", TypeA8); err != nil || len(a.RRs) != 1 {
		t.Errorf("good message: %v %v", a, err)
	}
}

func answerMsg(t testing.TB, name string, rrs ...dns.RR) *dns.Msg {
	t.Helper()
	q := new(dns.Msg)
	q.SetQuestion(name, TypeA8)
	m := new(dns.Msg)
	m.SetReply(q)
	m.Answer = rrs
	return m
}

func mustPackMsg(t testing.TB, m *dns.Msg) []byte {
	t.Helper()
	b, err := m.Pack()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestOrder(t *testing.T) {
	p := in8.MustParseAddr
	cands := []in8.Addr{p("65533.192.0.2.11"), p("65533.192.0.2.10"), p("65533.192.0.2.13"), p("65533.192.0.2.12")}
	tests := []struct {
		name     string
		local    in8.Addr
		hasLocal bool
		want     []in8.Addr
	}{
		{"even host", p("65533.192.0.2.20"), true, []in8.Addr{cands[1], cands[3], cands[0], cands[2]}},
		{"odd host", p("65533.192.0.2.21"), true, []in8.Addr{cands[0], cands[2], cands[1], cands[3]}},
		{"no address", in8.Addr{}, false, cands},
	}
	for _, tt := range tests {
		got := Order(cands, tt.local, tt.hasLocal)
		if len(got) != len(tt.want) {
			t.Fatalf("%s: %v", tt.name, got)
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
				break
			}
		}
	}
	// The section 11.2 example.
	got := Order([]in8.Addr{p("65533.192.0.2.11"), p("65533.192.0.2.10")}, p("65533.192.0.2.20"), true)
	if got[0] != p("65533.192.0.2.10") {
		t.Errorf("11.2 example: %v", got)
	}
}
