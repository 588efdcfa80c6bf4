// SPDX-License-Identifier: GPL-2.0
/*
 * IPv8: addresses assigned to links.
 *
 * The rules for what may be assigned are PROTOCOL.md section 1: a link
 * address is unicast in both halves, and a routing prefix of 0 belongs to
 * the IPv4 stack. Each address puts two entries into FIB8, where packets
 * look: itself as local and its subnet as connected; they come and go
 * with it.
 */

#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "ipv8.h"

static bool ipv8_addr_assignable(const struct ipv8_dev *idev,
				 const struct in8_addr *addr,
				 struct netlink_ext_ack *extack)
{
	u32 asn = ntohl(addr->s8_asn), host = ntohl(addr->s8_host);

	if (!asn) {
		NL_SET_ERR_MSG(extack,
			       "routing prefix 0 is IPv4: configure it with ip addr");
		return false;
	}
	if (ipv8_asn_is_special(asn)) {
		NL_SET_ERR_MSG(extack,
			       "multicast, broadcast and reserved prefixes cannot be assigned");
		return false;
	}
	if (ipv8_asn_is_rine(asn) && !idev->border) {
		NL_SET_ERR_MSG(extack,
			       "RINE addresses (100/8) belong on border links only");
		return false;
	}
	if (!host) {
		NL_SET_ERR_MSG(extack, "host part 0.0.0.0 cannot be assigned");
		return false;
	}
	if (ipv8_host_is_loopback(host)) {
		NL_SET_ERR_MSG(extack, "loopback host part (127/8) never goes on a link");
		return false;
	}
	if (ipv8_host_is_multicast(host) || host == 0xffffffff) {
		NL_SET_ERR_MSG(extack,
			       "multicast or broadcast host part cannot be assigned");
		return false;
	}
	return true;
}

static struct ipv8_ifaddr *ipv8_addr_find(struct ipv8_dev *idev,
					  const struct in8_addr *addr)
{
	struct ipv8_ifaddr *ifa;

	list_for_each_entry(ifa, &idev->addrs, list)
		if (ifa->addr.s8_asn == addr->s8_asn &&
		    ifa->addr.s8_host == addr->s8_host)
			return ifa;
	return NULL;
}

/* A kernel entry of FIB8 for @ifa: itself, or the subnet it is on. */
static struct ipv8_route *ipv8_addr_route(struct ipv8_dev *idev,
					  const struct ipv8_ifaddr *ifa,
					  enum ipv8_route_type type)
{
	u8 plen = type == IPV8_RT_LOCAL ? 32 : ifa->prefixlen;
	struct ipv8_route *rt = ipv8_route_alloc();

	if (!rt)
		return NULL;
	rt->type = type;
	rt->dst.s8_asn = ifa->addr.s8_asn;
	rt->dst.s8_host = ifa->addr.s8_host & htonl(ipv8_host_mask(plen));
	rt->plen = plen;
	rt->ifindex = idev->dev->ifindex;
	rt->idev = idev;
	return rt;
}

/* Publish the FIB8 entries of a new address; nothing is left on failure. */
static int ipv8_addr_routes_add(struct ipv8_dev *idev,
				struct ipv8_ifaddr *ifa)
{
	struct ipv8_fib *fib = &ipv8_pernet(dev_net(idev->dev))->fib;
	struct ipv8_route *old;
	int err = -ENOMEM;

	ifa->local = ipv8_addr_route(idev, ifa, IPV8_RT_LOCAL);
	ifa->connected = ipv8_addr_route(idev, ifa, IPV8_RT_CONNECTED);
	if (!ifa->local || !ifa->connected)
		goto free;
	err = ipv8_fib_insert(fib, ifa->local, false, &old, NULL);
	if (err)
		goto free;
	err = ipv8_fib_insert(fib, ifa->connected, false, &old, NULL);
	if (!err)
		return 0;
	ipv8_fib_delete(fib, ifa->local);
free:
	if (ifa->local)
		ipv8_route_free(ifa->local);
	if (ifa->connected)
		ipv8_route_free(ifa->connected);
	return err;
}

static void ipv8_addr_routes_del(struct ipv8_dev *idev,
				 struct ipv8_ifaddr *ifa)
{
	struct ipv8_fib *fib = &ipv8_pernet(dev_net(idev->dev))->fib;

	ipv8_fib_delete(fib, ifa->connected);
	ipv8_fib_delete(fib, ifa->local);
	ipv8_route_free(ifa->connected);
	ipv8_route_free(ifa->local);
}

/**
 * ipv8_addr_add() - assign an address to a link
 * @idev: the link
 * @addr: the address
 * @prefixlen: subnet length in host-part bits, 0..32
 * @extack: where to say why not
 *
 * Caller holds RTNL.
 *
 * Return: 0, or a negative errno.
 */
int ipv8_addr_add(struct ipv8_dev *idev, const struct in8_addr *addr,
		  u8 prefixlen, struct netlink_ext_ack *extack)
{
	struct ipv8_ifaddr *ifa;
	int err;

	ASSERT_RTNL();
	if (!ipv8_addr_assignable(idev, addr, extack))
		return -EINVAL;
	if (ipv8_addr_find(idev, addr)) {
		NL_SET_ERR_MSG(extack, "address already assigned to this link");
		return -EEXIST;
	}
	if (idev->naddrs >= IPV8_MAX_ADDRS_PER_DEV) {
		NL_SET_ERR_MSG(extack, "too many addresses on this link");
		return -ENOSPC;
	}

	ifa = kzalloc(sizeof(*ifa), GFP_KERNEL);
	if (!ifa)
		return -ENOMEM;
	ifa->addr = *addr;
	ifa->prefixlen = prefixlen;
	err = ipv8_addr_routes_add(idev, ifa);
	if (err) {
		kfree(ifa);
		return err;
	}

	list_add_tail_rcu(&ifa->list, &idev->addrs);
	idev->naddrs++;
	ipv8_net_changed(ipv8_pernet(dev_net(idev->dev)));
	ipv8_nl_notify_addr(idev, ifa, IPV8_CMD_ADDR_NEW);
	ipv8_neigh_announce(idev, &ifa->addr);
	return 0;
}

static void ipv8_addr_unlink(struct ipv8_dev *idev, struct ipv8_ifaddr *ifa)
{
	ipv8_addr_routes_del(idev, ifa);
	list_del_rcu(&ifa->list);
	idev->naddrs--;
	ipv8_net_changed(ipv8_pernet(dev_net(idev->dev)));
	ipv8_nl_notify_addr(idev, ifa, IPV8_CMD_ADDR_DEL);
	kfree_rcu(ifa, rcu);
}

/**
 * ipv8_addr_del() - remove an address from a link
 * @idev: the link
 * @addr: the address
 * @prefixlen: must match the assigned length, or -1 for any
 * @extack: where to say why not
 *
 * Caller holds RTNL.
 *
 * Return: 0, or a negative errno.
 */
int ipv8_addr_del(struct ipv8_dev *idev, const struct in8_addr *addr,
		  int prefixlen, struct netlink_ext_ack *extack)
{
	struct ipv8_ifaddr *ifa;

	ASSERT_RTNL();
	ifa = ipv8_addr_find(idev, addr);
	if (!ifa || (prefixlen >= 0 && ifa->prefixlen != prefixlen)) {
		NL_SET_ERR_MSG(extack, "address not assigned to this link");
		return -EADDRNOTAVAIL;
	}
	ipv8_addr_unlink(idev, ifa);
	return 0;
}

/**
 * ipv8_addr_flush() - remove every address of a link
 * @idev: the link
 *
 * Caller holds RTNL.
 */
void ipv8_addr_flush(struct ipv8_dev *idev)
{
	struct ipv8_ifaddr *ifa, *tmp;

	ASSERT_RTNL();
	list_for_each_entry_safe(ifa, tmp, &idev->addrs, list)
		ipv8_addr_unlink(idev, ifa);
}
