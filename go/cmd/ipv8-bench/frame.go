// SPDX-License-Identifier: GPL-2.0

package main

import (
	"encoding/binary"
	"net"

	"github.com/ipv8/ipv8/go/in8"
	"github.com/ipv8/ipv8/go/ipv8"
)

// Protocol 253 (RFC 3692 experimentation): the sink has no handler for
// it, so nothing answers back and perturbs the router.
const benchProto = 253

// checksum is the RFC 1071 sum over b, complemented.
func checksum(b []byte) uint16 {
	var s uint32
	for i := 0; i+1 < len(b); i += 2 {
		s += uint32(binary.BigEndian.Uint16(b[i:]))
	}
	if len(b)%2 == 1 {
		s += uint32(b[len(b)-1]) << 8
	}
	for s > 0xffff {
		s = s>>16 + s&0xffff
	}
	return ^uint16(s)
}

func ether(dst, src net.HardwareAddr, etype uint16, size int) []byte {
	f := make([]byte, size)
	copy(f[0:6], dst)
	copy(f[6:12], src)
	binary.BigEndian.PutUint16(f[12:], etype)
	return f
}

// frame8 is an Ethernet frame of size octets carrying IPv8 from src to dst.
func frame8(dmac, smac net.HardwareAddr, src, dst in8.Addr, size int) []byte {
	f := ether(dmac, smac, ipv8.EthPIPv8, size)
	h := f[14 : 14+ipv8.HeaderLen]
	h[0] = ipv8.Version<<4 | ipv8.IHL
	binary.BigEndian.PutUint16(h[2:], uint16(size-14))
	binary.BigEndian.PutUint16(h[6:], 0x4000) // DF
	h[8] = ipv8.DefaultTTL
	h[9] = benchProto
	s, d := src.As8(), dst.As8()
	copy(h[12:20], s[:])
	copy(h[20:28], d[:])
	binary.BigEndian.PutUint16(h[10:], checksum(h))
	return f
}

// frame4 is the same for IPv4: same size, so the payload is 8 octets longer.
func frame4(dmac, smac net.HardwareAddr, src, dst net.IP, size int) []byte {
	f := ether(dmac, smac, 0x0800, size)
	h := f[14 : 14+20]
	h[0] = 4<<4 | 5
	binary.BigEndian.PutUint16(h[2:], uint16(size-14))
	binary.BigEndian.PutUint16(h[6:], 0x4000)
	h[8] = 64
	h[9] = benchProto
	copy(h[12:16], src.To4())
	copy(h[16:20], dst.To4())
	binary.BigEndian.PutUint16(h[10:], checksum(h))
	return f
}
