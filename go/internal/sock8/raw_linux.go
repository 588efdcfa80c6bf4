package sock8

import (
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/ipv8/ipv8/go/in8"
)

// RawConn is an AF_INET8 SOCK_RAW socket for one IP protocol. Writes carry
// the transport message only (the kernel adds the IPv8 header); reads
// return whole packets, IPv8 header first (see ParseHeader).
type RawConn struct {
	s     *socket
	proto int
}

// ListenRaw opens socket(AF_INET8, SOCK_RAW, proto). It needs CAP_NET_RAW
// (EPERM otherwise); EAFNOSUPPORT means the ipv8 module is not loaded.
// Errors are *os.SyscallError.
func ListenRaw(proto int) (*RawConn, error) {
	s, err := newSocket(unix.SOCK_RAW, proto)
	if err != nil {
		return nil, err
	}
	return &RawConn{s: s, proto: proto}, nil
}

// Protocol returns the IP protocol number the socket was opened with.
func (c *RawConn) Protocol() int { return c.proto }

// WriteTo sends b, a transport message, to dst.
func (c *RawConn) WriteTo(b []byte, dst in8.Addr) (int, error) {
	return c.s.sendto(b, Sockaddr{Addr: dst})
}

// ReadFrom reads one packet, IPv8 header included, into b and returns its
// length (truncated to len(b)) and source.
func (c *RawConn) ReadFrom(b []byte) (int, in8.Addr, error) {
	n, sa, _, err := c.s.recvmsg(b, false)
	return n, sa.Addr, err
}

// ReadFromWithTime is ReadFrom that also returns when the kernel received
// the packet (see SetTimestamping): wall clock without a monotonic
// reading, or the zero time when the kernel gave none. Measuring from it
// keeps the wakeup latency of the reader out of round trips, as iputils
// ping does.
func (c *RawConn) ReadFromWithTime(b []byte) (int, in8.Addr, time.Time, error) {
	n, sa, rx, err := c.s.recvmsg(b, true)
	return n, sa.Addr, rx, err
}

// SetTimestamping turns on (or off) the kernel's receive timestamps
// (SO_TIMESTAMPNS) that ReadFromWithTime returns.
func (c *RawConn) SetTimestamping(on bool) error {
	v := 0
	if on {
		v = 1
	}
	return c.s.setsockoptInt(unix.SOL_SOCKET, unix.SO_TIMESTAMPNS, v)
}

// Bind restricts the socket to a local address (source of sent packets,
// destination of received ones); the zero Addr means any.
func (c *RawConn) Bind(a in8.Addr) error { return c.s.bind(Sockaddr{Addr: a}) }

// LocalAddr returns the bound address (getsockname).
func (c *RawConn) LocalAddr() (in8.Addr, error) {
	sa, err := c.s.getsockname()
	return sa.Addr, err
}

// BindToDevice sends and receives only through the named device
// (SO_BINDTODEVICE); "" removes the binding.
func (c *RawConn) BindToDevice(name string) error { return c.s.bindToDevice(name) }

// SetTTL sets the TTL of sent packets (IP_TTL, 1..255; -1 restores the
// default, 64).
func (c *RawConn) SetTTL(ttl int) error { return c.s.setsockoptInt(unix.SOL_IP, unix.IP_TTL, ttl) }

// TTL returns the TTL of sent packets.
func (c *RawConn) TTL() (int, error) { return c.s.getsockoptInt(unix.SOL_IP, unix.IP_TTL) }

// SetTOS sets the TOS octet of sent packets (IP_TOS).
func (c *RawConn) SetTOS(tos int) error { return c.s.setsockoptInt(unix.SOL_IP, unix.IP_TOS, tos) }

// SetBroadcast allows sending to the broadcast address (SO_BROADCAST).
func (c *RawConn) SetBroadcast(on bool) error {
	v := 0
	if on {
		v = 1
	}
	return c.s.setsockoptInt(unix.SOL_SOCKET, unix.SO_BROADCAST, v)
}

// SetReadDeadline sets the time after which ReadFrom fails with an error
// wrapping os.ErrDeadlineExceeded; a zero t means no deadline. It may be
// called while a ReadFrom is blocked, to wake it.
func (c *RawConn) SetReadDeadline(t time.Time) error { return c.s.setReadDeadline(t) }

// SetWriteDeadline is SetReadDeadline for WriteTo.
func (c *RawConn) SetWriteDeadline(t time.Time) error { return c.s.setWriteDeadline(t) }

// SetDeadline sets both deadlines.
func (c *RawConn) SetDeadline(t time.Time) error { return c.s.setDeadline(t) }

// SyscallConn gives access to the descriptor for options this type lacks.
func (c *RawConn) SyscallConn() (syscall.RawConn, error) { return c.s.rc, nil }

// Close closes the socket; blocked and later reads and writes return
// net.ErrClosed.
func (c *RawConn) Close() error { return c.s.close() }
