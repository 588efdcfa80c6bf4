// SPDX-License-Identifier: GPL-2.0
/*
 * IPv8: frame receive (ethertype 0x88B5), local delivery and forwarding.
 *
 * The checks run in a fixed order, each failure with a counter of its own
 * (enum ipv8_stat), in the manner of MPLS and MCTP; docs/protocol.md
 * section 4 is the list, and the numbers below are its rows. The value
 * 0x88B5 is 802.1 Local Experimental 1 and CAIF-over-USB uses it too, so
 * frames are only looked at on links where IPv8 has been enabled.
 */

#include <linux/etherdevice.h>
#include <linux/skbuff.h>
#include <linux/icmp.h>
#include <net/ip.h>

#include "ipv8.h"

/**
 * ipv8_local_deliver() - hand a packet for this host to its transport
 * @net: the namespace
 * @skb: the packet, network header at data; always consumed
 *
 * Raw sockets get a copy of everything; then the protocol's handler runs.
 * Caller holds RCU with bottom halves off.
 */
void ipv8_local_deliver(struct net *net, struct sk_buff *skb)
{
	unsigned int hlen = ipv8_hdr(skb)->ihl * 4;

	skb_pull(skb, hlen);
	skb_reset_transport_header(skb);
	ipv8_raw_deliver(net, skb);
	switch (ipv8_hdr(skb)->protocol) {
	case IPPROTO_ICMP:
		ipv8_icmp_rcv(net, skb);
		break;
	case IPPROTO_UDP:
		ipv8_udp_rcv(net, skb);
		break;
	default:
		consume_skb(skb);
		break;
	}
}

/* Decrement the TTL and patch the checksum, as ip_decrease_ttl(). */
static void ipv8_decrease_ttl(struct ipv8hdr *hdr)
{
	u32 check = (__force u32)hdr->check;

	check += (__force u32)htons(0x0100);
	hdr->check = (__force __sum16)(check + (check >= 0xffff));
	hdr->ttl--;
}

/*
 * Forward a packet that is not for us (docs/protocol.md 3.4) along @rt,
 * the FIB8 entry of its destination (NULL: none, for the reason @miss).
 * Returns 0 when it went on, else the drop counter; ICMP errors are sent
 * here. Caller holds RCU in softirq.
 */
static enum ipv8_stat ipv8_forward(struct net *net, struct ipv8_dev *in,
				   struct sk_buff *skb,
				   const struct ipv8_route *rt,
				   enum ipv8_fib_miss miss)
{
	struct ipv8hdr *hdr = ipv8_hdr(skb);
	struct ipv8_dev *out;
	struct in8_addr nh;
	enum ipv8_stat why;
	int err;

	if (!READ_ONCE(in->forwarding))
		return IPV8_STAT_RX_DROP_NOT_FORWARDING;
	/* Link-layer broadcasts and groups are never forwarded. */
	if (skb->pkt_type != PACKET_HOST ||
	    ipv8_asn_is_special(ntohl(hdr->daddr.s8_asn)) ||
	    ipv8_host_is_multicast(ntohl(hdr->daddr.s8_host)))
		return IPV8_STAT_RX_DROP_NO_ROUTE;
	why = ipv8_policy_forward(&hdr->saddr, &hdr->daddr);
	if (why)
		return why;

	err = ipv8_nexthop(rt, &hdr->daddr, miss, &nh);
	if (err) {
		ipv8_icmp_send(net, skb, ICMP_DEST_UNREACH,
			       err == -ENETUNREACH ? ICMPV8_ASN_UNREACH :
						     ICMP_NET_UNREACH, 0);
		return IPV8_STAT_RX_DROP_NO_ROUTE;
	}
	out = rt->idev;
	why = ipv8_policy_link(out, &hdr->saddr, &hdr->daddr);
	if (why)
		return why;
	if (hdr->ttl <= 1) {
		ipv8_icmp_send(net, skb, ICMP_TIME_EXCEEDED, ICMP_EXC_TTL, 0);
		return IPV8_STAT_RX_DROP_TTL;
	}
	if (skb->len > out->dev->mtu) {
		ipv8_icmp_send(net, skb, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED,
			       htonl(out->dev->mtu));
		return IPV8_STAT_RX_DROP_TOO_BIG;
	}
	/* A private copy of the header, with room for the next link's. */
	if (skb_cow(skb, LL_RESERVED_SPACE(out->dev)))
		return IPV8_STAT_RX_DROP_NOMEM;
	ipv8_decrease_ttl(ipv8_hdr(skb));

	ipv8_count(ipv8_pernet(net), in, IPV8_STAT_RX_FORWARDED);
	skb->dev = out->dev;
	skb_forward_csum(skb);
	ipv8_xmit(net, out, skb, &nh);
	return 0;
}

/*
 * Runs in softirq under rcu_read_lock() (the core holds it around packet
 * handlers). Always takes ownership of @skb.
 */
static int ipv8_rcv(struct sk_buff *skb, struct net_device *dev,
		    struct packet_type *pt, struct net_device *orig_dev)
{
	struct ipv8_net *ipn = ipv8_pernet(dev_net(dev));
	const struct ipv8_route *rt;
	const struct ipv8hdr *hdr;
	enum ipv8_fib_miss miss;
	struct ipv8_dev *idev;
	enum ipv8_stat reason;
	unsigned int hlen, len;

	ipv8_stats_inc(ipn->stats, IPV8_STAT_RX_PACKETS);

	/* 1. IPv8 enabled on this link? Only then is there a link to count on. */
	idev = ipv8_dev_get(dev);
	if (!idev) {
		ipv8_stats_inc(ipn->stats, IPV8_STAT_RX_DROP_LINK_DISABLED);
		kfree_skb(skb);
		return NET_RX_DROP;
	}
	ipv8_stats_inc(idev->stats, IPV8_STAT_RX_PACKETS);
	/* 2. Addressed to us at layer 2? */
	if (skb->pkt_type == PACKET_OTHERHOST) {
		reason = IPV8_STAT_RX_DROP_OTHERHOST;
		goto drop;
	}
	/* 3. Ours to modify. */
	skb = skb_share_check(skb, GFP_ATOMIC);
	if (!skb) {
		reason = IPV8_STAT_RX_DROP_NOMEM;
		goto count;	/* skb_share_check() freed it */
	}
	/* 4-6. A whole fixed header, version and IHL. */
	if (!pskb_may_pull(skb, IPV8_HLEN)) {
		reason = IPV8_STAT_RX_DROP_TRUNCATED;
		goto drop;
	}
	skb_reset_network_header(skb);
	hdr = ipv8_hdr(skb);
	if (hdr->version != IPV8_VERSION) {
		reason = IPV8_STAT_RX_DROP_VERSION;
		goto drop;
	}
	if (hdr->ihl < IPV8_IHL) {
		reason = IPV8_STAT_RX_DROP_IHL;
		goto drop;
	}
	/* 7. Options (IHL > 7) are accepted and skipped: pull them too. */
	hlen = hdr->ihl * 4;
	if (!pskb_may_pull(skb, hlen)) {
		reason = IPV8_STAT_RX_DROP_TRUNCATED;
		goto drop;
	}
	hdr = ipv8_hdr(skb);
	/* 8. Header checksum, RFC 1071 over ihl words, as IPv4. */
	if (unlikely(ip_fast_csum((const void *)hdr, hdr->ihl))) {
		reason = IPV8_STAT_RX_DROP_CHECKSUM;
		goto drop;
	}
	/* 9. Total length covers the header and fits the frame. */
	len = ntohs(hdr->tot_len);
	if (len < hlen || skb->len < len) {
		reason = IPV8_STAT_RX_DROP_TRUNCATED;
		goto drop;
	}
	/* Strip Ethernet padding; keeps CHECKSUM_COMPLETE right. */
	if (pskb_trim_rcsum(skb, len)) {
		reason = IPV8_STAT_RX_DROP_NOMEM;
		goto drop;
	}
	hdr = ipv8_hdr(skb);
	/* 10. No reassembly yet: fragments are dropped. */
	if (hdr->frag_off & htons(IP_MF | IP_OFFSET)) {
		reason = IPV8_STAT_RX_DROP_FRAGMENT;
		goto drop;
	}
	/* 11. Source address class. */
	if (!ipv8_src_valid(&hdr->saddr)) {
		reason = IPV8_STAT_RX_DROP_BAD_SOURCE;
		goto drop;
	}
	/* 12. Border and WAN rules of the receiving link. */
	reason = ipv8_policy_link(idev, &hdr->saddr, &hdr->daddr);
	if (reason)
		goto drop;
	/* 13, 14. For us, or on towards the next hop: one FIB8 lookup. */
	rt = ipv8_mft_lookup(dev_net(dev), &hdr->daddr, 0, &miss);
	if (ipv8_addr_is_broadcast(&hdr->daddr) ||
	    (rt && rt->type == IPV8_RT_LOCAL)) {
		ipv8_count(ipn, idev, IPV8_STAT_RX_DELIVERED);
		ipv8_local_deliver(dev_net(dev), skb);
		return NET_RX_SUCCESS;
	}
	reason = ipv8_forward(dev_net(dev), idev, skb, rt, miss);
	if (!reason)
		return NET_RX_SUCCESS;
drop:
	kfree_skb(skb);
count:
	ipv8_count(ipn, idev, reason);
	return NET_RX_DROP;
}

static struct packet_type ipv8_packet_type __read_mostly = {
	.type = cpu_to_be16(ETH_P_IPV8),
	.func = ipv8_rcv,
};

/* Both receive handlers: IPv8 frames here, ARP and ARP8 in neigh.c. */
int __init ipv8_rx_init(void)
{
	dev_add_pack(&ipv8_packet_type);
	return ipv8_neigh_init();
}

/* dev_remove_pack() waits for handlers still running (synchronize_net). */
void ipv8_rx_exit(void)
{
	ipv8_neigh_exit();
	dev_remove_pack(&ipv8_packet_type);
}
