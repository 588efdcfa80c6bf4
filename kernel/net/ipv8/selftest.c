// SPDX-License-Identifier: GPL-2.0
/*
 * IPv8: load-time self-tests, built with IPV8_SELFTEST=y.
 *
 * FIB8 is checked against a naive longest-prefix match over a flat array:
 * random routes crowded into a few ASNs (so that prefixes nest and
 * collide), random removals, then random lookups, each compared for the
 * route chosen or the reason for the miss; the tally of outcomes is
 * printed so that a run which never reached a case shows it. A mismatch
 * refuses the load. selftest=0 skips it (module re-loads in tests).
 */

#include <linux/moduleparam.h>
#include <linux/random.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "ipv8.h"

#define ST_ROUTES	3000
#define ST_LOOKUPS	20000

struct st_route {
	struct ipv8_route	*rt;	/* NULL once removed or refused */
	u32			asn, host, metric;
	u8			plen;
	bool			is_default;
};

/*
 * Routes go into the first ST_ROUTE_ASNS of these; lookups use all of
 * them, so some ASNs are never named and "default" gets its turn.
 */
static const u32 st_asns[] = {
	0, 1, 3, 65001, 0x7fffffff, 0x80000000, 0xffffffff, 2, 65002,
};

#define ST_ROUTE_ASNS	7

static u32 st_pick_asn(unsigned int among)
{
	return st_asns[get_random_u32_below(among)];
}

/* The route a naive scan picks, with the same miss rules as FIB8. */
static const struct ipv8_route *st_naive(const struct st_route *r, int n,
					 u32 asn, u32 host,
					 enum ipv8_fib_miss *miss)
{
	const struct st_route *best = NULL, *dflt = NULL;
	bool asn_named = false;
	int i;

	for (i = 0; i < n; i++) {
		const struct st_route *c = &r[i];

		if (!c->rt)
			continue;
		if (c->is_default) {
			if (!dflt || c->metric < dflt->metric)
				dflt = c;
			continue;
		}
		if (c->asn != asn)
			continue;
		asn_named = true;
		if ((host ^ c->host) & ipv8_host_mask(c->plen))
			continue;
		if (!best || c->plen > best->plen ||
		    (c->plen == best->plen && c->metric < best->metric))
			best = c;
	}
	if (best)
		return best->rt;
	if (!asn_named && dflt)
		return dflt->rt;
	*miss = asn_named ? IPV8_FIB_MISS_HOST : IPV8_FIB_MISS_ASN;
	return NULL;
}

static void st_build(struct ipv8_fib *fib, struct st_route *r)
{
	struct ipv8_route *rt, *old;
	int i;

	for (i = 0; i < ST_ROUTES; i++) {
		rt = ipv8_route_alloc();
		if (!rt)
			return;
		r[i].is_default = get_random_u32_below(50) == 0;
		r[i].asn = st_pick_asn(ST_ROUTE_ASNS);
		/* No prefix shorter than /8: hosts stay uncovered in named ASNs. */
		r[i].plen = 8 + get_random_u32_below(25);
		r[i].host = get_random_u32() & ipv8_host_mask(r[i].plen);
		r[i].metric = get_random_u32_below(4);
		rt->dst.s8_asn = htonl(r[i].asn);
		rt->dst.s8_host = htonl(r[i].host);
		rt->plen = r[i].plen;
		rt->is_default = r[i].is_default;
		rt->metric = r[i].metric;
		if (ipv8_fib_insert(fib, rt, false, &old, NULL))
			ipv8_route_free(rt);	/* same prefix and metric: refused */
		else
			r[i].rt = rt;
	}
}

/* Removes each route with probability 1/@one_in, or every default. */
static int st_remove(struct ipv8_fib *fib, struct st_route *r,
		     unsigned int one_in, bool defaults)
{
	struct ipv8_route tmpl, *rt;
	int i, bad = 0;

	for (i = 0; i < ST_ROUTES; i++) {
		if (!r[i].rt)
			continue;
		if (defaults ? !r[i].is_default : get_random_u32_below(one_in))
			continue;
		memset(&tmpl, 0, sizeof(tmpl));
		tmpl.dst = r[i].rt->dst;
		tmpl.plen = r[i].plen;
		tmpl.is_default = r[i].is_default;
		tmpl.metric = r[i].metric;
		tmpl.metric_set = true;
		rt = ipv8_fib_remove(fib, &tmpl, NULL);
		if (IS_ERR(rt))
			rt = NULL;
		if (rt != r[i].rt) {
			pr_err("ipv8: fib selftest: removal %d returned the wrong route\n",
			       i);
			bad++;
		}
		if (rt)
			ipv8_route_free(rt);
		r[i].rt = NULL;
	}
	return bad;
}

/* Random lookups against the naive answer; @tally counts outcomes. */
static int st_check(struct ipv8_fib *fib, const struct st_route *r,
		    unsigned int tally[4])
{
	int i, bad = 0;

	rcu_read_lock();
	for (i = 0; i < ST_LOOKUPS / 2 && bad < 10; i++) {
		const struct st_route *seed = &r[get_random_u32_below(ST_ROUTES)];
		enum ipv8_fib_miss m1 = IPV8_FIB_MISS_HOST, m2 = m1;
		const struct ipv8_route *got, *want;
		struct in8_addr d;
		u32 asn, host;

		/* Half near a prefix that was added, half anywhere. */
		if (i & 1) {
			asn = seed->asn;
			host = seed->host |
			       (get_random_u32() & ~ipv8_host_mask(seed->plen));
		} else {
			asn = st_pick_asn(ARRAY_SIZE(st_asns));
			host = get_random_u32();
		}
		d.s8_asn = htonl(asn);
		d.s8_host = htonl(host);
		got = ipv8_fib_lookup(fib, &d, 0, false, &m1);
		want = st_naive(r, ST_ROUTES, asn, host, &m2);
		if (!want)
			tally[m2]++;
		else
			tally[2 + want->is_default]++;
		if (got != want || (!got && m1 != m2)) {
			pr_err("ipv8: fib selftest: lookup %u.%pI4 got %p/%d want %p/%d\n",
			       asn, &d.s8_host, got, m1, want, m2);
			bad++;
		}
	}
	rcu_read_unlock();
	return bad;
}

static bool st_run(struct ipv8_fib *fib, struct st_route *r)
{
	/* host miss, ASN miss, routed, default */
	unsigned int tally[4] = {};
	int bad;

	rtnl_lock();
	st_build(fib, r);
	bad = st_remove(fib, r, 3, false);
	rtnl_unlock();
	bad += st_check(fib, r, tally);

	rtnl_lock();
	bad += st_remove(fib, r, 0, true);
	rtnl_unlock();
	bad += st_check(fib, r, tally);

	pr_info("ipv8: fib selftest: %d lookups: %u routed, %u default, %u host miss, %u ASN miss\n",
		ST_LOOKUPS, tally[2], tally[3], tally[IPV8_FIB_MISS_HOST],
		tally[IPV8_FIB_MISS_ASN]);
	/* A run that never met a case proves nothing about it. */
	if (!tally[0] || !tally[1] || !tally[2] || !tally[3])
		bad++;

	rtnl_lock();
	bad += st_remove(fib, r, 1, false);
	ipv8_fib_destroy(fib);
	rtnl_unlock();
	return !bad;
}

/* The tests take most of an insmod on a debug kernel: re-loads may skip. */
static bool selftest = true;
module_param(selftest, bool, 0444);
MODULE_PARM_DESC(selftest, "run the FIB8 self-test at load (default: yes)");

/**
 * ipv8_fib_selftest() - differential test of FIB8 against a naive LPM
 *
 * Return: true when every lookup agreed, or the test was not asked for.
 */
bool ipv8_fib_selftest(void)
{
	struct ipv8_fib *fib;
	struct st_route *r;
	bool ok = false;

	if (!selftest) {
		pr_info("ipv8: fib selftest: skipped (selftest=0)\n");
		return true;
	}
	fib = kzalloc(sizeof(*fib), GFP_KERNEL);
	r = kcalloc(ST_ROUTES, sizeof(*r), GFP_KERNEL);
	if (fib && r && !ipv8_fib_init(fib))
		ok = st_run(fib, r);
	kfree(r);
	kfree(fib);
	pr_info("ipv8: fib selftest: %s\n", ok ? "pass" : "FAIL");
	return ok;
}
