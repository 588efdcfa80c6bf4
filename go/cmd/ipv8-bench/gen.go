// SPDX-License-Identifier: GPL-2.0

package main

import (
	"encoding/binary"
	"flag"
	"fmt"
	"net"
	"time"

	"golang.org/x/sys/unix"

	"github.com/ipv8/ipv8/go/in8"
)

// cmdGen writes frames out of one interface as fast as one AF_PACKET
// socket can for a fixed time and prints how many it wrote.
func cmdGen(args []string) error {
	fs := flag.NewFlagSet("gen", flag.ExitOnError)
	ifname := fs.String("i", "veth0", "interface")
	dmac := fs.String("dmac", "", "destination MAC (the router's)")
	family := fs.Int("family", 8, "8 or 4")
	src := fs.String("src", "", "source address")
	dst := fs.String("dst", "", "destination address")
	size := fs.Int("size", 106, "frame size in octets, without FCS")
	secs := fs.Float64("secs", 3, "seconds to send for")
	_ = fs.Parse(args)

	ifi, err := net.InterfaceByName(*ifname)
	if err != nil {
		return err
	}
	dm, err := net.ParseMAC(*dmac)
	if err != nil {
		return err
	}
	var f []byte
	switch *family {
	case 8:
		s, err := in8.ParseAddr(*src)
		if err != nil {
			return err
		}
		d, err := in8.ParseAddr(*dst)
		if err != nil {
			return err
		}
		f = frame8(dm, ifi.HardwareAddr, s, d, *size)
	case 4:
		s, d := net.ParseIP(*src), net.ParseIP(*dst)
		if s.To4() == nil || d.To4() == nil {
			return fmt.Errorf("bad IPv4 address %q or %q", *src, *dst)
		}
		f = frame4(dm, ifi.HardwareAddr, s, d, *size)
	default:
		return fmt.Errorf("family %d: want 8 or 4", *family)
	}
	n, err := blast(ifi.Index, f, time.Duration(*secs*float64(time.Second)))
	if err != nil {
		return err
	}
	fmt.Println(n)
	return nil
}

func htons(v uint16) uint16 {
	var b [2]byte
	binary.BigEndian.PutUint16(b[:], v)
	return binary.NativeEndian.Uint16(b[:])
}

// blast sends f on ifindex until d has passed. Blocking writes: when the
// device queue is full the sender waits instead of spinning on ENOBUFS.
func blast(ifindex int, f []byte, d time.Duration) (uint64, error) {
	fd, err := unix.Socket(unix.AF_PACKET, unix.SOCK_RAW, 0)
	if err != nil {
		return 0, fmt.Errorf("AF_PACKET socket: %w", err)
	}
	defer unix.Close(fd)
	sa := &unix.SockaddrLinklayer{Protocol: htons(0), Ifindex: ifindex}
	if err := unix.Bind(fd, sa); err != nil {
		return 0, err
	}
	var n uint64
	end := time.Now().Add(d)
	for {
		// The clock is read every 256 frames: it costs a syscall-free
		// vDSO call, but not nothing under emulation.
		for i := 0; i < 256; i++ {
			if _, err := unix.Write(fd, f); err != nil {
				if err == unix.ENOBUFS || err == unix.EAGAIN {
					continue
				}
				return n, err
			}
			n++
		}
		if time.Now().After(end) {
			return n, nil
		}
	}
}
