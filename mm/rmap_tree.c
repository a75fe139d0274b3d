// SPDX-License-Identifier: GPL-2.0-only
/*
 * The avc interval tree of an anon_vma (CONFIG_SWAP): the set of avcs an
 * rmap walk searches, keyed by their VMAs' page-index ranges, so that a
 * walk for one page visits only the VMAs whose range holds that page.
 *
 * Owns: anon_vma->tree and each avc's left, right and subtree_last.  Must
 * not touch anything else of an avc, a VMA or an anon_vma: mm/rmap.c
 * decides what goes in and out, and when.
 *
 * Why not the red-black tree of mm/rbtree.c (Linux's choice): an rb_node
 * holds a parent pointer (with the colour) besides its two children, 12 of
 * the avc's 28 bytes, and the avc is the object there is most of (two per
 * VMA per generation).  This is a treap: a binary search tree in key order
 * that is also a heap in a priority, here a hash of the node's address,
 * so the priority costs no field and the tree has the shape a random
 * insertion order would give it: expected depth about 2 ln n (an
 * rb-tree's is at most 2 log2 n), whatever order avcs come and go in.
 * Insertion and removal recurse down one path and mend it on the way
 * back, so no node needs to know its parent.  The avc is 24 bytes.
 *
 * Keys: (vm_pgoff, the avc's address).  The address makes every key
 * distinct, so the avc to remove is found by a plain search although all
 * the forked copies of a VMA share one range.  The augmentation,
 * subtree_last, is the highest last page index in a node's subtree: a
 * walk skips a subtree that ends below its page (avc_stab).
 */
#include <anvil/kernel.h>
#include <anvil/rmap.h>
#include "rmap_internal.h"

/* A node's heap priority: a multiplicative hash of its address (Knuth's golden ratio). */
static u32 prio(const struct anon_vma_chain *avc)
{
	return (u32)((uintptr_t)avc >> 2) * 0x9e3779b1u;
}

/* Does a sort before b in key order? */
static bool avc_before(const struct anon_vma_chain *a, const struct anon_vma_chain *b)
{
	unsigned long sa = avc_start(a), sb = avc_start(b);

	return sa < sb || (sa == sb && (uintptr_t)a < (uintptr_t)b);
}

/* n's subtree_last from its own range and its children's. */
static void avc_update(struct anon_vma_chain *n)
{
	unsigned long last = avc_last(n);

	if (n->left)
		last = max(last, n->left->subtree_last);
	if (n->right)
		last = max(last, n->right->subtree_last);
	n->subtree_last = last;
}

/* *link's left child takes its place; both subtrees' augmentation mended. */
static void rotate_right(struct anon_vma_chain **link)
{
	struct anon_vma_chain *n = *link, *l = n->left;

	n->left = l->right;
	l->right = n;
	avc_update(n);
	avc_update(l);
	*link = l;
}

static void rotate_left(struct anon_vma_chain **link)
{
	struct anon_vma_chain *n = *link, *r = n->right;

	n->right = r->left;
	r->left = n;
	avc_update(n);
	avc_update(r);
	*link = r;
}

static void insert_at(struct anon_vma_chain **link, struct anon_vma_chain *avc)
{
	struct anon_vma_chain *n = *link;

	if (!n) {
		avc->left = avc->right = NULL;
		avc_update(avc);
		*link = avc;
		return;
	}
	if (avc_before(avc, n)) {
		insert_at(&n->left, avc);
		if (prio(n->left) > prio(n)) {
			rotate_right(link);
			return;
		}
	} else {
		insert_at(&n->right, avc);
		if (prio(n->right) > prio(n)) {
			rotate_left(link);
			return;
		}
	}
	avc_update(n);
}

void avc_tree_insert(struct anon_vma_chain *avc)
{
	insert_at(&avc->anon_vma->tree, avc);
}

/* One treap of two, every key of l before every key of r. */
static struct anon_vma_chain *join(struct anon_vma_chain *l, struct anon_vma_chain *r)
{
	if (!l)
		return r;
	if (!r)
		return l;
	if (prio(l) > prio(r)) {
		l->right = join(l->right, r);
		avc_update(l);
		return l;
	}
	r->left = join(l, r->left);
	avc_update(r);
	return r;
}

static void remove_at(struct anon_vma_chain **link, struct anon_vma_chain *avc)
{
	struct anon_vma_chain *n = *link;

	BUG_ON(!n);	/* avc is not in this tree */
	if (n == avc) {
		*link = join(n->left, n->right);
		return;
	}
	remove_at(avc_before(avc, n) ? &n->left : &n->right, avc);
	avc_update(n);
}

void avc_tree_remove(struct anon_vma_chain *avc)
{
	remove_at(&avc->anon_vma->tree, avc);
}

/*
 * Call fn on each avc under n whose range holds pgoff, in key order; false
 * when fn stopped the walk.  Subtrees whose highest last index is below
 * pgoff, and right subtrees of nodes starting above it, are skipped, so a
 * walk costs O(depth + hits).  Recursion only goes left.
 */
bool avc_stab(const struct anon_vma_chain *n, unsigned long pgoff, avc_fn fn, void *arg)
{
	while (n) {
		if (n->subtree_last < pgoff)
			return true;
		if (n->left && !avc_stab(n->left, pgoff, fn, arg))
			return false;
		if (avc_start(n) > pgoff)
			return true;
		if (avc_last(n) >= pgoff && !fn((struct anon_vma_chain *)n, arg))
			return false;
		n = n->right;
	}
	return true;
}

const struct anon_vma_chain *avc_tree_first(const struct anon_vma *av)
{
	const struct anon_vma_chain *n = av->tree;

	while (n && n->left)
		n = n->left;
	return n;
}

/* The checker's view (mm/rmap_check.c): whether n's subtree is a heap in the priority. */
bool avc_tree_is_heap(const struct anon_vma_chain *n)
{
	if (!n)
		return true;
	if ((n->left && prio(n->left) > prio(n)) || (n->right && prio(n->right) > prio(n)))
		return false;
	return avc_tree_is_heap(n->left) && avc_tree_is_heap(n->right);
}

bool avc_tree_in_order(const struct anon_vma_chain *a, const struct anon_vma_chain *b)
{
	return avc_before(a, b);
}

/* fn on every avc under n, in key order; false if fn stopped it. */
bool avc_tree_each(const struct anon_vma_chain *n, avc_fn fn, void *arg)
{
	for (; n; n = n->right) {
		if (!avc_tree_each(n->left, fn, arg) || !fn((struct anon_vma_chain *)n, arg))
			return false;
	}
	return true;
}
