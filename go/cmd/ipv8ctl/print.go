package main

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/ipv8/ipv8/go/internal/genl8"
	"github.com/ipv8/ipv8/go/internal/out"
	"github.com/ipv8/ipv8/go/ipv8"
)

// Every printer below goes through out.Printer, so text and JSON cannot
// drift apart: each call names the JSON key and the text format together.

// linkHead prints "2: veth0: ipv8 on <FORWARDING,WAN> state UP mtu 1500".
func linkHead(p *out.Printer, l genl8.Link) {
	p.Uint("ifindex", "%d: ", uint64(l.Index))
	p.String("ifname", "%s: ", l.Name)
	p.Bool("ipv8", "ipv8 %s", l.Enabled)
	printSwitches(p, l)
	p.String("operstate", " state %s", l.OperState.String())
	p.Uint("mtu", " mtu %d", uint64(l.MTU))
}

// printSwitches prints the forwarding, border and WAN switches of a link
// with IPv8 on (a link with IPv8 off has none): in text, those that are on
// in brackets as ip(8) prints link flags, " <FORWARDING,BORDER,WAN>", and
// nothing when all are off, so that the common line stays short; in JSON,
// all three as booleans.
func printSwitches(p *out.Printer, l genl8.Link) {
	if !l.Enabled {
		return
	}
	var on []string
	for _, sw := range []struct {
		key  string
		text string
		v    bool
	}{
		{"forwarding", "FORWARDING", l.Forwarding},
		{"border", "BORDER", l.Border},
		{"wan", "WAN", l.WAN},
	} {
		p.Bool(sw.key, "", sw.v)
		if sw.v {
			on = append(on, sw.text)
		}
	}
	if len(on) > 0 {
		p.Text(" <" + strings.Join(on, ",") + ">")
	}
}

// hasEtherAddr reports whether l has an Ethernet address worth printing:
// loopback's all-zero one is left out, as is any other length.
func hasEtherAddr(l genl8.Link) bool {
	return len(l.HardwareAddr) == 6 && !bytes.Equal(l.HardwareAddr, make([]byte, 6))
}

// printLinks prints one line per link; with withStats (-s), a link the
// kernel sent counters for (IPv8 on) gets them too, one indented line each.
// A link with IPv8 on has its gateway probe settings always in JSON, in
// text only with details (-d), on an indented line as ip -d prints:
//
//	probe_interval 100 probe_misses 3 holddown 3
func printLinks(p *out.Printer, links []genl8.Link, withStats, details bool) {
	p.OpenArray("")
	for _, l := range links {
		p.OpenObject("")
		linkHead(p, l)
		if hasEtherAddr(l) {
			p.String("address", " link/ether %s", l.HardwareAddr.String())
		}
		p.Text("\n")
		// The kernel sends the three together, for links with IPv8 on.
		if l.Enabled && l.ProbeInterval != 0 {
			f := func(s string) string {
				if details {
					return s
				}
				return ""
			}
			p.Uint("probe_interval", f("    probe_interval %d"), uint64(l.ProbeInterval))
			p.Uint("probe_misses", f(" probe_misses %d"), uint64(l.ProbeMisses))
			p.Uint("holddown", f(" holddown %d\n"), uint64(l.Holddown))
		}
		if withStats && l.Stats != nil {
			printLinkStats(p, l.Stats)
		}
		p.CloseObject()
	}
	p.CloseArray()
}

// printLinkStats prints a link's counters as "stats":{...} or indented
// lines. rx_drop_link_disabled is left out: a frame on a link with IPv8
// off is counted only per namespace, so per link it is always 0.
func printLinkStats(p *out.Printer, cs []genl8.Counter) {
	p.OpenObject("stats")
	for _, c := range cs {
		if c.ID == ipv8.StatRxDropLinkDisabled {
			continue
		}
		p.Uint(c.Name, "    "+c.Name+" %d\n", c.Value)
	}
	p.CloseObject()
}

// linkAddrs is one link of "addr show" with its addresses.
type linkAddrs struct {
	link  genl8.Link
	addrs []genl8.Addr
}

func printAddrInfo(p *out.Printer, a genl8.Addr, indent string) {
	p.OpenObject("")
	p.Text(indent + "inet8 ")
	p.String("local", "%s", a.Prefix.Addr().String())
	p.Uint("prefixlen", "/%d", uint64(a.Prefix.Bits()))
	p.Text("\n")
	p.CloseObject()
}

func printAddrs(p *out.Printer, las []linkAddrs) {
	p.OpenArray("")
	for _, la := range las {
		p.OpenObject("")
		linkHead(p, la.link)
		p.Text("\n")
		p.OpenArray("addr_info")
		for _, a := range la.addrs {
			printAddrInfo(p, a, "    ")
		}
		p.CloseArray()
		p.CloseObject()
	}
	p.CloseArray()
}

func printStats(p *out.Printer, cs []genl8.Counter) {
	p.OpenObject("")
	for _, c := range cs {
		p.Uint(c.Name, c.Name+" %d\n", c.Value)
	}
	p.CloseObject()
}

// printRoute prints one route, as "route show" and monitor do:
//
//	65002.10.1.0.0/16 via 65001.222.0.0.2 dev veth0 metric 10
//	default via 65001.192.0.2.254 via 65001.192.0.2.253 dev veth0 active 65001.192.0.2.254
//
// A parity pair has two "via", primary first, and the one in use now
// after "active" (JSON: gateway, gateway2, active). Text leaves out "via"
// without a gateway and "metric" when it is 0; JSON always has the metric
// and the ifindex.
func printRoute(p *out.Printer, r genl8.Route) {
	p.String("dst", "%s", r.Dst.String())
	if !r.Gateway.IsUnspecified() {
		p.String("gateway", " via %s", r.Gateway.String())
	}
	if r.IsPair() {
		p.String("gateway2", " via %s", r.Gateway2.String())
	}
	p.String("dev", " dev %s", devName(r.Name, r.Index))
	p.Uint("ifindex", "", uint64(r.Index))
	if r.IsPair() && !r.Active.IsUnspecified() {
		p.String("active", " active %s", r.Active.String())
	}
	format := " metric %d"
	if r.Metric == 0 {
		format = "" // JSON only
	}
	p.Uint("metric", format, uint64(r.Metric))
	p.Text("\n")
}

func printRoutes(p *out.Printer, routes []genl8.Route) {
	p.OpenArray("")
	for _, r := range routes {
		p.OpenObject("")
		printRoute(p, r)
		p.CloseObject()
	}
	p.CloseArray()
}

// printEvent prints one monitor line (text) or one JSON object per line:
//
//	2: veth0: ipv8 on
//	2: veth0: ipv8 on <FORWARDING>
//	2: veth0    inet8 65001.10.0.0.1/24
//	Deleted 2: veth0    inet8 65001.10.0.0.1/24
//	65002.10.1.0.0/16 via 65001.222.0.0.2 dev veth0 metric 10
//	Deleted default dev veth0
func printEvent(p *out.Printer, ev genl8.Event) {
	p.OpenObject("")
	switch ev.Cmd {
	case ipv8.CmdLinkSet, ipv8.CmdLinkGet:
		p.Uint("ifindex", "%d: ", uint64(ev.Link.Index))
		p.String("ifname", "%s: ", ev.Link.Name)
		p.Bool("ipv8", "ipv8 %s", ev.Link.Enabled)
		printSwitches(p, ev.Link)
		p.Text("\n")
	case ipv8.CmdAddrNew, ipv8.CmdAddrDel:
		if ev.Cmd == ipv8.CmdAddrDel {
			p.Flag("deleted", "Deleted ")
		}
		p.Uint("ifindex", "%d: ", uint64(ev.Addr.Index))
		// ip monitor pads the name to 8 columns.
		p.String("ifname", "%-8s ", ev.Addr.Name)
		p.OpenArray("addr_info")
		printAddrInfo(p, ev.Addr, "")
		p.CloseArray()
	case ipv8.CmdRouteNew, ipv8.CmdRouteDel:
		if ev.Cmd == ipv8.CmdRouteDel {
			p.Flag("deleted", "Deleted ")
		}
		printRoute(p, ev.Route)
	case ipv8.CmdReachGet:
		p.Flag("reach", "reach ")
		printReach(p, ev.Reach, false)
	case ipv8.CmdNeighNew, ipv8.CmdNeighDel, ipv8.CmdNeighGet:
		if ev.Cmd == ipv8.CmdNeighDel {
			p.Flag("deleted", "Deleted ")
		}
		p.Flag("neigh", "neigh ")
		printNeighbor(p, ev.Neigh, false)
	}
	p.CloseObject()
}

// devName is a link's name, or "ifN" when the device left the namespace
// after the kernel built the message.
func devName(name string, index int) string {
	if name == "" {
		return "if" + strconv.Itoa(index)
	}
	return name
}

// printCapsState prints what a neighbour speaks and its NUD state, as
// neighbour lines do: " v8 REACHABLE"; JSON "caps":[...],"state":[...].
func printCapsState(p *out.Printer, caps genl8.NeighCaps, state genl8.NeighState) {
	p.Text(" " + caps.String())
	p.OpenArray("caps")
	for _, c := range caps.Names() {
		p.Element("", c)
	}
	p.CloseArray()
	p.OpenArray("state")
	for _, s := range state.Names() {
		p.Element(" %s", s)
	}
	p.CloseArray()
}

// printReach prints one reachability entry:
//
//	default via 65001.192.0.2.254 dev veth0 primary lladdr 02:00:00:00:00:fe v8 REACHABLE
//
// "via" is left out for a connected prefix (the destination is the next
// hop), "lladdr" while unresolved. The role is single (one gateway or
// none), primary or secondary (a pair failed over). full adds the next
// hop's link-layer address, capabilities and state; a monitor line has
// only the route, the next hop and the role.
func printReach(p *out.Printer, r genl8.Reach, full bool) {
	p.String("dst", "%s", r.Dst.String())
	if !r.Nexthop.IsUnspecified() {
		p.String("nexthop", " via %s", r.Nexthop.String())
	}
	p.String("dev", " dev %s", devName(r.Name, r.Index))
	p.Uint("ifindex", "", uint64(r.Index))
	p.String("role", " %s", r.Role.String())
	if full {
		if r.HardwareAddr != nil {
			p.String("lladdr", " lladdr %s", r.HardwareAddr.String())
		}
		printCapsState(p, r.Caps, r.State)
	}
	p.Text("\n")
}

// printPeer prints one peering entry:
//
//	65002.10.0.0.1 dev veth1 asn 65002 v8 REACHABLE
func printPeer(p *out.Printer, pe genl8.Peer) {
	p.String("addr", "%s", pe.Addr.String())
	p.String("dev", " dev %s", devName(pe.Name, pe.Index))
	p.Uint("ifindex", "", uint64(pe.Index))
	p.Uint("asn", " asn %d", uint64(pe.ASN))
	printCapsState(p, pe.Caps, pe.State)
	p.Text("\n")
}

// The MFT tables: each a JSON array (member key of "mft show", "" alone),
// or text lines after indent ("" alone, four spaces inside "mft show").

func printMftNeighbors(p *out.Printer, ns []genl8.Neighbor, key, indent string) {
	p.OpenArray(key)
	for _, n := range ns {
		p.OpenObject("")
		p.Text(indent)
		printMftNeighbor(p, n)
		p.CloseObject()
	}
	p.CloseArray()
}

func printPeers(p *out.Printer, ps []genl8.Peer, key, indent string) {
	p.OpenArray(key)
	for _, pe := range ps {
		p.OpenObject("")
		p.Text(indent)
		printPeer(p, pe)
		p.CloseObject()
	}
	p.CloseArray()
}

func printReaches(p *out.Printer, rs []genl8.Reach, key, indent string) {
	p.OpenArray(key)
	for _, r := range rs {
		p.OpenObject("")
		p.Text(indent)
		printReach(p, r, true)
		p.CloseObject()
	}
	p.CloseArray()
}

// printMft prints the three tables, each under a heading in text and as
// one member of an object in JSON: {"neighbors":[],"peers":[],"reach":[]}.
func printMft(p *out.Printer, ns []genl8.Neighbor, ps []genl8.Peer, rs []genl8.Reach) {
	p.OpenObject("")
	p.Text("neighbors:\n")
	printMftNeighbors(p, ns, "neighbors", "    ")
	p.Text("peers:\n")
	printPeers(p, ps, "peers", "    ")
	p.Text("reach:\n")
	printReaches(p, rs, "reach", "    ")
	p.CloseObject()
}

// printMftNeighbor prints a neighbour entry with everything the MFT holds:
// the "neigh show -s" line plus the liveness verdict and the missed
// probes in a row (none, alive or dead; only watched gateways have one):
//
//	65001.192.0.2.254 dev veth0 lladdr 02:00:00:00:00:fe v8 REACHABLE probes 0 confirmed 20ms liveness alive misses 0
func printMftNeighbor(p *out.Printer, n genl8.Neighbor) {
	printNeighborBody(p, n, true)
	p.String("liveness", " liveness %s", n.Liveness.String())
	p.Uint("misses", " misses %d", uint64(n.Misses))
	p.Text("\n")
}

// printNeighbor prints one entry as ip-neighbour(8) does:
//
//	65001.192.0.2.2 dev veth0 lladdr 02:00:00:00:00:02 v8 REACHABLE
//
// then what the neighbour speaks (v8, v4, v8+v4 or none) and its state.
// "lladdr" is left out while unresolved. Text shows probes and the time
// since the last confirmation only with -s; JSON always has them, and the
// ifindex.
func printNeighbor(p *out.Printer, n genl8.Neighbor, withStats bool) {
	printNeighborBody(p, n, withStats)
	p.Text("\n")
}

func printNeighborBody(p *out.Printer, n genl8.Neighbor, withStats bool) {
	p.String("dst", "%s", n.Dst.String())
	p.String("dev", " dev %s", devName(n.Name, n.Index))
	p.Uint("ifindex", "", uint64(n.Index))
	if n.HardwareAddr != nil {
		p.String("lladdr", " lladdr %s", n.HardwareAddr.String())
	}
	printCapsState(p, n.Caps, n.State)
	probes, confirmed := "", ""
	if withStats {
		probes, confirmed = " probes %d", " confirmed %dms"
	}
	p.Uint("probes", probes, uint64(n.Probes))
	p.Uint("confirmed_ms", confirmed, uint64(n.Confirmed.Milliseconds()))
}

func printNeighbors(p *out.Printer, ns []genl8.Neighbor, withStats bool) {
	p.OpenArray("")
	for _, n := range ns {
		p.OpenObject("")
		printNeighbor(p, n, withStats)
		p.CloseObject()
	}
	p.CloseArray()
}
