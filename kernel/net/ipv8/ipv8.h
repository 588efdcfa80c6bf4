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
 *   trie nodes and routes are freed after a grace period (fib.c).
 * - Counters are per-CPU and never need a lock.
 */
#ifndef _NET_IPV8_IPV8_H
#define _NET_IPV8_IPV8_H

#include <linux/ipv8.h>
#include <linux/netdevice.h>
#include <linux/rculist.h>
#include <linux/u64_stats_sync.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "compat.h"

/* Smallest device MTU that still carries a header and 48 octets (IPv4: 68). */
#define IPV8_MIN_MTU		(IPV8_HLEN + 48)
/* Addresses one link may carry; a bound on what userspace can make us hold. */
#define IPV8_MAX_ADDRS_PER_DEV	256
#define IPV8_DEV_HASH_BITS	6

/* ---- counters ---------------------------------------------------------- */

struct ipv8_pcpu_stats {
	u64_stats_t		cnt[__IPV8_STAT_MAX];
	struct u64_stats_sync	syncp;
};

/* ---- FIB8 --------------------------------------------------------------- */

struct ipv8_fib_node;

/**
 * struct ipv8_fib - one routing table
 * @root: trie of ASN routes; RTNL for writers, RCU readers
 * @defaults: "default" routes, by metric; RTNL for writers, RCU readers
 * @nroutes: routes in the table, RTNL
 * @gen: bumped on every change, RTNL
 */
struct ipv8_fib {
	struct ipv8_fib_node __rcu	*root;
	struct list_head		defaults;
	unsigned int			nroutes;
	unsigned int			gen;
};

/**
 * struct ipv8_route - a route
 * @list: entry in its trie node's or the defaults' list
 * @dst: destination prefix (host bits beyond @plen are zero)
 * @plen: host-part bits, 0..32
 * @is_default: matches every ASN that no route names; @dst is unused
 * @metric_set: (removal templates only) @metric was given
 * @metric: lower wins
 * @ifindex: output link
 * @gw: next hop, all-zero for a directly connected prefix
 * @rcu: frees the route after readers are gone
 */
struct ipv8_route {
	struct list_head	list;
	struct in8_addr		dst;
	u8			plen;
	bool			is_default;
	bool			metric_set;
	u32			metric;
	int			ifindex;
	struct in8_addr		gw;
	struct rcu_head		rcu;
};

enum ipv8_fib_miss {
	IPV8_FIB_MISS_HOST,	/* routes name the ASN, none covers the host */
	IPV8_FIB_MISS_ASN,	/* no route names the ASN, and no default */
};

u64 ipv8_route_key(const struct in8_addr *addr);
void ipv8_fib_init(struct ipv8_fib *fib);
void ipv8_fib_flush(struct ipv8_fib *fib);
int ipv8_fib_insert(struct ipv8_fib *fib, struct ipv8_route *rt, bool replace,
		    struct ipv8_route **old, struct netlink_ext_ack *extack);
struct ipv8_route *ipv8_fib_remove(struct ipv8_fib *fib,
				   const struct ipv8_route *tmpl,
				   struct netlink_ext_ack *extack);
const struct ipv8_route *ipv8_fib_lookup(struct ipv8_fib *fib,
					 const struct in8_addr *daddr,
					 enum ipv8_fib_miss *miss);
void ipv8_route_free(struct ipv8_route *rt);
void ipv8_fib_purge(struct ipv8_fib *fib,
		    bool (*match)(const struct ipv8_route *rt, const void *arg),
		    void (*gone)(struct ipv8_route *rt, void *arg), void *arg);
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

/**
 * struct ipv8_net - IPv8 state of one network namespace
 * @dev_hash: enabled links keyed by ifindex; RTNL for writers, RCU readers
 * @gen: bumped under RTNL on any change a dump could observe, so that
 *	multi-part dumps can flag themselves inconsistent
 * @fib: the routing table
 * @stats: per-CPU counters, see enum ipv8_stat
 */
struct ipv8_net {
	struct hlist_head		dev_hash[1 << IPV8_DEV_HASH_BITS];
	unsigned int			gen;
	struct ipv8_fib			fib;
	struct ipv8_pcpu_stats __percpu	*stats;
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
 * @rcu: frees the structure after readers are gone
 */
struct ipv8_dev {
	struct hlist_node		hnode;
	struct net_device		*dev;
	netdevice_tracker		dev_tracker;
	struct list_head		addrs;
	unsigned int			naddrs;
	struct ipv8_pcpu_stats __percpu	*stats;
	struct rcu_head			rcu;
};

/**
 * struct ipv8_ifaddr - an address assigned to a link
 * @list: entry in ipv8_dev.addrs
 * @addr: the address
 * @prefixlen: subnet length in host-part bits, 0..32
 * @rcu: for kfree_rcu()
 */
struct ipv8_ifaddr {
	struct list_head	list;
	struct in8_addr		addr;
	u8			prefixlen;
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

static inline bool ipv8_host_is_loopback(u32 host)
{
	return (host >> 24) == 127;
}

static inline bool ipv8_host_is_multicast(u32 host)
{
	return (host >> 28) == 0xe;
}

/* ---- receive ----------------------------------------------------------- */

int ipv8_rx_init(void);
void ipv8_rx_exit(void);

/* ---- generic netlink --------------------------------------------------- */

int ipv8_genl_init(void);
void ipv8_genl_exit(void);
void ipv8_nl_notify_link(struct net_device *dev);
void ipv8_nl_notify_addr(struct ipv8_dev *idev, const struct ipv8_ifaddr *ifa,
			 u8 cmd);
void ipv8_nl_notify_route(struct net *net, const struct ipv8_route *rt, u8 cmd);

/* ---- routes (route.c) --------------------------------------------------- */

int ipv8_route_add(struct net *net, struct ipv8_route *rt, bool replace,
		   struct netlink_ext_ack *extack);
int ipv8_route_del(struct net *net, const struct ipv8_route *tmpl,
		   struct netlink_ext_ack *extack);
void ipv8_route_flush_dev(struct net_device *dev);

#endif /* _NET_IPV8_IPV8_H */
