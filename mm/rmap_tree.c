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
 * holds a parent pointer (with the colour) besides its two children, and
 * the avc is the object there is most of (two per VMA per generation).
 * This is a treap: a binary search tree in key order that is also a heap
 * in a priority, here a hash of the node's address, so the priority costs
 * no field and the tree has the shape a random insertion order would give
 * it: expected depth about 2 ln n (an rb-tree's is at most 2 log2 n),
 * whatever order avcs come and go in.  Insertion and removal recurse down
 * one path and mend it on the way back, so no node needs to know its
 * parent.  The avc is 16 bytes: its VMA, two children, one word of
 * augmentation.
 *
 * The hash (Fibonacci hashing) spreads even the slab's evenly spaced
 * addresses well: the deepest node of a tree of n avcs (24 bytes apart, as
 * they were when this was measured),
 * all of one key range (the forked copies of a VMA) or of n ranges (a split
 * region), counted by building such trees off line: 14 to 16 for 257,
 * 20 to 21 for 1,025, 32 to 37 for 65,536 (a red-black tree's bound is
 * 32).  So the recursion stays some 40 small frames deep at most.
 *
 * Keys: (vm_pgoff, the VMA's address).  A VMA is in a tree at most once,
 * so every key is distinct, and a VMA's avc in a tree is found by a plain
 * search although all the forked copies of a VMA share one range: that
 * search is how a VMA reaches its avcs (avc_tree_remove), so the avc keeps
 * no list of them.  The augmentation (<anvil/rmap.h>): subtree_last, the
 * highest last page index in a node's subtree, lets a walk skip a subtree
 * that ends below its page (avc_stab); subtree_own and subtree_n tell
 * reuse on fork, at the root, whether the anon_vma is any VMA's own and
 * how many avcs it has (to 3).
 */
#include <anvil/kernel.h>
#include <anvil/rmap.h>
#include "rmap_internal.h"

/* n's augmentation from its own range and bit and its children's. */
static void avc_update(struct anon_vma_chain *n)
{
	unsigned long last = avc_last(n);
	unsigned int own = n->own, count = 1;

	VM_BUG_ON(last >> AVC_LAST_BITS);
	if (n->left) {
		last = max(last, (unsigned long)n->left->subtree_last);
		own |= n->left->subtree_own;
		count += n->left->subtree_n;
	}
	if (n->right) {
		last = max(last, (unsigned long)n->right->subtree_last);
		own |= n->right->subtree_own;
		count += n->right->subtree_n;
	}
	n->subtree_last = last;
	n->subtree_own = own;
	n->subtree_n = min(count, 3u);
}

/* *link's left child takes its place; both subtrees' augmentation mended. */
static void avc_rotate_right(struct anon_vma_chain **link)
{
	struct anon_vma_chain *n = *link, *l = n->left;

	n->left = l->right;
	l->right = n;
	avc_update(n);
	avc_update(l);
	*link = l;
}

static void avc_rotate_left(struct anon_vma_chain **link)
{
	struct anon_vma_chain *n = *link, *r = n->right;

	n->right = r->left;
	r->left = n;
	avc_update(n);
	avc_update(r);
	*link = r;
}

static void avc_insert_at(struct anon_vma_chain **link, struct anon_vma_chain *avc)
{
	struct anon_vma_chain *n = *link;

	if (!n) {
		avc->left = avc->right = NULL;
		avc_update(avc);
		*link = avc;
		return;
	}
	if (avc_key_before(avc->vma, n)) {
		avc_insert_at(&n->left, avc);
		if (avc_prio(n->left) > avc_prio(n)) {
			avc_rotate_right(link);
			return;
		}
	} else {
		avc_insert_at(&n->right, avc);
		if (avc_prio(n->right) > avc_prio(n)) {
			avc_rotate_left(link);
			return;
		}
	}
	avc_update(n);
}

void avc_tree_insert(struct anon_vma *av, struct anon_vma_chain *avc)
{
	avc->own = avc->vma->anon_vma == av;
	avc_insert_at(&av->tree, avc);
}

/* One treap of two, every key of l before every key of r. */
static struct anon_vma_chain *avc_join(struct anon_vma_chain *l, struct anon_vma_chain *r)
{
	if (!l)
		return r;
	if (!r)
		return l;
	if (avc_prio(l) > avc_prio(r)) {
		l->right = avc_join(l->right, r);
		avc_update(l);
		return l;
	}
	r->left = avc_join(l, r->left);
	avc_update(r);
	return r;
}

static struct anon_vma_chain *avc_remove_at(struct anon_vma_chain **link,
					    const struct vm_area_struct *vma)
{
	struct anon_vma_chain *n = *link, *found;

	BUG_ON(!n);	/* vma is not in this tree */
	if (n->vma == vma) {
		*link = avc_join(n->left, n->right);
		return n;
	}
	found = avc_remove_at(avc_key_before(vma, n) ? &n->left : &n->right, vma);
	avc_update(n);
	return found;
}

struct anon_vma_chain *avc_tree_remove(struct anon_vma *av, const struct vm_area_struct *vma)
{
	return avc_remove_at(&av->tree, vma);
}

struct anon_vma_chain *avc_tree_find(const struct anon_vma *av, const struct vm_area_struct *vma)
{
	struct anon_vma_chain *n = av->tree;

	while (n && n->vma != vma)
		n = avc_key_before(vma, n) ? n->left : n->right;
	return n;
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
