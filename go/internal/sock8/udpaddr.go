package sock8

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/ipv8/ipv8/go/in8"
)

// Network is the network name of UDP8 addresses (net.Addr.Network).
const Network = "udp8"

// UDPAddr is the address of a UDP8 endpoint. It implements net.Addr, so
// it can travel through net.PacketConn and net.Conn.
type UDPAddr struct {
	Addr in8.Addr
	Port uint16
}

// Network returns "udp8".
func (a *UDPAddr) Network() string { return Network }

// String returns "addr:port" with the address in canonical text, e.g.
// "65001.192.0.2.1:53"; ParseUDPAddr reads it back. A nil address prints
// "<nil>", as in package net.
func (a *UDPAddr) String() string {
	if a == nil {
		return "<nil>"
	}
	b := a.Addr.AppendTo(make([]byte, 0, len("255.255.255.255.255.255.255.255:65535")))
	b = append(b, ':')
	return string(strconv.AppendUint(b, uint64(a.Port), 10))
}

// sockaddr converts a to the socket address of the kernel calls.
func (a *UDPAddr) sockaddr() Sockaddr { return Sockaddr{Addr: a.Addr, Port: a.Port} }

func udpAddrOf(sa Sockaddr) *UDPAddr { return &UDPAddr{Addr: sa.Addr, Port: sa.Port} }

// ErrUDPAddr is wrapped by every ParseUDPAddr error.
var ErrUDPAddr = errors.New("invalid UDP8 address")

// ParseUDPAddr parses "addr:port": an address in any form in8.ParseAddr
// takes and a decimal port 0..65535 without sign or leading zero. The
// port is after the last colon, since no IPv8 address text has one.
func ParseUDPAddr(s string) (*UDPAddr, error) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return nil, fmt.Errorf("%w %q: missing port", ErrUDPAddr, s)
	}
	host, port := s[:i], s[i+1:]
	a, err := in8.ParseAddr(host)
	if err != nil {
		return nil, fmt.Errorf("%w %q: %w", ErrUDPAddr, s, err)
	}
	p, err := parsePort(port)
	if err != nil {
		return nil, fmt.Errorf("%w %q: %w", ErrUDPAddr, s, err)
	}
	return &UDPAddr{Addr: a, Port: p}, nil
}

func parsePort(s string) (uint16, error) {
	switch {
	case s == "":
		return 0, errors.New("empty port")
	case len(s) > 1 && s[0] == '0':
		return 0, fmt.Errorf("port %q has a leading zero", s)
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("port %q is not a decimal number", s)
		}
	}
	v, err := strconv.ParseUint(s, 10, 16)
	if err != nil {
		return 0, fmt.Errorf("port %q is above 65535", s)
	}
	return uint16(v), nil
}
