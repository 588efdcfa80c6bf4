// Package resolver8 turns host names into connections the IPv8 way
// (docs/protocol.md 11.2-11.3): it asks DNS8 for A8 records, validates
// them against WHOIS8 keys, orders them by the parity of the local host
// part, tries IPv8 up to N times, and only then falls back to the A
// records over IPv4, never when IPv8 only is asked for.
package resolver8

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"time"

	"github.com/ipv8/ipv8/go/dns8"
	"github.com/ipv8/ipv8/go/in8"
	"github.com/miekg/dns"
)

// DefaultAttempts is the number of failed IPv8 attempts before the IPv4
// fallback (section 11.3).
const DefaultAttempts = 5

// Transport dials and listens. Networks "tcp"/"udp" are IPv4 (address
// "a.b.c.d:port"); "tcp8"/"udp8" are IPv8 (address "ASN.a.b.c.d:port").
// IPv4 implements only the former; Sock8 adds "udp8" (there is no TCP8
// yet), and tests use fakes.
type Transport interface {
	DialContext(ctx context.Context, network, address string) (net.Conn, error)
	ListenPacket(ctx context.Context, network, address string) (net.PacketConn, error)
	Listen(ctx context.Context, network, address string) (net.Listener, error)
}

// ErrNoIPv8Transport is returned by IPv4 for the IPv8 networks.
var ErrNoIPv8Transport = errors.New("no IPv8 transport (there is no TCP8 yet; UDP8 needs resolver8.Sock8)")

// IPv4 is the Transport over package net. IPv8 networks fail with
// ErrNoIPv8Transport.
type IPv4 struct {
	Dialer net.Dialer
	Config net.ListenConfig
}

// DialContext implements Transport.
func (t *IPv4) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	if is8(network) {
		return nil, &net.OpError{Op: "dial", Net: network, Err: ErrNoIPv8Transport}
	}
	return t.Dialer.DialContext(ctx, network, address)
}

// ListenPacket implements Transport.
func (t *IPv4) ListenPacket(ctx context.Context, network, address string) (net.PacketConn, error) {
	if is8(network) {
		return nil, &net.OpError{Op: "listen", Net: network, Err: ErrNoIPv8Transport}
	}
	return t.Config.ListenPacket(ctx, network, address)
}

// Listen implements Transport.
func (t *IPv4) Listen(ctx context.Context, network, address string) (net.Listener, error) {
	if is8(network) {
		return nil, &net.OpError{Op: "listen", Net: network, Err: ErrNoIPv8Transport}
	}
	return t.Config.Listen(ctx, network, address)
}

func is8(network string) bool { return network == "tcp8" || network == "udp8" }

// Resolver looks names up and dials them.
type Resolver struct {
	Transport Transport      // nil: &IPv4{}
	DNS       *dns8.Client   // its Dialer defaults to Transport
	Server    string         // DNS8 server host:port
	Keys      dns8.KeySource // WHOIS8 keys; nil: no validation (RRSIGs ignored)
	Attempts  int            // failed IPv8 attempts before IPv4; 0 means DefaultAttempts
	IPv8Only  bool           // -f: never use A records
	IPv4Only  bool           // -4: skip A8 altogether
	// RequireSigned discards unsigned (insecure) A8 RRsets.
	RequireSigned bool
	// Local is the IPv8 source address whose parity orders candidates;
	// HasLocal false keeps the order received.
	Local    in8.Addr
	HasLocal bool
	// AttemptTimeout bounds one IPv8 or IPv4 connection attempt (default 2 s).
	AttemptTimeout time.Duration
	// Now is the clock for validation (nil: time.Now).
	Now func() time.Time
	// Trace, if set, is told about every step (nslookup8 prints them).
	Trace func(Event)
}

// EventKind tells trace events apart.
type EventKind int

// Trace events.
const (
	EvAttempt   EventKind = iota + 1 // an IPv8 attempt starts (N is its number)
	EvFailed                         // an attempt failed (Err)
	EvFallback                       // IPv8 gave up after N failures; A records next
	EvIPv4                           // an IPv4 attempt starts
	EvConnected                      // success (Target)
)

// Event is one step of Dial or Try.
type Event struct {
	Kind   EventKind
	N      int
	Target Target
	Err    error
}

// Target is one address to try: IPv8, or IPv4-compatible (ASN 0) when it
// came from an A record.
type Target struct {
	Addr in8.Addr
}

// IsIPv4 tells a fallback target.
func (t Target) IsIPv4() bool { return t.Addr.IsIPv4Compatible() }

func (t Target) String() string { return t.Addr.String() }

// Lookup is what a name resolves to.
type Lookup struct {
	Name       string
	A8         []in8.Addr // in selection order
	A8RRs      []dns.RR   // as received
	A8Sigs     []*dns.RRSIG
	A          []netip.Addr
	ARRs       []dns.RR
	Validation dns8.Result
	A8Err      error // why there are no usable A8 (ErrNotFound, Bogus...), nil if there are
	AErr       error
}

func (r *Resolver) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

func (r *Resolver) transport() Transport {
	if r.Transport != nil {
		return r.Transport
	}
	return &IPv4{}
}

func (r *Resolver) dnsClient() *dns8.Client {
	if r.DNS != nil {
		return r.DNS
	}
	return &dns8.Client{Dialer: r.transport()}
}

func (r *Resolver) attempts() int {
	if r.Attempts > 0 {
		return r.Attempts
	}
	return DefaultAttempts
}

// LookupA8 asks for and validates the A8 RRset of name. The error is
// dns8.ErrNotFound when there is none, a validation error when it is bogus.
func (r *Resolver) LookupA8(ctx context.Context, name string, l *Lookup) error {
	m, err := r.dnsClient().Exchange(ctx, r.Server, name, dns8.TypeA8)
	if err != nil {
		return err
	}
	ans, err := dns8.Extract(m, name, dns8.TypeA8)
	if err != nil {
		return err
	}
	l.A8RRs, l.A8Sigs = ans.RRs, ans.Sigs
	if r.Keys != nil {
		res, err := dns8.Validate(ctx, ans.RRs, ans.Sigs, r.Keys, r.now())
		l.Validation = res
		if err != nil {
			return err
		}
		if res.Verdict == dns8.Insecure && r.RequireSigned {
			return fmt.Errorf("%w: %s", dns8.ErrUnsigned, name)
		}
	}
	var addrs []in8.Addr
	for _, rr := range ans.RRs {
		a, _ := dns8.A8Addr(rr)
		addrs = append(addrs, a)
	}
	l.A8 = dns8.Order(addrs, r.Local, r.HasLocal)
	return nil
}

// LookupA asks for the A records of name.
func (r *Resolver) LookupA(ctx context.Context, name string, l *Lookup) error {
	m, err := r.dnsClient().Exchange(ctx, r.Server, name, dns.TypeA)
	if err != nil {
		return err
	}
	ans, err := dns8.Extract(m, name, dns.TypeA)
	if err != nil {
		return err
	}
	l.ARRs = ans.RRs
	for _, rr := range ans.RRs {
		if a, ok := netip.AddrFromSlice(rr.(*dns.A).A.To4()); ok {
			l.A = append(l.A, a)
		}
	}
	return nil
}

// Lookup resolves name for display: A8 (unless IPv4Only) and A (unless
// IPv8Only), each with its own error in the result. The error returned is
// the one that decides the outcome: nil if some usable address exists.
func (r *Resolver) Lookup(ctx context.Context, name string) (*Lookup, error) {
	l := &Lookup{Name: dns.Fqdn(name)}
	if !r.IPv4Only {
		l.A8Err = r.LookupA8(ctx, name, l)
	}
	if !r.IPv8Only {
		l.AErr = r.LookupA(ctx, name, l)
	}
	switch {
	case r.IPv4Only:
		return l, l.AErr
	case r.IPv8Only:
		return l, l.A8Err
	case l.A8Err != nil && !errors.Is(l.A8Err, dns8.ErrNotFound):
		// A bogus or unreachable A8 answer is an error even with A
		// records: a forged answer must not steer us to IPv4.
		return l, l.A8Err
	case l.A8Err == nil:
		return l, nil
	}
	return l, l.AErr
}

// FallbackError is the failure of Try: every IPv8 attempt failed and
// there was no IPv4 fallback (IPv8Only, or no A records), or IPv4 failed too.
type FallbackError struct {
	Attempts int   // IPv8 attempts made
	Last     error // the last attempt's error
	IPv4Err  error // why IPv4 was not used or failed; nil with IPv8Only
	IPv8Only bool
}

func (e *FallbackError) Error() string {
	s := fmt.Sprintf("no IPv8 path after %d attempts", e.Attempts)
	if e.Last != nil {
		s += " (last: " + e.Last.Error() + ")"
	}
	switch {
	case e.IPv8Only:
		s += "; IPv4 fallback forbidden (-f)"
	case e.IPv4Err != nil:
		s += "; IPv4 fallback: " + e.IPv4Err.Error()
	}
	return s
}

func (e *FallbackError) Unwrap() error { return e.IPv4Err }

// Try runs attempt on the targets of host in the order of section 11.3:
// A8 candidates by parity, cycling, until one succeeds or Attempts have
// failed; then the A records as IPv4-compatible targets (not counted), one
// after the other. host may be a name or an address literal.
func (r *Resolver) Try(ctx context.Context, host string, attempt func(ctx context.Context, t Target) error) (Target, error) {
	l := &Lookup{Name: host}
	var a8err error
	if a, err := in8.ParseAddr(host); err == nil {
		if a.IsIPv4Compatible() {
			if r.IPv8Only {
				return Target{}, &FallbackError{IPv8Only: true, Last: fmt.Errorf("%s is an IPv4 address", host)}
			}
			return r.tryIPv4(ctx, []in8.Addr{a}, 0, nil, attempt)
		}
		l.A8 = []in8.Addr{a}
	} else if !r.IPv4Only {
		a8err = r.LookupA8(ctx, host, l)
		if a8err != nil && !errors.Is(a8err, dns8.ErrNotFound) {
			return Target{}, a8err
		}
	}
	n, last := 0, a8err
	if len(l.A8) > 0 {
		for n < r.attempts() {
			t := Target{Addr: l.A8[n%len(l.A8)]}
			n++
			r.trace(Event{Kind: EvAttempt, N: n, Target: t})
			err := r.one(ctx, t, attempt)
			if err == nil {
				r.trace(Event{Kind: EvConnected, N: n, Target: t})
				return t, nil
			}
			last = err
			r.trace(Event{Kind: EvFailed, N: n, Target: t, Err: err})
			if ctx.Err() != nil {
				return Target{}, ctx.Err()
			}
		}
	}
	if r.IPv8Only {
		return Target{}, &FallbackError{Attempts: n, Last: last, IPv8Only: true}
	}
	if n > 0 {
		r.trace(Event{Kind: EvFallback, N: n})
	}
	if err := r.LookupA(ctx, host, l); err != nil {
		return Target{}, &FallbackError{Attempts: n, Last: last, IPv4Err: err}
	}
	var v4 []in8.Addr
	for _, a := range l.A {
		b := a.As4()
		v4 = append(v4, in8.AddrFrom(0, binary.BigEndian.Uint32(b[:])))
	}
	return r.tryIPv4(ctx, v4, n, last, attempt)
}

func (r *Resolver) tryIPv4(ctx context.Context, addrs []in8.Addr, n int, last error, attempt func(context.Context, Target) error) (Target, error) {
	var err error
	for i, a := range addrs {
		t := Target{Addr: a}
		r.trace(Event{Kind: EvIPv4, N: i + 1, Target: t})
		if err = r.one(ctx, t, attempt); err == nil {
			r.trace(Event{Kind: EvConnected, N: i + 1, Target: t})
			return t, nil
		}
		r.trace(Event{Kind: EvFailed, N: i + 1, Target: t, Err: err})
	}
	if err == nil {
		err = errors.New("no A records")
	}
	return Target{}, &FallbackError{Attempts: n, Last: last, IPv4Err: err}
}

func (r *Resolver) one(ctx context.Context, t Target, attempt func(context.Context, Target) error) error {
	to := r.AttemptTimeout
	if to <= 0 {
		to = 2 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, to)
	defer cancel()
	return attempt(ctx, t)
}

func (r *Resolver) trace(e Event) {
	if r.Trace != nil {
		r.Trace(e)
	}
}

// Dial connects to host:port over "tcp" or "udp": IPv8 first ("tcp8",
// "udp8"), IPv4 after the fallback.
func (r *Resolver) Dial(ctx context.Context, network, hostport string) (net.Conn, Target, error) {
	if network != "tcp" && network != "udp" {
		return nil, Target{}, fmt.Errorf("network %q: tcp or udp", network)
	}
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		return nil, Target{}, err
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return nil, Target{}, fmt.Errorf("port %q", port)
	}
	var conn net.Conn
	tr := r.transport()
	t, err := r.Try(ctx, host, func(ctx context.Context, t Target) error {
		nw, addr := network+"8", t.Addr.String()
		if t.IsIPv4() {
			nw = network
		}
		c, err := tr.DialContext(ctx, nw, net.JoinHostPort(addr, port))
		if err != nil {
			return err
		}
		conn = c
		return nil
	})
	if err != nil {
		return nil, Target{}, err
	}
	return conn, t, nil
}
