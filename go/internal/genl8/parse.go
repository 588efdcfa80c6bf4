package genl8

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"net"
	"slices"
	"strconv"
	"time"

	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/netlink"

	"github.com/ipv8/ipv8/go/in8"
	"github.com/ipv8/ipv8/go/ipv8"
)

// parseLink decodes the attributes of a LINK_GET reply or LINK_SET
// notification. Unknown attributes are skipped: the enum only grows.
func parseLink(b []byte) (Link, error) {
	ad, err := netlink.NewAttributeDecoder(b)
	if err != nil {
		return Link{}, err
	}
	var l Link
	for ad.Next() {
		switch ad.Type() {
		case uint16(ipv8.LinkAttrIfindex):
			l.Index = int(ad.Uint32())
		case uint16(ipv8.LinkAttrIfname):
			l.Name = ad.String()
		case uint16(ipv8.LinkAttrEnabled):
			l.Enabled = ad.Uint8() != 0
		case uint16(ipv8.LinkAttrMTU):
			l.MTU = ad.Uint32()
		case uint16(ipv8.LinkAttrOperstate):
			l.OperState = OperState(ad.Uint8())
		case uint16(ipv8.LinkAttrAddress):
			if hw := ad.Bytes(); len(hw) > 0 {
				l.HardwareAddr = net.HardwareAddr(hw)
			}
		case uint16(ipv8.LinkAttrForwarding):
			l.Forwarding = ad.Uint8() != 0
		case uint16(ipv8.LinkAttrBorder):
			l.Border = ad.Uint8() != 0
		case uint16(ipv8.LinkAttrWAN):
			l.WAN = ad.Uint8() != 0
		case uint16(ipv8.LinkAttrProbeInterval):
			l.ProbeInterval = ad.Uint32()
		case uint16(ipv8.LinkAttrProbeMisses):
			l.ProbeMisses = ad.Uint32()
		case uint16(ipv8.LinkAttrHolddown):
			l.Holddown = ad.Uint32()
		case uint16(ipv8.LinkAttrStats):
			ad.Nested(func(nad *netlink.AttributeDecoder) error {
				var err error
				l.Stats, err = parseCounters(nad)
				return err
			})
		}
	}
	if err := ad.Err(); err != nil {
		return Link{}, fmt.Errorf("parsing link: %w", err)
	}
	if l.Index == 0 {
		return Link{}, fmt.Errorf("parsing link: no ifindex")
	}
	return l, nil
}

// parseAddr decodes the attributes of an ADDR_GET reply or an ADDR_NEW /
// ADDR_DEL notification.
func parseAddr(b []byte) (Addr, error) {
	ad, err := netlink.NewAttributeDecoder(b)
	if err != nil {
		return Addr{}, err
	}
	var (
		a       Addr
		raw     []byte
		bits    = in8.PrefixLenMax // the UAPI default
		gotAddr bool
	)
	for ad.Next() {
		switch ad.Type() {
		case uint16(ipv8.AddrAttrIfindex):
			a.Index = int(ad.Uint32())
		case uint16(ipv8.AddrAttrIfname):
			a.Name = ad.String()
		case uint16(ipv8.AddrAttrAddress):
			raw, gotAddr = ad.Bytes(), true
		case uint16(ipv8.AddrAttrPrefixlen):
			bits = int(ad.Uint8())
		}
	}
	if err := ad.Err(); err != nil {
		return Addr{}, fmt.Errorf("parsing address: %w", err)
	}
	switch {
	case !gotAddr:
		return Addr{}, fmt.Errorf("parsing address: no address attribute")
	case len(raw) != 8:
		return Addr{}, fmt.Errorf("parsing address: address attribute has %d octets, want 8", len(raw))
	case bits > in8.PrefixLenMax:
		return Addr{}, fmt.Errorf("parsing address: prefix length %d above %d", bits, in8.PrefixLenMax)
	}
	a.Prefix = in8.PrefixFrom(in8.AddrFrom8([8]byte(raw)), bits)
	return a, nil
}

// parseRoute decodes the attributes of a ROUTE_GET reply (do or dump) or
// a ROUTE_NEW / ROUTE_DEL notification. A route names exactly one of a
// prefix (DST, DST_LEN) and DEFAULT.
func parseRoute(b []byte) (Route, error) {
	ad, err := netlink.NewAttributeDecoder(b)
	if err != nil {
		return Route{}, err
	}
	var (
		r                 Route
		dst, gw, gw2, act []byte
		gotDst            bool
		gotGw, dflt       bool
		gotGw2, gotActive bool
		bits              = in8.PrefixLenMax // the UAPI default
	)
	for ad.Next() {
		switch ad.Type() {
		case uint16(ipv8.RouteAttrDst):
			dst, gotDst = ad.Bytes(), true
		case uint16(ipv8.RouteAttrDstLen):
			bits = int(ad.Uint8())
		case uint16(ipv8.RouteAttrDefault):
			dflt = true
		case uint16(ipv8.RouteAttrMetric):
			r.Metric = ad.Uint32()
		case uint16(ipv8.RouteAttrOIF):
			r.Index = int(ad.Uint32())
		case uint16(ipv8.RouteAttrOIFName):
			r.Name = ad.String()
		case uint16(ipv8.RouteAttrGateway):
			gw, gotGw = ad.Bytes(), true
		case uint16(ipv8.RouteAttrGateway2):
			gw2, gotGw2 = ad.Bytes(), true
		case uint16(ipv8.RouteAttrActive):
			act, gotActive = ad.Bytes(), true
		}
	}
	if err := ad.Err(); err != nil {
		return Route{}, fmt.Errorf("parsing route: %w", err)
	}
	switch {
	case gotDst == dflt:
		return Route{}, fmt.Errorf("parsing route: want exactly one of destination and default")
	case gotDst && len(dst) != 8:
		return Route{}, fmt.Errorf("parsing route: destination attribute has %d octets, want 8", len(dst))
	case bits > in8.PrefixLenMax:
		return Route{}, fmt.Errorf("parsing route: prefix length %d above %d", bits, in8.PrefixLenMax)
	case gotGw && len(gw) != 8:
		return Route{}, fmt.Errorf("parsing route: gateway attribute has %d octets, want 8", len(gw))
	case gotGw2 && len(gw2) != 8:
		return Route{}, fmt.Errorf("parsing route: second gateway attribute has %d octets, want 8", len(gw2))
	case gotGw2 && !gotGw:
		return Route{}, fmt.Errorf("parsing route: second gateway without a first")
	case gotActive && len(act) != 8:
		return Route{}, fmt.Errorf("parsing route: active gateway attribute has %d octets, want 8", len(act))
	}
	if dflt {
		r.Dst = in8.DefaultPrefix()
	} else {
		r.Dst = in8.PrefixFrom(in8.AddrFrom8([8]byte(dst)), bits)
	}
	if gotGw {
		r.Gateway = in8.AddrFrom8([8]byte(gw))
	}
	if gotGw2 {
		r.Gateway2 = in8.AddrFrom8([8]byte(gw2))
	}
	if gotActive {
		r.Active = in8.AddrFrom8([8]byte(act))
	}
	return r, nil
}

// parseNeigh decodes the attributes of a NEIGH_GET reply. An entry names
// its link and its address; the rest may be absent (the link-layer address
// while unresolved).
func parseNeigh(b []byte) (Neighbor, error) {
	ad, err := netlink.NewAttributeDecoder(b)
	if err != nil {
		return Neighbor{}, err
	}
	var (
		n      Neighbor
		dst    []byte
		gotDst bool
	)
	for ad.Next() {
		switch ad.Type() {
		case uint16(ipv8.NeighAttrIfindex):
			n.Index = int(ad.Uint32())
		case uint16(ipv8.NeighAttrIfname):
			n.Name = ad.String()
		case uint16(ipv8.NeighAttrDst):
			dst, gotDst = ad.Bytes(), true
		case uint16(ipv8.NeighAttrLLAddr):
			if hw := ad.Bytes(); len(hw) > 0 {
				n.HardwareAddr = net.HardwareAddr(hw)
			}
		case uint16(ipv8.NeighAttrState):
			n.State = NeighState(ad.Uint16())
		case uint16(ipv8.NeighAttrCaps):
			n.Caps = NeighCaps(ad.Uint8())
		case uint16(ipv8.NeighAttrProbes):
			n.Probes = ad.Uint32()
		case uint16(ipv8.NeighAttrConfirmed):
			n.Confirmed = time.Duration(ad.Uint32()) * time.Millisecond
		case uint16(ipv8.NeighAttrLiveness):
			n.Liveness = Liveness(ad.Uint8())
		case uint16(ipv8.NeighAttrMisses):
			n.Misses = ad.Uint32()
		}
	}
	if err := ad.Err(); err != nil {
		return Neighbor{}, fmt.Errorf("parsing neighbour: %w", err)
	}
	switch {
	case n.Index == 0:
		return Neighbor{}, fmt.Errorf("parsing neighbour: no ifindex")
	case !gotDst:
		return Neighbor{}, fmt.Errorf("parsing neighbour: no address attribute")
	case len(dst) != 8:
		return Neighbor{}, fmt.Errorf("parsing neighbour: address attribute has %d octets, want 8", len(dst))
	}
	n.Dst = in8.AddrFrom8([8]byte(dst))
	return n, nil
}

// parseReach decodes the attributes of a REACH_GET reply or notification.
// As a route, an entry names exactly one of a prefix and DEFAULT.
func parseReach(b []byte) (Reach, error) {
	ad, err := netlink.NewAttributeDecoder(b)
	if err != nil {
		return Reach{}, err
	}
	var (
		r             Reach
		dst, nh       []byte
		gotDst, gotNh bool
		dflt          bool
		bits          = in8.PrefixLenMax
	)
	for ad.Next() {
		switch ad.Type() {
		case uint16(ipv8.ReachAttrDst):
			dst, gotDst = ad.Bytes(), true
		case uint16(ipv8.ReachAttrDstLen):
			bits = int(ad.Uint8())
		case uint16(ipv8.ReachAttrDefault):
			dflt = true
		case uint16(ipv8.ReachAttrOIF):
			r.Index = int(ad.Uint32())
		case uint16(ipv8.ReachAttrOIFName):
			r.Name = ad.String()
		case uint16(ipv8.ReachAttrNexthop):
			nh, gotNh = ad.Bytes(), true
		case uint16(ipv8.ReachAttrRole):
			r.Role = ReachRole(ad.Uint8())
		case uint16(ipv8.ReachAttrLLAddr):
			if hw := ad.Bytes(); len(hw) > 0 {
				r.HardwareAddr = net.HardwareAddr(hw)
			}
		case uint16(ipv8.ReachAttrState):
			r.State = NeighState(ad.Uint16())
		case uint16(ipv8.ReachAttrCaps):
			r.Caps = NeighCaps(ad.Uint8())
		}
	}
	if err := ad.Err(); err != nil {
		return Reach{}, fmt.Errorf("parsing reachability entry: %w", err)
	}
	switch {
	case gotDst == dflt:
		return Reach{}, fmt.Errorf("parsing reachability entry: want exactly one of destination and default")
	case gotDst && len(dst) != 8:
		return Reach{}, fmt.Errorf("parsing reachability entry: destination attribute has %d octets, want 8", len(dst))
	case bits > in8.PrefixLenMax:
		return Reach{}, fmt.Errorf("parsing reachability entry: prefix length %d above %d", bits, in8.PrefixLenMax)
	case gotNh && len(nh) != 8:
		return Reach{}, fmt.Errorf("parsing reachability entry: next hop attribute has %d octets, want 8", len(nh))
	}
	if dflt {
		r.Dst = in8.DefaultPrefix()
	} else {
		r.Dst = in8.PrefixFrom(in8.AddrFrom8([8]byte(dst)), bits)
	}
	if gotNh {
		r.Nexthop = in8.AddrFrom8([8]byte(nh))
	}
	return r, nil
}

// parsePeer decodes the attributes of a PEER_GET reply.
func parsePeer(b []byte) (Peer, error) {
	ad, err := netlink.NewAttributeDecoder(b)
	if err != nil {
		return Peer{}, err
	}
	var (
		p       Peer
		addr    []byte
		gotAddr bool
	)
	for ad.Next() {
		switch ad.Type() {
		case uint16(ipv8.PeerAttrIfindex):
			p.Index = int(ad.Uint32())
		case uint16(ipv8.PeerAttrIfname):
			p.Name = ad.String()
		case uint16(ipv8.PeerAttrASN):
			p.ASN = ad.Uint32()
		case uint16(ipv8.PeerAttrAddr):
			addr, gotAddr = ad.Bytes(), true
		case uint16(ipv8.PeerAttrState):
			p.State = NeighState(ad.Uint16())
		case uint16(ipv8.PeerAttrCaps):
			p.Caps = NeighCaps(ad.Uint8())
		}
	}
	if err := ad.Err(); err != nil {
		return Peer{}, fmt.Errorf("parsing peer: %w", err)
	}
	switch {
	case p.Index == 0:
		return Peer{}, fmt.Errorf("parsing peer: no ifindex")
	case !gotAddr:
		return Peer{}, fmt.Errorf("parsing peer: no address attribute")
	case len(addr) != 8:
		return Peer{}, fmt.Errorf("parsing peer: address attribute has %d octets, want 8", len(addr))
	}
	p.Addr = in8.AddrFrom8([8]byte(addr))
	return p, nil
}

// parseStats decodes STATS_GET: one IPV8_A_STATS_COUNTERS nest.
func parseStats(b []byte) ([]Counter, error) {
	ad, err := netlink.NewAttributeDecoder(b)
	if err != nil {
		return nil, err
	}
	var out []Counter
	for ad.Next() {
		if ad.Type() != uint16(ipv8.StatsAttrCounters) {
			continue
		}
		ad.Nested(func(nad *netlink.AttributeDecoder) error {
			cs, err := parseCounters(nad)
			out = append(out, cs...)
			return err
		})
	}
	if err := ad.Err(); err != nil {
		return nil, fmt.Errorf("parsing stats: %w", err)
	}
	// Print in enum order whatever order the kernel used.
	sortCounters(out)
	return out, nil
}

// parseCounters decodes a counter nest (IPV8_A_STATS_COUNTERS or
// IPV8_A_LINK_STATS): each attribute's type is the counter's enum value.
// Counters come as u64; u32 is accepted too in case the kernel ever uses
// NLA_UINT, which sends small values in 4 octets. The result is sorted and
// not nil, so a caller can tell an empty nest from none.
func parseCounters(nad *netlink.AttributeDecoder) ([]Counter, error) {
	out := []Counter{}
	for nad.Next() {
		id := nad.Type()
		if id == 0 {
			continue // UNSPEC, used as the 64-bit alignment pad
		}
		v := nad.Bytes()
		var n uint64
		switch len(v) {
		case 8:
			n = binary.NativeEndian.Uint64(v)
		case 4:
			n = uint64(binary.NativeEndian.Uint32(v))
		default:
			return nil, fmt.Errorf("counter %d has %d octets", id, len(v))
		}
		out = append(out, Counter{ID: id, Name: CounterName(id), Value: n})
	}
	sortCounters(out)
	return out, nil
}

func sortCounters(cs []Counter) {
	slices.SortStableFunc(cs, func(a, b Counter) int { return cmp.Compare(a.ID, b.ID) })
}

// CounterName returns the UAPI name of counter id ("rx_packets"), or
// "stat_N" for one newer than this build.
func CounterName(id uint16) string {
	if name, ok := statName(id); ok {
		return name
	}
	return "stat_" + strconv.Itoa(int(id))
}

// parseEvent decodes one message from the monitor group.
func parseEvent(m genetlink.Message) (Event, error) {
	ev := Event{Cmd: m.Header.Command}
	var err error
	switch m.Header.Command {
	case uint8(ipv8.CmdLinkSet), uint8(ipv8.CmdLinkGet):
		ev.Link, err = parseLink(m.Data)
	case uint8(ipv8.CmdAddrNew), uint8(ipv8.CmdAddrDel):
		ev.Addr, err = parseAddr(m.Data)
	case uint8(ipv8.CmdRouteNew), uint8(ipv8.CmdRouteDel):
		ev.Route, err = parseRoute(m.Data)
	case uint8(ipv8.CmdReachGet):
		ev.Reach, err = parseReach(m.Data)
	case uint8(ipv8.CmdNeighNew), uint8(ipv8.CmdNeighDel), uint8(ipv8.CmdNeighGet):
		ev.Neigh, err = parseNeigh(m.Data)
	default:
		err = fmt.Errorf("unknown notification command %d", m.Header.Command)
	}
	return ev, err
}

func statName(id uint16) (string, bool) {
	name, ok := ipv8.StatNames[id]
	return name, ok
}
