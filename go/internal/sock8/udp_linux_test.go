//go:build linux

package sock8

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"maps"
	"os"
	"os/exec"
	"strings"
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

func TestKernelUDPOptions(t *testing.T) {
	needGuest(t)
	udpNetns(t, func(_ string, self in8.Addr) {
		c, err := ListenUDP(in8.Unspecified, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if ttl, err := c.TTL(); err != nil || ttl != 64 {
			t.Errorf("default TTL = %d, %v; want 64", ttl, err)
		}
		if tos, err := c.TOS(); err != nil || tos != 0 {
			t.Errorf("default TOS = %d, %v; want 0", tos, err)
		}
		for _, tt := range []struct{ set, want int }{{1, 1}, {255, 255}, {7, 7}, {-1, 64}} {
			if err := c.SetTTL(tt.set); err != nil {
				t.Errorf("SetTTL(%d): %v", tt.set, err)
			}
			if ttl, err := c.TTL(); err != nil || ttl != tt.want {
				t.Errorf("after SetTTL(%d): TTL = %d, %v; want %d", tt.set, ttl, err, tt.want)
			}
		}
		for _, v := range []int{0, 0xb8, 255} {
			if err := c.SetTOS(v); err != nil {
				t.Errorf("SetTOS(%d): %v", v, err)
			}
			if tos, err := c.TOS(); err != nil || tos != v {
				t.Errorf("after SetTOS(%d): TOS = %d, %v", v, tos, err)
			}
		}
		for _, bad := range []int{0, 256, -2} {
			if err := c.SetTTL(bad); !errors.Is(err, unix.EINVAL) {
				t.Errorf("SetTTL(%d) = %v, want EINVAL", bad, err)
			}
		}
		for _, bad := range []int{-1, 256} {
			if err := c.SetTOS(bad); !errors.Is(err, unix.EINVAL) {
				t.Errorf("SetTOS(%d) = %v, want EINVAL", bad, err)
			}
		}
		if err := c.s.setsockoptInt(unix.SOL_IP, unix.IP_HDRINCL, 1); !errors.Is(err, unix.ENOPROTOOPT) {
			t.Errorf("setsockopt(IP_HDRINCL) = %v, want ENOPROTOOPT", err)
		}
		// One octet, as some callers pass a char.
		var serr error
		c.s.rc.Control(func(fd uintptr) { serr = unix.SetsockoptByte(int(fd), unix.SOL_IP, unix.IP_TTL, 9) })
		if ttl, err := c.TTL(); serr != nil || err != nil || ttl != 9 {
			t.Errorf("one-octet IP_TTL 9: %v; TTL = %d, %v", serr, ttl, err)
		}

		// What a raw socket sees: every datagram, sent by WriteTo or by a
		// connected Write, carries the TTL and TOS in force.
		raw, err := ListenRaw(unix.IPPROTO_UDP)
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		raw.SetReadDeadline(time.Now().Add(5 * time.Second))
		dst, err := ListenUDP(self, 7)
		if err != nil {
			t.Fatal(err)
		}
		defer dst.Close()
		conn, err := DialUDP(nil, &UDPAddr{Addr: self, Port: 7})
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		buf := make([]byte, 200)
		for _, tt := range []struct {
			ttl, tos         int
			wantTTL, wantTOS uint8
			connected        bool
		}{
			{-1, 0, 64, 0, false},
			{1, 0x10, 1, 0x10, false},
			{200, 0xb8, 200, 0xb8, true},
			{-1, 0, 64, 0, true},
		} {
			u := c
			if tt.connected {
				u = conn.UDPConn()
			}
			if err := u.SetTTL(tt.ttl); err != nil {
				t.Fatal(err)
			}
			if err := u.SetTOS(tt.tos); err != nil {
				t.Fatal(err)
			}
			if tt.connected {
				_, err = u.Write([]byte("opt"))
			} else {
				_, err = u.WriteTo([]byte("opt"), self, 7)
			}
			if err != nil {
				t.Fatal(err)
			}
			n, _, err := raw.ReadFrom(buf)
			if err != nil {
				t.Fatal(err)
			}
			h, _, err := ParseHeader(buf[:n])
			if err != nil || h.TTL != tt.wantTTL || h.TOS != tt.wantTOS || h.Protocol != unix.IPPROTO_UDP {
				t.Errorf("TTL %d TOS %#x (connected %v): header %+v, %v; want TTL %d TOS %#x",
					tt.ttl, tt.tos, tt.connected, h, err, tt.wantTTL, tt.wantTOS)
			}
		}
	})
}

// stats returns the namespace's counters, as `ipv8ctl -j stats show`.
func stats(t *testing.T, ns string) map[string]uint64 {
	t.Helper()
	out, err := exec.Command("ipv8ctl", "-n", ns, "-j", "stats", "show").Output()
	if err != nil {
		t.Fatalf("ipv8ctl stats show: %v", err)
	}
	m := map[string]uint64{}
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatalf("ipv8ctl stats show: %v\n%s", err, out)
	}
	return m
}

// growth returns the udp_* counters that changed from a to b.
func growth(a, b map[string]uint64) map[string]uint64 {
	d := map[string]uint64{}
	for k, v := range b {
		if strings.HasPrefix(k, "udp_") && v != a[k] {
			d[k] = v - a[k]
		}
	}
	return d
}

// udpHeader builds a UDP8 header plus data as a raw socket sends it, with
// the checksum given (the kernel adds only the IPv8 header).
func udpHeader(sport, dport, length, check uint16, data []byte) []byte {
	b := binary.BigEndian.AppendUint16(nil, sport)
	b = binary.BigEndian.AppendUint16(b, dport)
	b = binary.BigEndian.AppendUint16(b, length)
	b = binary.BigEndian.AppendUint16(b, check)
	return append(b, data...)
}

// TestKernelUDPCounters provokes each UDP8 receive drop reason and checks
// that exactly its counter grows, by exactly the number of datagrams.
func TestKernelUDPCounters(t *testing.T) {
	needGuest(t)
	udpNetns(t, func(ns string, self in8.Addr) {
		dst, err := ListenUDP(self, 7)
		if err != nil {
			t.Fatal(err)
		}
		defer dst.Close()
		src, err := ListenUDP(self, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer src.Close()
		raw, err := ListenRaw(unix.IPPROTO_UDP)
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		// The raw socket hears every UDP8 packet too: drain it as we go so
		// its own buffer never matters.
		drainRaw := func() {
			b := make([]byte, 2000)
			for {
				raw.SetReadDeadline(time.Now().Add(20 * time.Millisecond))
				if _, _, err := raw.ReadFrom(b); err != nil {
					return
				}
			}
		}
		// A good datagram's checksum, from the kernel itself.
		if _, err := src.WriteTo([]byte("good"), self, 7); err != nil {
			t.Fatal(err)
		}
		dst.SetReadDeadline(time.Now().Add(5 * time.Second))
		if _, _, _, err := dst.ReadFrom(make([]byte, 8)); err != nil {
			t.Fatal(err)
		}
		drainRaw()

		for _, tt := range []struct {
			name string
			send func() error
			want map[string]uint64
		}{
			{"good", func() error { _, err := src.WriteTo([]byte("x"), self, 7); return err },
				map[string]uint64{"udp_tx_datagrams": 1, "udp_rx_datagrams": 1}},
			{"closed port", func() error { _, err := src.WriteTo([]byte("x"), self, 9); return err },
				map[string]uint64{"udp_tx_datagrams": 1, "udp_rx_drop_no_port": 1}},
			{"wrong checksum", func() error {
				_, err := raw.WriteTo(udpHeader(1000, 7, 9, 0x1234, []byte("x")), self)
				return err
			}, map[string]uint64{"udp_rx_drop_checksum": 1}},
			{"zero checksum", func() error {
				_, err := raw.WriteTo(udpHeader(1000, 7, 9, 0, []byte("x")), self)
				return err
			}, map[string]uint64{"udp_rx_drop_checksum": 1}},
			{"length beyond the packet", func() error {
				_, err := raw.WriteTo(udpHeader(1000, 7, 20, 0x1234, []byte("x")), self)
				return err
			}, map[string]uint64{"udp_rx_drop_short": 1}},
			{"length below the header", func() error {
				_, err := raw.WriteTo(udpHeader(1000, 7, 7, 0x1234, []byte("x")), self)
				return err
			}, map[string]uint64{"udp_rx_drop_short": 1}},
			{"shorter than the header", func() error {
				_, err := raw.WriteTo([]byte{0x03, 0xe8, 0, 7}, self)
				return err
			}, map[string]uint64{"udp_rx_drop_short": 1}},
		} {
			before := stats(t, ns)
			if err := tt.send(); err != nil {
				t.Fatalf("%s: send: %v", tt.name, err)
			}
			time.Sleep(20 * time.Millisecond)
			if tt.name == "good" {
				// A fresh deadline: on a slow guest the first one may
				// have passed, leaving this datagram queued for the
				// full-buffer check below.
				dst.SetReadDeadline(time.Now().Add(5 * time.Second))
				if _, _, _, err := dst.ReadFrom(make([]byte, 8)); err != nil {
					t.Fatalf("%s: %v", tt.name, err)
				}
			}
			if got := growth(before, stats(t, ns)); !maps.Equal(got, tt.want) {
				t.Errorf("%s: udp counters grew by %v, want %v", tt.name, got, tt.want)
			}
			drainRaw()
		}

		// A full receive buffer: every datagram is either queued or
		// counted, none vanishes. No deadline: an expired one fails even
		// a MSG_DONTWAIT read.
		dst.SetReadDeadline(time.Time{})
		if n, err := recvFlags(t, dst, make([]byte, 200), unix.MSG_DONTWAIT); err == nil {
			t.Fatalf("a %d-octet datagram was still queued before the full-buffer check", n)
		}
		if err := dst.SetReadBuffer(1); err != nil {
			t.Fatal(err)
		}
		raw.Close() // its buffer would fill too, and it is not under test
		before := stats(t, ns)
		const sent = 200
		for i := range sent {
			if _, err := src.WriteTo(make([]byte, 100), self, 7); err != nil {
				t.Fatalf("datagram %d: %v", i, err)
			}
		}
		queued := uint64(0)
		for {
			if _, err := recvFlags(t, dst, make([]byte, 200), unix.MSG_DONTWAIT); err != nil {
				break
			}
			queued++
		}
		got := growth(before, stats(t, ns))
		want := map[string]uint64{"udp_tx_datagrams": sent, "udp_rx_datagrams": queued,
			"udp_rx_drop_rcvbuf": sent - queued}
		if queued == 0 || queued == sent {
			t.Errorf("a 1-octet SO_RCVBUF queued %d of %d datagrams", queued, sent)
		}
		if !maps.Equal(got, want) {
			t.Errorf("full receive buffer: udp counters grew by %v, want %v", got, want)
		}
	})
}
