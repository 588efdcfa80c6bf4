/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * IPv8: 64-bit addresses r.r.r.r.n.n.n.n (32-bit ASN routing prefix plus an
 * IPv4-style host part) in a 28-octet header that is the IPv4 header with
 * both addresses widened. docs/protocol.md is the normative description of
 * every value in this file; the Go package go/ipv8 mirrors them and a test
 * fails when the two disagree.
 */
#ifndef _UAPI_LINUX_IPV8_H
#define _UAPI_LINUX_IPV8_H

#include <linux/types.h>
#include <linux/socket.h>
#include <asm/byteorder.h>

/*
 * Address family. The kernel refuses families >= AF_MAX (46 in 6.1..6.12)
 * from a module, so IPv8 borrows 23, the number of IrDA, whose code left the
 * kernel in 4.17 and which no in-tree code registers any more.
 */
#define AF_INET8	23
#define PF_INET8	AF_INET8

/* 802.1 Local Experimental EtherType 1; also used by CAIF-over-USB. */
#define ETH_P_IPV8	0x88B5

#define IPV8_VERSION		8
#define IPV8_HLEN		28	/* octets, without options */
#define IPV8_IHL		7	/* IPV8_HLEN in 32-bit words */
#define IPV8_DEFAULT_TTL	64
#define IPV8_PREFIXLEN_MAX	32	/* prefix lengths count host-part bits */

/* ICMPv8 destination-unreachable codes beyond ICMPv4's 0..15. */
#define ICMPV8_ASN_UNREACH	16	/* no route names the destination ASN */
#define ICMPV8_NO_V8_PATH	17	/* next hop is IPv4-only, no 8to4 route */

/**
 * struct in8_addr - an IPv8 address, network byte order
 * @s8_asn: routing prefix r.r.r.r, the ASN; 0 means IPv4-compatible
 * @s8_host: host part n.n.n.n, with IPv4 meaning
 */
struct in8_addr {
	__be32	s8_asn;
	__be32	s8_host;
};

/**
 * struct sockaddr_in8 - socket address for AF_INET8, 16 octets
 * @sin8_family: AF_INET8
 * @sin8_port: port (UDP8), or zero
 * @sin8_addr: the address
 * @__sin8_pad: reserved, must be zero (EINVAL otherwise)
 */
struct sockaddr_in8 {
	__kernel_sa_family_t	sin8_family;
	__be16			sin8_port;
	struct in8_addr		sin8_addr;
	__u8			__sin8_pad[4];
};

/**
 * struct ipv8hdr - the IPv8 header: the IPv4 header with 8-octet addresses
 *
 * Every field keeps its IPv4 meaning. @check is the RFC 1071 checksum over
 * ihl * 4 octets.
 */
struct ipv8hdr {
#if defined(__LITTLE_ENDIAN_BITFIELD)
	__u8	ihl:4,
		version:4;
#elif defined(__BIG_ENDIAN_BITFIELD)
	__u8	version:4,
		ihl:4;
#else
#error	"Please fix <asm/byteorder.h>"
#endif
	__u8		tos;
	__be16		tot_len;
	__be16		id;
	__be16		frag_off;
	__u8		ttl;
	__u8		protocol;
	__sum16		check;
	struct in8_addr	saddr;
	struct in8_addr	daddr;
};

/*
 * Generic netlink family "ipv8".
 *
 * Requests name a device by IPV8_A_*_IFINDEX or, failing that, by
 * IPV8_A_*_IFNAME; replies carry both. Every request that changes state
 * needs CAP_NET_ADMIN in the user namespace owning the network namespace.
 * Every change is announced on the "monitor" multicast group with the
 * command that made it (LINK_SET, ADDR_NEW, ADDR_DEL, ROUTE_NEW, ROUTE_DEL)
 * and the new state.
 * Enumerations below only ever grow at the end.
 */
#define IPV8_GENL_NAME		"ipv8"
#define IPV8_GENL_VERSION	1
#define IPV8_MCGRP_MONITOR	"monitor"

enum ipv8_cmd {
	IPV8_CMD_UNSPEC,
	IPV8_CMD_LINK_GET,	/* do (one link) or dump (all links) */
	IPV8_CMD_LINK_SET,	/* do: change IPv8 settings of one link */
	IPV8_CMD_ADDR_GET,	/* dump; IFINDEX/IFNAME filters by link */
	IPV8_CMD_ADDR_NEW,	/* do: add an address to a link */
	IPV8_CMD_ADDR_DEL,	/* do: remove an address from a link */
	IPV8_CMD_STATS_GET,	/* do: per-netns counters */
	IPV8_CMD_ROUTE_GET,	/* do: the route FIB8 picks for ROUTE_DST;
				 * dump: every route
				 */
	IPV8_CMD_ROUTE_NEW,	/* do: add a route (ROUTE_REPLACE: or replace
				 * the one of the same prefix and metric)
				 */
	IPV8_CMD_ROUTE_DEL,	/* do: remove a route */
	IPV8_CMD_NEIGH_GET,	/* dump; IFINDEX/IFNAME filters by link */
	IPV8_CMD_NEIGH_NEW,	/* do: add or replace a static (PERMANENT)
				 * neighbour entry
				 */
	IPV8_CMD_NEIGH_DEL,	/* do: remove one entry (DST given) or flush
				 * the link's dynamic entries (DST absent)
				 */
	IPV8_CMD_REACH_GET,	/* dump: the MFT reachability table, the next
				 * hop each route in use sends to now
				 */
	IPV8_CMD_PEER_GET,	/* dump: the MFT peering table, neighbours of
				 * other ASNs on border links
				 */
	IPV8_CMD_BENCH_FIB,	/* do: time FIB8 lookups in a table of its own,
				 * and IPv4 lookups beside them (enum
				 * ipv8_bench_attr; docs/protocol.md 15.6)
				 */

	__IPV8_CMD_MAX,
	IPV8_CMD_MAX = __IPV8_CMD_MAX - 1
};

/* Attributes of LINK_GET and LINK_SET. */
enum ipv8_link_attr {
	IPV8_A_LINK_UNSPEC,
	IPV8_A_LINK_IFINDEX,	/* u32 */
	IPV8_A_LINK_IFNAME,	/* string, at most IFNAMSIZ - 1 characters */
	IPV8_A_LINK_ENABLED,	/* u8, 0 or 1: IPv8 on this link */
	IPV8_A_LINK_MTU,	/* u32, reply only: device MTU */
	IPV8_A_LINK_OPERSTATE,	/* u8, reply only: IF_OPER_* */
	IPV8_A_LINK_ADDRESS,	/* binary, reply only: link-layer address */
	IPV8_A_LINK_STATS,	/* nest, reply only, links with IPv8 on: the
				 * link's counters, laid out as
				 * IPV8_A_STATS_COUNTERS
				 */
	IPV8_A_LINK_FORWARDING,	/* u8, 0 or 1: forward packets that arrive
				 * on this link (default 0)
				 */
	IPV8_A_LINK_BORDER,	/* u8, 0 or 1: the link is an ASN border
				 * (docs/protocol.md 1.4)
				 */
	IPV8_A_LINK_WAN,	/* u8, 0 or 1: the link leaves the site */
	IPV8_A_LINK_PROBE_INTERVAL, /* u32, ms between gateway liveness
				     * probes, 10..60000 (default 100)
				     */
	IPV8_A_LINK_PROBE_MISSES, /* u32, unanswered probes that make a
				   * gateway dead, 1..255 (default 3)
				   */
	IPV8_A_LINK_HOLDDOWN,	/* u32, answers in a row that bring a dead
				 * gateway back, 1..255 (default 3)
				 */

	__IPV8_A_LINK_MAX,
	IPV8_A_LINK_MAX = __IPV8_A_LINK_MAX - 1
};

/* Attributes of ADDR_GET, ADDR_NEW and ADDR_DEL. */
enum ipv8_addr_attr {
	IPV8_A_ADDR_UNSPEC,
	IPV8_A_ADDR_IFINDEX,	/* u32 */
	IPV8_A_ADDR_IFNAME,	/* string */
	IPV8_A_ADDR_ADDRESS,	/* binary, struct in8_addr (8 octets) */
	IPV8_A_ADDR_PREFIXLEN,	/* u8, host-part bits, 0..32 (default 32) */

	__IPV8_A_ADDR_MAX,
	IPV8_A_ADDR_MAX = __IPV8_A_ADDR_MAX - 1
};

/*
 * Attributes of ROUTE_GET, ROUTE_NEW and ROUTE_DEL. A route names either a
 * prefix (DST, DST_LEN) or DEFAULT, and a device (OIF or OIF_NAME), a
 * GATEWAY on a connected subnet, or both.
 */
enum ipv8_route_attr {
	IPV8_A_ROUTE_UNSPEC,
	IPV8_A_ROUTE_DST,	/* binary, struct in8_addr; host bits past DST_LEN zero */
	IPV8_A_ROUTE_DST_LEN,	/* u8, host-part bits, 0..32 (default 32) */
	IPV8_A_ROUTE_DEFAULT,	/* flag: the route for ASNs no route names */
	IPV8_A_ROUTE_METRIC,	/* u32, lower wins (default 0) */
	IPV8_A_ROUTE_OIF,	/* u32, output ifindex */
	IPV8_A_ROUTE_OIF_NAME,	/* string, output device by name */
	IPV8_A_ROUTE_GATEWAY,	/* binary, struct in8_addr, next hop */
	IPV8_A_ROUTE_REPLACE,	/* flag, ROUTE_NEW only: replace, not EEXIST.
				 * (Strict genetlink refuses NLM_F_REPLACE: its
				 * bit is NLM_F_ROOT.)
				 */
	IPV8_A_ROUTE_GATEWAY2,	/* binary, struct in8_addr: the other gateway
				 * of a parity pair (docs/protocol.md 9.2); the
				 * kernel orders GATEWAY (primary) and GATEWAY2
				 * (secondary) by the parity rule
				 */
	IPV8_A_ROUTE_ACTIVE,	/* binary, struct in8_addr, reply only: the
				 * gateway of a pair in use now
				 */

	__IPV8_A_ROUTE_MAX,
	IPV8_A_ROUTE_MAX = __IPV8_A_ROUTE_MAX - 1
};

/* Attributes of NEIGH_GET, NEIGH_NEW and NEIGH_DEL. */
enum ipv8_neigh_attr {
	IPV8_A_NEIGH_UNSPEC,
	IPV8_A_NEIGH_IFINDEX,	/* u32 */
	IPV8_A_NEIGH_IFNAME,	/* string */
	IPV8_A_NEIGH_DST,	/* binary, struct in8_addr */
	IPV8_A_NEIGH_LLADDR,	/* binary, link-layer address (6 octets) */
	IPV8_A_NEIGH_STATE,	/* u16, NUD_* of <linux/neighbour.h>, reply */
	IPV8_A_NEIGH_CAPS,	/* u8, IPV8_NEIGH_CAP_* (NEW: default V8) */
	IPV8_A_NEIGH_PROBES,	/* u32, reply: probes sent since the last
				 * confirmation
				 */
	IPV8_A_NEIGH_CONFIRMED,	/* u32, reply: ms since the last
				 * confirmation
				 */
	IPV8_A_NEIGH_LIVENESS,	/* u8, reply: enum ipv8_liveness */
	IPV8_A_NEIGH_MISSES,	/* u32, reply: liveness probes missed in a
				 * row (watched gateways only)
				 */

	__IPV8_A_NEIGH_MAX,
	IPV8_A_NEIGH_MAX = __IPV8_A_NEIGH_MAX - 1
};

/* Liveness verdict on a neighbour (docs/protocol.md 9.3). */
enum ipv8_liveness {
	IPV8_LIVENESS_NONE,	/* not a watched gateway */
	IPV8_LIVENESS_ALIVE,
	IPV8_LIVENESS_DEAD,
};

/*
 * Attributes of REACH_GET: one entry per route in use, with the next hop
 * and neighbour it sends to now. A gateway switch is announced as a
 * REACH_GET message on the monitor group.
 */
enum ipv8_reach_attr {
	IPV8_A_REACH_UNSPEC,
	IPV8_A_REACH_DST,	/* binary, struct in8_addr: the route's prefix */
	IPV8_A_REACH_DST_LEN,	/* u8 */
	IPV8_A_REACH_DEFAULT,	/* flag: the route is "default" */
	IPV8_A_REACH_OIF,	/* u32 */
	IPV8_A_REACH_OIF_NAME,	/* string */
	IPV8_A_REACH_NEXTHOP,	/* binary, struct in8_addr */
	IPV8_A_REACH_ROLE,	/* u8, enum ipv8_reach_role */
	IPV8_A_REACH_LLADDR,	/* binary, the next hop's link-layer address,
				 * when known
				 */
	IPV8_A_REACH_STATE,	/* u16, NUD_* of the next hop's entry (0: none) */
	IPV8_A_REACH_CAPS,	/* u8, IPV8_NEIGH_CAP_* of the next hop */

	__IPV8_A_REACH_MAX,
	IPV8_A_REACH_MAX = __IPV8_A_REACH_MAX - 1
};

enum ipv8_reach_role {
	IPV8_REACH_SINGLE,	/* a route with one gateway, or none */
	IPV8_REACH_PRIMARY,	/* a pair, sending to its primary */
	IPV8_REACH_SECONDARY,	/* a pair, failed over to its secondary */
};

/* Attributes of PEER_GET. */
enum ipv8_peer_attr {
	IPV8_A_PEER_UNSPEC,
	IPV8_A_PEER_IFINDEX,	/* u32: the border link */
	IPV8_A_PEER_IFNAME,	/* string */
	IPV8_A_PEER_ASN,	/* u32: the peer's ASN (routing prefix) */
	IPV8_A_PEER_ADDR,	/* binary, struct in8_addr */
	IPV8_A_PEER_STATE,	/* u16, NUD_* of its neighbour entry */
	IPV8_A_PEER_CAPS,	/* u8, IPV8_NEIGH_CAP_* */

	__IPV8_A_PEER_MAX,
	IPV8_A_PEER_MAX = __IPV8_A_PEER_MAX - 1
};

/* What a neighbour answered during the dual probe (docs/protocol.md 6.3). */
#define IPV8_NEIGH_CAP_V8	0x1	/* answered ARP8 */
#define IPV8_NEIGH_CAP_V4	0x2	/* answered plain ARP */

/* Attributes of STATS_GET. */
enum ipv8_stats_attr {
	IPV8_A_STATS_UNSPEC,
	IPV8_A_STATS_COUNTERS,	/* nest: one u64 per enum ipv8_stat, type = value */

	__IPV8_A_STATS_MAX,
	IPV8_A_STATS_MAX = __IPV8_A_STATS_MAX - 1
};

/*
 * Counters, summed over CPUs, per netns (STATS_GET) and per link
 * (IPV8_A_LINK_STATS; there RX_DROP_LINK_DISABLED is always 0). Within IPV8_A_STATS_COUNTERS the
 * attribute type is the enum value, so a reader can print counters it does
 * not know by number.
 */
enum ipv8_stat {
	IPV8_STAT_UNSPEC,
	IPV8_STAT_RX_PACKETS,		/* 0x88B5 frames handed to IPv8 */
	IPV8_STAT_RX_DROP_LINK_DISABLED, /* IPv8 not enabled on the link */
	IPV8_STAT_RX_DROP_OTHERHOST,	/* frame not addressed to this host */
	IPV8_STAT_RX_DROP_NOMEM,	/* share check or pull failed for memory */
	IPV8_STAT_RX_DROP_TRUNCATED,	/* shorter than the header or tot_len */
	IPV8_STAT_RX_DROP_VERSION,	/* version field is not 8 */
	IPV8_STAT_RX_DROP_IHL,		/* IHL below 7 */
	IPV8_STAT_RX_DROP_CHECKSUM,	/* header checksum does not verify */
	IPV8_STAT_RX_DROP_FRAGMENT,	/* MF or fragment offset set */
	IPV8_STAT_RX_DROP_BAD_SOURCE,	/* source may not appear on the wire */
	IPV8_STAT_RX_DROP_NO_ROUTE,	/* nothing to deliver or forward to */
	IPV8_STAT_RX_DELIVERED,		/* delivered to this host */
	IPV8_STAT_RX_FORWARDED,		/* handed on towards the next hop */
	IPV8_STAT_RX_DROP_NOT_FORWARDING, /* not local, forwarding off */
	IPV8_STAT_RX_DROP_TTL,		/* TTL ran out (time exceeded sent) */
	IPV8_STAT_RX_DROP_TOO_BIG,	/* above the output MTU (DF is set) */
	IPV8_STAT_RX_DROP_NOT_ROUTABLE,	/* RINE or link-local: never forwarded */
	IPV8_STAT_RX_DROP_BORDER,	/* private or interior-link host part
					 * crossing a border link
					 */
	IPV8_STAT_RX_DROP_WAN,		/* internal-zone address on a WAN link */
	IPV8_STAT_TX_PACKETS,		/* IPv8 frames handed to a device */
	IPV8_STAT_TX_DOWNGRADED,	/* sent as IPv4 to an IPv4-only next
					 * hop in the sender's ASN
					 */
	IPV8_STAT_TX_DROP_NO_V8_PATH,	/* next hop IPv4-only, another ASN */
	IPV8_STAT_TX_DROP_NEIGH_FAILED,	/* next hop did not answer ARP8/ARP */
	IPV8_STAT_TX_DROP_QUEUE_FULL,	/* pending queue of a next hop full */
	IPV8_STAT_TX_DROP_FILTERED,	/* a local packet broke a border or
					 * WAN rule (the sender gets EPERM)
					 */
	IPV8_STAT_ARP_RX_PACKETS,	/* ARP8 frames received */
	IPV8_STAT_ARP_RX_DROP,		/* ARP8 frames malformed or unusable */
	IPV8_STAT_ARP_TX_PACKETS,	/* ARP8 and dual-probe ARP frames sent */
	IPV8_STAT_ICMP_RATELIMITED,	/* ICMPv8 errors held back by the limit */
	IPV8_STAT_UDP_RX_DATAGRAMS,	/* UDP8 datagrams queued to a socket */
	IPV8_STAT_UDP_RX_DROP_SHORT,	/* shorter than the UDP8 header, or
					 * than its length field says
					 */
	IPV8_STAT_UDP_RX_DROP_CHECKSUM,	/* UDP8 checksum zero or wrong */
	IPV8_STAT_UDP_RX_DROP_NO_PORT,	/* no socket bound to the port */
	IPV8_STAT_UDP_RX_DROP_RCVBUF,	/* socket receive buffer full (or its
					 * filter refused the datagram)
					 */
	IPV8_STAT_UDP_RX_DROP_NOMEM,	/* pull, trim or broadcast copy failed
					 * for memory
					 */
	IPV8_STAT_UDP_TX_DATAGRAMS,	/* UDP8 datagrams handed to IPv8 output */

	__IPV8_STAT_MAX,
	IPV8_STAT_MAX = __IPV8_STAT_MAX - 1
};

/*
 * Attributes of BENCH_FIB. The request loads ROUTES generated routes (the
 * generator of docs/protocol.md 15.6, seeded with SEED) spread over ASNS
 * ASNs into a throw-away FIB8 and times LOOKUPS lookups; with IPV4_TABLE it
 * times the same destinations' host parts in that IPv4 table of the
 * caller's namespace too. The reply carries the request's values and the
 * results.
 */
enum ipv8_bench_attr {
	IPV8_A_BENCH_UNSPEC,
	IPV8_A_BENCH_PAD,
	IPV8_A_BENCH_ROUTES,	/* u32, 1..2097152: routes to load (reply:
				 * loaded)
				 */
	IPV8_A_BENCH_ASNS,	/* u32, 1..ROUTES, default 1 */
	IPV8_A_BENCH_LOOKUPS,	/* u32, 1..4194304, default 100000 */
	IPV8_A_BENCH_SEED,	/* u32, default 1 */
	IPV8_A_BENCH_IPV4_TABLE, /* u32, IPv4 table id to time as well */
	IPV8_A_BENCH_NS_PER_LOOKUP, /* u32, reply: FIB8, rounded */
	IPV8_A_BENCH_TOTAL_NS,	/* u64, reply: FIB8, all lookups */
	IPV8_A_BENCH_MISSES,	/* u32, reply: FIB8 lookups without a route */
	IPV8_A_BENCH_MEM_BYTES,	/* u64, reply: trie nodes and routes at
				 * their allocated sizes
				 */
	IPV8_A_BENCH_SLAB_BYTES, /* u64, reply: slab growth while loading */
	IPV8_A_BENCH_NODES,	/* u32, reply: trie nodes */
	IPV8_A_BENCH_LOAD_NS,	/* u64, reply: time to load the table */
	IPV8_A_BENCH_IPV4_NS_PER_LOOKUP, /* u32, reply: IPv4, rounded */
	IPV8_A_BENCH_IPV4_TOTAL_NS, /* u64, reply: IPv4, all lookups */
	IPV8_A_BENCH_IPV4_MISSES, /* u32, reply: IPv4 lookups without a route */

	__IPV8_A_BENCH_MAX,
	IPV8_A_BENCH_MAX = __IPV8_A_BENCH_MAX - 1
};

#endif /* _UAPI_LINUX_IPV8_H */
