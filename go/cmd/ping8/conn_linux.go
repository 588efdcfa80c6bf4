package main

import (
	"encoding/binary"
	"errors"
	"os"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/ipv8/ipv8/go/in8"
	"github.com/ipv8/ipv8/go/internal/sock8"
)

// openError is a failure to set the socket up; its text is printed after
// "ping8: " and ping8 exits 2.
type openError struct{ msg string }

func (e *openError) Error() string { return e.msg }

func sysErr(prefix string, err error) error {
	return &openError{msg: prefix + unwrapSyscall(err)}
}

// session is an opened socket with what the loop needs to know about it.
type session struct {
	c    conn
	fam  family
	from string // banner "from" text, "" without -I
	id   int    // -1: choose one; else the id the kernel imposes
}

// openSocket opens the socket for dst: AF_INET8 raw ICMP, or for a
// routing prefix 0 destination an AF_INET one, and applies -t and -I.
func openSocket(cfg config, dst in8.Addr) (*session, error) {
	if dst.IsIPv4Compatible() {
		return open4(cfg, dst)
	}
	c, err := sock8.ListenRaw(unix.IPPROTO_ICMP)
	if errors.Is(err, unix.EAFNOSUPPORT) {
		return nil, &openError{msg: "IPv8 is not available (ipv8 module not loaded)"}
	}
	if err != nil {
		return nil, sysErr("", err)
	}
	s := &session{c: c, fam: fam8, id: -1}
	// Kernel receive times keep the wakeup of this process out of the
	// round trips; without them the loop falls back to its clock.
	_ = c.SetTimestamping(true)
	if cfg.ttl > 0 {
		if err := c.SetTTL(cfg.ttl); err != nil {
			c.Close()
			return nil, sysErr("can't set unicast time-to-live: ", unwrapErr(err))
		}
	}
	if cfg.iface != "" {
		if src, perr := in8.ParseAddr(cfg.iface); perr == nil {
			if err := c.Bind(src); err != nil {
				c.Close()
				return nil, sysErr("", err)
			}
			s.from = src.String() + " "
		} else {
			if err := c.BindToDevice(cfg.iface); err != nil {
				c.Close()
				return nil, sysErr("SO_BINDTODEVICE "+cfg.iface+": ", unwrapErr(err))
			}
			s.from = cfg.iface
		}
	}
	return s, nil
}

func unwrapErr(err error) error {
	var se *os.SyscallError
	if errors.As(err, &se) {
		return se.Err
	}
	return err
}

// conn4 is an AF_INET ICMP socket: raw (reads carry the IPv4 header) or,
// without CAP_NET_RAW, a ping socket (SOCK_DGRAM), whose reads carry only
// the ICMP message; for those conn4 puts a minimal IPv4 header in front
// (source and the TTL from IP_RECVTTL) so the loop sees one format.
type conn4 struct {
	f     *os.File
	rc    syscall.RawConn
	dgram bool
	oob   []byte // control messages of the read in progress (one reader)
}

func open4(cfg config, dst in8.Addr) (*session, error) {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_RAW|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, unix.IPPROTO_ICMP)
	dgram := false
	if errors.Is(err, unix.EPERM) || errors.Is(err, unix.EACCES) {
		// Ping sockets are allowed by net.ipv4.ping_group_range.
		if fd2, err2 := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, unix.IPPROTO_ICMP); err2 == nil {
			fd, err, dgram = fd2, nil, true
		}
	}
	if err != nil {
		return nil, sysErr("socket: ", err)
	}
	f := os.NewFile(uintptr(fd), "icmp4")
	rc, err := f.SyscallConn()
	if err != nil {
		f.Close()
		return nil, sysErr("", err)
	}
	c := &conn4{f: f, rc: rc, dgram: dgram, oob: make([]byte, oob4Len)}
	s := &session{c: c, fam: fam4, id: -1}
	fail := func(prefix string, err error) (*session, error) {
		f.Close()
		return nil, sysErr(prefix, err)
	}
	_ = c.setInt(unix.SOL_SOCKET, unix.SO_TIMESTAMPNS, 1) // as for AF_INET8
	if cfg.ttl > 0 {
		if err := c.setInt(unix.IPPROTO_IP, unix.IP_TTL, cfg.ttl); err != nil {
			return fail("can't set unicast time-to-live: ", err)
		}
	}
	if dgram {
		if err := c.setInt(unix.IPPROTO_IP, unix.IP_RECVTTL, 1); err != nil {
			return fail("setsockopt: ", err)
		}
	}
	var bindAddr unix.SockaddrInet4
	if cfg.iface != "" {
		if src, perr := in8.ParseAddr(cfg.iface); perr == nil && src.IsIPv4Compatible() {
			binary.BigEndian.PutUint32(bindAddr.Addr[:], src.Host())
			s.from = src.String() + " "
		} else {
			var serr error
			c.rc.Control(func(fd uintptr) {
				serr = unix.SetsockoptString(int(fd), unix.SOL_SOCKET, unix.SO_BINDTODEVICE, cfg.iface)
			})
			if serr != nil {
				return fail("SO_BINDTODEVICE "+cfg.iface+": ", serr)
			}
			s.from = cfg.iface
		}
	}
	if s.from != "" && s.from != cfg.iface || dgram {
		// A ping socket gets its echo id (its "port") at bind time.
		var berr error
		c.rc.Control(func(fd uintptr) { berr = unix.Bind(int(fd), &bindAddr) })
		if berr != nil {
			return fail("bind: ", berr)
		}
	}
	if dgram {
		var gerr error
		var sa unix.Sockaddr
		c.rc.Control(func(fd uintptr) { sa, gerr = unix.Getsockname(int(fd)) })
		if gerr != nil {
			return fail("getsockname: ", gerr)
		}
		s.id = sa.(*unix.SockaddrInet4).Port
	}
	return s, nil
}

func (c *conn4) setInt(level, opt, v int) error {
	var serr error
	if err := c.rc.Control(func(fd uintptr) { serr = unix.SetsockoptInt(int(fd), level, opt, v) }); err != nil {
		return err
	}
	return serr
}

func (c *conn4) WriteTo(b []byte, dst in8.Addr) (int, error) {
	to := &unix.SockaddrInet4{}
	binary.BigEndian.PutUint32(to.Addr[:], dst.Host())
	var serr error
	err := c.rc.Write(func(fd uintptr) bool {
		serr = unix.Sendto(int(fd), b, 0, to)
		return serr != unix.EAGAIN
	})
	if err == nil && serr != nil {
		err = os.NewSyscallError("sendto", serr)
	}
	if err != nil {
		return 0, err
	}
	return len(b), nil
}

// oob4Len holds the control messages conn4 asks for: IP_TTL and
// SCM_TIMESTAMPNS.
var oob4Len = unix.CmsgSpace(4) + unix.CmsgSpace(16)

func (c *conn4) ReadFromWithTime(b []byte) (int, in8.Addr, time.Time, error) {
	if c.dgram {
		return c.readDgram(b)
	}
	oob := c.oob
	var n, oobn int
	var from unix.Sockaddr
	var rerr error
	err := c.rc.Read(func(fd uintptr) bool {
		n, oobn, _, from, rerr = unix.Recvmsg(int(fd), b, oob, 0)
		return rerr != unix.EAGAIN
	})
	if err == nil && rerr != nil {
		err = os.NewSyscallError("recvmsg", rerr)
	}
	if err != nil {
		return 0, in8.Addr{}, time.Time{}, err
	}
	return n, addr4(from), sock8.ParseRxTime(oob[:oobn]), nil
}

func (c *conn4) readDgram(b []byte) (int, in8.Addr, time.Time, error) {
	const hl = 20
	if len(b) < hl {
		return 0, in8.Addr{}, time.Time{}, errors.New("buffer too small")
	}
	oob := c.oob
	var n, oobn int
	var from unix.Sockaddr
	var rerr error
	err := c.rc.Read(func(fd uintptr) bool {
		n, oobn, _, from, rerr = unix.Recvmsg(int(fd), b[hl:], oob, 0)
		return rerr != unix.EAGAIN
	})
	if err == nil && rerr != nil {
		err = os.NewSyscallError("recvmsg", rerr)
	}
	if err != nil {
		return 0, in8.Addr{}, time.Time{}, err
	}
	ttl := 0
	if cms, err := unix.ParseSocketControlMessage(oob[:oobn]); err == nil {
		for _, cm := range cms {
			if cm.Header.Level == unix.IPPROTO_IP && cm.Header.Type == unix.IP_TTL && len(cm.Data) >= 4 {
				ttl = int(binary.NativeEndian.Uint32(cm.Data))
			}
		}
	}
	src := addr4(from)
	h := b[:hl]
	clear(h)
	h[0] = 4<<4 | 5
	binary.BigEndian.PutUint16(h[2:], uint16(min(hl+n, 0xffff)))
	h[8], h[9] = byte(ttl), unix.IPPROTO_ICMP
	binary.BigEndian.PutUint32(h[12:], src.Host())
	return hl + n, src, sock8.ParseRxTime(oob[:oobn]), nil
}

func addr4(sa unix.Sockaddr) in8.Addr {
	if s4, ok := sa.(*unix.SockaddrInet4); ok {
		return in8.AddrFrom(0, binary.BigEndian.Uint32(s4.Addr[:]))
	}
	return in8.Addr{}
}

func (c *conn4) SetReadDeadline(t time.Time) error { return c.f.SetReadDeadline(t) }
func (c *conn4) Close() error                      { return c.f.Close() }
