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
func printLinks(p *out.Printer, links []genl8.Link, withStats bool) {
	p.OpenArray("")
	for _, l := range links {
		p.OpenObject("")
		linkHead(p, l)
		if hasEtherAddr(l) {
			p.String("address", " link/ether %s", l.HardwareAddr.String())
		}
		p.Text("\n")
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
//
// Text leaves out "via" without a gateway and "metric" when it is 0; JSON
// always has the metric and the ifindex.
func printRoute(p *out.Printer, r genl8.Route) {
	p.String("dst", "%s", r.Dst.String())
	if !r.Gateway.IsUnspecified() {
		p.String("gateway", " via %s", r.Gateway.String())
	}
	name := r.Name
	if name == "" {
		// The device left the namespace after the kernel built the reply.
		name = "if" + strconv.Itoa(r.Index)
	}
	p.String("dev", " dev %s", name)
	p.Uint("ifindex", "", uint64(r.Index))
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
	}
	p.CloseObject()
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
	p.String("dst", "%s", n.Dst.String())
	name := n.Name
	if name == "" {
		// The device left the namespace after the kernel built the reply.
		name = "if" + strconv.Itoa(n.Index)
	}
	p.String("dev", " dev %s", name)
	p.Uint("ifindex", "", uint64(n.Index))
	if n.HardwareAddr != nil {
		p.String("lladdr", " lladdr %s", n.HardwareAddr.String())
	}
	p.Text(" " + n.Caps.String())
	p.OpenArray("caps")
	for _, c := range n.Caps.Names() {
		p.Element("", c)
	}
	p.CloseArray()
	p.OpenArray("state")
	for _, s := range n.State.Names() {
		p.Element(" %s", s)
	}
	p.CloseArray()
	probes, confirmed := "", ""
	if withStats {
		probes, confirmed = " probes %d", " confirmed %dms"
	}
	p.Uint("probes", probes, uint64(n.Probes))
	p.Uint("confirmed_ms", confirmed, uint64(n.Confirmed.Milliseconds()))
	p.Text("\n")
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
