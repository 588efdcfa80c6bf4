package main

import (
	"encoding/binary"
	"errors"
	"net"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/ipv8/ipv8/go/dns8"
	"github.com/miekg/dns"
)

// batchLen is the number of datagrams one recvmmsg or sendmmsg moves.
const batchLen = 32

// queryBuf bounds a query read: larger ones (MSG_TRUNC) are dropped, as
// no question this server answers needs more.
const queryBuf = 4096

// batchServer answers DNS over an IPv4 UDP socket bound to one address
// with recvmmsg and sendmmsg, in one goroutine. It does what dns.Server
// does for dns8.Server, less the per-datagram goroutine and the two
// system calls per query: make bench-dns found those to be most of the
// server's time (NSD batches the same way). A wildcard bind stays with
// dns.Server, which picks the reply's source address per query.
type batchServer struct {
	c *net.UDPConn
	h *dns8.Server

	in, out   [batchLen]unix.Mmsghdr
	names     [batchLen]unix.RawSockaddrAny
	iovIn     [batchLen]unix.Iovec
	iovOut    [batchLen]unix.Iovec
	bufs      [batchLen][queryBuf]byte
	replies   [batchLen][]byte
	replyBufs [batchLen][]byte
}

// rcvBuf is the receive buffer asked for: a burst of queries must not
// overflow it while the server waits for a CPU (NSD asks for 1 MiB too).
const rcvBuf = 1 << 20

func newBatchServer(c *net.UDPConn, h *dns8.Server) *batchServer {
	b := &batchServer{c: c, h: h}
	if c != nil {
		growRcvBuf(c)
	}
	for i := range b.in {
		b.iovIn[i].Base = &b.bufs[i][0]
		b.iovIn[i].SetLen(queryBuf)
		b.in[i].Hdr.Iov = &b.iovIn[i]
		b.in[i].Hdr.SetIovlen(1)
		b.replyBufs[i] = make([]byte, 0, dns.MinMsgSize*3)
	}
	return b
}

// growRcvBuf sets the receive buffer to rcvBuf: with CAP_NET_ADMIN past
// net.core.rmem_max (SO_RCVBUFFORCE), else as far as that allows.
func growRcvBuf(c *net.UDPConn) {
	rc, err := c.SyscallConn()
	if err != nil {
		return
	}
	var serr error
	rc.Control(func(fd uintptr) {
		serr = unix.SetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_RCVBUFFORCE, rcvBuf)
	})
	if serr != nil {
		c.SetReadBuffer(rcvBuf)
	}
}

// serve runs until the socket is closed.
func (b *batchServer) serve() error {
	rc, err := b.c.SyscallConn()
	if err != nil {
		return err
	}
	for {
		for i := range b.in {
			b.in[i].Hdr.Name = (*byte)(unsafe.Pointer(&b.names[i]))
			b.in[i].Hdr.Namelen = unix.SizeofSockaddrAny
			b.in[i].Hdr.Flags = 0
			b.in[i].Len = 0
		}
		var n int
		var errno syscall.Errno
		err := rc.Read(func(fd uintptr) bool {
			r, _, e := unix.Syscall6(unix.SYS_RECVMMSG, fd, uintptr(unsafe.Pointer(&b.in[0])), batchLen, unix.MSG_DONTWAIT, 0, 0)
			if e == unix.EAGAIN || e == unix.EINTR {
				return false
			}
			n, errno = int(r), e
			return true
		})
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return nil
			}
			return err
		}
		if errno != 0 {
			// ECONNREFUSED and the like report an earlier send: go on.
			continue
		}
		k := 0
		for i := range n {
			if b.in[i].Hdr.Flags&unix.MSG_TRUNC != 0 {
				continue
			}
			reply := b.answer(b.bufs[i][:b.in[i].Len], b.replyBufs[i][:0])
			if reply == nil {
				continue
			}
			b.replies[k] = reply
			b.iovOut[k].Base = &reply[0]
			b.iovOut[k].SetLen(len(reply))
			b.out[k].Hdr = unix.Msghdr{Name: b.in[i].Hdr.Name, Namelen: b.in[i].Hdr.Namelen, Iov: &b.iovOut[k]}
			b.out[k].Hdr.SetIovlen(1)
			k++
		}
		b.send(rc, k)
	}
}

// send writes the first k replies; a datagram the kernel refuses is
// dropped, as a lost reply would be.
func (b *batchServer) send(rc syscall.RawConn, k int) {
	for sent := 0; sent < k; {
		var r uintptr
		var errno syscall.Errno
		err := rc.Write(func(fd uintptr) bool {
			r, _, errno = unix.Syscall6(unix.SYS_SENDMMSG, fd, uintptr(unsafe.Pointer(&b.out[sent])), uintptr(k-sent), unix.MSG_DONTWAIT, 0, 0)
			return errno != unix.EAGAIN
		})
		switch {
		case err != nil:
			return
		case errno != 0:
			sent++ // skip the datagram that failed
		default:
			sent += int(r)
		}
	}
}

// answer turns one query into its reply (appended to buf), or nil when
// there is none to send: a response, or octets too short for a header.
// A query that does not unpack gets FORMERR, as from dns.Server.
func (b *batchServer) answer(q, buf []byte) []byte {
	if len(q) < 12 || q[2]&0x80 != 0 {
		return nil
	}
	req := new(dns.Msg)
	if err := req.Unpack(q); err != nil {
		out := append(buf, q[:12]...)
		out[2] = 0x80 | q[2]&0x79 // QR, the opcode and RD kept
		out[3] = dns.RcodeFormatError
		binary.BigEndian.PutUint64(out[4:], 0)
		return out
	}
	m := b.h.Answer(req, false)
	if m == nil {
		return nil
	}
	out, err := m.PackBuffer(buf)
	if err != nil {
		return nil
	}
	return out
}
