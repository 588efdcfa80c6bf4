//go:build linux

package sock8

import (
	"bytes"
	"errors"
	"net"
	"os"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/ipv8/ipv8/go/in8"
)

// TestPacketConnWriteToWrongAddr needs no kernel: the address type is
// checked before any system call, and a wrong one is an error, never a
// panic.
func TestPacketConnWriteToWrongAddr(t *testing.T) {
	var p PacketConn
	for _, tt := range []struct {
		name string
		addr net.Addr
	}{
		{"nil interface", nil},
		{"nil *UDPAddr", (*UDPAddr)(nil)},
		{"*net.UDPAddr", &net.UDPAddr{IP: net.IPv4(192, 0, 2, 1), Port: 53}},
		{"*net.IPAddr", &net.IPAddr{IP: net.IPv4(192, 0, 2, 1)}},
	} {
		n, err := p.WriteTo([]byte("x"), tt.addr)
		var oe *net.OpError
		if n != 0 || !errors.Is(err, ErrNotUDPAddr) || !errors.As(err, &oe) || oe.Op != "write" {
			t.Errorf("WriteTo(%s) = %d, %v; want 0, a write *net.OpError wrapping ErrNotUDPAddr",
				tt.name, n, err)
		}
	}
	if _, err := p.WriteToUDP(nil, nil); !errors.Is(err, ErrNotUDPAddr) {
		t.Errorf("WriteToUDP(nil) = %v, want ErrNotUDPAddr", err)
	}
	if _, err := DialUDP(nil, nil); err == nil {
		t.Error("DialUDP without a remote address succeeded")
	}
}

// isTimeout checks every way a caller may test for a deadline.
func isTimeout(err error) bool {
	var ne net.Error
	return os.IsTimeout(err) && errors.Is(err, os.ErrDeadlineExceeded) &&
		errors.As(err, &ne) && ne.Timeout()
}

func TestKernelPacketConn(t *testing.T) {
	needGuest(t)
	udpNetns(t, func(_ string, self in8.Addr) {
		srvAddr := &UDPAddr{Addr: self, Port: 7}
		srv, err := ListenPacket(srvAddr)
		if err != nil {
			t.Fatal(err)
		}
		defer srv.Close()
		if got := srv.LocalAddr(); got.Network() != "udp8" || got.String() != "65533.192.0.2.1:7" {
			t.Errorf("server LocalAddr = %s %s", got.Network(), got)
		}
		cl, err := ListenPacket(nil)
		if err != nil {
			t.Fatal(err)
		}
		defer cl.Close()
		cla := cl.LocalAddr().(*UDPAddr)
		if !cla.Addr.IsUnspecified() || cla.Port == 0 {
			t.Errorf("ListenPacket(nil) LocalAddr = %v, want 0.0.0.0 and a port", cla)
		}
		if _, err := ListenPacket(srvAddr); !errors.Is(err, unix.EADDRINUSE) {
			t.Errorf("ListenPacket on a used port = %v, want EADDRINUSE", err)
		}
		srv.SetDeadline(time.Now().Add(5 * time.Second))
		cl.SetDeadline(time.Now().Add(5 * time.Second))

		// Through the net.PacketConn interface only, as a user would.
		var s, c net.PacketConn = srv, cl
		buf := make([]byte, 2000)
		for _, size := range []int{0, 1, 100, 1500 - 28 - 8} {
			msg := bytes.Repeat([]byte{byte(size)}, size)
			if _, err := c.WriteTo(msg, srvAddr); err != nil {
				t.Fatalf("WriteTo(%d octets): %v", size, err)
			}
			n, from, err := s.ReadFrom(buf)
			if err != nil || !bytes.Equal(buf[:n], msg) {
				t.Fatalf("server ReadFrom = %d, %v", n, err)
			}
			fa, ok := from.(*UDPAddr)
			if !ok || fa.Addr != self || fa.Port != cla.Port {
				t.Fatalf("server ReadFrom source %#v, want %v:%d", from, self, cla.Port)
			}
			if _, err := s.WriteTo(buf[:n], from); err != nil {
				t.Fatal(err)
			}
			n, from, err = c.ReadFrom(buf)
			if err != nil || !bytes.Equal(buf[:n], msg) || from.String() != srvAddr.String() {
				t.Fatalf("client ReadFrom = %d from %v, %v", n, from, err)
			}
		}
		if _, err := c.WriteTo(make([]byte, 1500-28-8+1), srvAddr); !errors.Is(err, unix.EMSGSIZE) {
			t.Errorf("WriteTo above the MTU = %v, want EMSGSIZE", err)
		}
		if _, err := c.WriteTo([]byte{1}, &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 7}); !errors.Is(err, ErrNotUDPAddr) {
			t.Errorf("WriteTo(*net.UDPAddr) = %v, want ErrNotUDPAddr", err)
		}

		// A past deadline, then one that wakes a blocked reader.
		s.SetReadDeadline(time.Now().Add(-time.Second))
		if _, _, err := s.ReadFrom(buf); !isTimeout(err) {
			t.Errorf("ReadFrom past the deadline = %v, want a timeout", err)
		}
		s.SetReadDeadline(time.Time{})
		done := make(chan error, 1)
		go func() {
			_, _, err := s.ReadFrom(buf)
			done <- err
		}()
		time.Sleep(50 * time.Millisecond)
		start := time.Now()
		s.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
		if err := <-done; !isTimeout(err) || time.Since(start) > 3*time.Second {
			t.Errorf("blocked ReadFrom after SetReadDeadline = %v after %v, want a timeout", err, time.Since(start))
		}
		s.SetReadDeadline(time.Time{})

		// Close wakes a blocked reader with net.ErrClosed.
		go func() {
			_, _, err := c.ReadFrom(buf)
			done <- err
		}()
		time.Sleep(50 * time.Millisecond)
		if err := c.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		if err := <-done; !errors.Is(err, net.ErrClosed) {
			t.Errorf("ReadFrom after Close = %v, want net.ErrClosed", err)
		}
		if _, err := c.WriteTo([]byte{1}, srvAddr); !errors.Is(err, net.ErrClosed) {
			t.Errorf("WriteTo after Close = %v, want net.ErrClosed", err)
		}
		if got := c.LocalAddr().String(); got != cla.String() {
			t.Errorf("LocalAddr after Close = %s, want %s", got, cla)
		}
	})
}

func TestKernelDialUDP(t *testing.T) {
	needGuest(t)
	udpNetns(t, func(_ string, self in8.Addr) {
		srvAddr := &UDPAddr{Addr: self, Port: 7}
		srv, err := ListenPacket(srvAddr)
		if err != nil {
			t.Fatal(err)
		}
		defer srv.Close()
		srv.SetDeadline(time.Now().Add(5 * time.Second))

		for _, laddr := range []*UDPAddr{nil, {}, {Addr: self, Port: 4242}} {
			d, err := DialUDP(laddr, srvAddr)
			if err != nil {
				t.Fatalf("DialUDP(%v, %v): %v", laddr, srvAddr, err)
			}
			var c net.Conn = d
			c.SetDeadline(time.Now().Add(5 * time.Second))
			la := c.LocalAddr().(*UDPAddr)
			if la.Port == 0 || laddr != nil && laddr.Port != 0 && *la != *laddr {
				t.Errorf("DialUDP(%v) LocalAddr = %v", laddr, la)
			}
			if c.RemoteAddr().String() != srvAddr.String() || c.RemoteAddr().Network() != "udp8" {
				t.Errorf("RemoteAddr = %v", c.RemoteAddr())
			}
			if _, err := c.Write([]byte("ping")); err != nil {
				t.Fatal(err)
			}
			buf := make([]byte, 64)
			n, from, err := srv.ReadFrom(buf)
			if err != nil || string(buf[:n]) != "ping" || from.(*UDPAddr).Port != la.Port {
				t.Fatalf("server got %q from %v, %v", buf[:n], from, err)
			}
			// A stranger's datagram does not reach the connected socket.
			other, err := ListenPacket(nil)
			if err != nil {
				t.Fatal(err)
			}
			other.WriteTo([]byte("stranger"), &UDPAddr{Addr: self, Port: la.Port})
			other.Close()
			srv.WriteTo([]byte("pong"), from)
			n, err = c.Read(buf)
			if err != nil || string(buf[:n]) != "pong" {
				t.Fatalf("Read = %q, %v; want pong", buf[:n], err)
			}
			c.SetReadDeadline(time.Now().Add(20 * time.Millisecond))
			if _, err := c.Read(buf); !isTimeout(err) {
				t.Errorf("Read past the deadline = %v, want a timeout", err)
			}
			c.Close()
		}

		// A closed port: the next call reports ECONNREFUSED.
		d, err := DialUDP(nil, &UDPAddr{Addr: self, Port: 9})
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		d.SetDeadline(time.Now().Add(5 * time.Second))
		if _, err := d.Write([]byte("anyone?")); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Read(make([]byte, 8)); !errors.Is(err, unix.ECONNREFUSED) {
			t.Errorf("Read after port unreachable = %v, want ECONNREFUSED", err)
		}

		// Errors of the dial itself.
		if _, err := DialUDP(nil, &UDPAddr{Addr: in8.MustParseAddr("65534.10.0.0.1"), Port: 7}); !errors.Is(err, unix.ENETUNREACH) {
			t.Errorf("DialUDP to an unknown ASN = %v, want ENETUNREACH", err)
		}
		if _, err := DialUDP(nil, &UDPAddr{Addr: self}); !errors.Is(err, unix.EINVAL) {
			t.Errorf("DialUDP to port 0 = %v, want EINVAL", err)
		}
		if _, err := DialUDP(&UDPAddr{Addr: self, Port: 7}, srvAddr); !errors.Is(err, unix.EADDRINUSE) {
			t.Errorf("DialUDP from a used port = %v, want EADDRINUSE", err)
		}
	})
}
