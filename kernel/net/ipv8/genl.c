// SPDX-License-Identifier: GPL-2.0
/*
 * IPv8: configuration over the generic netlink family "ipv8".
 *
 * Handlers and dumps run under RTNL (which also orders them against the
 * netdevice notifier); the packet path never takes it. Every rejection
 * carries an extack message: the policies and the handlers here say why,
 * and ipv8_nl_explain() covers what the callees in other files leave
 * unsaid (the genetlink core's own refusals, an unknown command or a
 * dump of a do-only command, cannot carry one). Changes are announced on the "monitor" group
 * with the command that made them and the resulting state.
 */

#include <linux/etherdevice.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "ipv8.h"

enum ipv8_mcgrp {
	IPV8_MCGRP_MONITOR_IDX,
};

/*
 * Whether notifications may be sent. Set under RTNL; RTNL holders read it
 * plainly, ipv8_nl_notify_reach() (any context) reads it under RCU, and
 * ipv8_genl_exit() waits for those readers before the family goes.
 */
static bool ipv8_genl_ready;

static struct genl_family ipv8_genl_family;

/*
 * A refusal @err that reaches userspace without a message gets @msg: for
 * the callees in other files, which explain most of their refusals but
 * not every one (an allocation failure, say), and for the reply and dump
 * plumbing. A message already set is kept: it is the more precise one.
 */
#define ipv8_nl_explain(extack, err, msg) do {				\
	struct netlink_ext_ack *__ext = (extack);			\
									\
	if ((err) < 0 && __ext && !__ext->_msg)				\
		NL_SET_ERR_MSG(__ext, msg);				\
} while (0)

/* genlmsg_reply(), saying why when the reply cannot be queued. */
static int ipv8_nl_reply(struct sk_buff *msg, struct genl_info *info)
{
	int err = genlmsg_reply(msg, info);

	ipv8_nl_explain(info->extack, err, "reply not queued to the socket");
	return err;
}

/* A reply buffer for a request, saying why when there is none. */
static struct sk_buff *ipv8_nl_reply_new(struct genl_info *info)
{
	struct sk_buff *msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);

	if (!msg)
		NL_SET_ERR_MSG(info->extack, "out of memory for the reply");
	return msg;
}

/*
 * What a dumpit returns after its part with @err: a dump whose first entry
 * does not fit an empty message fails, with a message.
 */
static int ipv8_nl_dump_ret(struct sk_buff *skb, struct netlink_callback *cb,
			    int err)
{
	if (err && !skb->len) {
		ipv8_nl_explain(cb->extack, err,
				"entry does not fit a dump message");
		return err;
	}
	return skb->len;
}

/*
 * Past the s16 bound of NLA_POLICY_RANGE(). Not const: 6.1's nla_policy
 * points to a mutable one.
 */
static struct netlink_range_validation ipv8_probe_interval_range = {
	.min	= 10,
	.max	= 60000,
};

static const struct nla_policy ipv8_link_policy[IPV8_A_LINK_MAX + 1] = {
	[IPV8_A_LINK_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[IPV8_A_LINK_IFNAME]	= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[IPV8_A_LINK_ENABLED]	= NLA_POLICY_MAX(NLA_U8, 1),
	[IPV8_A_LINK_MTU]	= { .type = NLA_REJECT,
				    .reject_message = "mtu is read-only here" },
	[IPV8_A_LINK_OPERSTATE]	= { .type = NLA_REJECT,
				    .reject_message = "operstate is read-only" },
	[IPV8_A_LINK_ADDRESS]	= { .type = NLA_REJECT,
				    .reject_message = "link address is read-only" },
	[IPV8_A_LINK_STATS]	= { .type = NLA_REJECT,
				    .reject_message = "counters are read-only" },
	[IPV8_A_LINK_FORWARDING] = NLA_POLICY_MAX(NLA_U8, 1),
	[IPV8_A_LINK_BORDER]	= NLA_POLICY_MAX(NLA_U8, 1),
	[IPV8_A_LINK_WAN]	= NLA_POLICY_MAX(NLA_U8, 1),
	[IPV8_A_LINK_PROBE_INTERVAL] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &ipv8_probe_interval_range),
	[IPV8_A_LINK_PROBE_MISSES] = NLA_POLICY_RANGE(NLA_U32, 1, 255),
	[IPV8_A_LINK_HOLDDOWN]	= NLA_POLICY_RANGE(NLA_U32, 1, 255),
};

static const struct nla_policy ipv8_addr_policy[IPV8_A_ADDR_MAX + 1] = {
	[IPV8_A_ADDR_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[IPV8_A_ADDR_IFNAME]	= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[IPV8_A_ADDR_ADDRESS]	= NLA_POLICY_EXACT_LEN(sizeof(struct in8_addr)),
	[IPV8_A_ADDR_PREFIXLEN]	= NLA_POLICY_MAX(NLA_U8, IPV8_PREFIXLEN_MAX),
};

static const struct nla_policy ipv8_route_policy[IPV8_A_ROUTE_MAX + 1] = {
	[IPV8_A_ROUTE_DST]	= NLA_POLICY_EXACT_LEN(sizeof(struct in8_addr)),
	[IPV8_A_ROUTE_DST_LEN]	= NLA_POLICY_MAX(NLA_U8, IPV8_PREFIXLEN_MAX),
	[IPV8_A_ROUTE_DEFAULT]	= { .type = NLA_FLAG },
	[IPV8_A_ROUTE_METRIC]	= { .type = NLA_U32 },
	[IPV8_A_ROUTE_OIF]	= NLA_POLICY_MIN(NLA_U32, 1),
	[IPV8_A_ROUTE_OIF_NAME]	= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[IPV8_A_ROUTE_GATEWAY]	= NLA_POLICY_EXACT_LEN(sizeof(struct in8_addr)),
	[IPV8_A_ROUTE_REPLACE]	= { .type = NLA_FLAG },
	[IPV8_A_ROUTE_GATEWAY2]	= NLA_POLICY_EXACT_LEN(sizeof(struct in8_addr)),
	[IPV8_A_ROUTE_ACTIVE]	= { .type = NLA_REJECT,
				    .reject_message = "the active gateway is read-only" },
};

/*
 * One policy per neighbour command, so that an attribute the command has
 * no use for is refused with a message instead of being ignored.
 */
static const struct nla_policy ipv8_neigh_get_policy[IPV8_A_NEIGH_MAX + 1] = {
	[IPV8_A_NEIGH_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[IPV8_A_NEIGH_IFNAME]	= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[IPV8_A_NEIGH_DST]	= { .type = NLA_REJECT,
				    .reject_message = "neighbour dumps filter by link only" },
	[IPV8_A_NEIGH_LLADDR]	= { .type = NLA_REJECT,
				    .reject_message = "neighbour dumps filter by link only" },
	[IPV8_A_NEIGH_STATE]	= { .type = NLA_REJECT,
				    .reject_message = "neighbour dumps filter by link only" },
	[IPV8_A_NEIGH_CAPS]	= { .type = NLA_REJECT,
				    .reject_message = "neighbour dumps filter by link only" },
	[IPV8_A_NEIGH_PROBES]	= { .type = NLA_REJECT,
				    .reject_message = "neighbour dumps filter by link only" },
	[IPV8_A_NEIGH_CONFIRMED] = { .type = NLA_REJECT,
				    .reject_message = "neighbour dumps filter by link only" },
	[IPV8_A_NEIGH_LIVENESS]	= { .type = NLA_REJECT,
				    .reject_message = "neighbour dumps filter by link only" },
	[IPV8_A_NEIGH_MISSES]	= { .type = NLA_REJECT,
				    .reject_message = "neighbour dumps filter by link only" },
};

static const struct nla_policy ipv8_neigh_new_policy[IPV8_A_NEIGH_MAX + 1] = {
	[IPV8_A_NEIGH_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[IPV8_A_NEIGH_IFNAME]	= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[IPV8_A_NEIGH_DST]	= NLA_POLICY_EXACT_LEN(sizeof(struct in8_addr)),
	[IPV8_A_NEIGH_LLADDR]	= NLA_POLICY_EXACT_LEN(ETH_ALEN),
	[IPV8_A_NEIGH_STATE]	= { .type = NLA_REJECT,
				    .reject_message = "neighbour state is read-only" },
	[IPV8_A_NEIGH_CAPS]	= NLA_POLICY_MASK(NLA_U8, IPV8_NEIGH_CAP_V8 |
						  IPV8_NEIGH_CAP_V4),
	[IPV8_A_NEIGH_PROBES]	= { .type = NLA_REJECT,
				    .reject_message = "probe count is read-only" },
	[IPV8_A_NEIGH_CONFIRMED] = { .type = NLA_REJECT,
				    .reject_message = "confirmation time is read-only" },
	[IPV8_A_NEIGH_LIVENESS]	= { .type = NLA_REJECT,
				    .reject_message = "liveness is read-only" },
	[IPV8_A_NEIGH_MISSES]	= { .type = NLA_REJECT,
				    .reject_message = "liveness is read-only" },
};

static const struct nla_policy ipv8_neigh_del_policy[IPV8_A_NEIGH_MAX + 1] = {
	[IPV8_A_NEIGH_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[IPV8_A_NEIGH_IFNAME]	= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[IPV8_A_NEIGH_DST]	= NLA_POLICY_EXACT_LEN(sizeof(struct in8_addr)),
	[IPV8_A_NEIGH_LLADDR]	= { .type = NLA_REJECT,
				    .reject_message = "neighbours are deleted by address only" },
	[IPV8_A_NEIGH_STATE]	= { .type = NLA_REJECT,
				    .reject_message = "neighbours are deleted by address only" },
	[IPV8_A_NEIGH_CAPS]	= { .type = NLA_REJECT,
				    .reject_message = "neighbours are deleted by address only" },
	[IPV8_A_NEIGH_PROBES]	= { .type = NLA_REJECT,
				    .reject_message = "neighbours are deleted by address only" },
	[IPV8_A_NEIGH_CONFIRMED] = { .type = NLA_REJECT,
				    .reject_message = "neighbours are deleted by address only" },
	[IPV8_A_NEIGH_LIVENESS]	= { .type = NLA_REJECT,
				    .reject_message = "neighbours are deleted by address only" },
	[IPV8_A_NEIGH_MISSES]	= { .type = NLA_REJECT,
				    .reject_message = "neighbours are deleted by address only" },
};

/* The MFT dumps take no filter: every attribute is refused. */
static const struct nla_policy ipv8_reach_policy[IPV8_A_REACH_MAX + 1] = {
	[IPV8_A_REACH_DST ... IPV8_A_REACH_MAX] = {
		.type = NLA_REJECT,
		.reject_message = "the reachability dump takes no filter" },
};

static const struct nla_policy ipv8_peer_policy[IPV8_A_PEER_MAX + 1] = {
	[IPV8_A_PEER_IFINDEX ... IPV8_A_PEER_MAX] = {
		.type = NLA_REJECT,
		.reject_message = "the peering dump takes no filter" },
};

/*
 * The device a request names, by index or else by name. Caller holds RTNL.
 * A dump without either attribute gets NULL; a request gets an error.
 */
static struct net_device *ipv8_nl_dev(struct net *net, struct nlattr **tb,
				      int a_ifindex, int a_ifname,
				      bool required,
				      struct netlink_ext_ack *extack)
{
	struct net_device *dev;
	struct nlattr *attr;

	if (tb[a_ifindex]) {
		attr = tb[a_ifindex];
		dev = __dev_get_by_index(net, nla_get_u32(attr));
	} else if (tb[a_ifname]) {
		attr = tb[a_ifname];
		dev = __dev_get_by_name(net, nla_data(attr));
	} else {
		if (!required)
			return NULL;
		NL_SET_ERR_MSG(extack, "no device given (ifindex or ifname)");
		return ERR_PTR(-EINVAL);
	}
	if (!dev) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "device not found");
		return ERR_PTR(-ENODEV);
	}
	return dev;
}

/* ---- message builders (RTNL held) --------------------------------------- */

/* The genetlink header of a reply, dump part (@cb) or notification. */
static void *ipv8_nl_put_hdr(struct sk_buff *skb, u32 portid, u32 seq,
			     int flags, u8 cmd, struct netlink_callback *cb)
{
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &ipv8_genl_family, flags, cmd);
	if (hdr && cb)
		genl_dump_check_consistent(cb, hdr);
	return hdr;
}

/* A nest of counters: attribute type = enum ipv8_stat, type 0 pads. */
static int ipv8_nl_put_counters(struct sk_buff *skb, int attrtype,
				const struct ipv8_pcpu_stats __percpu *stats)
{
	struct nlattr *nest;
	int i;

	nest = nla_nest_start(skb, attrtype);
	if (!nest)
		return -EMSGSIZE;
	for (i = IPV8_STAT_UNSPEC + 1; i <= IPV8_STAT_MAX; i++) {
		if (nla_put_u64_64bit(skb, i, ipv8_stats_read(stats, i),
				      IPV8_STAT_UNSPEC)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int ipv8_nl_fill_link(struct sk_buff *skb, struct net_device *dev,
			     u32 portid, u32 seq, int flags, u8 cmd,
			     struct netlink_callback *cb)
{
	struct ipv8_dev *idev = ipv8_dev_get(dev);
	void *hdr;

	hdr = ipv8_nl_put_hdr(skb, portid, seq, flags, cmd, cb);
	if (!hdr)
		return -EMSGSIZE;

	if (nla_put_u32(skb, IPV8_A_LINK_IFINDEX, dev->ifindex) ||
	    nla_put_string(skb, IPV8_A_LINK_IFNAME, dev->name) ||
	    nla_put_u8(skb, IPV8_A_LINK_ENABLED, !!idev) ||
	    nla_put_u32(skb, IPV8_A_LINK_MTU, READ_ONCE(dev->mtu)) ||
	    nla_put_u8(skb, IPV8_A_LINK_OPERSTATE, READ_ONCE(dev->operstate)))
		goto cancel;
	if (dev->addr_len &&
	    nla_put(skb, IPV8_A_LINK_ADDRESS, dev->addr_len, dev->dev_addr))
		goto cancel;
	if (idev &&
	    (nla_put_u8(skb, IPV8_A_LINK_FORWARDING,
			READ_ONCE(idev->forwarding)) ||
	     nla_put_u8(skb, IPV8_A_LINK_BORDER, READ_ONCE(idev->border)) ||
	     nla_put_u8(skb, IPV8_A_LINK_WAN, READ_ONCE(idev->wan)) ||
	     nla_put_u32(skb, IPV8_A_LINK_PROBE_INTERVAL,
			 READ_ONCE(idev->probe_interval)) ||
	     nla_put_u32(skb, IPV8_A_LINK_PROBE_MISSES,
			 READ_ONCE(idev->probe_misses)) ||
	     nla_put_u32(skb, IPV8_A_LINK_HOLDDOWN,
			 READ_ONCE(idev->holddown)) ||
	     ipv8_nl_put_counters(skb, IPV8_A_LINK_STATS, idev->stats)))
		goto cancel;

	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int ipv8_nl_fill_addr(struct sk_buff *skb, const struct ipv8_dev *idev,
			     const struct ipv8_ifaddr *ifa, u32 portid,
			     u32 seq, int flags, u8 cmd,
			     struct netlink_callback *cb)
{
	void *hdr;

	hdr = ipv8_nl_put_hdr(skb, portid, seq, flags, cmd, cb);
	if (!hdr)
		return -EMSGSIZE;

	if (nla_put_u32(skb, IPV8_A_ADDR_IFINDEX, idev->dev->ifindex) ||
	    nla_put_string(skb, IPV8_A_ADDR_IFNAME, idev->dev->name) ||
	    nla_put(skb, IPV8_A_ADDR_ADDRESS, sizeof(ifa->addr), &ifa->addr) ||
	    nla_put_u8(skb, IPV8_A_ADDR_PREFIXLEN, ifa->prefixlen))
		goto cancel;

	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/* The second gateway of a parity pair and the one in use now. */
static int ipv8_nl_put_pair(struct sk_buff *skb, const struct ipv8_route *rt)
{
	if (nla_put(skb, IPV8_A_ROUTE_GATEWAY2, sizeof(rt->gw2), &rt->gw2) ||
	    nla_put(skb, IPV8_A_ROUTE_ACTIVE, sizeof(rt->gw), ipv8_route_gw(rt)))
		return -EMSGSIZE;
	return 0;
}

static int ipv8_nl_fill_route(struct sk_buff *skb, struct net *net,
			      const struct ipv8_route *rt, u32 portid,
			      u32 seq, int flags, u8 cmd,
			      struct netlink_callback *cb)
{
	struct net_device *dev;
	void *hdr;

	hdr = ipv8_nl_put_hdr(skb, portid, seq, flags, cmd, cb);
	if (!hdr)
		return -EMSGSIZE;

	if (rt->is_default) {
		if (nla_put_flag(skb, IPV8_A_ROUTE_DEFAULT))
			goto cancel;
	} else if (nla_put(skb, IPV8_A_ROUTE_DST, sizeof(rt->dst), &rt->dst) ||
		   nla_put_u8(skb, IPV8_A_ROUTE_DST_LEN, rt->plen)) {
		goto cancel;
	}
	if (nla_put_u32(skb, IPV8_A_ROUTE_METRIC, rt->metric) ||
	    nla_put_u32(skb, IPV8_A_ROUTE_OIF, rt->ifindex))
		goto cancel;
	dev = __dev_get_by_index(net, rt->ifindex);
	if (dev && nla_put_string(skb, IPV8_A_ROUTE_OIF_NAME, dev->name))
		goto cancel;
	if (!ipv8_addr_any(&rt->gw) &&
	    nla_put(skb, IPV8_A_ROUTE_GATEWAY, sizeof(rt->gw), &rt->gw))
		goto cancel;
	if (!ipv8_addr_any(&rt->gw2) && ipv8_nl_put_pair(skb, rt))
		goto cancel;

	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/* ---- notifications ----------------------------------------------------- */

/*
 * A notification is built only when someone listens (and never once the
 * family is on its way out): ipv8_nl_ntf_alloc() says whether to bother,
 * ipv8_nl_ntf_send() sends what the fill function built, or drops it when
 * the fill failed. Callers hold RTNL.
 */
static struct sk_buff *ipv8_nl_ntf_alloc(struct net *net)
{
	ASSERT_RTNL();
	if (!ipv8_genl_ready ||
	    !genl_has_listeners(&ipv8_genl_family, net, IPV8_MCGRP_MONITOR_IDX))
		return NULL;
	return genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
}

static void ipv8_nl_ntf_send(struct net *net, struct sk_buff *skb, int err)
{
	if (err) {
		nlmsg_free(skb);
		return;
	}
	genlmsg_multicast_netns(&ipv8_genl_family, net, skb, 0,
				IPV8_MCGRP_MONITOR_IDX, GFP_KERNEL);
}

/**
 * ipv8_nl_notify_link() - announce the IPv8 state of a link
 * @dev: the device
 *
 * Caller holds RTNL.
 */
void ipv8_nl_notify_link(struct net_device *dev)
{
	struct sk_buff *skb = ipv8_nl_ntf_alloc(dev_net(dev));

	if (skb)
		ipv8_nl_ntf_send(dev_net(dev), skb,
				 ipv8_nl_fill_link(skb, dev, 0, 0, 0,
						   IPV8_CMD_LINK_SET, NULL));
}

/**
 * ipv8_nl_notify_addr() - announce an address added or removed
 * @idev: its link
 * @ifa: the address
 * @cmd: IPV8_CMD_ADDR_NEW or IPV8_CMD_ADDR_DEL
 *
 * Caller holds RTNL.
 */
void ipv8_nl_notify_addr(struct ipv8_dev *idev, const struct ipv8_ifaddr *ifa,
			 u8 cmd)
{
	struct net *net = dev_net(idev->dev);
	struct sk_buff *skb = ipv8_nl_ntf_alloc(net);

	if (skb)
		ipv8_nl_ntf_send(net, skb,
				 ipv8_nl_fill_addr(skb, idev, ifa, 0, 0, 0, cmd,
						   NULL));
}

/**
 * ipv8_nl_notify_route() - announce a route added or removed
 * @net: its namespace
 * @rt: the route
 * @cmd: IPV8_CMD_ROUTE_NEW or IPV8_CMD_ROUTE_DEL
 *
 * Caller holds RTNL.
 */
void ipv8_nl_notify_route(struct net *net, const struct ipv8_route *rt, u8 cmd)
{
	struct sk_buff *skb = ipv8_nl_ntf_alloc(net);

	if (skb)
		ipv8_nl_ntf_send(net, skb,
				 ipv8_nl_fill_route(skb, net, rt, 0, 0, 0, cmd,
						    NULL));
}

static int ipv8_nl_fill_reach(struct sk_buff *skb, struct net *net,
			      const struct ipv8_reach_info *ri, u32 portid,
			      u32 seq, int flags, struct netlink_callback *cb);

/**
 * ipv8_nl_notify_reach() - announce the next hop a route now sends to
 * @net: its namespace
 * @ri: the reachability entry after the change
 *
 * Any context: gateway switches happen in the probe timer and on receive.
 */
void ipv8_nl_notify_reach(struct net *net, const struct ipv8_reach_info *ri)
{
	struct sk_buff *skb;

	/*
	 * A dying namespace has no listeners left (their sockets held it),
	 * and its genetlink socket may already be gone.
	 */
	if (!check_net(net))
		return;
	rcu_read_lock();
	if (!READ_ONCE(ipv8_genl_ready) ||
	    !genl_has_listeners(&ipv8_genl_family, net, IPV8_MCGRP_MONITOR_IDX))
		goto unlock;
	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_ATOMIC);
	if (!skb)
		goto unlock;
	if (ipv8_nl_fill_reach(skb, net, ri, 0, 0, 0, NULL)) {
		nlmsg_free(skb);
		goto unlock;
	}
	genlmsg_multicast_netns(&ipv8_genl_family, net, skb, 0,
				IPV8_MCGRP_MONITOR_IDX, GFP_ATOMIC);
unlock:
	rcu_read_unlock();
}

/* ---- links ------------------------------------------------------------- */

static int ipv8_nl_link_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net_device *dev;
	struct sk_buff *msg;
	int err;

	msg = ipv8_nl_reply_new(info);
	if (!msg)
		return -ENOMEM;

	rtnl_lock();
	dev = ipv8_nl_dev(genl_info_net(info), info->attrs,
			  IPV8_A_LINK_IFINDEX, IPV8_A_LINK_IFNAME, true,
			  info->extack);
	if (IS_ERR(dev))
		err = PTR_ERR(dev);
	else
		err = ipv8_nl_fill_link(msg, dev, info->snd_portid,
					info->snd_seq, 0, IPV8_CMD_LINK_GET,
					NULL);
	rtnl_unlock();

	if (err) {
		ipv8_nl_explain(info->extack, err, "link does not fit a reply");
		nlmsg_free(msg);
		return err;
	}
	return ipv8_nl_reply(msg, info);
}

/* cb->args[0]: position in the netns's device list of the next device. */
static int ipv8_nl_link_get_dumpit(struct sk_buff *skb,
				   struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	long idx = 0, start = cb->args[0];
	struct net_device *dev;
	int err = 0;

	rtnl_lock();
	cb->seq = ipv8_pernet(net)->gen;
	for_each_netdev(net, dev) {
		if (idx < start) {
			idx++;
			continue;
		}
		err = ipv8_nl_fill_link(skb, dev, NETLINK_CB(cb->skb).portid,
					cb->nlh->nlmsg_seq, NLM_F_MULTI,
					IPV8_CMD_LINK_GET, cb);
		if (err)
			break;
		idx++;
	}
	rtnl_unlock();

	cb->args[0] = idx;
	return ipv8_nl_dump_ret(skb, cb, err);
}

/*
 * Sets one per-link switch from a u8 attribute, if given. Caller holds
 * RTNL; the packet path reads the switch with READ_ONCE().
 * Return: whether the switch changed.
 */
static bool ipv8_nl_set_switch(bool *sw, const struct nlattr *attr)
{
	bool val;

	if (!attr)
		return false;
	val = nla_get_u8(attr);
	if (*sw == val)
		return false;
	WRITE_ONCE(*sw, val);
	return true;
}

/*
 * Sets one per-link u32 setting (range checked by the policy), if given.
 * Caller holds RTNL; the probe timer reads it with READ_ONCE().
 * Return: whether it changed.
 */
static bool ipv8_nl_set_u32(u32 *val, const struct nlattr *attr)
{
	u32 v;

	if (!attr)
		return false;
	v = nla_get_u32(attr);
	if (*val == v)
		return false;
	WRITE_ONCE(*val, v);
	return true;
}

/*
 * LINK_SET: ENABLED turns IPv8 on or off; FORWARDING, BORDER, WAN and the
 * gateway probe settings need IPv8 on (or turned on by the same request).
 * The probe settings apply from the next probe on. A change of the switches is
 * announced like any other link change; a request that changes nothing
 * announces nothing.
 */
static int ipv8_nl_link_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **tb = info->attrs;
	bool has_flags = tb[IPV8_A_LINK_FORWARDING] || tb[IPV8_A_LINK_BORDER] ||
			 tb[IPV8_A_LINK_WAN] || tb[IPV8_A_LINK_PROBE_INTERVAL] ||
			 tb[IPV8_A_LINK_PROBE_MISSES] ||
			 tb[IPV8_A_LINK_HOLDDOWN];
	struct net_device *dev;
	struct ipv8_dev *idev;
	bool changed;
	int err = 0;

	if (!tb[IPV8_A_LINK_ENABLED] && !has_flags) {
		NL_SET_ERR_MSG(info->extack, "nothing to change");
		return -EINVAL;
	}
	if (tb[IPV8_A_LINK_ENABLED] && !nla_get_u8(tb[IPV8_A_LINK_ENABLED]) &&
	    has_flags) {
		NL_SET_ERR_MSG(info->extack,
			       "forwarding, border, wan and the probe settings need IPv8 on");
		return -EINVAL;
	}

	rtnl_lock();
	dev = ipv8_nl_dev(genl_info_net(info), tb, IPV8_A_LINK_IFINDEX,
			  IPV8_A_LINK_IFNAME, true, info->extack);
	if (IS_ERR(dev)) {
		err = PTR_ERR(dev);
		goto unlock;
	}
	if (tb[IPV8_A_LINK_ENABLED]) {
		if (!nla_get_u8(tb[IPV8_A_LINK_ENABLED])) {
			ipv8_dev_disable(dev);
			goto unlock;
		}
		err = ipv8_dev_enable(dev, info->extack);
		ipv8_nl_explain(info->extack, err, "IPv8 not enabled");
		if (err)
			goto unlock;
	}
	if (!has_flags)
		goto unlock;
	idev = ipv8_dev_get(dev);
	if (!idev) {
		NL_SET_ERR_MSG(info->extack, "IPv8 is disabled on this link");
		err = -EOPNOTSUPP;
		goto unlock;
	}
	changed = ipv8_nl_set_switch(&idev->forwarding,
				     tb[IPV8_A_LINK_FORWARDING]);
	changed |= ipv8_nl_set_switch(&idev->border, tb[IPV8_A_LINK_BORDER]);
	changed |= ipv8_nl_set_switch(&idev->wan, tb[IPV8_A_LINK_WAN]);
	changed |= ipv8_nl_set_u32(&idev->probe_interval,
				   tb[IPV8_A_LINK_PROBE_INTERVAL]);
	changed |= ipv8_nl_set_u32(&idev->probe_misses,
				   tb[IPV8_A_LINK_PROBE_MISSES]);
	changed |= ipv8_nl_set_u32(&idev->holddown, tb[IPV8_A_LINK_HOLDDOWN]);
	if (changed) {
		ipv8_net_changed(ipv8_pernet(dev_net(dev)));
		ipv8_nl_notify_link(dev);
	}
unlock:
	rtnl_unlock();
	return err;
}

/* ---- addresses --------------------------------------------------------- */

/*
 * The link a request is for, which must have IPv8 on. Caller holds RTNL.
 */
static struct ipv8_dev *ipv8_nl_idev(struct genl_info *info, int a_ifindex,
				     int a_ifname)
{
	struct net_device *dev;
	struct ipv8_dev *idev;

	dev = ipv8_nl_dev(genl_info_net(info), info->attrs, a_ifindex,
			  a_ifname, true, info->extack);
	if (IS_ERR(dev))
		return ERR_CAST(dev);
	idev = ipv8_dev_get(dev);
	if (!idev) {
		NL_SET_ERR_MSG(info->extack, "IPv8 is disabled on this link");
		return ERR_PTR(-EOPNOTSUPP);
	}
	return idev;
}

static int ipv8_nl_addr_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **tb = info->attrs;
	struct ipv8_dev *idev;
	struct in8_addr addr;
	u8 plen;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, IPV8_A_ADDR_ADDRESS)) {
		NL_SET_ERR_MSG(info->extack, "address missing");
		return -EINVAL;
	}
	nla_memcpy(&addr, tb[IPV8_A_ADDR_ADDRESS], sizeof(addr));
	plen = tb[IPV8_A_ADDR_PREFIXLEN] ?
		nla_get_u8(tb[IPV8_A_ADDR_PREFIXLEN]) : IPV8_PREFIXLEN_MAX;

	rtnl_lock();
	idev = ipv8_nl_idev(info, IPV8_A_ADDR_IFINDEX, IPV8_A_ADDR_IFNAME);
	if (IS_ERR(idev))
		err = PTR_ERR(idev);
	else
		err = ipv8_addr_add(idev, &addr, plen, info->extack);
	rtnl_unlock();
	ipv8_nl_explain(info->extack, err, "address not added");
	return err;
}

static int ipv8_nl_addr_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **tb = info->attrs;
	struct ipv8_dev *idev;
	struct in8_addr addr;
	int plen = -1;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, IPV8_A_ADDR_ADDRESS)) {
		NL_SET_ERR_MSG(info->extack, "address missing");
		return -EINVAL;
	}
	nla_memcpy(&addr, tb[IPV8_A_ADDR_ADDRESS], sizeof(addr));
	if (tb[IPV8_A_ADDR_PREFIXLEN])
		plen = nla_get_u8(tb[IPV8_A_ADDR_PREFIXLEN]);

	rtnl_lock();
	idev = ipv8_nl_idev(info, IPV8_A_ADDR_IFINDEX, IPV8_A_ADDR_IFNAME);
	if (IS_ERR(idev))
		err = PTR_ERR(idev);
	else
		err = ipv8_addr_del(idev, &addr, plen, info->extack);
	rtnl_unlock();
	ipv8_nl_explain(info->extack, err, "address not removed");
	return err;
}

/* Sends the addresses of @idev from number *@a_idx on, advancing *@a_idx. */
static int ipv8_nl_addr_dump_dev(struct sk_buff *skb,
				 struct netlink_callback *cb,
				 const struct ipv8_dev *idev, long *a_idx)
{
	const struct ipv8_ifaddr *ifa;
	long i = 0;
	int err;

	list_for_each_entry(ifa, &idev->addrs, list) {
		if (i++ < *a_idx)
			continue;
		err = ipv8_nl_fill_addr(skb, idev, ifa,
					NETLINK_CB(cb->skb).portid,
					cb->nlh->nlmsg_seq, NLM_F_MULTI,
					IPV8_CMD_ADDR_GET, cb);
		if (err)
			return err;
		(*a_idx)++;
	}
	return 0;
}

/*
 * cb->args[0]: position of the current device in the netns's list;
 * cb->args[1]: addresses of that device already sent.
 * IFINDEX or IFNAME in the request restricts the dump to one link.
 */
static int ipv8_nl_addr_get_dumpit(struct sk_buff *skb,
				   struct netlink_callback *cb)
{
	long idx = 0, start = cb->args[0], a_idx = cb->args[1];
	struct nlattr *tb[IPV8_A_ADDR_MAX + 1];
	struct net *net = sock_net(skb->sk);
	struct net_device *dev, *only;
	struct ipv8_dev *idev;
	int err;

	err = nlmsg_parse(cb->nlh, GENL_HDRLEN, tb, IPV8_A_ADDR_MAX,
			  ipv8_addr_policy, cb->extack);
	if (err) {
		ipv8_nl_explain(cb->extack, err, "malformed dump filter");
		return err;
	}

	rtnl_lock();
	only = ipv8_nl_dev(net, tb, IPV8_A_ADDR_IFINDEX, IPV8_A_ADDR_IFNAME,
			   false, cb->extack);
	if (IS_ERR(only)) {
		rtnl_unlock();
		return PTR_ERR(only);
	}
	cb->seq = ipv8_pernet(net)->gen;
	for_each_netdev(net, dev) {
		if (idx < start) {
			idx++;
			continue;
		}
		idev = (!only || dev == only) ? ipv8_dev_get(dev) : NULL;
		if (idev) {
			err = ipv8_nl_addr_dump_dev(skb, cb, idev, &a_idx);
			if (err)
				break;
		}
		idx++;
		a_idx = 0;
	}
	rtnl_unlock();

	cb->args[0] = idx;
	cb->args[1] = a_idx;
	return ipv8_nl_dump_ret(skb, cb, err);
}

/* ---- routes ------------------------------------------------------------ */

/*
 * Reads the route a request describes into @rt. The prefix is DST/DST_LEN
 * or DEFAULT, exactly one of them. GATEWAY2 makes GATEWAY one of a parity
 * pair; route.c checks the pair and orders it. Caller holds RTNL (for
 * OIF_NAME).
 */
static int ipv8_nl_parse_route(struct genl_info *info, struct ipv8_route *rt)
{
	struct nlattr **tb = info->attrs;
	struct net_device *dev;

	rt->is_default = nla_get_flag(tb[IPV8_A_ROUTE_DEFAULT]);
	if (rt->is_default == !!tb[IPV8_A_ROUTE_DST]) {
		NL_SET_ERR_MSG(info->extack,
			       "give either a destination prefix or default");
		return -EINVAL;
	}
	if (tb[IPV8_A_ROUTE_DST])
		nla_memcpy(&rt->dst, tb[IPV8_A_ROUTE_DST], sizeof(rt->dst));
	rt->plen = tb[IPV8_A_ROUTE_DST_LEN] ?
		nla_get_u8(tb[IPV8_A_ROUTE_DST_LEN]) : IPV8_PREFIXLEN_MAX;
	rt->metric_set = !!tb[IPV8_A_ROUTE_METRIC];
	if (rt->metric_set)
		rt->metric = nla_get_u32(tb[IPV8_A_ROUTE_METRIC]);
	if (tb[IPV8_A_ROUTE_GATEWAY])
		nla_memcpy(&rt->gw, tb[IPV8_A_ROUTE_GATEWAY], sizeof(rt->gw));
	if (tb[IPV8_A_ROUTE_GATEWAY2]) {
		if (!tb[IPV8_A_ROUTE_GATEWAY]) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    tb[IPV8_A_ROUTE_GATEWAY2],
					    "a second gateway needs a first one");
			return -EINVAL;
		}
		nla_memcpy(&rt->gw2, tb[IPV8_A_ROUTE_GATEWAY2],
			   sizeof(rt->gw2));
	}
	if (tb[IPV8_A_ROUTE_OIF] || tb[IPV8_A_ROUTE_OIF_NAME]) {
		dev = ipv8_nl_dev(genl_info_net(info), tb, IPV8_A_ROUTE_OIF,
				  IPV8_A_ROUTE_OIF_NAME, true, info->extack);
		if (IS_ERR(dev))
			return PTR_ERR(dev);
		rt->ifindex = dev->ifindex;
	}
	return 0;
}

static int ipv8_nl_route_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	bool replace = nla_get_flag(info->attrs[IPV8_A_ROUTE_REPLACE]);
	struct ipv8_route *rt;
	int err;

	rt = ipv8_route_alloc();
	if (!rt) {
		NL_SET_ERR_MSG(info->extack, "out of memory for the route");
		return -ENOMEM;
	}

	rtnl_lock();
	err = ipv8_nl_parse_route(info, rt);
	if (!err)
		err = ipv8_route_add(genl_info_net(info), rt, replace,
				     info->extack);
	rtnl_unlock();
	if (err) {
		ipv8_nl_explain(info->extack, err, "route not added");
		ipv8_route_free(rt);
	}
	return err;
}

static int ipv8_nl_route_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ipv8_route tmpl = {};
	int err;

	rtnl_lock();
	err = ipv8_nl_parse_route(info, &tmpl);
	if (!err)
		err = ipv8_route_del(genl_info_net(info), &tmpl, info->extack);
	rtnl_unlock();
	ipv8_nl_explain(info->extack, err, "route not removed");
	return err;
}

/* ROUTE_GET do: the route FIB8 picks for a destination, as forwarding would. */
static int ipv8_nl_route_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	enum ipv8_fib_miss miss = IPV8_FIB_MISS_ASN;
	const struct ipv8_route *rt;
	struct in8_addr daddr;
	struct sk_buff *msg;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, IPV8_A_ROUTE_DST)) {
		NL_SET_ERR_MSG(info->extack, "destination missing");
		return -EINVAL;
	}
	nla_memcpy(&daddr, info->attrs[IPV8_A_ROUTE_DST], sizeof(daddr));

	msg = ipv8_nl_reply_new(info);
	if (!msg)
		return -ENOMEM;

	rtnl_lock();
	rcu_read_lock();
	rt = ipv8_fib_lookup(&ipv8_pernet(net)->fib, &daddr, 0, false, &miss);
	if (rt)
		err = ipv8_nl_fill_route(msg, net, rt, info->snd_portid,
					 info->snd_seq, 0, IPV8_CMD_ROUTE_GET,
					 NULL);
	rcu_read_unlock();
	rtnl_unlock();

	if (!rt) {
		nlmsg_free(msg);
		if (miss == IPV8_FIB_MISS_ASN) {
			NL_SET_ERR_MSG(info->extack,
				       "no route names the destination ASN");
			return -ENETUNREACH;
		}
		NL_SET_ERR_MSG(info->extack,
			       "no route in the destination ASN covers the host");
		return -EHOSTUNREACH;
	}
	if (err) {
		NL_SET_ERR_MSG(info->extack, "route does not fit a reply");
		nlmsg_free(msg);
		return err;
	}
	return ipv8_nl_reply(msg, info);
}

/*
 * A dump fed by a walk (routes, neighbours, the MFT tables): cb->args[0]
 * counts the entries earlier parts of the dump sent, in the walk's order.
 */
struct ipv8_nl_walk_dump {
	struct sk_buff			*skb;
	struct netlink_callback		*cb;
	struct net			*net;
	long				idx;
};

/* Was this entry sent by an earlier part of the dump? */
static bool ipv8_nl_walk_skip(struct ipv8_nl_walk_dump *d)
{
	if (d->idx < d->cb->args[0]) {
		d->idx++;
		return true;
	}
	return false;
}

/* Count an entry this part managed to put (@err == 0). */
static int ipv8_nl_walk_sent(struct ipv8_nl_walk_dump *d, int err)
{
	if (!err)
		d->idx++;
	return err;
}

/* What the dumpit returns once the walk stopped with @err. */
static int ipv8_nl_walk_end(struct ipv8_nl_walk_dump *d, int err)
{
	d->cb->args[0] = d->idx;
	return ipv8_nl_dump_ret(d->skb, d->cb, err);
}

static int ipv8_nl_route_dump_one(const struct ipv8_route *rt, void *arg)
{
	struct ipv8_nl_walk_dump *d = arg;
	int err;

	if (ipv8_nl_walk_skip(d))
		return 0;
	err = ipv8_nl_fill_route(d->skb, d->net, rt,
				 NETLINK_CB(d->cb->skb).portid,
				 d->cb->nlh->nlmsg_seq, NLM_F_MULTI,
				 IPV8_CMD_ROUTE_GET, d->cb);
	return ipv8_nl_walk_sent(d, err);
}

/* cb->args[0]: routes already sent, in the walk's order. */
static int ipv8_nl_route_get_dumpit(struct sk_buff *skb,
				    struct netlink_callback *cb)
{
	struct ipv8_nl_walk_dump d = {
		.skb = skb, .cb = cb, .net = sock_net(skb->sk),
	};
	struct ipv8_fib *fib = &ipv8_pernet(d.net)->fib;
	int err;

	rtnl_lock();
	cb->seq = fib->gen + 1;
	err = ipv8_fib_walk(fib, ipv8_nl_route_dump_one, &d);
	rtnl_unlock();

	return ipv8_nl_walk_end(&d, err);
}

/* ---- neighbours -------------------------------------------------------- */

/* Called under RCU from the neighbour walk, so nothing here may sleep. */
static int ipv8_nl_fill_neigh(struct sk_buff *skb, struct net *net,
			      const struct ipv8_neigh_info *ni, u32 portid,
			      u32 seq, int flags, u8 cmd)
{
	struct net_device *dev;
	void *hdr;

	hdr = ipv8_nl_put_hdr(skb, portid, seq, flags, cmd, NULL);
	if (!hdr)
		return -EMSGSIZE;

	if (nla_put_u32(skb, IPV8_A_NEIGH_IFINDEX, ni->ifindex))
		goto cancel;
	dev = dev_get_by_index_rcu(net, ni->ifindex);
	if (dev && nla_put_string(skb, IPV8_A_NEIGH_IFNAME, dev->name))
		goto cancel;
	if (nla_put(skb, IPV8_A_NEIGH_DST, sizeof(ni->addr), &ni->addr))
		goto cancel;
	if (ni->lladdr_valid &&
	    nla_put(skb, IPV8_A_NEIGH_LLADDR, ETH_ALEN, ni->lladdr))
		goto cancel;
	if (nla_put_u16(skb, IPV8_A_NEIGH_STATE, ni->state) ||
	    nla_put_u8(skb, IPV8_A_NEIGH_CAPS, ni->caps) ||
	    nla_put_u32(skb, IPV8_A_NEIGH_PROBES, ni->probes) ||
	    nla_put_u32(skb, IPV8_A_NEIGH_CONFIRMED, ni->confirmed_ms) ||
	    nla_put_u8(skb, IPV8_A_NEIGH_LIVENESS, ni->liveness) ||
	    nla_put_u32(skb, IPV8_A_NEIGH_MISSES, ni->misses))
		goto cancel;

	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int ipv8_nl_neigh_dump_one(const struct ipv8_neigh_info *ni, void *arg)
{
	struct ipv8_nl_walk_dump *d = arg;
	int err;

	if (ipv8_nl_walk_skip(d))
		return 0;
	err = ipv8_nl_fill_neigh(d->skb, d->net, ni,
				 NETLINK_CB(d->cb->skb).portid,
				 d->cb->nlh->nlmsg_seq, NLM_F_MULTI,
				 IPV8_CMD_NEIGH_GET);
	return ipv8_nl_walk_sent(d, err);
}

/*
 * cb->args[0]: entries already sent, in the walk's order. Entries come and
 * go without RTNL, so a dump is not flagged inconsistent when they do: a
 * multi-part dump may miss or repeat an entry that changed meanwhile, as
 * with ip neigh. IFINDEX or IFNAME restricts the dump to one link; a link
 * with IPv8 off has no entries.
 */
static int ipv8_nl_neigh_get_dumpit(struct sk_buff *skb,
				    struct netlink_callback *cb)
{
	struct ipv8_nl_walk_dump d = {
		.skb = skb, .cb = cb, .net = sock_net(skb->sk),
	};
	struct nlattr *tb[IPV8_A_NEIGH_MAX + 1];
	struct net_device *only;
	int err;

	err = nlmsg_parse(cb->nlh, GENL_HDRLEN, tb, IPV8_A_NEIGH_MAX,
			  ipv8_neigh_get_policy, cb->extack);
	if (err) {
		ipv8_nl_explain(cb->extack, err, "malformed dump filter");
		return err;
	}

	rtnl_lock();
	only = ipv8_nl_dev(d.net, tb, IPV8_A_NEIGH_IFINDEX,
			   IPV8_A_NEIGH_IFNAME, false, cb->extack);
	if (IS_ERR(only)) {
		rtnl_unlock();
		return PTR_ERR(only);
	}
	err = ipv8_neigh_walk(d.net, only ? only->ifindex : 0,
			      ipv8_nl_neigh_dump_one, &d);
	rtnl_unlock();

	return ipv8_nl_walk_end(&d, err);
}

static int ipv8_nl_neigh_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **tb = info->attrs;
	u8 caps = IPV8_NEIGH_CAP_V8;
	struct ipv8_dev *idev;
	struct in8_addr addr;
	u8 lladdr[ETH_ALEN];
	int err;

	if (GENL_REQ_ATTR_CHECK(info, IPV8_A_NEIGH_DST)) {
		NL_SET_ERR_MSG(info->extack, "neighbour address missing");
		return -EINVAL;
	}
	if (GENL_REQ_ATTR_CHECK(info, IPV8_A_NEIGH_LLADDR)) {
		NL_SET_ERR_MSG(info->extack, "link-layer address missing");
		return -EINVAL;
	}
	nla_memcpy(&addr, tb[IPV8_A_NEIGH_DST], sizeof(addr));
	nla_memcpy(lladdr, tb[IPV8_A_NEIGH_LLADDR], sizeof(lladdr));
	if (!is_valid_ether_addr(lladdr)) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[IPV8_A_NEIGH_LLADDR],
				    "link-layer address must be unicast and not all-zero");
		return -EINVAL;
	}
	if (tb[IPV8_A_NEIGH_CAPS]) {
		caps = nla_get_u8(tb[IPV8_A_NEIGH_CAPS]);
		if (!caps) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[IPV8_A_NEIGH_CAPS],
					    "a neighbour needs v8, v4 or both");
			return -EINVAL;
		}
	}

	rtnl_lock();
	idev = ipv8_nl_idev(info, IPV8_A_NEIGH_IFINDEX, IPV8_A_NEIGH_IFNAME);
	if (IS_ERR(idev))
		err = PTR_ERR(idev);
	else
		err = ipv8_neigh_add_static(idev, &addr, lladdr, caps,
					    info->extack);
	rtnl_unlock();
	ipv8_nl_explain(info->extack, err, "neighbour not added");
	return err;
}

/* NEIGH_DEL: one entry with DST, else every dynamic entry of the link. */
static int ipv8_nl_neigh_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *dst = info->attrs[IPV8_A_NEIGH_DST];
	struct ipv8_dev *idev;
	struct in8_addr addr;
	int err = 0;

	if (dst)
		nla_memcpy(&addr, dst, sizeof(addr));

	rtnl_lock();
	idev = ipv8_nl_idev(info, IPV8_A_NEIGH_IFINDEX, IPV8_A_NEIGH_IFNAME);
	if (IS_ERR(idev)) {
		err = PTR_ERR(idev);
	} else if (!dst) {
		ipv8_neigh_flush_dev(idev, false);
	} else {
		err = ipv8_neigh_delete(idev, &addr);
		if (err == -ENOENT)
			NL_SET_ERR_MSG_ATTR(info->extack, dst,
					    "no such neighbour");
	}
	rtnl_unlock();
	ipv8_nl_explain(info->extack, err, "neighbour not removed");
	return err;
}

/* ---- the MFT: reachability and peering ---------------------------------- */

/*
 * Both dumps resume by position (cb->args[0]: entries already sent, in the
 * walk's order) and are not flagged inconsistent: the tables follow the
 * gateways' liveness, which changes without RTNL, as ip neigh does.
 */

/* Dumps (RTNL) and notifications (any context); RCU for the link name. */
static int ipv8_nl_fill_reach(struct sk_buff *skb, struct net *net,
			      const struct ipv8_reach_info *ri, u32 portid,
			      u32 seq, int flags, struct netlink_callback *cb)
{
	struct net_device *dev;
	void *hdr;
	int err;

	hdr = ipv8_nl_put_hdr(skb, portid, seq, flags, IPV8_CMD_REACH_GET, cb);
	if (!hdr)
		return -EMSGSIZE;

	if (ri->is_default) {
		if (nla_put_flag(skb, IPV8_A_REACH_DEFAULT))
			goto cancel;
	} else if (nla_put(skb, IPV8_A_REACH_DST, sizeof(ri->dst), &ri->dst) ||
		   nla_put_u8(skb, IPV8_A_REACH_DST_LEN, ri->plen)) {
		goto cancel;
	}
	if (nla_put_u32(skb, IPV8_A_REACH_OIF, ri->ifindex))
		goto cancel;
	rcu_read_lock();
	dev = dev_get_by_index_rcu(net, ri->ifindex);
	err = dev ? nla_put_string(skb, IPV8_A_REACH_OIF_NAME, dev->name) : 0;
	rcu_read_unlock();
	if (err)
		goto cancel;
	if (!ipv8_addr_any(&ri->nexthop) &&
	    nla_put(skb, IPV8_A_REACH_NEXTHOP, sizeof(ri->nexthop),
		    &ri->nexthop))
		goto cancel;
	if (nla_put_u8(skb, IPV8_A_REACH_ROLE, ri->role))
		goto cancel;
	if (ri->lladdr_valid &&
	    nla_put(skb, IPV8_A_REACH_LLADDR, ETH_ALEN, ri->lladdr))
		goto cancel;
	if (nla_put_u16(skb, IPV8_A_REACH_STATE, ri->state) ||
	    nla_put_u8(skb, IPV8_A_REACH_CAPS, ri->caps))
		goto cancel;

	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int ipv8_nl_reach_dump_one(const struct ipv8_reach_info *ri, void *arg)
{
	struct ipv8_nl_walk_dump *d = arg;
	int err;

	if (ipv8_nl_walk_skip(d))
		return 0;
	err = ipv8_nl_fill_reach(d->skb, d->net, ri,
				 NETLINK_CB(d->cb->skb).portid,
				 d->cb->nlh->nlmsg_seq, NLM_F_MULTI, NULL);
	return ipv8_nl_walk_sent(d, err);
}

static int ipv8_nl_reach_get_dumpit(struct sk_buff *skb,
				    struct netlink_callback *cb)
{
	struct ipv8_nl_walk_dump d = {
		.skb = skb, .cb = cb, .net = sock_net(skb->sk),
	};
	int err;

	rtnl_lock();
	err = ipv8_reach_walk(d.net, ipv8_nl_reach_dump_one, &d);
	rtnl_unlock();

	return ipv8_nl_walk_end(&d, err);
}

static int ipv8_nl_fill_peer(struct sk_buff *skb, struct net *net,
			     const struct ipv8_peer_info *pi, u32 portid,
			     u32 seq, int flags)
{
	struct net_device *dev;
	void *hdr;

	hdr = ipv8_nl_put_hdr(skb, portid, seq, flags, IPV8_CMD_PEER_GET, NULL);
	if (!hdr)
		return -EMSGSIZE;

	if (nla_put_u32(skb, IPV8_A_PEER_IFINDEX, pi->ifindex))
		goto cancel;
	dev = __dev_get_by_index(net, pi->ifindex);
	if (dev && nla_put_string(skb, IPV8_A_PEER_IFNAME, dev->name))
		goto cancel;
	if (nla_put_u32(skb, IPV8_A_PEER_ASN, pi->asn) ||
	    nla_put(skb, IPV8_A_PEER_ADDR, sizeof(pi->addr), &pi->addr) ||
	    nla_put_u16(skb, IPV8_A_PEER_STATE, pi->state) ||
	    nla_put_u8(skb, IPV8_A_PEER_CAPS, pi->caps))
		goto cancel;

	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int ipv8_nl_peer_dump_one(const struct ipv8_peer_info *pi, void *arg)
{
	struct ipv8_nl_walk_dump *d = arg;
	int err;

	if (ipv8_nl_walk_skip(d))
		return 0;
	err = ipv8_nl_fill_peer(d->skb, d->net, pi,
				NETLINK_CB(d->cb->skb).portid,
				d->cb->nlh->nlmsg_seq, NLM_F_MULTI);
	return ipv8_nl_walk_sent(d, err);
}

static int ipv8_nl_peer_get_dumpit(struct sk_buff *skb,
				   struct netlink_callback *cb)
{
	struct ipv8_nl_walk_dump d = {
		.skb = skb, .cb = cb, .net = sock_net(skb->sk),
	};
	int err;

	rtnl_lock();
	err = ipv8_peer_walk(d.net, ipv8_nl_peer_dump_one, &d);
	rtnl_unlock();

	return ipv8_nl_walk_end(&d, err);
}

/* ---- counters ---------------------------------------------------------- */

static int ipv8_nl_stats_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ipv8_net *ipn = ipv8_pernet(genl_info_net(info));
	struct sk_buff *msg;
	void *hdr;

	msg = ipv8_nl_reply_new(info);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &ipv8_genl_family, 0,
				IPV8_CMD_STATS_GET);
	if (!hdr || ipv8_nl_put_counters(msg, IPV8_A_STATS_COUNTERS,
					 ipn->stats)) {
		NL_SET_ERR_MSG(info->extack, "counters do not fit a reply");
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return ipv8_nl_reply(msg, info);
}

/* ---- the family -------------------------------------------------------- */

/* BENCH_FIB (bench.c), with a message on every refusal. */
static int ipv8_nl_bench_doit(struct sk_buff *skb, struct genl_info *info)
{
	int err = ipv8_nl_bench_fib_doit(skb, info);

	ipv8_nl_explain(info->extack, err, "benchmark failed");
	return err;
}

static const struct genl_ops ipv8_genl_ops[] = {
	{
		.cmd		= IPV8_CMD_LINK_GET,
		.doit		= ipv8_nl_link_get_doit,
		.dumpit		= ipv8_nl_link_get_dumpit,
		.policy		= ipv8_link_policy,
		.maxattr	= IPV8_A_LINK_MAX,
	},
	{
		.cmd		= IPV8_CMD_LINK_SET,
		.flags		= GENL_UNS_ADMIN_PERM,
		.doit		= ipv8_nl_link_set_doit,
		.policy		= ipv8_link_policy,
		.maxattr	= IPV8_A_LINK_MAX,
	},
	{
		.cmd		= IPV8_CMD_ADDR_GET,
		.dumpit		= ipv8_nl_addr_get_dumpit,
		.policy		= ipv8_addr_policy,
		.maxattr	= IPV8_A_ADDR_MAX,
	},
	{
		.cmd		= IPV8_CMD_ADDR_NEW,
		.flags		= GENL_UNS_ADMIN_PERM,
		.doit		= ipv8_nl_addr_new_doit,
		.policy		= ipv8_addr_policy,
		.maxattr	= IPV8_A_ADDR_MAX,
	},
	{
		.cmd		= IPV8_CMD_ADDR_DEL,
		.flags		= GENL_UNS_ADMIN_PERM,
		.doit		= ipv8_nl_addr_del_doit,
		.policy		= ipv8_addr_policy,
		.maxattr	= IPV8_A_ADDR_MAX,
	},
	{
		.cmd		= IPV8_CMD_STATS_GET,
		.doit		= ipv8_nl_stats_get_doit,
	},
	{
		.cmd		= IPV8_CMD_ROUTE_GET,
		.doit		= ipv8_nl_route_get_doit,
		.dumpit		= ipv8_nl_route_get_dumpit,
		.policy		= ipv8_route_policy,
		.maxattr	= IPV8_A_ROUTE_MAX,
	},
	{
		.cmd		= IPV8_CMD_ROUTE_NEW,
		.flags		= GENL_UNS_ADMIN_PERM,
		.doit		= ipv8_nl_route_new_doit,
		.policy		= ipv8_route_policy,
		.maxattr	= IPV8_A_ROUTE_MAX,
	},
	{
		.cmd		= IPV8_CMD_ROUTE_DEL,
		.flags		= GENL_UNS_ADMIN_PERM,
		.doit		= ipv8_nl_route_del_doit,
		.policy		= ipv8_route_policy,
		.maxattr	= IPV8_A_ROUTE_MAX,
	},
	{
		.cmd		= IPV8_CMD_NEIGH_GET,
		.dumpit		= ipv8_nl_neigh_get_dumpit,
		.policy		= ipv8_neigh_get_policy,
		.maxattr	= IPV8_A_NEIGH_MAX,
	},
	{
		.cmd		= IPV8_CMD_NEIGH_NEW,
		.flags		= GENL_UNS_ADMIN_PERM,
		.doit		= ipv8_nl_neigh_new_doit,
		.policy		= ipv8_neigh_new_policy,
		.maxattr	= IPV8_A_NEIGH_MAX,
	},
	{
		.cmd		= IPV8_CMD_NEIGH_DEL,
		.flags		= GENL_UNS_ADMIN_PERM,
		.doit		= ipv8_nl_neigh_del_doit,
		.policy		= ipv8_neigh_del_policy,
		.maxattr	= IPV8_A_NEIGH_MAX,
	},
	{
		.cmd		= IPV8_CMD_REACH_GET,
		.dumpit		= ipv8_nl_reach_get_dumpit,
		.policy		= ipv8_reach_policy,
		.maxattr	= IPV8_A_REACH_MAX,
	},
	{
		.cmd		= IPV8_CMD_PEER_GET,
		.dumpit		= ipv8_nl_peer_get_dumpit,
		.policy		= ipv8_peer_policy,
		.maxattr	= IPV8_A_PEER_MAX,
	},
	{
		.cmd		= IPV8_CMD_BENCH_FIB,
		.flags		= GENL_ADMIN_PERM,
		.doit		= ipv8_nl_bench_doit,
		.policy		= ipv8_bench_policy,
		.maxattr	= IPV8_A_BENCH_MAX,
	},
};

static const struct genl_multicast_group ipv8_mcgrps[] = {
	[IPV8_MCGRP_MONITOR_IDX] = { .name = IPV8_MCGRP_MONITOR },
};

static struct genl_family ipv8_genl_family __ro_after_init = {
	.name		= IPV8_GENL_NAME,
	.version	= IPV8_GENL_VERSION,
	.netnsok	= true,
	.module		= THIS_MODULE,
	.ops		= ipv8_genl_ops,
	.n_ops		= ARRAY_SIZE(ipv8_genl_ops),
	.mcgrps		= ipv8_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(ipv8_mcgrps),
};

int __init ipv8_genl_init(void)
{
	int err;

	err = genl_register_family(&ipv8_genl_family);
	if (err)
		return err;
	rtnl_lock();
	WRITE_ONCE(ipv8_genl_ready, true);
	rtnl_unlock();
	return 0;
}

void ipv8_genl_exit(void)
{
	rtnl_lock();
	WRITE_ONCE(ipv8_genl_ready, false);
	rtnl_unlock();
	/* ipv8_nl_notify_reach() senders still inside their RCU section */
	synchronize_rcu();
	genl_unregister_family(&ipv8_genl_family);
}
