package genl8

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"

	"github.com/ipv8/ipv8/go/in8"
	"github.com/ipv8/ipv8/go/ipv8"
)

// putDev names a device in a request: a decimal number is an ifindex,
// anything else an interface name, which the kernel resolves in its own
// namespace.
func putDev(ae *netlink.AttributeEncoder, indexAttr, nameAttr uint16, dev string) {
	if idx, err := strconv.ParseUint(dev, 10, 32); err == nil && idx > 0 {
		ae.Uint32(indexAttr, uint32(idx))
		return
	}
	ae.String(nameAttr, dev)
}

func linkDev(dev string) *netlink.AttributeEncoder {
	ae := netlink.NewAttributeEncoder()
	if dev != "" {
		putDev(ae, uint16(ipv8.LinkAttrIfindex), uint16(ipv8.LinkAttrIfname), dev)
	}
	return ae
}

func addrDev(dev string) *netlink.AttributeEncoder {
	ae := netlink.NewAttributeEncoder()
	if dev != "" {
		putDev(ae, uint16(ipv8.AddrAttrIfindex), uint16(ipv8.AddrAttrIfname), dev)
	}
	return ae
}

func encode(ae *netlink.AttributeEncoder) []byte {
	b, err := ae.Encode()
	if err != nil {
		// Only a nested encoder's callback can fail, and none here does.
		panic(err)
	}
	return b
}

// parseEach decodes every message of a dump with parse, in the kernel's order.
func parseEach[T any](msgs []genetlink.Message, parse func([]byte) (T, error)) ([]T, error) {
	out := make([]T, 0, len(msgs))
	for _, m := range msgs {
		v, err := parse(m.Data)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// parseOne decodes the single reply of a "do" request.
func parseOne[T any](op string, msgs []genetlink.Message, parse func([]byte) (T, error)) (T, error) {
	if len(msgs) != 1 {
		var zero T
		return zero, fmt.Errorf("%s: kernel sent %d replies, want 1", op, len(msgs))
	}
	return parse(msgs[0].Data)
}

// Links returns every device of the namespace, in the kernel's order.
func (c *Client) Links() ([]Link, error) {
	msgs, err := c.execute("link show", uint8(ipv8.CmdLinkGet), netlink.Request|netlink.Dump, nil)
	if err != nil {
		return nil, err
	}
	return parseEach(msgs, parseLink)
}

// Link returns one device.
func (c *Client) Link(dev string) (Link, error) {
	msgs, err := c.execute("link show", uint8(ipv8.CmdLinkGet), netlink.Request, encode(linkDev(dev)))
	if err != nil {
		return Link{}, err
	}
	return parseOne("link show", msgs, parseLink)
}

// SetLink turns IPv8 on or off on a device. Turning it off removes the
// device's addresses and routes.
func (c *Client) SetLink(dev string, enabled bool) error {
	return c.SetLinkSettings(dev, LinkSettings{Enabled: &enabled})
}

// SetLinkSettings changes, in one request, the settings s gives: IPv8 on
// or off, the forwarding, border and WAN switches and the gateway probe
// settings. With nothing given
// the kernel answers EINVAL.
func (c *Client) SetLinkSettings(dev string, s LinkSettings) error {
	ae := linkDev(dev)
	for _, f := range []struct {
		attr uint16
		v    *bool
	}{
		{ipv8.LinkAttrEnabled, s.Enabled},
		{ipv8.LinkAttrForwarding, s.Forwarding},
		{ipv8.LinkAttrBorder, s.Border},
		{ipv8.LinkAttrWAN, s.WAN},
	} {
		if f.v == nil {
			continue
		}
		var v uint8
		if *f.v {
			v = 1
		}
		ae.Uint8(f.attr, v)
	}
	for _, f := range []struct {
		attr uint16
		v    *uint32
	}{
		{ipv8.LinkAttrProbeInterval, s.ProbeInterval},
		{ipv8.LinkAttrProbeMisses, s.ProbeMisses},
		{ipv8.LinkAttrHolddown, s.Holddown},
	} {
		if f.v != nil {
			ae.Uint32(f.attr, *f.v)
		}
	}
	_, err := c.execute("link set", uint8(ipv8.CmdLinkSet), netlink.Request, encode(ae))
	return err
}

// Addrs returns the addresses of dev, or of every device if dev is "", in
// the kernel's order.
func (c *Client) Addrs(dev string) ([]Addr, error) {
	msgs, err := c.execute("addr show", uint8(ipv8.CmdAddrGet), netlink.Request|netlink.Dump, encode(addrDev(dev)))
	if err != nil {
		return nil, err
	}
	return parseEach(msgs, parseAddr)
}

func addrRequest(dev string, p in8.Prefix, withBits bool) []byte {
	ae := addrDev(dev)
	b := p.Addr().As8()
	ae.Bytes(uint16(ipv8.AddrAttrAddress), b[:])
	if withBits {
		ae.Uint8(uint16(ipv8.AddrAttrPrefixlen), uint8(p.Bits()))
	}
	return encode(ae)
}

// AddrAdd assigns p (address and prefix length) to dev.
func (c *Client) AddrAdd(dev string, p in8.Prefix) error {
	if !p.IsValid() || p.IsDefault() {
		return fmt.Errorf("addr add: invalid prefix %v", p)
	}
	_, err := c.execute("addr add", uint8(ipv8.CmdAddrNew), netlink.Request, addrRequest(dev, p, true))
	return err
}

// AddrDel removes p's address from dev. The prefix length is sent only
// when bitsGiven, so that "addr del ADDR" removes the address whatever its
// length, as ip(8) does.
func (c *Client) AddrDel(dev string, p in8.Prefix, bitsGiven bool) error {
	if !p.IsValid() || p.IsDefault() {
		return fmt.Errorf("addr del: invalid prefix %v", p)
	}
	_, err := c.execute("addr del", uint8(ipv8.CmdAddrDel), netlink.Request, addrRequest(dev, p, bitsGiven))
	return err
}

// AddrFlush removes every address of dev. The family has no flush
// command, so this is a dump followed by one delete per address; an
// address that vanished in between is not an error.
func (c *Client) AddrFlush(dev string) error {
	addrs, err := c.Addrs(dev)
	if err != nil {
		return err
	}
	for _, a := range addrs {
		target := dev
		if a.Index > 0 {
			target = strconv.Itoa(a.Index)
		}
		err := c.AddrDel(target, a.Prefix, true)
		if err != nil && !errors.Is(err, unix.EADDRNOTAVAIL) {
			if ke := (*Error)(nil); errors.As(err, &ke) {
				ke.Op = "addr flush"
			}
			return err
		}
	}
	return nil
}

// Routes returns every route of the namespace, in the kernel's dump order.
func (c *Client) Routes() ([]Route, error) {
	msgs, err := c.execute("route show", uint8(ipv8.CmdRouteGet), netlink.Request|netlink.Dump, nil)
	if err != nil {
		return nil, err
	}
	return parseEach(msgs, parseRoute)
}

// RouteGet returns the route FIB8 picks for dst, as forwarding would. With
// none the kernel answers ENETUNREACH (no route names the ASN, no default)
// or EHOSTUNREACH (routes name the ASN, none covers the host).
func (c *Client) RouteGet(dst in8.Addr) (Route, error) {
	ae := netlink.NewAttributeEncoder()
	b := dst.As8()
	ae.Bytes(uint16(ipv8.RouteAttrDst), b[:])
	msgs, err := c.execute("route get", uint8(ipv8.CmdRouteGet), netlink.Request, encode(ae))
	if err != nil {
		return Route{}, err
	}
	return parseOne("route get", msgs, parseRoute)
}

// putRouteDst names the route's prefix. The address goes as given, host
// bits included: the kernel, not this package, refuses bits beyond the
// length, so that the user hears about a typo instead of a silently
// different route.
func putRouteDst(ae *netlink.AttributeEncoder, p in8.Prefix) {
	if p.IsDefault() {
		ae.Flag(uint16(ipv8.RouteAttrDefault), true)
		return
	}
	b := p.Addr().As8()
	ae.Bytes(uint16(ipv8.RouteAttrDst), b[:])
	ae.Uint8(uint16(ipv8.RouteAttrDstLen), uint8(p.Bits()))
}

// RouteAdd installs r: its Dst, Metric, Gateway and Gateway2 (unless zero;
// both make a parity pair, which the kernel orders) and device
// (see Route; none if Index is 0 and Name empty, when the kernel finds the
// link of the gateway). With replace, a route of the same prefix and
// metric is replaced; without, it is EEXIST.
//
// Replace is the RouteAttrReplace flag attribute, not rtnetlink's
// NLM_F_REPLACE: strict generic netlink accepts only REQUEST, ACK, ECHO and
// DUMP in the header flags, and NLM_F_REPLACE shares its bit with NLM_F_ROOT.
func (c *Client) RouteAdd(r Route, replace bool) error {
	op := "route add"
	if replace {
		op = "route replace"
	}
	if !r.Dst.IsValid() {
		return fmt.Errorf("%s: invalid prefix %v", op, r.Dst)
	}
	ae := netlink.NewAttributeEncoder()
	putRouteDst(ae, r.Dst)
	ae.Uint32(uint16(ipv8.RouteAttrMetric), r.Metric)
	switch {
	case r.Index > 0:
		ae.Uint32(uint16(ipv8.RouteAttrOIF), uint32(r.Index))
	case r.Name != "":
		putDev(ae, uint16(ipv8.RouteAttrOIF), uint16(ipv8.RouteAttrOIFName), r.Name)
	}
	if !r.Gateway.IsUnspecified() {
		b := r.Gateway.As8()
		ae.Bytes(uint16(ipv8.RouteAttrGateway), b[:])
	}
	if !r.Gateway2.IsUnspecified() {
		if r.Gateway.IsUnspecified() {
			return fmt.Errorf("%s: a second gateway needs a first one", op)
		}
		b := r.Gateway2.As8()
		ae.Bytes(uint16(ipv8.RouteAttrGateway2), b[:])
	}
	if replace {
		ae.Flag(uint16(ipv8.RouteAttrReplace), true)
	}
	_, err := c.execute(op, uint8(ipv8.CmdRouteNew), netlink.Request, encode(ae))
	return err
}

// RouteDel removes the route of prefix dst with the given metric, or,
// unless metricGiven, the lowest-metric route of dst, as ip(8) does.
func (c *Client) RouteDel(dst in8.Prefix, metric uint32, metricGiven bool) error {
	if !dst.IsValid() {
		return fmt.Errorf("route del: invalid prefix %v", dst)
	}
	ae := netlink.NewAttributeEncoder()
	putRouteDst(ae, dst)
	if metricGiven {
		ae.Uint32(uint16(ipv8.RouteAttrMetric), metric)
	}
	_, err := c.execute("route del", uint8(ipv8.CmdRouteDel), netlink.Request, encode(ae))
	return err
}

func neighDev(dev string) *netlink.AttributeEncoder {
	ae := netlink.NewAttributeEncoder()
	if dev != "" {
		putDev(ae, uint16(ipv8.NeighAttrIfindex), uint16(ipv8.NeighAttrIfname), dev)
	}
	return ae
}

// Neighbors returns the neighbour entries of dev, or of every link if dev
// is "", in the kernel's order.
func (c *Client) Neighbors(dev string) ([]Neighbor, error) {
	msgs, err := c.execute("neigh show", uint8(ipv8.CmdNeighGet), netlink.Request|netlink.Dump, encode(neighDev(dev)))
	if err != nil {
		return nil, err
	}
	return parseEach(msgs, parseNeigh)
}

// NeighAdd adds a static (PERMANENT) entry for dst on dev, or replaces the
// entry dst has there. caps 0 leaves the kernel's default, v8. The
// link-layer address goes as given: the kernel refuses one that is not 6
// octets of unicast Ethernet.
func (c *Client) NeighAdd(dev string, dst in8.Addr, hw net.HardwareAddr, caps NeighCaps) error {
	ae := neighDev(dev)
	b := dst.As8()
	ae.Bytes(uint16(ipv8.NeighAttrDst), b[:])
	ae.Bytes(uint16(ipv8.NeighAttrLLAddr), hw)
	if caps != 0 {
		ae.Uint8(uint16(ipv8.NeighAttrCaps), uint8(caps))
	}
	_, err := c.execute("neigh add", uint8(ipv8.CmdNeighNew), netlink.Request, encode(ae))
	return err
}

// NeighDel removes the entry of dst on dev, static or learnt.
func (c *Client) NeighDel(dev string, dst in8.Addr) error {
	ae := neighDev(dev)
	b := dst.As8()
	ae.Bytes(uint16(ipv8.NeighAttrDst), b[:])
	_, err := c.execute("neigh del", uint8(ipv8.CmdNeighDel), netlink.Request, encode(ae))
	return err
}

// NeighFlush removes the learnt entries of dev; static ones stay, as with
// ip neigh flush.
func (c *Client) NeighFlush(dev string) error {
	_, err := c.execute("neigh flush", uint8(ipv8.CmdNeighDel), netlink.Request, encode(neighDev(dev)))
	return err
}

// Reach returns the MFT reachability table: each route in use with the
// next hop it sends to now, in the kernel's order.
func (c *Client) Reach() ([]Reach, error) {
	msgs, err := c.execute("mft reach", uint8(ipv8.CmdReachGet), netlink.Request|netlink.Dump, nil)
	if err != nil {
		return nil, err
	}
	return parseEach(msgs, parseReach)
}

// Peers returns the MFT peering table: the neighbours of other ASNs on
// border links, in the kernel's order.
func (c *Client) Peers() ([]Peer, error) {
	msgs, err := c.execute("mft peers", uint8(ipv8.CmdPeerGet), netlink.Request|netlink.Dump, nil)
	if err != nil {
		return nil, err
	}
	return parseEach(msgs, parsePeer)
}

// Stats returns the namespace's counters in enum order.
func (c *Client) Stats() ([]Counter, error) {
	msgs, err := c.execute("stats show", uint8(ipv8.CmdStatsGet), netlink.Request, nil)
	if err != nil {
		return nil, err
	}
	var out []Counter
	for _, m := range msgs {
		cs, err := parseStats(m.Data)
		if err != nil {
			return nil, err
		}
		out = append(out, cs...)
	}
	return out, nil
}

// Monitor joins the "monitor" group and calls fn for every notification
// until ctx is done (it then returns ctx.Err()) or the socket fails.
// Messages it cannot parse are skipped; a receive-buffer overrun (ENOBUFS)
// loses notifications but does not end the monitor.
func (c *Client) Monitor(ctx context.Context, fn func(Event)) error {
	if c.monitor == 0 {
		return fmt.Errorf("monitor: family %q has no %q group", ipv8.GenlName, ipv8.McgrpMonitor)
	}
	if err := c.c.JoinGroup(c.monitor); err != nil {
		return fmt.Errorf("monitor: joining group: %w", err)
	}
	// Receive blocks in the kernel; an expired deadline wakes it.
	stop := context.AfterFunc(ctx, func() { _ = c.c.SetReadDeadline(time.Unix(1, 0)) })
	defer stop()
	for {
		msgs, nms, err := c.c.Receive()
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			if errors.Is(err, unix.ENOBUFS) {
				continue
			}
			return fmt.Errorf("monitor: %w", err)
		}
		for i, m := range msgs {
			// Only messages of our family; skip a stray ack.
			if i < len(nms) && nms[i].Header.Type != netlink.HeaderType(c.family.ID) {
				continue
			}
			ev, err := parseEvent(m)
			if err != nil {
				continue
			}
			fn(ev)
		}
	}
}
