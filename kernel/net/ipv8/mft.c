// SPDX-License-Identifier: GPL-2.0
/*
 * IPv8: the MFT (docs/protocol.md 9.4). Its reachability state is kept
 * where packets read it, in the entries of FIB8: each names its link, and
 * a parity pair's entry the gateway in use, which this file rewrites and
 * announces the moment a gateway verdict (gw.c) flips. Here too are the
 * views: for each route, that next hop with its neighbour's state (the
 * reachability table), and the neighbours of other ASNs on border links
 * (the peering table), read from FIB8 and the neighbour cache when asked.
 */

#include <linux/rtnetlink.h>

#include "ipv8.h"

/* Describe @rt on @idev as it forwards now. Caller holds RCU or RTNL. */
static void ipv8_reach_fill(struct ipv8_dev *idev, const struct ipv8_route *rt,
			    struct ipv8_reach_info *ri)
{
	const struct in8_addr *active = ipv8_route_gw(rt);
	struct ipv8_neigh_info ni;

	memset(ri, 0, sizeof(*ri));
	ri->dst = rt->dst;
	ri->plen = rt->plen;
	ri->is_default = rt->is_default;
	ri->ifindex = rt->ifindex;
	ri->nexthop = *active;
	if (!ipv8_addr_any(&rt->gw2))
		ri->role = active == &rt->gw ? IPV8_REACH_PRIMARY :
					       IPV8_REACH_SECONDARY;
	if (ipv8_addr_any(active) ||
	    !ipv8_neigh_snapshot(idev->dev, active, &ni))
		return;
	ri->state = ni.state;
	ri->caps = ni.caps;
	ri->lladdr_valid = ni.lladdr_valid;
	memcpy(ri->lladdr, ni.lladdr, ETH_ALEN);
}

struct ipv8_reach_walk_arg {
	struct net	*net;
	int		(*fn)(const struct ipv8_reach_info *ri, void *arg);
	void		*arg;
};

static int ipv8_reach_walk_one(const struct ipv8_route *rt, void *arg)
{
	struct ipv8_reach_walk_arg *wa = arg;
	struct ipv8_reach_info ri;

	ipv8_reach_fill(rt->idev, rt, &ri);
	return wa->fn(&ri, wa->arg);
}

/**
 * ipv8_reach_walk() - visit the reachability table
 * @net: the namespace
 * @fn: called per route; non-zero stops the walk
 * @arg: passed to @fn
 *
 * Caller holds RTNL.
 *
 * Return: what stopped the walk, or 0.
 */
int ipv8_reach_walk(struct net *net,
		    int (*fn)(const struct ipv8_reach_info *ri, void *arg),
		    void *arg)
{
	struct ipv8_reach_walk_arg wa = { .net = net, .fn = fn, .arg = arg };
	int ret;

	ASSERT_RTNL();
	rcu_read_lock();
	ret = ipv8_fib_walk(&ipv8_pernet(net)->fib, ipv8_reach_walk_one, &wa);
	rcu_read_unlock();
	return ret;
}

static int ipv8_mft_notify_one(const struct ipv8_route *rt, void *arg)
{
	struct ipv8_dev *idev = arg;
	struct ipv8_reach_info ri;
	int on_gw2;

	if (rt->idev != idev || ipv8_addr_any(&rt->gw2))
		return 0;
	on_gw2 = ipv8_gw_choose(idev, rt) == &rt->gw2;
	/* The route is shared with readers; only this choice is ours. */
	if (xchg(&((struct ipv8_route *)rt)->on_gw2, on_gw2) == on_gw2)
		return 0;
	ipv8_reach_fill(idev, rt, &ri);
	ipv8_nl_notify_reach(dev_net(idev->dev), &ri);
	return 0;
}

/**
 * ipv8_mft_notify_dev() - switch and announce the pair routes of a link
 * @idev: the link whose gateway verdicts changed
 *
 * Caller holds RCU or RTNL.
 */
void ipv8_mft_notify_dev(struct ipv8_dev *idev)
{
	rcu_read_lock();
	ipv8_fib_walk_pairs(&ipv8_pernet(dev_net(idev->dev))->fib,
			    ipv8_mft_notify_one, idev);
	rcu_read_unlock();
}

struct ipv8_peer_walk_arg {
	struct net		*net;
	struct ipv8_peer_info	pi;
	int			(*fn)(const struct ipv8_peer_info *pi,
				      void *arg);
	void			*arg;
};

/* The ASN of the first route through a RINE neighbour. */
static int ipv8_peer_route_asn(const struct ipv8_route *rt, void *arg)
{
	struct ipv8_peer_walk_arg *wa = arg;

	if (rt->ifindex != wa->pi.ifindex || rt->is_default ||
	    (!ipv8_addr_equal(&rt->gw, &wa->pi.addr) &&
	     !ipv8_addr_equal(&rt->gw2, &wa->pi.addr)))
		return 0;
	wa->pi.asn = ntohl(rt->dst.s8_asn);
	return 1;
}

static int ipv8_peer_walk_one(const struct ipv8_neigh_info *ni, void *arg)
{
	struct ipv8_peer_walk_arg *wa = arg;
	const struct ipv8_ifaddr *ifa;
	struct net_device *dev;
	struct ipv8_dev *idev;

	dev = dev_get_by_index_rcu(wa->net, ni->ifindex);
	idev = dev ? ipv8_dev_get(dev) : NULL;
	if (!idev || !READ_ONCE(idev->border))
		return 0;
	/* A neighbour of our own ASN is not a peer. */
	list_for_each_entry_rcu(ifa, &idev->addrs, list)
		if (ifa->addr.s8_asn == ni->addr.s8_asn)
			return 0;
	wa->pi.ifindex = ni->ifindex;
	wa->pi.addr = ni->addr;
	wa->pi.state = ni->state;
	wa->pi.caps = ni->caps;
	wa->pi.asn = ntohl(ni->addr.s8_asn);
	if (ipv8_asn_is_rine(wa->pi.asn)) {
		wa->pi.asn = 0;
		ipv8_fib_walk(&ipv8_pernet(wa->net)->fib, ipv8_peer_route_asn,
			      wa);
	}
	return wa->fn(&wa->pi, wa->arg);
}

/**
 * ipv8_peer_walk() - visit the peering table
 * @net: the namespace
 * @fn: called per peer; non-zero stops the walk
 * @arg: passed to @fn
 *
 * Caller holds RTNL.
 *
 * Return: what stopped the walk, or 0.
 */
int ipv8_peer_walk(struct net *net,
		   int (*fn)(const struct ipv8_peer_info *pi, void *arg),
		   void *arg)
{
	struct ipv8_peer_walk_arg wa = { .net = net, .fn = fn, .arg = arg };

	ASSERT_RTNL();
	return ipv8_neigh_walk(net, 0, ipv8_peer_walk_one, &wa);
}
