package sock8

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/ipv8/ipv8/go/in8"
	"github.com/ipv8/ipv8/go/ipv8"
)

// Header is the IPv8 header as a raw socket receives it in front of every
// packet (docs/protocol.md section 2).
type Header struct {
	Version  int
	Len      int // header length in octets, IHL*4 (options included)
	TOS      uint8
	TotalLen int
	ID       uint16
	FragOff  uint16 // flags and fragment offset, as on the wire
	TTL      uint8
	Protocol uint8
	Checksum uint16
	Src, Dst in8.Addr
}

// ErrHeader is wrapped by every ParseHeader error.
var ErrHeader = errors.New("bad IPv8 header")

// ParseHeader decodes the IPv8 header at the start of b and returns it
// with the payload. The payload ends at TotalLen when b holds more (link
// padding) and at the end of b when b is shorter (a truncated read, or a
// quoted header inside an ICMP error, which carries only 8 octets of its
// payload). The header checksum is not verified: the kernel has done so
// for received packets, and a quoted header may have been altered on the
// way (TTL).
func ParseHeader(b []byte) (Header, []byte, error) {
	if len(b) < ipv8.HeaderLen {
		return Header{}, nil, fmt.Errorf("%w: %d octets", ErrHeader, len(b))
	}
	h := Header{
		Version:  int(b[0] >> 4),
		Len:      int(b[0]&0x0f) * 4,
		TOS:      b[1],
		TotalLen: int(binary.BigEndian.Uint16(b[2:4])),
		ID:       binary.BigEndian.Uint16(b[4:6]),
		FragOff:  binary.BigEndian.Uint16(b[6:8]),
		TTL:      b[8],
		Protocol: b[9],
		Checksum: binary.BigEndian.Uint16(b[10:12]),
		Src:      in8.AddrFrom8([8]byte(b[12:20])),
		Dst:      in8.AddrFrom8([8]byte(b[20:28])),
	}
	switch {
	case h.Version != ipv8.Version:
		return Header{}, nil, fmt.Errorf("%w: version %d", ErrHeader, h.Version)
	case h.Len < ipv8.HeaderLen:
		return Header{}, nil, fmt.Errorf("%w: header length %d", ErrHeader, h.Len)
	case h.Len > len(b):
		return Header{}, nil, fmt.Errorf("%w: header length %d beyond %d octets", ErrHeader, h.Len, len(b))
	case h.TotalLen < h.Len:
		return Header{}, nil, fmt.Errorf("%w: total length %d below header length %d", ErrHeader, h.TotalLen, h.Len)
	}
	end := min(h.TotalLen, len(b))
	return h, b[h.Len:end], nil
}
