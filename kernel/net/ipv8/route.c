// SPDX-License-Identifier: GPL-2.0
/*
 * IPv8: routes, between configuration and FIB8.
 *
 * Checks what a route may say (PROTOCOL.md sections 1 and 7), finds the
 * link of a gateway given without one, announces every change, and drops
 * the routes of a link that loses IPv8. Everything here runs under RTNL.
 */

#include <linux/rtnetlink.h>

#include "ipv8.h"

/* The enabled link with a subnet that holds @gw, or NULL. */
static struct net_device *ipv8_route_gw_dev(struct net *net,
					    const struct in8_addr *gw)
{
	const struct ipv8_ifaddr *ifa;
	struct net_device *dev;
	struct ipv8_dev *idev;

	for_each_netdev(net, dev) {
		idev = ipv8_dev_get(dev);
		if (!idev)
			continue;
		list_for_each_entry(ifa, &idev->addrs, list) {
			u32 mask = ipv8_host_mask(ifa->prefixlen);

			if (ifa->addr.s8_asn == gw->s8_asn &&
			    !((ifa->addr.s8_host ^ gw->s8_host) & htonl(mask)))
				return dev;
		}
	}
	return NULL;
}

/* Last octet of a host part: even gateways sit at .254, odd at .253. */
static bool ipv8_host_even(const struct in8_addr *a)
{
	return !(ntohl(a->s8_host) & 1);
}

/*
 * A parity pair: both gateways on one subnet of @dev, and ordered so that
 * @rt->gw is the primary of this host (docs/protocol.md 9.2): the gateway
 * whose last octet has the parity of our own address on that subnet.
 */
static bool ipv8_route_pair_valid(struct net *net, struct net_device *dev,
				  struct ipv8_route *rt,
				  struct netlink_ext_ack *extack)
{
	const struct ipv8_ifaddr *ifa, *own = NULL;
	struct in8_addr tmp;

	if (ipv8_addr_any(&rt->gw2))
		return true;
	if (ipv8_addr_any(&rt->gw) || ipv8_addr_equal(&rt->gw, &rt->gw2)) {
		NL_SET_ERR_MSG(extack, "a gateway pair needs two different gateways");
		return false;
	}
	list_for_each_entry(ifa, &ipv8_dev_get(dev)->addrs, list)
		if (ipv8_subnet_holds(ifa, &rt->gw) &&
		    ipv8_subnet_holds(ifa, &rt->gw2)) {
			own = ifa;
			break;
		}
	if (!own) {
		NL_SET_ERR_MSG(extack,
			       "both gateways of a pair must be on one connected subnet of the link");
		return false;
	}
	if (ipv8_host_even(&rt->gw) != ipv8_host_even(&own->addr) &&
	    ipv8_host_even(&rt->gw2) == ipv8_host_even(&own->addr)) {
		tmp = rt->gw;
		rt->gw = rt->gw2;
		rt->gw2 = tmp;
	}
	return true;
}

/*
 * Start or stop watching the liveness of a pair's gateways. A new pair
 * starts on the gateway the verdicts choose: one of its gateways may be
 * watched, and dead, for another route already.
 */
static void ipv8_route_watch(struct ipv8_route *rt, bool on)
{
	struct ipv8_dev *idev = rt->idev;

	if (ipv8_addr_any(&rt->gw2))
		return;
	if (on) {
		ipv8_gw_watch(idev, &rt->gw);
		ipv8_gw_watch(idev, &rt->gw2);
		rt->on_gw2 = ipv8_gw_choose(idev, rt) == &rt->gw2;
	} else {
		ipv8_gw_unwatch(idev, &rt->gw);
		ipv8_gw_unwatch(idev, &rt->gw2);
	}
}

/* A route left the table: announce it, stop watching, free it. */
static void ipv8_route_retire(struct net *net, struct ipv8_route *rt)
{
	ipv8_nl_notify_route(net, rt, IPV8_CMD_ROUTE_DEL);
	ipv8_route_watch(rt, false);
	ipv8_route_free(rt);
}

static bool ipv8_route_valid(struct net *net, struct ipv8_route *rt,
			     struct netlink_ext_ack *extack)
{
	u32 asn = ntohl(rt->dst.s8_asn);
	struct net_device *dev = NULL;

	if (!rt->is_default) {
		if (!asn) {
			NL_SET_ERR_MSG(extack,
				       "routing prefix 0 is IPv4: use ip route");
			return false;
		}
		if (ipv8_asn_is_special(asn)) {
			NL_SET_ERR_MSG(extack,
				       "multicast, broadcast and reserved prefixes are not routed");
			return false;
		}
		if (ntohl(rt->dst.s8_host) & ~ipv8_host_mask(rt->plen)) {
			NL_SET_ERR_MSG(extack,
				       "prefix has host bits set beyond its length");
			return false;
		}
	}

	if (rt->ifindex) {
		dev = __dev_get_by_index(net, rt->ifindex);
		if (!dev) {
			NL_SET_ERR_MSG(extack, "device not found");
			return false;
		}
	} else if (!ipv8_addr_any(&rt->gw)) {
		dev = ipv8_route_gw_dev(net, &rt->gw);
		if (!dev) {
			NL_SET_ERR_MSG(extack,
				       "gateway is not on a connected subnet");
			return false;
		}
		rt->ifindex = dev->ifindex;
	} else {
		NL_SET_ERR_MSG(extack, "route needs a device or a gateway");
		return false;
	}
	rt->idev = ipv8_dev_get(dev);
	if (!rt->idev) {
		NL_SET_ERR_MSG(extack, "IPv8 is disabled on this link");
		return false;
	}
	if (!ipv8_addr_any(&rt->gw) &&
	    (!rt->gw.s8_asn || ipv8_asn_is_special(ntohl(rt->gw.s8_asn)) ||
	     !rt->gw.s8_host)) {
		NL_SET_ERR_MSG(extack, "gateway must be a unicast IPv8 address");
		return false;
	}
	return ipv8_route_pair_valid(net, dev, rt, extack);
}

/**
 * ipv8_route_add() - check, install and announce a route
 * @net: the namespace
 * @rt: the route; owned by the table on success, by the caller otherwise
 * @replace: replace the route of the same prefix and metric
 * @extack: where to say why not
 *
 * Caller holds RTNL.
 *
 * Return: 0, or a negative errno.
 */
int ipv8_route_add(struct net *net, struct ipv8_route *rt, bool replace,
		   struct netlink_ext_ack *extack)
{
	struct ipv8_route *old;
	int err;

	ASSERT_RTNL();
	rt->type = IPV8_RT_UNICAST;
	if (!ipv8_route_valid(net, rt, extack))
		return -EINVAL;
	/* Watched first: the route is published with its gateway chosen. */
	ipv8_route_watch(rt, true);
	err = ipv8_fib_insert(&ipv8_pernet(net)->fib, rt, replace, &old,
			      extack);
	if (err) {
		ipv8_route_watch(rt, false);
		return err;
	}
	if (old)
		ipv8_route_retire(net, old);
	ipv8_nl_notify_route(net, rt, IPV8_CMD_ROUTE_NEW);
	return 0;
}

/**
 * ipv8_route_del() - remove and announce a route
 * @net: the namespace
 * @tmpl: prefix, and metric if @tmpl->metric_set
 * @extack: where to say why not
 *
 * Caller holds RTNL.
 *
 * Return: 0, or a negative errno.
 */
int ipv8_route_del(struct net *net, const struct ipv8_route *tmpl,
		   struct netlink_ext_ack *extack)
{
	struct ipv8_route *rt;

	ASSERT_RTNL();
	rt = ipv8_fib_remove(&ipv8_pernet(net)->fib, tmpl, extack);
	if (IS_ERR(rt))
		return PTR_ERR(rt);
	ipv8_route_retire(net, rt);
	return 0;
}

static bool ipv8_route_on_dev(const struct ipv8_route *rt, const void *arg)
{
	const struct net_device *dev = arg;

	/* The kernel's entries go with their addresses (addr.c). */
	return rt->type == IPV8_RT_UNICAST && rt->ifindex == dev->ifindex;
}

static void ipv8_route_gone(struct ipv8_route *rt, void *arg)
{
	struct net_device *dev = arg;

	ipv8_route_retire(dev_net(dev), rt);
}

/**
 * ipv8_route_flush_dev() - drop every route through a link
 * @dev: the link, losing IPv8 or going away
 *
 * Caller holds RTNL.
 */
void ipv8_route_flush_dev(struct net_device *dev)
{
	ipv8_fib_purge(&ipv8_pernet(dev_net(dev))->fib, ipv8_route_on_dev,
		       ipv8_route_gone, dev);
}
