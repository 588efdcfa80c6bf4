// Package ipv8 is the single Go home of the constants in the kernel UAPI
// header kernel/include/uapi/linux/ipv8.h. Names follow the C ones
// (IPV8_CMD_LINK_GET becomes CmdLinkGet); uapi_test.go compiles the header
// and fails when a value differs or a constant is missing here.
//
// The constants are untyped so they fit wherever the netlink and socket
// APIs want them (uint8 commands, uint16 attribute types, int families).
package ipv8

// Address family, protocol family and EtherType.
const (
	AFInet8  = 23 // AF_INET8: the number of AF_IRDA, unused since 4.17
	PFInet8  = AFInet8
	EthPIPv8 = 0x88B5 // ETH_P_IPV8
)

// Header values.
const (
	Version      = 8  // IPV8_VERSION
	HeaderLen    = 28 // IPV8_HLEN: octets, without options
	IHL          = 7  // IPV8_IHL: HeaderLen in 32-bit words
	DefaultTTL   = 64 // IPV8_DEFAULT_TTL
	PrefixLenMax = 32 // IPV8_PREFIXLEN_MAX: prefix lengths count host-part bits
)

// ICMPv8 destination-unreachable codes beyond ICMPv4's 0..15.
const (
	ICMPv8ASNUnreach = 16 // ICMPV8_ASN_UNREACH: no route names the destination ASN
	ICMPv8NoV8Path   = 17 // ICMPV8_NO_V8_PATH: next hop is IPv4-only, no 8to4 route
)

// Sizes of the UAPI structures, checked against the C compiler.
const (
	SizeofIn8Addr     = 8  // struct in8_addr
	SizeofSockaddrIn8 = 16 // struct sockaddr_in8
	SizeofIPv8Hdr     = 28 // struct ipv8hdr
)

// Generic netlink family.
const (
	GenlName     = "ipv8"    // IPV8_GENL_NAME
	GenlVersion  = 1         // IPV8_GENL_VERSION
	McgrpMonitor = "monitor" // IPV8_MCGRP_MONITOR
)

// Commands (enum ipv8_cmd).
const (
	CmdUnspec   = 0
	CmdLinkGet  = 1  // do (one link) or dump (all links)
	CmdLinkSet  = 2  // do: change IPv8 settings of one link
	CmdAddrGet  = 3  // dump; IFINDEX/IFNAME filters by link
	CmdAddrNew  = 4  // do: add an address to a link
	CmdAddrDel  = 5  // do: remove an address from a link
	CmdStatsGet = 6  // do: per-netns counters
	CmdRouteGet = 7  // do: the route FIB8 picks for RouteAttrDst; dump: all
	CmdRouteNew = 8  // do: add; RouteAttrReplace replaces same prefix+metric
	CmdRouteDel = 9  // do: remove a route
	CmdNeighGet = 10 // dump; IFINDEX/IFNAME filters by link
	CmdNeighNew = 11 // do: add or replace a static (PERMANENT) entry
	CmdNeighDel = 12 // do: remove one entry (Dst given) or flush the link's dynamic ones
	CmdReachGet = 13 // dump: the MFT reachability table; also the gateway switch notification
	CmdPeerGet  = 14 // dump: the MFT peering table
	CmdBenchFib = 15 // do: time FIB8 lookups, and IPv4 lookups beside them
	CmdMax      = 15
)

// Attributes of LINK_GET and LINK_SET (enum ipv8_link_attr).
const (
	LinkAttrUnspec        = 0
	LinkAttrIfindex       = 1  // u32
	LinkAttrIfname        = 2  // string
	LinkAttrEnabled       = 3  // u8, 0 or 1
	LinkAttrMTU           = 4  // u32, reply only
	LinkAttrOperstate     = 5  // u8 IF_OPER_*, reply only
	LinkAttrAddress       = 6  // binary link-layer address, reply only
	LinkAttrStats         = 7  // nest: per-link counters, same layout as StatsAttrCounters
	LinkAttrForwarding    = 8  // u8, 0 or 1: forward packets arriving on the link
	LinkAttrBorder        = 9  // u8, 0 or 1: the link is an ASN border
	LinkAttrWAN           = 10 // u8, 0 or 1: the link leaves the site
	LinkAttrProbeInterval = 11 // u32, ms between gateway liveness probes, 10..60000 (default 100)
	LinkAttrProbeMisses   = 12 // u32, unanswered probes that make a gateway dead, 1..255 (default 3)
	LinkAttrHolddown      = 13 // u32, answers in a row that bring a dead gateway back, 1..255 (default 3)
	LinkAttrMax           = 13
)

// Attributes of ADDR_GET, ADDR_NEW and ADDR_DEL (enum ipv8_addr_attr).
const (
	AddrAttrUnspec    = 0
	AddrAttrIfindex   = 1 // u32
	AddrAttrIfname    = 2 // string
	AddrAttrAddress   = 3 // binary struct in8_addr, 8 octets
	AddrAttrPrefixlen = 4 // u8, host-part bits 0..32 (default 32)
	AddrAttrMax       = 4
)

// Attributes of ROUTE_GET, ROUTE_NEW and ROUTE_DEL (enum ipv8_route_attr).
const (
	RouteAttrUnspec   = 0
	RouteAttrDst      = 1  // binary struct in8_addr; host bits past DstLen zero
	RouteAttrDstLen   = 2  // u8, host-part bits 0..32 (default 32)
	RouteAttrDefault  = 3  // flag: the route for ASNs no route names
	RouteAttrMetric   = 4  // u32, lower wins (default 0)
	RouteAttrOIF      = 5  // u32 output ifindex
	RouteAttrOIFName  = 6  // string, output device by name
	RouteAttrGateway  = 7  // binary struct in8_addr, next hop
	RouteAttrReplace  = 8  // flag, ROUTE_NEW only: replace instead of EEXIST
	RouteAttrGateway2 = 9  // binary struct in8_addr: the other gateway of a parity pair
	RouteAttrActive   = 10 // binary struct in8_addr, reply only: the gateway of a pair in use now
	RouteAttrMax      = 10
)

// Attributes of NEIGH_GET, NEIGH_NEW and NEIGH_DEL (enum ipv8_neigh_attr).
const (
	NeighAttrUnspec    = 0
	NeighAttrIfindex   = 1  // u32
	NeighAttrIfname    = 2  // string
	NeighAttrDst       = 3  // binary struct in8_addr
	NeighAttrLLAddr    = 4  // binary link-layer address, 6 octets
	NeighAttrState     = 5  // u16 NUD_*, reply only
	NeighAttrCaps      = 6  // u8 NeighCap*; NEW defaults to NeighCapV8
	NeighAttrProbes    = 7  // u32, reply: probes since the last confirmation
	NeighAttrConfirmed = 8  // u32, reply: ms since the last confirmation
	NeighAttrLiveness  = 9  // u8 Liveness*, reply
	NeighAttrMisses    = 10 // u32, reply: liveness probes missed in a row
	NeighAttrMax       = 10
)

// Liveness verdict on a neighbour (enum ipv8_liveness).
const (
	LivenessNone  = 0 // not a watched gateway
	LivenessAlive = 1
	LivenessDead  = 2
)

// Attributes of REACH_GET (enum ipv8_reach_attr): one entry per route in use.
const (
	ReachAttrUnspec  = 0
	ReachAttrDst     = 1  // binary struct in8_addr: the route's prefix
	ReachAttrDstLen  = 2  // u8
	ReachAttrDefault = 3  // flag: the route is "default"
	ReachAttrOIF     = 4  // u32
	ReachAttrOIFName = 5  // string
	ReachAttrNexthop = 6  // binary struct in8_addr
	ReachAttrRole    = 7  // u8 Reach*
	ReachAttrLLAddr  = 8  // binary, the next hop's link-layer address when known
	ReachAttrState   = 9  // u16 NUD_* of the next hop's entry (0: none)
	ReachAttrCaps    = 10 // u8 NeighCap* of the next hop
	ReachAttrMax     = 10
)

// Role of the next hop of a reachability entry (enum ipv8_reach_role).
const (
	ReachSingle    = 0 // a route with one gateway, or none
	ReachPrimary   = 1 // a pair, sending to its primary
	ReachSecondary = 2 // a pair, failed over to its secondary
)

// Attributes of PEER_GET (enum ipv8_peer_attr).
const (
	PeerAttrUnspec  = 0
	PeerAttrIfindex = 1 // u32: the border link
	PeerAttrIfname  = 2 // string
	PeerAttrASN     = 3 // u32: the peer's ASN
	PeerAttrAddr    = 4 // binary struct in8_addr
	PeerAttrState   = 5 // u16 NUD_* of its neighbour entry
	PeerAttrCaps    = 6 // u8 NeighCap*
	PeerAttrMax     = 6
)

// What a neighbour answered during the dual probe (IPV8_NEIGH_CAP_*).
const (
	NeighCapV8 = 0x1 // answered ARP8
	NeighCapV4 = 0x2 // answered plain ARP
)

// Attributes of STATS_GET (enum ipv8_stats_attr).
const (
	StatsAttrUnspec   = 0
	StatsAttrCounters = 1 // nest: one u64 per Stat*, attribute type = stat value
	StatsAttrMax      = 1
)

// Per-netns counters (enum ipv8_stat), the attribute types inside
// StatsAttrCounters. Values are dense from 1 to StatMax.
const (
	StatUnspec              = 0
	StatRxPackets           = 1  // 0x88B5 frames handed to IPv8
	StatRxDropLinkDisabled  = 2  // IPv8 not enabled on the link
	StatRxDropOtherhost     = 3  // frame not addressed to this host
	StatRxDropNomem         = 4  // share check or pull failed for memory
	StatRxDropTruncated     = 5  // shorter than the header or tot_len
	StatRxDropVersion       = 6  // version field is not 8
	StatRxDropIHL           = 7  // IHL below 7
	StatRxDropChecksum      = 8  // header checksum does not verify
	StatRxDropFragment      = 9  // MF or fragment offset set
	StatRxDropBadSource     = 10 // source may not appear on the wire
	StatRxDropNoRoute       = 11 // nothing to deliver or forward to
	StatRxDelivered         = 12 // delivered to this host
	StatRxForwarded         = 13 // handed on towards the next hop
	StatRxDropNotForwarding = 14 // not local, forwarding off
	StatRxDropTTL           = 15 // TTL ran out (time exceeded sent)
	StatRxDropTooBig        = 16 // above the output MTU (DF is set)
	StatRxDropNotRoutable   = 17 // RINE or link-local: never forwarded
	StatRxDropBorder        = 18 // private or interior-link host part crossing a border link
	StatRxDropWAN           = 19 // internal-zone address on a WAN link
	StatTxPackets           = 20 // IPv8 frames handed to a device
	StatTxDowngraded        = 21 // sent as IPv4 to an IPv4-only next hop in the sender's ASN
	StatTxDropNoV8Path      = 22 // next hop IPv4-only, another ASN
	StatTxDropNeighFailed   = 23 // next hop did not answer ARP8/ARP
	StatTxDropQueueFull     = 24 // pending queue of a next hop full
	StatTxDropFiltered      = 25 // a local packet broke a border or WAN rule (sender gets EPERM)
	StatArpRxPackets        = 26 // ARP8 frames received
	StatArpRxDrop           = 27 // ARP8 frames malformed or unusable
	StatArpTxPackets        = 28 // ARP8 and dual-probe ARP frames sent
	StatICMPRatelimited     = 29 // ICMPv8 errors held back by the limit
	StatUDPRxDatagrams      = 30 // UDP8 datagrams queued to a socket
	StatUDPRxDropShort      = 31 // shorter than the UDP8 header, or than its length field says
	StatUDPRxDropChecksum   = 32 // UDP8 checksum zero or wrong
	StatUDPRxDropNoPort     = 33 // no socket bound to the port
	StatUDPRxDropRcvbuf     = 34 // socket receive buffer full (or its filter refused the datagram)
	StatUDPRxDropNomem      = 35 // pull, trim or broadcast copy failed for memory
	StatUDPTxDatagrams      = 36 // UDP8 datagrams handed to IPv8 output
	StatMax                 = 36
)

// StatNames maps each counter to its name in `ipv8ctl stats show`: the C
// enumerator lower-cased without IPV8_STAT_. StatUnspec has no name. A
// counter the kernel reports but this table lacks should be printed by
// number, not dropped.
var StatNames = map[uint16]string{
	StatRxPackets:           "rx_packets",
	StatRxDropLinkDisabled:  "rx_drop_link_disabled",
	StatRxDropOtherhost:     "rx_drop_otherhost",
	StatRxDropNomem:         "rx_drop_nomem",
	StatRxDropTruncated:     "rx_drop_truncated",
	StatRxDropVersion:       "rx_drop_version",
	StatRxDropIHL:           "rx_drop_ihl",
	StatRxDropChecksum:      "rx_drop_checksum",
	StatRxDropFragment:      "rx_drop_fragment",
	StatRxDropBadSource:     "rx_drop_bad_source",
	StatRxDropNoRoute:       "rx_drop_no_route",
	StatRxDelivered:         "rx_delivered",
	StatRxForwarded:         "rx_forwarded",
	StatRxDropNotForwarding: "rx_drop_not_forwarding",
	StatRxDropTTL:           "rx_drop_ttl",
	StatRxDropTooBig:        "rx_drop_too_big",
	StatRxDropNotRoutable:   "rx_drop_not_routable",
	StatRxDropBorder:        "rx_drop_border",
	StatRxDropWAN:           "rx_drop_wan",
	StatTxPackets:           "tx_packets",
	StatTxDowngraded:        "tx_downgraded",
	StatTxDropNoV8Path:      "tx_drop_no_v8_path",
	StatTxDropNeighFailed:   "tx_drop_neigh_failed",
	StatTxDropQueueFull:     "tx_drop_queue_full",
	StatTxDropFiltered:      "tx_drop_filtered",
	StatArpRxPackets:        "arp_rx_packets",
	StatArpRxDrop:           "arp_rx_drop",
	StatArpTxPackets:        "arp_tx_packets",
	StatICMPRatelimited:     "icmp_ratelimited",
	StatUDPRxDatagrams:      "udp_rx_datagrams",
	StatUDPRxDropShort:      "udp_rx_drop_short",
	StatUDPRxDropChecksum:   "udp_rx_drop_checksum",
	StatUDPRxDropNoPort:     "udp_rx_drop_no_port",
	StatUDPRxDropRcvbuf:     "udp_rx_drop_rcvbuf",
	StatUDPRxDropNomem:      "udp_rx_drop_nomem",
	StatUDPTxDatagrams:      "udp_tx_datagrams",
}

// Attributes of BENCH_FIB (enum ipv8_bench_attr): the request's sizes, the
// reply's timings and memory figures (docs/protocol.md 15.6).
const (
	BenchAttrUnspec          = 0
	BenchAttrPad             = 1  // padding for the u64 attributes
	BenchAttrRoutes          = 2  // u32, 1..BenchMaxRoutes: routes to load
	BenchAttrASNs            = 3  // u32, 1..routes, default 1
	BenchAttrLookups         = 4  // u32, 1..BenchMaxLookups, default 100000
	BenchAttrSeed            = 5  // u32, default 1
	BenchAttrIPv4Table       = 6  // u32: IPv4 table id to time as well
	BenchAttrNsPerLookup     = 7  // u32, reply: FIB8, rounded
	BenchAttrTotalNs         = 8  // u64, reply: FIB8, all lookups
	BenchAttrMisses          = 9  // u32, reply: FIB8 lookups without a route
	BenchAttrMemBytes        = 10 // u64, reply: trie nodes and routes, allocated sizes
	BenchAttrSlabBytes       = 11 // u64, reply: slab growth while loading
	BenchAttrNodes           = 12 // u32, reply: trie nodes
	BenchAttrLoadNs          = 13 // u64, reply: time to load the table
	BenchAttrIPv4NsPerLookup = 14 // u32, reply: IPv4, rounded
	BenchAttrIPv4TotalNs     = 15 // u64, reply: IPv4, all lookups
	BenchAttrIPv4Misses      = 16 // u32, reply: IPv4 lookups without a route
	BenchAttrMax             = 16
)

// Bounds of a BENCH_FIB request, as the kernel's policy enforces them.
const (
	BenchMaxRoutes  = 2 << 20
	BenchMaxLookups = 4 << 20
)
