package resolver8

import (
	"context"
	"errors"
	"testing"

	"golang.org/x/sys/unix"
)

func TestNetworkFor(t *testing.T) {
	for _, tc := range []struct{ nw, addr, want string }{
		{"udp", "65002.10.0.0.53:53", "udp8"},
		{"tcp", "65002.10.0.0.53:43", "tcp8"},
		{"udp", "10.0.0.53:53", "udp"},
		{"udp", "0.0.0.0.10.0.0.53:53", "udp"},
		{"udp", "[::1]:53", "udp"},
		{"udp", "example.net:53", "udp"},
		{"udp8", "65002.10.0.0.53:53", "udp8"},
		{"udp", "no port", "udp"},
	} {
		if got := NetworkFor(tc.nw, tc.addr); got != tc.want {
			t.Errorf("NetworkFor(%q, %q) = %q, want %q", tc.nw, tc.addr, got, tc.want)
		}
	}
}

// Without the ipv8 module, "udp8" says so; "tcp8" has no transport.
func TestSock8Errors(t *testing.T) {
	tr := &Sock8{}
	if _, err := tr.DialContext(context.Background(), "tcp", "65002.10.0.0.53:43"); !errors.Is(err, ErrNoIPv8Transport) {
		t.Errorf("tcp to an IPv8 address: %v, want ErrNoIPv8Transport", err)
	}
	if _, err := tr.DialContext(context.Background(), "udp8", "10.0.0.53:53"); err == nil {
		t.Error("udp8 to an IPv4 address: no error")
	}
	s, err := unix.Socket(23, unix.SOCK_DGRAM, 0)
	if err == nil {
		unix.Close(s)
		t.Skip("AF_INET8 sockets work here")
	}
	if !errors.Is(err, unix.EAFNOSUPPORT) {
		t.Skipf("socket(AF_INET8): %v", err)
	}
	_, err = tr.DialContext(context.Background(), "udp", "65002.10.0.0.53:53")
	if !errors.Is(err, ErrNoModule) {
		t.Errorf("udp to an IPv8 address without the module: %v, want ErrNoModule", err)
	}
}
