// SPDX-License-Identifier: GPL-2.0
/*
 * IPv8: per-link state and the netdevice notifier that keeps it in step
 * with the devices of each namespace.
 *
 * IPv8 is off on every link until userspace turns it on. Only Ethernet
 * links can carry it: the frame format and ARP8 both assume 6-octet
 * hardware addresses.
 */

#include <linux/hash.h>
#include <linux/if_arp.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "ipv8.h"

static struct hlist_head *ipv8_dev_bucket(struct ipv8_net *ipn, int ifindex)
{
	return &ipn->dev_hash[hash_32(ifindex, IPV8_DEV_HASH_BITS)];
}

/**
 * ipv8_dev_get() - IPv8 state of a device
 * @dev: the device
 *
 * Caller holds RTNL or rcu_read_lock(); the result is valid until that is
 * dropped.
 *
 * Return: the state, or NULL when IPv8 is off on @dev.
 */
struct ipv8_dev *ipv8_dev_get(const struct net_device *dev)
{
	struct ipv8_net *ipn = ipv8_pernet(dev_net(dev));
	struct ipv8_dev *idev;

	hlist_for_each_entry_rcu(idev, ipv8_dev_bucket(ipn, dev->ifindex),
				 hnode, lockdep_rtnl_is_held())
		if (idev->dev == dev)
			return idev;
	return NULL;
}

static bool ipv8_dev_capable(const struct net_device *dev,
			     struct netlink_ext_ack *extack)
{
	if (dev->type != ARPHRD_ETHER || dev->addr_len != ETH_ALEN ||
	    (dev->flags & IFF_LOOPBACK)) {
		NL_SET_ERR_MSG(extack, "IPv8 needs an Ethernet link");
		return false;
	}
	if (dev->mtu < IPV8_MIN_MTU) {
		NL_SET_ERR_MSG(extack, "link MTU is too small for IPv8");
		return false;
	}
	return true;
}

/**
 * ipv8_dev_enable() - turn IPv8 on for a device
 * @dev: the device
 * @extack: where to say why not
 *
 * Caller holds RTNL. Enabling an enabled link changes nothing.
 *
 * Return: 0, or a negative errno.
 */
int ipv8_dev_enable(struct net_device *dev, struct netlink_ext_ack *extack)
{
	struct ipv8_net *ipn = ipv8_pernet(dev_net(dev));
	struct ipv8_dev *idev;

	ASSERT_RTNL();
	if (ipv8_dev_get(dev))
		return 0;
	if (!ipv8_dev_capable(dev, extack))
		return -EOPNOTSUPP;

	idev = kzalloc(sizeof(*idev), GFP_KERNEL);
	if (!idev)
		return -ENOMEM;
	idev->stats = ipv8_stats_alloc();
	if (!idev->stats) {
		kfree(idev);
		return -ENOMEM;
	}
	INIT_LIST_HEAD(&idev->addrs);
	ipv8_gw_dev_init(idev);
	idev->dev = dev;
	netdev_hold(dev, &idev->dev_tracker, GFP_KERNEL);

	hlist_add_head_rcu(&idev->hnode, ipv8_dev_bucket(ipn, dev->ifindex));
	ipv8_net_changed(ipn);
	ipv8_nl_notify_link(dev);
	return 0;
}

static void ipv8_dev_free_rcu(struct rcu_head *head)
{
	struct ipv8_dev *idev = container_of(head, struct ipv8_dev, rcu);

	netdev_put(idev->dev, &idev->dev_tracker);
	free_percpu(idev->stats);
	kfree(idev);
}

/**
 * ipv8_dev_disable() - turn IPv8 off for a device, dropping routes and addresses
 * @dev: the device
 *
 * Caller holds RTNL. Each route through the link and each address removed
 * is announced, then the link.
 */
void ipv8_dev_disable(struct net_device *dev)
{
	struct ipv8_net *ipn = ipv8_pernet(dev_net(dev));
	struct ipv8_dev *idev;

	ASSERT_RTNL();
	idev = ipv8_dev_get(dev);
	if (!idev)
		return;

	ipv8_route_flush_dev(dev);
	ipv8_gw_dev_exit(idev);
	ipv8_neigh_dev_exit(idev);
	ipv8_addr_flush(idev);
	hlist_del_rcu(&idev->hnode);
	ipv8_net_changed(ipn);
	ipv8_nl_notify_link(dev);
	call_rcu(&idev->rcu, ipv8_dev_free_rcu);
}

/*
 * A link that loses its carrier or goes down forgets what it learnt about
 * its neighbours, as ARP does; one that comes up announces its addresses
 * (docs/protocol.md 6.2).
 */
static void ipv8_dev_link_changed(struct ipv8_dev *idev, unsigned long event)
{
	const struct ipv8_ifaddr *ifa;

	if (event == NETDEV_CHANGENAME)
		return;
	if (!netif_running(idev->dev) || !netif_carrier_ok(idev->dev)) {
		ipv8_gw_carrier_lost(idev);
		ipv8_neigh_flush_dev(idev, false);
		return;
	}
	if (event == NETDEV_UP || event == NETDEV_CHANGE)
		list_for_each_entry(ifa, &idev->addrs, list)
			ipv8_neigh_announce(idev, &ifa->addr);
}

static int ipv8_netdev_event(struct notifier_block *nb, unsigned long event,
			     void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct ipv8_net *ipn = ipv8_pernet(dev_net(dev));
	struct ipv8_dev *idev;

	switch (event) {
	case NETDEV_REGISTER:
		/* Link dumps list every device: make them notice. */
		ipv8_net_changed(ipn);
		break;
	case NETDEV_UNREGISTER:
		/* Also sent when a device leaves for another netns. */
		ipv8_dev_disable(dev);
		ipv8_net_changed(ipn);
		break;
	case NETDEV_UP:
	case NETDEV_DOWN:
	case NETDEV_CHANGE:
	case NETDEV_CHANGENAME:
		idev = ipv8_dev_get(dev);
		if (!idev)
			break;
		ipv8_dev_link_changed(idev, event);
		ipv8_net_changed(ipn);
		ipv8_nl_notify_link(dev);
		break;
	case NETDEV_CHANGEMTU:
		idev = ipv8_dev_get(dev);
		if (!idev)
			break;
		if (dev->mtu < IPV8_MIN_MTU)
			ipv8_dev_disable(dev);
		else
			ipv8_nl_notify_link(dev);
		ipv8_net_changed(ipn);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block ipv8_netdev_notifier = {
	.notifier_call = ipv8_netdev_event,
};

int __init ipv8_device_init(void)
{
	return register_netdevice_notifier(&ipv8_netdev_notifier);
}

/*
 * Unregistering replays NETDEV_UNREGISTER for every device of every netns,
 * which disables every link; rcu_barrier() then waits for the frees.
 */
void ipv8_device_exit(void)
{
	unregister_netdevice_notifier(&ipv8_netdev_notifier);
	rcu_barrier();
}
