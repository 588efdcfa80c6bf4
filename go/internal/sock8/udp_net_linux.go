package sock8

import (
	"errors"
	"net"
	"os"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// Interfaces of package net that the types below promise.
var (
	_ net.Addr       = (*UDPAddr)(nil)
	_ net.PacketConn = (*PacketConn)(nil)
	_ net.Conn       = (*Conn)(nil)
)

// ErrNotUDPAddr is the error (inside a *net.OpError) of a write to an
// address that is not a non-nil *UDPAddr.
var ErrNotUDPAddr = errors.New("address is not a *sock8.UDPAddr")

// errMissingAddress: DialUDP without a remote address.
var errMissingAddress = errors.New("missing address")

// netAddr keeps a nil *UDPAddr from becoming a non-nil net.Addr.
func netAddr(a *UDPAddr) net.Addr {
	if a == nil {
		return nil
	}
	return a
}

// opError wraps err as package net does, so callers can use the usual
// tests: errors.Is(err, net.ErrClosed), os.IsTimeout(err), errors.Is(err,
// unix.ECONNREFUSED), and a net.Error whose Timeout() reports deadlines.
func opError(op string, src, dst net.Addr, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, os.ErrClosed) {
		err = net.ErrClosed
	}
	return &net.OpError{Op: op, Net: Network, Source: src, Addr: dst, Err: err}
}

// PacketConn is a net.PacketConn over a UDP8 socket. ReadFrom returns
// *UDPAddr; WriteTo takes only *UDPAddr.
type PacketConn struct {
	c     *UDPConn
	laddr atomic.Pointer[UDPAddr] // last getsockname that worked
}

// ListenPacket opens a UDP8 socket bound to laddr. A nil or zero laddr
// means any address and a port the kernel picks. Errors are *net.OpError
// around the *os.SyscallError of the failing call (EADDRINUSE,
// EADDRNOTAVAIL, EAFNOSUPPORT when the ipv8 module is not loaded).
func ListenPacket(laddr *UDPAddr) (*PacketConn, error) {
	var a UDPAddr
	if laddr != nil {
		a = *laddr
	}
	c, err := ListenUDP(a.Addr, a.Port)
	if err != nil {
		return nil, opError("listen", nil, netAddr(laddr), err)
	}
	return NewPacketConn(c), nil
}

// NewPacketConn wraps c, which the PacketConn owns from now on (Close
// closes it).
func NewPacketConn(c *UDPConn) *PacketConn {
	p := &PacketConn{c: c}
	p.localAddr()
	return p
}

// localAddr asks the kernel (the port of an unbound socket appears with
// its first send) and falls back to the last answer, e.g. after Close.
func (p *PacketConn) localAddr() *UDPAddr {
	if p.c != nil {
		if sa, err := p.c.s.getsockname(); err == nil {
			a := udpAddrOf(sa)
			p.laddr.Store(a)
			return a
		}
	}
	if a := p.laddr.Load(); a != nil {
		return a
	}
	return &UDPAddr{}
}

// UDPConn returns the underlying socket, for the options PacketConn does
// not have (SetTTL, SetBroadcast, BindToDevice...).
func (p *PacketConn) UDPConn() *UDPConn { return p.c }

// ReadFrom reads one datagram into b and returns its length (truncated to
// len(b)) and its source, a *UDPAddr.
func (p *PacketConn) ReadFrom(b []byte) (int, net.Addr, error) {
	n, sa, _, err := p.c.s.recvmsg(b, false)
	if err != nil {
		return n, nil, opError("read", p.laddr.Load().netAddrOrNil(), nil, err)
	}
	return n, udpAddrOf(sa), nil
}

// ReadFromUDP is ReadFrom with the concrete address type.
func (p *PacketConn) ReadFromUDP(b []byte) (int, *UDPAddr, error) {
	n, a, err := p.ReadFrom(b)
	if err != nil {
		return n, nil, err
	}
	return n, a.(*UDPAddr), nil
}

// WriteTo sends b as one datagram to addr, which must be a non-nil
// *UDPAddr: anything else fails with ErrNotUDPAddr.
func (p *PacketConn) WriteTo(b []byte, addr net.Addr) (int, error) {
	a, ok := addr.(*UDPAddr)
	if !ok || a == nil {
		return 0, opError("write", p.laddr.Load().netAddrOrNil(), addr, ErrNotUDPAddr)
	}
	return p.WriteToUDP(b, a)
}

// WriteToUDP is WriteTo with the concrete address type.
func (p *PacketConn) WriteToUDP(b []byte, a *UDPAddr) (int, error) {
	if a == nil {
		return 0, opError("write", p.laddr.Load().netAddrOrNil(), nil, ErrNotUDPAddr)
	}
	n, err := p.c.s.sendto(b, a.sockaddr())
	if err != nil {
		return n, opError("write", p.laddr.Load().netAddrOrNil(), a, err)
	}
	return n, nil
}

// LocalAddr returns the bound address and port, a *UDPAddr.
func (p *PacketConn) LocalAddr() net.Addr { return p.localAddr() }

// SetDeadline sets the read and write deadlines; past them calls fail
// with a timeout error (os.IsTimeout, net.Error.Timeout). Zero: none.
func (p *PacketConn) SetDeadline(t time.Time) error { return p.c.SetDeadline(t) }

// SetReadDeadline sets the read deadline (see SetDeadline). It may be
// called while a ReadFrom is blocked, to wake it.
func (p *PacketConn) SetReadDeadline(t time.Time) error { return p.c.SetReadDeadline(t) }

// SetWriteDeadline sets the write deadline (see SetDeadline).
func (p *PacketConn) SetWriteDeadline(t time.Time) error { return p.c.SetWriteDeadline(t) }

// SyscallConn gives access to the descriptor.
func (p *PacketConn) SyscallConn() (syscall.RawConn, error) { return p.c.SyscallConn() }

// Close closes the socket; blocked and later calls fail with net.ErrClosed.
func (p *PacketConn) Close() error {
	p.localAddr() // keep LocalAddr meaningful afterwards
	return opError("close", p.laddr.Load().netAddrOrNil(), nil, p.c.Close())
}

// netAddrOrNil is netAddr as a method, for the atomically loaded pointer.
func (a *UDPAddr) netAddrOrNil() net.Addr { return netAddr(a) }

// Conn is a net.Conn over a connected UDP8 socket: Write sends to the
// peer, Read returns only the peer's datagrams, and an ICMPv8 port
// unreachable from it fails the next call with ECONNREFUSED.
type Conn struct {
	c            *UDPConn
	laddr, raddr *UDPAddr
}

// DialUDP opens a UDP8 socket, binds it to laddr when laddr is not nil
// (a zero laddr: any address, a port the kernel picks; nil: the same, at
// connect time) and connects it to raddr. Errors are *net.OpError around
// the *os.SyscallError of the failing call (ENETUNREACH, EHOSTUNREACH,
// EADDRINUSE...).
func DialUDP(laddr, raddr *UDPAddr) (*Conn, error) {
	if raddr == nil {
		return nil, opError("dial", netAddr(laddr), nil, errMissingAddress)
	}
	fail := func(err error) (*Conn, error) {
		return nil, opError("dial", netAddr(laddr), raddr, err)
	}
	s, err := newSocket(unix.SOCK_DGRAM, 0)
	if err != nil {
		return fail(err)
	}
	c := &UDPConn{s: s}
	if laddr != nil {
		if err := s.bind(laddr.sockaddr()); err != nil {
			c.Close()
			return fail(err)
		}
	}
	if err := c.Connect(raddr.Addr, raddr.Port); err != nil {
		c.Close()
		return fail(err)
	}
	sa, err := s.getsockname()
	if err != nil {
		c.Close()
		return fail(err)
	}
	r := *raddr
	return &Conn{c: c, laddr: udpAddrOf(sa), raddr: &r}, nil
}

// UDPConn returns the underlying socket, for options Conn does not have.
func (c *Conn) UDPConn() *UDPConn { return c.c }

// Read reads one datagram from the peer into b (truncated to len(b)).
func (c *Conn) Read(b []byte) (int, error) {
	n, err := c.c.Read(b)
	if err != nil {
		return n, opError("read", c.laddr, c.raddr, err)
	}
	return n, nil
}

// Write sends b as one datagram to the peer.
func (c *Conn) Write(b []byte) (int, error) {
	n, err := c.c.Write(b)
	if err != nil {
		return n, opError("write", c.laddr, c.raddr, err)
	}
	return n, nil
}

// LocalAddr returns the local address and port, a *UDPAddr (the address
// is the bound one: zero unless DialUDP was given one).
func (c *Conn) LocalAddr() net.Addr { return c.laddr }

// RemoteAddr returns the peer, a *UDPAddr.
func (c *Conn) RemoteAddr() net.Addr { return c.raddr }

// SetDeadline sets the read and write deadlines; past them calls fail
// with a timeout error (os.IsTimeout, net.Error.Timeout). Zero: none.
func (c *Conn) SetDeadline(t time.Time) error { return c.c.SetDeadline(t) }

// SetReadDeadline sets the read deadline (see SetDeadline).
func (c *Conn) SetReadDeadline(t time.Time) error { return c.c.SetReadDeadline(t) }

// SetWriteDeadline sets the write deadline (see SetDeadline).
func (c *Conn) SetWriteDeadline(t time.Time) error { return c.c.SetWriteDeadline(t) }

// SyscallConn gives access to the descriptor.
func (c *Conn) SyscallConn() (syscall.RawConn, error) { return c.c.SyscallConn() }

// Close closes the socket; blocked and later calls fail with net.ErrClosed.
func (c *Conn) Close() error { return opError("close", c.laddr, c.raddr, c.c.Close()) }
