package genl8

import (
	"fmt"
	"time"

	"github.com/mdlayher/netlink"

	"github.com/ipv8/ipv8/go/ipv8"
)

// BenchRequest asks the kernel to time route lookups (IPV8_CMD_BENCH_FIB,
// docs/protocol.md 15.6). Zero fields take the kernel's defaults, except
// Routes, which is required.
type BenchRequest struct {
	Routes    uint32 // routes to load into a throw-away FIB8
	ASNs      uint32 // ASNs to spread them over (default 1)
	Lookups   uint32 // lookups to time (default 100000)
	Seed      uint32 // generator seed (default 1)
	IPv4Table uint32 // IPv4 table to time the same host parts in; 0: none
}

// BenchResult is the kernel's answer to a BenchRequest.
type BenchResult struct {
	Routes    uint32        // routes loaded
	ASNs      uint32        // as requested, or the default
	Lookups   uint32        // lookups timed
	Seed      uint32        // generator seed used
	Total     time.Duration // FIB8: all lookups
	Misses    uint32        // FIB8 lookups without a route (should be 0)
	MemBytes  uint64        // routes, prefixes and hash buckets at their allocated sizes
	SlabBytes uint64        // slab growth while loading
	Nodes     uint32        // prefixes in the table
	Load      time.Duration // time to load the table

	// With IPv4Table: the same destinations in the IPv4 table.
	HasIPv4    bool
	IPv4Total  time.Duration
	IPv4Misses uint32
}

// NsPerLookup is FIB8's mean lookup time in nanoseconds.
func (r BenchResult) NsPerLookup() float64 { return perLookup(r.Total, r.Lookups) }

// IPv4NsPerLookup is the IPv4 table's mean lookup time in nanoseconds.
func (r BenchResult) IPv4NsPerLookup() float64 { return perLookup(r.IPv4Total, r.Lookups) }

func perLookup(d time.Duration, n uint32) float64 {
	if n == 0 {
		return 0
	}
	return float64(d.Nanoseconds()) / float64(n)
}

// Bench runs the route lookup benchmark. It needs CAP_NET_ADMIN in the
// initial user namespace and may take minutes for a million routes; the
// socket has no deadline, so the call waits for it.
func (c *Client) Bench(req BenchRequest) (BenchResult, error) {
	if req.Routes == 0 {
		return BenchResult{}, fmt.Errorf("bench: number of routes missing")
	}
	ae := netlink.NewAttributeEncoder()
	ae.Uint32(ipv8.BenchAttrRoutes, req.Routes)
	for _, a := range []struct {
		typ uint16
		v   uint32
	}{
		{ipv8.BenchAttrASNs, req.ASNs},
		{ipv8.BenchAttrLookups, req.Lookups},
		{ipv8.BenchAttrSeed, req.Seed},
		{ipv8.BenchAttrIPv4Table, req.IPv4Table},
	} {
		if a.v != 0 {
			ae.Uint32(a.typ, a.v)
		}
	}
	msgs, err := c.execute("bench", ipv8.CmdBenchFib, netlink.Request, encode(ae))
	if err != nil {
		return BenchResult{}, err
	}
	return parseOne("bench", msgs, parseBench)
}

// parseBench decodes a BENCH_FIB reply; unknown attributes are skipped.
func parseBench(b []byte) (BenchResult, error) {
	ad, err := netlink.NewAttributeDecoder(b)
	if err != nil {
		return BenchResult{}, err
	}
	var r BenchResult
	ns := func() time.Duration { return time.Duration(ad.Uint64()) }
	for ad.Next() {
		switch ad.Type() {
		case ipv8.BenchAttrRoutes:
			r.Routes = ad.Uint32()
		case ipv8.BenchAttrASNs:
			r.ASNs = ad.Uint32()
		case ipv8.BenchAttrLookups:
			r.Lookups = ad.Uint32()
		case ipv8.BenchAttrSeed:
			r.Seed = ad.Uint32()
		case ipv8.BenchAttrTotalNs:
			r.Total = ns()
		case ipv8.BenchAttrMisses:
			r.Misses = ad.Uint32()
		case ipv8.BenchAttrMemBytes:
			r.MemBytes = ad.Uint64()
		case ipv8.BenchAttrSlabBytes:
			r.SlabBytes = ad.Uint64()
		case ipv8.BenchAttrNodes:
			r.Nodes = ad.Uint32()
		case ipv8.BenchAttrLoadNs:
			r.Load = ns()
		case ipv8.BenchAttrIPv4TotalNs:
			r.HasIPv4 = true
			r.IPv4Total = ns()
		case ipv8.BenchAttrIPv4Misses:
			r.IPv4Misses = ad.Uint32()
		}
	}
	if err := ad.Err(); err != nil {
		return BenchResult{}, fmt.Errorf("parsing bench reply: %w", err)
	}
	if r.Lookups == 0 {
		return BenchResult{}, fmt.Errorf("parsing bench reply: no lookup count")
	}
	return r, nil
}

// BenchRoute is route i of the benchmark's generator (docs/protocol.md
// 15.6): a /24 host prefix, as an IPv4 address in host byte order, and its
// ASN. Userspace loads the same prefixes into the IPv4 table.
func BenchRoute(seed, asns, i uint32) (host, asn uint32) {
	const space = 222 << 16
	v := uint32((uint64(i)*2654435761 + uint64(seed)) % space)
	first := v>>16 + 1
	if first >= 127 {
		first++
	}
	host = first<<24 | (v&0xffff)<<8
	asn = 1 + uint32(benchMix(uint64(seed)<<32|uint64(i))%uint64(asns))
	return host, asn
}

// BenchDst is lookup j's destination: ASN and host part.
func BenchDst(seed, asns, routes, j uint32) (host, asn uint32) {
	r := benchMix(^(uint64(seed)<<32 | uint64(j)))
	host, asn = BenchRoute(seed, asns, uint32((r>>8)%uint64(routes)))
	return host | uint32(r&0xff), asn
}

// benchMix is SplitMix64's finaliser, as the kernel's ipv8_bench_mix().
func benchMix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}
