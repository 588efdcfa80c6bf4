package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/ipv8/ipv8/go/dns8"
	"github.com/ipv8/ipv8/go/in8"
	"github.com/ipv8/ipv8/go/internal/genl8"
	"github.com/ipv8/ipv8/go/resolver8"
	"github.com/ipv8/ipv8/go/whois8"
	"github.com/miekg/dns"
)

// probeTimeout is how long one IPv8 attempt waits for its echo reply
// (docs/protocol.md 11.3: for ping8 an attempt is a request answered or
// not).
const probeTimeout = time.Second

// probeSeq is the sequence number of probes: the run's requests count from
// 1, so a late probe reply is never taken for one of them.
const probeSeq = 0

// isHostName tells a host name from a mistyped address: a valid domain
// name with a letter, a hyphen or an underscore in it (addresses have
// only digits and dots).
func isHostName(s string) bool {
	if _, ok := dns.IsDomainName(s); !ok || s == "" || strings.HasPrefix(s, "-") {
		return false
	}
	return strings.IndexFunc(s, func(r rune) bool {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-' || r == '_'
	}) >= 0
}

// newResolver is the real env.resolver: the servers of resolv.conf
// ($IPV8_RESOLV_CONF), UDP8 for an IPv8 nameserver, A8 validation with the
// WHOIS8 keys, and the local address for the parity order: -I's, else
// the namespace's first IPv8 address.
func newResolver(cfg config) (*resolver8.Resolver, error) {
	sc, err := resolver8.System()
	if err != nil {
		return nil, err
	}
	tr := &resolver8.Sock8{}
	r := &resolver8.Resolver{
		Transport: tr,
		DNS:       &dns8.Client{Dialer: tr, Timeout: 3 * time.Second},
		Server:    sc.DNS,
		Keys:      dns8.NewWhoisKeys(&whois8.Client{Dialer: tr, Timeout: 3 * time.Second}, sc.WhoisServer()),
	}
	if a, err := in8.ParseAddr(cfg.iface); err == nil && !a.IsIPv4Compatible() {
		r.Local, r.HasLocal = a, true
	} else if c, err := genl8.Dial(""); err == nil {
		if addrs, err := c.Addrs(""); err == nil && len(addrs) > 0 {
			r.Local, r.HasLocal = addrs[0].Prefix.Addr(), true
		}
		c.Close()
	}
	return r, nil
}

// resolveHost finds the destination of a host name through the resolver
// (A8 by parity, validated; the A records after cfg.attempts unanswered
// IPv8 probes, never with -8) and returns the session of the first target
// that answered a probe. When none answered, ping8 still pings the first
// target tried, so that the run reports the loss as iputils would. The
// int is the exit status when ping8 must stop (2, as iputils' name
// errors).
func resolveHost(cfg config, e env) (*session, in8.Addr, uint16, int) {
	r, err := e.resolver(cfg)
	if err != nil {
		fmt.Fprintf(e.stderr, "ping8: %s: %v\n", cfg.dest, err)
		return nil, in8.Addr{}, 0, 2
	}
	r.Attempts, r.IPv8Only, r.IPv4Only = cfg.attempts, cfg.only8, cfg.only4
	r.AttemptTimeout = probeTimeout + time.Second // the probe keeps its own time
	if r.Attempts == 0 {
		r.Attempts = resolver8.DefaultAttempts
	}
	var (
		s     *session
		id    uint16
		first *resolver8.Target
	)
	r.Trace = func(ev resolver8.Event) {
		switch ev.Kind {
		case resolver8.EvAttempt, resolver8.EvIPv4:
			if first == nil {
				t := ev.Target
				first = &t
			}
		}
		if cfg.verbose {
			fmt.Fprintf(e.stderr, "ping8: %s: %s\n", cfg.dest, traceText(ev, r.Attempts))
		}
	}
	attempt := func(ctx context.Context, t resolver8.Target) error {
		ss, err := e.open(cfg, t.Addr)
		if err != nil {
			return err
		}
		pid := ss.pingID(e)
		if err := probe(ss, t.Addr, pid, cfg.size, e.clk); err != nil {
			ss.c.Close()
			return err
		}
		s, id = ss, pid
		return nil
	}
	t, err := r.Try(context.Background(), cfg.dest, attempt)
	if err == nil {
		return s, t.Addr, id, 0
	}
	var fe *resolver8.FallbackError
	switch {
	case errors.As(err, &fe) && first != nil:
		// Candidates existed and none answered: ping the first one
		// tried, as iputils pings an unreachable address.
		ss, oerr := e.open(cfg, first.Addr)
		if oerr != nil {
			fmt.Fprintf(e.stderr, "ping8: %v\n", oerr)
			return nil, in8.Addr{}, 0, 2
		}
		return ss, first.Addr, ss.pingID(e), 0
	case notFound(err):
		fmt.Fprintf(e.stderr, "ping8: %s: Name or service not known\n", cfg.dest)
	case errors.Is(err, dns8.ErrNetwork):
		fmt.Fprintf(e.stderr, "ping8: %s: Temporary failure in name resolution\n", cfg.dest)
	case validationErr(err):
		fmt.Fprintf(e.stderr, "ping8: %s: A8 validation failed: %v\n", cfg.dest, err)
	default:
		fmt.Fprintf(e.stderr, "ping8: %s: %v\n", cfg.dest, err)
	}
	return nil, in8.Addr{}, 0, 2
}

// notFound: neither usable A8 nor A records (with -8, no A8; with -4, no A).
func notFound(err error) bool {
	var fe *resolver8.FallbackError
	if errors.As(err, &fe) && fe.Attempts == 0 {
		return fe.IPv8Only || errors.Is(fe.IPv4Err, dns8.ErrNotFound)
	}
	return errors.Is(err, dns8.ErrNotFound)
}

func validationErr(err error) bool {
	for _, v := range []error{dns8.ErrBadSignature, dns8.ErrExpired, dns8.ErrNotYetValid,
		dns8.ErrKeyMissing, dns8.ErrMixedASN, dns8.ErrUnsigned, dns8.ErrWhoisUnreachable} {
		if errors.Is(err, v) {
			return true
		}
	}
	return false
}

func traceText(ev resolver8.Event, attempts int) string {
	switch ev.Kind {
	case resolver8.EvAttempt:
		return fmt.Sprintf("IPv8 attempt %d/%d: %s", ev.N, attempts, ev.Target)
	case resolver8.EvFailed:
		return fmt.Sprintf("%s failed: %v", ev.Target, ev.Err)
	case resolver8.EvFallback:
		return fmt.Sprintf("IPv4 fallback after %d unanswered IPv8 attempts", ev.N)
	case resolver8.EvIPv4:
		return fmt.Sprintf("IPv4 attempt %d: %s", ev.N, ev.Target)
	case resolver8.EvConnected:
		return fmt.Sprintf("%s answered", ev.Target)
	}
	return ""
}

// pingID is the echo id of the session: the one the kernel imposes (ping
// sockets), else a random one.
func (s *session) pingID(e env) uint16 {
	if s.id >= 0 {
		return uint16(s.id)
	}
	return e.id()
}

var errNoReply = errors.New("no echo reply")

// probe sends one echo request (sequence 0) and waits probeTimeout for
// its reply; an ICMP error about it fails the probe at once.
func probe(s *session, dst in8.Addr, id uint16, size int, clk clock) error {
	start := clk.Now()
	if _, err := s.c.WriteTo(echoRequest(id, probeSeq, size, 0), dst); err != nil {
		return errors.New(unwrapSyscall(err))
	}
	defer s.c.SetReadDeadline(time.Time{})
	buf := make([]byte, 0x10000)
	for {
		if err := s.c.SetReadDeadline(start.Add(probeTimeout)); err != nil {
			return err
		}
		n, _, _, err := s.c.ReadFromWithTime(buf)
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return fmt.Errorf("%w within %v", errNoReply, probeTimeout)
		}
		if err != nil {
			return errors.New(unwrapSyscall(err))
		}
		m := parseMessage(s.fam, buf[:n], id, dst)
		switch {
		case m.seq != probeSeq:
		case m.kind == msgReply && m.csumOK && m.src == dst:
			return nil
		case m.kind == msgError:
			return fmt.Errorf("From %s: %s", m.src, errorText(m))
		}
	}
}
