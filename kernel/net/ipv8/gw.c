// SPDX-License-Identifier: GPL-2.0
/*
 * IPv8: liveness of parity gateway pairs (PROTOCOL.md section 7,
 * docs/protocol.md 9.3).
 *
 * Every gateway a pair route names is watched by its link: each
 * probe_interval the link sends it a unicast ARP8 request, answered in
 * time if the reply comes within half an interval. An unanswered probe of
 * a live gateway is repeated at once, so probe_misses of them take at most
 * probe_interval + probe_misses * probe_interval / 2 (250 ms with the
 * defaults, 3 packets at 10 per second); that many unanswered probes in a
 * row, a FAILED neighbour entry or the loss of carrier make it dead, and
 * holddown answers in a row (at the normal pace) bring it back. The packet
 * path only reads the choice mft.c stores in each route (ipv8_route_gw()).
 *
 * Lifetime: struct ipv8_gw entries hang off their ipv8_dev, added and
 * removed under RTNL, read under RCU, freed with kfree_rcu(). Their
 * counters and verdict are written under ipv8_dev.gw_lock; the verdict is
 * read locklessly. The probe timer runs while the list is not empty and is
 * shut down, waiting for a running tick, before the ipv8_dev goes away.
 */

#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "ipv8.h"

/**
 * struct ipv8_gw - a watched gateway
 * @list: entry in ipv8_dev.gws
 * @addr: its address
 * @users: pair routes naming it, RTNL
 * @alive: the verdict; written under gw_lock, read with READ_ONCE()
 * @probed: a probe went out at the last half-interval tick
 * @answered: and it was answered
 * @wait: half-interval ticks until the next probe
 * @misses: probes unanswered in a row
 * @streak: probes answered in a row while dead
 * @rcu: for kfree_rcu()
 */
struct ipv8_gw {
	struct list_head	list;
	struct in8_addr		addr;
	unsigned int		users;
	bool			alive;
	bool			probed;
	bool			answered;
	u8			wait;
	u32			misses;
	u32			streak;
	struct rcu_head		rcu;
};

/* Caller holds RTNL or RCU. */
static struct ipv8_gw *ipv8_gw_find(struct ipv8_dev *idev,
				    const struct in8_addr *addr)
{
	struct ipv8_gw *gw;

	list_for_each_entry_rcu(gw, &idev->gws, list, lockdep_rtnl_is_held())
		if (ipv8_addr_equal(&gw->addr, addr))
			return gw;
	return NULL;
}

/* Unwatched gateways count as alive. Caller holds RCU. */
static bool ipv8_gw_alive(struct ipv8_dev *idev, const struct in8_addr *addr)
{
	struct ipv8_gw *gw = ipv8_gw_find(idev, addr);

	return !gw || READ_ONCE(gw->alive);
}

/**
 * ipv8_gw_choose() - the gateway the verdicts choose for a route
 * @idev: the route's link
 * @rt: the route
 *
 * The primary, unless it is dead and the secondary is not; with both dead
 * the primary stays, and neighbour resolution decides. Packets do not ask
 * this: mft.c stores the answer in the route when a verdict flips.
 * Caller holds RCU or RTNL.
 *
 * Return: @rt->gw or @rt->gw2.
 */
const struct in8_addr *ipv8_gw_choose(struct ipv8_dev *idev,
				      const struct ipv8_route *rt)
{
	if (ipv8_addr_any(&rt->gw2) || ipv8_gw_alive(idev, &rt->gw) ||
	    !ipv8_gw_alive(idev, &rt->gw2))
		return &rt->gw;
	return &rt->gw2;
}

/* The clock ticks every half probe_interval. */
static void ipv8_gw_arm(struct ipv8_dev *idev)
{
	mod_timer(&idev->gw_timer, jiffies +
		  msecs_to_jiffies(READ_ONCE(idev->probe_interval) / 2));
}

/*
 * Judge the probe sent at the previous tick, if any. Caller holds gw_lock.
 * Return: true when the verdict flipped.
 */
static bool ipv8_gw_judge(struct ipv8_gw *gw, u32 misses, u32 holddown)
{
	if (!gw->probed)
		return false;
	gw->probed = false;
	gw->wait = 1;		/* the next probe one interval after this */
	if (gw->answered) {
		gw->misses = 0;
		if (gw->alive || ++gw->streak < holddown)
			return false;
		WRITE_ONCE(gw->alive, true);
		return true;
	}
	gw->streak = 0;
	if (!gw->alive)
		return false;
	gw->wait = 0;		/* a live gateway missed: ask again now */
	if (++gw->misses < misses)
		return false;
	WRITE_ONCE(gw->alive, false);
	return true;
}

/* Half a probe_interval went by: judge the last probes, send the next. */
static void ipv8_gw_tick(struct timer_list *t)
{
	struct ipv8_dev *idev = from_timer(idev, t, gw_timer);
	bool up = netif_running(idev->dev) && netif_carrier_ok(idev->dev);
	u32 misses = READ_ONCE(idev->probe_misses);
	u32 holddown = READ_ONCE(idev->holddown);
	bool flipped = false, send;
	struct ipv8_gw *gw;

	rcu_read_lock();
	list_for_each_entry_rcu(gw, &idev->gws, list) {
		spin_lock(&idev->gw_lock);
		flipped |= ipv8_gw_judge(gw, misses, holddown);
		send = up && !gw->wait;
		if (send) {
			gw->probed = true;
			gw->answered = false;
		} else if (gw->wait) {
			gw->wait--;
		}
		spin_unlock(&idev->gw_lock);
		if (send)
			ipv8_neigh_probe_gw(idev, &gw->addr);
	}
	if (flipped)
		ipv8_mft_notify_dev(idev);
	if (!list_empty(&idev->gws))
		ipv8_gw_arm(idev);
	rcu_read_unlock();
}

/* Set a verdict from outside the clock. Caller holds RCU. */
static void ipv8_gw_kill(struct ipv8_dev *idev, struct ipv8_gw *gw)
{
	bool flipped;

	spin_lock_bh(&idev->gw_lock);
	flipped = gw->alive;
	WRITE_ONCE(gw->alive, false);
	gw->streak = 0;
	spin_unlock_bh(&idev->gw_lock);
	if (flipped)
		ipv8_mft_notify_dev(idev);
}

/**
 * ipv8_gw_answered() - an ARP8 reply came from a gateway
 * @idev: the link
 * @addr: the replying address
 *
 * Caller holds RCU.
 */
void ipv8_gw_answered(struct ipv8_dev *idev, const struct in8_addr *addr)
{
	struct ipv8_gw *gw = ipv8_gw_find(idev, addr);

	if (!gw)
		return;
	spin_lock_bh(&idev->gw_lock);
	gw->answered = true;
	spin_unlock_bh(&idev->gw_lock);
}

/**
 * ipv8_gw_failed() - a gateway's neighbour entry reached FAILED
 * @idev: the link
 * @addr: the gateway
 *
 * Caller holds RCU.
 */
void ipv8_gw_failed(struct ipv8_dev *idev, const struct in8_addr *addr)
{
	struct ipv8_gw *gw = ipv8_gw_find(idev, addr);

	if (gw)
		ipv8_gw_kill(idev, gw);
}

/**
 * ipv8_gw_carrier_lost() - every gateway of a link is dead
 * @idev: the link
 *
 * Caller holds RTNL.
 */
void ipv8_gw_carrier_lost(struct ipv8_dev *idev)
{
	struct ipv8_gw *gw;

	rcu_read_lock();
	list_for_each_entry_rcu(gw, &idev->gws, list)
		ipv8_gw_kill(idev, gw);
	rcu_read_unlock();
}

/**
 * ipv8_gw_liveness() - the verdict on a neighbour, for dumps
 * @idev: the link
 * @addr: the neighbour
 * @misses: probes it missed in a row
 *
 * Caller holds RCU.
 *
 * Return: enum ipv8_liveness.
 */
u8 ipv8_gw_liveness(struct ipv8_dev *idev, const struct in8_addr *addr,
		    u32 *misses)
{
	struct ipv8_gw *gw = ipv8_gw_find(idev, addr);

	*misses = gw ? READ_ONCE(gw->misses) : 0;
	if (!gw)
		return IPV8_LIVENESS_NONE;
	return READ_ONCE(gw->alive) ? IPV8_LIVENESS_ALIVE : IPV8_LIVENESS_DEAD;
}

/**
 * ipv8_gw_watch() - start watching a gateway, or count one more user
 * @idev: the link
 * @addr: the gateway
 *
 * A new gateway starts alive. Caller holds RTNL.
 *
 * Return: 0, or -ENOMEM.
 */
int ipv8_gw_watch(struct ipv8_dev *idev, const struct in8_addr *addr)
{
	struct ipv8_gw *gw;

	ASSERT_RTNL();
	gw = ipv8_gw_find(idev, addr);
	if (gw) {
		gw->users++;
		return 0;
	}
	gw = kzalloc(sizeof(*gw), GFP_KERNEL);
	if (!gw)
		return -ENOMEM;
	gw->addr = *addr;
	gw->users = 1;
	gw->alive = true;
	list_add_tail_rcu(&gw->list, &idev->gws);
	ipv8_gw_arm(idev);
	return 0;
}

/**
 * ipv8_gw_unwatch() - one user fewer; the last stops the watch
 * @idev: the link
 * @addr: the gateway
 *
 * Caller holds RTNL.
 */
void ipv8_gw_unwatch(struct ipv8_dev *idev, const struct in8_addr *addr)
{
	struct ipv8_gw *gw;

	ASSERT_RTNL();
	gw = ipv8_gw_find(idev, addr);
	if (!gw || --gw->users)
		return;
	list_del_rcu(&gw->list);
	kfree_rcu(gw, rcu);
	/* An empty list stops the clock at its next tick. */
}

void ipv8_gw_dev_init(struct ipv8_dev *idev)
{
	idev->probe_interval = IPV8_PROBE_INTERVAL_MS;
	idev->probe_misses = IPV8_PROBE_MISSES;
	idev->holddown = IPV8_HOLDDOWN;
	INIT_LIST_HEAD(&idev->gws);
	spin_lock_init(&idev->gw_lock);
	timer_setup(&idev->gw_timer, ipv8_gw_tick, 0);
}

/**
 * ipv8_gw_dev_exit() - stop the clock and forget every gateway
 * @idev: the link, being disabled; its routes are gone already
 *
 * Caller holds RTNL.
 */
void ipv8_gw_dev_exit(struct ipv8_dev *idev)
{
	struct ipv8_gw *gw, *tmp;

	ASSERT_RTNL();
	timer_shutdown_sync(&idev->gw_timer);
	list_for_each_entry_safe(gw, tmp, &idev->gws, list) {
		list_del_rcu(&gw->list);
		kfree_rcu(gw, rcu);
	}
}
