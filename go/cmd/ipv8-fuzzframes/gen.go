// SPDX-License-Identifier: GPL-2.0

package main

import (
	"encoding/binary"
	"math/rand/v2"
)

const (
	ethHdrLen = 14
	ipv8HLen  = 28 // the fixed header, IHL 7
	etherIPv8 = 0x88b5
	etherARP  = 0x0806
	etherIPv4 = 0x0800
)

// Kind says which receive path of the kernel a frame reaches, which is
// what the counters are checked against.
type Kind int

const (
	// KindIPv8: ethertype 0x88B5, counted in rx_packets.
	KindIPv8 Kind = iota
	// KindARP8: an ARP frame naming protocol 0x88B5, which the IPv8
	// ARP handler counts in arp_rx_packets (and in arp_rx_drop when its
	// header is not Ethernet's with 8-octet addresses).
	KindARP8
	// KindARPShort: an ARP frame too short to name its protocol,
	// nobody's to count.
	KindARPShort
	// KindARPOther: plain (IPv4) ARP, which IPv8 only learns from.
	KindARPOther
	numKinds
)

var kindNames = [numKinds]string{"ipv8", "arp8", "arp_short", "arp_other"}

func (k Kind) String() string { return kindNames[k] }

// Config is the network the frames are aimed at.
type Config struct {
	Src   [6]byte // our MAC
	Dst   [6]byte // the receiver's MAC
	Local [8]byte // an address of the receiver
	Peer  [8]byte // a valid source on the receiver's subnet
	Fwd   [8]byte // a destination the receiver forwards to
	MTU   int     // largest frame body the link takes
}

// Gen makes frames from a seeded PCG: the same seed and config give the
// same frames, so a frame that upset the kernel can be made again.
type Gen struct {
	cfg Config
	rng *rand.Rand
	buf []byte
}

// NewGen returns a generator for cfg seeded with seed.
func NewGen(cfg Config, seed uint64) *Gen {
	return &Gen{
		cfg: cfg,
		rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		buf: make([]byte, 0, ethHdrLen+65536),
	}
}

// Next returns the next frame (valid until the following call) and the
// path it takes in the receiver.
func (g *Gen) Next() ([]byte, Kind) {
	r := g.rng.IntN(100)
	switch {
	case r < 72:
		return g.ipv8Frame(), KindIPv8
	case r < 97:
		return g.arpFrame()
	default:
		return g.garbage()
	}
}

func (g *Gen) ethHeader(etype uint16) []byte {
	b := g.buf[:0]
	dst := g.cfg.Dst[:]
	switch g.rng.IntN(20) {
	case 0:
		dst = []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}
	case 1:
		dst = []byte{0x01, 0x00, 0x5e, 0x00, 0x00, byte(g.rng.IntN(256))}
	case 2:
		dst = []byte{0x02, 0x42, 0, 0, 0, byte(g.rng.IntN(256))} // another host
	}
	b = append(b, dst...)
	b = append(b, g.cfg.Src[:]...)
	return binary.BigEndian.AppendUint16(b, etype)
}

// addr picks a destination or source: mostly ones the receiver acts on,
// else every class the receive checks and the forwarding rules look at.
func (g *Gen) addr(dst bool) [8]byte {
	var a [8]byte
	put := func(asn, host uint32) [8]byte {
		binary.BigEndian.PutUint32(a[:4], asn)
		binary.BigEndian.PutUint32(a[4:], host)
		return a
	}
	host := g.rng.Uint32()
	switch g.rng.IntN(16) {
	case 0, 1, 2:
		if dst {
			return g.cfg.Local
		}
		return g.cfg.Peer
	case 3, 4:
		if dst {
			return g.cfg.Fwd
		}
		a = g.cfg.Peer
		a[7] = byte(g.rng.IntN(256))
		return a
	case 5:
		a = g.cfg.Fwd // same ASN, other hosts (public and private)
		binary.BigEndian.PutUint32(a[4:], []uint32{host, 0x0a000000 | host&0xffffff, 0xc6336400 | host&0xff}[g.rng.IntN(3)])
		return a
	case 6:
		return put(0xffffffff, 0xffffffff) // broadcast
	case 7:
		return put(0xffff0000|host>>16, host) // multicast and reserved ASNs
	case 8:
		return put(binary.BigEndian.Uint32(g.cfg.Local[:4]), 0x7f000000|host&0xffffff) // loopback host
	case 9:
		return put(binary.BigEndian.Uint32(g.cfg.Local[:4]), 0xe0000000|host&0x0fffffff) // multicast host
	case 10:
		return put(100<<24|host>>8, host) // RINE
	case 11:
		return put(127<<24|host>>8, host) // internal zone
	case 12:
		return put(65009, host) // an ASN nothing routes
	case 13:
		return put(0, host) // routing prefix 0 (IPv4)
	case 14:
		return put(binary.BigEndian.Uint32(g.cfg.Local[:4]), 0xa9fe0000|host&0xffff) // link-local
	default:
		return put(g.rng.Uint32(), host)
	}
}

// ipv8Frame builds an IPv8 packet, mostly well-formed, then maybe breaks
// it in one or more ways.
func (g *Gen) ipv8Frame() []byte {
	b := g.ethHeader(etherIPv8)
	hlen := ipv8HLen
	if g.rng.IntN(10) == 0 {
		hlen += 4 * (1 + g.rng.IntN(8)) // options, IHL 8..15
	}
	payload := g.payloadLen(hlen)
	h := len(b)
	b = append(b, make([]byte, hlen)...)
	b[h] = 8<<4 | byte(hlen/4)
	b[h+1] = byte(g.rng.IntN(4)) << 2
	binary.BigEndian.PutUint16(b[h+4:], uint16(g.rng.Uint32()))
	frag := uint16(0x4000) // DF
	if g.rng.IntN(12) == 0 {
		frag = []uint16{0x2000, 0x2000 | uint16(g.rng.IntN(0x2000)), uint16(1 + g.rng.IntN(0x1fff))}[g.rng.IntN(3)]
	}
	binary.BigEndian.PutUint16(b[h+6:], frag)
	b[h+8] = []byte{64, 64, 64, 1, 2, 0, 255}[g.rng.IntN(7)]
	proto := []byte{1, 1, 17, 17, 253, 6, byte(g.rng.IntN(256))}[g.rng.IntN(7)]
	b[h+9] = proto
	src, dst := g.addr(false), g.addr(true)
	copy(b[h+12:], src[:])
	copy(b[h+20:], dst[:])
	for i := h + ipv8HLen; i < h+hlen; i++ {
		b[i] = byte(g.rng.IntN(256))
	}
	p := len(b)
	b = append(b, make([]byte, payload)...)
	g.transport(b[p:], proto)
	binary.BigEndian.PutUint16(b[h+2:], uint16(hlen+payload))
	binary.BigEndian.PutUint16(b[h+10:], Checksum(b[h:h+hlen]))

	// Breakage, each with its own odds; several may combine.
	fix := false
	if g.rng.IntN(14) == 0 { // version
		b[h] = byte(g.rng.IntN(16))<<4 | b[h]&0x0f
		fix = g.rng.IntN(2) == 0
	}
	if g.rng.IntN(14) == 0 { // IHL, below 7 or past the packet
		b[h] = b[h]&0xf0 | byte(g.rng.IntN(16))
		fix = g.rng.IntN(2) == 0
	}
	if g.rng.IntN(12) == 0 { // total length
		binary.BigEndian.PutUint16(b[h+2:], []uint16{0, uint16(g.rng.IntN(hlen)), uint16(hlen + payload + 1 + g.rng.IntN(64)), uint16(g.rng.Uint32())}[g.rng.IntN(4)])
		fix = true
	}
	if g.rng.IntN(20) == 0 { // random octets anywhere in the packet
		for range 1 + g.rng.IntN(4) {
			b[h+g.rng.IntN(len(b)-h)] ^= byte(1 + g.rng.IntN(255))
		}
		fix = g.rng.IntN(2) == 0
	}
	if fix {
		n := int(b[h]&0x0f) * 4
		if n >= 12 && h+n <= len(b) {
			b[h+10], b[h+11] = 0, 0
			binary.BigEndian.PutUint16(b[h+10:], Checksum(b[h:h+n]))
		}
	}
	if g.rng.IntN(14) == 0 { // header checksum
		b[h+10] ^= byte(1 + g.rng.IntN(255))
	}
	if g.rng.IntN(10) == 0 { // truncation, down to the bare Ethernet header
		b = b[:h+g.rng.IntN(len(b)-h)]
	}
	g.buf = b
	return b
}

// payloadLen: small mostly, sometimes up to the link MTU (past the
// forwarding link's smaller MTU).
func (g *Gen) payloadLen(hlen int) int {
	max := g.cfg.MTU - hlen
	switch g.rng.IntN(10) {
	case 0:
		return max
	case 1, 2:
		return g.rng.IntN(max + 1)
	default:
		return g.rng.IntN(64)
	}
}

// transport fills a payload so that delivered packets reach the handlers:
// ICMP echo requests with a right checksum (so they are answered), UDP8
// headers to a few ports.
func (g *Gen) transport(p []byte, proto byte) {
	for i := range p {
		p[i] = byte(g.rng.IntN(256))
	}
	switch {
	case proto == 1 && len(p) >= 8:
		p[0] = []byte{8, 8, 8, 0, 3, 11, byte(g.rng.IntN(256))}[g.rng.IntN(7)]
		p[1] = byte(g.rng.IntN(2))
		p[2], p[3] = 0, 0
		if g.rng.IntN(8) != 0 {
			binary.BigEndian.PutUint16(p[2:], Checksum(p))
		}
	case proto == 17 && len(p) >= 8:
		binary.BigEndian.PutUint16(p[2:], []uint16{7, 9, 53, uint16(g.rng.Uint32())}[g.rng.IntN(4)])
		binary.BigEndian.PutUint16(p[4:], uint16(len(p)))
		if g.rng.IntN(3) != 0 {
			p[6], p[7] = 0, 0 // no checksum
		}
	}
}

// arpFrame builds an ARP8 frame (RFC 826 layout, 8-octet protocol
// addresses) or, now and then, a plain ARP one.
func (g *Gen) arpFrame() ([]byte, Kind) {
	b := g.ethHeader(etherARP)
	h := len(b)
	hrd, pro, hln, pln := uint16(1), uint16(etherIPv8), byte(6), byte(8)
	switch g.rng.IntN(30) {
	case 0:
		hrd = uint16(g.rng.IntN(0x20))
	case 1:
		hln = byte(g.rng.IntN(16))
	case 2, 3:
		pln = byte(g.rng.IntN(16))
	case 4:
		pro, pln = etherIPv4, 4
	}
	b = binary.BigEndian.AppendUint16(b, hrd)
	b = binary.BigEndian.AppendUint16(b, pro)
	b = append(b, hln, pln)
	op := uint16(1 + g.rng.IntN(2))
	if g.rng.IntN(12) == 0 {
		op = uint16(g.rng.IntN(0x10000))
	}
	b = binary.BigEndian.AppendUint16(b, op)
	// Body: sha spa tha tpa with the lengths the header claims.
	sha := g.cfg.Src
	switch g.rng.IntN(12) {
	case 0:
		sha = [6]byte{} // zero
	case 1:
		sha = [6]byte{0x01, 0, 0x5e, 0, 0, 1} // multicast
	case 2:
		sha = [6]byte{0x02, 0x11, 0, 0, byte(g.rng.IntN(256)), byte(g.rng.IntN(256))}
	}
	spa := g.cfg.Peer
	spa[7] = byte(g.rng.IntN(256))
	switch g.rng.IntN(8) {
	case 0:
		spa = [8]byte{} // a probe
	case 1:
		spa = g.addr(false)
	case 2:
		spa = g.cfg.Local // a conflict
	}
	tpa := g.cfg.Local
	if g.rng.IntN(4) == 0 {
		tpa = g.addr(true)
	}
	if g.rng.IntN(10) == 0 {
		tpa = spa // gratuitous
	}
	put := func(v []byte, n byte) {
		for i := 0; i < int(n); i++ {
			if i < len(v) {
				b = append(b, v[i])
			} else {
				b = append(b, byte(g.rng.IntN(256)))
			}
		}
	}
	put(sha[:], hln)
	put(spa[:], pln)
	put(make([]byte, 6), hln)
	put(tpa[:], pln)
	if g.rng.IntN(12) == 0 { // truncation
		b = b[:h+g.rng.IntN(len(b)-h)]
	}
	g.buf = b
	return b, arpKind(b[h:])
}

// garbage is random octets under either ethertype.
func (g *Gen) garbage() ([]byte, Kind) {
	etype, kind := uint16(etherIPv8), KindIPv8
	if g.rng.IntN(3) == 0 {
		etype = etherARP
	}
	b := g.ethHeader(etype)
	n := g.rng.IntN(g.cfg.MTU + 1)
	if g.rng.IntN(2) == 0 {
		n = g.rng.IntN(80)
	}
	for range n {
		b = append(b, byte(g.rng.IntN(256)))
	}
	if etype == etherARP {
		kind = arpKind(b[ethHdrLen:])
	}
	g.buf = b
	return b, kind
}

// arpKind classifies an ARP body the way the IPv8 ARP handler does: a
// frame that names protocol 0x88B5 is ARP8 and counted (malformed ones as
// drops), whatever its hardware fields or length; one too short to name
// its protocol is ignored by all.
func arpKind(p []byte) Kind {
	switch {
	case len(p) < 4:
		return KindARPShort
	case binary.BigEndian.Uint16(p[2:]) != etherIPv8:
		return KindARPOther
	}
	return KindARP8
}

// Checksum is the RFC 1071 ones'-complement sum.
func Checksum(b []byte) uint16 {
	var sum uint32
	for i := 0; i+1 < len(b); i += 2 {
		sum += uint32(b[i])<<8 | uint32(b[i+1])
	}
	if len(b)%2 == 1 {
		sum += uint32(b[len(b)-1]) << 8
	}
	for sum>>16 != 0 {
		sum = sum&0xffff + sum>>16
	}
	return ^uint16(sum)
}
