package genl8

import (
	"context"
	"errors"
	"net"
	"os"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/genetlink/genltest"
	"github.com/mdlayher/netlink"
	"github.com/mdlayher/netlink/nltest"
	"golang.org/x/sys/unix"

	"github.com/ipv8/ipv8/go/in8"
	"github.com/ipv8/ipv8/go/ipv8"
)

var (
	doFlags   = netlink.Request | netlink.Acknowledge
	dumpFlags = netlink.Request | netlink.Dump
)

func linkMsg(idx uint32, name string, on bool, mtu uint32, oper uint8, hw ...byte) genetlink.Message {
	var en uint8
	if on {
		en = 1
	}
	as := []netlink.Attribute{
		u32(ipv8.LinkAttrIfindex, idx),
		str(ipv8.LinkAttrIfname, name),
		u8(ipv8.LinkAttrEnabled, en),
		u32(ipv8.LinkAttrMTU, mtu),
		u8(ipv8.LinkAttrOperstate, oper),
	}
	if hw != nil {
		as = append(as, raw(ipv8.LinkAttrAddress, hw...))
	}
	return genetlink.Message{Header: genetlink.Header{Command: ipv8.CmdLinkGet, Version: 1}, Data: attrs(as...)}
}

func addrMsg(cmd uint8, idx uint32, name, p string) genetlink.Message {
	pr := in8.MustParsePrefix(p)
	a := pr.Addr().As8()
	return genetlink.Message{
		Header: genetlink.Header{Command: cmd, Version: 1},
		Data: attrs(
			u32(ipv8.AddrAttrIfindex, idx),
			str(ipv8.AddrAttrIfname, name),
			raw(ipv8.AddrAttrAddress, a[:]...),
			u8(ipv8.AddrAttrPrefixlen, uint8(pr.Bits())),
		),
	}
}

// routeMsg is a route as the kernel sends it: DST and DST_LEN or DEFAULT,
// METRIC, OIF, OIF_NAME, and GATEWAY unless gw is "".
func routeMsg(cmd uint8, dst, gw string, idx uint32, name string, metric uint32) genetlink.Message {
	var as []netlink.Attribute
	if dst == "default" {
		as = append(as, netlink.Attribute{Type: ipv8.RouteAttrDefault})
	} else {
		p := in8.MustParsePrefix(dst)
		a := p.Addr().As8()
		as = append(as, raw(ipv8.RouteAttrDst, a[:]...), u8(ipv8.RouteAttrDstLen, uint8(p.Bits())))
	}
	as = append(as, u32(ipv8.RouteAttrMetric, metric), u32(ipv8.RouteAttrOIF, idx), str(ipv8.RouteAttrOIFName, name))
	if gw != "" {
		g := in8.MustParseAddr(gw).As8()
		as = append(as, raw(ipv8.RouteAttrGateway, g[:]...))
	}
	return genetlink.Message{Header: genetlink.Header{Command: cmd, Version: 1}, Data: attrs(as...)}
}

// neighMsg is a neighbour entry as the kernel dumps it; hw nil leaves
// LLADDR out, as for an unresolved entry.
func neighMsg(idx uint32, name, dst string, hw []byte, state uint16, caps uint8, probes, confirmed uint32) genetlink.Message {
	d := in8.MustParseAddr(dst).As8()
	as := []netlink.Attribute{
		u32(ipv8.NeighAttrIfindex, idx),
		str(ipv8.NeighAttrIfname, name),
		raw(ipv8.NeighAttrDst, d[:]...),
	}
	if hw != nil {
		as = append(as, raw(ipv8.NeighAttrLLAddr, hw...))
	}
	as = append(as,
		u16(ipv8.NeighAttrState, state),
		u8(ipv8.NeighAttrCaps, caps),
		u32(ipv8.NeighAttrProbes, probes),
		u32(ipv8.NeighAttrConfirmed, confirmed))
	return genetlink.Message{Header: genetlink.Header{Command: ipv8.CmdNeighGet, Version: 1}, Data: attrs(as...)}
}

// reachMsg is a reachability entry as the kernel sends it; nh "" leaves
// NEXTHOP out, hw nil LLADDR.
func reachMsg(dst, nh string, idx uint32, name string, role uint8, hw []byte, state uint16, caps uint8) genetlink.Message {
	var as []netlink.Attribute
	if dst == "default" {
		as = append(as, netlink.Attribute{Type: ipv8.ReachAttrDefault})
	} else {
		p := in8.MustParsePrefix(dst)
		a := p.Addr().As8()
		as = append(as, raw(ipv8.ReachAttrDst, a[:]...), u8(ipv8.ReachAttrDstLen, uint8(p.Bits())))
	}
	as = append(as, u32(ipv8.ReachAttrOIF, idx), str(ipv8.ReachAttrOIFName, name))
	if nh != "" {
		n := in8.MustParseAddr(nh).As8()
		as = append(as, raw(ipv8.ReachAttrNexthop, n[:]...))
	}
	as = append(as, u8(ipv8.ReachAttrRole, role))
	if hw != nil {
		as = append(as, raw(ipv8.ReachAttrLLAddr, hw...))
	}
	as = append(as, u16(ipv8.ReachAttrState, state), u8(ipv8.ReachAttrCaps, caps))
	return genetlink.Message{Header: genetlink.Header{Command: ipv8.CmdReachGet, Version: 1}, Data: attrs(as...)}
}

func peerMsg(idx uint32, name string, asn uint32, addr string, state uint16, caps uint8) genetlink.Message {
	a := in8.MustParseAddr(addr).As8()
	return genetlink.Message{
		Header: genetlink.Header{Command: ipv8.CmdPeerGet, Version: 1},
		Data: attrs(u32(ipv8.PeerAttrIfindex, idx), str(ipv8.PeerAttrIfname, name), u32(ipv8.PeerAttrASN, asn),
			raw(ipv8.PeerAttrAddr, a[:]...), u16(ipv8.PeerAttrState, state), u8(ipv8.PeerAttrCaps, caps)),
	}
}

// pairMsg is routeMsg for a parity pair with its active gateway.
func pairMsg(dst, gw, gw2, active string, idx uint32, name string) genetlink.Message {
	m := routeMsg(ipv8.CmdRouteGet, dst, gw, idx, name, 0)
	g2 := in8.MustParseAddr(gw2).As8()
	ac := in8.MustParseAddr(active).As8()
	m.Data = append(m.Data, attrs(raw(ipv8.RouteAttrGateway2, g2[:]...), raw(ipv8.RouteAttrActive, ac[:]...))...)
	return m
}

func mustAttrs(t *testing.T, b []byte) []netlink.Attribute {
	t.Helper()
	if len(b) == 0 {
		return nil
	}
	as, err := netlink.UnmarshalAttributes(b)
	if err != nil {
		t.Fatalf("request attributes: %v", err)
	}
	for i := range as {
		as[i].Length = 0 // compare type and value only
	}
	return as
}

// in8Equal compares in8 values, whose fields are unexported, by value.
var in8Equal = cmp.Options{
	cmp.Comparer(func(a, b in8.Prefix) bool { return a == b }),
	cmp.Comparer(func(a, b in8.Addr) bool { return a == b }),
}

var (
	veth0 = Link{Index: 2, Name: "veth0", Enabled: true, MTU: 1500, OperState: OperUp,
		HardwareAddr: net.HardwareAddr{2, 0, 0, 0, 0, 1}}
	lo = Link{Index: 1, Name: "lo", MTU: 65536, OperState: OperUnknown}
)

// TestRequests checks, for each method, the request the kernel sees (command,
// flags, attributes) and what the method makes of the reply.
func TestRequests(t *testing.T) {
	p24 := in8.MustParsePrefix("65001.10.0.0.1/24")
	p24b := p24.Addr().As8()
	r16 := in8.MustParsePrefix("65002.10.1.0.0/16")
	r16b := r16.Addr().As8()
	gw := in8.MustParseAddr("65001.222.0.0.2")
	gwb := gw.As8()
	route16 := Route{Dst: r16, Gateway: gw, Index: 2, Name: "veth0", Metric: 10}
	nb := in8.MustParseAddr("65001.192.0.2.2")
	nbb := nb.As8()
	mac := net.HardwareAddr{2, 0, 0, 0, 0, 2}
	on, off := true, false
	tests := []struct {
		name      string
		call      func(c *Client) (any, error)
		cmd       uint8
		flags     netlink.HeaderFlags
		wantAttrs []netlink.Attribute
		reply     []genetlink.Message
		want      any
	}{
		{
			name:  "links",
			call:  func(c *Client) (any, error) { return c.Links() },
			cmd:   ipv8.CmdLinkGet,
			flags: dumpFlags,
			reply: []genetlink.Message{
				linkMsg(1, "lo", false, 65536, 0),
				linkMsg(2, "veth0", true, 1500, 6, 2, 0, 0, 0, 0, 1),
			},
			want: []Link{lo, veth0},
		},
		{
			name:  "links empty",
			call:  func(c *Client) (any, error) { return c.Links() },
			cmd:   ipv8.CmdLinkGet,
			flags: dumpFlags,
			want:  []Link{},
		},
		{
			name:      "link by name",
			call:      func(c *Client) (any, error) { return c.Link("veth0") },
			cmd:       ipv8.CmdLinkGet,
			flags:     doFlags,
			wantAttrs: []netlink.Attribute{str(ipv8.LinkAttrIfname, "veth0")},
			reply:     []genetlink.Message{linkMsg(2, "veth0", true, 1500, 6, 2, 0, 0, 0, 0, 1)},
			want:      veth0,
		},
		{
			name:      "link by index",
			call:      func(c *Client) (any, error) { return c.Link("2") },
			cmd:       ipv8.CmdLinkGet,
			flags:     doFlags,
			wantAttrs: []netlink.Attribute{u32(ipv8.LinkAttrIfindex, 2)},
			reply:     []genetlink.Message{linkMsg(2, "veth0", true, 1500, 6, 2, 0, 0, 0, 0, 1)},
			want:      veth0,
		},
		{
			name:      "link on",
			call:      func(c *Client) (any, error) { return nil, c.SetLink("veth0", true) },
			cmd:       ipv8.CmdLinkSet,
			flags:     doFlags,
			wantAttrs: []netlink.Attribute{str(ipv8.LinkAttrIfname, "veth0"), u8(ipv8.LinkAttrEnabled, 1)},
		},
		{
			name:      "link off, reply before the ack",
			call:      func(c *Client) (any, error) { return nil, c.SetLink("veth0", false) },
			cmd:       ipv8.CmdLinkSet,
			flags:     doFlags,
			wantAttrs: []netlink.Attribute{str(ipv8.LinkAttrIfname, "veth0"), u8(ipv8.LinkAttrEnabled, 0)},
			reply:     []genetlink.Message{linkMsg(2, "veth0", false, 1500, 6)},
		},
		{
			name: "link switches only",
			call: func(c *Client) (any, error) {
				return nil, c.SetLinkSettings("veth0", LinkSettings{Forwarding: &on, WAN: &off})
			},
			cmd:   ipv8.CmdLinkSet,
			flags: doFlags,
			wantAttrs: []netlink.Attribute{
				str(ipv8.LinkAttrIfname, "veth0"),
				u8(ipv8.LinkAttrForwarding, 1),
				u8(ipv8.LinkAttrWAN, 0),
			},
		},
		{
			name: "link on with every switch",
			call: func(c *Client) (any, error) {
				return nil, c.SetLinkSettings("3", LinkSettings{Enabled: &on, Forwarding: &off, Border: &on, WAN: &on})
			},
			cmd:   ipv8.CmdLinkSet,
			flags: doFlags,
			wantAttrs: []netlink.Attribute{
				u32(ipv8.LinkAttrIfindex, 3),
				u8(ipv8.LinkAttrEnabled, 1),
				u8(ipv8.LinkAttrForwarding, 0),
				u8(ipv8.LinkAttrBorder, 1),
				u8(ipv8.LinkAttrWAN, 1),
			},
		},
		{
			name:  "link with switches",
			call:  func(c *Client) (any, error) { return c.Link("veth0") },
			cmd:   ipv8.CmdLinkGet,
			flags: doFlags,
			reply: []genetlink.Message{{
				Header: genetlink.Header{Command: ipv8.CmdLinkGet, Version: 1},
				Data: attrs(u32(ipv8.LinkAttrIfindex, 2), u8(ipv8.LinkAttrEnabled, 1),
					u8(ipv8.LinkAttrForwarding, 1), u8(ipv8.LinkAttrBorder, 0), u8(ipv8.LinkAttrWAN, 1)),
			}},
			wantAttrs: []netlink.Attribute{str(ipv8.LinkAttrIfname, "veth0")},
			want:      Link{Index: 2, Enabled: true, Forwarding: true, WAN: true},
		},
		{
			name:  "neighbours all",
			call:  func(c *Client) (any, error) { return c.Neighbors("") },
			cmd:   ipv8.CmdNeighGet,
			flags: dumpFlags,
			reply: []genetlink.Message{
				neighMsg(2, "veth0", "65001.192.0.2.2", mac, unix.NUD_REACHABLE, ipv8.NeighCapV8, 0, 1500),
				neighMsg(2, "veth0", "65001.192.0.2.9", nil, unix.NUD_INCOMPLETE, 0, 3, 0),
			},
			want: []Neighbor{
				{Index: 2, Name: "veth0", Dst: nb, HardwareAddr: mac, State: unix.NUD_REACHABLE,
					Caps: ipv8.NeighCapV8, Confirmed: 1500 * time.Millisecond},
				{Index: 2, Name: "veth0", Dst: in8.MustParseAddr("65001.192.0.2.9"), State: unix.NUD_INCOMPLETE, Probes: 3},
			},
		},
		{
			name:      "neighbours of one link",
			call:      func(c *Client) (any, error) { return c.Neighbors("veth1") },
			cmd:       ipv8.CmdNeighGet,
			flags:     dumpFlags,
			wantAttrs: []netlink.Attribute{str(ipv8.NeighAttrIfname, "veth1")},
			want:      []Neighbor{},
		},
		{
			name:  "neigh add, default caps",
			call:  func(c *Client) (any, error) { return nil, c.NeighAdd("veth0", nb, mac, 0) },
			cmd:   ipv8.CmdNeighNew,
			flags: doFlags,
			wantAttrs: []netlink.Attribute{
				str(ipv8.NeighAttrIfname, "veth0"),
				raw(ipv8.NeighAttrDst, nbb[:]...),
				raw(ipv8.NeighAttrLLAddr, mac...),
			},
		},
		{
			name: "neigh add v8 and v4 by ifindex",
			call: func(c *Client) (any, error) {
				return nil, c.NeighAdd("2", nb, mac, ipv8.NeighCapV8|ipv8.NeighCapV4)
			},
			cmd:   ipv8.CmdNeighNew,
			flags: doFlags,
			wantAttrs: []netlink.Attribute{
				u32(ipv8.NeighAttrIfindex, 2),
				raw(ipv8.NeighAttrDst, nbb[:]...),
				raw(ipv8.NeighAttrLLAddr, mac...),
				u8(ipv8.NeighAttrCaps, 3),
			},
		},
		{
			name:  "neigh del",
			call:  func(c *Client) (any, error) { return nil, c.NeighDel("veth0", nb) },
			cmd:   ipv8.CmdNeighDel,
			flags: doFlags,
			wantAttrs: []netlink.Attribute{
				str(ipv8.NeighAttrIfname, "veth0"),
				raw(ipv8.NeighAttrDst, nbb[:]...),
			},
		},
		{
			name:      "neigh flush",
			call:      func(c *Client) (any, error) { return nil, c.NeighFlush("veth0") },
			cmd:       ipv8.CmdNeighDel,
			flags:     doFlags,
			wantAttrs: []netlink.Attribute{str(ipv8.NeighAttrIfname, "veth0")},
		},
		{
			name:  "addrs all",
			call:  func(c *Client) (any, error) { return c.Addrs("") },
			cmd:   ipv8.CmdAddrGet,
			flags: dumpFlags,
			reply: []genetlink.Message{
				addrMsg(ipv8.CmdAddrNew, 2, "veth0", "65001.10.0.0.1/24"),
				addrMsg(ipv8.CmdAddrNew, 3, "veth1", "0.0.255.255.10.0.0.2/32"),
			},
			want: []Addr{
				{Index: 2, Name: "veth0", Prefix: p24},
				{Index: 3, Name: "veth1", Prefix: in8.MustParsePrefix("65535.10.0.0.2/32")},
			},
		},
		{
			name:      "addrs of one link",
			call:      func(c *Client) (any, error) { return c.Addrs("veth0") },
			cmd:       ipv8.CmdAddrGet,
			flags:     dumpFlags,
			wantAttrs: []netlink.Attribute{str(ipv8.AddrAttrIfname, "veth0")},
			want:      []Addr{},
		},
		{
			name:  "addr add",
			call:  func(c *Client) (any, error) { return nil, c.AddrAdd("veth0", p24) },
			cmd:   ipv8.CmdAddrNew,
			flags: doFlags,
			wantAttrs: []netlink.Attribute{
				str(ipv8.AddrAttrIfname, "veth0"),
				raw(ipv8.AddrAttrAddress, p24b[:]...),
				u8(ipv8.AddrAttrPrefixlen, 24),
			},
		},
		{
			name:  "addr del with length",
			call:  func(c *Client) (any, error) { return nil, c.AddrDel("veth0", p24, true) },
			cmd:   ipv8.CmdAddrDel,
			flags: doFlags,
			wantAttrs: []netlink.Attribute{
				str(ipv8.AddrAttrIfname, "veth0"),
				raw(ipv8.AddrAttrAddress, p24b[:]...),
				u8(ipv8.AddrAttrPrefixlen, 24),
			},
		},
		{
			name:  "addr del without length",
			call:  func(c *Client) (any, error) { return nil, c.AddrDel("veth0", p24, false) },
			cmd:   ipv8.CmdAddrDel,
			flags: doFlags,
			wantAttrs: []netlink.Attribute{
				str(ipv8.AddrAttrIfname, "veth0"),
				raw(ipv8.AddrAttrAddress, p24b[:]...),
			},
		},
		{
			name:  "routes",
			call:  func(c *Client) (any, error) { return c.Routes() },
			cmd:   ipv8.CmdRouteGet,
			flags: dumpFlags,
			reply: []genetlink.Message{
				routeMsg(ipv8.CmdRouteGet, "65002.10.1.0.0/16", "65001.222.0.0.2", 2, "veth0", 10),
				routeMsg(ipv8.CmdRouteGet, "65001.10.0.0.0/24", "", 2, "veth0", 0),
				routeMsg(ipv8.CmdRouteGet, "default", "65001.10.0.0.254", 3, "veth1", 5),
			},
			want: []Route{
				route16,
				{Dst: in8.MustParsePrefix("65001.10.0.0.0/24"), Index: 2, Name: "veth0"},
				{Dst: in8.DefaultPrefix(), Gateway: in8.MustParseAddr("65001.10.0.0.254"), Index: 3, Name: "veth1", Metric: 5},
			},
		},
		{
			name:  "routes empty",
			call:  func(c *Client) (any, error) { return c.Routes() },
			cmd:   ipv8.CmdRouteGet,
			flags: dumpFlags,
			want:  []Route{},
		},
		{
			name:      "route get",
			call:      func(c *Client) (any, error) { return c.RouteGet(in8.MustParseAddr("65002.10.1.2.3")) },
			cmd:       ipv8.CmdRouteGet,
			flags:     doFlags,
			wantAttrs: []netlink.Attribute{raw(ipv8.RouteAttrDst, 0, 0, 0xfd, 0xea, 10, 1, 2, 3)},
			reply:     []genetlink.Message{routeMsg(ipv8.CmdRouteGet, "65002.10.1.0.0/16", "65001.222.0.0.2", 2, "veth0", 10)},
			want:      route16,
		},
		{
			name: "route add via and dev",
			call: func(c *Client) (any, error) {
				return nil, c.RouteAdd(Route{Dst: r16, Gateway: gw, Name: "veth0", Metric: 10}, false)
			},
			cmd:   ipv8.CmdRouteNew,
			flags: doFlags,
			wantAttrs: []netlink.Attribute{
				raw(ipv8.RouteAttrDst, r16b[:]...),
				u8(ipv8.RouteAttrDstLen, 16),
				u32(ipv8.RouteAttrMetric, 10),
				str(ipv8.RouteAttrOIFName, "veth0"),
				raw(ipv8.RouteAttrGateway, gwb[:]...),
			},
		},
		{
			// Host bits past the length go as written: the kernel judges.
			name:  "route add keeps host bits, dev by index",
			call:  func(c *Client) (any, error) { return nil, c.RouteAdd(Route{Dst: p24, Name: "7"}, false) },
			cmd:   ipv8.CmdRouteNew,
			flags: doFlags,
			wantAttrs: []netlink.Attribute{
				raw(ipv8.RouteAttrDst, p24b[:]...),
				u8(ipv8.RouteAttrDstLen, 24),
				u32(ipv8.RouteAttrMetric, 0),
				u32(ipv8.RouteAttrOIF, 7),
			},
		},
		{
			name: "route replace default via gateway only",
			call: func(c *Client) (any, error) {
				return nil, c.RouteAdd(Route{Dst: in8.DefaultPrefix(), Gateway: gw}, true)
			},
			cmd:   ipv8.CmdRouteNew,
			flags: doFlags,
			wantAttrs: []netlink.Attribute{
				{Type: ipv8.RouteAttrDefault, Data: []byte{}},
				u32(ipv8.RouteAttrMetric, 0),
				raw(ipv8.RouteAttrGateway, gwb[:]...),
				{Type: ipv8.RouteAttrReplace, Data: []byte{}},
			},
		},
		{
			name: "route add by ifindex field",
			call: func(c *Client) (any, error) {
				return nil, c.RouteAdd(Route{Dst: r16, Index: 3, Name: "ignored"}, false)
			},
			cmd:   ipv8.CmdRouteNew,
			flags: doFlags,
			wantAttrs: []netlink.Attribute{
				raw(ipv8.RouteAttrDst, r16b[:]...),
				u8(ipv8.RouteAttrDstLen, 16),
				u32(ipv8.RouteAttrMetric, 0),
				u32(ipv8.RouteAttrOIF, 3),
			},
		},
		{
			name:  "route del with metric",
			call:  func(c *Client) (any, error) { return nil, c.RouteDel(r16, 0, true) },
			cmd:   ipv8.CmdRouteDel,
			flags: doFlags,
			wantAttrs: []netlink.Attribute{
				raw(ipv8.RouteAttrDst, r16b[:]...),
				u8(ipv8.RouteAttrDstLen, 16),
				u32(ipv8.RouteAttrMetric, 0),
			},
		},
		{
			name:      "route del default, lowest metric",
			call:      func(c *Client) (any, error) { return nil, c.RouteDel(in8.DefaultPrefix(), 9, false) },
			cmd:       ipv8.CmdRouteDel,
			flags:     doFlags,
			wantAttrs: []netlink.Attribute{{Type: ipv8.RouteAttrDefault, Data: []byte{}}},
		},
		{
			name: "link probe settings",
			call: func(c *Client) (any, error) {
				iv, mi, hd := uint32(50), uint32(2), uint32(5)
				return nil, c.SetLinkSettings("veth0", LinkSettings{ProbeInterval: &iv, ProbeMisses: &mi, Holddown: &hd})
			},
			cmd:   ipv8.CmdLinkSet,
			flags: doFlags,
			wantAttrs: []netlink.Attribute{
				str(ipv8.LinkAttrIfname, "veth0"),
				u32(ipv8.LinkAttrProbeInterval, 50),
				u32(ipv8.LinkAttrProbeMisses, 2),
				u32(ipv8.LinkAttrHolddown, 5),
			},
		},
		{
			name:  "link with probe settings",
			call:  func(c *Client) (any, error) { return c.Link("2") },
			cmd:   ipv8.CmdLinkGet,
			flags: doFlags,
			reply: []genetlink.Message{{
				Header: genetlink.Header{Command: ipv8.CmdLinkGet, Version: 1},
				Data: attrs(u32(ipv8.LinkAttrIfindex, 2), u8(ipv8.LinkAttrEnabled, 1),
					u32(ipv8.LinkAttrProbeInterval, 100), u32(ipv8.LinkAttrProbeMisses, 3), u32(ipv8.LinkAttrHolddown, 3)),
			}},
			wantAttrs: []netlink.Attribute{u32(ipv8.LinkAttrIfindex, 2)},
			want:      Link{Index: 2, Enabled: true, ProbeInterval: 100, ProbeMisses: 3, Holddown: 3},
		},
		{
			name: "route add pair",
			call: func(c *Client) (any, error) {
				return nil, c.RouteAdd(Route{Dst: in8.DefaultPrefix(), Gateway: gw, Gateway2: nb, Name: "veth0"}, false)
			},
			cmd:   ipv8.CmdRouteNew,
			flags: doFlags,
			wantAttrs: []netlink.Attribute{
				{Type: ipv8.RouteAttrDefault, Data: []byte{}},
				u32(ipv8.RouteAttrMetric, 0),
				str(ipv8.RouteAttrOIFName, "veth0"),
				raw(ipv8.RouteAttrGateway, gwb[:]...),
				raw(ipv8.RouteAttrGateway2, nbb[:]...),
			},
		},
		{
			name:  "routes with a pair",
			call:  func(c *Client) (any, error) { return c.Routes() },
			cmd:   ipv8.CmdRouteGet,
			flags: dumpFlags,
			reply: []genetlink.Message{pairMsg("default", "65001.192.0.2.254", "65001.192.0.2.253", "65001.192.0.2.253", 2, "veth0")},
			want: []Route{{Dst: in8.DefaultPrefix(), Gateway: in8.MustParseAddr("65001.192.0.2.254"),
				Gateway2: in8.MustParseAddr("65001.192.0.2.253"), Active: in8.MustParseAddr("65001.192.0.2.253"),
				Index: 2, Name: "veth0"}},
		},
		{
			name:  "reach",
			call:  func(c *Client) (any, error) { return c.Reach() },
			cmd:   ipv8.CmdReachGet,
			flags: dumpFlags,
			reply: []genetlink.Message{
				reachMsg("default", "65001.192.0.2.254", 2, "veth0", ipv8.ReachPrimary, mac, unix.NUD_REACHABLE, ipv8.NeighCapV8),
				reachMsg("65001.192.0.2.0/24", "", 2, "veth0", ipv8.ReachSingle, nil, 0, 0),
			},
			want: []Reach{
				{Dst: in8.DefaultPrefix(), Index: 2, Name: "veth0", Nexthop: in8.MustParseAddr("65001.192.0.2.254"),
					Role: ipv8.ReachPrimary, HardwareAddr: mac, State: unix.NUD_REACHABLE, Caps: ipv8.NeighCapV8},
				{Dst: in8.MustParsePrefix("65001.192.0.2.0/24"), Index: 2, Name: "veth0"},
			},
		},
		{
			name:  "peers",
			call:  func(c *Client) (any, error) { return c.Peers() },
			cmd:   ipv8.CmdPeerGet,
			flags: dumpFlags,
			reply: []genetlink.Message{peerMsg(3, "veth1", 65002, "65002.10.0.0.1", unix.NUD_REACHABLE, 3)},
			want: []Peer{{Index: 3, Name: "veth1", ASN: 65002, Addr: in8.MustParseAddr("65002.10.0.0.1"),
				State: unix.NUD_REACHABLE, Caps: 3}},
		},
		{
			name:  "peers empty",
			call:  func(c *Client) (any, error) { return c.Peers() },
			cmd:   ipv8.CmdPeerGet,
			flags: dumpFlags,
			want:  []Peer{},
		},
		{
			name:  "stats",
			call:  func(c *Client) (any, error) { return c.Stats() },
			cmd:   ipv8.CmdStatsGet,
			flags: doFlags,
			reply: []genetlink.Message{{
				Header: genetlink.Header{Command: ipv8.CmdStatsGet, Version: 1},
				Data: attrs(netlink.Attribute{
					Type: ipv8.StatsAttrCounters | unix.NLA_F_NESTED,
					Data: attrs(
						raw(0), // alignment pad
						u64(ipv8.StatRxDropLinkDisabled, 3),
						u64(ipv8.StatRxPackets, 12),
						u32(42, 7), // newer than this build, and 4 octets
					),
				}),
			}},
			want: []Counter{
				{ID: 1, Name: "rx_packets", Value: 12},
				{ID: 2, Name: "rx_drop_link_disabled", Value: 3},
				{ID: 42, Name: "stat_42", Value: 7},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var gotAttrs []netlink.Attribute
			c, _ := dialFake(t, genltest.CheckRequest(testFamily.ID, tt.cmd, tt.flags,
				func(greq genetlink.Message, _ netlink.Message) ([]genetlink.Message, error) {
					if greq.Header.Version != ipv8.GenlVersion {
						t.Errorf("genl version = %d, want %d", greq.Header.Version, ipv8.GenlVersion)
					}
					gotAttrs = mustAttrs(t, greq.Data)
					return tt.reply, nil
				}))
			got, err := tt.call(c)
			if err != nil {
				t.Fatalf("call: %v", err)
			}
			if diff := cmp.Diff(tt.wantAttrs, gotAttrs); diff != "" {
				t.Errorf("request attributes (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.want, got, in8Equal); diff != "" {
				t.Errorf("result (-want +got):\n%s", diff)
			}
		})
	}
}

// TestKernelErrors checks that refusals come back as *Error with errno and
// extack, recognisable with errors.Is.
func TestKernelErrors(t *testing.T) {
	tests := []struct {
		name    string
		kerr    *kernelError
		call    func(c *Client) error
		wantOp  string
		wantMsg string
	}{
		{
			name:    "unknown device, with extack",
			kerr:    &kernelError{errno: unix.ENODEV, msg: "device not found", offset: 20},
			call:    func(c *Client) error { _, err := c.Link("veth9"); return err },
			wantOp:  "link show",
			wantMsg: "device not found",
		},
		{
			name:   "permission, no extack",
			kerr:   &kernelError{errno: unix.EPERM},
			call:   func(c *Client) error { return c.SetLink("veth0", true) },
			wantOp: "link set",
		},
		{
			name:    "ipv8 off",
			kerr:    &kernelError{errno: unix.EOPNOTSUPP, msg: "IPv8 is not enabled on this link"},
			call:    func(c *Client) error { return c.AddrAdd("veth0", in8.MustParsePrefix("65001.10.0.0.1/24")) },
			wantOp:  "addr add",
			wantMsg: "IPv8 is not enabled on this link",
		},
		{
			name:    "error ending a dump",
			kerr:    &kernelError{errno: unix.ENODEV, msg: "device not found"},
			call:    func(c *Client) error { _, err := c.Addrs("veth9"); return err },
			wantOp:  "addr show",
			wantMsg: "device not found",
		},
		{
			name:    "route add exists",
			kerr:    &kernelError{errno: unix.EEXIST, msg: "route exists (same prefix and metric)"},
			call:    func(c *Client) error { return c.RouteAdd(Route{Dst: in8.DefaultPrefix(), Name: "veth0"}, false) },
			wantOp:  "route add",
			wantMsg: "route exists (same prefix and metric)",
		},
		{
			name: "route replace host bits",
			kerr: &kernelError{errno: unix.EINVAL, msg: "prefix has host bits set beyond its length"},
			call: func(c *Client) error {
				return c.RouteAdd(Route{Dst: in8.MustParsePrefix("65001.10.0.0.1/24"), Name: "veth0"}, true)
			},
			wantOp:  "route replace",
			wantMsg: "prefix has host bits set beyond its length",
		},
		{
			name:    "route del missing",
			kerr:    &kernelError{errno: unix.ESRCH, msg: "no such route"},
			call:    func(c *Client) error { return c.RouteDel(in8.DefaultPrefix(), 0, false) },
			wantOp:  "route del",
			wantMsg: "no such route",
		},
		{
			name:    "route get unreachable",
			kerr:    &kernelError{errno: unix.ENETUNREACH, msg: "no route names the destination ASN"},
			call:    func(c *Client) error { _, err := c.RouteGet(in8.MustParseAddr("65009.1.2.3.4")); return err },
			wantOp:  "route get",
			wantMsg: "no route names the destination ASN",
		},
		{
			name:   "route show",
			kerr:   &kernelError{errno: unix.EPERM},
			call:   func(c *Client) error { _, err := c.Routes(); return err },
			wantOp: "route show",
		},
		{
			name: "neigh del missing",
			kerr: &kernelError{errno: unix.ENOENT, msg: "no such neighbour", offset: 28},
			call: func(c *Client) error {
				return c.NeighDel("veth0", in8.MustParseAddr("65001.192.0.2.7"))
			},
			wantOp:  "neigh del",
			wantMsg: "no such neighbour",
		},
		{
			name: "neigh add on a link with IPv8 off",
			kerr: &kernelError{errno: unix.EOPNOTSUPP, msg: "IPv8 is disabled on this link"},
			call: func(c *Client) error {
				return c.NeighAdd("veth1", in8.MustParseAddr("65001.192.0.2.7"), net.HardwareAddr{2, 0, 0, 0, 0, 7}, 0)
			},
			wantOp:  "neigh add",
			wantMsg: "IPv8 is disabled on this link",
		},
		{
			name:   "neigh flush without permission",
			kerr:   &kernelError{errno: unix.EPERM},
			call:   func(c *Client) error { return c.NeighFlush("veth0") },
			wantOp: "neigh flush",
		},
		{
			name:    "neigh show of an unknown link",
			kerr:    &kernelError{errno: unix.ENODEV, msg: "device not found"},
			call:    func(c *Client) error { _, err := c.Neighbors("veth9"); return err },
			wantOp:  "neigh show",
			wantMsg: "device not found",
		},
		{
			name:    "flush keeps its name",
			kerr:    &kernelError{errno: unix.ENODEV, msg: "device not found"},
			call:    func(c *Client) error { return c.AddrFlush("veth9") },
			wantOp:  "addr show",
			wantMsg: "device not found",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := dialFake(t, func(genetlink.Message, netlink.Message) ([]genetlink.Message, error) {
				return nil, tt.kerr
			})
			err := tt.call(c)
			var ke *Error
			if !errors.As(err, &ke) {
				t.Fatalf("error %v (%T) is not *Error", err, err)
			}
			if !errors.Is(err, tt.kerr.errno) {
				t.Errorf("errors.Is(%v, %v) = false", err, tt.kerr.errno)
			}
			want := &Error{Op: tt.wantOp, Errno: tt.kerr.errno, Message: tt.wantMsg, Offset: int(tt.kerr.offset)}
			if diff := cmp.Diff(want, ke); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFamily(t *testing.T) {
	t.Run("resolved", func(t *testing.T) {
		c, _ := dialFake(t, nil)
		if c.family.ID != testFamily.ID || c.monitor != 9 {
			t.Errorf("family %d group %d, want %d and 9", c.family.ID, c.monitor, testFamily.ID)
		}
	})
	tests := []struct {
		name          string
		errno         unix.Errno
		wantNotLoaded bool
	}{
		{"missing", unix.ENOENT, true},
		{"other failure", unix.EPERM, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fk := &fakeKernel{fn: func(genetlink.Message, netlink.Message) ([]genetlink.Message, error) {
				return nil, &kernelError{errno: tt.errno}
			}}
			fk.Conn = genetlink.NewConn(nltest.Dial(fk.serve))
			defer fk.Close()
			_, err := newClient(fk)
			if err == nil {
				t.Fatal("newClient succeeded")
			}
			if got := errors.Is(err, ErrNotLoaded); got != tt.wantNotLoaded {
				t.Errorf("errors.Is(%v, ErrNotLoaded) = %v, want %v", err, got, tt.wantNotLoaded)
			}
		})
	}
}

func TestDial(t *testing.T) {
	_, err := Dial("ipv8-no-such-netns")
	var ne *NetNSError
	if !errors.As(err, &ne) || !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("Dial(missing netns) = %v, want NetNSError wrapping ENOENT", err)
	}
	if ne.Name != "ipv8-no-such-netns" {
		t.Errorf("Name = %q", ne.Name)
	}
}

func TestNetNSPath(t *testing.T) {
	for in, want := range map[string]string{
		"blue":            "/run/netns/blue",
		"/proc/1/ns/net":  "/proc/1/ns/net",
		"./relative/path": "./relative/path",
	} {
		if got := NetNSPath(in); got != want {
			t.Errorf("NetNSPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDumpInterrupted(t *testing.T) {
	tests := []struct {
		name    string
		intr    int
		wantErr error
	}{
		{"retried", 2, nil},
		{"gives up", dumpRetries, ErrDumpInterrupted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, fk := dialFake(t, func(genetlink.Message, netlink.Message) ([]genetlink.Message, error) {
				return []genetlink.Message{linkMsg(1, "lo", false, 65536, 0)}, nil
			})
			fk.intr = tt.intr
			links, err := c.Links()
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Links() error %v, want %v", err, tt.wantErr)
			}
			if err == nil && len(links) != 1 {
				t.Errorf("got %d links, want 1", len(links))
			}
		})
	}
}

// TestAddrFlush checks that flush deletes each dumped address by ifindex
// with its length, and shrugs off one that is already gone.
func TestAddrFlush(t *testing.T) {
	var deleted []string
	c, _ := dialFake(t, func(greq genetlink.Message, nreq netlink.Message) ([]genetlink.Message, error) {
		switch greq.Header.Command {
		case ipv8.CmdAddrGet:
			return []genetlink.Message{
				addrMsg(ipv8.CmdAddrNew, 2, "veth0", "65001.10.0.0.1/24"),
				addrMsg(ipv8.CmdAddrNew, 2, "veth0", "65001.10.0.0.2/16"),
			}, nil
		case ipv8.CmdAddrDel:
			a, err := parseAddr(greq.Data)
			if err != nil {
				return nil, err
			}
			as := mustAttrs(t, greq.Data)
			if as[0].Type != ipv8.AddrAttrIfindex {
				t.Errorf("delete names the link by attribute %d, want IFINDEX", as[0].Type)
			}
			deleted = append(deleted, a.Prefix.String())
			if len(deleted) == 2 {
				return nil, &kernelError{errno: unix.EADDRNOTAVAIL, msg: "address not assigned to this link"}
			}
			return nil, nil
		}
		t.Errorf("unexpected command %d", greq.Header.Command)
		return nil, nil
	})
	if err := c.AddrFlush("veth0"); err != nil {
		t.Fatalf("AddrFlush: %v", err)
	}
	if diff := cmp.Diff([]string{"65001.10.0.0.1/24", "65001.10.0.0.2/16"}, deleted); diff != "" {
		t.Errorf("deleted (-want +got):\n%s", diff)
	}
}

func TestMonitor(t *testing.T) {
	events := make(chan genetlink.Message, 7)
	events <- genetlink.Message{Header: genetlink.Header{Command: ipv8.CmdLinkSet, Version: 1},
		Data: linkMsg(2, "veth0", true, 1500, 6).Data}
	events <- addrMsg(ipv8.CmdAddrNew, 2, "veth0", "65001.10.0.0.1/24")
	events <- genetlink.Message{Header: genetlink.Header{Command: 99, Version: 1}} // skipped
	events <- addrMsg(ipv8.CmdAddrDel, 2, "veth0", "65001.10.0.0.1/24")
	events <- routeMsg(ipv8.CmdRouteNew, "65002.10.1.0.0/16", "65001.222.0.0.2", 2, "veth0", 10)
	events <- routeMsg(ipv8.CmdRouteDel, "default", "", 2, "veth0", 0)
	events <- reachMsg("default", "65001.192.0.2.253", 2, "veth0", ipv8.ReachSecondary, nil, unix.NUD_REACHABLE, 1)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c, fk := dialFake(t, func(greq genetlink.Message, _ netlink.Message) ([]genetlink.Message, error) {
		select {
		case m := <-events:
			return []genetlink.Message{m}, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(5 * time.Second):
			t.Error("monitor did not stop")
			cancel()
			return nil, ctx.Err()
		}
	})
	var got []Event
	err := c.Monitor(ctx, func(ev Event) {
		got = append(got, ev)
		if len(got) == 6 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Monitor returned %v, want context.Canceled", err)
	}
	if diff := cmp.Diff([]uint32{9}, fk.joined); diff != "" {
		t.Errorf("joined groups (-want +got):\n%s", diff)
	}
	p := in8.MustParsePrefix("65001.10.0.0.1/24")
	up := veth0
	up.HardwareAddr = nil
	want := []Event{
		{Cmd: ipv8.CmdLinkSet, Link: up},
		{Cmd: ipv8.CmdAddrNew, Addr: Addr{Index: 2, Name: "veth0", Prefix: p}},
		{Cmd: ipv8.CmdAddrDel, Addr: Addr{Index: 2, Name: "veth0", Prefix: p}},
		{Cmd: ipv8.CmdRouteNew, Route: Route{Dst: in8.MustParsePrefix("65002.10.1.0.0/16"),
			Gateway: in8.MustParseAddr("65001.222.0.0.2"), Index: 2, Name: "veth0", Metric: 10}},
		{Cmd: ipv8.CmdRouteDel, Route: Route{Dst: in8.DefaultPrefix(), Index: 2, Name: "veth0"}},
		{Cmd: ipv8.CmdReachGet, Reach: Reach{Dst: in8.DefaultPrefix(), Index: 2, Name: "veth0",
			Nexthop: in8.MustParseAddr("65001.192.0.2.253"), Role: ipv8.ReachSecondary, State: unix.NUD_REACHABLE, Caps: 1}},
	}
	if diff := cmp.Diff(want, got, in8Equal); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
}
