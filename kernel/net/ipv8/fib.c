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
 * children. Beside it an index (a resizable hash) maps each ASN present to
 * the top of its subtree, the first node of 32 bits or more on its path,
 * so that a lookup starts there instead of at the root: the ASN levels,
 * which only ever branch, cost one hash probe (issue 6: 1M routes in 100k
 * ASNs were 20 levels deep).
 *
 * Beside configured routes the leaves hold the kernel's entries for local
 * addresses and connected subnets (enum ipv8_route_type), so that the
 * per-packet path needs this one lookup. Those entries do not name their
 * ASN for the default rule: a node counts the configured routes below it.
 *
 * Locking: writers hold RTNL; lookups run under RCU with no lock and no
 * allocation. A route leaves with hlist_del_rcu() and is freed after a
 * grace period; a node leaves with rcu_assign_pointer() and waits in a
 * grave (below) for its grace period; an index entry is repointed with
 * rcu_assign_pointer() and freed with kfree_rcu(). An index entry may
 * briefly point at a node that just left the trie: that node stays
 * readable until the grace period ends, so a lookup then sees the table
 * as it was an instant before.
 *
 * Memory (issue 6, goal 1.5x IPv4's fib_trie per route): nodes and routes
 * come from caches of their exact size, and nodes carry no rcu_head.
 *
 * Kept free of netlink: callers hand in routes from ipv8_route_alloc().
 */

#include <linux/rhashtable.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "ipv8.h"

/**
 * struct ipv8_fib_node - a trie node
 * @child: the subtrees, by the bit after @bits
 * @routes: entries of exactly this prefix, in ipv8_route_before() order
 * @key: the prefix, masked to @bits
 * @nconf: configured routes here and below
 * @bits: the prefix length, 0..64
 */
struct ipv8_fib_node {
	struct ipv8_fib_node __rcu	*child[2];
	struct hlist_head		routes;
	u64				key;
	u32				nconf;
	u8				bits;
};

/**
 * struct ipv8_fib_asn - an index entry
 * @node: entry in ipv8_fib.asns
 * @asn: the ASN, host order
 * @top: the first node of 32 bits or more on the ASN's path
 * @rcu: for kfree_rcu()
 */
struct ipv8_fib_asn {
	struct rhash_head		node;
	u32				asn;
	struct ipv8_fib_node __rcu	*top;
	struct rcu_head			rcu;
};

static const struct rhashtable_params ipv8_fib_asn_params = {
	.key_len		= sizeof(u32),
	.key_offset		= offsetof(struct ipv8_fib_asn, asn),
	.head_offset		= offsetof(struct ipv8_fib_asn, node),
	.automatic_shrinking	= true,
};

/*
 * Nodes that left the trie during one change, freed together after a
 * grace period: one rcu_head per change instead of one per node.
 */
#define IPV8_FIB_GRAVE_SLOTS	28

struct ipv8_fib_grave {
	struct rcu_head		rcu;
	unsigned int		count;
	struct ipv8_fib_node	*nodes[IPV8_FIB_GRAVE_SLOTS];
};

static struct kmem_cache *ipv8_fib_node_cache __read_mostly;
static struct kmem_cache *ipv8_route_cache __read_mostly;

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

/* ---- nodes -------------------------------------------------------------- */

static struct ipv8_fib_node *ipv8_fib_node_new(u64 key, unsigned int bits)
{
	struct ipv8_fib_node *n;

	n = kmem_cache_zalloc(ipv8_fib_node_cache, GFP_KERNEL);
	if (!n)
		return NULL;
	n->key = key & ipv8_fib_mask(bits);
	n->bits = bits;
	return n;
}

static void ipv8_fib_grave_free(struct rcu_head *head)
{
	struct ipv8_fib_grave *g = container_of(head, struct ipv8_fib_grave,
						rcu);
	unsigned int i;

	for (i = 0; i < g->count; i++)
		kmem_cache_free(ipv8_fib_node_cache, g->nodes[i]);
	kfree(g);
}

/* Send the change's grave on its way. Caller holds RTNL. */
static void ipv8_fib_bury(struct ipv8_fib *fib)
{
	if (fib->grave)
		call_rcu(&fib->grave->rcu, ipv8_fib_grave_free);
	fib->grave = NULL;
}

/* A node left the trie: free it once readers are gone. Caller holds RTNL. */
static void ipv8_fib_node_discard(struct ipv8_fib *fib,
				  struct ipv8_fib_node *n)
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
			kmem_cache_free(ipv8_fib_node_cache, n);
			return;
		}
		g->count = 0;
		fib->grave = g;
	}
	g->nodes[g->count++] = n;
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
		kmem_cache_free(ipv8_fib_node_cache, leaf);
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
static bool ipv8_fib_splice(struct ipv8_fib *fib,
			    struct ipv8_fib_node __rcu **slot)
{
	struct ipv8_fib_node *n = rtnl_dereference(*slot);
	struct ipv8_fib_node *c0 = rtnl_dereference(n->child[0]);
	struct ipv8_fib_node *c1 = rtnl_dereference(n->child[1]);

	if (!hlist_empty(&n->routes) || (c0 && c1))
		return false;
	rcu_assign_pointer(*slot, c0 ? c0 : c1);
	ipv8_fib_node_discard(fib, n);
	return true;
}

/*
 * After a node lost routes, splice from it upwards while nodes go.
 * @path holds the slots from the root down to the node, @depth of them.
 */
static void ipv8_fib_prune(struct ipv8_fib *fib,
			   struct ipv8_fib_node __rcu ***path, int depth)
{
	while (depth-- > 0 && ipv8_fib_splice(fib, path[depth]))
		;
}

/* ---- the ASN index ------------------------------------------------------ */

/*
 * Point @asn's index entry at the top of its subtree, or drop the entry
 * when the ASN has no node left. Only adding an entry can fail (-ENOMEM).
 * Caller holds RTNL.
 */
static int ipv8_fib_index(struct ipv8_fib *fib, u32 asn)
{
	struct ipv8_fib_node *n = rtnl_dereference(fib->root);
	u64 key = (u64)asn << 32;
	struct ipv8_fib_asn *e;
	int err;

	while (n && n->bits < 32 && ipv8_fib_covers(n, key))
		n = rtnl_dereference(n->child[ipv8_fib_bit(key, n->bits)]);
	if (n && (n->bits < 32 || n->key >> 32 != asn))
		n = NULL;

	e = rhashtable_lookup_fast(&fib->asns, &asn, ipv8_fib_asn_params);
	if (e && n) {
		rcu_assign_pointer(e->top, n);
	} else if (e) {
		rhashtable_remove_fast(&fib->asns, &e->node,
				       ipv8_fib_asn_params);
		kfree_rcu(e, rcu);
	} else if (n) {
		e = kmalloc(sizeof(*e), GFP_KERNEL);
		if (!e)
			return -ENOMEM;
		e->asn = asn;
		RCU_INIT_POINTER(e->top, n);
		err = rhashtable_insert_fast(&fib->asns, &e->node,
					     ipv8_fib_asn_params);
		if (err) {
			kfree(e);
			return err;
		}
	}
	return 0;
}

static u32 ipv8_route_asn(const struct ipv8_route *rt)
{
	return ntohl(rt->dst.s8_asn);
}

/* ---- changes ------------------------------------------------------------ */

/* The slots from the root down to the node of (@key, @bits); its routes. */
static struct hlist_head *ipv8_fib_path(struct ipv8_fib *fib, u64 key,
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
	hlist_del_rcu(&rt->list);
	if (ipv8_route_configured(rt)) {
		fib->nroutes--;
		if (!rt->is_default)
			ipv8_fib_count(fib, ipv8_route_key(&rt->dst),
				       32 + rt->plen, -1);
	}
	fib->gen++;
	if (!rt->is_default) {
		ipv8_fib_prune(fib, path, depth);
		ipv8_fib_index(fib, ipv8_route_asn(rt));	/* cannot fail */
	}
	ipv8_fib_bury(fib);
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
 * failure: it may have been visible for a moment. Kernel entries
 * (local, connected) never clash: two links may hold the same subnet.
 *
 * Return: 0, -EEXIST, or -ENOMEM.
 */
int ipv8_fib_insert(struct ipv8_fib *fib, struct ipv8_route *rt, bool replace,
		    struct ipv8_route **old, struct netlink_ext_ack *extack)
{
	struct ipv8_fib_node __rcu **path[65];
	u64 key = ipv8_route_key(&rt->dst);
	struct hlist_head *head;
	struct ipv8_fib_node *n;
	struct ipv8_route *dup;
	int depth, err;

	ASSERT_RTNL();
	*old = NULL;
	if (rt->is_default) {
		head = &fib->defaults;
	} else {
		n = ipv8_fib_node_get(fib, key, 32 + rt->plen);
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
		hlist_replace_rcu(&dup->list, &rt->list);
		*old = dup;
		fib->gen++;
		return 0;
	}
	ipv8_route_link(head, rt);
	if (ipv8_route_configured(rt)) {
		fib->nroutes++;
		if (!rt->is_default)
			ipv8_fib_count(fib, key, 32 + rt->plen, 1);
	}
	fib->gen++;
	if (rt->is_default)
		return 0;
	err = ipv8_fib_index(fib, ipv8_route_asn(rt));
	if (err) {
		ipv8_fib_path(fib, key, 32 + rt->plen, path, &depth);
		ipv8_fib_unlink(fib, rt, path, depth);
		NL_SET_ERR_MSG(extack, "out of memory for the ASN index");
	}
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
	struct ipv8_route *rt = NULL;
	struct hlist_head *head;
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
 *
 * Return: the first entry of the longest match, or NULL.
 */
const struct ipv8_route *ipv8_fib_lookup(struct ipv8_fib *fib,
					 const struct in8_addr *daddr,
					 int oif, bool kernel,
					 enum ipv8_fib_miss *miss)
{
	const struct ipv8_route *rt, *best = NULL;
	u32 asn = ntohl(daddr->s8_asn);
	u64 key = ipv8_route_key(daddr);
	struct ipv8_fib_node *n = NULL;
	struct ipv8_fib_asn *e;
	bool asn_named;

	e = rhashtable_lookup(&fib->asns, &asn, ipv8_fib_asn_params);
	if (e)
		n = rcu_dereference(e->top);
	/* The top of an ASN's subtree counts all its configured routes. */
	asn_named = n && READ_ONCE(n->nconf);
	for (; n && ipv8_fib_covers(n, key);
	     n = rcu_dereference(n->child[ipv8_fib_bit(key, n->bits)])) {
		if (!hlist_empty(&n->routes)) {
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

/* ---- whole tables ------------------------------------------------------- */

/**
 * ipv8_fib_init() - prepare an empty table
 * @fib: the table
 *
 * Return: 0, or -ENOMEM.
 */
int ipv8_fib_init(struct ipv8_fib *fib)
{
	RCU_INIT_POINTER(fib->root, NULL);
	INIT_HLIST_HEAD(&fib->defaults);
	fib->nroutes = 0;
	fib->gen = 0;
	fib->grave = NULL;
	return rhashtable_init(&fib->asns, &ipv8_fib_asn_params);
}

/* Removes the routes of @head that @match accepts, handing each to @gone. */
static void ipv8_fib_purge_list(struct ipv8_fib *fib, struct hlist_head *head,
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
		hlist_del_rcu(&rt->list);
		if (ipv8_route_configured(rt))
			fib->nroutes--;
		gone(rt, arg);
	}
}

/* Recount a node's configured routes once its children are counted. */
static void ipv8_fib_recount(struct ipv8_fib_node *n)
{
	const struct ipv8_route *rt;
	struct ipv8_fib_node *c;
	u32 nconf = 0;
	int i;

	hlist_for_each_entry(rt, &n->routes, list)
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
 * each to @gone, splices out the nodes left without purpose and, at the
 * top of an ASN's subtree (@top), brings its index entry up to date.
 */
static void ipv8_fib_purge_node(struct ipv8_fib *fib,
				struct ipv8_fib_node __rcu **slot, bool top,
				bool (*match)(const struct ipv8_route *rt,
					      const void *arg),
				void (*gone)(struct ipv8_route *rt, void *arg),
				void *arg)
{
	struct ipv8_fib_node *n = rtnl_dereference(*slot);
	bool below;
	u32 asn;

	if (!n)
		return;
	top = top && n->bits >= 32;
	below = n->bits < 32;	/* the children may be tops */
	asn = n->key >> 32;
	ipv8_fib_purge_node(fib, &n->child[0], below, match, gone, arg);
	ipv8_fib_purge_node(fib, &n->child[1], below, match, gone, arg);
	ipv8_fib_purge_list(fib, &n->routes, match, gone, arg);
	ipv8_fib_recount(n);
	ipv8_fib_splice(fib, slot);
	if (top)
		ipv8_fib_index(fib, asn);	/* cannot fail */
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
	ipv8_fib_purge_node(fib, &fib->root, true, match, gone, arg);
	ipv8_fib_purge_list(fib, &fib->defaults, match, gone, arg);
	fib->gen++;
	ipv8_fib_bury(fib);
}

static int ipv8_fib_walk_node(struct ipv8_fib_node *n,
			      int (*fn)(const struct ipv8_route *rt, void *arg),
			      void *arg)
{
	const struct ipv8_route *rt;
	int err;

	if (!n)
		return 0;
	hlist_for_each_entry_rcu(rt, &n->routes, list, lockdep_rtnl_is_held()) {
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
	hlist_for_each_entry_rcu(rt, &fib->defaults, list,
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
 * ipv8_fib_destroy() - empty a table and release its index
 * @fib: the table
 *
 * Caller holds RTNL; nobody looks the table up any more.
 */
void ipv8_fib_destroy(struct ipv8_fib *fib)
{
	ipv8_fib_purge(fib, ipv8_route_any, ipv8_route_drop, NULL);
	rhashtable_destroy(&fib->asns);
}

/**
 * ipv8_fib_mem() - the bytes a table holds by the sizes of its objects
 * @fib: the table, with @nodes trie nodes
 * @nodes: counted by the caller, who knows the table's shape
 *
 * Caller holds RTNL. The benchmark reports this model beside the slab
 * growth it measures.
 *
 * Return: routes, nodes, index entries and the index's buckets.
 */
u64 ipv8_fib_mem(struct ipv8_fib *fib, u64 nodes)
{
	u64 nasn = atomic_read(&fib->asns.nelems), buckets;

	rcu_read_lock();
	buckets = rht_dereference_rcu(fib->asns.tbl, &fib->asns)->size;
	rcu_read_unlock();
	return (u64)fib->nroutes * kmem_cache_size(ipv8_route_cache) +
	       nodes * kmem_cache_size(ipv8_fib_node_cache) +
	       nasn * kmalloc_size_roundup(sizeof(struct ipv8_fib_asn)) +
	       buckets * sizeof(struct rhash_head *);
}

/* ---- module ------------------------------------------------------------- */

/* Before anything else: the self-tests already need the caches. */
int __init ipv8_fib_module_init(void)
{
	ipv8_fib_node_cache = KMEM_CACHE(ipv8_fib_node, 0);
	ipv8_route_cache = KMEM_CACHE(ipv8_route, 0);
	if (ipv8_fib_node_cache && ipv8_route_cache)
		return 0;
	kmem_cache_destroy(ipv8_fib_node_cache);
	kmem_cache_destroy(ipv8_route_cache);
	return -ENOMEM;
}

/* After every table is gone: wait for the frees still queued. */
void ipv8_fib_module_exit(void)
{
	rcu_barrier();
	kmem_cache_destroy(ipv8_fib_node_cache);
	kmem_cache_destroy(ipv8_route_cache);
}
