// SPDX-License-Identifier: GPL-2.0
/*
 * IPv8: ICMPv8 (PROTOCOL.md section 5, docs/protocol.md section 7).
 *
 * ICMPv4's types and codes inside an IPv8 header, checksum over the message
 * alone. The stack answers echo requests and reports errors; everything
 * else that arrives goes to raw sockets only.
 */

#include <linux/icmp.h>
#include <linux/skbuff.h>
#include <net/checksum.h>
#include <net/ip.h>

#include "ipv8.h"

#define IPV8_ICMP_RATE		1000	/* errors per second, per netns */
#define IPV8_ICMP_BURST		50
#define IPV8_ICMP_QUOTE		8	/* payload octets quoted by errors */

/* Send an ICMP message of @len octets, written by @fill into place. */
static void ipv8_icmp_xmit(struct net *net, struct ipv8_flow *fl,
			   unsigned int len,
			   void (*fill)(void *to, const void *arg),
			   const void *arg)
{
	struct icmphdr *ic;
	struct ipv8_out out;
	struct sk_buff *skb;

	if (ipv8_route_output(net, fl, &out))
		return;
	if (len + IPV8_HLEN > out.mtu)
		goto put;
	skb = alloc_skb(ipv8_out_headroom(&out) + len +
			out.dev->needed_tailroom, GFP_ATOMIC);
	if (!skb)
		goto put;
	skb_reserve(skb, ipv8_out_headroom(&out));
	ic = skb_put(skb, len);
	fill(ic, arg);
	ic->checksum = 0;
	ic->checksum = csum_fold(csum_partial(ic, len, 0));
	ipv8_output(net, skb, fl, &out);
put:
	ipv8_out_put(&out);
}

static void ipv8_icmp_fill_echo(void *to, const void *arg)
{
	const struct sk_buff *skb = arg;
	struct icmphdr *ic = to;

	skb_copy_bits(skb, 0, to, skb->len);
	ic->type = ICMP_ECHOREPLY;
}

static void ipv8_icmp_echo(struct net *net, struct sk_buff *skb)
{
	const struct ipv8hdr *hdr = ipv8_hdr(skb);
	struct ipv8_flow fl = {
		.saddr		= hdr->daddr,
		.daddr		= hdr->saddr,
		.protocol	= IPPROTO_ICMP,
		.ttl		= IPV8_DEFAULT_TTL,
		.tos		= hdr->tos,
	};

	/* No answers to broadcasts, as icmp_echo_ignore_broadcasts. */
	if (ipv8_addr_is_broadcast(&hdr->daddr) || ipv8_addr_any(&hdr->saddr))
		return;
	ipv8_icmp_xmit(net, &fl, skb->len, ipv8_icmp_fill_echo, skb);
}

/**
 * ipv8_icmp_rcv() - an ICMPv8 message for this host
 * @net: the namespace
 * @skb: the packet, data at the ICMP header; always consumed
 *
 * Caller holds RCU with bottom halves off.
 */
void ipv8_icmp_rcv(struct net *net, struct sk_buff *skb)
{
	const struct icmphdr *ic;

	if (!pskb_may_pull(skb, sizeof(*ic)) ||
	    csum_fold(skb_checksum(skb, 0, skb->len, 0)))
		goto out;
	ic = (const struct icmphdr *)skb->data;
	if (ic->type == ICMP_ECHO && !skb_linearize(skb))
		ipv8_icmp_echo(net, skb);
	else if (ic->type == ICMP_DEST_UNREACH)
		ipv8_udp_err(net, skb, ic->type, ic->code);
out:
	consume_skb(skb);
}

/* Token bucket of docs/protocol.md 7.3. */
static bool ipv8_icmp_allow(struct ipv8_net *ipn)
{
	unsigned long now = jiffies, add;
	bool ok;

	spin_lock_bh(&ipn->icmp_lock);
	add = (now - ipn->icmp_stamp) >= HZ ? IPV8_ICMP_BURST :
	      (now - ipn->icmp_stamp) * IPV8_ICMP_RATE / HZ;
	if (add) {
		ipn->icmp_tokens = min_t(unsigned long, IPV8_ICMP_BURST,
					 ipn->icmp_tokens + add);
		ipn->icmp_stamp = now;
	}
	ok = ipn->icmp_tokens > 0;
	if (ok)
		ipn->icmp_tokens--;
	spin_unlock_bh(&ipn->icmp_lock);
	return ok;
}

void ipv8_icmp_net_init(struct ipv8_net *ipn)
{
	spin_lock_init(&ipn->icmp_lock);
	ipn->icmp_tokens = IPV8_ICMP_BURST;
	ipn->icmp_stamp = jiffies;
}

/* Is @skb something an error may be sent about (docs/protocol.md 7.3)? */
static bool ipv8_icmp_may_report(const struct sk_buff *skb,
				 const struct ipv8hdr *hdr)
{
	u32 dasn = ntohl(hdr->daddr.s8_asn), dhost = ntohl(hdr->daddr.s8_host);
	u8 type, buf;
	const u8 *tp;

	if (ipv8_asn_is_special(dasn) || ipv8_host_is_multicast(dhost) ||
	    dhost == 0xffffffff)
		return false;
	if (ipv8_addr_any(&hdr->saddr) || !ipv8_src_valid(&hdr->saddr))
		return false;
	if (hdr->frag_off & htons(IP_MF | IP_OFFSET))
		return false;
	if (hdr->protocol != IPPROTO_ICMP)
		return true;
	tp = skb_header_pointer(skb, skb_network_offset(skb) + hdr->ihl * 4,
				sizeof(buf), &buf);
	if (!tp)
		return false;
	type = *tp;
	return type == ICMP_ECHO || type == ICMP_ECHOREPLY;
}

struct ipv8_icmp_error {
	const struct sk_buff	*skb;
	unsigned int		quote;
	u8			type;
	u8			code;
	__be32			info;
};

static void ipv8_icmp_fill_error(void *to, const void *arg)
{
	const struct ipv8_icmp_error *e = arg;
	struct icmphdr *ic = to;

	ic->type = e->type;
	ic->code = e->code;
	ic->un.gateway = e->info;
	skb_copy_bits(e->skb, skb_network_offset(e->skb), ic + 1, e->quote);
}

/**
 * ipv8_icmp_send() - report an error about a packet to its source
 * @net: the namespace
 * @skb: the offending packet, network header set, as received
 * @type: ICMP type
 * @code: ICMP code
 * @info: the 4 octets after the checksum (e.g. the MTU for code 4)
 *
 * Does nothing for packets that must not be reported on, and when the
 * namespace's rate limit is used up. Does not consume @skb.
 */
void ipv8_icmp_send(struct net *net, struct sk_buff *skb, u8 type, u8 code,
		    __be32 info)
{
	const struct ipv8hdr *hdr = ipv8_hdr(skb);
	unsigned int hlen = hdr->ihl * 4, payload;
	struct ipv8_icmp_error e = {
		.skb = skb, .type = type, .code = code, .info = info,
	};
	struct ipv8_flow fl = {
		.daddr		= hdr->saddr,
		.protocol	= IPPROTO_ICMP,
		.ttl		= IPV8_DEFAULT_TTL,
	};

	if (!ipv8_icmp_may_report(skb, hdr))
		return;
	if (!ipv8_icmp_allow(ipv8_pernet(net))) {
		ipv8_count(ipv8_pernet(net), NULL, IPV8_STAT_ICMP_RATELIMITED);
		return;
	}
	payload = ntohs(hdr->tot_len) - hlen;
	e.quote = hlen + min_t(unsigned int, payload, IPV8_ICMP_QUOTE);
	if (skb_network_offset(skb) + e.quote > skb->len)
		return;
	ipv8_icmp_xmit(net, &fl, sizeof(struct icmphdr) + e.quote,
		       ipv8_icmp_fill_error, &e);
}
