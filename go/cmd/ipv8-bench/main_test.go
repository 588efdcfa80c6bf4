// SPDX-License-Identifier: GPL-2.0

package main

import (
	"net"
	"slices"
	"testing"

	"github.com/ipv8/ipv8/go/in8"
)

func TestFrames(t *testing.T) {
	dm, sm := net.HardwareAddr{2, 0, 0, 0, 0, 2}, net.HardwareAddr{2, 0, 0, 0, 0, 1}
	tests := []struct {
		name  string
		f     []byte
		etype [2]byte
		hlen  int
	}{
		{"ipv8", frame8(dm, sm, in8.MustParseAddr("65001.192.0.2.1"), in8.MustParseAddr("65002.198.51.100.1"), 106), [2]byte{0x88, 0xb5}, 28},
		{"ipv4", frame4(dm, sm, net.ParseIP("192.0.2.1"), net.ParseIP("198.51.100.1"), 106), [2]byte{0x08, 0x00}, 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if len(tt.f) != 106 {
				t.Fatalf("frame is %d octets, want 106", len(tt.f))
			}
			if tt.f[12] != tt.etype[0] || tt.f[13] != tt.etype[1] {
				t.Errorf("ethertype %x", tt.f[12:14])
			}
			h := tt.f[14 : 14+tt.hlen]
			if checksum(h) != 0 {
				t.Errorf("header checksum does not verify: %x", h)
			}
			if got := int(h[2])<<8 | int(h[3]); got != 92 {
				t.Errorf("total length %d, want 92", got)
			}
			if h[9] != benchProto {
				t.Errorf("protocol %d", h[9])
			}
		})
	}
}

func TestPingAvg(t *testing.T) {
	tests := []struct {
		out  string
		want float64
		ok   bool
	}{
		{"--- x ping statistics ---\n200 packets transmitted, 200 received, 0% packet loss, time 2000ms\nrtt min/avg/max/mdev = 0.210/0.480/1.900/0.100 ms\n", 0.48, true},
		{"200 packets transmitted, 200 packets received, 0% packet loss\nround-trip min/avg/max = 0.183/0.512/2.001 ms\n", 0.512, true},
		{"100% packet loss\n", 0, false},
	}
	for _, tt := range tests {
		got, err := pingAvg(tt.out)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("pingAvg(%q) = %v, %v; want %v, ok %v", tt.out, got, err, tt.want, tt.ok)
		}
	}
}

func TestTriestat(t *testing.T) {
	text := `Basic info: size of leaf: 48 bytes, size of tnode: 40 bytes.
Id 254:
	Aver depth:     1.50
	Max depth:      2
Total size: 1  kB
Id 100:
	Aver depth:     3.25
	Max depth:      6
	Leaves:         100000
Total size: 9000  kB
`
	b, d := triestat(text, 100)
	if b != 9000*1024 || d != 3.25 {
		t.Errorf("triestat(100) = %d, %v; want %d, 3.25", b, d, 9000*1024)
	}
	if b, d := triestat(text, 7); b != 0 || d != 0 {
		t.Errorf("triestat(7) = %d, %v; want nothing", b, d)
	}
}

func TestParseSizes(t *testing.T) {
	tests := []struct {
		in   string
		want []size
		ok   bool
	}{
		{"1000:100,1000000:100000", []size{{1000, 100}, {1000000, 100000}}, true},
		{"500", []size{{500, 1}}, true},
		{"10:20", nil, false},
		{"x:1", nil, false},
		{"0:0", nil, false},
	}
	for _, tt := range tests {
		got, err := parseSizes(tt.in)
		if (err == nil) != tt.ok || len(got) != len(tt.want) {
			t.Errorf("parseSizes(%q) = %v, %v", tt.in, got, err)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("parseSizes(%q)[%d] = %v, want %v", tt.in, i, got[i], tt.want[i])
			}
		}
	}
}

func TestGoals(t *testing.T) {
	r := &Report{
		FIB: []fibPoint{
			{Routes: 1000, IPv8Ns: 100, IPv4Ns: 50, IPv8BytesPerR: 200, IPv4BytesPerR: 100},
			{Routes: 100000, IPv8Ns: 90, IPv4Ns: 100, IPv8BytesPerR: 140, IPv4BytesPerR: 100},
			{Routes: 1000000, IPv8Ns: 300}, // no IPv4 at this size
		},
		Forward: &fwdResult{IPv8PPS: 85, IPv4PPS: 100},
		Latency: &latResult{Ping8: latSeries{MedianMs: 1}, Ping: latSeries{MedianMs: 1},
			Echo8: latSeries{MedianMs: 2}, Echo4: latSeries{MedianMs: 1}},
	}
	want := []struct {
		figure string
		holds  bool
	}{
		{"lookup, 100000 routes", true},
		{"memory/route, 100000 routes", true},
		{"forwarding", false},
		{"ping8 vs ping rtt", true},
		{"echo rtt, same client", false},
	}
	got := goals(r)
	if len(got) != len(want) {
		t.Fatalf("goals = %+v", got)
	}
	for i, w := range want {
		if got[i].Figure != w.figure || got[i].Holds != w.holds {
			t.Errorf("goal %d = %q holds %v, want %q holds %v", i, got[i].Figure, got[i].Holds, w.figure, w.holds)
		}
	}
}

func TestMedian(t *testing.T) {
	tests := []struct {
		in   []float64
		want float64
	}{
		{nil, 0},
		{[]float64{3}, 3},
		{[]float64{5, 1, 3}, 3},
		{[]float64{4, 1, 3, 2}, 2.5},
		{[]float64{9, 0.1, 0.2, 0.3, 8}, 0.3},
	}
	for _, tt := range tests {
		in := slices.Clone(tt.in)
		if got := median(tt.in); got != tt.want {
			t.Errorf("median(%v) = %v, want %v", tt.in, got, tt.want)
		}
		if !slices.Equal(in, tt.in) {
			t.Errorf("median reordered its argument: %v", tt.in)
		}
	}
}
