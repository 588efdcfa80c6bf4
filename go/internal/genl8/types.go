package genl8

import (
	"net"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"github.com/ipv8/ipv8/go/in8"
	"github.com/ipv8/ipv8/go/ipv8"
)

// OperState is the RFC 2863 operational state of a link (IF_OPER_*).
type OperState uint8

// The IF_OPER_* values of linux/if.h.
const (
	OperUnknown OperState = iota
	OperNotPresent
	OperDown
	OperLowerLayerDown
	OperTesting
	OperDormant
	OperUp
)

var operNames = [...]string{
	OperUnknown:        "UNKNOWN",
	OperNotPresent:     "NOTPRESENT",
	OperDown:           "DOWN",
	OperLowerLayerDown: "LOWERLAYERDOWN",
	OperTesting:        "TESTING",
	OperDormant:        "DORMANT",
	OperUp:             "UP",
}

// String returns the name iproute2 prints ("UP"), or the number for a
// state this package does not know.
func (s OperState) String() string {
	if int(s) < len(operNames) {
		return operNames[s]
	}
	return strconv.Itoa(int(s))
}

// Link is the IPv8 view of one network device.
type Link struct {
	Index        int
	Name         string
	Enabled      bool // IPv8 on
	MTU          uint32
	OperState    OperState
	HardwareAddr net.HardwareAddr // nil when the kernel sent none
	// The per-link switches; the kernel sends them only with IPv8 on, so
	// they are all false for a link with IPv8 off.
	Forwarding bool // packets arriving here may be forwarded
	Border     bool // the link is an ASN border
	WAN        bool // the link leaves the site
	// The gateway liveness probe settings, 0 when the kernel sent none
	// (it sends them only with IPv8 on).
	ProbeInterval uint32 // ms between probes
	ProbeMisses   uint32 // unanswered probes that make a gateway dead
	Holddown      uint32 // answers in a row that bring it back
	// Stats are the link's counters in enum order, nil when the kernel
	// sent none (it sends them only for links with IPv8 on).
	Stats []Counter
}

// LinkSettings is a change to a link (LINK_SET): nil fields are left as
// they are. Forwarding, Border and WAN need IPv8 on, or Enabled true in the
// same request; turning IPv8 off resets them.
//
// ProbeInterval (ms, 10..60000), ProbeMisses and Holddown (1..255) set the
// gateway liveness probes; they too need IPv8 on. The kernel checks the
// ranges.
type LinkSettings struct {
	Enabled       *bool
	Forwarding    *bool
	Border        *bool
	WAN           *bool
	ProbeInterval *uint32
	ProbeMisses   *uint32
	Holddown      *uint32
}

// Addr is an IPv8 address assigned to a link. Prefix keeps the host bits:
// 65001.10.0.0.1/24 is the address 65001.10.0.0.1 on a /24.
type Addr struct {
	Index  int
	Name   string
	Prefix in8.Prefix
}

// Counter is one statistics counter, of the namespace or of one link.
type Counter struct {
	ID    uint16 // enum ipv8_stat value
	Name  string // "rx_packets"; "stat_N" for a counter this build does not know
	Value uint64
}

// Route is one FIB8 route. In a reply Index and Name are both set (Name
// is empty if the device left the namespace meanwhile); in a request
// Index, if not 0, names the output device, else Name does, a decimal Name
// being taken as an ifindex.
//
// A parity pair has both Gateway and Gateway2; in a reply Gateway is the
// primary (the kernel orders the pair by the parity rule) and Active the
// one in use now. Active is zero for a route with one gateway.
type Route struct {
	Dst      in8.Prefix // as the kernel holds it; in8.DefaultPrefix() for default
	Gateway  in8.Addr   // zero for a directly connected prefix
	Gateway2 in8.Addr   // the other gateway of a pair, else zero
	Active   in8.Addr   // reply only: the gateway of a pair in use now
	Index    int        // output ifindex
	Name     string     // output device
	Metric   uint32     // lower wins
}

// IsPair says whether the route has two gateways.
func (r Route) IsPair() bool { return !r.Gateway2.IsUnspecified() }

// Event is one notification from the monitor group. Cmd says which kind
// (ipv8.CmdLinkSet, ipv8.CmdAddrNew, ipv8.CmdAddrDel, ipv8.CmdRouteNew,
// ipv8.CmdRouteDel, ipv8.CmdReachGet for a gateway switch, and
// ipv8.CmdNeighNew / ipv8.CmdNeighDel should the kernel announce
// neighbours); Link is set for a link change, Addr for an address one,
// Route for a route one, Reach for a switch, Neigh for a neighbour.
type Event struct {
	Cmd   uint8
	Link  Link
	Addr  Addr
	Route Route
	Reach Reach
	Neigh Neighbor
}

// NeighState is the NUD_* state of a neighbour entry (linux/neighbour.h),
// a bit set as in rtnetlink although an entry has one state at a time.
type NeighState uint16

var nudNames = []struct {
	bit  NeighState
	name string
}{
	{unix.NUD_INCOMPLETE, "INCOMPLETE"},
	{unix.NUD_REACHABLE, "REACHABLE"},
	{unix.NUD_STALE, "STALE"},
	{unix.NUD_DELAY, "DELAY"},
	{unix.NUD_PROBE, "PROBE"},
	{unix.NUD_FAILED, "FAILED"},
	{unix.NUD_NOARP, "NOARP"},
	{unix.NUD_PERMANENT, "PERMANENT"},
}

// Names returns the names ip-neighbour(8) prints for the set bits, in its
// order; a bit this package does not know comes as hex ("0x100"), and no
// bit at all as "NONE".
func (s NeighState) Names() []string {
	if s == 0 {
		return []string{"NONE"}
	}
	var out []string
	for _, n := range nudNames {
		if s&n.bit != 0 {
			out = append(out, n.name)
			s &^= n.bit
		}
	}
	for bit := NeighState(1); s != 0; bit <<= 1 {
		if s&bit != 0 {
			out = append(out, "0x"+strconv.FormatUint(uint64(bit), 16))
			s &^= bit
		}
	}
	return out
}

// String joins Names with spaces ("REACHABLE").
func (s NeighState) String() string { return strings.Join(s.Names(), " ") }

// NeighCaps says what a neighbour answered during the dual probe: ARP8
// (ipv8.NeighCapV8), plain ARP (ipv8.NeighCapV4), both or neither.
type NeighCaps uint8

// Names returns "v8" and "v4" for the set bits, a bit this package does
// not know as hex ("0x4"); none set gives an empty slice.
func (c NeighCaps) Names() []string {
	out := []string{}
	if c&ipv8.NeighCapV8 != 0 {
		out = append(out, "v8")
	}
	if c&ipv8.NeighCapV4 != 0 {
		out = append(out, "v4")
	}
	for bit := NeighCaps(ipv8.NeighCapV4 << 1); bit != 0; bit <<= 1 {
		if c&bit != 0 {
			out = append(out, "0x"+strconv.FormatUint(uint64(bit), 16))
		}
	}
	return out
}

// String is "v8", "v4", "v8+v4", or "none".
func (c NeighCaps) String() string {
	if n := c.Names(); len(n) > 0 {
		return strings.Join(n, "+")
	}
	return "none"
}

// Neighbor is one entry of the ARP8 neighbour table.
type Neighbor struct {
	Index        int
	Name         string // empty if the device left the namespace meanwhile
	Dst          in8.Addr
	HardwareAddr net.HardwareAddr // nil while unresolved
	State        NeighState
	Caps         NeighCaps
	Probes       uint32        // probes sent since the last confirmation
	Confirmed    time.Duration // since the last confirmation, in ms steps
	Liveness     Liveness      // the verdict on a watched gateway
	Misses       uint32        // liveness probes missed in a row
}

// Liveness is the verdict on a neighbour watched as a gateway (enum
// ipv8_liveness).
type Liveness uint8

// String is "none" (not watched), "alive", "dead", or the number.
func (l Liveness) String() string {
	switch l {
	case ipv8.LivenessNone:
		return "none"
	case ipv8.LivenessAlive:
		return "alive"
	case ipv8.LivenessDead:
		return "dead"
	}
	return strconv.Itoa(int(l))
}

// ReachRole says which gateway a reachability entry sends to (enum
// ipv8_reach_role).
type ReachRole uint8

// String is "single", "primary", "secondary", or the number.
func (r ReachRole) String() string {
	switch r {
	case ipv8.ReachSingle:
		return "single"
	case ipv8.ReachPrimary:
		return "primary"
	case ipv8.ReachSecondary:
		return "secondary"
	}
	return strconv.Itoa(int(r))
}

// Reach is one entry of the MFT reachability table: a route in use and the
// next hop it sends to now. Nexthop is zero for a directly connected
// prefix (the destination itself is the next hop).
type Reach struct {
	Dst          in8.Prefix // in8.DefaultPrefix() for default
	Index        int
	Name         string // empty if the device left the namespace meanwhile
	Nexthop      in8.Addr
	Role         ReachRole
	HardwareAddr net.HardwareAddr // nil while unresolved
	State        NeighState       // of the next hop's neighbour entry, 0: none
	Caps         NeighCaps
}

// Peer is one entry of the MFT peering table: a neighbour of another ASN
// on a border link.
type Peer struct {
	Index int
	Name  string
	ASN   uint32 // 0 while unknown (a RINE peer no route goes through yet)
	Addr  in8.Addr
	State NeighState
	Caps  NeighCaps
}
