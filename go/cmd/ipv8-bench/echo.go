// SPDX-License-Identifier: GPL-2.0

package main

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math"
	"net"
	"os"
	"regexp"
	"strconv"
	"time"

	"github.com/ipv8/ipv8/go/in8"
	"github.com/ipv8/ipv8/go/internal/sock8"
)

// echoStats is one series of echo round trips.
type echoStats struct {
	Sent     int     `json:"sent"`
	Received int     `json:"received"`
	AvgMs    float64 `json:"avg_ms"`
	MinMs    float64 `json:"min_ms"`
	MaxMs    float64 `json:"max_ms"`
}

// pinger is one family's raw ICMP socket; both go through Go's netpoller,
// so the user-space cost is the same and the difference is the kernel's.
type pinger interface {
	send(b []byte) error
	// recv returns the ICMP message of the next packet.
	recv(b []byte, deadline time.Time) ([]byte, error)
	close()
}

type pinger8 struct {
	c   *sock8.RawConn
	dst in8.Addr
}

func (p *pinger8) send(b []byte) error { _, err := p.c.WriteTo(b, p.dst); return err }
func (p *pinger8) close()              { p.c.Close() }
func (p *pinger8) recv(b []byte, deadline time.Time) ([]byte, error) {
	if err := p.c.SetReadDeadline(deadline); err != nil {
		return nil, err
	}
	n, _, err := p.c.ReadFrom(b)
	if err != nil {
		return nil, err
	}
	// The whole packet: skip the header, options included.
	hl := int(b[0]&0x0f) * 4
	if n < hl+8 {
		return nil, errors.New("short packet")
	}
	return b[hl:n], nil
}

type pinger4 struct {
	c   *net.IPConn
	dst *net.IPAddr
}

func (p *pinger4) send(b []byte) error { _, err := p.c.WriteTo(b, p.dst); return err }
func (p *pinger4) close()              { p.c.Close() }
func (p *pinger4) recv(b []byte, deadline time.Time) ([]byte, error) {
	if err := p.c.SetReadDeadline(deadline); err != nil {
		return nil, err
	}
	// Go strips the IPv4 header of "ip4:icmp" reads.
	n, _, err := p.c.ReadFrom(b)
	if err != nil {
		return nil, err
	}
	return b[:n], nil
}

func echoRequest(id, seq uint16) []byte {
	m := make([]byte, 64)
	m[0] = 8 // echo request
	binary.BigEndian.PutUint16(m[4:], id)
	binary.BigEndian.PutUint16(m[6:], seq)
	binary.BigEndian.PutUint16(m[2:], checksum(m))
	return m
}

// cmdEcho sends count echo requests to one destination, one every
// interval, and prints the round trips as JSON.
func cmdEcho(args []string) error {
	fs := flag.NewFlagSet("echo", flag.ExitOnError)
	count := fs.Int("c", 200, "requests")
	interval := fs.Duration("i", 10*time.Millisecond, "interval")
	_ = fs.Parse(args)
	if fs.NArg() != 1 {
		return errors.New("echo: one destination")
	}
	var p pinger
	// Routing prefix 0 is plain IPv4: AF_INET's business.
	if d, err := in8.ParseAddr(fs.Arg(0)); err == nil && d.ASN() != 0 {
		c, err := sock8.ListenRaw(1)
		if err != nil {
			return err
		}
		p = &pinger8{c: c, dst: d}
	} else {
		c, err := net.ListenIP("ip4:icmp", nil)
		if err != nil {
			return err
		}
		p = &pinger4{c: c, dst: &net.IPAddr{IP: net.ParseIP(fs.Arg(0))}}
	}
	defer p.close()
	st, err := echo(p, *count, *interval)
	if err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(st)
}

func echo(p pinger, count int, interval time.Duration) (echoStats, error) {
	id := uint16(os.Getpid())
	buf := make([]byte, 1500)
	var st echoStats
	var sum float64
	st.MinMs = math.Inf(1)
	next := time.Now()
	for seq := 1; seq <= count; seq++ {
		time.Sleep(time.Until(next))
		next = next.Add(interval)
		start := time.Now()
		if err := p.send(echoRequest(id, uint16(seq))); err != nil {
			return st, err
		}
		st.Sent++
		deadline := start.Add(time.Second)
		for {
			m, err := p.recv(buf, deadline)
			if err != nil {
				break // lost: counted by Received
			}
			if m[0] == 0 && binary.BigEndian.Uint16(m[4:]) == id &&
				binary.BigEndian.Uint16(m[6:]) == uint16(seq) {
				ms := float64(time.Since(start).Microseconds()) / 1000
				st.Received++
				sum += ms
				st.MinMs = math.Min(st.MinMs, ms)
				st.MaxMs = math.Max(st.MaxMs, ms)
				break
			}
		}
	}
	if st.Received == 0 {
		return st, fmt.Errorf("echo: no reply in %d requests", count)
	}
	st.AvgMs = sum / float64(st.Received)
	return st, nil
}

// pingAvg finds the average round trip in ping's or ping8's summary:
// "rtt min/avg/max/mdev = 0.1/0.2/0.3/0.0 ms" (iputils, ping8) or
// "round-trip min/avg/max = 0.1/0.2/0.3 ms" (busybox).
var pingSummary = regexp.MustCompile(`(?m)^(?:rtt|round-trip) min/avg/max(?:/mdev)? = [0-9.]+/([0-9.]+)/`)

func pingAvg(out string) (float64, error) {
	m := pingSummary.FindStringSubmatch(out)
	if m == nil {
		return 0, fmt.Errorf("no round-trip summary in %q", out)
	}
	return strconv.ParseFloat(m[1], 64)
}
