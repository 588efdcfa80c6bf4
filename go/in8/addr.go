// Package in8 handles IPv8 addresses and prefixes: the 64-bit address
// r.r.r.r.n.n.n.n made of a 32-bit routing prefix (the ASN) and a 32-bit
// host part with IPv4 meaning, as defined in docs/protocol.md section 1.
package in8

import (
	"encoding/binary"
	"strconv"
)

// Special routing prefixes (ASNs).
const (
	// ASNDocumentation is reserved for documentation and tests.
	ASNDocumentation uint32 = 65533
	// ASNPrivatePeering is the private inter-company peering ASN.
	ASNPrivatePeering uint32 = 65534
	// ASNInteropDMZ is 127.127.0.0, the shared translation DMZ.
	ASNInteropDMZ uint32 = 127<<24 | 127<<16
	// ASNBroadcast is ff.ff.ff.ff, the broadcast routing prefix.
	ASNBroadcast uint32 = 0xffffffff
)

// Addr is an IPv8 address. The zero value is the unspecified address
// 0.0.0.0 (routing prefix 0, host 0.0.0.0). Addr is comparable and can be
// used as a map key.
type Addr struct {
	asn  uint32
	host uint32
}

// Well-known addresses.
var (
	// Unspecified is the all-zero in8_addr, the source of a DHCP8 client
	// that has no address yet.
	Unspecified = Addr{}
	// Broadcast is ff.ff.ff.ff.255.255.255.255.
	Broadcast = Addr{asn: ASNBroadcast, host: 0xffffffff}
)

// AddrFrom returns the address with routing prefix asn and host part host.
func AddrFrom(asn, host uint32) Addr { return Addr{asn: asn, host: host} }

// AddrFrom8 returns the address held in b, the in8_addr wire layout
// (network byte order, ASN first).
func AddrFrom8(b [8]byte) Addr {
	return Addr{
		asn:  binary.BigEndian.Uint32(b[0:4]),
		host: binary.BigEndian.Uint32(b[4:8]),
	}
}

// AddrFromUint64 returns the address whose 64 bits, ASN in the high half,
// are v.
func AddrFromUint64(v uint64) Addr { return Addr{asn: uint32(v >> 32), host: uint32(v)} }

// As8 returns the in8_addr wire layout of a.
func (a Addr) As8() [8]byte {
	var b [8]byte
	binary.BigEndian.PutUint32(b[0:4], a.asn)
	binary.BigEndian.PutUint32(b[4:8], a.host)
	return b
}

// Uint64 returns the 64 bits of a with the ASN in the high half, so that
// numeric order is address order.
func (a Addr) Uint64() uint64 { return uint64(a.asn)<<32 | uint64(a.host) }

// ASN returns the routing prefix r.r.r.r.
func (a Addr) ASN() uint32 { return a.asn }

// Host returns the host part n.n.n.n.
func (a Addr) Host() uint32 { return a.host }

// Compare returns -1, 0 or +1 as a sorts before, equal to or after b.
func (a Addr) Compare(b Addr) int {
	switch x, y := a.Uint64(), b.Uint64(); {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// Less reports whether a sorts before b.
func (a Addr) Less(b Addr) bool { return a.Compare(b) < 0 }

// IsUnspecified reports whether a is the all-zero address.
func (a Addr) IsUnspecified() bool { return a == Addr{} }

// IsIPv4Compatible reports whether the routing prefix is 0: such an address
// is plain IPv4 and belongs to the IPv4 stack.
func (a Addr) IsIPv4Compatible() bool { return a.asn == 0 }

// IsMulticast reports whether a is a cross-ASN multicast address.
func (a Addr) IsMulticast() bool { return a.Class() == ClassMulticast }

// IsBroadcast reports whether a is the IPv8 broadcast address.
func (a Addr) IsBroadcast() bool { return a == Broadcast }

// Host-part predicates. The host part keeps its IPv4 meaning whatever the
// routing prefix is.

// IsUnspecifiedHost reports whether the host part is 0.0.0.0.
func (a Addr) IsUnspecifiedHost() bool { return a.host == 0 }

// IsLoopbackHost reports whether the host part is in 127.0.0.0/8, which
// never appears on the wire.
func (a Addr) IsLoopbackHost() bool { return a.host>>24 == 127 }

// IsLinkLocalHost reports whether the host part is in 169.254.0.0/16,
// which is never forwarded.
func (a Addr) IsLinkLocalHost() bool { return a.host>>16 == 169<<8|254 }

// IsMulticastHost reports whether the host part is in 224.0.0.0/4.
func (a Addr) IsMulticastHost() bool { return a.host>>28 == 0xe }

// IsBroadcastHost reports whether the host part is 255.255.255.255.
func (a Addr) IsBroadcastHost() bool { return a.host == 0xffffffff }

// IsPrivateHost reports whether the host part is RFC 1918 space
// (10/8, 172.16/12, 192.168/16), routable only inside its own ASN.
func (a Addr) IsPrivateHost() bool {
	h := a.host
	return h>>24 == 10 || h>>20 == 172<<4|1 || h>>16 == 192<<8|168
}

// IsInteriorLinkHost reports whether the host part is in 222.0.0.0/8, the
// block for router-to-router links that never crosses an ASN border.
func (a Addr) IsInteriorLinkHost() bool { return a.host>>24 == 222 }

// Class is the address class, decided by the routing prefix (and, for the
// broadcast prefix, by the host part).
type Class int

// Address classes, per docs/protocol.md section 1.
const (
	ClassIPv4Compatible Class = iota + 1 // routing prefix 0.0.0.0
	ClassUnicast                         // every ASN not listed below
	ClassRINE                            // 100.0.0.0/8, exchange peering
	ClassInternalZone                    // 127.0.0.0/8 except the DMZ
	ClassInteropDMZ                      // exactly 127.127.0.0
	ClassMulticast                       // ff.ff.00.00 - ff.ff.ef.ff
	ClassBroadcast                       // ff.ff.ff.ff with host 255.255.255.255
	ClassReserved                        // ff.ff.f0.00 - ff.ff.fe.ff, or ff.ff.ff.ff with another host
)

var classNames = [...]string{
	ClassIPv4Compatible: "ipv4-compatible",
	ClassUnicast:        "unicast",
	ClassRINE:           "rine",
	ClassInternalZone:   "internal-zone",
	ClassInteropDMZ:     "interop-dmz",
	ClassMulticast:      "multicast",
	ClassBroadcast:      "broadcast",
	ClassReserved:       "reserved",
}

// String returns the lower-case name of the class, e.g. "internal-zone".
func (c Class) String() string {
	if c > 0 && int(c) < len(classNames) {
		return classNames[c]
	}
	return "Class(" + strconv.Itoa(int(c)) + ")"
}

// Class returns the class of a.
func (a Addr) Class() Class {
	r := a.asn
	switch {
	case r == 0:
		return ClassIPv4Compatible
	case r>>24 == 100:
		return ClassRINE
	case r == ASNInteropDMZ:
		return ClassInteropDMZ
	case r>>24 == 127:
		return ClassInternalZone
	case r>>16 != 0xffff:
		return ClassUnicast
	case r <= 0xffffefff:
		return ClassMulticast
	case r == ASNBroadcast && a.host == 0xffffffff:
		return ClassBroadcast
	}
	return ClassReserved
}

// String returns the canonical text of a: ASN-dot (65001.10.0.0.1) for ASN
// unicast, a plain IPv4 dotted quad for routing prefix 0, and 8-octet
// dotted for every special class, whose meaning ASN-dot would hide.
func (a Addr) String() string {
	var buf [len("255.255.255.255.255.255.255.255")]byte
	return string(a.AppendTo(buf[:0]))
}

// StringFull returns a as 8-octet dotted text, whatever its class.
func (a Addr) StringFull() string {
	var buf [len("255.255.255.255.255.255.255.255")]byte
	return string(a.appendFull(buf[:0]))
}

// AppendTo appends the canonical text of a (see String) to b.
func (a Addr) AppendTo(b []byte) []byte {
	switch a.Class() {
	case ClassIPv4Compatible:
		return appendQuad(b, a.host)
	case ClassUnicast:
		b = strconv.AppendUint(b, uint64(a.asn), 10)
		b = append(b, '.')
		return appendQuad(b, a.host)
	}
	return a.appendFull(b)
}

func (a Addr) appendFull(b []byte) []byte {
	b = appendQuad(b, a.asn)
	b = append(b, '.')
	return appendQuad(b, a.host)
}

func appendQuad(b []byte, v uint32) []byte {
	b = strconv.AppendUint(b, uint64(v>>24), 10)
	b = append(b, '.')
	b = strconv.AppendUint(b, uint64(v>>16&0xff), 10)
	b = append(b, '.')
	b = strconv.AppendUint(b, uint64(v>>8&0xff), 10)
	b = append(b, '.')
	return strconv.AppendUint(b, uint64(v&0xff), 10)
}

// AppendText implements encoding.TextAppender.
func (a Addr) AppendText(b []byte) ([]byte, error) { return a.AppendTo(b), nil }

// MarshalText implements encoding.TextMarshaler with the canonical text.
func (a Addr) MarshalText() ([]byte, error) { return a.AppendTo(nil), nil }

// UnmarshalText implements encoding.TextUnmarshaler; it accepts every form
// ParseAddr accepts.
func (a *Addr) UnmarshalText(text []byte) error {
	p, err := ParseAddr(string(text))
	if err != nil {
		return err
	}
	*a = p
	return nil
}
