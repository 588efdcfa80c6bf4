package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/ipv8/ipv8/go/in8"
	"github.com/ipv8/ipv8/go/internal/sock8"
	"github.com/ipv8/ipv8/go/ipv8"
)

// ICMP types ping8 knows (ICMPv8 keeps the ICMPv4 numbers).
const (
	icmpEchoReply    = 0
	icmpDestUnreach  = 3
	icmpSourceQuench = 4
	icmpRedirect     = 5
	icmpEcho         = 8
	icmpTimeExceeded = 11
	icmpParamProb    = 12

	icmpHdrLen = 8
	// timestampLen is the part of the echo data that carries the send
	// time; as in iputils, with less data there is no timing.
	timestampLen = 16
)

// family is what differs between the IPv8 and the IPv4 path: the header
// in front of received packets (and quoted in errors).
type family struct {
	hdrLen int // without options, for the banner's total size
	parse  func([]byte) (ipHeader, []byte, error)
}

type ipHeader struct {
	src, dst in8.Addr
	ttl      int
	proto    int
}

var fam8 = family{hdrLen: ipv8.HeaderLen, parse: parseHeader8}
var fam4 = family{hdrLen: 20, parse: parseHeader4}

func parseHeader8(b []byte) (ipHeader, []byte, error) {
	h, p, err := sock8.ParseHeader(b)
	if err != nil {
		return ipHeader{}, nil, err
	}
	return ipHeader{src: h.Src, dst: h.Dst, ttl: int(h.TTL), proto: int(h.Protocol)}, p, nil
}

var errHeader4 = errors.New("bad IPv4 header")

// parseHeader4 is ParseHeader's IPv4 twin: payload cut at the total
// length, or at the end of b when shorter.
func parseHeader4(b []byte) (ipHeader, []byte, error) {
	if len(b) < 20 || b[0]>>4 != 4 {
		return ipHeader{}, nil, errHeader4
	}
	hl := int(b[0]&0x0f) * 4
	tot := int(binary.BigEndian.Uint16(b[2:4]))
	if hl < 20 || hl > len(b) || tot < hl {
		return ipHeader{}, nil, errHeader4
	}
	h := ipHeader{
		src:   in8.AddrFrom(0, binary.BigEndian.Uint32(b[12:16])),
		dst:   in8.AddrFrom(0, binary.BigEndian.Uint32(b[16:20])),
		ttl:   int(b[8]),
		proto: int(b[9]),
	}
	return h, b[hl:min(tot, len(b))], nil
}

// checksum is the RFC 1071 sum: it returns 0 over a message whose
// checksum field is correct.
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

// echoRequest builds an echo request with size data octets: the send time
// (elapsed since the start of the run, which a monotonic clock keeps
// honest) in the first 16 when they fit, then the octet pattern iputils
// uses, each data octet holding its own index.
func echoRequest(id, seq uint16, size int, sent time.Duration) []byte {
	b := make([]byte, icmpHdrLen+size)
	b[0] = icmpEcho
	binary.BigEndian.PutUint16(b[4:], id)
	data := b[icmpHdrLen:]
	for i := range data {
		data[i] = byte(i)
	}
	restamp(b, seq, sent)
	return b
}

// restamp makes a request built by echoRequest the one for seq sent at
// sent, in place: ping8 builds its request once, so that nothing but
// these few stores and the checksum lies between reading the clock and
// the send.
func restamp(b []byte, seq uint16, sent time.Duration) {
	binary.BigEndian.PutUint16(b[6:], seq)
	if data := b[icmpHdrLen:]; len(data) >= timestampLen {
		binary.LittleEndian.PutUint64(data[0:], uint64(sent/time.Second))
		binary.LittleEndian.PutUint64(data[8:], uint64(sent%time.Second))
	}
	b[2], b[3] = 0, 0
	binary.BigEndian.PutUint16(b[2:], checksum(b))
}

// sentTime reads back what echoRequest stored.
func sentTime(data []byte) (time.Duration, bool) {
	if len(data) < timestampLen {
		return 0, false
	}
	sec := binary.LittleEndian.Uint64(data[0:])
	nsec := binary.LittleEndian.Uint64(data[8:])
	if sec > 1<<32 || nsec >= uint64(time.Second) {
		return 0, false // not ours, or mangled: no timing
	}
	return time.Duration(sec)*time.Second + time.Duration(nsec), true
}

// msgKind classifies a received packet.
type msgKind int

const (
	msgIgnore msgKind = iota // not for this ping8
	msgReply                 // echo reply with our id
	msgError                 // ICMP error about one of our requests
)

// message is a received packet that concerns us.
type message struct {
	kind   msgKind
	src    in8.Addr
	ttl    int
	seq    uint16
	icmp   int    // ICMP message length (the "64 bytes")
	csumOK bool   // replies only; errors with a bad checksum are ignored
	data   []byte // echo data of a reply
	typ    uint8
	code   uint8
	rest   [4]byte // the second word of an error header (MTU, pointer)
}

// parseMessage decides whether pkt, as the socket returned it (network
// header first), is a reply to us or an error about one of our requests.
// Errors count only when the quoted header is ours: an echo request to
// dst with our id.
func parseMessage(f family, pkt []byte, id uint16, dst in8.Addr) message {
	h, icmp, err := f.parse(pkt)
	if err != nil || h.proto != 1 || len(icmp) < icmpHdrLen {
		return message{}
	}
	m := message{
		src:  h.src,
		ttl:  h.ttl,
		icmp: len(icmp),
		typ:  icmp[0],
		code: icmp[1],
	}
	switch m.typ {
	case icmpEchoReply:
		if binary.BigEndian.Uint16(icmp[4:]) != id {
			return message{}
		}
		m.kind = msgReply
		m.seq = binary.BigEndian.Uint16(icmp[6:])
		m.csumOK = checksum(icmp) == 0
		m.data = icmp[icmpHdrLen:]
		return m
	case icmpDestUnreach, icmpSourceQuench, icmpRedirect, icmpTimeExceeded, icmpParamProb:
	default:
		return message{}
	}
	if checksum(icmp) != 0 {
		return message{}
	}
	ih, inner, err := f.parse(icmp[icmpHdrLen:])
	if err != nil || ih.proto != 1 || ih.dst != dst || len(inner) < icmpHdrLen ||
		inner[0] != icmpEcho || binary.BigEndian.Uint16(inner[4:]) != id {
		return message{}
	}
	m.kind = msgError
	m.seq = binary.BigEndian.Uint16(inner[6:])
	copy(m.rest[:], icmp[4:8])
	return m
}

// unreachText is iputils' wording for destination unreachable codes,
// plus the two ICMPv8 codes.
var unreachText = [...]string{
	0:                     "Destination Net Unreachable",
	1:                     "Destination Host Unreachable",
	2:                     "Destination Protocol Unreachable",
	3:                     "Destination Port Unreachable",
	5:                     "Source Route Failed",
	6:                     "Destination Net Unknown",
	7:                     "Destination Host Unknown",
	8:                     "Source Host Isolated",
	9:                     "Destination Net Prohibited",
	10:                    "Destination Host Prohibited",
	11:                    "Destination Net Unreachable for Type of Service",
	12:                    "Destination Host Unreachable for Type of Service",
	13:                    "Packet filtered",
	14:                    "Precedence Violation",
	15:                    "Precedence Cutoff",
	ipv8.ICMPv8ASNUnreach: "Destination ASN Unreachable",
	ipv8.ICMPv8NoV8Path:   "No IPv8 Path",
}

// errorText is the text after "From X icmp_seq=N ".
func errorText(m message) string {
	switch m.typ {
	case icmpDestUnreach:
		if m.code == 4 {
			return fmt.Sprintf("Frag needed and DF set (mtu = %d)", binary.BigEndian.Uint16(m.rest[2:]))
		}
		if int(m.code) < len(unreachText) && unreachText[m.code] != "" {
			return unreachText[m.code]
		}
		return fmt.Sprintf("Dest Unreachable, Bad Code: %d", m.code)
	case icmpSourceQuench:
		return "Source Quench"
	case icmpRedirect:
		switch m.code {
		case 0:
			return "Redirect Network"
		case 1:
			return "Redirect Host"
		case 2:
			return "Redirect Type of Service and Network"
		case 3:
			return "Redirect Type of Service and Host"
		}
		return fmt.Sprintf("Redirect, Bad Code: %d", m.code)
	case icmpTimeExceeded:
		switch m.code {
		case 0:
			return "Time to live exceeded"
		case 1:
			return "Frag reassembly time exceeded"
		}
		return fmt.Sprintf("Time exceeded, Bad Code: %d", m.code)
	case icmpParamProb:
		return fmt.Sprintf("Parameter problem: pointer = %d", m.rest[0])
	}
	return fmt.Sprintf("Bad ICMP type: %d", m.typ)
}
