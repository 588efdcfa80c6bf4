// SPDX-License-Identifier: GPL-2.0
/*
 * IPv8: ARP8 and the neighbour cache (PROTOCOL.md section 4, docs/protocol.md
 * section 6).
 *
 * ARP8 is RFC 826 ARP with protocol type 0x88B5 and 8-octet protocol
 * addresses. To resolve a next hop the stack sends an ARP8 request and, at
 * the same moment, a plain ARP probe for the host part (the dual probe); the
 * entry records which of the two answered, and output.c sends IPv8 only to
 * neighbours that answered ARP8.
 *
 * Lifetime: an entry is linked in ipv8_net.neigh_hash with one reference
 * owned by the table; a pending timer owns another, and so does every
 * caller between lookup and ipv8_neigh_put(). Unlinking marks the entry
 * dead under its lock, after which nothing re-arms the timer or queues on
 * it. Entries are unlinked only in process context (RTNL or the GC work),
 * which waits for a running timer with timer_delete_sync(), so no timer
 * outlives the module.
 *
 * Sending to a confirmed entry takes no lock and no reference: the entry
 * is found under RCU and its state, capabilities and link-layer address
 * are read under the @seq count that writers of the address bump.
 */

#include <linux/etherdevice.h>
#include <linux/icmp.h>
#include <linux/if_arp.h>
#include <linux/jhash.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "ipv8.h"

#define IPV8_NEIGH_QUEUE_LEN	101	/* pending packets per entry, as ARP */
#define IPV8_NEIGH_MAX		4096	/* entries per netns */
#define IPV8_NEIGH_GC_THRESH	(IPV8_NEIGH_MAX / 4 * 3)
#define IPV8_NEIGH_PROBES	3	/* probes before FAILED */
#define IPV8_NEIGH_RETRANS	HZ
#define IPV8_NEIGH_DELAY	(5 * HZ)
#define IPV8_NEIGH_STALE_GC	(60 * HZ)

/* RFC 826 header, then sha, spa, tha, tpa of ARP8 (8-octet addresses). */
struct ipv8_arp8_body {
	u8		sha[ETH_ALEN];
	struct in8_addr	spa;
	u8		tha[ETH_ALEN];
	struct in8_addr	tpa;
} __packed;

/* The same with IPv4's 4-octet addresses, for the plain half of the probe. */
struct ipv8_arp4_body {
	u8	sha[ETH_ALEN];
	__be32	spa;
	u8	tha[ETH_ALEN];
	__be32	tpa;
} __packed;

/**
 * struct ipv8_neigh - a neighbour entry
 * @hnode: entry in ipv8_net.neigh_hash
 * @gc: entry on a private list while being released
 * @dev: the link; valid while linked (see the file comment)
 * @addr: the neighbour's IPv8 address
 * @refcnt: references: the table's, a pending timer's, users'
 * @lock: guards everything below
 * @seq: bumped under @lock around changes of @ha, so that the send path
 *	reads @state, @caps and @ha together without @lock
 * @state: NUD_*
 * @caps: IPV8_NEIGH_CAP_*
 * @probes: probes sent since the last confirmation
 * @dead: unlinked; nothing may be queued or armed any more
 * @ha: link-layer address, valid in every state but NONE and INCOMPLETE
 *	(INCOMPLETE with CAP_V4: the plain ARP answer's)
 * @confirmed: jiffies of the last confirmation
 * @used: jiffies of the last packet sent
 * @reachable: this entry's reachable_time, random 15-45 s
 * @timer: state timer
 * @queue: packets waiting for resolution
 * @rcu: frees the entry after readers are gone
 */
struct ipv8_neigh {
	struct hlist_node	hnode;
	struct list_head	gc;
	struct net_device	*dev;
	struct in8_addr		addr;
	refcount_t		refcnt;
	spinlock_t		lock;	/* see above */
	seqcount_spinlock_t	seq;
	u16			state;
	u8			caps;
	u8			probes;
	bool			dead;
	u8			ha[ETH_ALEN];
	unsigned long		confirmed;
	unsigned long		used;
	unsigned long		reachable;
	struct timer_list	timer;
	struct sk_buff_head	queue;
	struct rcu_head		rcu;
};

static struct hlist_head *ipv8_neigh_bucket(struct ipv8_net *ipn,
					    const struct net_device *dev,
					    const struct in8_addr *addr)
{
	u32 h = jhash_3words((__force u32)addr->s8_asn,
			     (__force u32)addr->s8_host, dev->ifindex, 0);

	return &ipn->neigh_hash[hash_32(h, IPV8_NEIGH_HASH_BITS)];
}

/* Caller holds RCU or ipn->neigh_lock. */
static struct ipv8_neigh *ipv8_neigh_find(struct ipv8_net *ipn,
					  const struct net_device *dev,
					  const struct in8_addr *addr)
{
	struct ipv8_neigh *n;

	hlist_for_each_entry_rcu(n, ipv8_neigh_bucket(ipn, dev, addr), hnode,
				 lockdep_is_held(&ipn->neigh_lock))
		if (n->dev == dev && ipv8_addr_equal(&n->addr, addr))
			return n;
	return NULL;
}

static void ipv8_neigh_put(struct ipv8_neigh *n)
{
	if (refcount_dec_and_test(&n->refcnt))
		kfree_rcu(n, rcu);
}

/* Is the link-layer address of an entry in @state meaningful? */
static bool ipv8_neigh_lladdr_valid(u16 state)
{
	/* NUD_NONE is 0: it cannot be tested as a bit. */
	return state != NUD_NONE && !(state & (NUD_INCOMPLETE | NUD_FAILED));
}

/* Caller holds n->lock. A pending timer holds a reference. */
static void ipv8_neigh_arm(struct ipv8_neigh *n, unsigned long when)
{
	if (!mod_timer(&n->timer, when))
		refcount_inc(&n->refcnt);
}

/* Caller holds n->lock. */
static void ipv8_neigh_confirm(struct ipv8_neigh *n)
{
	n->state = NUD_REACHABLE;
	n->probes = 0;
	n->confirmed = jiffies;
	ipv8_neigh_arm(n, n->confirmed + n->reachable);
}

/* ---- ARP frames --------------------------------------------------------- */

/*
 * Send one ARP or ARP8 frame: @plen is 4 (plain ARP) or 8 (ARP8); @dest_hw
 * NULL means broadcast. The frame is padded to the Ethernet minimum so the
 * bytes on the wire are the same on every link type. Caller holds RCU.
 */
static void ipv8_arp_send(struct ipv8_dev *idev, u16 op, const u8 *dest_hw,
			  const void *spa, const u8 *tha, const void *tpa,
			  unsigned int plen)
{
	struct net_device *dev = idev->dev;
	unsigned int len = sizeof(struct arphdr) + 2 * (ETH_ALEN + plen);
	unsigned int pad = max_t(unsigned int, len, ETH_ZLEN - ETH_HLEN);
	struct sk_buff *skb;
	struct arphdr *arp;
	u8 *p;

	skb = alloc_skb(LL_RESERVED_SPACE(dev) + pad + dev->needed_tailroom,
			GFP_ATOMIC);
	if (!skb)
		return;
	skb_reserve(skb, LL_RESERVED_SPACE(dev));
	skb_reset_network_header(skb);
	arp = skb_put_zero(skb, pad);
	arp->ar_hrd = htons(ARPHRD_ETHER);
	arp->ar_pro = htons(plen == 8 ? ETH_P_IPV8 : ETH_P_IP);
	arp->ar_hln = ETH_ALEN;
	arp->ar_pln = plen;
	arp->ar_op = htons(op);
	p = (u8 *)(arp + 1);
	memcpy(p, dev->dev_addr, ETH_ALEN);
	memcpy(p + ETH_ALEN, spa, plen);
	if (tha)
		memcpy(p + ETH_ALEN + plen, tha, ETH_ALEN);
	memcpy(p + 2 * ETH_ALEN + plen, tpa, plen);

	skb->dev = dev;
	skb->protocol = htons(ETH_P_ARP);
	if (dev_hard_header(skb, dev, ETH_P_ARP, dest_hw ?: dev->broadcast,
			    dev->dev_addr, skb->len) < 0) {
		kfree_skb(skb);
		return;
	}
	ipv8_count(ipv8_pernet(dev_net(dev)), idev, IPV8_STAT_ARP_TX_PACKETS);
	dev_queue_xmit(skb);
}

/*
 * Probe @addr: a broadcast dual probe while INCOMPLETE, else a unicast
 * probe of the kind the neighbour answered. Caller holds RCU.
 */
static void ipv8_neigh_probe(struct net_device *dev,
			     const struct in8_addr *addr, const u8 *ha, u8 caps)
{
	struct ipv8_dev *idev = ipv8_dev_get(dev);
	struct in8_addr spa;
	__be32 any = 0;

	if (!idev)
		return;
	if (!ha || (caps & IPV8_NEIGH_CAP_V8)) {
		if (ipv8_select_saddr(dev_net(dev), dev, addr, &spa))
			return;
		ipv8_arp_send(idev, ARPOP_REQUEST, ha, &spa, NULL, addr, 8);
	}
	/* RFC 5227 probe form: IPv4 hosts answer and learn nothing. */
	if (!ha || !(caps & IPV8_NEIGH_CAP_V8))
		ipv8_arp_send(idev, ARPOP_REQUEST, ha, &any, NULL,
			      &addr->s8_host, 4);
}

/**
 * ipv8_neigh_announce() - send a gratuitous ARP8 for a new address
 * @idev: the link
 * @addr: the address
 *
 * A link that is down announces its addresses when it comes up instead.
 */
void ipv8_neigh_announce(struct ipv8_dev *idev, const struct in8_addr *addr)
{
	if (!netif_running(idev->dev) || !netif_carrier_ok(idev->dev))
		return;
	rcu_read_lock();
	ipv8_arp_send(idev, ARPOP_REQUEST, NULL, addr, NULL, addr, 8);
	rcu_read_unlock();
}

/* ---- sending through an entry ------------------------------------------ */

/* Send what waited for resolution, or fail it. Caller holds RCU, BH off. */
static void ipv8_neigh_drain(struct ipv8_neigh *n, struct sk_buff_head *q,
			     bool failed, const u8 *ha, u8 caps)
{
	struct net *net = dev_net(n->dev);
	struct ipv8_dev *idev = ipv8_dev_get(n->dev);
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(q))) {
		if (!idev) {
			kfree_skb(skb);
		} else if (failed) {
			ipv8_count(ipv8_pernet(net), idev,
				   IPV8_STAT_TX_DROP_NEIGH_FAILED);
			ipv8_icmp_send(net, skb, ICMP_DEST_UNREACH,
				       ICMP_HOST_UNREACH, 0);
			kfree_skb(skb);
		} else {
			ipv8_finish_xmit(net, idev, skb, ha, caps);
		}
	}
}

static void ipv8_neigh_timer(struct timer_list *t)
{
	struct ipv8_neigh *n = from_timer(n, t, timer);
	bool probe = false, drain = false, failed = false, dead = false;
	unsigned long now = jiffies;
	struct sk_buff_head q;
	u8 ha[ETH_ALEN];
	u8 caps;

	__skb_queue_head_init(&q);
	spin_lock(&n->lock);
	if (n->dead) {
		spin_unlock(&n->lock);
		goto out;
	}
	switch (n->state) {
	case NUD_INCOMPLETE:
		if (n->caps & IPV8_NEIGH_CAP_V4) {
			/* Only plain ARP answered within a retransmission. */
			ipv8_neigh_confirm(n);
			drain = true;
		} else if (n->probes >= IPV8_NEIGH_PROBES) {
			n->state = NUD_FAILED;
			drain = true;
			failed = true;
			dead = true;
		} else {
			n->probes++;
			probe = true;
			ipv8_neigh_arm(n, now + IPV8_NEIGH_RETRANS);
		}
		break;
	case NUD_REACHABLE:
		if (time_before(now, n->confirmed + n->reachable))
			ipv8_neigh_arm(n, n->confirmed + n->reachable);
		else
			n->state = NUD_STALE;
		break;
	case NUD_DELAY:
		n->state = NUD_PROBE;
		n->probes = 0;
		fallthrough;
	case NUD_PROBE:
		if (n->probes >= IPV8_NEIGH_PROBES) {
			n->state = NUD_FAILED;
			dead = true;
			break;
		}
		n->probes++;
		probe = true;
		ipv8_neigh_arm(n, now + IPV8_NEIGH_RETRANS);
		break;
	}
	if (drain)
		skb_queue_splice_init(&n->queue, &q);
	memcpy(ha, n->ha, ETH_ALEN);
	caps = n->caps;
	spin_unlock(&n->lock);

	rcu_read_lock();
	if (probe)
		ipv8_neigh_probe(n->dev, &n->addr,
				 n->state == NUD_INCOMPLETE ? NULL : ha, caps);
	ipv8_neigh_drain(n, &q, failed, ha, caps);
	if (dead && ipv8_dev_get(n->dev))
		ipv8_gw_failed(ipv8_dev_get(n->dev), &n->addr);
	rcu_read_unlock();
out:
	ipv8_neigh_put(n);
}

static void ipv8_neigh_schedule_gc(struct ipv8_net *ipn);

/*
 * A new entry for @addr on @idev's device, or the one that raced us; none
 * once the link closed its table (ipv8_neigh_dev_exit()): an entry holds
 * no reference on its device. Caller holds RCU.
 */
static struct ipv8_neigh *ipv8_neigh_create(struct ipv8_net *ipn,
					    struct ipv8_dev *idev,
					    const struct in8_addr *addr,
					    gfp_t gfp)
{
	struct net_device *dev = idev->dev;
	struct ipv8_neigh *n, *old;

	n = kzalloc(sizeof(*n), gfp);
	if (!n)
		return NULL;
	n->dev = dev;
	n->addr = *addr;
	refcount_set(&n->refcnt, 1);
	spin_lock_init(&n->lock);
	seqcount_spinlock_init(&n->seq, &n->lock);
	n->state = NUD_NONE;
	n->used = jiffies;
	n->reachable = 15 * HZ + get_random_u32_below(30 * HZ);
	timer_setup(&n->timer, ipv8_neigh_timer, 0);
	skb_queue_head_init(&n->queue);

	spin_lock_bh(&ipn->neigh_lock);
	old = ipv8_neigh_find(ipn, dev, addr);
	if (old || idev->neigh_closed || ipn->neigh_count >= IPV8_NEIGH_MAX) {
		spin_unlock_bh(&ipn->neigh_lock);
		kfree(n);
		ipv8_neigh_schedule_gc(ipn);
		return old;
	}
	hlist_add_head_rcu(&n->hnode, ipv8_neigh_bucket(ipn, dev, addr));
	if (++ipn->neigh_count > IPV8_NEIGH_GC_THRESH)
		ipv8_neigh_schedule_gc(ipn);
	spin_unlock_bh(&ipn->neigh_lock);
	return n;
}

/* The entry for @addr on @idev with a reference, created if needed. RCU. */
static struct ipv8_neigh *ipv8_neigh_get(struct ipv8_net *ipn,
					 struct ipv8_dev *idev,
					 const struct in8_addr *addr, gfp_t gfp)
{
	struct ipv8_neigh *n = ipv8_neigh_find(ipn, idev->dev, addr);

	if (!n)
		n = ipv8_neigh_create(ipn, idev, addr, gfp);
	if (n && !refcount_inc_not_zero(&n->refcnt))
		n = NULL;
	return n;
}

/*
 * The fast path of ipv8_neigh_output(): the link-layer address and
 * capabilities of a confirmed entry, read without its lock. A confirmed
 * entry needs no state change to be used. Caller holds RCU.
 */
static bool ipv8_neigh_read_confirmed(struct ipv8_neigh *n, u8 *ha, u8 *caps)
{
	unsigned int seq;
	u16 state;

	do {
		seq = read_seqcount_begin(&n->seq);
		state = READ_ONCE(n->state);
		*caps = READ_ONCE(n->caps);
		memcpy(ha, n->ha, ETH_ALEN);
	} while (read_seqcount_retry(&n->seq, seq));
	return (state & (NUD_REACHABLE | NUD_PERMANENT)) && !READ_ONCE(n->dead);
}

/**
 * ipv8_neigh_output() - send a packet to a neighbour, resolving it first
 * @net: the namespace
 * @idev: the output link
 * @skb: the IPv8 packet, network header at data; always consumed
 * @nexthop: the neighbour
 *
 * Caller holds RCU with bottom halves off.
 *
 * Return: 0 when sent or queued, else a negative errno.
 */
int ipv8_neigh_output(struct net *net, struct ipv8_dev *idev,
		      struct sk_buff *skb, const struct in8_addr *nexthop)
{
	struct ipv8_net *ipn = ipv8_pernet(net);
	struct sk_buff *old = NULL;
	bool send = false, probe = false;
	struct ipv8_neigh *n;
	u8 ha[ETH_ALEN];
	u8 caps = 0;

	n = ipv8_neigh_find(ipn, idev->dev, nexthop);
	if (n && ipv8_neigh_read_confirmed(n, ha, &caps)) {
		unsigned long now = jiffies;

		/* Only a new tick dirties the shared entry. */
		if (READ_ONCE(n->used) != now)
			WRITE_ONCE(n->used, now);
		ipv8_finish_xmit(net, idev, skb, ha, caps);
		return 0;
	}

	n = ipv8_neigh_get(ipn, idev, nexthop, GFP_ATOMIC);
	if (!n) {
		ipv8_count(ipn, idev, IPV8_STAT_TX_DROP_NEIGH_FAILED);
		kfree_skb(skb);
		return -ENOBUFS;
	}

	spin_lock(&n->lock);
	n->used = jiffies;
	switch (n->dead ? NUD_NOARP : n->state) {
	case NUD_NOARP:		/* the entry died under us: drop below */
		break;
	case NUD_NONE:
	case NUD_FAILED:
		n->state = NUD_INCOMPLETE;
		n->caps = 0;
		n->probes = 1;
		probe = true;
		ipv8_neigh_arm(n, jiffies + IPV8_NEIGH_RETRANS);
		fallthrough;
	case NUD_INCOMPLETE:
		if (skb_queue_len(&n->queue) >= IPV8_NEIGH_QUEUE_LEN)
			old = __skb_dequeue(&n->queue);
		__skb_queue_tail(&n->queue, skb);
		skb = NULL;
		break;
	case NUD_STALE:
		n->state = NUD_DELAY;
		ipv8_neigh_arm(n, jiffies + IPV8_NEIGH_DELAY);
		fallthrough;
	default:
		send = true;
		break;
	}
	memcpy(ha, n->ha, ETH_ALEN);
	caps = n->caps;
	spin_unlock(&n->lock);

	if (probe)
		ipv8_neigh_probe(n->dev, nexthop, NULL, 0);
	if (old) {
		ipv8_count(ipn, idev, IPV8_STAT_TX_DROP_QUEUE_FULL);
		kfree_skb(old);
	}
	if (send) {
		ipv8_finish_xmit(net, idev, skb, ha, caps);
	} else if (skb) {	/* the entry died under us */
		ipv8_count(ipn, idev, IPV8_STAT_TX_DROP_NEIGH_FAILED);
		kfree_skb(skb);
	}
	ipv8_neigh_put(n);
	return 0;
}

/*
 * Record what a neighbour told us. @confirm: an answer to our probe
 * (REACHABLE); else a request or announcement (STALE if the address is new
 * or moved). @create: make an entry if there is none. Caller holds RCU,
 * BH off.
 */
static void ipv8_neigh_learn(struct ipv8_dev *idev, const struct in8_addr *addr,
			     const u8 *ha, u8 cap, bool confirm, bool create)
{
	struct ipv8_net *ipn = ipv8_pernet(dev_net(idev->dev));
	struct ipv8_neigh *n;
	struct sk_buff_head q;
	bool drain = false;
	u8 caps;

	n = create ? ipv8_neigh_get(ipn, idev, addr, GFP_ATOMIC) :
		     ipv8_neigh_find(ipn, idev->dev, addr);
	if (!n || (!create && !refcount_inc_not_zero(&n->refcnt)))
		return;

	__skb_queue_head_init(&q);
	spin_lock(&n->lock);
	if (n->dead || n->state == NUD_PERMANENT)
		goto unlock;
	write_seqcount_begin(&n->seq);
	n->caps |= cap;
	if (confirm) {
		drain = n->state == NUD_INCOMPLETE;
		memcpy(n->ha, ha, ETH_ALEN);
		ipv8_neigh_confirm(n);
	} else if (!ipv8_neigh_lladdr_valid(n->state) ||
		   !ether_addr_equal(n->ha, ha)) {
		drain = n->state == NUD_INCOMPLETE;
		memcpy(n->ha, ha, ETH_ALEN);
		n->state = NUD_STALE;
	}
	write_seqcount_end(&n->seq);
	if (drain)
		skb_queue_splice_init(&n->queue, &q);
unlock:
	caps = n->caps;
	spin_unlock(&n->lock);
	ipv8_neigh_drain(n, &q, false, ha, caps);
	ipv8_neigh_put(n);
}

/*
 * A plain ARP reply to the probe half: note CAP_V4 on every entry of the
 * link whose host part answered. An entry still INCOMPLETE keeps waiting
 * for ARP8 until its retransmission timer; one in PROBE that never spoke
 * ARP8 is confirmed. Caller holds RCU, BH off.
 */
static void ipv8_neigh_learn_v4(struct ipv8_dev *idev, __be32 host,
				const u8 *ha)
{
	struct ipv8_net *ipn = ipv8_pernet(dev_net(idev->dev));
	struct ipv8_neigh *n;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ipn->neigh_hash); i++)
		hlist_for_each_entry_rcu(n, &ipn->neigh_hash[i], hnode) {
			if (n->dev != idev->dev || n->addr.s8_host != host)
				continue;
			spin_lock(&n->lock);
			if (!n->dead && n->state != NUD_PERMANENT) {
				write_seqcount_begin(&n->seq);
				n->caps |= IPV8_NEIGH_CAP_V4;
				if (n->state == NUD_INCOMPLETE)
					memcpy(n->ha, ha, ETH_ALEN);
				else if (n->state == NUD_PROBE &&
					 !(n->caps & IPV8_NEIGH_CAP_V8) &&
					 ether_addr_equal(n->ha, ha))
					ipv8_neigh_confirm(n);
				write_seqcount_end(&n->seq);
			}
			spin_unlock(&n->lock);
		}
}

/* ---- receive ----------------------------------------------------------- */

static void ipv8_arp8_rcv(struct ipv8_dev *idev, struct sk_buff *skb,
			  u16 op)
{
	struct ipv8_net *ipn = ipv8_pernet(dev_net(idev->dev));
	struct ipv8_arp8_body buf;
	const struct ipv8_arp8_body *b;
	const struct ipv8_ifaddr *ifa;
	bool probe, ours = false;

	ipv8_count(ipn, idev, IPV8_STAT_ARP_RX_PACKETS);
	b = skb_header_pointer(skb, sizeof(struct arphdr), sizeof(buf), &buf);
	probe = b && ipv8_addr_any(&b->spa);
	if (!b || (op != ARPOP_REQUEST && op != ARPOP_REPLY) ||
	    (!probe && !ipv8_src_valid(&b->spa)) ||
	    !is_valid_ether_addr(b->sha)) {
		ipv8_count(ipn, idev, IPV8_STAT_ARP_RX_DROP);
		return;
	}

	list_for_each_entry_rcu(ifa, &idev->addrs, list)
		if (ipv8_addr_equal(&ifa->addr, &b->tpa))
			ours = true;

	if (op == ARPOP_REPLY) {
		if (skb->pkt_type != PACKET_HOST)
			return;
		ipv8_neigh_learn(idev, &b->spa, b->sha, IPV8_NEIGH_CAP_V8,
				 true, false);
		ipv8_gw_answered(idev, &b->spa);
		return;
	}
	if (ours && !ipv8_addr_equal(&b->spa, &b->tpa))
		ipv8_arp_send(idev, ARPOP_REPLY, b->sha, &b->tpa, b->sha,
			      &b->spa, 8);
	/* Requests for us teach us the asker; others only refresh. */
	if (!probe)
		ipv8_neigh_learn(idev, &b->spa, b->sha, IPV8_NEIGH_CAP_V8,
				 false, ours && !ipv8_addr_equal(&b->spa, &b->tpa));
}

/*
 * Every ARP frame of the link, as a second handler beside the kernel's own
 * ARP: the skb is shared with it, so nothing here writes to it. A frame
 * that names protocol 0x88B5 is ARP8 and counted, as a drop when its
 * header is not Ethernet's with 8-octet addresses; one too short to name
 * a protocol belongs to nobody.
 */
static int ipv8_arp_rcv(struct sk_buff *skb, struct net_device *dev,
			struct packet_type *pt, struct net_device *orig_dev)
{
	const struct arphdr *arp;
	struct ipv8_dev *idev;
	struct arphdr abuf;
	__be16 pbuf;
	const __be16 *pro;

	idev = ipv8_dev_get(dev);
	pro = skb_header_pointer(skb, offsetof(struct arphdr, ar_pro),
				 sizeof(pbuf), &pbuf);
	if (!idev || !pro)
		goto out;
	arp = skb_header_pointer(skb, 0, sizeof(abuf), &abuf);
	if (arp && (arp->ar_hrd != htons(ARPHRD_ETHER) ||
		    arp->ar_hln != ETH_ALEN))
		arp = NULL;

	if (*pro == htons(ETH_P_IPV8)) {
		if (arp && arp->ar_pln == 8) {
			ipv8_arp8_rcv(idev, skb, ntohs(arp->ar_op));
		} else {
			struct ipv8_net *ipn = ipv8_pernet(dev_net(dev));

			ipv8_count(ipn, idev, IPV8_STAT_ARP_RX_PACKETS);
			ipv8_count(ipn, idev, IPV8_STAT_ARP_RX_DROP);
		}
	} else if (arp && arp->ar_pro == htons(ETH_P_IP) &&
		   arp->ar_pln == 4 && arp->ar_op == htons(ARPOP_REPLY) &&
		   skb->pkt_type == PACKET_HOST) {
		struct ipv8_arp4_body buf;
		const struct ipv8_arp4_body *b;

		b = skb_header_pointer(skb, sizeof(*arp), sizeof(buf), &buf);
		if (b && is_valid_ether_addr(b->sha))
			ipv8_neigh_learn_v4(idev, b->spa, b->sha);
	}
out:
	consume_skb(skb);
	return NET_RX_SUCCESS;
}

static struct packet_type ipv8_arp_packet_type __read_mostly = {
	.type = cpu_to_be16(ETH_P_ARP),
	.func = ipv8_arp_rcv,
};

/* ---- configuration and teardown (process context) ----------------------- */

/* Unlink @n; caller holds ipn->neigh_lock and puts @n on @gc. */
static void ipv8_neigh_unlink(struct ipv8_net *ipn, struct ipv8_neigh *n,
			      struct list_head *gc)
{
	hlist_del_rcu(&n->hnode);
	ipn->neigh_count--;
	spin_lock(&n->lock);
	n->dead = true;
	spin_unlock(&n->lock);
	list_add_tail(&n->gc, gc);
}

/* Drop the table's reference of unlinked entries; may sleep. */
static void ipv8_neigh_release(struct list_head *gc)
{
	struct ipv8_neigh *n, *tmp;

	list_for_each_entry_safe(n, tmp, gc, gc) {
		if (timer_delete_sync(&n->timer))
			ipv8_neigh_put(n);
		skb_queue_purge(&n->queue);
		ipv8_neigh_put(n);
	}
}

/* Unlink the entries @match picks; may sleep. */
static void ipv8_neigh_purge(struct ipv8_net *ipn,
			     bool (*match)(struct ipv8_neigh *n,
					   const void *arg),
			     const void *arg)
{
	struct ipv8_neigh *n;
	struct hlist_node *tmp;
	unsigned int i;
	LIST_HEAD(gc);

	spin_lock_bh(&ipn->neigh_lock);
	for (i = 0; i < ARRAY_SIZE(ipn->neigh_hash); i++)
		hlist_for_each_entry_safe(n, tmp, &ipn->neigh_hash[i], hnode)
			if (match(n, arg))
				ipv8_neigh_unlink(ipn, n, &gc);
	spin_unlock_bh(&ipn->neigh_lock);
	ipv8_neigh_release(&gc);
}

/* GC: FAILED entries, and STALE or never-used ones idle for a minute. */
static bool ipv8_neigh_gc_match(struct ipv8_neigh *n, const void *arg)
{
	u16 state = READ_ONCE(n->state);

	return state == NUD_FAILED ||
	       ((state == NUD_STALE || state == NUD_NONE) &&
		time_after(jiffies, READ_ONCE(n->used) + IPV8_NEIGH_STALE_GC));
}

static void ipv8_neigh_gc_work(struct work_struct *work)
{
	struct ipv8_net *ipn = container_of(work, struct ipv8_net, neigh_gc);

	ipv8_neigh_purge(ipn, ipv8_neigh_gc_match, NULL);
}

static void ipv8_neigh_schedule_gc(struct ipv8_net *ipn)
{
	schedule_work(&ipn->neigh_gc);
}

struct ipv8_neigh_flush_arg {
	struct net_device	*dev;
	bool			all;
};

static bool ipv8_neigh_flush_match(struct ipv8_neigh *n, const void *arg)
{
	const struct ipv8_neigh_flush_arg *fa = arg;

	return n->dev == fa->dev &&
	       (fa->all || READ_ONCE(n->state) != NUD_PERMANENT);
}

/**
 * ipv8_neigh_flush_dev() - remove a link's neighbour entries
 * @idev: the link
 * @all: static (PERMANENT) entries too
 *
 * Caller holds RTNL.
 */
void ipv8_neigh_flush_dev(struct ipv8_dev *idev, bool all)
{
	struct ipv8_neigh_flush_arg fa = { .dev = idev->dev, .all = all };

	ASSERT_RTNL();
	ipv8_neigh_purge(ipv8_pernet(dev_net(idev->dev)),
			 ipv8_neigh_flush_match, &fa);
}

/**
 * ipv8_neigh_dev_exit() - close a departing link's neighbour table
 * @idev: the link, about to leave its namespace's table of links
 *
 * Packets and ARP8 frames still in flight hold @idev under RCU and would
 * create entries on it after a flush; once this returns they cannot, and
 * the link has none left. Caller holds RTNL.
 */
void ipv8_neigh_dev_exit(struct ipv8_dev *idev)
{
	struct ipv8_net *ipn = ipv8_pernet(dev_net(idev->dev));

	spin_lock_bh(&ipn->neigh_lock);
	idev->neigh_closed = true;
	spin_unlock_bh(&ipn->neigh_lock);
	ipv8_neigh_flush_dev(idev, true);
}

static bool ipv8_neigh_is(struct ipv8_neigh *n, const void *arg)
{
	return n == arg;
}

/**
 * ipv8_neigh_delete() - remove one neighbour entry
 * @idev: the link
 * @addr: the neighbour
 *
 * Caller holds RTNL.
 *
 * Return: 0, or -ENOENT.
 */
int ipv8_neigh_delete(struct ipv8_dev *idev, const struct in8_addr *addr)
{
	struct ipv8_net *ipn = ipv8_pernet(dev_net(idev->dev));
	struct ipv8_neigh *n;

	ASSERT_RTNL();
	rcu_read_lock();
	n = ipv8_neigh_find(ipn, idev->dev, addr);
	rcu_read_unlock();
	if (!n)
		return -ENOENT;
	/* Only RTNL unlinks besides the GC, which re-checks by identity. */
	ipv8_neigh_purge(ipn, ipv8_neigh_is, n);
	return 0;
}

/**
 * ipv8_neigh_add_static() - add or replace a PERMANENT entry
 * @idev: the link
 * @addr: the neighbour
 * @lladdr: its link-layer address
 * @caps: IPV8_NEIGH_CAP_* to record
 * @extack: where to say why not
 *
 * Caller holds RTNL.
 *
 * Return: 0, or a negative errno.
 */
int ipv8_neigh_add_static(struct ipv8_dev *idev, const struct in8_addr *addr,
			  const u8 *lladdr, u8 caps,
			  struct netlink_ext_ack *extack)
{
	struct ipv8_net *ipn = ipv8_pernet(dev_net(idev->dev));
	struct ipv8_neigh *n;
	struct sk_buff_head q;

	ASSERT_RTNL();
	if (!ipv8_src_valid(addr) || !addr->s8_asn) {
		NL_SET_ERR_MSG(extack, "neighbour must be a unicast IPv8 address");
		return -EINVAL;
	}
	if (!is_valid_ether_addr(lladdr)) {
		NL_SET_ERR_MSG(extack, "link-layer address must be unicast");
		return -EINVAL;
	}
	rcu_read_lock();
	n = ipv8_neigh_get(ipn, idev, addr, GFP_ATOMIC);
	rcu_read_unlock();
	if (!n) {
		NL_SET_ERR_MSG(extack, "neighbour table is full");
		return -ENOBUFS;
	}
	__skb_queue_head_init(&q);
	spin_lock_bh(&n->lock);
	if (timer_delete(&n->timer))
		refcount_dec(&n->refcnt);	/* not the last: we hold one */
	if (n->state == NUD_INCOMPLETE)
		skb_queue_splice_init(&n->queue, &q);
	write_seqcount_begin(&n->seq);
	n->state = NUD_PERMANENT;
	n->caps = caps;
	n->probes = 0;
	n->confirmed = jiffies;
	memcpy(n->ha, lladdr, ETH_ALEN);
	write_seqcount_end(&n->seq);
	spin_unlock_bh(&n->lock);

	local_bh_disable();
	rcu_read_lock();
	ipv8_neigh_drain(n, &q, false, lladdr, caps);
	rcu_read_unlock();
	local_bh_enable();
	ipv8_neigh_put(n);
	return 0;
}

/* Fill @ni from @n; false if @n is dead. */
static bool ipv8_neigh_fill(struct ipv8_neigh *n, struct ipv8_neigh_info *ni)
{
	struct ipv8_dev *idev;

	spin_lock_bh(&n->lock);
	if (n->dead) {
		spin_unlock_bh(&n->lock);
		return false;
	}
	ni->ifindex = n->dev->ifindex;
	ni->addr = n->addr;
	ni->state = n->state;
	ni->caps = n->caps;
	ni->probes = n->probes;
	ni->lladdr_valid = ipv8_neigh_lladdr_valid(n->state);
	memcpy(ni->lladdr, n->ha, ETH_ALEN);
	ni->confirmed_ms = n->confirmed ?
		jiffies_to_msecs(jiffies - n->confirmed) : 0;
	spin_unlock_bh(&n->lock);
	idev = ipv8_dev_get(n->dev);
	ni->liveness = idev ? ipv8_gw_liveness(idev, &n->addr, &ni->misses) :
			      IPV8_LIVENESS_NONE;
	return true;
}

/**
 * ipv8_neigh_snapshot() - the state of one entry
 * @dev: the link
 * @addr: the neighbour
 * @ni: filled in
 *
 * Caller holds RCU.
 *
 * Return: false when there is no entry.
 */
bool ipv8_neigh_snapshot(struct net_device *dev, const struct in8_addr *addr,
			 struct ipv8_neigh_info *ni)
{
	struct ipv8_neigh *n;

	n = ipv8_neigh_find(ipv8_pernet(dev_net(dev)), dev, addr);
	return n && ipv8_neigh_fill(n, ni);
}

/**
 * ipv8_neigh_probe_gw() - send a gateway its liveness probe
 * @idev: the link
 * @addr: the gateway
 *
 * A unicast ARP8 request to the known address, or a broadcast one while
 * there is none; the entry is made if missing, so that the answer
 * confirms it and failover finds the secondary resolved. The entry's own
 * state machine is left alone. Caller holds RCU.
 */
void ipv8_neigh_probe_gw(struct ipv8_dev *idev, const struct in8_addr *addr)
{
	struct ipv8_net *ipn = ipv8_pernet(dev_net(idev->dev));
	struct ipv8_neigh *n;
	struct in8_addr spa;
	u8 ha[ETH_ALEN];
	bool known;

	n = ipv8_neigh_get(ipn, idev, addr, GFP_ATOMIC);
	if (!n)
		return;
	spin_lock_bh(&n->lock);
	known = ipv8_neigh_lladdr_valid(n->state);
	memcpy(ha, n->ha, ETH_ALEN);
	spin_unlock_bh(&n->lock);
	ipv8_neigh_put(n);

	if (ipv8_select_saddr(dev_net(idev->dev), idev->dev, addr, &spa))
		return;
	ipv8_arp_send(idev, ARPOP_REQUEST, known ? ha : NULL, &spa, NULL,
		      addr, 8);
}

/**
 * ipv8_neigh_walk() - visit a snapshot of every entry
 * @net: the namespace
 * @ifindex: only this link's entries, or 0 for all
 * @fn: called for each; a non-zero return stops the walk
 * @arg: passed to @fn
 *
 * Return: what @fn returned last.
 */
int ipv8_neigh_walk(struct net *net, int ifindex,
		    int (*fn)(const struct ipv8_neigh_info *ni, void *arg),
		    void *arg)
{
	struct ipv8_net *ipn = ipv8_pernet(net);
	struct ipv8_neigh_info ni;
	struct ipv8_neigh *n;
	unsigned int i;
	int ret = 0;

	rcu_read_lock();
	for (i = 0; i < ARRAY_SIZE(ipn->neigh_hash) && !ret; i++)
		hlist_for_each_entry_rcu(n, &ipn->neigh_hash[i], hnode) {
			if (ifindex && n->dev->ifindex != ifindex)
				continue;
			if (!ipv8_neigh_fill(n, &ni))
				continue;
			ret = fn(&ni, arg);
			if (ret)
				break;
		}
	rcu_read_unlock();
	return ret;
}

void ipv8_neigh_net_init(struct ipv8_net *ipn)
{
	spin_lock_init(&ipn->neigh_lock);
	INIT_WORK(&ipn->neigh_gc, ipv8_neigh_gc_work);
}

static bool ipv8_neigh_any(struct ipv8_neigh *n, const void *arg)
{
	return true;
}

void ipv8_neigh_net_exit(struct ipv8_net *ipn)
{
	cancel_work_sync(&ipn->neigh_gc);
	ipv8_neigh_purge(ipn, ipv8_neigh_any, NULL);
}

int __init ipv8_neigh_init(void)
{
	dev_add_pack(&ipv8_arp_packet_type);
	return 0;
}

void ipv8_neigh_exit(void)
{
	dev_remove_pack(&ipv8_arp_packet_type);
}
