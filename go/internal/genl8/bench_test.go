package genl8

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/genetlink/genltest"
	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"

	"github.com/ipv8/ipv8/go/ipv8"
)

func dotted(h uint32) string {
	return fmt.Sprintf("%d.%d.%d.%d", h>>24, h>>16&255, h>>8&255, h&255)
}

// Values computed independently (Python) from docs/protocol.md 15.6.
func TestBenchGenerator(t *testing.T) {
	if got := benchMix(0); got != 0xe220a8397b1dcdaf {
		t.Errorf("benchMix(0) = %#x, want SplitMix64's first output", got)
	}
	routes := []struct {
		seed, asns, i uint32
		host          string
		asn           uint32
	}{
		{1, 1000, 0, "1.0.1.0", 57},
		{1, 1000, 1, "100.121.178.0", 168},
		{7, 100000, 999999, "167.148.150.0", 13087},
		{1, 1, 5, "54.96.118.0", 1},
	}
	for _, tt := range routes {
		h, a := BenchRoute(tt.seed, tt.asns, tt.i)
		if dotted(h) != tt.host || a != tt.asn {
			t.Errorf("BenchRoute(%d, %d, %d) = %s, %d; want %s, %d", tt.seed, tt.asns, tt.i, dotted(h), a, tt.host, tt.asn)
		}
	}
	dsts := []struct {
		seed, asns, routes, j uint32
		host                  string
		asn                   uint32
	}{
		{1, 1000, 1000, 0, "33.186.83.225", 655},
		{42, 100000, 1000000, 123456, "55.144.14.113", 24891},
	}
	for _, tt := range dsts {
		h, a := BenchDst(tt.seed, tt.asns, tt.routes, tt.j)
		if dotted(h) != tt.host || a != tt.asn {
			t.Errorf("BenchDst(%d, %d, %d, %d) = %s, %d; want %s, %d", tt.seed, tt.asns, tt.routes, tt.j, dotted(h), a, tt.host, tt.asn)
		}
	}
}

// The /24s are distinct and stay out of 0/8, 127/8 and 224/3.
func TestBenchRoutesDistinct(t *testing.T) {
	const n = 1 << 18
	seen := make(map[uint32]bool, n)
	for i := uint32(0); i < n; i++ {
		h, a := BenchRoute(3, 10, i)
		if f := h >> 24; f == 0 || f == 127 || f >= 224 || h&0xff != 0 {
			t.Fatalf("route %d: %s is outside the space", i, dotted(h))
		}
		if a < 1 || a > 10 {
			t.Fatalf("route %d: ASN %d out of 1..10", i, a)
		}
		if seen[h] {
			t.Fatalf("route %d: %s twice", i, dotted(h))
		}
		seen[h] = true
	}
}

func TestBench(t *testing.T) {
	reply := genetlink.Message{Data: attrs(
		u32(ipv8.BenchAttrRoutes, 1000),
		u32(ipv8.BenchAttrASNs, 10),
		u32(ipv8.BenchAttrLookups, 4000),
		u32(ipv8.BenchAttrSeed, 1),
		u32(ipv8.BenchAttrNsPerLookup, 25),
		u64(ipv8.BenchAttrTotalNs, 100000),
		u32(ipv8.BenchAttrMisses, 0),
		u64(ipv8.BenchAttrMemBytes, 224000),
		u64(ipv8.BenchAttrSlabBytes, 229376),
		u32(ipv8.BenchAttrNodes, 1999),
		u64(ipv8.BenchAttrLoadNs, 5000000),
		u32(ipv8.BenchAttrIPv4NsPerLookup, 20),
		u64(ipv8.BenchAttrIPv4TotalNs, 80000),
		u32(ipv8.BenchAttrIPv4Misses, 0),
		u32(99, 1), // newer than this build
	)}
	tests := []struct {
		name      string
		req       BenchRequest
		wantAttrs []netlink.Attribute
	}{
		{
			name:      "routes only",
			req:       BenchRequest{Routes: 1000},
			wantAttrs: []netlink.Attribute{u32(ipv8.BenchAttrRoutes, 1000)},
		},
		{
			name: "everything",
			req:  BenchRequest{Routes: 1000, ASNs: 10, Lookups: 4000, Seed: 1, IPv4Table: 100},
			wantAttrs: []netlink.Attribute{
				u32(ipv8.BenchAttrRoutes, 1000),
				u32(ipv8.BenchAttrASNs, 10),
				u32(ipv8.BenchAttrLookups, 4000),
				u32(ipv8.BenchAttrSeed, 1),
				u32(ipv8.BenchAttrIPv4Table, 100),
			},
		},
	}
	want := BenchResult{
		Routes: 1000, ASNs: 10, Lookups: 4000, Seed: 1,
		Total: 100 * time.Microsecond, MemBytes: 224000, SlabBytes: 229376,
		Nodes: 1999, Load: 5 * time.Millisecond,
		HasIPv4: true, IPv4Total: 80 * time.Microsecond,
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []netlink.Attribute
			c, _ := dialFake(t, genltest.CheckRequest(testFamily.ID, ipv8.CmdBenchFib, doFlags,
				func(greq genetlink.Message, _ netlink.Message) ([]genetlink.Message, error) {
					got = mustAttrs(t, greq.Data)
					return []genetlink.Message{reply}, nil
				}))
			res, err := c.Bench(tt.req)
			if err != nil {
				t.Fatalf("Bench: %v", err)
			}
			if diff := cmp.Diff(tt.wantAttrs, got); diff != "" {
				t.Errorf("request attributes (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(want, res); diff != "" {
				t.Errorf("result (-want +got):\n%s", diff)
			}
			if res.NsPerLookup() != 25 || res.IPv4NsPerLookup() != 20 {
				t.Errorf("per lookup = %v, %v; want 25, 20", res.NsPerLookup(), res.IPv4NsPerLookup())
			}
		})
	}
}

func TestBenchErrors(t *testing.T) {
	c, _ := dialFake(t, func(genetlink.Message, netlink.Message) ([]genetlink.Message, error) {
		return nil, &kernelError{errno: unix.EBUSY, msg: "another benchmark is running"}
	})
	if _, err := c.Bench(BenchRequest{}); err == nil {
		t.Error("Bench without routes: no error")
	}
	_, err := c.Bench(BenchRequest{Routes: 1})
	var ke *Error
	if !errors.As(err, &ke) || ke.Errno != unix.EBUSY || ke.Message != "another benchmark is running" {
		t.Errorf("Bench: err = %v, want EBUSY with the extack message", err)
	}
}

func TestParseBench(t *testing.T) {
	tests := []struct {
		name string
		b    []byte
		ok   bool
	}{
		{"minimal", attrs(u32(ipv8.BenchAttrLookups, 1)), true},
		{"no lookups", attrs(u32(ipv8.BenchAttrRoutes, 1)), false},
		{"short u64", attrs(u32(ipv8.BenchAttrLookups, 1), u32(ipv8.BenchAttrTotalNs, 1)), false},
		{"truncated", []byte{8, 0, 4}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseBench(tt.b)
			if (err == nil) != tt.ok {
				t.Errorf("parseBench: err = %v, want ok %v", err, tt.ok)
			}
		})
	}
}

func FuzzParseBench(f *testing.F) {
	f.Add(attrs(u32(ipv8.BenchAttrLookups, 1), u64(ipv8.BenchAttrTotalNs, 7)))
	f.Add([]byte{4, 0, 4, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := parseBench(b)
		if err == nil && r.Lookups == 0 {
			t.Fatal("accepted a reply without a lookup count")
		}
	})
}
