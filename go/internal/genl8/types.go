package genl8

import (
	"net"
	"strconv"

	"github.com/ipv8/ipv8/go/in8"
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
	// Stats are the link's counters in enum order, nil when the kernel
	// sent none (it sends them only for links with IPv8 on).
	Stats []Counter
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
type Route struct {
	Dst     in8.Prefix // as the kernel holds it; in8.DefaultPrefix() for default
	Gateway in8.Addr   // zero for a directly connected prefix
	Index   int        // output ifindex
	Name    string     // output device
	Metric  uint32     // lower wins
}

// Event is one notification from the monitor group. Cmd says which kind
// (ipv8.CmdLinkSet, ipv8.CmdAddrNew, ipv8.CmdAddrDel, ipv8.CmdRouteNew,
// ipv8.CmdRouteDel); Link is set for a link change, Addr for an address
// one, Route for a route one.
type Event struct {
	Cmd   uint8
	Link  Link
	Addr  Addr
	Route Route
}
