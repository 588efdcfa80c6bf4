package main

import (
	"net"
	"strings"
	"testing"
	"time"

	"github.com/ipv8/ipv8/go/dns8"
	"github.com/ipv8/ipv8/go/in8"
	"github.com/ipv8/ipv8/go/resolver8"
	"github.com/miekg/dns"
)

const testZone = `$TTL 300
@      SOA ns1 hostmaster 1 3600 600 86400 60
both   A8  65002.198.51.100.2
both   A   192.0.2.7
two    A8  65002.198.51.100.3
two    A8  65002.198.51.100.2
only4  A   192.0.2.7
only8  A8  65002.198.51.100.2
`

// startDNS serves testZone unsigned on 127.0.0.1 and returns host:port.
func startDNS(t *testing.T) string {
	t.Helper()
	z, err := dns8.ParseZone(strings.NewReader(testZone), "example.net", "test")
	if err != nil {
		t.Fatal(err)
	}
	srv := dns8.NewServer(nil)
	if err := srv.Load([]*dns8.Zone{z}, time.Now()); err != nil {
		t.Fatal(err)
	}
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	u := &dns.Server{PacketConn: pc, Handler: srv}
	go u.ActivateAndServe()
	t.Cleanup(func() { u.Shutdown() })
	return pc.LocalAddr().String()
}

// runHost runs ping8 where the hosts in up answer echo requests (from
// their own address) and the others never do; it returns the result and
// the destinations of every request sent, in order.
func runHost(t *testing.T, server string, up []string, args ...string) (result, []string) {
	t.Helper()
	var out, errb strings.Builder
	clk := &fakeClock{t: t0}
	var sent []string
	var last *fakeNet
	e := env{
		stdout: &out,
		stderr: &errb,
		open: func(cfg config, dst in8.Addr) (*session, error) {
			f := &fakeNet{clk: clk}
			answers := false
			for _, u := range up {
				answers = answers || in8.MustParseAddr(u) == dst
			}
			f.respond = func(_ int, req []byte, now time.Time) ([]arrival, error) {
				sent = append(sent, dst.String())
				if !answers {
					return nil, nil
				}
				if dst.IsIPv4Compatible() {
					return []arrival{{at: now.Add(time.Millisecond), pkt: pkt4(dst.String(), "192.0.2.1", 62, echoReply(req))}}, nil
				}
				return []arrival{{at: now.Add(time.Millisecond), pkt: pkt8(dst.String(), me, 62, echoReply(req))}}, nil
			}
			last = f
			if dst.IsIPv4Compatible() {
				return &session{c: f, fam: fam4, id: -1}, nil
			}
			return &session{c: f, fam: fam8, id: -1}, nil
		},
		clk:    clk,
		id:     func() uint16 { return testID },
		notify: func(func()) func() { return func() {} },
		resolver: func(config) (*resolver8.Resolver, error) {
			return &resolver8.Resolver{Server: server, DNS: &dns8.Client{Timeout: time.Second},
				Local: in8.MustParseAddr(me), HasLocal: true}, nil
		},
	}
	st := ping8(args, e)
	_ = last
	return result{out.String(), errb.String(), st, last}, sent
}

func TestHostName(t *testing.T) {
	server := startDNS(t)
	const a8, a8odd, a4 = "65002.198.51.100.2", "65002.198.51.100.3", "192.0.2.7"
	tests := []struct {
		name   string
		args   []string
		up     []string
		status int
		banner string   // first line of stdout; "" for none
		stderr []string // lines that must be in stderr
		sent   []string // destinations of the requests, probes included
	}{
		{name: "A8 answers", args: []string{"-c", "2", "both.example.net"}, up: []string{a8}, status: 0,
			banner: "PING both.example.net (65002.198.51.100.2) 56(92) bytes of data.",
			sent:   []string{a8, a8, a8}},
		{name: "parity order: odd me, odd first", args: []string{"-c", "1", "two.example.net"}, up: []string{a8, a8odd},
			banner: "PING two.example.net (65002.198.51.100.3) 56(92) bytes of data.", sent: []string{a8odd, a8odd}},
		{name: "only an A record: IPv4 at once", args: []string{"-c", "1", "only4.example.net"}, up: []string{a4},
			banner: "PING only4.example.net (192.0.2.7) 56(84) bytes of data.", sent: []string{a4, a4}},
		{name: "fallback after -k 3", args: []string{"-v", "-k", "3", "-c", "1", "both.example.net"}, up: []string{a4},
			banner: "PING both.example.net (192.0.2.7) 56(84) bytes of data.",
			stderr: []string{"ping8: both.example.net: IPv8 attempt 3/3: 65002.198.51.100.2",
				"ping8: both.example.net: IPv4 fallback after 3 unanswered IPv8 attempts"},
			sent: []string{a8, a8, a8, a4, a4}},
		{name: "-8 never falls back: the A8 target is pinged, all lost", args: []string{"-8", "-k", "2", "-c", "1", "-W", "1", "both.example.net"},
			up: []string{a4}, status: 1, banner: "PING both.example.net (65002.198.51.100.2) 56(92) bytes of data.",
			sent: []string{a8, a8, a8}},
		{name: "-4 skips A8", args: []string{"-4", "-c", "1", "both.example.net"}, up: []string{a8, a4},
			banner: "PING both.example.net (192.0.2.7) 56(84) bytes of data.", sent: []string{a4, a4}},
		{name: "unknown name", args: []string{"nope.example.net"}, status: 2,
			stderr: []string{"ping8: nope.example.net: Name or service not known"}},
		{name: "-8 and a name with only A", args: []string{"-8", "only4.example.net"}, status: 2,
			stderr: []string{"ping8: only4.example.net: Name or service not known"}},
		{name: "-4 and a name with only A8", args: []string{"-4", "only8.example.net"}, status: 2,
			stderr: []string{"ping8: only8.example.net: Name or service not known"}},
		{name: "-4 with an IPv8 literal", args: []string{"-4", a8}, status: 2,
			stderr: []string{"ping8: 65002.198.51.100.2: Address family for hostname not supported"}},
		{name: "-4 and -8", args: []string{"-4", "-8", "both.example.net"}, status: 2,
			stderr: []string{"ping8: only one -4 or -8 option may be specified"}},
		{name: "bad address stays an address error", args: []string{"65001.300.0.0.1"}, status: 2,
			stderr: []string{"ping8: 65001.300.0.0.1: "}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, sent := runHost(t, server, tc.up, tc.args...)
			if r.status != tc.status {
				t.Errorf("status %d, want %d\nstdout:\n%s\nstderr:\n%s", r.status, tc.status, r.stdout, r.stderr)
			}
			first, _, _ := strings.Cut(r.stdout, "\n")
			if first != tc.banner {
				t.Errorf("banner %q, want %q", first, tc.banner)
			}
			for _, l := range tc.stderr {
				if !strings.Contains(r.stderr, l) {
					t.Errorf("stderr lacks %q:\n%s", l, r.stderr)
				}
			}
			if tc.sent != nil && strings.Join(sent, " ") != strings.Join(tc.sent, " ") {
				t.Errorf("requests went to %v, want %v", sent, tc.sent)
			}
		})
	}
}

func TestIsHostName(t *testing.T) {
	for s, want := range map[string]bool{
		"host.example": true, "h-1": true, "localhost": true, "65001.192.0.2.1": false,
		"65001.300.0.0.1": false, "192.0.2.1": false, "": false, "-c": false, "a..b": false,
	} {
		if got := isHostName(s); got != want {
			t.Errorf("isHostName(%q) = %v, want %v", s, got, want)
		}
	}
}
