package resolver8

import (
	"context"
	"errors"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ipv8/ipv8/go/dns8"
	"github.com/ipv8/ipv8/go/in8"
	"github.com/miekg/dns"
)

const zone = `$TTL 300
@       SOA ns1 hostmaster 1 3600 600 86400 60
both    A8  65002.10.0.0.11
both    A8  65002.10.0.0.10
both    A   127.0.0.1
v8only  A8  65002.10.0.0.1
v4only  A   127.0.0.1
noaddr  A   192.0.2.1
`

// fakeNet records dials; IPv8 dials fail unless ok8 names the address,
// IPv4 dials succeed for 127.0.0.1 with a pipe.
type fakeNet struct {
	mu    sync.Mutex
	dials []string // "network address"
	ok8   string
}

func (f *fakeNet) DialContext(_ context.Context, network, address string) (net.Conn, error) {
	f.mu.Lock()
	f.dials = append(f.dials, network+" "+address)
	f.mu.Unlock()
	host, _, _ := net.SplitHostPort(address)
	if (is8(network) && host == f.ok8) || (!is8(network) && host == "127.0.0.1") {
		c, s := net.Pipe()
		s.Close()
		return c, nil
	}
	return nil, errors.New("no route")
}

func (f *fakeNet) ListenPacket(context.Context, string, string) (net.PacketConn, error) {
	return nil, errors.ErrUnsupported
}

func (f *fakeNet) Listen(context.Context, string, string) (net.Listener, error) {
	return nil, errors.ErrUnsupported
}

func (f *fakeNet) count(prefix string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, d := range f.dials {
		if strings.HasPrefix(d, prefix) {
			n++
		}
	}
	return n
}

// firstV4 is the index of the first IPv4 dial, or -1.
func (f *fakeNet) firstV4() int {
	for i, d := range f.dials {
		if !strings.HasPrefix(d, "tcp8 ") {
			return i
		}
	}
	return -1
}

type keys map[uint32][]string

func (k keys) Keys(ctx context.Context, asn uint32) ([]*dns.DNSKEY, string, error) {
	return (&dns8.WhoisKeys{Server: "fake", Query: func(context.Context, string, uint32) ([]string, error) {
		if l, ok := k[asn]; ok {
			return l, nil
		}
		return nil, dns8.ErrKeyMissing
	}}).Keys(ctx, asn)
}

func setup(t *testing.T) (string, *dns8.Key) {
	t.Helper()
	z, err := dns8.ParseZone(strings.NewReader(zone), "example.net.", "zone")
	if err != nil {
		t.Fatal(err)
	}
	k, _ := dns8.GenerateKey(dns8.AlgEd25519, 65002)
	s := dns8.NewServer(map[uint32]*dns8.Key{65002: k})
	if err := s.Load([]*dns8.Zone{z}, time.Now()); err != nil {
		t.Fatal(err)
	}
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &dns.Server{PacketConn: pc, Handler: s}
	go srv.ActivateAndServe()
	t.Cleanup(func() { srv.Shutdown() })
	return pc.LocalAddr().String(), k
}

func TestDialFallback(t *testing.T) {
	server, k := setup(t)
	good := keys{65002: {k.RdataString()}}
	tests := []struct {
		name      string
		host      string
		attempts  int
		only8     bool
		only4     bool
		ok8       string
		want8     int    // IPv8 dials
		want4     int    // IPv4 dials
		target    string // "" means an error
		errIs     error
		local     string
		firstDial string
	}{
		{"fallback after default 5", "both.example.net", 0, false, false, "", 5, 1, "127.0.0.1", nil, "", ""},
		{"fallback after 3", "both.example.net", 3, false, false, "", 3, 1, "127.0.0.1", nil, "", ""},
		{"fallback after 1", "both.example.net", 1, false, false, "", 1, 1, "127.0.0.1", nil, "", ""},
		{"-f never falls back", "both.example.net", 4, true, false, "", 4, 0, "", nil, "", ""},
		{"ipv8 works", "both.example.net", 5, false, false, "65002.10.0.0.11", 1, 0, "65002.10.0.0.11", nil, "", ""},
		{"parity even first", "both.example.net", 5, false, false, "", 5, 1, "127.0.0.1", nil, "65002.10.0.0.20", "tcp8 65002.10.0.0.10:80"},
		{"parity odd first", "both.example.net", 5, false, false, "", 5, 1, "127.0.0.1", nil, "65002.10.0.0.21", "tcp8 65002.10.0.0.11:80"},
		{"no A8: A at once", "v4only.example.net", 5, false, false, "", 0, 1, "127.0.0.1", nil, "", ""},
		{"-4", "both.example.net", 5, false, true, "", 0, 1, "127.0.0.1", nil, "", ""},
		{"-f without A8", "v4only.example.net", 5, true, false, "", 0, 0, "", nil, "", ""},
		{"no A records after failures", "v8only.example.net", 2, false, false, "", 2, 0, "", dns8.ErrNotFound, "", ""},
		{"nxdomain", "nope.example.net", 2, false, false, "", 0, 0, "", dns8.ErrNotFound, "", ""},
		{"A unreachable", "noaddr.example.net", 2, false, false, "", 0, 1, "", nil, "", ""},
		{"literal IPv8", "65002.10.0.0.99", 2, false, false, "", 2, 0, "", nil, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fn := &fakeNet{ok8: tt.ok8}
			r := &Resolver{Transport: fn, DNS: &dns8.Client{Timeout: time.Second}, Server: server,
				Keys: good, Attempts: tt.attempts, IPv8Only: tt.only8, IPv4Only: tt.only4}
			if tt.local != "" {
				r.Local, r.HasLocal = in8.MustParseAddr(tt.local), true
			}
			var fallbacks []int
			r.Trace = func(e Event) {
				if e.Kind == EvFallback {
					fallbacks = append(fallbacks, e.N)
				}
			}
			conn, target, err := r.Dial(context.Background(), "tcp", tt.host+":80")
			if conn != nil {
				conn.Close()
			}
			if got := fn.count("tcp8 "); got != tt.want8 {
				t.Errorf("IPv8 dials %d, want %d: %q", got, tt.want8, fn.dials)
			}
			if got := fn.count("tcp "); got != tt.want4 {
				t.Errorf("IPv4 dials %d, want %d: %q", got, tt.want4, fn.dials)
			}
			// IPv4 only ever after all the IPv8 attempts.
			if i := fn.firstV4(); i >= 0 && i != tt.want8 {
				t.Errorf("first IPv4 dial is dial %d, want %d", i, tt.want8)
			}
			if tt.want8 > 0 && tt.want4 > 0 && (len(fallbacks) != 1 || fallbacks[0] != tt.want8) {
				t.Errorf("fallback events %v, want [%d]", fallbacks, tt.want8)
			}
			if tt.firstDial != "" && fn.dials[0] != tt.firstDial {
				t.Errorf("first dial %q, want %q", fn.dials[0], tt.firstDial)
			}
			if tt.target == "" {
				if err == nil {
					t.Fatalf("connected to %v, want an error", target)
				}
				if tt.errIs != nil && !errors.Is(err, tt.errIs) {
					t.Errorf("error %v, want %v", err, tt.errIs)
				}
				var fe *FallbackError
				if tt.only8 && (!errors.As(err, &fe) || !fe.IPv8Only) {
					t.Errorf("-f error %v is not a FallbackError with IPv8Only", err)
				}
				return
			}
			if err != nil || target.String() != tt.target {
				t.Errorf("target %v err %v, want %s", target, err, tt.target)
			}
		})
	}
}

func TestBogusDoesNotFallBack(t *testing.T) {
	server, _ := setup(t)
	other, _ := dns8.GenerateKey(dns8.AlgEd25519, 65002)
	fn := &fakeNet{}
	r := &Resolver{Transport: fn, Server: server, DNS: &dns8.Client{Timeout: time.Second},
		Keys: keys{65002: {other.RdataString()}}}
	_, _, err := r.Dial(context.Background(), "tcp", "both.example.net:80")
	if !errors.Is(err, dns8.ErrKeyMissing) {
		t.Errorf("error %v, want ErrKeyMissing", err)
	}
	if len(fn.dials) != 0 {
		t.Errorf("dialled %q after a bogus answer", fn.dials)
	}
	l, err := r.Lookup(context.Background(), "both.example.net")
	if !errors.Is(err, dns8.ErrKeyMissing) || l.Validation.Verdict != dns8.Bogus {
		t.Errorf("Lookup: %v %v", l.Validation.Verdict, err)
	}
}

func TestIPv4Transport(t *testing.T) {
	tr := &IPv4{}
	if _, err := tr.DialContext(context.Background(), "tcp8", "65002.10.0.0.1:80"); !errors.Is(err, ErrNoIPv8Transport) {
		t.Errorf("tcp8: %v", err)
	}
	if _, err := tr.ListenPacket(context.Background(), "udp8", ":53"); !errors.Is(err, ErrNoIPv8Transport) {
		t.Errorf("udp8: %v", err)
	}
	l, err := tr.Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l.Close()
}
