package dns8

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"time"

	"github.com/ipv8/ipv8/go/in8"
	"github.com/miekg/dns"
)

// Dialer opens connections. A *net.Dialer is one (networks "udp" and
// "tcp"); resolver8.Sock8 adds "udp8" (a "tcp8" will follow TCP8). The
// client never looks inside the connection, so either carries DNS8.
type Dialer interface {
	DialContext(ctx context.Context, network, address string) (net.Conn, error)
}

// ErrServer is an answer with an RCODE other than NOERROR and NXDOMAIN.
var ErrServer = errors.New("server failure")

// ErrNotFound is NXDOMAIN or an answer without the records asked for.
var ErrNotFound = errors.New("no such records")

// ErrNetwork wraps failures to reach the DNS server.
var ErrNetwork = errors.New("DNS server unreachable")

// Client sends DNS queries with the DO bit over UDP, and again over TCP
// when the answer is truncated.
type Client struct {
	Dialer  Dialer // nil: a *net.Dialer
	Network string // "udp" or "udp8"; TCP is the same with "tcp". "": by the server address

	Timeout time.Duration // per exchange; 0 means 3 s
}

// Exchange asks server (host:port) for name/qtype and returns the reply,
// whatever its RCODE. Errors wrap ErrNetwork, ErrMalformed or ErrTruncated.
func (c *Client) Exchange(ctx context.Context, server, name string, qtype uint16) (*dns.Msg, error) {
	q := new(dns.Msg)
	q.SetQuestion(dns.Fqdn(name), qtype)
	q.SetEdns0(4096, true)
	network := c.Network
	if network == "" {
		network = NetworkOf(server)
	}
	m, err := c.exchange(ctx, network, server, q)
	if err == nil && m.Truncated {
		m, err = c.exchange(ctx, "tcp"+strings.TrimPrefix(network, "udp"), server, q)
		if err == nil && m.Truncated {
			return nil, fmt.Errorf("%w: answer truncated over TCP too", ErrTruncated)
		}
	}
	return m, err
}

// NetworkOf is the datagram network for a server "host:port": "udp8"
// when host is an IPv8 address (routing prefix not 0), else "udp".
func NetworkOf(server string) string {
	host, _, err := net.SplitHostPort(server)
	if err != nil {
		return "udp"
	}
	if a, err := in8.ParseAddr(host); err == nil && !a.IsIPv4Compatible() {
		return "udp8"
	}
	return "udp"
}

func (c *Client) exchange(ctx context.Context, network, server string, q *dns.Msg) (*dns.Msg, error) {
	to := c.Timeout
	if to <= 0 {
		to = 3 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, to)
	defer cancel()
	d := c.Dialer
	if d == nil {
		d = &net.Dialer{}
	}
	conn, err := d.DialContext(ctx, network, server)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNetwork, err)
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	q.Id = dns.Id()
	wire, err := q.Pack()
	if err != nil {
		return nil, err
	}
	stream := strings.HasPrefix(network, "tcp")
	if stream {
		wire = append(binary.BigEndian.AppendUint16(nil, uint16(len(wire))), wire...)
	}
	if _, err := conn.Write(wire); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrNetwork, server, err)
	}
	for {
		b, err := readMsg(conn, stream)
		if err != nil {
			if ctx.Err() != nil {
				return nil, fmt.Errorf("%w: %s: timeout", ErrNetwork, server)
			}
			if errors.Is(err, ErrMalformed) {
				return nil, err
			}
			return nil, fmt.Errorf("%w: %s: %v", ErrNetwork, server, err)
		}
		m, err := ParseMsg(b)
		if err != nil {
			if !stream {
				continue // a stray datagram: keep waiting for ours
			}
			return nil, err
		}
		if m.Id != q.Id || !m.Response || !sameQuestion(m, q) {
			if !stream {
				continue
			}
			return nil, fmt.Errorf("%w: answer does not match the query", ErrMalformed)
		}
		return m, nil
	}
}

func readMsg(conn net.Conn, stream bool) ([]byte, error) {
	if !stream {
		b := make([]byte, dns.MaxMsgSize)
		n, err := conn.Read(b)
		if err != nil {
			return nil, err
		}
		return b[:n], nil
	}
	var l [2]byte
	if _, err := io.ReadFull(conn, l[:]); err != nil {
		return nil, err
	}
	b := make([]byte, binary.BigEndian.Uint16(l[:]))
	if _, err := io.ReadFull(conn, b); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, fmt.Errorf("%w: stream ended inside a message", ErrMalformed)
		}
		return nil, err
	}
	return b, nil
}

func sameQuestion(m, q *dns.Msg) bool {
	return len(m.Question) == 1 && m.Question[0].Qtype == q.Question[0].Qtype &&
		strings.EqualFold(m.Question[0].Name, q.Question[0].Name)
}

// ParseMsg unpacks a DNS message; any failure wraps ErrMalformed (a
// message cut short included: it is malformed, not merely TC-truncated).
func ParseMsg(b []byte) (m *dns.Msg, err error) {
	m = new(dns.Msg)
	if err := m.Unpack(b); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	// miekg/dns stops quietly when the octets end between records; the
	// header's counts tell a message cut short.
	c := func(i int) int { return int(binary.BigEndian.Uint16(b[i:])) }
	if len(m.Question) != c(4) || len(m.Answer) != c(6) || len(m.Ns) != c(8) || len(m.Extra) != c(10) {
		return nil, fmt.Errorf("%w: fewer records than the header counts", ErrMalformed)
	}
	return m, nil
}

// Answer is the RRset a reply gives for a question, after CNAMEs.
type Answer struct {
	Name  string   // owner of RRs (the question name or a CNAME target)
	RRs   []dns.RR // of the type asked
	Sigs  []*dns.RRSIG
	Rcode int
}

// maxCNAME bounds the CNAME chain followed inside one answer.
const maxCNAME = 8

// Extract finds the RRset for qname/qtype in a reply read from the wire
// (RDLENGTH is checked, so m must come from ParseMsg), following CNAMEs in
// the answer section. NXDOMAIN and an empty answer give ErrNotFound; other
// RCODEs ErrServer; A8 RDATA that is not 8 octets ErrMalformed.
func Extract(m *dns.Msg, qname string, qtype uint16) (*Answer, error) {
	a := &Answer{Name: dns.CanonicalName(qname), Rcode: m.Rcode}
	switch m.Rcode {
	case dns.RcodeSuccess:
	case dns.RcodeNameError:
		return a, fmt.Errorf("%w: %s: NXDOMAIN", ErrNotFound, a.Name)
	default:
		return a, fmt.Errorf("%w: %s", ErrServer, dns.RcodeToString[m.Rcode])
	}
	for range maxCNAME + 1 {
		var cname string
		for _, rr := range m.Answer {
			h := rr.Header()
			if dns.CanonicalName(h.Name) != a.Name {
				continue
			}
			switch {
			case h.Rrtype == qtype:
				if qtype == TypeA8 && h.Rdlength != A8Len {
					return a, fmt.Errorf("%w: A8 RDATA of %d octets", ErrMalformed, h.Rdlength)
				}
				a.RRs = append(a.RRs, rr)
			case h.Rrtype == dns.TypeRRSIG && rr.(*dns.RRSIG).TypeCovered == qtype:
				a.Sigs = append(a.Sigs, rr.(*dns.RRSIG))
			case h.Rrtype == dns.TypeCNAME:
				cname = dns.CanonicalName(rr.(*dns.CNAME).Target)
			}
		}
		if len(a.RRs) > 0 {
			return a, nil
		}
		if cname == "" {
			return a, fmt.Errorf("%w: %s has no %s records", ErrNotFound, a.Name, dns.Type(qtype))
		}
		a.Name, a.Sigs = cname, nil
	}
	return a, fmt.Errorf("%w: CNAME chain longer than %d", ErrMalformed, maxCNAME)
}

// ParseResponse is ParseMsg then Extract.
func ParseResponse(b []byte, qname string, qtype uint16) (*Answer, error) {
	m, err := ParseMsg(b)
	if err != nil {
		return nil, err
	}
	return Extract(m, qname, qtype)
}
