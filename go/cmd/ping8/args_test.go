package main

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ipv8/ipv8/go/in8"
)

func TestParseArgs(t *testing.T) {
	def := defaultConfig()
	with := func(f func(*config)) config {
		c := def
		c.dest = target
		f(&c)
		return c
	}
	tests := []struct {
		args []string
		want config
	}{
		{[]string{target}, with(func(*config) {})},
		{[]string{"-c", "5", target}, with(func(c *config) { c.count = 5 })},
		{[]string{"-c5", target}, with(func(c *config) { c.count = 5 })},
		{[]string{target, "-c", "5"}, with(func(c *config) { c.count = 5 })},
		{[]string{"-qnc", "2", target}, with(func(c *config) { c.quiet, c.numeric, c.count = true, true, 2 })},
		{[]string{"-i", "0.2", "-W", "1.5", "-w", "7", target}, with(func(c *config) {
			c.interval, c.linger, c.deadline = 200*time.Millisecond, 1500*time.Millisecond, 7*time.Second
		})},
		{[]string{"-s", "0", "-t", "255", target}, with(func(c *config) { c.size, c.ttl = 0, 255 })},
		{[]string{"-s", "65499", target}, with(func(c *config) { c.size = 65499 })},
		{[]string{"-I", "veth0", target}, with(func(c *config) { c.iface = "veth0" })},
		{[]string{"--", target}, with(func(*config) {})},
		{[]string{"-h"}, func() config { c := def; c.help = true; return c }()},
	}
	for _, tt := range tests {
		got, err := parseArgs(tt.args)
		if err != nil {
			t.Errorf("parseArgs(%q): %v", tt.args, err)
			continue
		}
		if d := cmp.Diff(tt.want, got, cmp.AllowUnexported(config{})); d != "" {
			t.Errorf("parseArgs(%q) (-want +got):\n%s", tt.args, d)
		}
	}
}

// TestUsageErrors: every fault before the first packet is status 2 with
// one precise line on stderr (and the usage text after getopt faults).
func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args      []string
		want      string
		wantUsage bool
	}{
		{nil, "ping8: usage error: Destination address required\n", false},
		{[]string{"-c", "3"}, "ping8: usage error: Destination address required\n", false},
		{[]string{target, target}, "ping8: usage error: only one destination address allowed, got 2\n", false},
		{[]string{"-x", target}, "ping8: invalid option -- 'x'\n", true},
		{[]string{target, "-c"}, "ping8: option requires an argument -- 'c'\n", true},
		{[]string{"-c", "0", target}, "ping8: invalid argument: '0': out of range: 1 <= value <= 9223372036854775807\n", false},
		{[]string{"-c", "abc", target}, "ping8: invalid argument: 'abc'\n", false},
		{[]string{"-c", "99999999999999999999", target}, "ping8: invalid argument: '99999999999999999999': out of range: 1 <= value <= 9223372036854775807\n", false},
		{[]string{"-t", "0", target}, "ping8: invalid argument: '0': out of range: 1 <= value <= 255\n", false},
		{[]string{"-t", "256", target}, "ping8: invalid argument: '256': out of range: 1 <= value <= 255\n", false},
		{[]string{"-s", "65500", target}, "ping8: packet size 65500 is too large. Maximum is 65499\n", false},
		{[]string{"-s", "-1", target}, "ping8: invalid argument: '-1': out of range: 0 <= value <= 2147483647\n", false},
		{[]string{"-i", "fast", target}, "ping8: bad timing interval: fast\n", false},
		{[]string{"-i", "0.001", target}, "ping8: bad timing interval: 0.001 (minimum is 0.002)\n", false},
		{[]string{"-W", "-1", target}, "ping8: bad linger time: -1\n", false},
		{[]string{"-W", "NaN", target}, "ping8: bad linger time: NaN\n", false},
		{[]string{"-w", "x", target}, "ping8: invalid argument: 'x'\n", false},
		{[]string{"-I", "", target}, "ping8: invalid argument: ''\n", false},
		{[]string{"65001.300.0.0.1"}, "ping8: 65001.300.0.0.1: octet \"300\" is above 255\n", false},
		{[]string{"4294967296.1.2.3.4"}, "ping8: 4294967296.1.2.3.4: ASN \"4294967296\" is above 4294967295\n", false},
		{[]string{"example.org"}, "ping8: example.org: want 4 (IPv4), 5 (ASN-dot) or 8 parts, got 2\n", false},
		{[]string{"65001.10.0.0.01"}, "ping8: 65001.10.0.0.01: octet \"01\" has a leading zero\n", false},
	}
	for _, tt := range tests {
		r := runPing(t, tt.args, nil)
		if r.status != 2 {
			t.Errorf("%q: status %d, want 2", tt.args, r.status)
		}
		if r.stdout != "" {
			t.Errorf("%q: stdout %q, want nothing", tt.args, r.stdout)
		}
		first, rest, _ := strings.Cut(r.stderr, "\n")
		if first+"\n" != tt.want {
			t.Errorf("%q: stderr %q, want %q", tt.args, first+"\n", tt.want)
		}
		if hasUsage := strings.Contains(rest, "Usage"); hasUsage != tt.wantUsage {
			t.Errorf("%q: usage text shown = %v, want %v", tt.args, hasUsage, tt.wantUsage)
		}
		if len(r.net.sent) != 0 {
			t.Errorf("%q: sent %d packets", tt.args, len(r.net.sent))
		}
	}
}

func TestHelp(t *testing.T) {
	r := runPing(t, []string{"-h"}, nil)
	if r.status != 0 || !strings.HasPrefix(r.stdout, "\nUsage\n  ping8 [options] <destination>\n") || r.stderr != "" {
		t.Errorf("-h: status %d stdout %q stderr %q", r.status, r.stdout, r.stderr)
	}
}

func TestOpenError(t *testing.T) {
	var out, errb strings.Builder
	st := ping8([]string{target}, env{
		stdout: &out, stderr: &errb,
		open: func(config, in8.Addr) (*session, error) {
			return nil, &openError{msg: "IPv8 is not available (ipv8 module not loaded)"}
		},
	})
	if st != 2 || out.String() != "" || errb.String() != "ping8: IPv8 is not available (ipv8 module not loaded)\n" {
		t.Errorf("status %d stdout %q stderr %q", st, out.String(), errb.String())
	}
}
