// SPDX-License-Identifier: GPL-2.0
/*
 * IPv8: FIB8, longest-prefix match over (ASN, host prefix).
 *
 * A route names its ASN exactly and a prefix of the host part, so its key
 * is the 64-bit value asn << 32 | host with a length of 32 + host bits:
 * every route is at least 32 bits long and a match never crosses an ASN.
 * The "default" route matches every ASN, but only one that no route names
 * (PROTOCOL.md section 7), so it sits beside the table, not in it.
 *
 * Lookups hash: every prefix with entries sits in one hash table keyed on
 * (key, length), and the table keeps a bitmap of the host lengths in use.
 * A lookup probes the lengths in use from the longest down and stops at
 * the first hit, so its cost is a few hash probes, each one or two cache
 * lines, however many routes and ASNs the table holds (issue 6: a trie
 * walk of 1M routes in 100k ASNs touched twice the lines of IPv4's
 * level-compressed fib_trie). Tables use few host lengths (locals /32,
 * subnets, ASN-wide /0, a handful of aggregates); the worst case is 33
 * probes. Beside the hash a red-black tree holds the same prefixes in key
 * order, for walks and resumable dumps, and an index counts the configured
 * routes of each ASN for the default rule.
 *
 * Beside configured routes the table holds the kernel's entries for local
 * addresses and connected subnets (enum ipv8_route_type), so that the
 * per-packet path needs this one lookup. Those entries do not name their
 * ASN for the default rule.
 *
 * Locking: writers hold RTNL; lookups run under RCU with no lock and no
 * allocation, the tree is RTNL's alone. A route leaves with
 * hlist_del_rcu() and is freed after a grace period; a prefix leaves the
 * hash and the tree together and waits in a grave (below) for its grace
 * period; index entries and pair references go with kfree_rcu().
 *
 * Memory (issue 6, goal 1.5x IPv4's fib_trie per route): routes and
 * prefixes come from caches of their exact size, and prefixes carry no
 * rcu_head.
 *
 * Kept free of netlink: callers hand in routes from ipv8_route_alloc().
 */

#include <linux/rbtree.h>
#include <linux/rhashtable.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "ipv8.h"

/* What the hash compares: the masked key and its length, no padding. */
struct ipv8_fib_key {
	u64	key;
	u32	bits;
};

#define IPV8_FIB_KEY_LEN	(offsetof(struct ipv8_fib_key, bits) + \
				 sizeof(u32))

/**
 * struct ipv8_fib_prefix - the entries of one prefix
 * @hnode: entry in ipv8_fib.prefixes
 * @routes: entries of exactly this prefix, in ipv8_route_before() order
 * @key: the prefix, masked to its length of 32..64 bits
 * @tree: entry in ipv8_fib.tree
 */
struct ipv8_fib_prefix {
	struct rhash_head	hnode;
	struct hlist_head	routes;
	struct ipv8_fib_key	key;
	struct rb_node		tree;
};

/**
 * struct ipv8_fib_asn - an index entry
 * @node: entry in ipv8_fib.asns
 * @asn: the ASN, host order
 * @nconf: configured routes naming it; RTNL writes, read with READ_ONCE()
 * @rcu: for kfree_rcu()
 */
struct ipv8_fib_asn {
	struct rhash_head	node;
	u32			asn;
	u32			nconf;
	struct rcu_head		rcu;
};

/**
 * struct ipv8_fib_pair - a route with a gateway pair, for gw.c's flips
 * @list: entry in ipv8_fib.pairs
 * @rt: the route
 * @rcu: for kfree_rcu()
 */
struct ipv8_fib_pair {
	struct list_head	list;
	struct ipv8_route	*rt;
	struct rcu_head		rcu;
};

static const struct rhashtable_params ipv8_fib_prefix_params = {
	.key_len		= IPV8_FIB_KEY_LEN,
	.key_offset		= offsetof(struct ipv8_fib_prefix, key),
	.head_offset		= offsetof(struct ipv8_fib_prefix, hnode),
	.automatic_shrinking	= true,
};

static const struct rhashtable_params ipv8_fib_asn_params = {
	.key_len		= sizeof(u32),
	.key_offset		= offsetof(struct ipv8_fib_asn, asn),
	.head_offset		= offsetof(struct ipv8_fib_asn, node),
	.automatic_shrinking	= true,
};

/*
 * Prefixes that left the table during one change, freed together after a
 * grace period: one rcu_head per change instead of one per prefix.
 */
#define IPV8_FIB_GRAVE_SLOTS	28

struct ipv8_fib_grave {
	struct rcu_head		rcu;
	unsigned int		count;
	struct ipv8_fib_prefix	*prefixes[IPV8_FIB_GRAVE_SLOTS];
};

static struct kmem_cache *ipv8_fib_prefix_cache __read_mostly;
static struct kmem_cache *ipv8_route_cache __read_mostly;

static u64 ipv8_fib_mask(unsigned int bits)
{
	/* A shift by 64 is undefined: bits == 0 is its own case. */
	return bits ? ~0ULL << (64 - bits) : 0;
}

/**
 * ipv8_route_key() - the key of an address
 * @addr: the address
 *
 * Return: asn << 32 | host, host byte order.
 */
u64 ipv8_route_key(const struct in8_addr *addr)
{
	return (u64)ntohl(addr->s8_asn) << 32 | ntohl(addr->s8_host);
}

static void ipv8_fib_key(struct ipv8_fib_key *k, u64 key, unsigned int bits)
{
	k->key = key & ipv8_fib_mask(bits);
	k->bits = bits;
}

static u32 ipv8_route_asn(const struct ipv8_route *rt)
{
	return ntohl(rt->dst.s8_asn);
}

/* ---- routes ------------------------------------------------------------- */

/**
 * ipv8_route_alloc() - a zeroed route for ipv8_fib_insert()
 *
 * Return: the route, or NULL.
 */
struct ipv8_route *ipv8_route_alloc(void)
{
	return kmem_cache_zalloc(ipv8_route_cache, GFP_KERNEL);
}

static void ipv8_route_free_rcu(struct rcu_head *head)
{
	kmem_cache_free(ipv8_route_cache,
			container_of(head, struct ipv8_route, rcu));
}

/**
 * ipv8_route_free() - free a route after readers are done with it
 * @rt: the route, out of every table (or never in one)
 */
void ipv8_route_free(struct ipv8_route *rt)
{
	call_rcu(&rt->rcu, ipv8_route_free_rcu);
}

static bool ipv8_route_configured(const struct ipv8_route *rt)
{
	return rt->type == IPV8_RT_UNICAST;
}

/* A node's order: local, connected, then configured routes by metric. */
static bool ipv8_route_before(const struct ipv8_route *a,
			      const struct ipv8_route *b)
{
	if (a->type != b->type)
		return a->type > b->type;
	return a->metric < b->metric;
}

/* Inserts @rt into @head in that order; equals keep age order. */
static void ipv8_route_link(struct hlist_head *head, struct ipv8_route *rt)
{
	struct ipv8_route *pos, *last = NULL;

	hlist_for_each_entry(pos, head, list) {
		if (ipv8_route_before(rt, pos)) {
			hlist_add_before_rcu(&rt->list, &pos->list);
			return;
		}
		last = pos;
	}
	if (last)
		hlist_add_behind_rcu(&rt->list, &last->list);
	else
		hlist_add_head_rcu(&rt->list, head);
}

static struct ipv8_route *ipv8_route_find(struct hlist_head *head, u32 metric)
{
	struct ipv8_route *rt;

	hlist_for_each_entry(rt, head, list)
		if (ipv8_route_configured(rt) && rt->metric == metric)
			return rt;
	return NULL;
}

static struct ipv8_route *ipv8_route_first(struct hlist_head *head)
{
	struct ipv8_route *rt;

	hlist_for_each_entry(rt, head, list)
		if (ipv8_route_configured(rt))
			return rt;
	return NULL;
}

/* ---- prefixes ----------------------------------------------------------- */

static void ipv8_fib_grave_free(struct rcu_head *head)
{
	struct ipv8_fib_grave *g = container_of(head, struct ipv8_fib_grave,
						rcu);
	unsigned int i;

	for (i = 0; i < g->count; i++)
		kmem_cache_free(ipv8_fib_prefix_cache, g->prefixes[i]);
	kfree(g);
}

/* Send the change's grave on its way. Caller holds RTNL. */
static void ipv8_fib_bury(struct ipv8_fib *fib)
{
	if (fib->grave)
		call_rcu(&fib->grave->rcu, ipv8_fib_grave_free);
	fib->grave = NULL;
}

/* @p left the table: free it once readers are gone. Caller holds RTNL. */
static void ipv8_fib_discard(struct ipv8_fib *fib, struct ipv8_fib_prefix *p)
{
	struct ipv8_fib_grave *g = fib->grave;

	if (g && g->count == IPV8_FIB_GRAVE_SLOTS) {
		ipv8_fib_bury(fib);
		g = NULL;
	}
	if (!g) {
		g = kmalloc(sizeof(*g), GFP_KERNEL);
		if (!g) {
			/* Rare enough to wait for the readers right here. */
			synchronize_rcu();
			kmem_cache_free(ipv8_fib_prefix_cache, p);
			return;
		}
		g->count = 0;
		fib->grave = g;
	}
	g->prefixes[g->count++] = p;
}

/* Tree order: by key, a shorter prefix before the longer ones it covers. */
static int ipv8_fib_cmp(const struct ipv8_fib_key *a,
			const struct ipv8_fib_key *b)
{
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	if (a->bits != b->bits)
		return a->bits < b->bits ? -1 : 1;
	return 0;
}

/* The prefix of exactly @k, or NULL. Caller holds RTNL. */
static struct ipv8_fib_prefix *ipv8_fib_find(struct ipv8_fib *fib,
					     const struct ipv8_fib_key *k)
{
	return rhashtable_lookup_fast(&fib->prefixes, k,
				      ipv8_fib_prefix_params);
}

/* A host length came into use or went out of it. Caller holds RTNL. */
static void ipv8_fib_count_len(struct ipv8_fib *fib, unsigned int bits,
			       int delta)
{
	unsigned int hl = bits - 32;

	fib->nlen[hl] += delta;
	if (fib->nlen[hl])
		WRITE_ONCE(fib->lens, fib->lens | BIT_ULL(hl));
	else
		WRITE_ONCE(fib->lens, fib->lens & ~BIT_ULL(hl));
}

/* The prefix of exactly @k, added if need be. Caller holds RTNL. */
static struct ipv8_fib_prefix *ipv8_fib_prefix_get(struct ipv8_fib *fib,
						   const struct ipv8_fib_key *k)
{
	struct rb_node **link = &fib->tree.rb_node, *parent = NULL;
	struct ipv8_fib_prefix *p;
	int cmp;

	while (*link) {
		parent = *link;
		p = rb_entry(parent, struct ipv8_fib_prefix, tree);
		cmp = ipv8_fib_cmp(k, &p->key);
		if (!cmp)
			return p;
		link = cmp < 0 ? &parent->rb_left : &parent->rb_right;
	}

	p = kmem_cache_zalloc(ipv8_fib_prefix_cache, GFP_KERNEL);
	if (!p)
		return NULL;
	p->key = *k;
	if (rhashtable_insert_fast(&fib->prefixes, &p->hnode,
				   ipv8_fib_prefix_params)) {
		kmem_cache_free(ipv8_fib_prefix_cache, p);
		return NULL;
	}
	rb_link_node(&p->tree, parent, link);
	rb_insert_color(&p->tree, &fib->tree);
	ipv8_fib_count_len(fib, k->bits, 1);
	return p;
}

/* Drop @p if its last entry went. Caller holds RTNL. */
static void ipv8_fib_prefix_put(struct ipv8_fib *fib, struct ipv8_fib_prefix *p)
{
	if (!hlist_empty(&p->routes))
		return;
	rhashtable_remove_fast(&fib->prefixes, &p->hnode,
			       ipv8_fib_prefix_params);
	rb_erase(&p->tree, &fib->tree);
	ipv8_fib_count_len(fib, p->key.bits, -1);
	ipv8_fib_discard(fib, p);
}

/* ---- the ASN index ------------------------------------------------------ */

/* Count one configured route more for @asn. Caller holds RTNL. */
static int ipv8_fib_asn_get(struct ipv8_fib *fib, u32 asn)
{
	struct ipv8_fib_asn *e;
	int err;

	e = rhashtable_lookup_fast(&fib->asns, &asn, ipv8_fib_asn_params);
	if (e) {
		WRITE_ONCE(e->nconf, e->nconf + 1);
		return 0;
	}
	e = kmalloc(sizeof(*e), GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	e->asn = asn;
	e->nconf = 1;
	err = rhashtable_insert_fast(&fib->asns, &e->node, ipv8_fib_asn_params);
	if (err)
		kfree(e);
	return err;
}

/* Count one configured route less for @asn. Caller holds RTNL. */
static void ipv8_fib_asn_put(struct ipv8_fib *fib, u32 asn)
{
	struct ipv8_fib_asn *e;

	e = rhashtable_lookup_fast(&fib->asns, &asn, ipv8_fib_asn_params);
	if (WARN_ON_ONCE(!e))
		return;
	if (e->nconf > 1) {
		WRITE_ONCE(e->nconf, e->nconf - 1);
		return;
	}
	rhashtable_remove_fast(&fib->asns, &e->node, ipv8_fib_asn_params);
	kfree_rcu(e, rcu);
}

/* ---- pair routes -------------------------------------------------------- */

static bool ipv8_route_is_pair(const struct ipv8_route *rt)
{
	return !ipv8_addr_any(&rt->gw2);
}

/* Caller holds RTNL. */
static int ipv8_fib_pair_add(struct ipv8_fib *fib, struct ipv8_route *rt)
{
	struct ipv8_fib_pair *pr;

	pr = kmalloc(sizeof(*pr), GFP_KERNEL);
	if (!pr)
		return -ENOMEM;
	pr->rt = rt;
	list_add_tail_rcu(&pr->list, &fib->pairs);
	return 0;
}

/* Caller holds RTNL. */
static void ipv8_fib_pair_del(struct ipv8_fib *fib, struct ipv8_route *rt)
{
	struct ipv8_fib_pair *pr;

	list_for_each_entry(pr, &fib->pairs, list) {
		if (pr->rt == rt) {
			list_del_rcu(&pr->list);
			kfree_rcu(pr, rcu);
			return;
		}
	}
}

/* @new takes @old's place in the pair list, if either has a pair. */
static int ipv8_fib_pair_replace(struct ipv8_fib *fib, struct ipv8_route *old,
				 struct ipv8_route *new)
{
	int err = 0;

	if (ipv8_route_is_pair(new))
		err = ipv8_fib_pair_add(fib, new);
	if (!err && ipv8_route_is_pair(old))
		ipv8_fib_pair_del(fib, old);
	return err;
}

/**
 * ipv8_fib_walk_pairs() - visit the routes with a gateway pair
 * @fib: the table
 * @fn: called per route; a non-zero return stops the walk
 * @arg: passed to @fn
 *
 * Caller holds RCU or RTNL: gw.c calls it from its timer when a verdict
 * flips, so it must not depend on the size of the table.
 */
void ipv8_fib_walk_pairs(struct ipv8_fib *fib,
			 int (*fn)(const struct ipv8_route *rt, void *arg),
			 void *arg)
{
	struct ipv8_fib_pair *pr;

	list_for_each_entry_rcu(pr, &fib->pairs, list, lockdep_rtnl_is_held())
		if (fn(pr->rt, arg))
			return;
}

/* ---- changes ------------------------------------------------------------ */

/* The entries of @rt's prefix, or NULL. Caller holds RTNL. */
static struct ipv8_fib_prefix *ipv8_fib_prefix_of(struct ipv8_fib *fib,
						  const struct ipv8_route *rt)
{
	struct ipv8_fib_key k;

	ipv8_fib_key(&k, ipv8_route_key(&rt->dst), 32 + rt->plen);
	return ipv8_fib_find(fib, &k);
}

/* Take @rt out of its list and its counts; @p is its prefix or NULL. */
static void ipv8_fib_unlink(struct ipv8_fib *fib, struct ipv8_route *rt,
			    struct ipv8_fib_prefix *p)
{
	hlist_del_rcu(&rt->list);
	if (ipv8_route_configured(rt)) {
		fib->nroutes--;
		if (!rt->is_default)
			ipv8_fib_asn_put(fib, ipv8_route_asn(rt));
	}
	if (ipv8_route_is_pair(rt))
		ipv8_fib_pair_del(fib, rt);
	fib->nentries--;
	fib->gen++;
	if (p)
		ipv8_fib_prefix_put(fib, p);
}

/**
 * ipv8_fib_insert() - add a route
 * @fib: the table
 * @rt: the route, filled in; the table owns it on success
 * @replace: replace a route of the same prefix and metric instead of failing
 * @old: set to the replaced route, or NULL
 * @extack: where to say why not
 *
 * Caller holds RTNL. A replaced route is handed back through @old for the
 * caller to announce and free with ipv8_route_free(), as is @rt on
 * failure. Kernel entries (local, connected) never clash: two links may
 * hold the same subnet.
 *
 * Return: 0, -EEXIST, or -ENOMEM.
 */
int ipv8_fib_insert(struct ipv8_fib *fib, struct ipv8_route *rt, bool replace,
		    struct ipv8_route **old, struct netlink_ext_ack *extack)
{
	bool conf = ipv8_route_configured(rt);
	struct ipv8_fib_prefix *p = NULL;
	struct hlist_head *head;
	struct ipv8_route *dup;
	struct ipv8_fib_key k;
	int err;

	ASSERT_RTNL();
	*old = NULL;
	if (rt->is_default) {
		head = &fib->defaults;
	} else {
		ipv8_fib_key(&k, ipv8_route_key(&rt->dst), 32 + rt->plen);
		p = ipv8_fib_prefix_get(fib, &k);
		if (!p)
			goto nomem;
		head = &p->routes;
	}

	dup = conf ? ipv8_route_find(head, rt->metric) : NULL;
	if (dup && !replace) {
		NL_SET_ERR_MSG(extack, "route exists (same prefix and metric)");
		err = -EEXIST;
		goto undo;
	}
	if (dup) {
		if (ipv8_fib_pair_replace(fib, dup, rt))
			goto nomem;
		hlist_replace_rcu(&dup->list, &rt->list);
		*old = dup;
		fib->gen++;
		return 0;
	}
	if (conf && !rt->is_default && ipv8_fib_asn_get(fib, ipv8_route_asn(rt)))
		goto nomem;
	if (ipv8_route_is_pair(rt) && ipv8_fib_pair_add(fib, rt)) {
		if (conf && !rt->is_default)
			ipv8_fib_asn_put(fib, ipv8_route_asn(rt));
		goto nomem;
	}
	ipv8_route_link(head, rt);
	fib->nroutes += conf;
	fib->nentries++;
	fib->gen++;
	return 0;

nomem:
	NL_SET_ERR_MSG(extack, "out of memory for the route");
	err = -ENOMEM;
undo:
	if (p)
		ipv8_fib_prefix_put(fib, p);
	ipv8_fib_bury(fib);
	return err;
}

/**
 * ipv8_fib_delete() - take a known entry out of the table
 * @fib: the table
 * @rt: the entry, in @fib
 *
 * Caller holds RTNL and frees @rt with ipv8_route_free().
 */
void ipv8_fib_delete(struct ipv8_fib *fib, struct ipv8_route *rt)
{
	ASSERT_RTNL();
	ipv8_fib_unlink(fib, rt, rt->is_default ? NULL :
			ipv8_fib_prefix_of(fib, rt));
	ipv8_fib_bury(fib);
}

/**
 * ipv8_fib_remove() - take a route out of the table
 * @fib: the table
 * @tmpl: prefix and metric of the route; @tmpl->metric_set false means
 *	the first (lowest-metric) route of the prefix
 * @extack: where to say why not
 *
 * Caller holds RTNL and frees the result with ipv8_route_free().
 *
 * Return: the route, or an ERR_PTR.
 */
struct ipv8_route *ipv8_fib_remove(struct ipv8_fib *fib,
				   const struct ipv8_route *tmpl,
				   struct netlink_ext_ack *extack)
{
	struct ipv8_fib_prefix *p = NULL;
	struct ipv8_route *rt = NULL;
	struct hlist_head *head = NULL;

	ASSERT_RTNL();
	if (tmpl->is_default) {
		head = &fib->defaults;
	} else {
		p = ipv8_fib_prefix_of(fib, tmpl);
		if (p)
			head = &p->routes;
	}
	if (head)
		rt = tmpl->metric_set ? ipv8_route_find(head, tmpl->metric) :
					ipv8_route_first(head);
	if (!rt) {
		NL_SET_ERR_MSG(extack, "no such route");
		return ERR_PTR(-ESRCH);
	}
	ipv8_fib_unlink(fib, rt, p);
	ipv8_fib_bury(fib);
	return rt;
}

/* ---- lookup ------------------------------------------------------------- */

/* The first entry of @head that @oif and @kernel allow. RCU. */
static const struct ipv8_route *ipv8_fib_pick(struct hlist_head *head,
					      int oif, bool kernel)
{
	const struct ipv8_route *rt;

	hlist_for_each_entry_rcu(rt, head, list)
		if ((kernel || ipv8_route_configured(rt)) &&
		    (!oif || rt->ifindex == oif))
			return rt;
	return NULL;
}

/**
 * ipv8_fib_lookup() - the route for a destination
 * @fib: the table
 * @daddr: the destination
 * @oif: only routes through this ifindex, or 0 for any
 * @kernel: kernel entries (local, connected) count too
 * @miss: on a miss, why: IPV8_FIB_MISS_HOST when configured routes name
 *	the ASN but none covers the host, IPV8_FIB_MISS_ASN when none names
 *	the ASN
 *
 * Caller holds rcu_read_lock() and may use the route until it drops it.
 * A change under way may be seen half done (a prefix added, its entry not
 * yet): the lookup then answers as the table was before or after it.
 *
 * Return: the first entry of the longest match, or NULL.
 */
const struct ipv8_route *ipv8_fib_lookup(struct ipv8_fib *fib,
					 const struct in8_addr *daddr,
					 int oif, bool kernel,
					 enum ipv8_fib_miss *miss)
{
	u64 lens = READ_ONCE(fib->lens), key = ipv8_route_key(daddr);
	u32 asn = ntohl(daddr->s8_asn);
	const struct ipv8_route *rt;
	struct ipv8_fib_prefix *p;
	struct ipv8_fib_asn *e;
	struct ipv8_fib_key k;
	unsigned int hl;

	while (lens) {
		hl = fls64(lens) - 1;
		lens &= ~BIT_ULL(hl);
		ipv8_fib_key(&k, key, 32 + hl);
		p = rhashtable_lookup(&fib->prefixes, &k,
				      ipv8_fib_prefix_params);
		if (p) {
			rt = ipv8_fib_pick(&p->routes, oif, kernel);
			if (rt)
				return rt;
		}
	}

	e = rhashtable_lookup(&fib->asns, &asn, ipv8_fib_asn_params);
	if (!e || !READ_ONCE(e->nconf)) {
		rt = ipv8_fib_pick(&fib->defaults, oif, kernel);
		if (rt)
			return rt;
		*miss = IPV8_FIB_MISS_ASN;
	} else {
		*miss = IPV8_FIB_MISS_HOST;
	}
	return NULL;
}

/* ---- whole tables ------------------------------------------------------- */

/**
 * ipv8_fib_init() - prepare an empty table
 * @fib: the table
 *
 * Return: 0, or -ENOMEM.
 */
int ipv8_fib_init(struct ipv8_fib *fib)
{
	int err;

	memset(fib, 0, sizeof(*fib));
	fib->tree = RB_ROOT;
	INIT_HLIST_HEAD(&fib->defaults);
	INIT_LIST_HEAD(&fib->pairs);
	err = rhashtable_init(&fib->prefixes, &ipv8_fib_prefix_params);
	if (err)
		return err;
	err = rhashtable_init(&fib->asns, &ipv8_fib_asn_params);
	if (err)
		rhashtable_destroy(&fib->prefixes);
	return err;
}

/* Removes the routes of @head that @match accepts, handing each to @gone. */
static void ipv8_fib_purge_list(struct ipv8_fib *fib, struct hlist_head *head,
				struct ipv8_fib_prefix *p,
				bool (*match)(const struct ipv8_route *rt,
					      const void *arg),
				void (*gone)(struct ipv8_route *rt, void *arg),
				void *arg)
{
	struct ipv8_route *rt;
	struct hlist_node *tmp;

	hlist_for_each_entry_safe(rt, tmp, head, list) {
		if (!match(rt, arg))
			continue;
		ipv8_fib_unlink(fib, rt, NULL);
		gone(rt, arg);
	}
	if (p)
		ipv8_fib_prefix_put(fib, p);
}

/**
 * ipv8_fib_purge() - remove every route a predicate accepts
 * @fib: the table
 * @match: the predicate
 * @gone: receives each removed route; it must end with ipv8_route_free()
 * @arg: passed to both
 *
 * Caller holds RTNL.
 */
void ipv8_fib_purge(struct ipv8_fib *fib,
		    bool (*match)(const struct ipv8_route *rt, const void *arg),
		    void (*gone)(struct ipv8_route *rt, void *arg), void *arg)
{
	struct ipv8_fib_prefix *p;
	struct rb_node *node, *next;

	ASSERT_RTNL();
	for (node = rb_first(&fib->tree); node; node = next) {
		next = rb_next(node);
		p = rb_entry(node, struct ipv8_fib_prefix, tree);
		ipv8_fib_purge_list(fib, &p->routes, p, match, gone, arg);
	}
	ipv8_fib_purge_list(fib, &fib->defaults, NULL, match, gone, arg);
	fib->gen++;
	ipv8_fib_bury(fib);
}

/**
 * ipv8_fib_walk() - visit every configured route, defaults last
 * @fib: the table
 * @fn: called per route in key order; a non-zero return stops the walk
 * @arg: passed to @fn
 *
 * Caller holds RTNL.
 *
 * Return: what stopped the walk, or 0.
 */
int ipv8_fib_walk(struct ipv8_fib *fib,
		  int (*fn)(const struct ipv8_route *rt, void *arg), void *arg)
{
	const struct ipv8_fib_prefix *p;
	const struct ipv8_route *rt;
	struct rb_node *node;
	int err;

	ASSERT_RTNL();
	for (node = rb_first(&fib->tree); node; node = rb_next(node)) {
		p = rb_entry(node, struct ipv8_fib_prefix, tree);
		hlist_for_each_entry(rt, &p->routes, list) {
			err = ipv8_route_configured(rt) ? fn(rt, arg) : 0;
			if (err)
				return err;
		}
	}
	hlist_for_each_entry(rt, &fib->defaults, list) {
		err = fn(rt, arg);
		if (err)
			return err;
	}
	return 0;
}

static bool ipv8_route_any(const struct ipv8_route *rt, const void *arg)
{
	return true;
}

static void ipv8_route_drop(struct ipv8_route *rt, void *arg)
{
	ipv8_route_free(rt);
}

/**
 * ipv8_fib_destroy() - empty a table and release its hashes
 * @fib: the table
 *
 * Caller holds RTNL; nobody looks the table up any more.
 */
void ipv8_fib_destroy(struct ipv8_fib *fib)
{
	ipv8_fib_purge(fib, ipv8_route_any, ipv8_route_drop, NULL);
	rhashtable_destroy(&fib->prefixes);
	rhashtable_destroy(&fib->asns);
}

/**
 * ipv8_fib_settle() - wait until the hashes are done resizing
 * @fib: the table
 *
 * A hash grows in a worker and frees its old buckets after a grace
 * period; the benchmark measures memory after both. May sleep.
 */
void ipv8_fib_settle(struct ipv8_fib *fib)
{
	flush_work(&fib->prefixes.run_work);
	flush_work(&fib->asns.run_work);
	rcu_barrier();
}

static u64 ipv8_fib_buckets(struct rhashtable *ht)
{
	u64 n;

	rcu_read_lock();
	n = rht_dereference_rcu(ht->tbl, ht)->size;
	rcu_read_unlock();
	return n * sizeof(struct rhash_head *);
}

/**
 * ipv8_fib_mem() - the bytes a table holds by the sizes of its objects
 * @fib: the table
 * @nprefixes: set to the number of prefixes
 *
 * Caller holds RTNL. The benchmark reports this model beside the slab
 * growth it measures.
 *
 * Return: entries, prefixes, index entries and both hashes' buckets.
 */
u64 ipv8_fib_mem(struct ipv8_fib *fib, u32 *nprefixes)
{
	u64 nasn = atomic_read(&fib->asns.nelems);

	*nprefixes = atomic_read(&fib->prefixes.nelems);
	return (u64)fib->nentries * kmem_cache_size(ipv8_route_cache) +
	       (u64)*nprefixes * kmem_cache_size(ipv8_fib_prefix_cache) +
	       nasn * kmalloc_size_roundup(sizeof(struct ipv8_fib_asn)) +
	       ipv8_fib_buckets(&fib->prefixes) + ipv8_fib_buckets(&fib->asns);
}

/* ---- module ------------------------------------------------------------- */

/* Before anything else: the self-tests already need the caches. */
int __init ipv8_fib_module_init(void)
{
	ipv8_fib_prefix_cache = KMEM_CACHE(ipv8_fib_prefix, 0);
	ipv8_route_cache = KMEM_CACHE(ipv8_route, 0);
	if (ipv8_fib_prefix_cache && ipv8_route_cache)
		return 0;
	kmem_cache_destroy(ipv8_fib_prefix_cache);
	kmem_cache_destroy(ipv8_route_cache);
	return -ENOMEM;
}

/* After every table is gone: wait for the frees still queued. */
void ipv8_fib_module_exit(void)
{
	rcu_barrier();
	kmem_cache_destroy(ipv8_fib_prefix_cache);
	kmem_cache_destroy(ipv8_route_cache);
}
