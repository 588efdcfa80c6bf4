//go:build linux

package sock8

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"runtime"
	"testing"
	"time"

	"github.com/vishvananda/netns"
	"golang.org/x/sys/unix"

	"github.com/ipv8/ipv8/go/in8"
)

// These tests talk to the real ipv8 module. They run only inside the QEMU
// guests of tests/netns (IPV8_GUEST=1, root, module loaded), and there
// they must pass rather than skip:
//
//	go test -c -o bin/sock8.test ./go/internal/sock8/
//	tests/netns/vm-run sh -c 'cd /tmp && sock8.test -test.v -test.run Kernel'
func needGuest(t *testing.T) {
	t.Helper()
	if os.Getenv("IPV8_GUEST") != "1" {
		t.Skip("needs the ipv8 module: runs in the tests/netns guests (IPV8_GUEST=1)")
	}
}

// inNetns creates a fresh named network namespace, runs f with the
// calling thread inside it (sockets opened by f stay there) and removes
// the namespace at the end of the test.
func inNetns(t *testing.T, f func(name string)) {
	t.Helper()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	orig, err := netns.Get()
	if err != nil {
		t.Fatal(err)
	}
	defer orig.Close()
	name := fmt.Sprintf("sock8-%08x", rand.Uint32())
	h, err := netns.NewNamed(name)
	if err != nil {
		t.Fatalf("netns.NewNamed: %v", err)
	}
	defer h.Close()
	t.Cleanup(func() { _ = netns.DeleteNamed(name) })
	defer func() {
		if err := netns.Set(orig); err != nil {
			panic(err) // a thread stuck in the test netns must not be reused
		}
	}()
	f(name)
}

func run(t *testing.T, args ...string) {
	t.Helper()
	if out, err := exec.Command(args[0], args[1:]...).CombinedOutput(); err != nil {
		t.Fatalf("%v: %v\n%s", args, err, out)
	}
}

func TestKernelSocketCreate(t *testing.T) {
	needGuest(t)
	tests := []struct {
		name  string
		typ   int
		proto int
		want  error
	}{
		{"raw icmp", unix.SOCK_RAW, unix.IPPROTO_ICMP, nil},
		{"raw udp", unix.SOCK_RAW, unix.IPPROTO_UDP, nil},
		{"raw 255", unix.SOCK_RAW, 255, nil},
		{"raw proto 0", unix.SOCK_RAW, 0, unix.EPROTONOSUPPORT},
		{"raw proto 256", unix.SOCK_RAW, 256, unix.EPROTONOSUPPORT},
		{"stream", unix.SOCK_STREAM, 0, unix.ESOCKTNOSUPPORT},
		{"seqpacket", unix.SOCK_SEQPACKET, 0, unix.ESOCKTNOSUPPORT},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := newSocket(tt.typ, tt.proto)
			if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("socket(AF_INET8, %d, %d) = %v, want %v", tt.typ, tt.proto, err, tt.want)
			}
			if s != nil {
				s.close()
			}
		})
	}
}

func TestKernelOptions(t *testing.T) {
	needGuest(t)
	c, err := ListenRaw(unix.IPPROTO_ICMP)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if ttl, err := c.TTL(); err != nil || ttl != 64 {
		t.Errorf("default TTL = %d, %v; want 64", ttl, err)
	}
	for _, tt := range []struct{ set, want int }{{1, 1}, {255, 255}, {7, 7}, {-1, 64}} {
		if err := c.SetTTL(tt.set); err != nil {
			t.Errorf("SetTTL(%d): %v", tt.set, err)
		}
		if ttl, err := c.TTL(); err != nil || ttl != tt.want {
			t.Errorf("after SetTTL(%d): TTL = %d, %v; want %d", tt.set, ttl, err, tt.want)
		}
	}
	for _, bad := range []int{0, 256, -2} {
		if err := c.SetTTL(bad); !errors.Is(err, unix.EINVAL) {
			t.Errorf("SetTTL(%d) = %v, want EINVAL", bad, err)
		}
	}
	if err := c.SetTOS(0x10); err != nil {
		t.Errorf("SetTOS: %v", err)
	}
	if err := c.BindToDevice("lo"); err != nil {
		t.Errorf("BindToDevice(lo): %v", err)
	}
	if err := c.BindToDevice(""); err != nil {
		t.Errorf("BindToDevice(\"\"): %v", err)
	}
}

func TestKernelBindAndSendErrors(t *testing.T) {
	needGuest(t)
	inNetns(t, func(string) {
		c, err := ListenRaw(unix.IPPROTO_ICMP)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if err := c.Bind(in8.MustParseAddr("65533.192.0.2.99")); !errors.Is(err, unix.EADDRNOTAVAIL) {
			t.Errorf("Bind(unassigned) = %v, want EADDRNOTAVAIL", err)
		}
		if err := c.Bind(in8.Unspecified); err != nil {
			t.Errorf("Bind(0) = %v", err)
		}
		if a, err := c.LocalAddr(); err != nil || a != in8.Unspecified {
			t.Errorf("LocalAddr = %v, %v; want 0.0.0.0", a, err)
		}
		msg := echoRequest(1, 1)
		if _, err := c.WriteTo(msg, in8.MustParseAddr("10.0.0.1")); !errors.Is(err, unix.ENETUNREACH) {
			t.Errorf("WriteTo(routing prefix 0) = %v, want ENETUNREACH", err)
		}
		// An empty namespace has no route at all.
		if _, err := c.WriteTo(msg, in8.MustParseAddr("65533.192.0.2.2")); !errors.Is(err, unix.ENETUNREACH) {
			t.Errorf("WriteTo(no route) = %v, want ENETUNREACH", err)
		}
	})
}

func TestKernelDeadlineAndClose(t *testing.T) {
	needGuest(t)
	c, err := ListenRaw(253)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	c.SetReadDeadline(start.Add(100 * time.Millisecond))
	buf := make([]byte, 1500)
	if _, _, err := c.ReadFrom(buf); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("ReadFrom past deadline = %v, want os.ErrDeadlineExceeded", err)
	}
	if d := time.Since(start); d < 90*time.Millisecond || d > 5*time.Second {
		t.Errorf("deadline fired after %v, want about 100ms", d)
	}
	c.SetReadDeadline(time.Time{})
	done := make(chan error, 1)
	go func() { _, _, err := c.ReadFrom(buf); done <- err }()
	time.Sleep(50 * time.Millisecond)
	c.Close()
	select {
	case err := <-done:
		if !errors.Is(err, net.ErrClosed) {
			t.Errorf("ReadFrom after Close = %v, want net.ErrClosed", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not wake a blocked ReadFrom")
	}
	if _, err := c.WriteTo([]byte{1}, in8.MustParseAddr("65533.192.0.2.2")); !errors.Is(err, net.ErrClosed) {
		t.Errorf("WriteTo after Close = %v, want net.ErrClosed", err)
	}
}

// TestKernelEchoSelf pings the namespace's own address: the raw socket
// sees the echo request it sent and the kernel's echo reply, each with a
// full IPv8 header in front.
func TestKernelEchoSelf(t *testing.T) {
	needGuest(t)
	if _, err := exec.LookPath("ipv8ctl"); err != nil {
		t.Fatal("ipv8ctl not on PATH (the guest puts bin/ there)")
	}
	self := in8.MustParseAddr("65533.192.0.2.1")
	inNetns(t, func(ns string) {
		c := selfICMP(t, ns)
		if err := c.Bind(self); err != nil {
			t.Fatalf("Bind(%v): %v", self, err)
		}
		if a, err := c.LocalAddr(); err != nil || a != self {
			t.Errorf("LocalAddr = %v, %v; want %v", a, err, self)
		}
		if err := c.SetTTL(9); err != nil {
			t.Fatal(err)
		}
		id := uint16(rand.Uint32())
		if _, err := c.WriteTo(echoRequest(id, 1), self); err != nil {
			t.Fatalf("WriteTo(self): %v", err)
		}
		c.SetReadDeadline(time.Now().Add(3 * time.Second))
		buf := make([]byte, 1500)
		for {
			n, from, err := c.ReadFrom(buf)
			if err != nil {
				t.Fatalf("no echo reply: %v", err)
			}
			h, icmp, err := ParseHeader(buf[:n])
			if err != nil {
				t.Fatalf("ParseHeader: %v", err)
			}
			if from != h.Src || h.Protocol != 1 || len(icmp) < 8 {
				t.Fatalf("from %v header %+v icmp %d octets", from, h, len(icmp))
			}
			if binary.BigEndian.Uint16(icmp[4:]) != id {
				continue
			}
			if icmp[0] == 8 { // our own request, delivered locally
				if h.TTL != 9 {
					t.Errorf("request TTL = %d, want 9 (IP_TTL)", h.TTL)
				}
				continue
			}
			if icmp[0] != 0 || h.Src != self || h.Dst != self || checksum(icmp) != 0 {
				t.Fatalf("want an echo reply from %v, got type %d header %+v", self, icmp[0], h)
			}
			return
		}
	})
}

// selfICMP gives namespace ns, which the calling thread is in, the
// address 65533.192.0.2.1 on a dummy link and returns a raw ICMP socket
// there, closed at the end of the test: for tests that talk to
// themselves.
func selfICMP(t *testing.T, ns string) *RawConn {
	t.Helper()
	run(t, "ip", "-n", ns, "link", "set", "lo", "up")
	run(t, "ip", "-n", ns, "link", "add", "d0", "type", "dummy")
	run(t, "ip", "-n", ns, "link", "set", "d0", "up")
	run(t, "ipv8ctl", "-n", ns, "link", "set", "d0", "ipv8", "on")
	run(t, "ipv8ctl", "-n", ns, "addr", "add", "65533.192.0.2.1/24", "dev", "d0")
	c, err := ListenRaw(unix.IPPROTO_ICMP)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// TestKernelNoAllocs: a send and a read with the receive time allocate
// nothing, so that ping8's clock-to-send path stays short.
func TestKernelNoAllocs(t *testing.T) {
	needGuest(t)
	self := in8.MustParseAddr("65533.192.0.2.1")
	inNetns(t, func(ns string) {
		c := selfICMP(t, ns)
		if err := c.SetTimestamping(true); err != nil {
			t.Fatal(err)
		}
		c.SetReadDeadline(time.Now().Add(time.Minute))
		req, buf := echoRequest(uint16(rand.Uint32()), 1), make([]byte, 1500)
		var failed error
		// Each request comes back twice: itself, delivered locally to
		// the raw socket, and its reply.
		allocs := testing.AllocsPerRun(200, func() {
			if _, err := c.WriteTo(req, self); err != nil {
				failed = err
			}
			for range 2 {
				if _, _, rx, err := c.ReadFromWithTime(buf); err != nil || rx.IsZero() {
					failed = fmt.Errorf("read: %v, receive time %v", err, rx)
				}
			}
		})
		if failed != nil {
			t.Fatal(failed)
		}
		if allocs != 0 {
			t.Errorf("WriteTo and two ReadFromWithTime: %v allocations, want 0", allocs)
		}
	})
}

func echoRequest(id, seq uint16) []byte {
	b := []byte{8, 0, 0, 0, byte(id >> 8), byte(id), byte(seq >> 8), byte(seq), 's', 'o', 'c', 'k', '8'}
	binary.BigEndian.PutUint16(b[2:], checksum(b))
	return b
}

// checksum is RFC 1071: zero over a message whose checksum is in place.
func checksum(b []byte) uint16 {
	var s uint32
	for i := 0; i+1 < len(b); i += 2 {
		s += uint32(b[i])<<8 | uint32(b[i+1])
	}
	if len(b)%2 == 1 {
		s += uint32(b[len(b)-1]) << 8
	}
	for s > 0xffff {
		s = s>>16 + s&0xffff
	}
	return ^uint16(s)
}

// TestKernelRxTimestamp: with SO_TIMESTAMPNS on, ReadFromWithTime returns
// the kernel's receive time, between the send and the return of the read
// on the wall clock; with it off, the zero time.
func TestKernelRxTimestamp(t *testing.T) {
	needGuest(t)
	self := in8.MustParseAddr("65533.192.0.2.1")
	inNetns(t, func(ns string) {
		c := selfICMP(t, ns)
		id := uint16(rand.Uint32())
		buf := make([]byte, 1500)
		// reply sends request seq and returns its echo reply's receive
		// time with the wall clock just before the send and after the read.
		reply := func(seq uint16) (rx, before, after time.Time) {
			t.Helper()
			before = time.Now().Round(0)
			if _, err := c.WriteTo(echoRequest(id, seq), self); err != nil {
				t.Fatalf("WriteTo(self): %v", err)
			}
			c.SetReadDeadline(time.Now().Add(3 * time.Second))
			for {
				n, from, rx, err := c.ReadFromWithTime(buf)
				if err != nil {
					t.Fatalf("no echo reply: %v", err)
				}
				h, icmp, err := ParseHeader(buf[:n])
				if err != nil {
					t.Fatalf("ParseHeader: %v", err)
				}
				if from != h.Src {
					t.Fatalf("from %v, header source %v", from, h.Src)
				}
				if len(icmp) >= 8 && icmp[0] == 0 && binary.BigEndian.Uint16(icmp[4:]) == id &&
					binary.BigEndian.Uint16(icmp[6:]) == seq {
					return rx, before, time.Now().Round(0)
				}
			}
		}
		if rx, _, _ := reply(1); !rx.IsZero() {
			t.Errorf("timestamps off: receive time %v, want none", rx)
		}
		if err := c.SetTimestamping(true); err != nil {
			t.Fatalf("SetTimestamping(true): %v", err)
		}
		for seq := uint16(2); seq < 5; seq++ {
			rx, before, after := reply(seq)
			// Both are CLOCK_REALTIME; the slack covers a coarse clock.
			const slack = 10 * time.Millisecond
			if rx.IsZero() || rx.Before(before.Add(-slack)) || rx.After(after.Add(slack)) {
				t.Errorf("seq %d: receive time %v, want within [%v, %v]", seq, rx, before, after)
			}
		}
		if err := c.SetTimestamping(false); err != nil {
			t.Fatalf("SetTimestamping(false): %v", err)
		}
		if rx, _, _ := reply(5); !rx.IsZero() {
			t.Errorf("timestamps off again: receive time %v, want none", rx)
		}
	})
}
