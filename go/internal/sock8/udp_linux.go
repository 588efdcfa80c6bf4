package sock8

import (
	"os"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/ipv8/ipv8/go/in8"
)

// UDPConn is an AF_INET8 SOCK_DGRAM (UDP8) socket. Reads and writes carry
// the datagram payload only; the kernel adds and checks the UDP8 header.
type UDPConn struct {
	s *socket
}

// ListenUDP opens a UDP8 socket bound to addr (the zero Addr means any)
// and port (0 lets the kernel pick one from the ephemeral range). Errors
// are *os.SyscallError: EADDRINUSE for a port in use, EADDRNOTAVAIL for
// an address this host does not have.
func ListenUDP(addr in8.Addr, port uint16) (*UDPConn, error) {
	return listenUDP(addr, port, false)
}

// ListenUDPReuse is ListenUDP with SO_REUSEADDR set before the bind, so
// that several sockets that all set it may share a port.
func ListenUDPReuse(addr in8.Addr, port uint16) (*UDPConn, error) {
	return listenUDP(addr, port, true)
}

func listenUDP(addr in8.Addr, port uint16, reuse bool) (*UDPConn, error) {
	s, err := newSocket(unix.SOCK_DGRAM, 0)
	if err != nil {
		return nil, err
	}
	if reuse {
		if err := s.setsockoptInt(unix.SOL_SOCKET, unix.SO_REUSEADDR, 1); err != nil {
			s.close()
			return nil, err
		}
	}
	if err := s.bind(Sockaddr{Addr: addr, Port: port}); err != nil {
		s.close()
		return nil, err
	}
	return &UDPConn{s: s}, nil
}

// WriteTo sends b as one datagram to addr:port.
func (c *UDPConn) WriteTo(b []byte, addr in8.Addr, port uint16) (int, error) {
	return c.s.sendto(b, Sockaddr{Addr: addr, Port: port})
}

// ReadFrom reads one datagram into b and returns its length (truncated
// to len(b)) and its source address and port.
func (c *UDPConn) ReadFrom(b []byte) (int, in8.Addr, uint16, error) {
	n, sa, _, err := c.s.recvmsg(b, false)
	return n, sa.Addr, sa.Port, err
}

// Connect fixes the peer (connect(2)): Write sends there and only its
// datagrams are received. An ICMPv8 port unreachable from it makes the
// next call fail with ECONNREFUSED.
func (c *UDPConn) Connect(addr in8.Addr, port uint16) error {
	raw := Sockaddr{Addr: addr, Port: port}.Marshal()
	var errno syscall.Errno
	err := c.s.rc.Control(func(fd uintptr) {
		_, _, errno = unix.Syscall(unix.SYS_CONNECT, fd, uintptr(unsafe.Pointer(&raw[0])), SockaddrLen)
	})
	if err != nil {
		return c.s.ioErr(err)
	}
	if errno != 0 {
		return os.NewSyscallError("connect", errno)
	}
	return nil
}

// Write sends b to the connected peer.
func (c *UDPConn) Write(b []byte) (int, error) {
	var n uintptr
	var errno syscall.Errno
	err := c.s.rc.Write(func(fd uintptr) bool {
		for {
			n, _, errno = unix.Syscall6(unix.SYS_SENDTO, fd, uintptr(bufPtr(b)), uintptr(len(b)), 0, 0, 0)
			if errno != unix.EINTR {
				break
			}
		}
		return errno != unix.EAGAIN
	})
	if err != nil {
		return 0, c.s.ioErr(err)
	}
	if errno != 0 {
		return 0, os.NewSyscallError("sendto", errno)
	}
	return int(n), nil
}

// Read reads one datagram from the connected peer.
func (c *UDPConn) Read(b []byte) (int, error) {
	n, _, _, err := c.ReadFrom(b)
	return n, err
}

// LocalAddr returns the bound address and port (getsockname).
func (c *UDPConn) LocalAddr() (in8.Addr, uint16, error) {
	sa, err := c.s.getsockname()
	return sa.Addr, sa.Port, err
}

// BindToDevice sends and receives only through the named device
// (SO_BINDTODEVICE); "" removes the binding.
func (c *UDPConn) BindToDevice(name string) error { return c.s.bindToDevice(name) }

// SetTTL sets the TTL of sent datagrams (IP_TTL, 1..255; -1 restores
// the default, 64).
func (c *UDPConn) SetTTL(ttl int) error { return c.s.setsockoptInt(unix.SOL_IP, unix.IP_TTL, ttl) }

// TTL returns the TTL of sent datagrams.
func (c *UDPConn) TTL() (int, error) { return c.s.getsockoptInt(unix.SOL_IP, unix.IP_TTL) }

// SetTOS sets the TOS octet of sent datagrams (IP_TOS, 0..255).
func (c *UDPConn) SetTOS(tos int) error { return c.s.setsockoptInt(unix.SOL_IP, unix.IP_TOS, tos) }

// TOS returns the TOS octet of sent datagrams.
func (c *UDPConn) TOS() (int, error) { return c.s.getsockoptInt(unix.SOL_IP, unix.IP_TOS) }

// SetReadBuffer sets the receive buffer size (SO_RCVBUF; the kernel
// doubles it and applies its minimum). Datagrams that do not fit are
// dropped and counted as udp_rx_drop_rcvbuf.
func (c *UDPConn) SetReadBuffer(bytes int) error {
	return c.s.setsockoptInt(unix.SOL_SOCKET, unix.SO_RCVBUF, bytes)
}

// SetBroadcast allows sending to the broadcast address (SO_BROADCAST).
func (c *UDPConn) SetBroadcast(on bool) error {
	v := 0
	if on {
		v = 1
	}
	return c.s.setsockoptInt(unix.SOL_SOCKET, unix.SO_BROADCAST, v)
}

// SetReadDeadline sets the time after which reads fail with an error
// wrapping os.ErrDeadlineExceeded; a zero t means no deadline.
func (c *UDPConn) SetReadDeadline(t time.Time) error { return c.s.setReadDeadline(t) }

// SetWriteDeadline is SetReadDeadline for writes.
func (c *UDPConn) SetWriteDeadline(t time.Time) error { return c.s.setWriteDeadline(t) }

// SetDeadline sets both deadlines.
func (c *UDPConn) SetDeadline(t time.Time) error { return c.s.setDeadline(t) }

// SyscallConn gives access to the descriptor for options this type lacks.
func (c *UDPConn) SyscallConn() (syscall.RawConn, error) { return c.s.rc, nil }

// Close closes the socket; blocked and later calls return net.ErrClosed.
func (c *UDPConn) Close() error { return c.s.close() }
