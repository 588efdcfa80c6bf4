//go:build linux

package genl8

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/mdlayher/netlink"
	"github.com/vishvananda/netns"
	"golang.org/x/sys/unix"

	"github.com/ipv8/ipv8/go/in8"
	"github.com/ipv8/ipv8/go/ipv8"
)

// TestIntegration runs against the real ipv8 module, in a network
// namespace of its own. It changes system state, so it runs only as root
// with IPV8_INTEGRATION=yesreallydoit (the QEMU guest of tests/netns):
//
//	go test -c -o /tmp/genl8.test ./go/internal/genl8/
//	IPV8_INTEGRATION=yesreallydoit /tmp/genl8.test -test.v -test.run Integration
func TestIntegration(t *testing.T) {
	if os.Getenv("IPV8_INTEGRATION") != "yesreallydoit" {
		t.Skip("set IPV8_INTEGRATION=yesreallydoit to run against the kernel")
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root")
	}
	hang := time.AfterFunc(2*time.Minute, func() { panic("genl8 integration test hung") })
	defer hang.Stop()

	nsName, dev := newTestNetns(t)
	c, err := Dial(nsName)
	if err != nil {
		t.Fatalf("Dial(%q): %v", nsName, err)
	}
	defer c.Close()
	ev := startMonitor(t, nsName)

	p24 := in8.MustParsePrefix("65001.10.0.0.1/24")
	p16 := in8.MustParsePrefix("65001.10.0.0.2/16")

	t.Run("links", func(t *testing.T) {
		links, err := c.Links()
		if err != nil {
			t.Fatalf("Links: %v", err)
		}
		i := slices.IndexFunc(links, func(l Link) bool { return l.Name == dev })
		j := slices.IndexFunc(links, func(l Link) bool { return l.Name == "lo" })
		if i < 0 || j < 0 {
			t.Fatalf("Links() = %+v, want lo and %s", links, dev)
		}
		if links[j].Enabled || links[i].Enabled || links[i].MTU == 0 || len(links[i].HardwareAddr) != 6 {
			t.Errorf("unexpected link state: lo %+v, %s %+v", links[j], dev, links[i])
		}
		l, err := c.Link(dev)
		if err != nil {
			t.Fatalf("Link(%q): %v", dev, err)
		}
		if l.Index != links[i].Index || l.Name != dev {
			t.Errorf("Link(%q) = %+v, dump had %+v", dev, l, links[i])
		}
		// Per-link counters come only with IPv8 on: lo and dev are off.
		if l.Stats != nil || links[i].Stats != nil || links[j].Stats != nil {
			t.Errorf("IPv8 off but stats sent: Link %v, dump %v, lo %v", l.Stats, links[i].Stats, links[j].Stats)
		}
		if byIndex, err := c.Link(fmt.Sprint(l.Index)); err != nil || byIndex.Name != dev {
			t.Errorf("Link by index %d = %+v, %v", l.Index, byIndex, err)
		}
	})

	t.Run("unknown device", func(t *testing.T) {
		_, err := c.Link("veth9")
		wantKernelError(t, err, unix.ENODEV, true)
		wantKernelError(t, c.SetLink("veth9", true), unix.ENODEV, true)
		_, err = c.Addrs("veth9")
		wantKernelError(t, err, unix.ENODEV, true)
	})

	t.Run("address while IPv8 off", func(t *testing.T) {
		wantKernelError(t, c.AddrAdd(dev, p24), unix.EOPNOTSUPP, true)
	})

	t.Run("loopback refused", func(t *testing.T) {
		wantKernelError(t, c.SetLink("lo", true), unix.EOPNOTSUPP, true)
	})

	t.Run("enable", func(t *testing.T) {
		ev.drain()
		if err := c.SetLink(dev, true); err != nil {
			t.Fatalf("SetLink on: %v", err)
		}
		l, err := c.Link(dev)
		if err != nil || !l.Enabled {
			t.Errorf("after enable: %+v, %v", l, err)
		}
		if !slices.ContainsFunc(l.Stats, func(c Counter) bool { return c.ID == ipv8.StatRxPackets }) {
			t.Errorf("after enable: LINK_GET stats %v, want rx_packets among them", l.Stats)
		}
		ev.want(t, "link on", func(e Event) bool {
			return e.Cmd == ipv8.CmdLinkSet && e.Link.Name == dev && e.Link.Enabled
		})
	})

	t.Run("addr add and show", func(t *testing.T) {
		ev.drain()
		if err := c.AddrAdd(dev, p24); err != nil {
			t.Fatalf("AddrAdd: %v", err)
		}
		ev.want(t, "addr new", func(e Event) bool {
			return e.Cmd == ipv8.CmdAddrNew && e.Addr.Name == dev && e.Addr.Prefix == p24
		})
		for _, filter := range []string{dev, ""} {
			addrs, err := c.Addrs(filter)
			if err != nil {
				t.Fatalf("Addrs(%q): %v", filter, err)
			}
			if len(addrs) != 1 || addrs[0].Prefix != p24 || addrs[0].Name != dev {
				t.Errorf("Addrs(%q) = %+v, want %v on %s", filter, addrs, p24, dev)
			}
		}
	})

	t.Run("duplicate", func(t *testing.T) {
		wantKernelError(t, c.AddrAdd(dev, p24), unix.EEXIST, true)
	})

	t.Run("addr del", func(t *testing.T) {
		ev.drain()
		if err := c.AddrDel(dev, p24, true); err != nil {
			t.Fatalf("AddrDel: %v", err)
		}
		ev.want(t, "addr del", func(e Event) bool {
			return e.Cmd == ipv8.CmdAddrDel && e.Addr.Name == dev && e.Addr.Prefix == p24
		})
		wantAddrs(t, c, dev, 0)
		wantKernelError(t, c.AddrDel(dev, p24, true), unix.EADDRNOTAVAIL, true)

		// Without a length the address goes whatever its length.
		if err := c.AddrAdd(dev, p24); err != nil {
			t.Fatalf("AddrAdd: %v", err)
		}
		if err := c.AddrDel(dev, in8.PrefixFrom(p24.Addr(), 32), false); err != nil {
			t.Fatalf("AddrDel without length: %v", err)
		}
		wantAddrs(t, c, dev, 0)
	})

	t.Run("flush", func(t *testing.T) {
		for _, p := range []in8.Prefix{p24, p16} {
			if err := c.AddrAdd(dev, p); err != nil {
				t.Fatalf("AddrAdd(%v): %v", p, err)
			}
		}
		wantAddrs(t, c, dev, 2)
		if err := c.AddrFlush(dev); err != nil {
			t.Fatalf("AddrFlush: %v", err)
		}
		wantAddrs(t, c, dev, 0)
	})

	t.Run("malformed requests", func(t *testing.T) {
		addr := p24.Addr().As8()
		name := func(ae *netlink.AttributeEncoder) { ae.String(ipv8.AddrAttrIfname, dev) }
		tests := []struct {
			name       string
			cmd        uint8
			attrs      func(ae *netlink.AttributeEncoder)
			errno      unix.Errno
			wantExtack bool
		}{
			{"address missing", ipv8.CmdAddrNew, name, unix.EINVAL, true},
			// Policy violations: the netlink core answers ERANGE for a
			// length or value out of range (docs/protocol.md 15.3).
			{"address of 7 octets", ipv8.CmdAddrNew, func(ae *netlink.AttributeEncoder) {
				name(ae)
				ae.Bytes(ipv8.AddrAttrAddress, addr[:7])
			}, unix.ERANGE, true},
			{"prefix length 33", ipv8.CmdAddrNew, func(ae *netlink.AttributeEncoder) {
				name(ae)
				ae.Bytes(ipv8.AddrAttrAddress, addr[:])
				ae.Uint8(ipv8.AddrAttrPrefixlen, 33)
			}, unix.ERANGE, true},
			{"route length 33", ipv8.CmdRouteNew, func(ae *netlink.AttributeEncoder) {
				ae.Bytes(ipv8.RouteAttrDst, addr[:])
				ae.Uint8(ipv8.RouteAttrDstLen, 33)
				ae.String(ipv8.RouteAttrOIFName, dev)
			}, unix.ERANGE, true},
			{"route with both prefix and default", ipv8.CmdRouteNew, func(ae *netlink.AttributeEncoder) {
				ae.Bytes(ipv8.RouteAttrDst, addr[:])
				ae.Flag(ipv8.RouteAttrDefault, true)
				ae.String(ipv8.RouteAttrOIFName, dev)
			}, unix.EINVAL, true},
			{"route get without destination", ipv8.CmdRouteGet, nil, unix.EINVAL, true},
			{"no device", ipv8.CmdLinkSet, func(ae *netlink.AttributeEncoder) {
				ae.Uint8(ipv8.LinkAttrEnabled, 1)
			}, unix.EINVAL, true},
			{"read-only attribute", ipv8.CmdLinkSet, func(ae *netlink.AttributeEncoder) {
				ae.String(ipv8.LinkAttrIfname, dev)
				ae.Uint32(ipv8.LinkAttrMTU, 1400)
			}, unix.EINVAL, true},
			{"forwarding 2", ipv8.CmdLinkSet, func(ae *netlink.AttributeEncoder) {
				ae.String(ipv8.LinkAttrIfname, dev)
				ae.Uint8(ipv8.LinkAttrForwarding, 2)
			}, unix.ERANGE, true},
			{"switch with IPv8 off in the same request", ipv8.CmdLinkSet, func(ae *netlink.AttributeEncoder) {
				ae.String(ipv8.LinkAttrIfname, dev)
				ae.Uint8(ipv8.LinkAttrEnabled, 0)
				ae.Uint8(ipv8.LinkAttrBorder, 1)
			}, unix.EINVAL, true},
			{"neighbour without lladdr", ipv8.CmdNeighNew, func(ae *netlink.AttributeEncoder) {
				ae.String(ipv8.NeighAttrIfname, dev)
				ae.Bytes(ipv8.NeighAttrDst, addr[:])
			}, unix.EINVAL, true},
			{"neighbour lladdr of 5 octets", ipv8.CmdNeighNew, func(ae *netlink.AttributeEncoder) {
				ae.String(ipv8.NeighAttrIfname, dev)
				ae.Bytes(ipv8.NeighAttrDst, addr[:])
				ae.Bytes(ipv8.NeighAttrLLAddr, []byte{2, 0, 0, 0, 0})
			}, unix.ERANGE, true},
			{"neighbour multicast lladdr", ipv8.CmdNeighNew, func(ae *netlink.AttributeEncoder) {
				ae.String(ipv8.NeighAttrIfname, dev)
				ae.Bytes(ipv8.NeighAttrDst, addr[:])
				ae.Bytes(ipv8.NeighAttrLLAddr, []byte{1, 0, 0x5e, 0, 0, 1})
			}, unix.EINVAL, true},
			{"neighbour caps 0", ipv8.CmdNeighNew, func(ae *netlink.AttributeEncoder) {
				ae.String(ipv8.NeighAttrIfname, dev)
				ae.Bytes(ipv8.NeighAttrDst, addr[:])
				ae.Bytes(ipv8.NeighAttrLLAddr, []byte{2, 0, 0, 0, 0, 7})
				ae.Uint8(ipv8.NeighAttrCaps, 0)
			}, unix.EINVAL, true},
			{"neighbour caps 4", ipv8.CmdNeighNew, func(ae *netlink.AttributeEncoder) {
				ae.String(ipv8.NeighAttrIfname, dev)
				ae.Bytes(ipv8.NeighAttrDst, addr[:])
				ae.Bytes(ipv8.NeighAttrLLAddr, []byte{2, 0, 0, 0, 0, 7})
				ae.Uint8(ipv8.NeighAttrCaps, 4)
			}, unix.EINVAL, true},
			{"neighbour state is read-only", ipv8.CmdNeighNew, func(ae *netlink.AttributeEncoder) {
				ae.String(ipv8.NeighAttrIfname, dev)
				ae.Uint16(ipv8.NeighAttrState, unix.NUD_REACHABLE)
			}, unix.EINVAL, true},
			{"neighbour del with lladdr", ipv8.CmdNeighDel, func(ae *netlink.AttributeEncoder) {
				ae.String(ipv8.NeighAttrIfname, dev)
				ae.Bytes(ipv8.NeighAttrLLAddr, []byte{2, 0, 0, 0, 0, 7})
			}, unix.EINVAL, true},
			// The genetlink core refuses an unknown command before the
			// family sees it, and in 6.12 it says so without a message.
			{"unknown command", 200, nil, unix.EOPNOTSUPP, false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				ae := netlink.NewAttributeEncoder()
				if tt.attrs != nil {
					tt.attrs(ae)
				}
				_, err := c.execute(tt.name, tt.cmd, netlink.Request, encode(ae))
				wantKernelError(t, err, tt.errno, tt.wantExtack)
			})
		}
		wantAddrs(t, c, dev, 0)
	})

	t.Run("routes", func(t *testing.T) { testRoutes(t, c, ev, dev, p24) })
	t.Run("switches", func(t *testing.T) { testSwitches(t, c, ev, dev) })
	t.Run("neighbours", func(t *testing.T) { testNeighbors(t, c, dev, p24) })
	t.Run("gateway pairs and the MFT", func(t *testing.T) { testPairs(t, c, dev, p24) })

	// testRoutes leaves this route behind for the link's disabling to drop.
	leftover := in8.MustParsePrefix("65003.0.0.0.0/0")

	t.Run("disable removes addresses and routes", func(t *testing.T) {
		ev.drain()
		if err := c.AddrAdd(dev, p24); err != nil {
			t.Fatalf("AddrAdd: %v", err)
		}
		if err := c.SetLink(dev, false); err != nil {
			t.Fatalf("SetLink off: %v", err)
		}
		ev.wantAll(t, map[string]func(Event) bool{
			"route del on disable": func(e Event) bool {
				return e.Cmd == ipv8.CmdRouteDel && e.Route.Dst == leftover
			},
			"addr del on disable": func(e Event) bool {
				return e.Cmd == ipv8.CmdAddrDel && e.Addr.Prefix == p24
			},
			"link off": func(e Event) bool {
				return e.Cmd == ipv8.CmdLinkSet && e.Link.Name == dev && !e.Link.Enabled
			},
		})
		wantAddrs(t, c, dev, 0)
		if rs, err := c.Routes(); err != nil || slices.ContainsFunc(rs, func(r Route) bool { return r.Dst == leftover }) {
			t.Errorf("after disable: routes %+v, %v", rs, err)
		}
		if l, err := c.Link(dev); err != nil || l.Enabled || l.Stats != nil || l.Forwarding || l.WAN {
			t.Errorf("after disable: %+v, %v", l, err)
		}
		// The neighbours of the link went with it.
		if ns, err := c.Neighbors(""); err != nil || len(ns) != 0 {
			t.Errorf("after disable: neighbours %+v, %v", ns, err)
		}
		on := true
		wantKernelError(t, c.SetLinkSettings(dev, LinkSettings{Forwarding: &on}), unix.EOPNOTSUPP, true)
		_, err := c.Neighbors(dev)
		if err != nil {
			t.Errorf("Neighbors of a link with IPv8 off: %v", err)
		}
	})

	t.Run("stats", func(t *testing.T) {
		cs, err := c.Stats()
		if err != nil {
			t.Fatalf("Stats: %v", err)
		}
		if len(cs) != ipv8.StatMax {
			t.Errorf("got %d counters, want %d: %+v", len(cs), ipv8.StatMax, cs)
		}
		for i, ctr := range cs {
			if int(ctr.ID) != i+1 || ctr.Name != ipv8.StatNames[ctr.ID] {
				t.Errorf("counter %d = %+v", i, ctr)
			}
		}
	})
}

// testRoutes adds, shows, looks up, replaces and deletes routes on dev,
// which has IPv8 on and no addresses; it leaves 65003.0.0.0.0/0 behind.
func testRoutes(t *testing.T, c *Client, ev *events, dev string, local in8.Prefix) {
	r16 := in8.MustParsePrefix("65002.10.1.0.0/16")
	gw := in8.MustParseAddr("65001.10.0.0.254")
	gw2 := in8.MustParseAddr("65001.10.0.0.253")
	if err := c.AddrAdd(dev, local); err != nil {
		t.Fatalf("AddrAdd: %v", err)
	}
	// The kernel may list connected routes of its own; compare to them.
	base, err := c.Routes()
	if err != nil {
		t.Fatalf("Routes: %v", err)
	}
	find := func(dst in8.Prefix, metric uint32) (Route, bool) {
		t.Helper()
		rs, err := c.Routes()
		if err != nil {
			t.Fatalf("Routes: %v", err)
		}
		for _, r := range rs {
			if r.Dst == dst && r.Metric == metric {
				return r, true
			}
		}
		return Route{}, false
	}

	ev.drain()
	want := Route{Dst: r16, Gateway: gw, Name: dev, Metric: 10}
	if err := c.RouteAdd(want, false); err != nil {
		t.Fatalf("RouteAdd(%+v): %v", want, err)
	}
	ev.want(t, "route new", func(e Event) bool {
		return e.Cmd == ipv8.CmdRouteNew && e.Route.Dst == r16 && e.Route.Gateway == gw && e.Route.Name == dev
	})
	got, ok := find(r16, 10)
	if !ok || got.Gateway != gw || got.Name != dev || got.Index == 0 {
		t.Errorf("route show: %+v (found %v), want %+v", got, ok, want)
	}
	wantKernelError(t, c.RouteAdd(want, false), unix.EEXIST, true)

	// Replace sends the old route's DEL, then the NEW.
	// A failed replace does not end the test: the checks after it do not
	// depend on which gateway the route has.
	ev.drain()
	if err := c.RouteAdd(Route{Dst: r16, Gateway: gw2, Name: dev, Metric: 10}, true); err != nil {
		t.Errorf("RouteAdd replace: %v", err)
	} else {
		ev.wantAll(t, map[string]func(Event) bool{
			"route del of the replaced": func(e Event) bool { return e.Cmd == ipv8.CmdRouteDel && e.Route.Gateway == gw },
			"route new of the replacement": func(e Event) bool {
				return e.Cmd == ipv8.CmdRouteNew && e.Route.Gateway == gw2
			},
		})
		if got, ok := find(r16, 10); !ok || got.Gateway != gw2 {
			t.Errorf("after replace: %+v (found %v), want gateway %v", got, ok, gw2)
		}
	}

	// A gateway alone: the kernel finds the link of its subnet.
	if err := c.RouteAdd(Route{Dst: in8.DefaultPrefix(), Gateway: gw, Metric: 5}, false); err != nil {
		t.Fatalf("RouteAdd default: %v", err)
	}
	if got, ok := find(in8.DefaultPrefix(), 5); !ok || got.Name != dev {
		t.Errorf("default route: %+v (found %v), want it on %s", got, ok, dev)
	}

	for _, tt := range []struct {
		dst  string
		want in8.Prefix // invalid: unreachable
		err  unix.Errno
	}{
		{"65002.10.1.2.3", r16, 0},
		{"65002.10.2.0.1", in8.Prefix{}, unix.EHOSTUNREACH}, // 65002 is named: default hidden
		{"65009.1.2.3.4", in8.DefaultPrefix(), 0},
	} {
		r, err := c.RouteGet(in8.MustParseAddr(tt.dst))
		if tt.err != 0 {
			wantKernelError(t, err, tt.err, true)
			continue
		}
		if err != nil || r.Dst != tt.want {
			t.Errorf("RouteGet(%s) = %+v, %v; want %v", tt.dst, r, err, tt.want)
		}
	}

	for _, tt := range []struct {
		name  string
		r     Route
		errno unix.Errno
	}{
		{"host bits beyond the length", Route{Dst: local, Name: dev}, unix.EINVAL},
		{"routing prefix 0", Route{Dst: in8.MustParsePrefix("10.0.0.0/8"), Name: dev}, unix.EINVAL},
		{"neither device nor gateway", Route{Dst: r16, Metric: 99}, unix.EINVAL},
		{"gateway off every subnet", Route{Dst: r16, Gateway: in8.MustParseAddr("65009.1.0.0.1"), Metric: 99}, unix.EINVAL},
		{"unknown device", Route{Dst: r16, Name: "veth9", Metric: 99}, unix.ENODEV},
	} {
		t.Run(tt.name, func(t *testing.T) { wantKernelError(t, c.RouteAdd(tt.r, false), tt.errno, true) })
	}

	ev.drain()
	if err := c.RouteDel(r16, 10, true); err != nil {
		t.Fatalf("RouteDel: %v", err)
	}
	ev.want(t, "route del", func(e Event) bool { return e.Cmd == ipv8.CmdRouteDel && e.Route.Dst == r16 })
	wantKernelError(t, c.RouteDel(r16, 10, true), unix.ESRCH, true)
	if err := c.RouteDel(in8.DefaultPrefix(), 0, false); err != nil {
		t.Fatalf("RouteDel default, lowest metric: %v", err)
	}
	_, err = c.RouteGet(in8.MustParseAddr("65009.1.2.3.4"))
	wantKernelError(t, err, unix.ENETUNREACH, true)
	if rs, err := c.Routes(); err != nil || len(rs) != len(base) {
		t.Errorf("routes after deleting: %+v, %v; want %d", rs, err, len(base))
	}

	if err := c.RouteAdd(Route{Dst: in8.MustParsePrefix("65003.0.0.0.0/0"), Name: dev}, false); err != nil {
		t.Fatalf("RouteAdd 65003.0.0.0.0/0: %v", err)
	}
	if err := c.AddrDel(dev, local, true); err != nil {
		t.Fatalf("AddrDel: %v", err)
	}
}

// testSwitches turns the forwarding, border and WAN switches of dev (IPv8
// on) on and off; it leaves forwarding and WAN on, for the link's disabling
// to reset.
func testSwitches(t *testing.T, c *Client, ev *events, dev string) {
	on, off := true, false
	l, err := c.Link(dev)
	if err != nil || l.Forwarding || l.Border || l.WAN {
		t.Fatalf("switches after enable: %+v, %v; want all off", l, err)
	}
	ev.drain()
	if err := c.SetLinkSettings(dev, LinkSettings{Forwarding: &on, Border: &on, WAN: &on}); err != nil {
		t.Fatalf("SetLinkSettings: %v", err)
	}
	ev.want(t, "link switches", func(e Event) bool {
		return e.Cmd == ipv8.CmdLinkSet && e.Link.Name == dev && e.Link.Forwarding && e.Link.Border && e.Link.WAN
	})
	if l, err := c.Link(dev); err != nil || !l.Forwarding || !l.Border || !l.WAN || !l.Enabled {
		t.Errorf("after setting every switch: %+v, %v", l, err)
	}
	// ENABLED on an enabled link is a no-op; the switch beside it applies.
	if err := c.SetLinkSettings(dev, LinkSettings{Enabled: &on, Border: &off}); err != nil {
		t.Fatalf("SetLinkSettings: %v", err)
	}
	links, err := c.Links()
	if err != nil {
		t.Fatalf("Links: %v", err)
	}
	i := slices.IndexFunc(links, func(l Link) bool { return l.Name == dev })
	if i < 0 || !links[i].Forwarding || links[i].Border || !links[i].WAN {
		t.Errorf("dump after clearing border: %+v", links)
	}
	wantKernelError(t, c.SetLinkSettings(dev, LinkSettings{}), unix.EINVAL, true)
	wantKernelError(t, c.SetLinkSettings("lo", LinkSettings{Forwarding: &on}), unix.EOPNOTSUPP, true)
}

// testPairs sets the probe settings, installs a parity pair and reads it
// back through ROUTE_GET and the MFT dumps, and leaves nothing behind but
// the changed probe settings.
func testPairs(t *testing.T, c *Client, dev string, local in8.Prefix) {
	l, err := c.Link(dev)
	if err != nil || l.ProbeInterval != 100 || l.ProbeMisses != 3 || l.Holddown != 3 {
		t.Errorf("probe defaults: %+v, %v; want 100 3 3", l, err)
	}
	iv, mi, hd := uint32(50), uint32(2), uint32(5)
	if err := c.SetLinkSettings(dev, LinkSettings{ProbeInterval: &iv, ProbeMisses: &mi, Holddown: &hd}); err != nil {
		t.Fatalf("SetLinkSettings probes: %v", err)
	}
	if l, err := c.Link(dev); err != nil || l.ProbeInterval != 50 || l.ProbeMisses != 2 || l.Holddown != 5 {
		t.Errorf("probe settings: %+v, %v; want 50 2 5", l, err)
	}
	for _, bad := range []LinkSettings{{ProbeInterval: ptr(uint32(9))}, {ProbeMisses: ptr(uint32(0))}, {Holddown: ptr(uint32(256))}} {
		wantKernelError(t, c.SetLinkSettings(dev, bad), unix.ERANGE, true)
	}
	wantKernelError(t, c.SetLinkSettings("lo", LinkSettings{Holddown: &hd}), unix.EOPNOTSUPP, true)

	if err := c.AddrAdd(dev, local); err != nil {
		t.Fatalf("AddrAdd: %v", err)
	}
	defer func() {
		if err := c.AddrDel(dev, local, true); err != nil {
			t.Errorf("AddrDel: %v", err)
		}
	}()
	even, odd := in8.MustParseAddr("65001.10.0.0.254"), in8.MustParseAddr("65001.10.0.0.253")
	// Given even first; the host (.1) is odd, so the kernel makes .253 primary.
	if err := c.RouteAdd(Route{Dst: in8.DefaultPrefix(), Gateway: even, Gateway2: odd, Name: dev}, false); err != nil {
		t.Fatalf("RouteAdd pair: %v", err)
	}
	r, err := c.RouteGet(in8.MustParseAddr("65009.1.2.3.4"))
	if err != nil || r.Gateway != odd || r.Gateway2 != even || (r.Active != odd && r.Active != even) {
		t.Errorf("RouteGet of the pair: %+v, %v; want primary %v, secondary %v, one of them active", r, err, odd, even)
	}
	reach, err := c.Reach()
	if err != nil {
		t.Fatalf("Reach: %v", err)
	}
	i := slices.IndexFunc(reach, func(e Reach) bool { return e.Dst.IsDefault() })
	if i < 0 || reach[i].Name != dev || (reach[i].Role != ipv8.ReachPrimary && reach[i].Role != ipv8.ReachSecondary) ||
		(reach[i].Nexthop != odd && reach[i].Nexthop != even) {
		t.Errorf("Reach: %+v; want the default route on %s through one of the pair", reach, dev)
	}
	if _, err := c.Peers(); err != nil {
		t.Errorf("Peers: %v", err)
	}
	ns, err := c.Neighbors(dev)
	if err != nil {
		t.Fatalf("Neighbors: %v", err)
	}
	for _, n := range ns {
		if (n.Dst == odd || n.Dst == even) && n.Liveness == ipv8.LivenessNone {
			t.Errorf("watched gateway %+v has no liveness verdict", n)
		}
	}
	if err := c.RouteDel(in8.DefaultPrefix(), 0, false); err != nil {
		t.Errorf("RouteDel pair: %v", err)
	}

	// What the client does not let through, sent raw.
	dflt := func(ae *netlink.AttributeEncoder) { ae.Flag(ipv8.RouteAttrDefault, true) }
	for _, tt := range []struct {
		name  string
		cmd   uint8
		attrs func(ae *netlink.AttributeEncoder)
	}{
		{"second gateway alone", ipv8.CmdRouteNew, func(ae *netlink.AttributeEncoder) {
			dflt(ae)
			ae.String(ipv8.RouteAttrOIFName, dev)
			b := even.As8()
			ae.Bytes(ipv8.RouteAttrGateway2, b[:])
		}},
		{"equal gateways", ipv8.CmdRouteNew, func(ae *netlink.AttributeEncoder) {
			dflt(ae)
			b := even.As8()
			ae.Bytes(ipv8.RouteAttrGateway, b[:])
			ae.Bytes(ipv8.RouteAttrGateway2, b[:])
		}},
		{"active in a request", ipv8.CmdRouteNew, func(ae *netlink.AttributeEncoder) {
			dflt(ae)
			b := even.As8()
			ae.Bytes(ipv8.RouteAttrGateway, b[:])
			ae.Bytes(ipv8.RouteAttrActive, b[:])
		}},
	} {
		ae := netlink.NewAttributeEncoder()
		tt.attrs(ae)
		_, err := c.execute(tt.name, tt.cmd, netlink.Request, encode(ae))
		wantKernelError(t, err, unix.EINVAL, true)
	}
	ae := netlink.NewAttributeEncoder()
	ae.Uint32(ipv8.ReachAttrOIF, 1)
	_, err = c.execute("reach with a filter", ipv8.CmdReachGet, netlink.Request|netlink.Dump, encode(ae))
	wantKernelError(t, err, unix.EINVAL, true)
}

func ptr[T any](v T) *T { return &v }

// testNeighbors adds, shows, replaces and deletes a static neighbour on dev
// (IPv8 on), and leaves none behind.
func testNeighbors(t *testing.T, c *Client, dev string, local in8.Prefix) {
	if err := c.AddrAdd(dev, local); err != nil {
		t.Fatalf("AddrAdd: %v", err)
	}
	defer func() {
		if err := c.AddrDel(dev, local, true); err != nil {
			t.Errorf("AddrDel: %v", err)
		}
	}()
	nb := in8.MustParseAddr("65001.10.0.0.77")
	mac := net.HardwareAddr{2, 0, 0, 0, 0, 0x77}
	find := func(filter string) (Neighbor, bool) {
		t.Helper()
		ns, err := c.Neighbors(filter)
		if err != nil {
			t.Fatalf("Neighbors(%q): %v", filter, err)
		}
		i := slices.IndexFunc(ns, func(n Neighbor) bool { return n.Dst == nb && n.Name == dev })
		if i < 0 {
			return Neighbor{}, false
		}
		return ns[i], true
	}

	if err := c.NeighAdd(dev, nb, mac, 0); err != nil {
		t.Fatalf("NeighAdd: %v", err)
	}
	for _, filter := range []string{dev, ""} {
		n, ok := find(filter)
		if !ok || n.State != unix.NUD_PERMANENT || n.Caps != ipv8.NeighCapV8 || n.HardwareAddr.String() != mac.String() {
			t.Errorf("Neighbors(%q): %+v (found %v), want a PERMANENT v8 entry with %v", filter, n, ok, mac)
		}
	}
	// NEW replaces a static entry.
	if err := c.NeighAdd(dev, nb, mac, ipv8.NeighCapV8|ipv8.NeighCapV4); err != nil {
		t.Fatalf("NeighAdd again: %v", err)
	}
	if n, ok := find(dev); !ok || n.Caps != ipv8.NeighCapV8|ipv8.NeighCapV4 {
		t.Errorf("after replacing: %+v (found %v), want caps v8+v4", n, ok)
	}
	// A flush takes learnt entries only.
	if err := c.NeighFlush(dev); err != nil {
		t.Fatalf("NeighFlush: %v", err)
	}
	if _, ok := find(dev); !ok {
		t.Errorf("flush removed the static entry")
	}
	if err := c.NeighDel(dev, nb); err != nil {
		t.Fatalf("NeighDel: %v", err)
	}
	if n, ok := find(""); ok {
		t.Errorf("after NeighDel: %+v still there", n)
	}
	wantKernelError(t, c.NeighDel(dev, nb), unix.ENOENT, true)
	_, err := c.Neighbors("veth9")
	wantKernelError(t, err, unix.ENODEV, true)
	wantKernelError(t, c.NeighAdd("lo", nb, mac, 0), unix.EOPNOTSUPP, true)

	// Left for the link's disabling to remove.
	if err := c.NeighAdd(dev, nb, mac, 0); err != nil {
		t.Fatalf("NeighAdd: %v", err)
	}
}

// wantKernelError checks that err is the kernel refusing with errno and,
// if wantExtack, saying why.
func wantKernelError(t *testing.T, err error, errno unix.Errno, wantExtack bool) {
	t.Helper()
	var ke *Error
	if !errors.As(err, &ke) {
		t.Errorf("got %v, want the kernel to answer %v", err, errno)
		return
	}
	if ke.Errno != errno {
		t.Errorf("got %v (extack %q), want %v", ke.Errno, ke.Message, errno)
	}
	if wantExtack && ke.Message == "" {
		t.Errorf("%v came without an extack message", ke.Errno)
	}
}

func wantAddrs(t *testing.T, c *Client, dev string, n int) {
	t.Helper()
	addrs, err := c.Addrs(dev)
	if err != nil {
		t.Fatalf("Addrs(%q): %v", dev, err)
	}
	if len(addrs) != n {
		t.Errorf("%s has %d addresses, want %d: %+v", dev, len(addrs), n, addrs)
	}
}

// newTestNetns creates a named network namespace holding a veth pair (or,
// without veth, a dummy device), removed when the test ends. It returns
// the namespace name and the device to test on.
func newTestNetns(t *testing.T) (string, string) {
	t.Helper()
	name := fmt.Sprintf("ipv8-genl8-%d", os.Getpid())
	errc := make(chan error)
	go func() {
		// NewNamed moves the thread into the new namespace. The thread is
		// never unlocked, so the runtime discards it with the goroutine
		// instead of reusing it in the wrong namespace.
		runtime.LockOSThread()
		ns, err := netns.NewNamed(name)
		if err == nil {
			ns.Close()
		}
		errc <- err
	}()
	if err := <-errc; err != nil {
		t.Fatalf("creating netns %s: %v", name, err)
	}
	t.Cleanup(func() {
		if err := netns.DeleteNamed(name); err != nil {
			t.Errorf("deleting netns %s: %v", name, err)
		}
	})
	dev := "veth0"
	if err := ip(name, "link", "add", "veth0", "type", "veth", "peer", "name", "veth1"); err != nil {
		t.Logf("no veth (%v), using a dummy device", err)
		dev = "dummy0"
		if err := ip(name, "link", "add", dev, "type", "dummy"); err != nil {
			t.Fatal(err)
		}
	} else if err := ip(name, "link", "set", "veth1", "up"); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"lo", dev} {
		if err := ip(name, "link", "set", d, "up"); err != nil {
			t.Fatal(err)
		}
	}
	return name, dev
}

func ip(netnsName string, args ...string) error {
	out, err := exec.Command("ip", append([]string{"-n", netnsName}, args...)...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("ip %v: %v: %s", args, err, out)
	}
	return nil
}

// events collects monitor notifications from a second client.
type events struct{ ch chan Event }

func startMonitor(t *testing.T, nsName string) *events {
	t.Helper()
	m, err := Dial(nsName)
	if err != nil {
		t.Fatalf("Dial for monitor: %v", err)
	}
	// Join before returning, so no change made afterwards is missed;
	// Monitor joining again is harmless.
	if err := m.c.JoinGroup(m.monitor); err != nil {
		t.Fatalf("joining monitor group: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ev := &events{ch: make(chan Event, 256)}
	done := make(chan error, 1)
	go func() { done <- m.Monitor(ctx, func(e Event) { ev.ch <- e }) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("Monitor ended with %v", err)
		}
		m.Close()
	})
	return ev
}

// drain discards notifications of earlier steps: it returns once none
// has arrived for 100ms.
func (ev *events) drain() {
	for {
		select {
		case <-ev.ch:
		case <-time.After(100 * time.Millisecond):
			return
		}
	}
}

// want waits for a notification matching ok, skipping others.
func (ev *events) want(t *testing.T, what string, ok func(Event) bool) {
	t.Helper()
	ev.wantAll(t, map[string]func(Event) bool{what: ok})
}

// wantAll waits until each predicate has matched a notification, in any
// order, skipping notifications that match none. The kernel queues a
// notification before it answers the request, so the wait is only for the
// monitor goroutine; it is long because a loaded guest may stall it.
func (ev *events) wantAll(t *testing.T, preds map[string]func(Event) bool) {
	t.Helper()
	var skipped []Event
	timeout := time.After(10 * time.Second)
	for len(preds) > 0 {
		select {
		case e := <-ev.ch:
			matched := false
			for what, ok := range preds {
				if ok(e) {
					delete(preds, what)
					matched = true
					break
				}
			}
			if !matched {
				skipped = append(skipped, e)
			}
		case <-timeout:
			for what := range preds {
				t.Errorf("no %s notification; got only %+v", what, skipped)
			}
			return
		}
	}
}
