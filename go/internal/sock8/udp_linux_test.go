//go:build linux

package sock8

import (
	"bytes"
	"errors"
	"os"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/ipv8/ipv8/go/in8"
)

// udpNetns runs f in a fresh namespace whose dummy link d0 holds
// 65533.192.0.2.1/24, and returns that address to it.
func udpNetns(t *testing.T, f func(ns string, self in8.Addr)) {
	t.Helper()
	inNetns(t, func(ns string) {
		run(t, "ip", "-n", ns, "link", "set", "lo", "up")
		run(t, "ip", "-n", ns, "link", "add", "d0", "type", "dummy")
		run(t, "ip", "-n", ns, "link", "set", "d0", "up")
		run(t, "ipv8ctl", "-n", ns, "link", "set", "d0", "ipv8", "on")
		run(t, "ipv8ctl", "-n", ns, "addr", "add", "65533.192.0.2.1/24", "dev", "d0")
		f(ns, in8.MustParseAddr("65533.192.0.2.1"))
	})
}

// rawBind calls bind(2) with exactly the octets given, to reach the
// kernel's sockaddr checks that Sockaddr.Marshal never fails.
func rawBind(t *testing.T, c *UDPConn, sa []byte) error {
	t.Helper()
	var errno syscall.Errno
	if err := c.s.rc.Control(func(fd uintptr) {
		_, _, errno = unix.Syscall(unix.SYS_BIND, fd, uintptr(unsafe.Pointer(&sa[0])), uintptr(len(sa)))
	}); err != nil {
		t.Fatal(err)
	}
	if errno != 0 {
		return errno
	}
	return nil
}

// recvFlags is recvfrom(2) with flags and no address, blocking through
// the netpoller.
func recvFlags(t *testing.T, c *UDPConn, b []byte, flags int) (int, error) {
	t.Helper()
	var n uintptr
	var errno syscall.Errno
	err := c.s.rc.Read(func(fd uintptr) bool {
		n, _, errno = unix.Syscall6(unix.SYS_RECVFROM, fd, uintptr(bufPtr(b)), uintptr(len(b)),
			uintptr(flags), 0, 0)
		return errno != unix.EAGAIN || flags&unix.MSG_DONTWAIT != 0
	})
	if err != nil {
		t.Fatal(err)
	}
	if errno != 0 {
		return 0, errno
	}
	return int(n), nil
}

func TestKernelUDPCreate(t *testing.T) {
	needGuest(t)
	for _, tt := range []struct {
		proto int
		want  error
	}{{0, nil}, {unix.IPPROTO_UDP, nil}, {unix.IPPROTO_TCP, unix.EPROTONOSUPPORT}} {
		s, err := newSocket(unix.SOCK_DGRAM, tt.proto)
		if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
			t.Errorf("socket(AF_INET8, SOCK_DGRAM, %d) = %v, want %v", tt.proto, err, tt.want)
		}
		if s != nil {
			s.close()
		}
	}
}

func TestKernelUDPBind(t *testing.T) {
	needGuest(t)
	udpNetns(t, func(_ string, self in8.Addr) {
		if _, err := ListenUDP(in8.MustParseAddr("65533.192.0.2.99"), 0); !errors.Is(err, unix.EADDRNOTAVAIL) {
			t.Errorf("ListenUDP(unassigned) = %v, want EADDRNOTAVAIL", err)
		}
		a, err := ListenUDP(in8.Unspecified, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		addr, port, err := a.LocalAddr()
		if err != nil || addr != in8.Unspecified || port < 32768 || port > 60999 {
			t.Errorf("autobind LocalAddr = %v:%d, %v; want 0:32768..60999", addr, port, err)
		}
		// The wildcard holds the port for every address, and back.
		if _, err := ListenUDP(self, port); !errors.Is(err, unix.EADDRINUSE) {
			t.Errorf("ListenUDP(self, %d) beside the wildcard = %v, want EADDRINUSE", port, err)
		}
		b, err := ListenUDP(self, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer b.Close()
		if _, port2, _ := b.LocalAddr(); port2 == port {
			t.Errorf("two autobinds got the same port %d", port)
		}
		// SO_REUSEADDR on both sides shares a port.
		r1, err := ListenUDPReuse(self, 7777)
		if err != nil {
			t.Fatal(err)
		}
		defer r1.Close()
		r2, err := ListenUDPReuse(in8.Unspecified, 7777)
		if err != nil {
			t.Errorf("second SO_REUSEADDR bind: %v", err)
		} else {
			r2.Close()
		}
		if _, err := ListenUDP(in8.Unspecified, 7777); !errors.Is(err, unix.EADDRINUSE) {
			t.Errorf("bind without SO_REUSEADDR = %v, want EADDRINUSE", err)
		}

		s, err := newSocket(unix.SOCK_DGRAM, 0)
		if err != nil {
			t.Fatal(err)
		}
		c := &UDPConn{s: s}
		defer c.Close()
		good := Sockaddr{Addr: self, Port: 8888}.Marshal()
		family := good
		family[0], family[1] = unix.AF_INET, 0
		pad := good
		pad[15] = 1
		for _, tt := range []struct {
			name string
			sa   []byte
			want error
		}{
			{"short", good[:12], unix.EINVAL},
			{"family", family[:], unix.EAFNOSUPPORT},
			{"pad", pad[:], unix.EINVAL},
			{"good", good[:], nil},
			{"again", good[:], unix.EINVAL},
		} {
			if err := rawBind(t, c, tt.sa); err != tt.want && !errors.Is(err, tt.want) {
				t.Errorf("bind(%s) = %v, want %v", tt.name, err, tt.want)
			}
		}
	})
}

func TestKernelUDPEcho(t *testing.T) {
	needGuest(t)
	udpNetns(t, func(_ string, self in8.Addr) {
		srv, err := ListenUDP(self, 7)
		if err != nil {
			t.Fatal(err)
		}
		defer srv.Close()
		cl, err := ListenUDP(in8.Unspecified, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer cl.Close()
		_, cport, _ := cl.LocalAddr()
		srv.SetDeadline(time.Now().Add(5 * time.Second))
		cl.SetDeadline(time.Now().Add(5 * time.Second))

		buf := make([]byte, 2000)
		for _, size := range []int{0, 1, 12, 1000, 1500 - 28 - 8} {
			msg := bytes.Repeat([]byte{byte(size)}, size)
			if _, err := cl.WriteTo(msg, self, 7); err != nil {
				t.Fatalf("WriteTo(%d octets): %v", size, err)
			}
			n, from, fport, err := srv.ReadFrom(buf)
			if err != nil || !bytes.Equal(buf[:n], msg) || from != self || fport != cport {
				t.Fatalf("server got %d octets from %v:%d, %v; want %d from %v:%d",
					n, from, fport, err, size, self, cport)
			}
			if _, err := srv.WriteTo(buf[:n], from, fport); err != nil {
				t.Fatal(err)
			}
			n, from, fport, err = cl.ReadFrom(buf)
			if err != nil || !bytes.Equal(buf[:n], msg) || from != self || fport != 7 {
				t.Fatalf("client got %d octets from %v:%d, %v", n, from, fport, err)
			}
		}
		if _, err := cl.WriteTo(make([]byte, 1500-28-8+1), self, 7); !errors.Is(err, unix.EMSGSIZE) {
			t.Errorf("WriteTo above the MTU = %v, want EMSGSIZE", err)
		}
		if _, err := cl.WriteTo([]byte{1}, self, 0); !errors.Is(err, unix.EINVAL) {
			t.Errorf("WriteTo port 0 = %v, want EINVAL", err)
		}

		// MSG_PEEK leaves the datagram; MSG_TRUNC reports its real length.
		if _, err := cl.WriteTo([]byte("peekaboo"), self, 7); err != nil {
			t.Fatal(err)
		}
		small := make([]byte, 4)
		if n, err := recvFlags(t, srv, small, unix.MSG_PEEK); n != 4 || err != nil || string(small) != "peek" {
			t.Errorf("MSG_PEEK = %d %q, %v", n, small, err)
		}
		if n, err := recvFlags(t, srv, small, unix.MSG_TRUNC); n != 8 || err != nil {
			t.Errorf("MSG_TRUNC = %d, %v; want 8", n, err)
		}
		if _, err := recvFlags(t, srv, small, unix.MSG_DONTWAIT); !errors.Is(err, unix.EAGAIN) {
			t.Errorf("MSG_DONTWAIT on an empty queue = %v, want EAGAIN", err)
		}
		srv.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
		if _, _, _, err := srv.ReadFrom(buf); !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Errorf("ReadFrom past deadline = %v", err)
		}
	})
}

// TestKernelUDPConnRefused: a datagram to a closed port draws ICMPv8 port
// unreachable, which a connected socket hears as ECONNREFUSED.
func TestKernelUDPConnRefused(t *testing.T) {
	needGuest(t)
	udpNetns(t, func(_ string, self in8.Addr) {
		c, err := ListenUDP(in8.Unspecified, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if err := c.Connect(self, 9); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Write([]byte("anyone?")); err != nil {
			t.Fatal(err)
		}
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		if _, err := c.Read(make([]byte, 64)); !errors.Is(err, unix.ECONNREFUSED) {
			t.Errorf("Read after port unreachable = %v, want ECONNREFUSED", err)
		}
	})
}

// TestKernelUDPBroadcast: a link with no address yet can still send to
// the broadcast address (DHCP8), with SO_BROADCAST and SO_BINDTODEVICE.
func TestKernelUDPBroadcast(t *testing.T) {
	needGuest(t)
	inNetns(t, func(ns string) {
		run(t, "ip", "-n", ns, "link", "add", "d1", "type", "dummy")
		run(t, "ip", "-n", ns, "link", "set", "d1", "up")
		run(t, "ipv8ctl", "-n", ns, "link", "set", "d1", "ipv8", "on")
		c, err := ListenUDP(in8.Unspecified, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		bcast := in8.Broadcast
		if err := c.BindToDevice("d1"); err != nil {
			t.Fatal(err)
		}
		if _, err := c.WriteTo([]byte("discover"), bcast, 67); !errors.Is(err, unix.EACCES) {
			t.Errorf("broadcast without SO_BROADCAST = %v, want EACCES", err)
		}
		if err := c.SetBroadcast(true); err != nil {
			t.Fatal(err)
		}
		if _, err := c.WriteTo([]byte("discover"), bcast, 67); err != nil {
			t.Errorf("broadcast from a link without address: %v", err)
		}
	})
}

// TestKernelUDPWireVectors sends the datagrams of docs/protocol.md 8.5
// and compares what a raw socket sees with the vectors, octet for octet:
// the kernel's checksum, the zero rule included, matches the document.
func TestKernelUDPWireVectors(t *testing.T) {
	needGuest(t)
	udpNetns(t, func(ns string, a in8.Addr) {
		run(t, "ipv8ctl", "-n", ns, "addr", "add", "65533.192.0.2.2/24", "dev", "d0")
		b := in8.MustParseAddr("65533.192.0.2.2")
		raw, err := ListenRaw(unix.IPPROTO_UDP)
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		raw.SetReadDeadline(time.Now().Add(5 * time.Second))
		dst, err := ListenUDP(b, 7)
		if err != nil {
			t.Fatal(err)
		}
		defer dst.Close()
		src, err := ListenUDP(a, 40000)
		if err != nil {
			t.Fatal(err)
		}
		defer src.Close()
		for _, tt := range []struct {
			name string
			data string
			want []byte
		}{
			{"datagram", "hello, ipv8\n", []byte{
				0x9c, 0x40, 0x00, 0x07, 0x00, 0x14, 0xd2, 0x96, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x2c, 0x20, 0x69,
				0x70, 0x76, 0x38, 0x0a}},
			{"computed zero sent as ffff", "zero sum\x5c\xcd", []byte{
				0x9c, 0x40, 0x00, 0x07, 0x00, 0x12, 0xff, 0xff, 0x7a, 0x65, 0x72, 0x6f, 0x20, 0x73, 0x75, 0x6d,
				0x5c, 0xcd}},
		} {
			if _, err := src.WriteTo([]byte(tt.data), b, 7); err != nil {
				t.Fatal(err)
			}
			buf := make([]byte, 200)
			n, from, err := raw.ReadFrom(buf)
			if err != nil || from != a || n < 28 {
				t.Fatalf("%s: raw ReadFrom = %d from %v, %v", tt.name, n, from, err)
			}
			_, got, err := ParseHeader(buf[:n])
			if err != nil || !bytes.Equal(got, tt.want) {
				t.Errorf("%s: on the wire % x, %v\nwant % x", tt.name, got, err, tt.want)
			}
		}
	})
}
