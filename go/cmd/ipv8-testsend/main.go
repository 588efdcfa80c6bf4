// SPDX-License-Identifier: GPL-2.0

// Command ipv8-testsend writes raw Ethernet frames carrying an IPv8 header
// (ethertype 0x88B5 by default) out of one interface through an AF_PACKET
// socket. The netns tests use it to put exact frames on a veth without
// depending on the kernel's IPv8 transmit path.
//
//	ipv8-testsend -i veth0 -dst 02:00:00:00:00:02 -count 5 \
//		-saddr 65001.10.0.0.1 -daddr 65002.10.0.0.2
//
// With -udp8 it sends UDP8 datagrams through an AF_INET8 socket instead
// (the kernel's transmit path): background traffic for the teardown case.
//
//	ipv8-testsend -udp8 65001.10.0.0.2 -port 9 -count 0 -interval 10ms
package main

import (
	"encoding/binary"
	"encoding/hex"
	"flag"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

func main() {
	ifname := flag.String("i", "", "interface to send on (required)")
	dst := flag.String("dst", "ff:ff:ff:ff:ff:ff", "destination MAC address")
	count := flag.Int("count", 1, "number of frames")
	etype := flag.String("ethertype", "0x88b5", "ethertype")
	saddr := flag.String("saddr", "65533.192.0.2.1", "IPv8 source (ASN.a.b.c.d)")
	daddr := flag.String("daddr", "65533.192.0.2.2", "IPv8 destination (ASN.a.b.c.d)")
	proto := flag.Int("proto", 253, "IP protocol number in the header")
	ttl := flag.Int("ttl", 64, "TTL")
	payload := flag.String("payload", "ipv8-testsend", "payload text after the header")
	raw := flag.String("raw", "", "hex bytes to send after the Ethernet header instead of a built IPv8 packet")
	udp8 := flag.String("udp8", "", "send UDP8 datagrams to this address through an AF_INET8 socket (-count 0: until killed)")
	port := flag.Int("port", 9, "-udp8: destination port")
	interval := flag.Duration("interval", 0, "-udp8: pause between datagrams")
	flag.Parse()

	if *udp8 != "" {
		if err := runUDP8(*udp8, *port, *count, *interval, []byte(*payload)); err != nil {
			fmt.Fprintf(os.Stderr, "ipv8-testsend: %v\n", err)
			os.Exit(1)
		}
		return
	}

	if err := run(*ifname, *dst, *count, *etype, *saddr, *daddr, *proto, *ttl, *payload, *raw); err != nil {
		fmt.Fprintf(os.Stderr, "ipv8-testsend: %v\n", err)
		os.Exit(1)
	}
}

func run(ifname, dst string, count int, etype, saddr, daddr string, proto, ttl int, payload, raw string) error {
	if ifname == "" {
		return fmt.Errorf("-i is required")
	}
	ifi, err := net.InterfaceByName(ifname)
	if err != nil {
		return err
	}
	dmac, err := net.ParseMAC(dst)
	if err != nil || len(dmac) != 6 {
		return fmt.Errorf("bad -dst %q", dst)
	}
	et, err := strconv.ParseUint(etype, 0, 16)
	if err != nil {
		return fmt.Errorf("bad -ethertype %q", etype)
	}

	var body []byte
	if raw != "" {
		if body, err = hex.DecodeString(strings.ReplaceAll(raw, " ", "")); err != nil {
			return fmt.Errorf("bad -raw: %v", err)
		}
	} else {
		s, err := parseAddr(saddr)
		if err != nil {
			return err
		}
		d, err := parseAddr(daddr)
		if err != nil {
			return err
		}
		body = packet(s, d, byte(proto), byte(ttl), []byte(payload))
	}

	frame := make([]byte, 0, 14+len(body))
	frame = append(frame, dmac...)
	frame = append(frame, ifi.HardwareAddr...)
	frame = binary.BigEndian.AppendUint16(frame, uint16(et))
	frame = append(frame, body...)
	// Pad to the Ethernet minimum so every driver sends the same bytes.
	for len(frame) < 60 {
		frame = append(frame, 0)
	}

	fd, err := unix.Socket(unix.AF_PACKET, unix.SOCK_RAW, 0)
	if err != nil {
		return fmt.Errorf("AF_PACKET socket: %v", err)
	}
	defer unix.Close(fd)
	to := &unix.SockaddrLinklayer{Ifindex: ifi.Index, Halen: 6}
	copy(to.Addr[:], dmac)
	for i := 0; i < count; i++ {
		// A distinct identification per frame makes captures readable.
		if raw == "" {
			binary.BigEndian.PutUint16(frame[14+4:], uint16(i+1))
			binary.BigEndian.PutUint16(frame[14+10:], 0)
			binary.BigEndian.PutUint16(frame[14+10:], checksum(frame[14:14+28]))
		}
		if err := unix.Sendto(fd, frame, 0, to); err != nil {
			return fmt.Errorf("sendto: %v", err)
		}
	}
	return nil
}

// packet builds an IPv8 header (the IPv4 header with 8-octet addresses, DF
// set, no options) followed by payload.
func packet(src, dst [8]byte, proto, ttl byte, payload []byte) []byte {
	h := make([]byte, 28, 28+len(payload))
	h[0] = 8<<4 | 7
	binary.BigEndian.PutUint16(h[2:], uint16(28+len(payload)))
	binary.BigEndian.PutUint16(h[6:], 0x4000)
	h[8] = ttl
	h[9] = proto
	copy(h[12:], src[:])
	copy(h[20:], dst[:])
	binary.BigEndian.PutUint16(h[10:], checksum(h))
	return append(h, payload...)
}

// checksum is the RFC 1071 ones'-complement sum.
func checksum(b []byte) uint16 {
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

// parseAddr reads ASN-dot (65001.10.0.0.1) or 8-octet dotted text. It is
// deliberately minimal: the real parser lives in go/in8 and this tool must
// not depend on code under test.
func parseAddr(s string) ([8]byte, error) {
	var a [8]byte
	parts := strings.Split(s, ".")
	switch len(parts) {
	case 5:
		asn, err := strconv.ParseUint(parts[0], 10, 32)
		if err != nil {
			return a, fmt.Errorf("bad address %q", s)
		}
		binary.BigEndian.PutUint32(a[:], uint32(asn))
		parts = parts[1:]
		for i, p := range parts {
			v, err := strconv.ParseUint(p, 10, 8)
			if err != nil {
				return a, fmt.Errorf("bad address %q", s)
			}
			a[4+i] = byte(v)
		}
	case 8:
		for i, p := range parts {
			v, err := strconv.ParseUint(p, 10, 8)
			if err != nil {
				return a, fmt.Errorf("bad address %q", s)
			}
			a[i] = byte(v)
		}
	default:
		return a, fmt.Errorf("bad address %q: want ASN.a.b.c.d or 8 octets", s)
	}
	return a, nil
}
