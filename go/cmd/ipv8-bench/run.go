// SPDX-License-Identifier: GPL-2.0

package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ipv8/ipv8/go/internal/genl8"
)

// Report is the JSON document ipv8-bench run writes.
type Report struct {
	Kernel  string     `json:"kernel"`
	Date    string     `json:"date"`
	FIB     []fibPoint `json:"fib"`
	Forward *fwdResult `json:"forwarding,omitempty"`
	Latency *latResult `json:"latency,omitempty"`
	Goals   []goal     `json:"goals"`
	Notes   []string   `json:"notes,omitempty"`
}

type fibPoint struct {
	Routes        uint32  `json:"routes"`
	ASNs          uint32  `json:"asns"`
	Lookups       uint32  `json:"lookups"`
	IPv8Ns        float64 `json:"ipv8_ns_per_lookup"`
	IPv4Ns        float64 `json:"ipv4_ns_per_lookup,omitempty"`
	IPv8Misses    uint32  `json:"ipv8_misses"`
	IPv4Misses    uint32  `json:"ipv4_misses"`
	IPv8Bytes     uint64  `json:"ipv8_slab_bytes"`
	IPv8Model     uint64  `json:"ipv8_model_bytes"`
	IPv8Prefixes  uint32  `json:"ipv8_prefixes"`
	IPv4Bytes     int64   `json:"ipv4_slab_vmalloc_bytes,omitempty"`
	IPv4Triestat  uint64  `json:"ipv4_triestat_bytes,omitempty"`
	IPv4AvgDepth  float64 `json:"ipv4_avg_depth,omitempty"`
	IPv8LoadSecs  float64 `json:"ipv8_load_s"`
	IPv4LoadSecs  float64 `json:"ipv4_load_s,omitempty"`
	IPv4Routes    uint32  `json:"ipv4_routes,omitempty"`
	IPv8BytesPerR float64 `json:"ipv8_bytes_per_route"`
	IPv4BytesPerR float64 `json:"ipv4_bytes_per_route,omitempty"`
}

type fwdResult struct {
	FrameBytes int     `json:"frame_bytes"`
	Secs       float64 `json:"secs"`
	Rounds     int     `json:"rounds"`
	IPv8PPS    float64 `json:"ipv8_pps"`
	IPv4PPS    float64 `json:"ipv4_pps"`
	IPv8Sent   float64 `json:"ipv8_sent_pps"`
	IPv4Sent   float64 `json:"ipv4_sent_pps"`
}

// latResult holds four series of round trips: ping8 against iputils ping,
// and the bench's own client for both families. Each round runs every
// series once, the families in alternating order, so that a slow spell
// of the shared, emulated host falls on both; a series' figure is the
// median of its rounds' averages.
type latResult struct {
	Count      int       `json:"count"` // requests per round and series
	Rounds     int       `json:"rounds"`
	IntervalMs float64   `json:"interval_ms"`
	Ping8      latSeries `json:"ping8"`
	Ping       latSeries `json:"ping"`
	Echo8      latSeries `json:"echo8"`
	Echo4      latSeries `json:"echo4"`
}

type latSeries struct {
	MedianMs float64   `json:"median_ms"`
	RoundsMs []float64 `json:"round_avg_ms"`
}

func (s *latSeries) add(ms float64) {
	s.RoundsMs = append(s.RoundsMs, ms)
	s.MedianMs = median(s.RoundsMs)
}

// median of v (the mean of the middle two for an even count); 0 for none.
func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(v))
	m := len(s) / 2
	if len(s)%2 == 0 {
		return (s[m-1] + s[m]) / 2
	}
	return s[m]
}

type goal struct {
	Figure string  `json:"figure"`
	IPv8   float64 `json:"ipv8"`
	IPv4   float64 `json:"ipv4"`
	Unit   string  `json:"unit"`
	Ratio  float64 `json:"ratio"`
	Goal   string  `json:"goal"`
	Holds  bool    `json:"holds"`
}

func cmdRun(args []string) error {
	fs := flag.NewFlagSet("run", flag.ExitOnError)
	out := fs.String("o", "-", "JSON output file")
	sizes := fs.String("sizes", "1000:1000,100000:10000,1000000:100000", "ROUTES:ASNS,... for the lookup series")
	lookups := fs.Uint("lookups", 200000, "lookups per size")
	v4max := fs.Uint("ipv4-max", 0, "largest IPv4 table to load with ip -batch (0: no limit)")
	v4budget := fs.Duration("ipv4-budget", 5*time.Minute, "skip an IPv4 size whose load would take longer (estimated from the previous size)")
	fwdSecs := fs.Float64("fwd-secs", 3, "seconds per forwarding round")
	rounds := fs.Int("fwd-rounds", 2, "forwarding rounds per family")
	frame := fs.Int("frame", 106, "forwarding frame size")
	count := fs.Int("ping-count", 100, "echo requests per round and series")
	latRounds := fs.Int("lat-rounds", 7, "latency rounds, each running every series")
	skip := fs.String("skip", "", "comma-separated parts to skip: fib,fwd,lat")
	_ = fs.Parse(args)

	r := &Report{Date: time.Now().UTC().Format(time.RFC3339)}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		r.Kernel = strings.TrimSpace(string(b))
	}
	if !strings.Contains(*skip, "fib") {
		if err := runFIB(r, *sizes, uint32(*lookups), uint32(*v4max), *v4budget); err != nil {
			return fmt.Errorf("lookup series: %w", err)
		}
	}
	if !strings.Contains(*skip, "fwd") || !strings.Contains(*skip, "lat") {
		t, err := newTopo()
		if err != nil {
			return fmt.Errorf("topology: %w", err)
		}
		defer t.close()
		if !strings.Contains(*skip, "fwd") {
			if r.Forward, err = t.forward(*frame, *fwdSecs, *rounds); err != nil {
				return fmt.Errorf("forwarding: %w", err)
			}
		}
		if !strings.Contains(*skip, "lat") {
			if r.Latency, err = t.latency(*count, *latRounds); err != nil {
				return fmt.Errorf("latency: %w", err)
			}
		}
	}
	r.Goals = goals(r)
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	if *out == "-" {
		_, err = os.Stdout.Write(b)
		return err
	}
	return os.WriteFile(*out, b, 0o644)
}

func logf(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "# ipv8-bench: "+format+"\n", a...)
}

func sh(name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	b, err := cmd.CombinedOutput()
	if err != nil {
		return string(b), fmt.Errorf("%s %s: %v: %s", name, strings.Join(args, " "), err, strings.TrimSpace(string(b)))
	}
	return string(b), nil
}

func mustSh(name string, args ...string) error { _, err := sh(name, args...); return err }

// ---- route lookups ------------------------------------------------------

const (
	fibNS    = "b8fib"
	fibTable = 100
	fibDev   = "bfib0"
)

type size struct{ routes, asns uint32 }

func parseSizes(s string) ([]size, error) {
	var out []size
	for _, f := range strings.Split(s, ",") {
		r, a, ok := strings.Cut(strings.TrimSpace(f), ":")
		if !ok {
			a = "1"
		}
		rv, err1 := strconv.ParseUint(r, 10, 32)
		av, err2 := strconv.ParseUint(a, 10, 32)
		if err1 != nil || err2 != nil || rv == 0 || av == 0 || av > rv {
			return nil, fmt.Errorf("bad size %q (want ROUTES:ASNS, 1 <= ASNS <= ROUTES)", f)
		}
		out = append(out, size{uint32(rv), uint32(av)})
	}
	return out, nil
}

// meminfo returns the kernel memory a table can grow: unreclaimable slab
// plus vmalloc (fib_trie puts large nodes there), in octets.
func meminfo() (int64, error) {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	var total int64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) >= 2 && (fields[0] == "SUnreclaim:" || fields[0] == "VmallocUsed:") {
			v, _ := strconv.ParseInt(fields[1], 10, 64)
			total += v * 1024
		}
	}
	return total, sc.Err()
}

var (
	triestatTotal = regexp.MustCompile(`Total size: (\d+)\s+kB`)
	triestatDepth = regexp.MustCompile(`Aver depth:\s+([0-9.]+)`)
)

// triestat parses table id's block of /proc/net/fib_triestat.
func triestat(text string, id int) (bytes uint64, depth float64) {
	_, blk, ok := strings.Cut(text, fmt.Sprintf("Id %d:", id))
	if !ok {
		return 0, 0
	}
	if i := strings.Index(blk, "\nId "); i >= 0 {
		blk = blk[:i]
	}
	if m := triestatTotal.FindStringSubmatch(blk); m != nil {
		kb, _ := strconv.ParseUint(m[1], 10, 64)
		bytes = kb * 1024
	}
	if m := triestatDepth.FindStringSubmatch(blk); m != nil {
		depth, _ = strconv.ParseFloat(m[1], 64)
	}
	return bytes, depth
}

// writeBatch writes ip -batch lines adding routes lo..hi-1 of the generator.
func writeBatch(path string, seed, asns, lo, hi uint32) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	for i := lo; i < hi; i++ {
		h, _ := genl8.BenchRoute(seed, asns, i)
		fmt.Fprintf(w, "route add table %d %d.%d.%d.0/24 dev %s\n", fibTable, h>>24, h>>16&255, h>>8&255, fibDev)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// loadIPv4 adds routes 0..n-1 with ip -batch, in files of batchLines so
// that neither the file (on the guest's tmpfs) nor ip grows with n.
func loadIPv4(seed, asns, n uint32) error {
	const batchLines = 50000
	path := filepath.Join(os.TempDir(), "ipv8-bench.batch")
	defer os.Remove(path)
	for lo := uint32(0); lo < n; lo += batchLines {
		if err := writeBatch(path, seed, asns, lo, min(n, lo+batchLines)); err != nil {
			return err
		}
		if err := mustSh("ip", "-n", fibNS, "-batch", path); err != nil {
			return err
		}
	}
	return nil
}

func runFIB(r *Report, sizesArg string, lookups, v4max uint32, budget time.Duration) error {
	sizes, err := parseSizes(sizesArg)
	if err != nil {
		return err
	}
	_ = mustSh("ip", "netns", "del", fibNS)
	if err := mustSh("ip", "netns", "add", fibNS); err != nil {
		return err
	}
	defer func() { _ = mustSh("ip", "netns", "del", fibNS) }()
	c, err := genl8.Dial(fibNS)
	if err != nil {
		return err
	}
	defer c.Close()
	const seed = 1
	var secsPerRoute float64 // of the last IPv4 load
	for _, sz := range sizes {
		p := fibPoint{Routes: sz.routes, ASNs: sz.asns, Lookups: lookups}
		loadV4 := v4max == 0 || sz.routes <= v4max
		if est := time.Duration(secsPerRoute * float64(sz.routes) * float64(time.Second)); loadV4 && est > budget {
			loadV4 = false
			r.Notes = append(r.Notes, fmt.Sprintf("IPv4 table of %d routes skipped: ip -batch would take about %v here (budget %v)", sz.routes, est.Round(time.Second), budget))
		}
		req := genl8.BenchRequest{Routes: sz.routes, ASNs: sz.asns, Lookups: lookups, Seed: seed}
		if loadV4 {
			if err := mustSh("ip", "-n", fibNS, "link", "add", fibDev, "type", "dummy"); err != nil {
				return err
			}
			if err := mustSh("ip", "-n", fibNS, "link", "set", fibDev, "up"); err != nil {
				return err
			}
			m0, _ := meminfo()
			t := time.Now()
			if err := loadIPv4(seed, sz.asns, sz.routes); err != nil {
				return err
			}
			p.IPv4LoadSecs = time.Since(t).Seconds()
			m1, _ := meminfo()
			secsPerRoute = p.IPv4LoadSecs / float64(sz.routes)
			p.IPv4Routes = sz.routes
			p.IPv4Bytes = m1 - m0
			p.IPv4BytesPerR = float64(p.IPv4Bytes) / float64(sz.routes)
			if ts, err := sh("ip", "netns", "exec", fibNS, "cat", "/proc/net/fib_triestat"); err == nil {
				p.IPv4Triestat, p.IPv4AvgDepth = triestat(ts, fibTable)
			}
			req.IPv4Table = fibTable
		}
		logf("lookups: %d routes over %d ASNs (IPv4 table: %v)", sz.routes, sz.asns, loadV4)
		res, err := c.Bench(req)
		if err != nil {
			return err
		}
		p.IPv8Ns = res.NsPerLookup()
		p.IPv8Misses = res.Misses
		p.IPv8Bytes = res.SlabBytes
		p.IPv8Model = res.MemBytes
		p.IPv8Prefixes = res.Nodes
		p.IPv8LoadSecs = res.Load.Seconds()
		p.IPv8BytesPerR = float64(res.SlabBytes) / float64(res.Routes)
		if res.HasIPv4 {
			p.IPv4Ns = res.IPv4NsPerLookup()
			p.IPv4Misses = res.IPv4Misses
		}
		if loadV4 {
			// Deleting the device takes its routes with it, at once.
			if err := mustSh("ip", "-n", fibNS, "link", "del", fibDev); err != nil {
				return err
			}
		}
		logf("  FIB8 %.1f ns, IPv4 %.1f ns; %.0f vs %.0f bytes/route; loads %.1f s (FIB8) %.1f s (ip -batch)",
			p.IPv8Ns, p.IPv4Ns, p.IPv8BytesPerR, p.IPv4BytesPerR, p.IPv8LoadSecs, p.IPv4LoadSecs)
		r.FIB = append(r.FIB, p)
		// Let RCU free the last tables before the next size is measured.
		time.Sleep(2 * time.Second)
	}
	return nil
}

// ---- goals ----------------------------------------------------------------

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// goals checks the targets on the figures measured.
func goals(r *Report) []goal {
	var gs []goal
	// The largest size with both families timed.
	var big *fibPoint
	for i := range r.FIB {
		if p := &r.FIB[i]; p.IPv4Ns > 0 && (big == nil || p.Routes > big.Routes) {
			big = p
		}
	}
	if big != nil {
		g := goal{Figure: fmt.Sprintf("lookup, %d routes", big.Routes), IPv8: big.IPv8Ns, IPv4: big.IPv4Ns, Unit: "ns", Goal: "<= 1.0"}
		g.Ratio = ratio(g.IPv8, g.IPv4)
		g.Holds = g.Ratio <= 1.0
		gs = append(gs, g)
		m := goal{Figure: fmt.Sprintf("memory/route, %d routes", big.Routes), IPv8: big.IPv8BytesPerR, IPv4: big.IPv4BytesPerR, Unit: "B", Goal: "<= 1.5"}
		m.Ratio = ratio(m.IPv8, m.IPv4)
		m.Holds = m.Ratio <= 1.5
		gs = append(gs, m)
	}
	if f := r.Forward; f != nil {
		g := goal{Figure: "forwarding", IPv8: f.IPv8PPS, IPv4: f.IPv4PPS, Unit: "pps", Goal: ">= 0.9"}
		g.Ratio = ratio(g.IPv8, g.IPv4)
		g.Holds = g.Ratio >= 0.9
		gs = append(gs, g)
	}
	if l := r.Latency; l != nil {
		g := goal{Figure: "ping8 vs ping rtt", IPv8: l.Ping8.MedianMs, IPv4: l.Ping.MedianMs, Unit: "ms", Goal: "<= 1.1"}
		g.Ratio = ratio(g.IPv8, g.IPv4)
		g.Holds = g.Ratio <= 1.1
		gs = append(gs, g)
		e := goal{Figure: "echo rtt, same client", IPv8: l.Echo8.MedianMs, IPv4: l.Echo4.MedianMs, Unit: "ms", Goal: "<= 1.1"}
		e.Ratio = ratio(e.IPv8, e.IPv4)
		e.Holds = e.Ratio <= 1.1
		gs = append(gs, e)
	}
	return gs
}
