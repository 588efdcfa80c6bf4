// Package sock8 is a small layer over AF_INET8 sockets. golang.org/x/sys
// cannot encode or decode a family it does not know, so this package owns
// the struct sockaddr_in8 codec and calls sendto/recvfrom/bind itself, while
// the Go netpoller (through os.File and syscall.RawConn) does the waiting,
// which gives deadlines and a Close that wakes blocked readers.
//
// The socket core (socket) is independent of the socket type: RawConn is
// its SOCK_RAW front end and UDPConn its SOCK_DGRAM (UDP8) one, sharing the
// core and the codec, ports included.
package sock8

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/ipv8/ipv8/go/in8"
	"github.com/ipv8/ipv8/go/ipv8"
)

// SockaddrLen is the size of struct sockaddr_in8.
const SockaddrLen = ipv8.SizeofSockaddrIn8

// Sockaddr is struct sockaddr_in8: an address and a port (UDP8; zero for
// raw sockets).
type Sockaddr struct {
	Addr in8.Addr
	Port uint16
}

// Errors of UnmarshalSockaddr; the returned error wraps one of them.
var (
	ErrSockaddrShort  = errors.New("sockaddr_in8 too short")
	ErrSockaddrFamily = errors.New("sockaddr family is not AF_INET8")
	ErrSockaddrPad    = errors.New("sockaddr_in8 padding is not zero")
)

// Marshal returns the wire form: family in host byte order (as every
// sa_family_t), port and address in network byte order, then four zero
// octets, which the kernel insists on.
func (sa Sockaddr) Marshal() [SockaddrLen]byte {
	var b [SockaddrLen]byte
	binary.NativeEndian.PutUint16(b[0:2], ipv8.AFInet8)
	binary.BigEndian.PutUint16(b[2:4], sa.Port)
	a := sa.Addr.As8()
	copy(b[4:12], a[:])
	return b
}

// UnmarshalSockaddr decodes the first SockaddrLen octets of b, the
// address a kernel call filled in. Octets past SockaddrLen are ignored, as
// a caller may pass a larger buffer than the kernel used.
func UnmarshalSockaddr(b []byte) (Sockaddr, error) {
	if len(b) < SockaddrLen {
		return Sockaddr{}, fmt.Errorf("%w: %d octets, want %d", ErrSockaddrShort, len(b), SockaddrLen)
	}
	if f := binary.NativeEndian.Uint16(b[0:2]); f != ipv8.AFInet8 {
		return Sockaddr{}, fmt.Errorf("%w: family %d", ErrSockaddrFamily, f)
	}
	if b[12]|b[13]|b[14]|b[15] != 0 {
		return Sockaddr{}, fmt.Errorf("%w: % x", ErrSockaddrPad, b[12:16])
	}
	return Sockaddr{
		Addr: in8.AddrFrom8([8]byte(b[4:12])),
		Port: binary.BigEndian.Uint16(b[2:4]),
	}, nil
}

// String returns "addr" for port 0 and "addr:port" otherwise.
func (sa Sockaddr) String() string {
	if sa.Port == 0 {
		return sa.Addr.String()
	}
	return fmt.Sprintf("%s:%d", sa.Addr, sa.Port)
}
