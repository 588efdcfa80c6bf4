// SPDX-License-Identifier: GPL-2.0
/*
 * IPv8: per-network-namespace state and counters.
 *
 * A loadable module cannot add fields to struct net, so the state hangs off
 * net_generic() under an id the core hands out at registration.
 */

#include <linux/rtnetlink.h>

#include "ipv8.h"

static unsigned int ipv8_net_id __read_mostly;

/**
 * ipv8_pernet() - IPv8 state of a network namespace
 * @net: the namespace
 *
 * Return: the state; valid as long as @net is.
 */
struct ipv8_net *ipv8_pernet(const struct net *net)
{
	return net_generic(net, ipv8_net_id);
}

static int __net_init ipv8_net_init(struct net *net)
{
	struct ipv8_net *ipn = ipv8_pernet(net);
	unsigned int i;

	ipn->stats = ipv8_stats_alloc();
	if (!ipn->stats)
		return -ENOMEM;
	/* net_generic() memory is zeroed: dev_hash starts empty. */
	ipn->gen = 1;	/* dumps treat a sequence of 0 as unset */
	if (ipv8_fib_init(&ipn->fib)) {
		free_percpu(ipn->stats);
		return -ENOMEM;
	}
	ipv8_neigh_net_init(ipn);
	ipv8_icmp_net_init(ipn);
	INIT_HLIST_HEAD(&ipn->raw_sockets);
	spin_lock_init(&ipn->raw_lock);
	for (i = 0; i < ARRAY_SIZE(ipn->udp_hash); i++)
		INIT_HLIST_HEAD(&ipn->udp_hash[i]);
	spin_lock_init(&ipn->udp_lock);
	return 0;
}

static void __net_exit ipv8_net_exit(struct net *net)
{
	struct ipv8_net *ipn = ipv8_pernet(net);
	unsigned int i;

	/*
	 * Devices of a dying netns are unregistered (and our notifier has
	 * disabled them) before subsystems exit, so nothing is left here.
	 */
	for (i = 0; i < ARRAY_SIZE(ipn->dev_hash); i++)
		WARN_ON_ONCE(!hlist_empty(&ipn->dev_hash[i]));
	ipv8_neigh_net_exit(ipn);
	WARN_ON_ONCE(!hlist_empty(&ipn->raw_sockets));
	for (i = 0; i < ARRAY_SIZE(ipn->udp_hash); i++)
		WARN_ON_ONCE(!hlist_empty(&ipn->udp_hash[i]));
	rtnl_lock();
	ipv8_fib_destroy(&ipn->fib);
	rtnl_unlock();
	free_percpu(ipn->stats);
}

static struct pernet_operations ipv8_net_ops = {
	.init = ipv8_net_init,
	.exit = ipv8_net_exit,
	.id   = &ipv8_net_id,
	.size = sizeof(struct ipv8_net),
};

int __init ipv8_netns_init(void)
{
	return register_pernet_subsys(&ipv8_net_ops);
}

void ipv8_netns_exit(void)
{
	unregister_pernet_subsys(&ipv8_net_ops);
}
