// SPDX-License-Identifier: GPL-2.0
/*
 * IPv8: FIB8, longest-prefix match over (ASN, host prefix).
 *
 * A route names its ASN exactly and a prefix of the host part, so its key
 * is the 64-bit value asn << 32 | host with a length of 32 + host bits:
 * every route is at least 32 bits long and a plain longest-prefix match on
 * the 64-bit key never crosses an ASN. The "default" route matches every
 * ASN, but only one that no route names (PROTOCOL.md section 7), so it sits
 * beside the trie, not in it.
 *
 * The trie is a path-compressed binary trie: a node holds a prefix and
 * branches on the bit after it; a node without routes always has two
 * children. Lookups walk it under RCU with no lock and no allocation.
 *
 * Beside configured routes the leaves hold the kernel's entries for local
 * addresses and connected subnets (enum ipv8_route_type), so that the
 * per-packet path needs this one lookup. Those entries do not name their
 * ASN for the default rule: a node counts the configured routes below it.
 * Writers hold RTNL; a node or route leaves the trie with rcu_assign_pointer
 * or list_del_rcu and is freed after a grace period.
 *
 * Kept free of netlink: callers hand in a struct ipv8_route they allocated.
 */

#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "ipv8.h"

struct ipv8_fib_node {
	struct ipv8_fib_node __rcu	*child[2];
	struct list_head		routes;	/* see ipv8_route_before() */
	u64				key;	/* masked to @bits */
	u8				bits;	/* 0..64 */
	u32				nconf;	/* configured routes here and below */
	struct rcu_head			rcu;
};

static u64 ipv8_fib_mask(unsigned int bits)
{
	/* A shift by 64 is undefined: bits == 0 is its own case. */
	return bits ? ~0ULL << (64 - bits) : 0;
}

static unsigned int ipv8_fib_bit(u64 key, unsigned int pos)
{
	return (key >> (63 - pos)) & 1;
}

static bool ipv8_fib_covers(const struct ipv8_fib_node *n, u64 key)
{
	return !((key ^ n->key) & ipv8_fib_mask(n->bits));
}

/**
 * ipv8_route_key() - the trie key of an address
 * @addr: the address
 *
 * Return: asn << 32 | host, host byte order.
 */
u64 ipv8_route_key(const struct in8_addr *addr)
{
	return (u64)ntohl(addr->s8_asn) << 32 | ntohl(addr->s8_host);
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
static void ipv8_route_link(struct list_head *head, struct ipv8_route *rt)
{
	struct ipv8_route *pos;

	list_for_each_entry(pos, head, list) {
		if (ipv8_route_before(rt, pos)) {
			list_add_tail_rcu(&rt->list, &pos->list);
			return;
		}
	}
	list_add_tail_rcu(&rt->list, head);
}

static struct ipv8_route *ipv8_route_find(struct list_head *head, u32 metric)
{
	struct ipv8_route *rt;

	list_for_each_entry(rt, head, list)
		if (ipv8_route_configured(rt) && rt->metric == metric)
			return rt;
	return NULL;
}

static struct ipv8_route *ipv8_route_first(struct list_head *head)
{
	struct ipv8_route *rt;

	list_for_each_entry(rt, head, list)
		if (ipv8_route_configured(rt))
			return rt;
	return NULL;
}

/* Add @delta to the configured-route count of the nodes above (@key, @bits). */
static void ipv8_fib_count(struct ipv8_fib *fib, u64 key, unsigned int bits,
			   int delta)
{
	struct ipv8_fib_node *n;

	for (n = rtnl_dereference(fib->root); n && n->bits <= bits &&
	     ipv8_fib_covers(n, key);
	     n = n->bits == bits ? NULL :
		 rtnl_dereference(n->child[ipv8_fib_bit(key, n->bits)]))
		WRITE_ONCE(n->nconf, n->nconf + delta);
}

static struct ipv8_fib_node *ipv8_fib_node_new(u64 key, unsigned int bits)
{
	struct ipv8_fib_node *n = kzalloc(sizeof(*n), GFP_KERNEL);

	if (!n)
		return NULL;
	INIT_LIST_HEAD(&n->routes);
	n->key = key & ipv8_fib_mask(bits);
	n->bits = bits;
	return n;
}

/* The node of exactly (@key, @bits), created with its branch point if need be. */
static struct ipv8_fib_node *ipv8_fib_node_get(struct ipv8_fib *fib, u64 key,
					       unsigned int bits)
{
	struct ipv8_fib_node __rcu **slot = &fib->root;
	struct ipv8_fib_node *n, *leaf, *branch;
	unsigned int common;

	for (;;) {
		n = rtnl_dereference(*slot);
		if (!n) {
			leaf = ipv8_fib_node_new(key, bits);
			if (leaf)
				rcu_assign_pointer(*slot, leaf);
			return leaf;
		}
		if (n->bits <= bits && ipv8_fib_covers(n, key)) {
			if (n->bits == bits)
				return n;
			slot = &n->child[ipv8_fib_bit(key, n->bits)];
			continue;
		}
		break;
	}

	/* @n diverges from the new prefix, or lies below it. */
	common = min_t(unsigned int, bits, n->bits);
	if ((key ^ n->key) & ipv8_fib_mask(common))
		common = __builtin_clzll((key ^ n->key) & ipv8_fib_mask(common));

	leaf = ipv8_fib_node_new(key, bits);
	if (!leaf)
		return NULL;
	if (common == bits) {
		/* The new prefix sits above @n: @n becomes its child. */
		leaf->nconf = n->nconf;
		RCU_INIT_POINTER(leaf->child[ipv8_fib_bit(n->key, bits)], n);
		rcu_assign_pointer(*slot, leaf);
		return leaf;
	}
	branch = ipv8_fib_node_new(key, common);
	if (!branch) {
		kfree(leaf);
		return NULL;
	}
	branch->nconf = n->nconf;
	RCU_INIT_POINTER(branch->child[ipv8_fib_bit(key, common)], leaf);
	RCU_INIT_POINTER(branch->child[ipv8_fib_bit(n->key, common)], n);
	rcu_assign_pointer(*slot, branch);
	return leaf;
}

/*
 * A node without routes is only a branch point: with one child left it is
 * spliced out, with none it goes. Return: whether the node at @slot went.
 */
static bool ipv8_fib_splice(struct ipv8_fib_node __rcu **slot)
{
	struct ipv8_fib_node *n = rtnl_dereference(*slot);
	struct ipv8_fib_node *c0 = rtnl_dereference(n->child[0]);
	struct ipv8_fib_node *c1 = rtnl_dereference(n->child[1]);

	if (!list_empty(&n->routes) || (c0 && c1))
		return false;
	rcu_assign_pointer(*slot, c0 ? c0 : c1);
	kfree_rcu(n, rcu);
	return true;
}

/*
 * After a node lost routes, splice from it upwards while nodes go.
 * @path holds the slots from the root down to the node, @depth of them.
 */
static void ipv8_fib_prune(struct ipv8_fib_node __rcu ***path, int depth)
{
	while (depth-- > 0 && ipv8_fib_splice(path[depth]))
		;
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
 * caller to announce and free with ipv8_route_free(). Kernel entries
 * (local, connected) never clash: two links may hold the same subnet.
 *
 * Return: 0, -EEXIST, or -ENOMEM.
 */
int ipv8_fib_insert(struct ipv8_fib *fib, struct ipv8_route *rt, bool replace,
		    struct ipv8_route **old, struct netlink_ext_ack *extack)
{
	struct list_head *head;
	struct ipv8_fib_node *n;
	struct ipv8_route *dup;

	ASSERT_RTNL();
	*old = NULL;
	if (rt->is_default) {
		head = &fib->defaults;
	} else {
		n = ipv8_fib_node_get(fib, ipv8_route_key(&rt->dst),
				      32 + rt->plen);
		if (!n)
			return -ENOMEM;
		head = &n->routes;
	}

	dup = ipv8_route_configured(rt) ? ipv8_route_find(head, rt->metric) :
					  NULL;
	if (dup && !replace) {
		NL_SET_ERR_MSG(extack, "route exists (same prefix and metric)");
		return -EEXIST;
	}
	if (dup) {
		list_replace_rcu(&dup->list, &rt->list);
		*old = dup;
	} else {
		ipv8_route_link(head, rt);
		if (ipv8_route_configured(rt)) {
			fib->nroutes++;
			if (!rt->is_default)
				ipv8_fib_count(fib, ipv8_route_key(&rt->dst),
					       32 + rt->plen, 1);
		}
	}
	fib->gen++;
	return 0;
}

/* The slots from the root down to the node of (@key, @bits); its routes. */
static struct list_head *ipv8_fib_path(struct ipv8_fib *fib, u64 key,
				       unsigned int bits,
				       struct ipv8_fib_node __rcu ***path,
				       int *depth)
{
	struct ipv8_fib_node __rcu **slot = &fib->root;
	struct ipv8_fib_node *n;

	*depth = 0;
	while ((n = rtnl_dereference(*slot)) && n->bits <= bits &&
	       ipv8_fib_covers(n, key)) {
		path[(*depth)++] = slot;
		if (n->bits == bits)
			return &n->routes;
		slot = &n->child[ipv8_fib_bit(key, n->bits)];
	}
	return NULL;
}

/* Unlink @rt, found at the end of @path, and prune what it leaves behind. */
static void ipv8_fib_unlink(struct ipv8_fib *fib, struct ipv8_route *rt,
			    struct ipv8_fib_node __rcu ***path, int depth)
{
	list_del_rcu(&rt->list);
	if (ipv8_route_configured(rt)) {
		fib->nroutes--;
		if (!rt->is_default)
			ipv8_fib_count(fib, ipv8_route_key(&rt->dst),
				       32 + rt->plen, -1);
	}
	fib->gen++;
	if (!rt->is_default)
		ipv8_fib_prune(path, depth);
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
	struct ipv8_fib_node __rcu **path[65];
	int depth = 0;

	ASSERT_RTNL();
	if (!rt->is_default)
		ipv8_fib_path(fib, ipv8_route_key(&rt->dst), 32 + rt->plen,
			      path, &depth);
	ipv8_fib_unlink(fib, rt, path, depth);
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
	struct ipv8_fib_node __rcu **path[65];
	struct list_head *head;
	struct ipv8_route *rt = NULL;
	int depth = 0;

	ASSERT_RTNL();
	if (tmpl->is_default)
		head = &fib->defaults;
	else
		head = ipv8_fib_path(fib, ipv8_route_key(&tmpl->dst),
				     32 + tmpl->plen, path, &depth);
	if (head)
		rt = tmpl->metric_set ? ipv8_route_find(head, tmpl->metric) :
					ipv8_route_first(head);
	if (!rt) {
		NL_SET_ERR_MSG(extack, "no such route");
		return ERR_PTR(-ESRCH);
	}
	ipv8_fib_unlink(fib, rt, path, depth);
	return rt;
}

/* The first entry of @head that @oif and @kernel allow. RCU. */
static const struct ipv8_route *ipv8_fib_pick(struct list_head *head, int oif,
					      bool kernel)
{
	const struct ipv8_route *rt;

	list_for_each_entry_rcu(rt, head, list)
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
 *
 * Return: the first entry of the longest match, or NULL.
 */
const struct ipv8_route *ipv8_fib_lookup(struct ipv8_fib *fib,
					 const struct in8_addr *daddr,
					 int oif, bool kernel,
					 enum ipv8_fib_miss *miss)
{
	const struct ipv8_route *rt, *best = NULL;
	u64 key = ipv8_route_key(daddr);
	struct ipv8_fib_node *n;
	bool asn_named = false;

	for (n = rcu_dereference(fib->root); n;
	     n = rcu_dereference(n->child[ipv8_fib_bit(key, n->bits)])) {
		/* A node at depth >= 32 on our ASN names it if routes do. */
		if (n->bits >= 32 && !((key ^ n->key) >> 32) &&
		    READ_ONCE(n->nconf))
			asn_named = true;
		if (!ipv8_fib_covers(n, key))
			break;
		if (!list_empty(&n->routes)) {
			rt = ipv8_fib_pick(&n->routes, oif, kernel);
			if (rt)
				best = rt;
		}
		if (n->bits == 64)
			break;
	}
	if (best)
		return best;
	if (!asn_named) {
		rt = ipv8_fib_pick(&fib->defaults, oif, kernel);
		if (rt)
			return rt;
	}
	*miss = asn_named ? IPV8_FIB_MISS_HOST : IPV8_FIB_MISS_ASN;
	return NULL;
}

/**
 * ipv8_route_free() - free a route after readers are done with it
 * @rt: the route, already out of every table
 */
void ipv8_route_free(struct ipv8_route *rt)
{
	kfree_rcu(rt, rcu);
}

/**
 * ipv8_fib_init() - prepare an empty table
 * @fib: the table
 */
void ipv8_fib_init(struct ipv8_fib *fib)
{
	RCU_INIT_POINTER(fib->root, NULL);
	INIT_LIST_HEAD(&fib->defaults);
	fib->nroutes = 0;
	fib->gen = 0;
}

/* Removes the routes of @head that @match accepts, handing each to @gone. */
static void ipv8_fib_purge_list(struct ipv8_fib *fib, struct list_head *head,
				bool (*match)(const struct ipv8_route *rt,
					      const void *arg),
				void (*gone)(struct ipv8_route *rt, void *arg),
				void *arg)
{
	struct ipv8_route *rt, *tmp;

	list_for_each_entry_safe(rt, tmp, head, list) {
		if (!match(rt, arg))
			continue;
		list_del_rcu(&rt->list);
		if (ipv8_route_configured(rt))
			fib->nroutes--;
		gone(rt, arg);
	}
}

/* Recount a node's configured routes once its children are counted. */
static void ipv8_fib_recount(struct ipv8_fib_node *n)
{
	struct ipv8_fib_node *c;
	const struct ipv8_route *rt;
	u32 nconf = 0;
	int i;

	list_for_each_entry(rt, &n->routes, list)
		nconf += ipv8_route_configured(rt);
	for (i = 0; i < 2; i++) {
		c = rtnl_dereference(n->child[i]);
		if (c)
			nconf += c->nconf;
	}
	WRITE_ONCE(n->nconf, nconf);
}

/*
 * Post-order walk below @slot: removes the routes @match accepts, handing
 * each to @gone, and splices out the nodes left without purpose.
 */
static void ipv8_fib_purge_node(struct ipv8_fib *fib,
				struct ipv8_fib_node __rcu **slot,
				bool (*match)(const struct ipv8_route *rt,
					      const void *arg),
				void (*gone)(struct ipv8_route *rt, void *arg),
				void *arg)
{
	struct ipv8_fib_node *n = rtnl_dereference(*slot);

	if (!n)
		return;
	ipv8_fib_purge_node(fib, &n->child[0], match, gone, arg);
	ipv8_fib_purge_node(fib, &n->child[1], match, gone, arg);
	ipv8_fib_purge_list(fib, &n->routes, match, gone, arg);
	ipv8_fib_recount(n);
	ipv8_fib_splice(slot);
}

/**
 * ipv8_fib_purge() - remove every route a predicate accepts
 * @fib: the table
 * @match: the predicate
 * @gone: receives each removed route; it must end with ipv8_route_free()
 * @arg: passed to both
 *
 * Caller holds RTNL. Recursion depth is bounded by the key width.
 */
void ipv8_fib_purge(struct ipv8_fib *fib,
		    bool (*match)(const struct ipv8_route *rt, const void *arg),
		    void (*gone)(struct ipv8_route *rt, void *arg), void *arg)
{
	ASSERT_RTNL();
	ipv8_fib_purge_node(fib, &fib->root, match, gone, arg);
	ipv8_fib_purge_list(fib, &fib->defaults, match, gone, arg);
	fib->gen++;
}

static int ipv8_fib_walk_node(struct ipv8_fib_node *n,
			      int (*fn)(const struct ipv8_route *rt, void *arg),
			      void *arg)
{
	const struct ipv8_route *rt;
	int err;

	if (!n)
		return 0;
	list_for_each_entry_rcu(rt, &n->routes, list, lockdep_rtnl_is_held()) {
		err = ipv8_route_configured(rt) ? fn(rt, arg) : 0;
		if (err)
			return err;
	}
	err = ipv8_fib_walk_node(rcu_dereference_rtnl(n->child[0]), fn, arg);
	if (err)
		return err;
	return ipv8_fib_walk_node(rcu_dereference_rtnl(n->child[1]), fn, arg);
}

/**
 * ipv8_fib_walk() - visit every configured route, defaults last
 * @fib: the table
 * @fn: called per route in key order; a non-zero return stops the walk
 * @arg: passed to @fn
 *
 * Caller holds RTNL, or RCU (then routes may come and go during the walk;
 * each one visited is valid until RCU is dropped).
 *
 * Return: what stopped the walk, or 0.
 */
int ipv8_fib_walk(struct ipv8_fib *fib,
		  int (*fn)(const struct ipv8_route *rt, void *arg), void *arg)
{
	const struct ipv8_route *rt;
	int err;

	err = ipv8_fib_walk_node(rcu_dereference_rtnl(fib->root), fn, arg);
	if (err)
		return err;
	list_for_each_entry_rcu(rt, &fib->defaults, list,
				lockdep_rtnl_is_held()) {
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
 * ipv8_fib_flush() - empty a table
 * @fib: the table
 *
 * Caller holds RTNL.
 */
void ipv8_fib_flush(struct ipv8_fib *fib)
{
	ipv8_fib_purge(fib, ipv8_route_any, ipv8_route_drop, NULL);
}
