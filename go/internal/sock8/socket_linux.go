package sock8

import (
	"encoding/binary"
	"errors"
	"net"
	"os"
	"sync"
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
	snd    sendOp
	rcv    recvOp
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
	s := &socket{f: f, rc: rc}
	s.snd.call, s.rcv.call = s.snd.do, s.rcv.do
	return s, nil
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

// sendOp and recvOp are a socket's send and receive in flight: their
// arguments, results and netpoller callback live in the socket, the
// callback made once, so that ping8's and the services' per-packet path
// allocates nothing (a closure handed to RawConn.Write or Read escapes to
// the heap, and so does what it captures). mu keeps concurrent callers
// of the same direction apart.
type sendOp struct {
	mu    sync.Mutex
	b     []byte
	sa    [SockaddrLen]byte
	n     uintptr
	errno syscall.Errno
	call  func(fd uintptr) bool // op.do
}

func (op *sendOp) do(fd uintptr) bool {
	for {
		op.n, _, op.errno = unix.Syscall6(unix.SYS_SENDTO, fd, uintptr(bufPtr(op.b)), uintptr(len(op.b)),
			0, uintptr(unsafe.Pointer(&op.sa[0])), SockaddrLen)
		if op.errno != unix.EINTR {
			return op.errno != unix.EAGAIN
		}
	}
}

func (s *socket) sendto(b []byte, to Sockaddr) (int, error) {
	op := &s.snd
	op.mu.Lock()
	defer op.mu.Unlock()
	op.b, op.sa = b, to.Marshal()
	err := s.rc.Write(op.call)
	op.b = nil // the caller's buffer is not ours to keep
	if err != nil {
		return 0, s.ioErr(err)
	}
	if op.errno != 0 {
		return 0, os.NewSyscallError("sendto", op.errno)
	}
	return int(op.n), nil
}

// oobLen holds one SCM_TIMESTAMPNS (16 octets of data on 64-bit) with
// room to spare for other control messages the socket may be asked for.
const oobLen = 128

type recvOp struct {
	mu sync.Mutex
	// Larger than sockaddr_in8 so that a kernel returning more would be
	// caught by the length check rather than overflow.
	sa    [SockaddrLen + 16]byte
	oob   [oobLen]byte
	iov   unix.Iovec
	msg   unix.Msghdr
	n     uintptr
	errno syscall.Errno
	call  func(fd uintptr) bool // op.do
}

// start points the message header at b, and at the control area when
// the caller wants control messages.
func (op *recvOp) start(b []byte, control bool) {
	op.iov.Base = (*byte)(bufPtr(b))
	op.iov.SetLen(len(b))
	op.msg = unix.Msghdr{Name: &op.sa[0], Iov: &op.iov}
	op.msg.SetIovlen(1)
	if control {
		op.msg.Control = &op.oob[0]
	}
}

func (op *recvOp) do(fd uintptr) bool {
	for {
		// The kernel writes the lengths back: reset them on each try.
		op.msg.Namelen = uint32(len(op.sa))
		if op.msg.Control != nil {
			op.msg.SetControllen(len(op.oob))
		}
		op.n, _, op.errno = unix.Syscall(unix.SYS_RECVMSG, fd, uintptr(unsafe.Pointer(&op.msg)), 0)
		if op.errno != unix.EINTR {
			return op.errno != unix.EAGAIN
		}
	}
}

// recvmsg reads one datagram into b and returns its length (truncated to
// len(b)), its source and, with control set, the receive time the kernel
// put in an SCM_TIMESTAMP(NS) control message (zero without one). It is a
// raw system call because x/sys's Recvmsg cannot decode AF_INET8
// addresses.
func (s *socket) recvmsg(b []byte, control bool) (int, Sockaddr, time.Time, error) {
	op := &s.rcv
	op.mu.Lock()
	defer op.mu.Unlock()
	op.start(b, control)
	err := s.rc.Read(op.call)
	op.iov.Base = nil // the caller's buffer is not ours to keep
	if err != nil {
		return 0, Sockaddr{}, time.Time{}, s.ioErr(err)
	}
	if op.errno != 0 {
		return 0, Sockaddr{}, time.Time{}, os.NewSyscallError("recvmsg", op.errno)
	}
	from, err := UnmarshalSockaddr(op.sa[:min(int(op.msg.Namelen), len(op.sa))])
	if err != nil {
		return int(op.n), Sockaddr{}, time.Time{}, os.NewSyscallError("recvmsg", err)
	}
	var rx time.Time
	if control {
		// A truncated control area (MSG_CTRUNC) may still hold a whole
		// timestamp; ParseRxTime only takes complete messages.
		rx = ParseRxTime(op.oob[:min(int(op.msg.Controllen), len(op.oob))])
	}
	return int(op.n), from, rx, nil
}

// ParseRxTime returns the receive time in the control messages of a
// recvmsg (SCM_TIMESTAMPNS or SCM_TIMESTAMP, old or _NEW layout), or the
// zero time when there is none. The time is wall clock (CLOCK_REALTIME)
// and carries no monotonic reading.
func ParseRxTime(oob []byte) time.Time {
	for len(oob) > 0 {
		// One message at a time: ParseSocketControlMessage would
		// allocate a slice of them on every read.
		h, data, rest, err := unix.ParseOneSocketControlMessage(oob)
		if err != nil {
			break
		}
		oob = rest
		if h.Level != unix.SOL_SOCKET {
			continue
		}
		sec, frac, ok := timePair(data)
		if !ok {
			continue
		}
		switch int(h.Type) {
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
