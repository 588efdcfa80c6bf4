package sock8

import (
	"encoding/binary"
	"errors"
	"net"
	"os"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/ipv8/ipv8/go/ipv8"
)

// socket is the type-independent core: an AF_INET8 descriptor registered
// with the netpoller. Every system call runs inside RawConn.Read/Write/
// Control so it is serialised against Close and honours deadlines.
type socket struct {
	f      *os.File
	rc     syscall.RawConn
	closed atomic.Bool
}

// ioErr maps the netpoller's "use of closed file" (an unexported
// internal/poll value) to net.ErrClosed, which callers can test for.
func (s *socket) ioErr(err error) error {
	if err != nil && !errors.Is(err, os.ErrDeadlineExceeded) && s.closed.Load() {
		return net.ErrClosed
	}
	return err
}

// newSocket opens socket(AF_INET8, typ, proto) non-blocking. Errors are
// *os.SyscallError for "socket", so a caller can both print
// "socket: Operation not permitted" and test errors.Is(err, unix.EPERM).
// EAFNOSUPPORT means the ipv8 module is not loaded.
func newSocket(typ, proto int) (*socket, error) {
	fd, err := unix.Socket(ipv8.AFInet8, typ|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, proto)
	if err != nil {
		return nil, os.NewSyscallError("socket", err)
	}
	// A non-blocking descriptor makes os.NewFile register it with the
	// netpoller, which is what makes deadlines work.
	f := os.NewFile(uintptr(fd), "sock8")
	rc, err := f.SyscallConn()
	if err != nil {
		f.Close()
		return nil, err
	}
	return &socket{f: f, rc: rc}, nil
}

// zero backs the buffer pointer of an empty slice: sendto and recvfrom
// want a valid address even for length 0.
var zero [1]byte

func bufPtr(b []byte) unsafe.Pointer {
	if len(b) == 0 {
		return unsafe.Pointer(&zero[0])
	}
	return unsafe.Pointer(&b[0])
}

func (s *socket) sendto(b []byte, to Sockaddr) (int, error) {
	sa := to.Marshal()
	var n uintptr
	var errno syscall.Errno
	err := s.rc.Write(func(fd uintptr) bool {
		for {
			n, _, errno = unix.Syscall6(unix.SYS_SENDTO, fd, uintptr(bufPtr(b)), uintptr(len(b)),
				0, uintptr(unsafe.Pointer(&sa[0])), SockaddrLen)
			if errno != unix.EINTR {
				break
			}
		}
		return errno != unix.EAGAIN
	})
	if err != nil {
		return 0, s.ioErr(err)
	}
	if errno != 0 {
		return 0, os.NewSyscallError("sendto", errno)
	}
	return int(n), nil
}

func (s *socket) recvfrom(b []byte) (int, Sockaddr, error) {
	// Larger than sockaddr_in8 so a kernel that returned more would be
	// noticed by the length check rather than overflow.
	var sa [SockaddrLen + 16]byte
	var n uintptr
	var errno syscall.Errno
	var salen uint32
	err := s.rc.Read(func(fd uintptr) bool {
		for {
			salen = uint32(len(sa))
			n, _, errno = unix.Syscall6(unix.SYS_RECVFROM, fd, uintptr(bufPtr(b)), uintptr(len(b)),
				0, uintptr(unsafe.Pointer(&sa[0])), uintptr(unsafe.Pointer(&salen)))
			if errno != unix.EINTR {
				break
			}
		}
		return errno != unix.EAGAIN
	})
	if err != nil {
		return 0, Sockaddr{}, s.ioErr(err)
	}
	if errno != 0 {
		return 0, Sockaddr{}, os.NewSyscallError("recvfrom", errno)
	}
	from, err := UnmarshalSockaddr(sa[:min(int(salen), len(sa))])
	if err != nil {
		return int(n), Sockaddr{}, os.NewSyscallError("recvfrom", err)
	}
	return int(n), from, nil
}

// oobLen holds one SCM_TIMESTAMPNS (16 octets of data on 64-bit) with
// room to spare for other control messages the socket may be asked for.
const oobLen = 128

// recvmsg is recvfrom that also returns the receive time the kernel put
// in an SCM_TIMESTAMP(NS) control message (zero without one). It is a raw
// system call because x/sys's Recvmsg cannot decode AF_INET8 addresses.
func (s *socket) recvmsg(b []byte) (int, Sockaddr, time.Time, error) {
	var sa [SockaddrLen + 16]byte
	var oob [oobLen]byte
	var iov unix.Iovec
	var msg unix.Msghdr
	var n uintptr
	var errno syscall.Errno
	err := s.rc.Read(func(fd uintptr) bool {
		for {
			iov.Base = (*byte)(bufPtr(b))
			iov.SetLen(len(b))
			msg = unix.Msghdr{
				Name:    &sa[0],
				Namelen: uint32(len(sa)),
				Iov:     &iov,
				Control: &oob[0],
			}
			msg.SetIovlen(1)
			msg.SetControllen(len(oob))
			n, _, errno = unix.Syscall(unix.SYS_RECVMSG, fd, uintptr(unsafe.Pointer(&msg)), 0)
			if errno != unix.EINTR {
				break
			}
		}
		return errno != unix.EAGAIN
	})
	if err != nil {
		return 0, Sockaddr{}, time.Time{}, s.ioErr(err)
	}
	if errno != 0 {
		return 0, Sockaddr{}, time.Time{}, os.NewSyscallError("recvmsg", errno)
	}
	from, err := UnmarshalSockaddr(sa[:min(int(msg.Namelen), len(sa))])
	if err != nil {
		return int(n), Sockaddr{}, time.Time{}, os.NewSyscallError("recvmsg", err)
	}
	// A truncated control area (MSG_CTRUNC) may still hold a whole
	// timestamp; ParseRxTime only takes complete messages.
	return int(n), from, ParseRxTime(oob[:min(int(msg.Controllen), len(oob))]), nil
}

// ParseRxTime returns the receive time in the control messages of a
// recvmsg (SCM_TIMESTAMPNS or SCM_TIMESTAMP, old or _NEW layout), or the
// zero time when there is none. The time is wall clock (CLOCK_REALTIME)
// and carries no monotonic reading.
func ParseRxTime(oob []byte) time.Time {
	cms, err := unix.ParseSocketControlMessage(oob)
	if err != nil {
		return time.Time{}
	}
	for _, cm := range cms {
		if cm.Header.Level != unix.SOL_SOCKET {
			continue
		}
		sec, frac, ok := timePair(cm.Data)
		if !ok {
			continue
		}
		switch int(cm.Header.Type) {
		case unix.SO_TIMESTAMPNS, unix.SO_TIMESTAMPNS_NEW:
			if frac >= 0 && frac < 1e9 {
				return time.Unix(sec, frac)
			}
		case unix.SO_TIMESTAMP, unix.SO_TIMESTAMP_NEW:
			if frac >= 0 && frac < 1e6 {
				return time.Unix(sec, frac*1e3)
			}
		}
	}
	return time.Time{}
}

// timePair decodes a struct timespec/timeval in native byte order: two
// 64-bit fields (64-bit ABIs and the _NEW layout) or, on 32-bit ABIs'
// old layout, two 32-bit ones.
func timePair(d []byte) (sec, frac int64, ok bool) {
	switch len(d) {
	case 16:
		return int64(binary.NativeEndian.Uint64(d)), int64(binary.NativeEndian.Uint64(d[8:])), true
	case 8:
		return int64(int32(binary.NativeEndian.Uint32(d))), int64(int32(binary.NativeEndian.Uint32(d[4:]))), true
	}
	return 0, 0, false
}

func (s *socket) bind(sa Sockaddr) error {
	raw := sa.Marshal()
	var errno syscall.Errno
	err := s.rc.Control(func(fd uintptr) {
		_, _, errno = unix.Syscall(unix.SYS_BIND, fd, uintptr(unsafe.Pointer(&raw[0])), SockaddrLen)
	})
	if err != nil {
		return err
	}
	if errno != 0 {
		return os.NewSyscallError("bind", errno)
	}
	return nil
}

func (s *socket) getsockname() (Sockaddr, error) {
	var raw [SockaddrLen + 16]byte
	salen := uint32(len(raw))
	var errno syscall.Errno
	err := s.rc.Control(func(fd uintptr) {
		_, _, errno = unix.Syscall(unix.SYS_GETSOCKNAME, fd, uintptr(unsafe.Pointer(&raw[0])),
			uintptr(unsafe.Pointer(&salen)))
	})
	if err != nil {
		return Sockaddr{}, err
	}
	if errno != 0 {
		return Sockaddr{}, os.NewSyscallError("getsockname", errno)
	}
	sa, err := UnmarshalSockaddr(raw[:min(int(salen), len(raw))])
	if err != nil {
		return Sockaddr{}, os.NewSyscallError("getsockname", err)
	}
	return sa, nil
}

func (s *socket) setsockoptInt(level, opt, v int) error {
	var serr error
	if err := s.rc.Control(func(fd uintptr) {
		serr = unix.SetsockoptInt(int(fd), level, opt, v)
	}); err != nil {
		return err
	}
	return os.NewSyscallError("setsockopt", serr)
}

func (s *socket) getsockoptInt(level, opt int) (int, error) {
	var v int
	var serr error
	if err := s.rc.Control(func(fd uintptr) {
		v, serr = unix.GetsockoptInt(int(fd), level, opt)
	}); err != nil {
		return 0, err
	}
	return v, os.NewSyscallError("getsockopt", serr)
}

func (s *socket) bindToDevice(name string) error {
	var serr error
	if err := s.rc.Control(func(fd uintptr) {
		serr = unix.SetsockoptString(int(fd), unix.SOL_SOCKET, unix.SO_BINDTODEVICE, name)
	}); err != nil {
		return err
	}
	return os.NewSyscallError("setsockopt", serr)
}

func (s *socket) setReadDeadline(t time.Time) error  { return s.f.SetReadDeadline(t) }
func (s *socket) setWriteDeadline(t time.Time) error { return s.f.SetWriteDeadline(t) }
func (s *socket) setDeadline(t time.Time) error      { return s.f.SetDeadline(t) }

func (s *socket) close() error {
	s.closed.Store(true)
	return s.f.Close()
}
