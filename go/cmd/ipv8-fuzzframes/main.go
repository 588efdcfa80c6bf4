// SPDX-License-Identifier: GPL-2.0

// Command ipv8-fuzzframes injects random and mutated IPv8 (ethertype
// 0x88B5) and ARP8 frames through an AF_PACKET socket on one interface
// (issue 8): bad versions, IHLs, lengths and checksums, truncation,
// oversize, forbidden address classes, fragments and options, between
// well-formed packets for delivery, ICMP errors and forwarding. The frames
// follow from -seed alone, so a run can be repeated frame for frame.
//
//	ipv8-fuzzframes -i veth0 -dst 02:00:00:00:00:02 -local 65002.10.0.0.2 \
//		-peer 65002.10.0.0.1 -fwd 65003.198.51.100.7 -n 100000 -seed 1
//
// The last line of the output sums up what was sent, by the receive path it
// reaches (see Kind), so that the receiver's counters can be checked:
//
//	ipv8-fuzzframes: seed=1 frames=100000 ipv8=74001 arp8=23114 ... frames/s=9000
package main

import (
	"errors"
	"flag"
	"fmt"
	"hash/fnv"
	"net"
	"os"
	"time"

	"golang.org/x/sys/unix"

	"github.com/ipv8/ipv8/go/in8"
)

type options struct {
	ifname, dst, local, peer, fwd string
	n                             int
	seed                          uint64
	gap                           time.Duration
	dry, verbose                  bool
}

func main() {
	var o options
	flag.StringVar(&o.ifname, "i", "", "interface to send on (required unless -dry)")
	flag.StringVar(&o.dst, "dst", "", "the receiver's MAC address (required)")
	flag.StringVar(&o.local, "local", "65002.10.0.0.2", "an IPv8 address of the receiver")
	flag.StringVar(&o.peer, "peer", "65002.10.0.0.1", "a valid source on the receiver's subnet")
	flag.StringVar(&o.fwd, "fwd", "65003.198.51.100.7", "a destination the receiver forwards to")
	flag.IntVar(&o.n, "n", 100000, "number of frames")
	flag.Uint64Var(&o.seed, "seed", 1, "seed of the frame generator")
	flag.DurationVar(&o.gap, "gap", 0, "pause after each frame (background traffic)")
	flag.BoolVar(&o.dry, "dry", false, "generate and count the frames, send nothing")
	flag.BoolVar(&o.verbose, "v", false, "progress every 100000 frames on stderr")
	flag.Parse()
	if flag.NArg() != 0 {
		fmt.Fprintf(os.Stderr, "ipv8-fuzzframes: unexpected argument %q\n", flag.Arg(0))
		os.Exit(2)
	}
	s, err := run(o)
	if err != nil {
		fmt.Fprintf(os.Stderr, "ipv8-fuzzframes: %v\n", err)
		os.Exit(1)
	}
	fmt.Println(s)
}

// Summary is what a run sent.
type Summary struct {
	Seed    uint64
	Frames  int
	ByKind  [numKinds]int
	Refused int // sendto errors: frames that never left
	Elapsed time.Duration
	Digest  uint64 // FNV-1a of every frame: equal runs, equal digests
}

func (s Summary) String() string {
	out := fmt.Sprintf("ipv8-fuzzframes: seed=%d frames=%d", s.Seed, s.Frames)
	for k := Kind(0); k < numKinds; k++ {
		out += fmt.Sprintf(" %s=%d", k, s.ByKind[k])
	}
	fps := 0.0
	if secs := s.Elapsed.Seconds(); secs > 0 {
		fps = float64(s.Frames) / secs
	}
	return out + fmt.Sprintf(" refused=%d secs=%.1f frames/s=%.0f digest=%016x",
		s.Refused, s.Elapsed.Seconds(), fps, s.Digest)
}

func run(o options) (Summary, error) {
	sum := Summary{Seed: o.seed}
	cfg, ifindex, err := config(o)
	if err != nil {
		return sum, err
	}
	fd := -1
	if !o.dry {
		// Protocol 0: this socket sends only and queues nothing.
		if fd, err = unix.Socket(unix.AF_PACKET, unix.SOCK_RAW, 0); err != nil {
			return sum, fmt.Errorf("AF_PACKET socket: %v", err)
		}
		defer unix.Close(fd)
	}
	to := &unix.SockaddrLinklayer{Ifindex: ifindex, Halen: 6}
	copy(to.Addr[:], cfg.Dst[:])

	g := NewGen(cfg, o.seed)
	h := fnv.New64a()
	start := time.Now()
	for i := 0; i < o.n; i++ {
		frame, kind := g.Next()
		h.Write(frame)
		if o.gap > 0 {
			// Before the send, so that a link gone under a background
			// sender does not make it spin on the errors.
			time.Sleep(o.gap)
		}
		if fd >= 0 {
			if err := sendto(fd, frame, to); err != nil {
				// Only the link can refuse a frame: count it so the
				// totals stay those of the frames that left.
				sum.Refused++
				if sum.Refused == 1 {
					fmt.Fprintf(os.Stderr, "ipv8-fuzzframes: frame %d (%d octets): %v\n", i, len(frame), err)
				}
				continue
			}
		}
		sum.Frames++
		sum.ByKind[kind]++
		if o.verbose && (i+1)%100000 == 0 {
			fmt.Fprintf(os.Stderr, "ipv8-fuzzframes: %d frames, %.0f/s\n", i+1, float64(i+1)/time.Since(start).Seconds())
		}
	}
	sum.Elapsed = time.Since(start)
	sum.Digest = h.Sum64()
	return sum, nil
}

// sendto retries what the socket refuses for want of buffers for a moment.
func sendto(fd int, frame []byte, to unix.Sockaddr) error {
	for try := 0; ; try++ {
		err := unix.Sendto(fd, frame, 0, to)
		if !errors.Is(err, unix.ENOBUFS) || try == 100 {
			return err
		}
		time.Sleep(time.Millisecond)
	}
}

func config(o options) (Config, int, error) {
	var cfg Config
	mac, err := net.ParseMAC(o.dst)
	if err != nil || len(mac) != 6 {
		return cfg, 0, fmt.Errorf("bad -dst %q: want the receiver's MAC", o.dst)
	}
	copy(cfg.Dst[:], mac)
	for _, a := range []struct {
		flag, text string
		to         *[8]byte
	}{{"-local", o.local, &cfg.Local}, {"-peer", o.peer, &cfg.Peer}, {"-fwd", o.fwd, &cfg.Fwd}} {
		var addr in8.Addr
		if err := addr.UnmarshalText([]byte(a.text)); err != nil {
			return cfg, 0, fmt.Errorf("bad %s: %v", a.flag, err)
		}
		*a.to = addr.As8()
	}
	cfg.MTU = 1500
	cfg.Src = [6]byte{0x02, 0xf0, 0x22, 0, 0, 1}
	if o.dry {
		return cfg, 0, nil
	}
	if o.ifname == "" {
		return cfg, 0, errors.New("-i is required")
	}
	ifi, err := net.InterfaceByName(o.ifname)
	if err != nil {
		return cfg, 0, err
	}
	if len(ifi.HardwareAddr) == 6 {
		copy(cfg.Src[:], ifi.HardwareAddr)
	}
	cfg.MTU = ifi.MTU
	return cfg, ifi.Index, nil
}
