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

#define REUSE	IS_ENABLED(CONFIG_ANON_VMA_REUSE)

struct totals {
	u32 avcs, anon_vmas, non_roots, root_refs, vmas_with_anon_vma;
	u32 children, active;
};

static int bad(const struct vm_area_struct *v, const char *why)
{
	pr_err("rmap_check: vma [0x%lx, 0x%lx) pgoff 0x%lx: %s\n",
	       v->vm_start, v->vm_end, v->vm_pgoff, why);
	return -EINVAL;
}

/* ------------------------------------------------------------ trees */

static bool is_avc(struct anon_vma_chain *avc, void *arg)
{
	return avc != arg;	/* stop (false) when found */
}

/* avc is in its anon_vma's tree, reachable by a walk for its first index. */
static bool in_tree(const struct anon_vma_chain *avc)
{
	return !avc_stab(avc->anon_vma->rb_root.node, avc_start(avc), is_avc, (void *)avc);
}

/* Keys ordered, rb_subtree_last right, each node a live avc of this anon_vma; -1 if not. */
static int check_subtree(const struct rb_node *n, const struct anon_vma *av, unsigned long *last,
			 unsigned long lo)
{
	const struct anon_vma_chain *avc;
	unsigned long l = 0, r = 0;
	int nl, nr;

	if (!n)
		return 0;
	avc = rb_avc(n);
	if (avc->anon_vma != av || avc_start(avc) < lo)
		return -1;
	nl = check_subtree(n->left, av, &l, lo);
	nr = check_subtree(n->right, av, &r, avc_start(avc));
	if (nl < 0 || nr < 0)
		return -1;
	*last = max(avc_last(avc), max(l, r));
	if (avc->rb_subtree_last != *last)
		return -1;
	return 1 + nl + nr;
}

/* Once per anon_vma (from the avc that is its tree's first): its tree and its counts. */
static int check_anon_vma(const struct vm_area_struct *v, const struct anon_vma *av,
			  struct totals *t)
{
	unsigned long last;
	int n;

	if (rb_check(&av->rb_root) < 0)
		return bad(v, "an anon_vma's tree breaks the red-black rules");
	n = check_subtree(av->rb_root.node, av, &last, 0);
	if (n <= 0)
		return bad(v, "an anon_vma's interval tree is out of order or mis-augmented");
	t->anon_vmas++;
	t->avcs += n;
	if (av->root != av) {
		t->non_roots++;
		if (av->refcount != 1)
			return bad(v, "a non-root anon_vma's refcount is not 1");
	} else {
		t->root_refs += av->refcount - 1;
	}
#if IS_ENABLED(CONFIG_ANON_VMA_REUSE)
	{
		const struct rb_node *rn;
		u32 active = 0;

		for (rn = rb_first(&av->rb_root); rn; rn = rb_next(rn))
			active += rb_avc(rn)->vma->anon_vma == av;
		if (active != av->num_active_vmas)
			return bad(v, "an anon_vma's count of active VMAs is wrong");
		if ((av->root == av) != (av->parent == av))
			return bad(v, "an anon_vma's parent and root disagree");
		t->children += av->num_children;
	}
#endif
	return 0;
}

/* Invariant 3 from the VMA's side: its chain, newest first, the root last. */
static int check_chain(const struct vm_area_struct *v, struct totals *t)
{
	const struct anon_vma_chain *avc;
	const struct anon_vma *root = NULL;
	bool own_found = false;
	int err;

	if (!v->anon_vma != !v->anon_vma_chain)
		return bad(v, "anon_vma and avc list disagree");
	if (v->anon_vma)
		t->vmas_with_anon_vma++;
	for (avc = v->anon_vma_chain; avc; avc = avc->same_vma) {
		if (avc->vma != v)
			return bad(v, "an avc on its list names another VMA");
		if (!in_tree(avc))
			return bad(v, "an avc is not in its anon_vma's tree");
		if (root && avc->anon_vma->root != root)
			return bad(v, "its anon_vmas have different roots");
		root = avc->anon_vma->root;
		own_found |= avc->anon_vma == v->anon_vma;
		for (const struct anon_vma_chain *o = avc->same_vma; o; o = o->same_vma)
			if (o->anon_vma == avc->anon_vma)
				return bad(v, "two avcs link it to one anon_vma");
		if (!avc->same_vma && avc->anon_vma != root)
			return bad(v, "the last avc is not its root's");
		if (rb_first(&avc->anon_vma->rb_root) == &avc->rb) {
			err = check_anon_vma(v, avc->anon_vma, t);
			if (err)
				return err;
		}
	}
	if (v->anon_vma && !own_found)
		return bad(v, "its anon_vma is not on its list");
	return 0;
}

/* ------------------------------------------------------------ pages */

struct find {
	const struct vm_area_struct *vma;
	unsigned long addr;
	bool found;
	u32 ptes;
};

static bool count_one(struct page *page, struct vm_area_struct *vma, unsigned long addr,
		      void *arg)
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
	rmap_walk(page, count_one, &f);
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
	if (t.root_refs != t.non_roots) {
		pr_err("rmap_check: roots hold %u references for %u non-root anon_vmas\n",
		       t.root_refs, t.non_roots);
		return -EINVAL;
	}
	if (REUSE && t.children != t.non_roots) {
		pr_err("rmap_check: %u children counted for %u non-root anon_vmas\n",
		       t.children, t.non_roots);
		return -EINVAL;
	}
	return 0;
}
