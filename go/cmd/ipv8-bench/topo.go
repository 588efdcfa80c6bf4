// SPDX-License-Identifier: GPL-2.0

package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// The forwarding and latency topology, both families on the same links:
//
//	ns b8g [veth0] ---- [veth1] ns b8r [veth2] ---- [veth0] ns b8s
//	65001.192.0.2.1     .254 / 65002.198.51.100.254    65002.198.51.100.1
//	192.0.2.1           192.0.2.254 / 198.51.100.254    198.51.100.1
const (
	nsG, nsR, nsS = "b8g", "b8r", "b8s"
	g8, s8        = "65001.192.0.2.1", "65002.198.51.100.1"
	g4, s4        = "192.0.2.1", "198.51.100.1"
)

type topo struct{ self string }

func run(ns string, args ...string) error {
	return mustSh("ip", append([]string{"netns", "exec", ns}, args...)...)
}

func newTopo() (*topo, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	t := &topo{self: self}
	t.close()
	steps := [][]string{
		{"ip", "netns", "add", nsG},
		{"ip", "netns", "add", nsR},
		{"ip", "netns", "add", nsS},
		{"ip", "-n", nsG, "link", "add", "veth0", "type", "veth", "peer", "name", "veth1", "netns", nsR},
		{"ip", "-n", nsR, "link", "add", "veth2", "type", "veth", "peer", "name", "veth0", "netns", nsS},
	}
	for _, ns := range []string{nsG, nsR, nsS} {
		steps = append(steps, []string{"ip", "-n", ns, "link", "set", "lo", "up"})
	}
	steps = append(steps,
		[]string{"ip", "-n", nsG, "link", "set", "veth0", "up"},
		[]string{"ip", "-n", nsR, "link", "set", "veth1", "up"},
		[]string{"ip", "-n", nsR, "link", "set", "veth2", "up"},
		[]string{"ip", "-n", nsS, "link", "set", "veth0", "up"},
		[]string{"ip", "-n", nsG, "addr", "add", g4 + "/24", "dev", "veth0"},
		[]string{"ip", "-n", nsR, "addr", "add", "192.0.2.254/24", "dev", "veth1"},
		[]string{"ip", "-n", nsR, "addr", "add", "198.51.100.254/24", "dev", "veth2"},
		[]string{"ip", "-n", nsS, "addr", "add", s4 + "/24", "dev", "veth0"},
		[]string{"ip", "-n", nsG, "route", "add", "default", "via", "192.0.2.254"},
		[]string{"ip", "-n", nsS, "route", "add", "default", "via", "198.51.100.254"},
		[]string{"ip", "netns", "exec", nsR, "sysctl", "-qw", "net.ipv4.ip_forward=1"},
		[]string{"ipv8ctl", "-n", nsG, "link", "set", "veth0", "ipv8", "on"},
		[]string{"ipv8ctl", "-n", nsR, "link", "set", "veth1", "ipv8", "on", "forwarding", "on"},
		[]string{"ipv8ctl", "-n", nsR, "link", "set", "veth2", "ipv8", "on", "forwarding", "on"},
		[]string{"ipv8ctl", "-n", nsS, "link", "set", "veth0", "ipv8", "on"},
		[]string{"ipv8ctl", "-n", nsG, "addr", "add", g8 + "/24", "dev", "veth0"},
		[]string{"ipv8ctl", "-n", nsR, "addr", "add", "65001.192.0.2.254/24", "dev", "veth1"},
		[]string{"ipv8ctl", "-n", nsR, "addr", "add", "65002.198.51.100.254/24", "dev", "veth2"},
		[]string{"ipv8ctl", "-n", nsS, "addr", "add", s8 + "/24", "dev", "veth0"},
		[]string{"ipv8ctl", "-n", nsG, "route", "add", "default", "via", "65001.192.0.2.254"},
		[]string{"ipv8ctl", "-n", nsS, "route", "add", "default", "via", "65002.198.51.100.254"},
	)
	for _, s := range steps {
		if err := mustSh(s[0], s[1:]...); err != nil {
			t.close()
			return nil, err
		}
	}
	// Neighbours resolved both ways before anything is timed.
	if err := run(nsG, "ping8", "-c", "3", "-i", "0.2", "-W", "2", s8); err != nil {
		t.close()
		return nil, err
	}
	if err := run(nsG, "ping", "-c", "3", "-i", "0.2", "-W", "2", s4); err != nil {
		t.close()
		return nil, err
	}
	return t, nil
}

func (t *topo) close() {
	for _, ns := range []string{nsG, nsR, nsS} {
		_ = mustSh("ip", "netns", "del", ns)
	}
}

// rxPackets reads the sink's veth0 receive counter.
func rxPackets() (uint64, error) {
	out, err := sh("ip", "netns", "exec", nsS, "cat", "/sys/class/net/veth0/statistics/rx_packets")
	if err != nil {
		return 0, err
	}
	return strconv.ParseUint(strings.TrimSpace(out), 10, 64)
}

func routerMAC() (string, error) {
	out, err := sh("ip", "netns", "exec", nsR, "cat", "/sys/class/net/veth1/address")
	return strings.TrimSpace(out), err
}

// round sends one family's frames for secs and returns frames/s sent and
// received by the sink.
func (t *topo) round(family int, mac string, frame int, secs float64) (sent, fwd float64, err error) {
	src, dst := g8, s8
	if family == 4 {
		src, dst = g4, s4
	}
	before, err := rxPackets()
	if err != nil {
		return 0, 0, err
	}
	out, err := sh("ip", "netns", "exec", nsG, t.self, "gen", "-i", "veth0", "-dmac", mac,
		"-family", strconv.Itoa(family), "-src", src, "-dst", dst,
		"-size", strconv.Itoa(frame), "-secs", strconv.FormatFloat(secs, 'f', -1, 64))
	if err != nil {
		return 0, 0, err
	}
	// Whatever is still queued reaches the sink within moments; the rate
	// is over the time the generator sent, not its start-up.
	time.Sleep(200 * time.Millisecond)
	after, err := rxPackets()
	if err != nil {
		return 0, 0, err
	}
	n, err := strconv.ParseUint(strings.TrimSpace(out), 10, 64)
	if err != nil {
		return 0, 0, fmt.Errorf("gen said %q", out)
	}
	return float64(n) / secs, float64(after-before) / secs, nil
}

func (t *topo) forward(frame int, secs float64, rounds int) (*fwdResult, error) {
	mac, err := routerMAC()
	if err != nil {
		return nil, err
	}
	f := &fwdResult{FrameBytes: frame, Secs: secs, Rounds: rounds}
	// Alternating rounds, so drift in the host's load hits both alike.
	for i := 0; i < rounds; i++ {
		for _, fam := range []int{8, 4} {
			sent, fwd, err := t.round(fam, mac, frame, secs)
			if err != nil {
				return nil, err
			}
			logf("forwarding IPv%d round %d: sent %.0f/s, forwarded %.0f/s", fam, i+1, sent, fwd)
			if fam == 8 {
				f.IPv8PPS += fwd / float64(rounds)
				f.IPv8Sent += sent / float64(rounds)
			} else {
				f.IPv4PPS += fwd / float64(rounds)
				f.IPv4Sent += sent / float64(rounds)
			}
		}
	}
	return f, nil
}

func (t *topo) latency(count, rounds int) (*latResult, error) {
	l := &latResult{Count: count, Rounds: rounds, IntervalMs: 10}
	n := strconv.Itoa(count)
	// The tools as users run them, ping8 (Go) and iputils ping (C), both
	// timing replies by the kernel's receive stamp; then one client for
	// both families, so that only the kernel differs.
	pings := []func() error{
		func() error { return t.ping(&l.Ping8, "ping8", n, s8) },
		func() error { return t.ping(&l.Ping, "ping", n, s4) },
	}
	echoes := []func() error{
		func() error { return t.echo(&l.Echo8, n, s8) },
		func() error { return t.echo(&l.Echo4, n, s4) },
	}
	for r := range rounds {
		for _, pair := range [][]func() error{pings, echoes} {
			first, second := pair[0], pair[1]
			if r%2 == 1 {
				first, second = second, first
			}
			if err := first(); err != nil {
				return nil, err
			}
			if err := second(); err != nil {
				return nil, err
			}
		}
	}
	logf("latency, medians of %d rounds: ping8 %.3f ms, ping %.3f ms; echo %.3f vs %.3f ms",
		rounds, l.Ping8.MedianMs, l.Ping.MedianMs, l.Echo8.MedianMs, l.Echo4.MedianMs)
	return l, nil
}

// ping adds the average round trip of one run of tool to s.
func (t *topo) ping(s *latSeries, tool, count, dst string) error {
	out, err := sh("ip", "netns", "exec", nsG, tool, "-q", "-c", count, "-i", "0.01", dst)
	if err != nil {
		return err
	}
	avg, err := pingAvg(out)
	if err != nil {
		return err
	}
	s.add(avg)
	return nil
}

// echo adds the average round trip of one run of the bench's client to s.
func (t *topo) echo(s *latSeries, count, dst string) error {
	out, err := sh("ip", "netns", "exec", nsG, t.self, "echo", "-c", count, "-i", "10ms", dst)
	if err != nil {
		return err
	}
	var st echoStats
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		return fmt.Errorf("echo said %q: %w", out, err)
	}
	s.add(st.AvgMs)
	return nil
}
