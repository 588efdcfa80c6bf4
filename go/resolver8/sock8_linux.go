package resolver8

import (
	"context"
	"errors"
	"fmt"
	"net"

	"golang.org/x/sys/unix"

	"github.com/ipv8/ipv8/go/in8"
	"github.com/ipv8/ipv8/go/internal/sock8"
)

// ErrNoModule is the EAFNOSUPPORT of an AF_INET8 socket: the kernel has
// no IPv8.
var ErrNoModule = errors.New("ipv8 module not loaded")

// Sock8 is the Transport of the real stack: "udp8" over AF_INET8 UDP8
// sockets, "tcp"/"udp" over package net. A "tcp" or "udp" address whose
// host is an IPv8 address (a routing prefix other than 0) is carried as
// "tcp8"/"udp8", so that clients given a server address need not know
// which IP it is. There is no TCP8 yet: "tcp8" fails with
// ErrNoIPv8Transport.
type Sock8 struct {
	IPv4 IPv4
}

// NetworkFor returns network ("tcp" or "udp") with an 8 appended when the
// host of hostport is an IPv8 address.
func NetworkFor(network, hostport string) string {
	if network != "tcp" && network != "udp" {
		return network
	}
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		return network
	}
	if a, err := in8.ParseAddr(host); err == nil && !a.IsIPv4Compatible() {
		return network + "8"
	}
	return network
}

// udp8Addr parses "ADDR:PORT" for "udp8"; an IPv4-compatible address is
// refused, since it is AF_INET's.
func udp8Addr(address string) (*sock8.UDPAddr, error) {
	a, err := sock8.ParseUDPAddr(address)
	if err != nil {
		return nil, err
	}
	if a.Addr.IsIPv4Compatible() && !a.Addr.IsUnspecified() {
		return nil, fmt.Errorf("%s: routing prefix 0 is IPv4, not UDP8", address)
	}
	return a, nil
}

func sockErr(err error) error {
	if errors.Is(err, unix.EAFNOSUPPORT) {
		return fmt.Errorf("%w: %w", ErrNoModule, err)
	}
	return err
}

// DialContext implements Transport.
func (t *Sock8) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	switch NetworkFor(network, address) {
	case "udp8":
		ra, err := udp8Addr(address)
		if err != nil {
			return nil, &net.OpError{Op: "dial", Net: "udp8", Err: err}
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		c, err := sock8.DialUDP(nil, ra)
		if err != nil {
			return nil, sockErr(err)
		}
		return c, nil
	case "tcp8":
		return nil, &net.OpError{Op: "dial", Net: "tcp8", Err: fmt.Errorf("%s: %w", address, ErrNoIPv8Transport)}
	}
	return t.IPv4.DialContext(ctx, network, address)
}

// ListenPacket implements Transport.
func (t *Sock8) ListenPacket(ctx context.Context, network, address string) (net.PacketConn, error) {
	if NetworkFor(network, address) == "udp8" {
		la, err := udp8Addr(address)
		if err != nil {
			return nil, &net.OpError{Op: "listen", Net: "udp8", Err: err}
		}
		pc, err := sock8.ListenPacket(la)
		if err != nil {
			return nil, sockErr(err)
		}
		return pc, nil
	}
	return t.IPv4.ListenPacket(ctx, network, address)
}

// Listen implements Transport.
func (t *Sock8) Listen(ctx context.Context, network, address string) (net.Listener, error) {
	return t.IPv4.Listen(ctx, network, address)
}
