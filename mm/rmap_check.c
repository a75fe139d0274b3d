// SPDX-License-Identifier: GPL-2.0-only
/*
 * The CONFIG_DEBUG_VM checker of the reverse map (CONFIG_SWAP): the
 * invariants 1 to 3 of Documentation/mm/reverse-map.md over a set of
 * address spaces that must be all of them
 * (the object counts are compared with the slab caches').  Invariants 4
 * and 5 are about operations; the tests check them by comparing this
 * checker's view, and the counters, before and after.
 *
 * Owns nothing and changes nothing: it reads VMAs, avcs, anon_vmas, PTEs
 * and pages, prints the first thing that is wrong, and returns -EINVAL.
 * It costs O(pages x walk): for tests and the shell's vmcheck, not for
 * every fault of a production kernel.
 */
#include <anvil/kernel.h>
#include <anvil/errno.h>
#include <anvil/rmap.h>
#include <anvil/slab.h>
#include <anvil/vma.h>
#include "rmap_internal.h"

struct totals {
	u32 avcs, anon_vmas;
};

static int bad(const struct vm_area_struct *v, const char *why)
{
	pr_err("rmap_check: vma [0x%lx, 0x%lx) pgoff 0x%lx: %s\n",
	       v->vm_start, v->vm_end, v->vm_pgoff, why);
	return -EINVAL;
}

/* ------------------------------------------------------------ trees */

/* fn on every avc under n, in key order; false if fn stopped it. */
static bool avc_tree_each(const struct anon_vma_chain *n, avc_fn fn, void *arg)
{
	for (; n; n = n->right) {
		if (!avc_tree_each(n->left, fn, arg) || !fn((struct anon_vma_chain *)n, arg))
			return false;
	}
	return true;
}

/* The first avc of av's tree in key order. */
static const struct anon_vma_chain *avc_tree_first(const struct anon_vma *av)
{
	const struct anon_vma_chain *n = av->tree;

	while (n && n->left)
		n = n->left;
	return n;
}

/* n's subtree is a heap in the priority (mm/rmap_tree.c's treap). */
static bool avc_tree_is_heap(const struct anon_vma_chain *n)
{
	if (!n)
		return true;
	if ((n->left && avc_prio(n->left) > avc_prio(n)) ||
	    (n->right && avc_prio(n->right) > avc_prio(n)))
		return false;
	return avc_tree_is_heap(n->left) && avc_tree_is_heap(n->right);
}

/* The augmentation of a subtree, as computed from scratch. */
struct aug {
	unsigned long last;
	bool own;
	u32 n;
};

/*
 * Keys in order (each after *prev), the augmentation right, each own bit
 * saying whether its VMA's anon_vma is av: the number of nodes, or -1.
 */
static int check_subtree(const struct anon_vma_chain *n, const struct anon_vma *av,
			 const struct anon_vma_chain **prev, struct aug *out)
{
	struct aug l = { 0, false, 0 }, r = { 0, false, 0 };
	int nl, nr;

	if (!n)
		return 0;
	nl = check_subtree(n->left, av, prev, &l);
	if (nl < 0 || (*prev && !avc_key_before((*prev)->vma, n)) || n->own != (n->vma->anon_vma == av))
		return -1;
	*prev = n;
	nr = check_subtree(n->right, av, prev, &r);
	if (nr < 0)
		return -1;
	out->last = max(avc_last(n), max(l.last, r.last));
	out->own = n->own || l.own || r.own;
	out->n = 1 + nl + nr;
	if (n->subtree_last != out->last || n->subtree_own != out->own ||
	    n->subtree_n != min(out->n, 3u))
		return -1;
	return (int)out->n;
}

/* Is av on v's chain (within max steps: a cycle of parents ends it)? */
static bool on_chain(const struct vm_area_struct *v, const struct anon_vma *av, u32 max)
{
	for (const struct anon_vma *c = v->anon_chain; c && max--; c = c->parent)
		if (c == av)
			return true;
	return false;
}

/* What the avcs of one anon_vma's tree say, one by one. */
struct members {
	const struct anon_vma *av;
	const struct vm_area_struct *bad_vma;
};

/* Each VMA in av's tree has av on its chain: a tree holds no stranger. */
static bool check_member(struct anon_vma_chain *avc, void *arg)
{
	struct members *m = arg;

	m->bad_vma = avc->vma;
	return on_chain(avc->vma, m->av, anon_vma_cachep->inuse);
}

/* Once per anon_vma (from the VMA whose avc is its tree's first): its tree. */
static int check_anon_vma(const struct vm_area_struct *v, const struct anon_vma *av,
			  struct totals *t)
{
	const struct anon_vma_chain *prev = NULL;
	struct members m = { av, NULL };
	struct aug aug;
	int n;

	if (!avc_tree_is_heap(av->tree))
		return bad(v, "an anon_vma's tree breaks the heap rule of its priorities");
	n = check_subtree(av->tree, av, &prev, &aug);
	if (n <= 0)
		return bad(v, "an anon_vma's interval tree is out of order or mis-augmented");
	t->anon_vmas++;
	t->avcs += n;
	if (!avc_tree_each(av->tree, check_member, &m))
		return bad(m.bad_vma, "a VMA is in the tree of an anon_vma that is not on its chain");
	return 0;
}

/*
 * Invariant 3 from the VMA's side: its chain, newest first, the root last,
 * ends within as many steps as there are anon_vmas, and the VMA is in the
 * tree of each anon_vma on it, reachable by a walk for its first index.
 */
static int check_chain(const struct vm_area_struct *v, struct totals *t)
{
	u32 left = anon_vma_cachep->inuse;
	bool own_found = false;
	int err;

	if (!v->anon_vma != !v->anon_chain)
		return bad(v, "anon_vma and chain disagree");
	for (const struct anon_vma *av = v->anon_chain; av; av = av->parent) {
		const struct anon_vma_chain *avc = avc_tree_find(av, v);

		if (!left--)
			return bad(v, "its chain of parents does not end");
		if (!avc)
			return bad(v, "it is not in the tree of an anon_vma on its chain");
		own_found |= av == v->anon_vma;
		if (avc_tree_first(av) == avc) {
			err = check_anon_vma(v, av, t);
			if (err)
				return err;
		}
	}
	if (v->anon_vma && !own_found)
		return bad(v, "its anon_vma is not on its chain");
	return 0;
}

/* ------------------------------------------------------------ pages */

struct find {
	const struct vm_area_struct *vma;
	unsigned long addr;
	bool found;
	u32 ptes;
};

static bool count_mapping_ptes(struct page *page, struct vm_area_struct *vma,
			       unsigned long addr, void *arg)
{
	struct find *f = arg;
	pte_t pte;

	if (maps_page(vma, addr, page, &pte)) {
		f->ptes++;
		f->found |= vma == f->vma && addr == f->addr;
	}
	return true;
}

/* Invariants 1 and 2 for the page mapped at addr of v. */
static int check_page(const struct vm_area_struct *v, unsigned long addr, struct page *page)
{
	struct find f = { v, addr, false, 0 };
	struct rmap_stats saved = rmap_stats;

	if (!page_anon_vma(page))
		return bad(v, "a mapped page has no anon_vma");
	rmap_walk(page, count_mapping_ptes, &f);
	rmap_stats = saved;	/* checking is not a walk to count */
	if (!f.found) {
		pr_err("rmap_check: page index 0x%x at 0x%lx not found by its walk\n",
		       page->index, addr);
		return bad(v, "invariant 1: a PTE its page's walk does not find");
	}
	if (f.ptes != page_mapcount(page)) {
		pr_err("rmap_check: page at 0x%lx: %u PTEs, mapcount %u\n",
		       addr, f.ptes, page_mapcount(page));
		return bad(v, "invariant 2: mapcount is not the number of PTEs");
	}
	if (page_count(page) < page_mapcount(page))
		return bad(v, "invariant 2: refcount below mapcount");
	return 0;
}

static int check_pages(struct vm_area_struct *v)
{
	for_each_mapped_page(&v->vm_mm->pgtable, addr, v->vm_start, v->vm_end) {
		pte_t pte = get_pte(&v->vm_mm->pgtable, addr);
		int err;

		/* Image pages (<anvil/mm.h>) have no reverse map to check. */
		if (!pte_present(pte) || page_is_image(pfn_to_page(pte_pfn(pte))))
			continue;
		if (!v->anon_vma)
			return bad(v, "invariant 3: maps pages but has no anon_vma");
		err = check_page(v, addr, pfn_to_page(pte_pfn(pte)));
		if (err)
			return err;
	}
	return 0;
}

/* ------------------------------------------------------------ all of it */

int rmap_check(struct mm_struct *const *mms, unsigned int n)
{
	struct totals t = { 0 };
	struct vm_area_struct *v;
	int err;

	for (unsigned int i = 0; i < n; i++) {
		for_each_vma(mms[i], v) {
			err = check_chain(v, &t);
			if (!err)
				err = check_pages(v);
			if (err)
				return err;
		}
	}
	if (t.avcs != avc_cachep->inuse || t.anon_vmas != anon_vma_cachep->inuse) {
		pr_err("rmap_check: reached %u avcs and %u anon_vmas, caches hold %u and %u\n",
		       t.avcs, t.anon_vmas, avc_cachep->inuse, anon_vma_cachep->inuse);
		return -EINVAL;
	}
	return 0;
}
