package sock8

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"

	"github.com/ipv8/ipv8/go/in8"
)

// fam is AF_INET8 (23) in host byte order, as the kernel writes it.
var fam = func() [2]byte {
	var b [2]byte
	binary.NativeEndian.PutUint16(b[:], 23)
	return b
}()

func raw(port uint16, addr [8]byte, pad [4]byte) []byte {
	b := append([]byte{}, fam[:]...)
	b = binary.BigEndian.AppendUint16(b, port)
	b = append(b, addr[:]...)
	return append(b, pad[:]...)
}

func TestSockaddrMarshal(t *testing.T) {
	tests := []struct {
		name string
		sa   Sockaddr
		want []byte
	}{
		{"zero", Sockaddr{}, raw(0, [8]byte{}, [4]byte{})},
		{"asn-dot", Sockaddr{Addr: in8.MustParseAddr("65001.10.0.0.1")},
			raw(0, [8]byte{0, 0, 0xfd, 0xe9, 10, 0, 0, 1}, [4]byte{})},
		{"port", Sockaddr{Addr: in8.MustParseAddr("65002.198.51.100.2"), Port: 53},
			raw(53, [8]byte{0, 0, 0xfd, 0xea, 198, 51, 100, 2}, [4]byte{})},
		{"port high byte", Sockaddr{Port: 0x1234}, raw(0x1234, [8]byte{}, [4]byte{})},
		{"broadcast", Sockaddr{Addr: in8.Broadcast, Port: 67},
			raw(67, [8]byte{255, 255, 255, 255, 255, 255, 255, 255}, [4]byte{})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.sa.Marshal()
			if !bytes.Equal(got[:], tt.want) {
				t.Fatalf("Marshal(%v) = % x, want % x", tt.sa, got, tt.want)
			}
			back, err := UnmarshalSockaddr(got[:])
			if err != nil || back != tt.sa {
				t.Fatalf("UnmarshalSockaddr(Marshal(%v)) = %v, %v", tt.sa, back, err)
			}
		})
	}
}

func TestUnmarshalSockaddr(t *testing.T) {
	good := raw(7, [8]byte{0, 0, 0xfd, 0xe9, 192, 0, 2, 1}, [4]byte{})
	wrongFam := append([]byte{}, good...)
	binary.NativeEndian.PutUint16(wrongFam, 2) // AF_INET
	tests := []struct {
		name    string
		in      []byte
		want    Sockaddr
		wantErr error
	}{
		{"good", good, Sockaddr{Addr: in8.MustParseAddr("65001.192.0.2.1"), Port: 7}, nil},
		{"longer buffer", append(append([]byte{}, good...), 0xff, 0xff), Sockaddr{Addr: in8.MustParseAddr("65001.192.0.2.1"), Port: 7}, nil},
		{"empty", nil, Sockaddr{}, ErrSockaddrShort},
		{"sockaddr_in size", good[:8], Sockaddr{}, ErrSockaddrShort},
		{"one short", good[:15], Sockaddr{}, ErrSockaddrShort},
		{"AF_INET", wrongFam, Sockaddr{}, ErrSockaddrFamily},
		{"pad first", raw(7, [8]byte{}, [4]byte{1, 0, 0, 0}), Sockaddr{}, ErrSockaddrPad},
		{"pad last", raw(7, [8]byte{}, [4]byte{0, 0, 0, 0x80}), Sockaddr{}, ErrSockaddrPad},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := UnmarshalSockaddr(tt.in)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("UnmarshalSockaddr(% x) error = %v, want %v", tt.in, err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("UnmarshalSockaddr(% x) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestSockaddrString(t *testing.T) {
	for _, tt := range []struct {
		sa   Sockaddr
		want string
	}{
		{Sockaddr{Addr: in8.MustParseAddr("65001.10.0.0.1")}, "65001.10.0.0.1"},
		{Sockaddr{Addr: in8.MustParseAddr("65001.10.0.0.1"), Port: 53}, "65001.10.0.0.1:53"},
	} {
		if got := tt.sa.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.sa, got, tt.want)
		}
	}
}

// FuzzUnmarshalSockaddr: whatever the kernel (or a bug) hands back, the
// decoder never panics, and whatever it accepts re-encodes to the same
// 16 octets.
func FuzzUnmarshalSockaddr(f *testing.F) {
	f.Add(raw(0, [8]byte{0, 0, 0xfd, 0xe9, 10, 0, 0, 1}, [4]byte{}))
	f.Add(raw(53, [8]byte{255, 255, 255, 255, 255, 255, 255, 255}, [4]byte{}))
	f.Add(raw(0, [8]byte{}, [4]byte{0, 0, 1, 0}))
	f.Add([]byte{2, 0, 0, 0})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		sa, err := UnmarshalSockaddr(b)
		if err != nil {
			return
		}
		m := sa.Marshal()
		if !bytes.Equal(m[:], b[:SockaddrLen]) {
			t.Fatalf("accepted % x but re-encodes as % x", b[:SockaddrLen], m)
		}
	})
}
