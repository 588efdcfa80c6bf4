/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IPv8: internal definitions shared by the files of ipv8.ko.
 *
 * Lock and lifetime rules, in one place:
 *
 * - Per-netns state (struct ipv8_net) lives as long as the netns; it is
 *   reached with ipv8_pernet() from any context.
 * - Per-link state (struct ipv8_dev) exists exactly while IPv8 is enabled on
 *   a device. It is created, linked and unlinked only under RTNL, read under
 *   RCU (the receive path, dumps), and freed after a grace period; it holds a
 *   tracked reference on its net_device until then.
 * - Addresses (struct ipv8_ifaddr) hang off their ipv8_dev: added and removed
 *   under RTNL, read under RCU, freed with kfree_rcu().
 * - FIB8 (struct ipv8_fib) is changed under RTNL and looked up under RCU;
 *   prefixes and routes are freed after a grace period (fib.c). Beside
 *   the configured routes its prefixes hold the kernel's entries for local
 *   addresses and connected subnets, so one lookup decides a packet's
 *   fate (the MFT's reachability state, docs/protocol.md 9.4). A route's
 *   @idev stays valid while the route is in the table: a link's routes
 *   and addresses leave FIB8 before its ipv8_dev is freed.
 * - Neighbours (struct ipv8_neigh, neigh.c) sit in a per-netns hash:
 *   linked and unlinked under ipv8_net.neigh_lock, looked up under RCU,
 *   freed after a grace period once the last reference is gone. An entry's
 *   state, link-layer address, timer and pending queue are guarded by its
 *   own spinlock. A link's entries are all unlinked before its ipv8_dev is
 *   freed, so an entry's @dev needs no reference of its own.
 * - Raw sockets (raw.c) sit in a per-netns list: linked and unlinked under
 *   ipv8_net.raw_lock, walked under RCU by the receive path.
 * - UDP8 sockets (udp.c) sit in a per-netns port table: linked when bound
 *   and unlinked under ipv8_net.udp_lock (taken inside the socket lock),
 *   walked under RCU by the receive path.
 * - Counters are per-CPU and never need a lock.
 */
#ifndef _NET_IPV8_IPV8_H
#define _NET_IPV8_IPV8_H

#include <linux/ipv8.h>
#include <linux/netdevice.h>
#include <linux/rbtree_types.h>
#include <linux/rculist.h>
#include <linux/rhashtable-types.h>
#include <linux/sockptr.h>
#include <linux/workqueue.h>
#include <linux/u64_stats_sync.h>
#include <net/net_namespace.h>
#include <net/netlink.h>
#include <net/netns/generic.h>

#include "compat.h"

/* Smallest device MTU that still carries a header and 48 octets (IPv4: 68). */
#define IPV8_MIN_MTU		(IPV8_HLEN + 48)
/* Addresses one link may carry; a bound on what userspace can make us hold. */
#define IPV8_MAX_ADDRS_PER_DEV	256
#define IPV8_DEV_HASH_BITS	6
/* Buckets of the UDP8 port table, keyed by local port; a power of 2. */
#define IPV8_UDP_HASH_SIZE	64

/* ---- counters ---------------------------------------------------------- */

struct ipv8_pcpu_stats {
	u64_stats_t		cnt[__IPV8_STAT_MAX];
	struct u64_stats_sync	syncp;
};

/* ---- FIB8 --------------------------------------------------------------- */

struct ipv8_fib_grave;

/**
 * struct ipv8_fib - one routing table (fib.c)
 * @prefixes: every prefix with entries, hashed on (key, length); RTNL for
 *	writers, RCU readers
 * @lens: bit N set while prefixes of host length N exist; RTNL writes,
 *	read with READ_ONCE()
 * @asns: configured routes per ASN, for the default rule; RTNL for
 *	writers, RCU readers
 * @tree: the prefixes in key order, for walks; RTNL
 * @defaults: "default" routes, by metric; RTNL for writers, RCU readers
 * @pairs: routes with a gateway pair; RTNL for writers, RCU readers
 * @nlen: prefixes per host length, RTNL
 * @nroutes: configured routes in the table, RTNL
 * @nentries: configured and kernel entries, RTNL
 * @gen: bumped on every change, RTNL
 * @grave: prefixes that left in the change under way, RTNL
 */
struct ipv8_fib {
	struct rhashtable		prefixes;
	u64				lens;
	struct rhashtable		asns;
	struct rb_root			tree;
	struct hlist_head		defaults;
	struct list_head		pairs;
	u32				nlen[33];
	unsigned int			nroutes;
	unsigned int			nentries;
	unsigned int			gen;
	struct ipv8_fib_grave		*grave;
};

/*
 * What a FIB8 entry does with the packets it matches. A node keeps local
 * entries first, then connected subnets, then configured routes by metric:
 * on a tie of prefix length the kernel's own entries win.
 */
enum ipv8_route_type {
	IPV8_RT_UNICAST,	/* configured: to @gw, or on-link when it is 0 */
	IPV8_RT_CONNECTED,	/* kernel: an address's subnet, on-link */
	IPV8_RT_LOCAL,		/* kernel: an address of this host */
};

struct ipv8_dev;

/**
 * struct ipv8_route - a route
 * @list: entry in its prefix's or the defaults' list
 * @dst: destination prefix (host bits beyond @plen are zero)
 * @plen: host-part bits, 0..32
 * @is_default: matches every ASN that no route names; @dst is unused
 * @metric_set: (removal templates only) @metric was given
 * @metric: lower wins
 * @ifindex: output link
 * @gw: next hop, all-zero for a directly connected prefix; of a parity
 *	pair, the primary (docs/protocol.md 9.2)
 * @gw2: of a parity pair, the secondary; else all-zero
 * @on_gw2: packets go to @gw2 now: the parity pair failed over. Written
 *	by mft.c with xchg() when a gateway verdict flips, read per packet
 *	with READ_ONCE()
 * @type: enum ipv8_route_type
 * @idev: the link of @ifindex, set when the route enters FIB8
 * @rcu: frees the route after readers are gone
 */
struct ipv8_route {
	struct hlist_node	list;
	struct in8_addr		dst;
	u8			plen;
	bool			is_default;
	bool			metric_set;
	u8			type;
	u32			metric;
	int			ifindex;
	int			on_gw2;
	struct ipv8_dev		*idev;
	struct in8_addr		gw;
	struct in8_addr		gw2;
	struct rcu_head		rcu;
};

enum ipv8_fib_miss {
	IPV8_FIB_MISS_HOST,	/* routes name the ASN, none covers the host */
	IPV8_FIB_MISS_ASN,	/* no route names the ASN, and no default */
};

u64 ipv8_route_key(const struct in8_addr *addr);
int ipv8_fib_module_init(void);
void ipv8_fib_module_exit(void);
int ipv8_fib_init(struct ipv8_fib *fib);
void ipv8_fib_destroy(struct ipv8_fib *fib);
u64 ipv8_fib_mem(struct ipv8_fib *fib, u32 *nprefixes);
void ipv8_fib_settle(struct ipv8_fib *fib);
struct ipv8_route *ipv8_route_alloc(void);
int ipv8_fib_insert(struct ipv8_fib *fib, struct ipv8_route *rt, bool replace,
		    struct ipv8_route **old, struct netlink_ext_ack *extack);
struct ipv8_route *ipv8_fib_remove(struct ipv8_fib *fib,
				   const struct ipv8_route *tmpl,
				   struct netlink_ext_ack *extack);
const struct ipv8_route *ipv8_fib_lookup(struct ipv8_fib *fib,
					 const struct in8_addr *daddr,
					 int oif, bool kernel,
					 enum ipv8_fib_miss *miss);
void ipv8_fib_delete(struct ipv8_fib *fib, struct ipv8_route *rt);
void ipv8_route_free(struct ipv8_route *rt);
void ipv8_fib_purge(struct ipv8_fib *fib,
		    bool (*match)(const struct ipv8_route *rt, const void *arg),
		    void (*gone)(struct ipv8_route *rt, void *arg), void *arg);
/* Visits configured routes only. */
void ipv8_fib_walk_pairs(struct ipv8_fib *fib,
			 int (*fn)(const struct ipv8_route *rt, void *arg),
			 void *arg);
int ipv8_fib_walk(struct ipv8_fib *fib,
		  int (*fn)(const struct ipv8_route *rt, void *arg), void *arg);

#ifdef IPV8_SELFTEST
bool ipv8_fib_selftest(void);
#else
static inline bool ipv8_fib_selftest(void)
{
	return true;
}
#endif

/* ---- per network namespace --------------------------------------------- */

/* ---- neighbours (neigh.c) ---------------------------------------------- */

#define IPV8_NEIGH_HASH_BITS	8

/**
 * struct ipv8_net - IPv8 state of one network namespace
 * @dev_hash: enabled links keyed by ifindex; RTNL for writers, RCU readers
 * @gen: bumped under RTNL on any change a dump could observe, so that
 *	multi-part dumps can flag themselves inconsistent
 * @fib: the routing table
 * @stats: per-CPU counters, see enum ipv8_stat
 * @neigh_hash: neighbour entries by (ifindex, address); @neigh_lock for
 *	writers, RCU readers
 * @neigh_lock: guards @neigh_hash and @neigh_count
 * @neigh_count: entries in @neigh_hash
 * @raw_sockets: open raw sockets; @raw_lock for writers, RCU readers
 * @raw_lock: guards @raw_sockets
 * @udp_hash: bound UDP8 sockets by local port; @udp_lock for writers, RCU
 *	readers
 * @udp_lock: guards @udp_hash
 * @neigh_gc: removes FAILED and long-unused STALE entries
 * @icmp_lock: guards the ICMPv8 error token bucket below
 * @icmp_tokens: errors that may still be sent in this period
 * @icmp_stamp: jiffies of the last refill
 */
struct ipv8_net {
	struct hlist_head		dev_hash[1 << IPV8_DEV_HASH_BITS];
	unsigned int			gen;
	struct ipv8_fib			fib;
	struct ipv8_pcpu_stats __percpu	*stats;
	struct hlist_head		neigh_hash[1 << IPV8_NEIGH_HASH_BITS];
	spinlock_t			neigh_lock;	/* see above */
	unsigned int			neigh_count;
	struct work_struct		neigh_gc;
	struct hlist_head		raw_sockets;
	spinlock_t			raw_lock;	/* see above */
	struct hlist_head		udp_hash[IPV8_UDP_HASH_SIZE];
	spinlock_t			udp_lock;	/* see above */
	spinlock_t			icmp_lock;	/* see above */
	unsigned int			icmp_tokens;
	unsigned long			icmp_stamp;
};

struct ipv8_net *ipv8_pernet(const struct net *net);
int ipv8_netns_init(void);
void ipv8_netns_exit(void);

struct ipv8_pcpu_stats __percpu *ipv8_stats_alloc(void);
void ipv8_stats_inc(struct ipv8_pcpu_stats __percpu *stats,
		    enum ipv8_stat stat);
u64 ipv8_stats_read(const struct ipv8_pcpu_stats __percpu *stats,
		    enum ipv8_stat stat);

/* Callers hold RTNL. */
static inline void ipv8_net_changed(struct ipv8_net *ipn)
{
	WRITE_ONCE(ipn->gen, ipn->gen + 1);
}

/* ---- per link ---------------------------------------------------------- */

/**
 * struct ipv8_dev - IPv8 state of one enabled link
 * @hnode: entry in ipv8_net.dev_hash
 * @dev: the device; a tracked reference is held until @rcu runs
 * @dev_tracker: tracker for that reference
 * @addrs: struct ipv8_ifaddr list; RTNL for writers, RCU readers
 * @naddrs: length of @addrs, RTNL
 * @stats: per-CPU counters of this link, see enum ipv8_stat
 * @forwarding: forward packets arriving here; RTNL writers, READ_ONCE readers
 * @border: the link is an ASN border; as @forwarding
 * @wan: the link leaves the site; as @forwarding
 * @probe_interval: ms between gateway liveness probes; as @forwarding
 * @probe_misses: unanswered probes that make a gateway dead; as @forwarding
 * @holddown: answers in a row that bring it back; as @forwarding
 * @gws: watched gateways (struct ipv8_gw, gw.c); RTNL for adding and
 *	removing, RCU readers; their state is guarded by @gw_lock
 * @gw_lock: guards the liveness state of @gws
 * @gw_timer: the probe clock, running while @gws is not empty
 * @neigh_closed: no new neighbour entries: the link is going away and
 *	has dropped its own; set and read under ipv8_net.neigh_lock
 * @rcu: frees the structure after readers are gone
 */
struct ipv8_dev {
	struct hlist_node		hnode;
	struct net_device		*dev;
	netdevice_tracker		dev_tracker;
	struct list_head		addrs;
	unsigned int			naddrs;
	struct ipv8_pcpu_stats __percpu	*stats;
	bool				forwarding;
	bool				border;
	bool				wan;
	u32				probe_interval;
	u32				probe_misses;
	u32				holddown;
	struct list_head		gws;
	spinlock_t			gw_lock;	/* see above */
	struct timer_list		gw_timer;
	bool				neigh_closed;
	struct rcu_head			rcu;
};

/**
 * struct ipv8_ifaddr - an address assigned to a link
 * @list: entry in ipv8_dev.addrs
 * @addr: the address
 * @prefixlen: subnet length in host-part bits, 0..32
 * @local: its IPV8_RT_LOCAL entry in FIB8, RTNL
 * @connected: its IPV8_RT_CONNECTED entry in FIB8, RTNL
 * @rcu: for kfree_rcu()
 */
struct ipv8_ifaddr {
	struct list_head	list;
	struct in8_addr		addr;
	u8			prefixlen;
	struct ipv8_route	*local;
	struct ipv8_route	*connected;
	struct rcu_head		rcu;
};

struct ipv8_dev *ipv8_dev_get(const struct net_device *dev);
int ipv8_dev_enable(struct net_device *dev, struct netlink_ext_ack *extack);
void ipv8_dev_disable(struct net_device *dev);
int ipv8_device_init(void);
void ipv8_device_exit(void);

/* ---- addresses --------------------------------------------------------- */

int ipv8_addr_add(struct ipv8_dev *idev, const struct in8_addr *addr,
		  u8 prefixlen, struct netlink_ext_ack *extack);
int ipv8_addr_del(struct ipv8_dev *idev, const struct in8_addr *addr,
		  int prefixlen, struct netlink_ext_ack *extack);
void ipv8_addr_flush(struct ipv8_dev *idev);

/* Address classes of PROTOCOL.md section 1, on host-order halves. */
static inline bool ipv8_asn_is_multicast(u32 asn)
{
	return asn >= 0xffff0000 && asn <= 0xffffefff;
}

static inline bool ipv8_asn_is_special(u32 asn)
{
	/* multicast, the unassigned ff.ff.f0.00-ff.ff.fe.ff, broadcast */
	return asn >= 0xffff0000;
}

/* Netmask of a host-part prefix length (0..32), host order. */
static inline u32 ipv8_host_mask(unsigned int plen)
{
	/* A shift by 32 is undefined: plen == 0 is its own case. */
	return plen ? ~0U << (32 - plen) : 0;
}

/* The all-zero address, which as a gateway means "none". */
static inline bool ipv8_addr_any(const struct in8_addr *a)
{
	return !a->s8_asn && !a->s8_host;
}

static inline bool ipv8_addr_equal(const struct in8_addr *a,
				   const struct in8_addr *b)
{
	return a->s8_asn == b->s8_asn && a->s8_host == b->s8_host;
}

/* The one broadcast address, ff.ff.ff.ff.255.255.255.255. */
static inline bool ipv8_addr_is_broadcast(const struct in8_addr *a)
{
	return a->s8_asn == htonl(0xffffffff) && a->s8_host == htonl(0xffffffff);
}

static inline bool ipv8_asn_is_rine(u32 asn)
{
	return (asn >> 24) == 100;
}

/* 127/8 without the interop DMZ 127.127.0.0, which is meant to cross. */
static inline bool ipv8_asn_is_internal_zone(u32 asn)
{
	return (asn >> 24) == 127 && asn != 0x7f7f0000;
}

static inline bool ipv8_host_is_private(u32 host)
{
	return (host >> 24) == 10 || (host >> 20) == 0xac1 ||
	       (host >> 16) == 0xc0a8;
}

static inline bool ipv8_host_is_interior(u32 host)
{
	return (host >> 24) == 222;
}

static inline bool ipv8_host_is_link_local(u32 host)
{
	return (host >> 16) == 0xa9fe;
}

static inline bool ipv8_host_is_loopback(u32 host)
{
	return (host >> 24) == 127;
}

static inline bool ipv8_host_is_multicast(u32 host)
{
	return (host >> 28) == 0xe;
}

/* May @a appear as the source of a packet on the wire? */
static inline bool ipv8_src_valid(const struct in8_addr *a)
{
	u32 asn = ntohl(a->s8_asn), host = ntohl(a->s8_host);

	/* A source names one sender: never a group, never the loopback. */
	return !ipv8_asn_is_special(asn) && !ipv8_host_is_multicast(host) &&
	       host != 0xffffffff && !ipv8_host_is_loopback(host);
}

/* Count @stat in the namespace and, when the packet has a link, there too. */
void ipv8_count(struct ipv8_net *ipn, struct ipv8_dev *idev,
		enum ipv8_stat stat);

/**
 * ipv8_mft_lookup() - the FIB8 entry packets to @daddr use now
 * @net: the namespace
 * @daddr: the destination
 * @oif: only entries through this ifindex, or 0 for any
 * @miss: on a miss, why (enum ipv8_fib_miss)
 *
 * The one lookup of the per-packet path: no lock, no allocation. The
 * entry says whether @daddr is local, on-link or behind a gateway, and
 * names the link (@idev) and the gateway in use (ipv8_route_gw()).
 * Caller holds RCU.
 */
static inline const struct ipv8_route *
ipv8_mft_lookup(struct net *net, const struct in8_addr *daddr, int oif,
		enum ipv8_fib_miss *miss)
{
	return ipv8_fib_lookup(&ipv8_pernet(net)->fib, daddr, oif, true, miss);
}

/* Is @addr assigned to a link of @net? Caller holds RCU. */
static inline bool ipv8_addr_is_local(struct net *net,
				      const struct in8_addr *addr)
{
	enum ipv8_fib_miss miss;
	const struct ipv8_route *rt = ipv8_mft_lookup(net, addr, 0, &miss);

	return rt && rt->type == IPV8_RT_LOCAL;
}

/* Callers hold rcu_read_lock(). */
int ipv8_select_saddr(struct net *net, const struct net_device *dev,
		      const struct in8_addr *daddr, struct in8_addr *saddr);

/* Does the subnet of @ifa hold @addr? */
static inline bool ipv8_subnet_holds(const struct ipv8_ifaddr *ifa,
				     const struct in8_addr *addr)
{
	return ifa->addr.s8_asn == addr->s8_asn &&
	       !((ifa->addr.s8_host ^ addr->s8_host) &
		 htonl(ipv8_host_mask(ifa->prefixlen)));
}

/* ---- the reservation rules of PROTOCOL.md section 1 (policy.c) --------- */

/* Each returns 0 (allowed) or the counter of the rule that was broken. */
enum ipv8_stat ipv8_policy_link(const struct ipv8_dev *idev,
				const struct in8_addr *saddr,
				const struct in8_addr *daddr);
enum ipv8_stat ipv8_policy_forward(const struct in8_addr *saddr,
				   const struct in8_addr *daddr);

/* ---- receive, local delivery and forwarding (rx.c) --------------------- */

static inline struct ipv8hdr *ipv8_hdr(const struct sk_buff *skb)
{
	return (struct ipv8hdr *)skb_network_header(skb);
}

int ipv8_rx_init(void);
void ipv8_rx_exit(void);
void ipv8_local_deliver(struct net *net, struct sk_buff *skb);

/* ---- output (output.c) -------------------------------------------------- */

/**
 * struct ipv8_flow - what a locally originated packet asks for
 * @saddr: source; all-zero lets ipv8_route_output() choose
 * @daddr: destination
 * @oif: output ifindex the sender is bound to, or 0
 * @protocol: IP protocol number
 * @ttl: TTL of the header
 * @tos: TOS of the header
 */
struct ipv8_flow {
	struct in8_addr	saddr;
	struct in8_addr	daddr;
	int		oif;
	u8		protocol;
	u8		ttl;
	u8		tos;
};

/**
 * struct ipv8_out - where ipv8_route_output() sends a packet
 * @dev: output device, referenced (ipv8_out_put() drops it)
 * @dev_tracker: tracker for that reference
 * @nexthop: address to resolve on @dev: the gateway or the destination
 * @mtu: largest packet (header included) @dev takes
 * @local: the destination is this host; the packet never reaches @dev
 * @broadcast: the destination is the broadcast address
 */
struct ipv8_out {
	struct net_device	*dev;
	netdevice_tracker	dev_tracker;
	struct in8_addr		nexthop;
	unsigned int		mtu;
	bool			local;
	bool			broadcast;
};

/* Headroom a transport leaves in front of its payload for ipv8_output(). */
static inline unsigned int ipv8_out_headroom(const struct ipv8_out *out)
{
	return LL_RESERVED_SPACE(out->dev) + IPV8_HLEN;
}

int ipv8_route_output(struct net *net, struct ipv8_flow *fl,
		      struct ipv8_out *out);
void ipv8_out_put(struct ipv8_out *out);
int ipv8_nexthop(const struct ipv8_route *rt, const struct in8_addr *daddr,
		 enum ipv8_fib_miss miss, struct in8_addr *nh);
void ipv8_finish_xmit(struct net *net, struct ipv8_dev *idev,
		      struct sk_buff *skb, const u8 *lladdr, u8 caps);
int ipv8_output(struct net *net, struct sk_buff *skb,
		const struct ipv8_flow *fl, const struct ipv8_out *out);
int ipv8_xmit(struct net *net, struct ipv8_dev *idev, struct sk_buff *skb,
	      const struct in8_addr *nexthop);

/* ---- neighbours (neigh.c) ----------------------------------------------- */

/**
 * struct ipv8_neigh_info - a snapshot of one neighbour entry
 * @ifindex: link
 * @addr: the neighbour's IPv8 address
 * @lladdr: its link-layer address, valid when @lladdr_valid
 * @lladdr_valid: @lladdr is known
 * @state: NUD_* of <linux/neighbour.h>
 * @caps: IPV8_NEIGH_CAP_*
 * @probes: probes sent since the last confirmation
 * @confirmed_ms: milliseconds since the last confirmation
 * @liveness: enum ipv8_liveness, for watched gateways
 * @misses: liveness probes missed in a row
 */
struct ipv8_neigh_info {
	int		ifindex;
	struct in8_addr	addr;
	u8		lladdr[ETH_ALEN];
	bool		lladdr_valid;
	u16		state;
	u8		caps;
	u32		probes;
	u32		confirmed_ms;
	u8		liveness;
	u32		misses;
};

/* ---- gateway pairs and the MFT (gw.c, mft.c) --------------------------- */

#define IPV8_PROBE_INTERVAL_MS	100
#define IPV8_PROBE_MISSES	3
#define IPV8_HOLDDOWN		3

/**
 * struct ipv8_reach_info - one entry of the MFT reachability table
 * @dst: the route's prefix
 * @plen: its length
 * @is_default: the route is "default"
 * @ifindex: output link
 * @nexthop: the address sent to now
 * @role: enum ipv8_reach_role
 * @lladdr: the next hop's link-layer address, valid when @lladdr_valid
 * @lladdr_valid: @lladdr is known
 * @state: NUD_* of the next hop's neighbour entry, 0 if it has none
 * @caps: IPV8_NEIGH_CAP_* of that entry
 */
struct ipv8_reach_info {
	struct in8_addr	dst;
	u8		plen;
	bool		is_default;
	int		ifindex;
	struct in8_addr	nexthop;
	u8		role;
	u8		lladdr[ETH_ALEN];
	bool		lladdr_valid;
	u16		state;
	u8		caps;
};

/**
 * struct ipv8_peer_info - one entry of the MFT peering table
 * @ifindex: the border link
 * @asn: the peer's ASN: its routing prefix, or for a RINE address the
 *	ASN of the first route through it (0: none yet)
 * @addr: the peer's address
 * @state: NUD_* of its neighbour entry
 * @caps: IPV8_NEIGH_CAP_*
 */
struct ipv8_peer_info {
	int		ifindex;
	u32		asn;
	struct in8_addr	addr;
	u16		state;
	u8		caps;
};

/* Callers hold RTNL; @fn stops the walk by returning non-0. */
int ipv8_reach_walk(struct net *net,
		    int (*fn)(const struct ipv8_reach_info *ri, void *arg),
		    void *arg);
int ipv8_peer_walk(struct net *net,
		   int (*fn)(const struct ipv8_peer_info *pi, void *arg),
		   void *arg);
/* The gateway @rt sends to now: @gw, or @gw2 after a failover. RCU. */
static inline const struct in8_addr *ipv8_route_gw(const struct ipv8_route *rt)
{
	return READ_ONCE(rt->on_gw2) ? &rt->gw2 : &rt->gw;
}

/* The gateway the verdicts of gw.c choose for a pair route. RCU or RTNL. */
const struct in8_addr *ipv8_gw_choose(struct ipv8_dev *idev,
				      const struct ipv8_route *rt);
void ipv8_gw_dev_init(struct ipv8_dev *idev);
void ipv8_gw_dev_exit(struct ipv8_dev *idev);
int ipv8_gw_watch(struct ipv8_dev *idev, const struct in8_addr *addr);
void ipv8_gw_unwatch(struct ipv8_dev *idev, const struct in8_addr *addr);
void ipv8_gw_answered(struct ipv8_dev *idev, const struct in8_addr *addr);
void ipv8_gw_failed(struct ipv8_dev *idev, const struct in8_addr *addr);
void ipv8_gw_carrier_lost(struct ipv8_dev *idev);
u8 ipv8_gw_liveness(struct ipv8_dev *idev, const struct in8_addr *addr,
		    u32 *misses);
void ipv8_mft_notify_dev(struct ipv8_dev *idev);

void ipv8_neigh_net_init(struct ipv8_net *ipn);
void ipv8_neigh_net_exit(struct ipv8_net *ipn);
int ipv8_neigh_init(void);
void ipv8_neigh_exit(void);
int ipv8_neigh_output(struct net *net, struct ipv8_dev *idev,
		      struct sk_buff *skb, const struct in8_addr *nexthop);
void ipv8_neigh_probe_gw(struct ipv8_dev *idev, const struct in8_addr *addr);
bool ipv8_neigh_snapshot(struct net_device *dev, const struct in8_addr *addr,
			 struct ipv8_neigh_info *ni);
/* RTNL: */
int ipv8_neigh_add_static(struct ipv8_dev *idev, const struct in8_addr *addr,
			  const u8 *lladdr, u8 caps,
			  struct netlink_ext_ack *extack);
int ipv8_neigh_delete(struct ipv8_dev *idev, const struct in8_addr *addr);
void ipv8_neigh_flush_dev(struct ipv8_dev *idev, bool all);
void ipv8_neigh_dev_exit(struct ipv8_dev *idev);
void ipv8_neigh_announce(struct ipv8_dev *idev, const struct in8_addr *addr);
/* Any context; @fn runs under RCU and stops the walk by returning non-0. */
int ipv8_neigh_walk(struct net *net, int ifindex,
		    int (*fn)(const struct ipv8_neigh_info *ni, void *arg),
		    void *arg);

/* ---- ICMPv8 (icmp.c) ----------------------------------------------------- */

void ipv8_icmp_net_init(struct ipv8_net *ipn);
void ipv8_icmp_rcv(struct net *net, struct sk_buff *skb);
void ipv8_icmp_send(struct net *net, struct sk_buff *skb, u8 type, u8 code,
		    __be32 info);

/* ---- what raw.c and udp.c share ---------------------------------------- */

/* docs/protocol.md 8.2, in the order the errors are documented. */
static inline int ipv8_check_sockaddr(const struct sockaddr_in8 *sin8, int len)
{
	if (len < (int)sizeof(*sin8))
		return -EINVAL;
	if (sin8->sin8_family != AF_INET8)
		return -EAFNOSUPPORT;
	if (memchr_inv(sin8->__sin8_pad, 0, sizeof(sin8->__sin8_pad)))
		return -EINVAL;
	return 0;
}

/*
 * A socket's addresses are written under its lock and read locklessly by
 * the receive path: each half is one aligned word, so a reader sees an old
 * or a new half, never a torn one.
 */
static inline void ipv8_sk_set_addr(struct in8_addr *dst,
				    const struct in8_addr *src)
{
	WRITE_ONCE(dst->s8_asn, src->s8_asn);
	WRITE_ONCE(dst->s8_host, src->s8_host);
}

static inline void ipv8_sk_get_addr(struct in8_addr *dst,
				    const struct in8_addr *src)
{
	dst->s8_asn = READ_ONCE(src->s8_asn);
	dst->s8_host = READ_ONCE(src->s8_host);
}

/**
 * struct ipv8_ip_opts - the SOL_IP options of raw and UDP8 sockets
 * @ttl: IP_TTL, 0 for the default
 * @tos: IP_TOS
 *
 * Written with WRITE_ONCE() under the socket lock, read with READ_ONCE()
 * by sendmsg, which routes without holding it.
 */
struct ipv8_ip_opts {
	u8	ttl;
	u8	tos;
};

/* The header fields a socket's options ask for. */
static inline void ipv8_ip_opts_flow(const struct ipv8_ip_opts *opts,
				     struct ipv8_flow *fl)
{
	fl->ttl = READ_ONCE(opts->ttl) ?: IPV8_DEFAULT_TTL;
	fl->tos = READ_ONCE(opts->tos);
}

int ipv8_ip_setsockopt(struct sock *sk, struct ipv8_ip_opts *opts, int level,
		       int optname, sockptr_t optval, unsigned int optlen);
int ipv8_ip_getsockopt(const struct ipv8_ip_opts *opts, int level,
		       int optname, char __user *optval, int __user *optlen);

/* ---- raw sockets (raw.c) ------------------------------------------------- */

int ipv8_raw_init(void);
void ipv8_raw_exit(void);
int ipv8_raw_create(struct net *net, struct socket *sock, int protocol,
		    int kern);
void ipv8_raw_deliver(struct net *net, struct sk_buff *skb);

/* ---- UDP8 sockets (udp.c) ----------------------------------------------- */

int ipv8_udp_init(void);
void ipv8_udp_exit(void);
int ipv8_udp_create(struct net *net, struct socket *sock, int protocol,
		    int kern);
void ipv8_udp_rcv(struct net *net, struct sk_buff *skb);
void ipv8_udp_err(struct net *net, struct sk_buff *skb, u8 type, u8 code);

/* ---- generic netlink --------------------------------------------------- */

int ipv8_genl_init(void);
void ipv8_genl_exit(void);
void ipv8_nl_notify_link(struct net_device *dev);
void ipv8_nl_notify_addr(struct ipv8_dev *idev, const struct ipv8_ifaddr *ifa,
			 u8 cmd);
void ipv8_nl_notify_route(struct net *net, const struct ipv8_route *rt, u8 cmd);
/* Any context: */
void ipv8_nl_notify_reach(struct net *net, const struct ipv8_reach_info *ri);

/* IPV8_CMD_BENCH_FIB (bench.c) */
struct genl_info;
extern const struct nla_policy ipv8_bench_policy[IPV8_A_BENCH_MAX + 1];
int ipv8_nl_bench_fib_doit(struct sk_buff *skb, struct genl_info *info);

/* ---- routes (route.c) --------------------------------------------------- */

int ipv8_route_add(struct net *net, struct ipv8_route *rt, bool replace,
		   struct netlink_ext_ack *extack);
int ipv8_route_del(struct net *net, const struct ipv8_route *tmpl,
		   struct netlink_ext_ack *extack);
void ipv8_route_flush_dev(struct net_device *dev);

#endif /* _NET_IPV8_IPV8_H */
