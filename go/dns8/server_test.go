package dns8

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/ipv8/ipv8/go/in8"
	"github.com/miekg/dns"
)

const testZone = `$TTL 300
@       IN SOA ns1 hostmaster 1 3600 600 86400 60
@       IN NS  ns1
ns1     IN A   127.0.0.1
www     IN A8  65002.10.0.0.1
www     IN TYPE65280 \# 8 0000fdea0a000002
www     IN A   192.0.2.1
v4only  IN A   192.0.2.2
mixed   IN A8  65002.10.0.0.1
mixed   IN A8  65003.10.0.0.1
nokey   IN A8  65009.10.0.0.1
alias   IN CNAME www
a.b.deep IN TXT "x"
`

func newTestServer(t testing.TB, now time.Time) (*Server, *Key) {
	t.Helper()
	z, err := ParseZone(strings.NewReader(testZone), "example.net", "test.zone")
	if err != nil {
		t.Fatal(err)
	}
	k, err := GenerateKey(AlgECDSAP256, 65002)
	if err != nil {
		t.Fatal(err)
	}
	s := NewServer(map[uint32]*Key{65002: k})
	var warns []string
	s.Warn = func(w string) { warns = append(warns, w) }
	if err := s.Load([]*Zone{z}, now); err != nil {
		t.Fatal(err)
	}
	if len(warns) != 2 {
		t.Errorf("warnings %q, want mixed and nokey", warns)
	}
	return s, k
}

func query(name string, t uint16, do bool) *dns.Msg {
	q := new(dns.Msg)
	q.SetQuestion(name, t)
	if do {
		q.SetEdns0(4096, true)
	}
	return q
}

func TestServerAnswer(t *testing.T) {
	s, _ := newTestServer(t, time.Now())
	tests := []struct {
		name   string
		q      *dns.Msg
		rcode  int
		nans   int
		nsigs  int
		authNS bool
	}{
		{"a8", query("www.example.net.", TypeA8, false), dns.RcodeSuccess, 2, 0, false},
		{"a8 do", query("WWW.Example.NET.", TypeA8, true), dns.RcodeSuccess, 3, 1, false},
		{"a", query("www.example.net.", dns.TypeA, true), dns.RcodeSuccess, 1, 0, false},
		{"nodata", query("v4only.example.net.", TypeA8, true), dns.RcodeSuccess, 0, 0, true},
		{"empty non-terminal", query("b.deep.example.net.", TypeA8, false), dns.RcodeSuccess, 0, 0, true},
		{"nxdomain", query("nope.example.net.", TypeA8, false), dns.RcodeNameError, 0, 0, true},
		{"refused", query("example.org.", TypeA8, false), dns.RcodeRefused, 0, 0, false},
		{"unsigned mixed", query("mixed.example.net.", TypeA8, true), dns.RcodeSuccess, 2, 0, false},
		{"dnskey", query("example.net.", dns.TypeDNSKEY, true), dns.RcodeSuccess, 2, 1, false},
		{"cname", query("alias.example.net.", TypeA8, false), dns.RcodeSuccess, 1, 0, false},
	}
	for _, tt := range tests {
		m := s.Answer(tt.q, false)
		if m.Rcode != tt.rcode || len(m.Answer) != tt.nans || (len(m.Ns) > 0) != tt.authNS {
			t.Errorf("%s: rcode %d answers %d ns %d\n%v", tt.name, m.Rcode, len(m.Answer), len(m.Ns), m)
			continue
		}
		n := 0
		for _, rr := range m.Answer {
			if rr.Header().Rrtype == dns.TypeRRSIG {
				n++
			}
		}
		if n != tt.nsigs {
			t.Errorf("%s: %d RRSIGs, want %d", tt.name, n, tt.nsigs)
		}
		if tt.rcode != dns.RcodeRefused && !m.Authoritative {
			t.Errorf("%s: AA not set", tt.name)
		}
	}
	// Two questions: FORMERR; a non-QUERY opcode: NOTIMP.
	q := query("www.example.net.", TypeA8, false)
	q.Question = append(q.Question, q.Question[0])
	if m := s.Answer(q, false); m.Rcode != dns.RcodeFormatError {
		t.Errorf("two questions: rcode %d", m.Rcode)
	}
	q = query("www.example.net.", TypeA8, false)
	q.Opcode = dns.OpcodeNotify
	if m := s.Answer(q, false); m.Rcode != dns.RcodeNotImplemented {
		t.Errorf("notify: rcode %d", m.Rcode)
	}
}

// TestServerTruncation: a big RRset over UDP without EDNS sets TC, and the
// client's TCP retry gets it whole.
func TestServerTruncation(t *testing.T) {
	var b strings.Builder
	b.WriteString("@ SOA a. b. 1 2 3 4 5\n")
	for i := range 60 {
		fmt.Fprintf(&b, "big A8 65002.10.0.%d.1\n", i)
	}
	z, err := ParseZone(strings.NewReader(b.String()), "example.net.", "big")
	if err != nil {
		t.Fatal(err)
	}
	k, _ := GenerateKey(AlgEd25519, 65002)
	s := NewServer(map[uint32]*Key{65002: k})
	if err := s.Load([]*Zone{z}, time.Now()); err != nil {
		t.Fatal(err)
	}
	if m := s.Answer(query("big.example.net.", TypeA8, false), false); !m.Truncated {
		t.Error("60 A8 in 512 octets without TC")
	}
	addr, stop := serve(t, s)
	defer stop()
	c := &Client{Timeout: 2 * time.Second}
	m, err := c.Exchange(context.Background(), addr, "big.example.net", TypeA8)
	if err != nil {
		t.Fatal(err)
	}
	a, err := Extract(m, "big.example.net", TypeA8)
	if err != nil || len(a.RRs) != 60 || len(a.Sigs) != 1 {
		t.Errorf("TCP retry: %d RRs %d sigs %v", len(a.RRs), len(a.Sigs), err)
	}
}

// serve runs s on UDP and TCP on the same 127.0.0.1 port.
func serve(t testing.TB, s *Server) (string, func()) {
	t.Helper()
	for range 20 {
		pc, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		l, err := net.Listen("tcp", pc.LocalAddr().String())
		if err != nil {
			pc.Close()
			continue
		}
		u := &dns.Server{PacketConn: pc, Handler: s}
		tc := &dns.Server{Listener: l, Handler: s}
		go u.ActivateAndServe()
		go tc.ActivateAndServe()
		return pc.LocalAddr().String(), func() { u.Shutdown(); tc.Shutdown() }
	}
	t.Fatal("no free port pair")
	return "", nil
}

func TestClientErrors(t *testing.T) {
	ctx := context.Background()
	// Nobody listening on a UDP port: refused or timeout, ErrNetwork.
	pc, _ := net.ListenPacket("udp", "127.0.0.1:0")
	addr := pc.LocalAddr().String()
	pc.Close()
	c := &Client{Timeout: 300 * time.Millisecond}
	if _, err := c.Exchange(ctx, addr, "x.", TypeA8); !errors.Is(err, ErrNetwork) {
		t.Errorf("dead server: %v", err)
	}
	// A server that answers garbage over TCP: ErrMalformed.
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	defer l.Close()
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			conn.Write([]byte{0, 5, 1, 2, 3, 4, 5})
			conn.Close()
		}
	}()
	c.Network = "udp"
	tc := &Client{Network: "tcp", Timeout: time.Second}
	if _, err := tc.Exchange(ctx, l.Addr().String(), "x.", TypeA8); !errors.Is(err, ErrMalformed) {
		t.Errorf("garbage: %v", err)
	}
	// NXDOMAIN / SERVFAIL via Extract.
	m := new(dns.Msg)
	m.SetQuestion("x.", TypeA8)
	m.Rcode = dns.RcodeNameError
	if _, err := Extract(m, "x.", TypeA8); !errors.Is(err, ErrNotFound) {
		t.Errorf("nxdomain: %v", err)
	}
	m.Rcode = dns.RcodeServerFailure
	if _, err := Extract(m, "x.", TypeA8); !errors.Is(err, ErrServer) {
		t.Errorf("servfail: %v", err)
	}
	// A message cut short is malformed.
	good := mustPackMsg(t, answerMsg(t, "h.example.", NewA8("h.example.", 60, in8.MustParseAddr("65002.10.0.0.1"))))
	for n := range len(good) {
		if _, err := ParseResponse(good[:n], "h.example.", TypeA8); !errors.Is(err, ErrMalformed) {
			t.Errorf("cut at %d: %v", n, err)
		}
	}
}

func TestZoneErrors(t *testing.T) {
	for _, tt := range []struct{ text, want string }{
		{"www A8 65002.10.0.0.1\n", "no SOA"},
		{"@ SOA a. b. 1 2 3 4 5\nwww.example.org. A 1.2.3.4\n", "outside the zone"},
		{"@ SOA a. b. 1 2 3 4 5\nwww RRSIG A 13 2 300 20260101000000 20250101000000 1 example.net. AAAA\n", "made by the server"},
		{"@ SOA a. b. 1 2 3 4 5\nwww CNAME x\nwww A 1.2.3.4\n", "CNAME and other data"},
		{"@ SOA a. b. 1 2 3 4 5\nwww A8 65002.10.0.0.300\n", "above 255"},
		{"@ SOA a. b. 1 2 3 4 5\n$INCLUDE /etc/passwd\n", "include"},
	} {
		_, err := ParseZone(strings.NewReader(tt.text), "example.net.", "t")
		if err == nil || !strings.Contains(strings.ToLower(err.Error()), strings.ToLower(tt.want)) {
			t.Errorf("%q: %v, want %q", tt.text, err, tt.want)
		}
	}
}
