// SPDX-License-Identifier: GPL-2.0
/*
 * IPv8: choosing the way out, building the header, and the last step onto
 * a link: as IPv8 to a neighbour that answered ARP8, as stripped IPv4 to an
 * IPv4-only neighbour in the sender's own ASN, or not at all (PROTOCOL.md
 * sections 3 and 7; docs/protocol.md section 5).
 */

#include <linux/etherdevice.h>
#include <linux/icmp.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip.h>

#include "ipv8.h"

/* Can @ifa be the source of a packet to @daddr? */
static bool ipv8_saddr_usable(const struct ipv8_ifaddr *ifa,
			      const struct in8_addr *daddr)
{
	/* RINE addresses never leave their peering link as a source. */
	return !ipv8_asn_is_rine(ntohl(ifa->addr.s8_asn)) ||
	       ipv8_subnet_holds(ifa, daddr);
}

/*
 * Source selection (docs/protocol.md 9.1): on the output link, an address
 * whose subnet holds the destination, else one of the destination's ASN,
 * else the link's first; a link with nothing usable borrows the first
 * usable address of any link. Caller holds RCU.
 */
int ipv8_select_saddr(struct net *net, const struct net_device *dev,
		      const struct in8_addr *daddr, struct in8_addr *saddr)
{
	struct ipv8_net *ipn = ipv8_pernet(net);
	const struct ipv8_ifaddr *ifa, *pick = NULL;
	struct ipv8_dev *idev = dev ? ipv8_dev_get(dev) : NULL;
	unsigned int i;

	if (idev) {
		list_for_each_entry_rcu(ifa, &idev->addrs, list) {
			if (ipv8_subnet_holds(ifa, daddr)) {
				pick = ifa;
				break;
			}
			if (!ipv8_saddr_usable(ifa, daddr))
				continue;
			if (!pick || (ifa->addr.s8_asn == daddr->s8_asn &&
				      pick->addr.s8_asn != daddr->s8_asn))
				pick = ifa;
		}
	}
	for (i = 0; !pick && i < ARRAY_SIZE(ipn->dev_hash); i++)
		hlist_for_each_entry_rcu(idev, &ipn->dev_hash[i], hnode)
			list_for_each_entry_rcu(ifa, &idev->addrs, list)
				if (!pick && ipv8_saddr_usable(ifa, daddr))
					pick = ifa;
	if (!pick)
		return -EADDRNOTAVAIL;
	*saddr = pick->addr;
	return 0;
}

/**
 * ipv8_nexthop() - the link and next hop of a FIB8 entry
 * @rt: the entry packets to @daddr use (ipv8_mft_lookup()), or NULL
 * @daddr: the destination
 * @miss: why @rt is NULL
 * @nh: the address to resolve on @rt->idev: the gateway in use, or
 *	@daddr itself on-link
 *
 * Caller holds RCU.
 *
 * Return: 0, -ENETUNREACH when nothing names the destination's ASN, or
 * -EHOSTUNREACH when routes name the ASN but none covers the host.
 */
int ipv8_nexthop(const struct ipv8_route *rt, const struct in8_addr *daddr,
		 enum ipv8_fib_miss miss, struct in8_addr *nh)
{
	if (!rt)
		return miss == IPV8_FIB_MISS_HOST ? -EHOSTUNREACH :
						    -ENETUNREACH;
	*nh = ipv8_addr_any(&rt->gw) ? *daddr : *ipv8_route_gw(rt);
	return 0;
}

/**
 * ipv8_route_output() - route a packet this host originates
 * @net: the namespace
 * @fl: the flow; an all-zero @fl->saddr is filled in
 * @out: where the answer goes; on success, ipv8_out_put() releases it
 *
 * Return: 0, -ENETUNREACH or -EHOSTUNREACH (no route), -EADDRNOTAVAIL (no
 * source address), or -EPERM (a border or WAN rule forbids the packet).
 */
int ipv8_route_output(struct net *net, struct ipv8_flow *fl,
		      struct ipv8_out *out)
{
	const struct ipv8_route *rt;
	enum ipv8_fib_miss miss;
	struct ipv8_dev *idev;
	enum ipv8_stat why;
	int err;

	memset(out, 0, sizeof(*out));
	if (!fl->daddr.s8_asn)
		return -ENETUNREACH;	/* IPv4: AF_INET's business */

	rcu_read_lock();
	if (ipv8_addr_is_broadcast(&fl->daddr)) {
		struct net_device *dev = fl->oif ?
			dev_get_by_index_rcu(net, fl->oif) : NULL;

		/* A broadcast leaves through the link the sender names. */
		idev = dev ? ipv8_dev_get(dev) : NULL;
		err = -ENETUNREACH;
		if (!idev)
			goto out_unlock;
		out->broadcast = true;
		out->nexthop = fl->daddr;
	} else {
		/* A loopback host part never goes on the wire. */
		err = -ENETUNREACH;
		if (ipv8_host_is_loopback(ntohl(fl->daddr.s8_host)))
			goto out_unlock;
		/* A local address is local whatever link the sender names. */
		rt = ipv8_mft_lookup(net, &fl->daddr, 0, &miss);
		if (fl->oif && rt && rt->type != IPV8_RT_LOCAL)
			rt = ipv8_mft_lookup(net, &fl->daddr, fl->oif, &miss);
		err = ipv8_nexthop(rt, &fl->daddr, miss, &out->nexthop);
		if (err)
			goto out_unlock;
		idev = rt->idev;
		out->local = rt->type == IPV8_RT_LOCAL;
	}

	if (ipv8_addr_any(&fl->saddr) && !out->broadcast) {
		err = ipv8_select_saddr(net, idev->dev, &fl->daddr, &fl->saddr);
		if (err)
			goto out_unlock;
	}
	if (!out->local) {
		why = ipv8_policy_link(idev, &fl->saddr, &fl->daddr);
		if (why) {
			ipv8_count(ipv8_pernet(net), idev,
				   IPV8_STAT_TX_DROP_FILTERED);
			err = -EPERM;
			goto out_unlock;
		}
	}
	out->dev = idev->dev;
	out->mtu = idev->dev->mtu;
	netdev_hold(out->dev, &out->dev_tracker, GFP_ATOMIC);
	err = 0;
out_unlock:
	rcu_read_unlock();
	return err;
}

/* Release what ipv8_route_output() took. */
void ipv8_out_put(struct ipv8_out *out)
{
	netdev_put(out->dev, &out->dev_tracker);
	out->dev = NULL;
}

/* Fill in the header in front of @skb's network header. */
static void ipv8_build_header(struct sk_buff *skb, const struct ipv8_flow *fl)
{
	struct ipv8hdr *hdr = ipv8_hdr(skb);

	hdr->version = IPV8_VERSION;
	hdr->ihl = IPV8_IHL;
	hdr->tos = fl->tos;
	hdr->tot_len = htons(skb->len);
	hdr->id = htons(get_random_u16());
	hdr->frag_off = htons(IP_DF);	/* no fragmentation, ever */
	hdr->ttl = fl->ttl;
	hdr->protocol = fl->protocol;
	hdr->saddr = fl->saddr;
	hdr->daddr = fl->daddr;
	hdr->check = 0;
	hdr->check = ip_fast_csum((void *)hdr, IPV8_IHL);
}

/**
 * ipv8_output() - add the header to a transport message and send it
 * @net: the namespace
 * @skb: the message, with ipv8_out_headroom() in front; always consumed
 * @fl: the flow, its source filled in by ipv8_route_output()
 * @out: the answer of ipv8_route_output()
 *
 * Process or softirq context.
 *
 * Return: 0, or a negative errno when the packet could not be handed on.
 */
int ipv8_output(struct net *net, struct sk_buff *skb,
		const struct ipv8_flow *fl, const struct ipv8_out *out)
{
	struct ipv8_dev *idev;
	int err = 0;

	skb_push(skb, IPV8_HLEN);
	skb_reset_network_header(skb);
	ipv8_build_header(skb, fl);
	skb->protocol = htons(ETH_P_IPV8);
	skb->dev = out->dev;

	local_bh_disable();
	rcu_read_lock();
	if (out->local) {
		skb->pkt_type = PACKET_HOST;
		ipv8_local_deliver(net, skb);
		goto unlock;
	}
	idev = ipv8_dev_get(out->dev);
	if (!idev) {		/* IPv8 went off on the link meanwhile */
		kfree_skb(skb);
		err = -ENETUNREACH;
		goto unlock;
	}
	err = ipv8_xmit(net, idev, skb, &out->nexthop);
unlock:
	rcu_read_unlock();
	local_bh_enable();
	return err;
}

/*
 * An IPv8 packet for an IPv4-only neighbour in our own ASN becomes the IPv4
 * packet of docs/protocol.md section 5: same fields, host parts as the
 * addresses, transport checksums corrected for the smaller pseudo-header.
 */
static int ipv8_downgrade(struct sk_buff *skb)
{
	unsigned int hlen = ipv8_hdr(skb)->ihl * 4, opts = hlen - IPV8_HLEN;
	struct ipv8hdr h8 = *ipv8_hdr(skb);
	__sum16 *check = NULL;
	struct iphdr *iph;

	if (skb_ensure_writable(skb, hlen))
		return -ENOMEM;
	if (h8.protocol == IPPROTO_UDP &&
	    skb_ensure_writable(skb, hlen + sizeof(struct udphdr)) == 0)
		check = &((struct udphdr *)(skb->data + hlen))->check;
	else if (h8.protocol == IPPROTO_TCP &&
		 skb_ensure_writable(skb, hlen + sizeof(struct tcphdr)) == 0)
		check = &((struct tcphdr *)(skb->data + hlen))->check;
	if (check && (h8.protocol == IPPROTO_TCP || *check)) {
		csum_replace4(check, h8.saddr.s8_asn, 0);
		csum_replace4(check, h8.daddr.s8_asn, 0);
		if (h8.protocol == IPPROTO_UDP && !*check)
			*check = CSUM_MANGLED_0;
	}

	/* The 20-octet header ends where the 28-octet one did. */
	skb_pull(skb, IPV8_HLEN - sizeof(struct iphdr));
	skb_reset_network_header(skb);
	iph = ip_hdr(skb);
	iph->version = 4;
	iph->ihl = 5 + opts / 4;
	iph->tos = h8.tos;
	iph->tot_len = htons(ntohs(h8.tot_len) - (IPV8_HLEN - sizeof(*iph)));
	iph->id = h8.id;
	iph->frag_off = h8.frag_off;
	iph->ttl = h8.ttl;
	iph->protocol = h8.protocol;
	iph->saddr = h8.saddr.s8_host;
	iph->daddr = h8.daddr.s8_host;
	/* Options follow unchanged: they never moved. */
	iph->check = 0;
	iph->check = ip_fast_csum((void *)iph, iph->ihl);
	skb->protocol = htons(ETH_P_IP);
	return 0;
}

/* Does @idev hold an address of @asn? Caller holds RCU. */
static bool ipv8_dev_in_asn(struct ipv8_dev *idev, __be32 asn)
{
	const struct ipv8_ifaddr *ifa;

	list_for_each_entry_rcu(ifa, &idev->addrs, list)
		if (ifa->addr.s8_asn == asn)
			return true;
	return false;
}

/**
 * ipv8_finish_xmit() - put a packet on the link for a resolved next hop
 * @net: the namespace
 * @idev: the output link
 * @skb: the IPv8 packet, network header at data; always consumed
 * @lladdr: the next hop's link-layer address
 * @caps: what the next hop answered (IPV8_NEIGH_CAP_*)
 *
 * Caller holds RCU with bottom halves off.
 */
void ipv8_finish_xmit(struct net *net, struct ipv8_dev *idev,
		      struct sk_buff *skb, const u8 *lladdr, u8 caps)
{
	struct ipv8_net *ipn = ipv8_pernet(net);
	struct net_device *dev = idev->dev;
	enum ipv8_stat stat = IPV8_STAT_TX_PACKETS;

	if (!(caps & IPV8_NEIGH_CAP_V8)) {
		if (!ipv8_dev_in_asn(idev, ipv8_hdr(skb)->daddr.s8_asn)) {
			ipv8_count(ipn, idev, IPV8_STAT_TX_DROP_NO_V8_PATH);
			ipv8_icmp_send(net, skb, ICMP_DEST_UNREACH,
				       ICMPV8_NO_V8_PATH, 0);
			kfree_skb(skb);
			return;
		}
		if (ipv8_downgrade(skb)) {
			kfree_skb(skb);
			return;
		}
		stat = IPV8_STAT_TX_DOWNGRADED;
	}
	skb->dev = dev;
	if (dev_hard_header(skb, dev, ntohs(skb->protocol), lladdr, NULL,
			    skb->len) < 0) {
		kfree_skb(skb);
		return;
	}
	ipv8_count(ipn, idev, stat);
	dev_queue_xmit(skb);
}

/**
 * ipv8_xmit() - send an IPv8 packet to a next hop on a link
 * @net: the namespace
 * @idev: the output link
 * @skb: the packet, network header at data, room for a link header in
 *	front; always consumed
 * @nexthop: the neighbour to send it to
 *
 * Caller holds RCU with bottom halves off.
 *
 * Return: 0 when the packet was sent or queued for resolution, else a
 * negative errno.
 */
int ipv8_xmit(struct net *net, struct ipv8_dev *idev, struct sk_buff *skb,
	      const struct in8_addr *nexthop)
{
	skb->protocol = htons(ETH_P_IPV8);
	if (ipv8_addr_is_broadcast(nexthop)) {
		ipv8_finish_xmit(net, idev, skb, idev->dev->broadcast,
				 IPV8_NEIGH_CAP_V8);
		return 0;
	}
	return ipv8_neigh_output(net, idev, skb, nexthop);
}
