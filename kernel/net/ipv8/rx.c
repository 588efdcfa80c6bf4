// SPDX-License-Identifier: GPL-2.0
/*
 * IPv8: frame receive, ethertype 0x88B5.
 *
 * The checks run in a fixed order, each failure with a counter of its own
 * (enum ipv8_stat), in the manner of MPLS and MCTP. The value 0x88B5 is
 * 802.1 Local Experimental 1 and CAIF-over-USB uses it too, so frames are
 * only looked at on links where IPv8 has been enabled.
 */

#include <linux/etherdevice.h>
#include <linux/skbuff.h>
#include <net/ip.h>

#include "ipv8.h"

static inline const struct ipv8hdr *ipv8_hdr(const struct sk_buff *skb)
{
	return (const struct ipv8hdr *)skb_network_header(skb);
}

static bool ipv8_src_valid(const struct in8_addr *saddr)
{
	u32 asn = ntohl(saddr->s8_asn), host = ntohl(saddr->s8_host);

	/* A source names one sender: never a group, never the loopback. */
	return !ipv8_asn_is_special(asn) && !ipv8_host_is_multicast(host) &&
	       host != 0xffffffff && !ipv8_host_is_loopback(host);
}

/*
 * Runs in softirq under rcu_read_lock() (the core holds it around packet
 * handlers). Always takes ownership of @skb.
 */
static int ipv8_rcv(struct sk_buff *skb, struct net_device *dev,
		    struct packet_type *pt, struct net_device *orig_dev)
{
	struct ipv8_net *ipn = ipv8_pernet(dev_net(dev));
	const struct ipv8hdr *hdr;
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
	/* 4. A whole fixed header, version and IHL. */
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
	/* 5. Options (IHL > 7) are accepted and skipped: pull them too. */
	hlen = hdr->ihl * 4;
	if (!pskb_may_pull(skb, hlen)) {
		reason = IPV8_STAT_RX_DROP_TRUNCATED;
		goto drop;
	}
	hdr = ipv8_hdr(skb);
	/* 6. Header checksum, RFC 1071 over ihl words, as IPv4. */
	if (unlikely(ip_fast_csum((const void *)hdr, hdr->ihl))) {
		reason = IPV8_STAT_RX_DROP_CHECKSUM;
		goto drop;
	}
	/* 7. Total length covers the header and fits the frame. */
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
	/* 8. No reassembly yet: fragments are dropped. */
	if (hdr->frag_off & htons(IP_MF | IP_OFFSET)) {
		reason = IPV8_STAT_RX_DROP_FRAGMENT;
		goto drop;
	}
	/* 9. Source address class. */
	if (!ipv8_src_valid(&hdr->saddr)) {
		reason = IPV8_STAT_RX_DROP_BAD_SOURCE;
		goto drop;
	}
	/*
	 * 10. Route lookup. There is no local delivery or forwarding yet, so
	 * a well-formed packet ends here, counted.
	 */
	reason = IPV8_STAT_RX_DROP_NO_ROUTE;
drop:
	kfree_skb(skb);
count:
	ipv8_stats_inc(ipn->stats, reason);
	ipv8_stats_inc(idev->stats, reason);
	return NET_RX_DROP;
}

static struct packet_type ipv8_packet_type __read_mostly = {
	.type = cpu_to_be16(ETH_P_IPV8),
	.func = ipv8_rcv,
};

int __init ipv8_rx_init(void)
{
	dev_add_pack(&ipv8_packet_type);
	return 0;
}

/* dev_remove_pack() waits for handlers still running (synchronize_net). */
void ipv8_rx_exit(void)
{
	dev_remove_pack(&ipv8_packet_type);
}
