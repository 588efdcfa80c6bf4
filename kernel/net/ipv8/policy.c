// SPDX-License-Identifier: GPL-2.0
/*
 * IPv8: the reservation rules of PROTOCOL.md section 1, where the spec puts
 * them (docs/protocol.md 1.3, 1.4):
 *
 * - internal zone (routing prefix 127/8 but the interop DMZ) never crosses
 *   a link marked WAN, in either direction;
 * - private (RFC 1918) and interior-link (222/8) host parts never cross a
 *   link marked as an ASN border, in either direction;
 * - RINE (routing prefix 100/8) and link-local (169.254/16) addresses are
 *   never forwarded; they are only sent and received on their own link;
 *   loopback host parts (127/8) are never forwarded either.
 *
 * All of this is lock-free: link flags are read with READ_ONCE().
 */

#include "ipv8.h"

static bool ipv8_crosses_wan(const struct in8_addr *a)
{
	return ipv8_asn_is_internal_zone(ntohl(a->s8_asn));
}

static bool ipv8_crosses_border(const struct in8_addr *a)
{
	u32 host = ntohl(a->s8_host);

	return ipv8_host_is_private(host) || ipv8_host_is_interior(host);
}

/**
 * ipv8_policy_link() - may a packet enter or leave through this link?
 * @idev: the receiving or the output link
 * @saddr: the packet's source
 * @daddr: the packet's destination
 *
 * The rules are the same in both directions.
 *
 * Return: 0, or the counter of the broken rule.
 */
enum ipv8_stat ipv8_policy_link(const struct ipv8_dev *idev,
				const struct in8_addr *saddr,
				const struct in8_addr *daddr)
{
	if (READ_ONCE(idev->wan) &&
	    (ipv8_crosses_wan(saddr) || ipv8_crosses_wan(daddr)))
		return IPV8_STAT_RX_DROP_WAN;
	if (READ_ONCE(idev->border) &&
	    (ipv8_crosses_border(saddr) || ipv8_crosses_border(daddr)))
		return IPV8_STAT_RX_DROP_BORDER;
	return 0;
}

static bool ipv8_link_scoped(const struct in8_addr *a)
{
	u32 host = ntohl(a->s8_host);

	return ipv8_asn_is_rine(ntohl(a->s8_asn)) ||
	       ipv8_host_is_link_local(host) || ipv8_host_is_loopback(host);
}

/**
 * ipv8_policy_forward() - may a router pass this packet on at all?
 * @saddr: the packet's source
 * @daddr: the packet's destination
 *
 * Return: 0, or the counter of the broken rule.
 */
enum ipv8_stat ipv8_policy_forward(const struct in8_addr *saddr,
				   const struct in8_addr *daddr)
{
	if (ipv8_link_scoped(saddr) || ipv8_link_scoped(daddr))
		return IPV8_STAT_RX_DROP_NOT_ROUTABLE;
	return 0;
}
