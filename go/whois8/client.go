package whois8

import (
	"context"
	"fmt"
	"io"
	"net"
	"strconv"
	"time"
)

// Dialer opens a stream connection. *net.Dialer is one; the TCP8 socket
// layer will be another, so the client does not care which IP carries it.
type Dialer interface {
	DialContext(ctx context.Context, network, address string) (net.Conn, error)
}

// MaxAnswer bounds the answer the client reads.
const MaxAnswer = 1 << 16

// Client queries a WHOIS8 server.
type Client struct {
	Dialer  Dialer        // nil: a *net.Dialer
	Network string        // "" means "tcp"
	Timeout time.Duration // whole exchange; 0 means 5 s
}

// HostPort adds the WHOIS8 port to a host given without one.
func HostPort(server string) string {
	if _, _, err := net.SplitHostPort(server); err == nil {
		return server
	}
	return net.JoinHostPort(server, strconv.Itoa(Port))
}

// Raw sends one query line and returns the answer bytes as received.
// Failing to connect, send or read gives an error wrapping ErrUnreachable.
func (c *Client) Raw(ctx context.Context, server, query string) ([]byte, error) {
	if len(query) > MaxQueryLen {
		return nil, fmt.Errorf("%w: longer than %d octets", ErrInvalidQuery, MaxQueryLen)
	}
	to := c.Timeout
	if to <= 0 {
		to = 5 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, to)
	defer cancel()
	d := c.Dialer
	if d == nil {
		d = &net.Dialer{}
	}
	network := c.Network
	if network == "" {
		network = "tcp"
	}
	server = HostPort(server)
	conn, err := d.DialContext(ctx, network, server)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnreachable, err)
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	if _, err := io.WriteString(conn, query+"\r\n"); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrUnreachable, server, err)
	}
	b, err := io.ReadAll(io.LimitReader(conn, MaxAnswer+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrUnreachable, server, err)
	}
	if len(b) > MaxAnswer {
		return nil, fmt.Errorf("%w: answer longer than %d octets", ErrMalformed, MaxAnswer)
	}
	return b, nil
}

// Query sends one query and parses the answer.
func (c *Client) Query(ctx context.Context, server, query string) ([]*Record, error) {
	b, err := c.Raw(ctx, server, query)
	if err != nil {
		return nil, err
	}
	return ParseAnswer(b)
}

// ASN fetches the record of one ASN.
func (c *Client) ASN(ctx context.Context, server string, asn uint32) (*Record, error) {
	recs, err := c.Query(ctx, server, "AS"+strconv.FormatUint(uint64(asn), 10))
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		if r.ASN == asn {
			return r, nil
		}
	}
	return nil, fmt.Errorf("%w: answer holds no AS%d object", ErrMalformed, asn)
}
