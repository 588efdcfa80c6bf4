// SPDX-License-Identifier: GPL-2.0
/*
 * IPv8: IPV8_CMD_BENCH_FIB, the route lookup benchmark (docs/protocol.md
 * section 15.6).
 *
 * Loads a synthetic table into a FIB8 of its own (never the namespace's),
 * times lookups of random destinations in it and, when asked, the same
 * destinations' host parts in an IPv4 table of the caller's namespace that
 * userspace filled with the same prefixes. The prefixes and destinations
 * come from a documented generator, so userspace can build the IPv4 table
 * without being told them.
 *
 * Every route is a /24 of the host part, distinct from all others, so the
 * table holds one prefix per route: the memory model counts routes,
 * prefixes, the ASN index and the hashes' buckets at their allocated sizes
 * (ipv8_fib_mem()). Beside it the slab growth seen while loading is
 * reported, which also catches what that model misses.
 */

#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/mutex.h>
#include <linux/rtnetlink.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/vmstat.h>
#include <net/genetlink.h>
#include <net/ip_fib.h>

#include "ipv8.h"

#define IPV8_BENCH_MAX_ROUTES	(2U << 20)
#define IPV8_BENCH_MAX_LOOKUPS	(4U << 20)
#define IPV8_BENCH_DEF_LOOKUPS	100000U
/* Routes inserted or removed per RTNL hold, lookups per RCU section. */
#define IPV8_BENCH_BATCH	4096U
/* The /24s of 1.0.0.0-126.255.255.0 and 128.0.0.0-223.255.255.0. */
#define IPV8_BENCH_SPACE	(222U << 16)
/* Odd, and prime to 3 and 37: i -> i * STEP is a permutation of SPACE. */
#define IPV8_BENCH_STEP		2654435761ULL

/* One benchmark at a time: each may hold a few hundred MB. */
static DEFINE_MUTEX(ipv8_bench_lock);

static u64 ipv8_bench_mix(u64 x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* Route @i: the @i-th /24 of a seeded permutation, in a seeded ASN. */
static void ipv8_bench_route(u32 seed, u32 nasn, u32 i, u32 *asn, u32 *host)
{
	u32 v, first, r;

	div_u64_rem(i * IPV8_BENCH_STEP + seed, IPV8_BENCH_SPACE, &v);
	first = (v >> 16) + 1;
	if (first >= 127)
		first++;
	*host = first << 24 | (v & 0xffff) << 8;
	div_u64_rem(ipv8_bench_mix((u64)seed << 32 | i), nasn, &r);
	*asn = 1 + r;
}

/* Lookup @j: a random host inside a random route. */
static void ipv8_bench_dst(u32 seed, u32 nasn, u32 nroutes, u32 j,
			   struct in8_addr *dst)
{
	u64 r = ipv8_bench_mix(~((u64)seed << 32 | j));
	u32 asn, host, i;

	div_u64_rem(r >> 8, nroutes, &i);
	ipv8_bench_route(seed, nasn, i, &asn, &host);
	dst->s8_asn = htonl(asn);
	dst->s8_host = htonl(host | (r & 0xff));
}

static unsigned long ipv8_bench_slab_bytes(void)
{
	return global_node_page_state_pages(NR_SLAB_UNRECLAIMABLE_B) *
	       PAGE_SIZE;
}

/* Removes routes 0..@n - 1 of the generator, RTNL taken in batches. */
static void ipv8_bench_unload(struct ipv8_fib *fib, u32 seed, u32 nasn, u32 n)
{
	struct ipv8_route tmpl = { .plen = 24 };
	struct ipv8_route *rt;
	u32 i, asn, host;

	for (i = 0; i < n; i++) {
		if (i % IPV8_BENCH_BATCH == 0) {
			if (i)
				rtnl_unlock();
			cond_resched();
			rtnl_lock();
		}
		ipv8_bench_route(seed, nasn, i, &asn, &host);
		tmpl.dst.s8_asn = htonl(asn);
		tmpl.dst.s8_host = htonl(host);
		rt = ipv8_fib_remove(fib, &tmpl, NULL);
		if (!IS_ERR(rt))
			ipv8_route_free(rt);
	}
	if (n)
		rtnl_unlock();
}

/* Loads routes 0..@n - 1; on failure the caller unloads the first *@done. */
static int ipv8_bench_load(struct ipv8_fib *fib, u32 seed, u32 nasn, u32 n,
			   u32 *done)
{
	struct ipv8_route *rt, *old;
	u32 asn, host;
	int err = 0;

	for (*done = 0; *done < n; (*done)++) {
		if (*done % IPV8_BENCH_BATCH == 0) {
			if (*done)
				rtnl_unlock();
			if (fatal_signal_pending(current))
				return -EINTR;
			cond_resched();
			rtnl_lock();
		}
		rt = ipv8_route_alloc();
		if (!rt) {
			err = -ENOMEM;
			break;
		}
		ipv8_bench_route(seed, nasn, *done, &asn, &host);
		rt->dst.s8_asn = htonl(asn);
		rt->dst.s8_host = htonl(host);
		rt->plen = 24;
		rt->ifindex = LOOPBACK_IFINDEX;
		err = ipv8_fib_insert(fib, rt, false, &old, NULL);
		if (err) {
			ipv8_route_free(rt);
			break;
		}
	}
	if (n)
		rtnl_unlock();
	return err;
}

struct ipv8_bench_result {
	u32 routes;
	u32 nodes;
	u32 misses;
	u32 v4_misses;
	u64 load_ns;
	u64 total_ns;
	u64 mem_bytes;
	u64 slab_bytes;
	u64 v4_total_ns;
	bool v4;
};

/* Times lookups @i..@end - 1 of @dsts in FIB8. Caller holds RCU. */
static u64 ipv8_bench_fib8(struct ipv8_fib *fib, const struct in8_addr *dsts,
			   u32 i, u32 end, u32 *misses)
{
	enum ipv8_fib_miss miss;
	u64 t = ktime_get_ns();

	for (; i < end; i++)
		if (!ipv8_fib_lookup(fib, &dsts[i], 0, true, &miss))
			(*misses)++;
	return ktime_get_ns() - t;
}

/* The same host parts in the IPv4 table. Caller holds RCU. */
static u64 ipv8_bench_ipv4(struct fib_table *tb, const struct in8_addr *dsts,
			   u32 i, u32 end, u32 *misses)
{
	struct flowi4 fl4 = {};
	struct fib_result res;
	u64 t = ktime_get_ns();

	for (; i < end; i++) {
		fl4.daddr = dsts[i].s8_host;
		if (fib_table_lookup(tb, &fl4, &res, FIB_LOOKUP_NOREF))
			(*misses)++;
	}
	return ktime_get_ns() - t;
}

/*
 * Times the lookups of @dsts in batches that alternate between the two
 * tables, so that a change in the host's load (the guests are emulated on
 * shared machines) falls on both alike; the scheduler gets in between.
 */
static void ipv8_bench_time(struct ipv8_fib *fib, struct fib_table *tb,
			    const struct in8_addr *dsts, u32 n,
			    struct ipv8_bench_result *res)
{
	u32 i, end;

	for (i = 0; i < n; i = end) {
		end = min(n, i + IPV8_BENCH_BATCH);
		cond_resched();
		rcu_read_lock();
		res->total_ns += ipv8_bench_fib8(fib, dsts, i, end,
						 &res->misses);
		if (tb)
			res->v4_total_ns += ipv8_bench_ipv4(tb, dsts, i, end,
							    &res->v4_misses);
		rcu_read_unlock();
	}
	res->v4 = !!tb;
}

static int ipv8_bench_run(struct net *net, u32 nroutes, u32 nasn, u32 nlook,
			  u32 seed, u32 table, struct ipv8_bench_result *res,
			  struct netlink_ext_ack *extack)
{
	struct fib_table *tb = NULL;
	struct in8_addr *dsts;
	unsigned long slab0;
	struct ipv8_fib fib;
	u32 j, done;
	u64 t;
	int err;

	dsts = kvmalloc_array(nlook, sizeof(*dsts), GFP_KERNEL);
	if (!dsts)
		return -ENOMEM;
	for (j = 0; j < nlook; j++)
		ipv8_bench_dst(seed, nasn, nroutes, j, &dsts[j]);
	if (table) {
		rtnl_lock();
		tb = fib_new_table(net, table);
		rtnl_unlock();
		if (!tb) {
			kvfree(dsts);
			return -ENOMEM;
		}
	}

	err = ipv8_fib_init(&fib);
	if (err) {
		kvfree(dsts);
		return err;
	}
	slab0 = ipv8_bench_slab_bytes();
	t = ktime_get_ns();
	err = ipv8_bench_load(&fib, seed, nasn, nroutes, &done);
	res->load_ns = ktime_get_ns() - t;
	/* What the table holds, not the hash tables it outgrew. */
	ipv8_fib_settle(&fib);
	res->slab_bytes = ipv8_bench_slab_bytes() - slab0;
	if (err) {
		NL_SET_ERR_MSG(extack, "loading the benchmark table failed");
		goto out;
	}
	res->routes = done;
	rtnl_lock();
	res->mem_bytes = ipv8_fib_mem(&fib, &res->nodes);
	rtnl_unlock();

	ipv8_bench_time(&fib, tb, dsts, nlook, res);
out:
	ipv8_bench_unload(&fib, seed, nasn, done);
	rtnl_lock();
	ipv8_fib_destroy(&fib);
	rtnl_unlock();
	kvfree(dsts);
	return err;
}

/*
 * Bounds keep one request to a few hundred MB and a few minutes. (Not const:
 * 6.1's NLA_POLICY_FULL_RANGE() takes a plain pointer.)
 */
static struct netlink_range_validation ipv8_bench_routes_range = {
	.min = 1,
	.max = IPV8_BENCH_MAX_ROUTES,
};

static struct netlink_range_validation ipv8_bench_lookups_range = {
	.min = 1,
	.max = IPV8_BENCH_MAX_LOOKUPS,
};

static struct netlink_range_validation ipv8_bench_table_range = {
	.min = 1,
	.max = RT_TABLE_MAX,
};

const struct nla_policy ipv8_bench_policy[IPV8_A_BENCH_MAX + 1] = {
	[IPV8_A_BENCH_ROUTES]	= NLA_POLICY_FULL_RANGE(NLA_U32,
							&ipv8_bench_routes_range),
	[IPV8_A_BENCH_ASNS]	= NLA_POLICY_MIN(NLA_U32, 1),
	[IPV8_A_BENCH_LOOKUPS]	= NLA_POLICY_FULL_RANGE(NLA_U32,
							&ipv8_bench_lookups_range),
	[IPV8_A_BENCH_SEED]	= { .type = NLA_U32 },
	[IPV8_A_BENCH_IPV4_TABLE] = NLA_POLICY_FULL_RANGE(NLA_U32,
							  &ipv8_bench_table_range),
};

static u32 ipv8_bench_per_lookup(u64 total, u32 n)
{
	return div_u64(total + n / 2, n);
}

/*
 * The reply's headers, as genlmsg_put_reply() would write them. The family
 * is the request's: bench.c does not see genl.c's struct genl_family, and
 * 6.1's struct genl_info does not point at it.
 */
static void *ipv8_bench_put_reply(struct sk_buff *msg, struct genl_info *info)
{
	struct genlmsghdr *hdr;
	struct nlmsghdr *nlh;

	nlh = nlmsg_put(msg, info->snd_portid, info->snd_seq,
			info->nlhdr->nlmsg_type, GENL_HDRLEN, 0);
	if (!nlh)
		return NULL;
	hdr = nlmsg_data(nlh);
	hdr->cmd = IPV8_CMD_BENCH_FIB;
	hdr->version = IPV8_GENL_VERSION;
	hdr->reserved = 0;
	/* As genlmsg_put(): the payload, which genlmsg_end() expects. */
	return (u8 *)hdr + GENL_HDRLEN;
}

static int ipv8_bench_fill(struct sk_buff *msg, const struct ipv8_bench_result *r,
			   u32 nasn, u32 nlook, u32 seed)
{
	if (nla_put_u32(msg, IPV8_A_BENCH_ROUTES, r->routes) ||
	    nla_put_u32(msg, IPV8_A_BENCH_ASNS, nasn) ||
	    nla_put_u32(msg, IPV8_A_BENCH_LOOKUPS, nlook) ||
	    nla_put_u32(msg, IPV8_A_BENCH_SEED, seed) ||
	    nla_put_u32(msg, IPV8_A_BENCH_NS_PER_LOOKUP,
			ipv8_bench_per_lookup(r->total_ns, nlook)) ||
	    nla_put_u64_64bit(msg, IPV8_A_BENCH_TOTAL_NS, r->total_ns,
			      IPV8_A_BENCH_PAD) ||
	    nla_put_u32(msg, IPV8_A_BENCH_MISSES, r->misses) ||
	    nla_put_u64_64bit(msg, IPV8_A_BENCH_MEM_BYTES, r->mem_bytes,
			      IPV8_A_BENCH_PAD) ||
	    nla_put_u64_64bit(msg, IPV8_A_BENCH_SLAB_BYTES, r->slab_bytes,
			      IPV8_A_BENCH_PAD) ||
	    nla_put_u32(msg, IPV8_A_BENCH_NODES, r->nodes) ||
	    nla_put_u64_64bit(msg, IPV8_A_BENCH_LOAD_NS, r->load_ns,
			      IPV8_A_BENCH_PAD))
		return -EMSGSIZE;
	if (!r->v4)
		return 0;
	if (nla_put_u32(msg, IPV8_A_BENCH_IPV4_NS_PER_LOOKUP,
			ipv8_bench_per_lookup(r->v4_total_ns, nlook)) ||
	    nla_put_u64_64bit(msg, IPV8_A_BENCH_IPV4_TOTAL_NS, r->v4_total_ns,
			      IPV8_A_BENCH_PAD) ||
	    nla_put_u32(msg, IPV8_A_BENCH_IPV4_MISSES, r->v4_misses))
		return -EMSGSIZE;
	return 0;
}

/**
 * ipv8_nl_bench_fib_doit() - IPV8_CMD_BENCH_FIB
 * @skb: the request
 * @info: its attributes
 *
 * Needs CAP_NET_ADMIN in the initial user namespace (GENL_ADMIN_PERM): it
 * holds kernel memory and CPU the caller's namespace does not account for.
 *
 * Return: 0 with the reply sent, or an error.
 */
int ipv8_nl_bench_fib_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ipv8_bench_result res = {};
	u32 nroutes, nasn = 1, nlook = IPV8_BENCH_DEF_LOOKUPS, seed = 1;
	u32 table = 0;
	struct sk_buff *msg;
	void *hdr;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, IPV8_A_BENCH_ROUTES)) {
		NL_SET_ERR_MSG(info->extack, "number of routes missing");
		return -EINVAL;
	}
	nroutes = nla_get_u32(info->attrs[IPV8_A_BENCH_ROUTES]);
	if (info->attrs[IPV8_A_BENCH_ASNS])
		nasn = nla_get_u32(info->attrs[IPV8_A_BENCH_ASNS]);
	if (info->attrs[IPV8_A_BENCH_LOOKUPS])
		nlook = nla_get_u32(info->attrs[IPV8_A_BENCH_LOOKUPS]);
	if (info->attrs[IPV8_A_BENCH_SEED])
		seed = nla_get_u32(info->attrs[IPV8_A_BENCH_SEED]);
	if (info->attrs[IPV8_A_BENCH_IPV4_TABLE])
		table = nla_get_u32(info->attrs[IPV8_A_BENCH_IPV4_TABLE]);
	if (nasn > nroutes) {
		NL_SET_ERR_MSG(info->extack, "more ASNs than routes");
		return -EINVAL;
	}

	if (!mutex_trylock(&ipv8_bench_lock)) {
		NL_SET_ERR_MSG(info->extack, "another benchmark is running");
		return -EBUSY;
	}
	err = ipv8_bench_run(genl_info_net(info), nroutes, nasn, nlook, seed,
			     table, &res, info->extack);
	mutex_unlock(&ipv8_bench_lock);
	if (err)
		return err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = ipv8_bench_put_reply(msg, info);
	if (!hdr || ipv8_bench_fill(msg, &res, nasn, nlook, seed)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}
