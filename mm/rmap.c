// SPDX-License-Identifier: GPL-2.0-only
/*
 * The reverse map of anonymous memory (CONFIG_SWAP): anon_vmas, the avcs
 * that link them to VMAs, and the walk from a page to its mappers.  The
 * API and the two designs are in <anvil/rmap.h>; the facts kept are
 * Documentation/mm/reverse-map.md.
 *
 * Owns: struct anon_vma and struct anon_vma_chain, their slab caches,
 * what goes into and out of the avc interval trees (their shape is
 * mm/rmap_tree.c's), vma->anon_vma and vma->anon_chain, and
 * page->mapping and page->index.  Must not touch: a VMA's range or its
 * place in the mm (mm/vma.c's), or a PTE other than through the page-table
 * API during a walk.
 *
 * Rules of this file, read before changing it:
 *  - An avc is in its anon_vma's tree under the key of its VMA: the pgoff
 *    range [vm_pgoff, vm_pgoff + pages - 1], then the VMA's address.
 *    mm/vma.c changes a range only between anon_vma_unlink_range and
 *    anon_vma_link_range.
 *  - A VMA's chain is vma->anon_chain and its parents, newest to oldest;
 *    the root of its fork tree (parent NULL) is last.  The VMA has one avc
 *    in the tree of each, and no other.  Every anon_vma a VMA's pages may
 *    point at is on its chain.
 *  - vma->anon_vma is set before the VMA's avcs go into trees: an avc's
 *    own bit is read from it then, and it does not change while linked.
 *  - Freeing: an anon_vma goes when its tree empties, and nothing else
 *    keeps it: see "Why no reference count and no root pointer" below.
 *    Teardown frees a chain's emptied anon_vmas newest first, so a child
 *    goes before its parent and the root goes last.
 *  - Reuse on fork (CONFIG_ANON_VMA_REUSE, after Linux 4.0 and its 2022
 *    fix): only a non-root anon_vma that is no VMA's own and whose tree
 *    holds at most two avcs, both read at its tree's root (rmap_tree.c's
 *    augmentation).  Nothing is counted apart, so reuse costs no byte.
 *  - No locks: one CPU, and the kernel is not preempted.
 */
#include <anvil/rmap.h>
#include <anvil/cycles.h>
#include <anvil/errno.h>
#include <anvil/slab.h>
#include <anvil/vma.h>
#include "rmap_internal.h"
#include "vma.h"

#define CHAIN	IS_ENABLED(CONFIG_ANON_RMAP_CHAIN)
#define REUSE	IS_ENABLED(CONFIG_ANON_VMA_REUSE)

#if UINTPTR_MAX == 0xffffffffu
SIZE_ASSERT(struct anon_vma_chain, 16);
SIZE_ASSERT(struct anon_vma, 8);
#endif

/*
 * Why one parent pointer, no list of avcs per VMA, no reference count and
 * no root pointer (Linux keeps all four).
 *
 * Claim: a VMA's chain (vma->anon_chain, its parent, ... the root) is
 * what Linux's anon_vma_chain list of that VMA would hold, in its order.
 * Every chain is made by one of:
 *  - anon_vma_prepare: [R], R a fresh root or a neighbour's whose chain is
 *    [R] alone (mergeable_neighbour);
 *  - anon_vma_fork: [X] + pvma's chain, X fresh with parent pvma's
 *    anon_chain; or, reusing, pvma's chain as it is;
 *  - anon_vma_clone and anon_vma_adopt: dst's chain is src's;
 *    anon_vma_merge: lo's becomes hi's.
 * A parent is set once, when its anon_vma is made, and never changes; so
 * every chain through X continues with X's line of ancestors, and the
 * avcs a VMA needs are one per anon_vma on that line.  A VMA reaches them
 * by searching each tree under its own key: the search that removing a
 * node from a treap without parent pointers needs anyway.
 *
 * Hence, while X's tree holds an avc (of some VMA v), the trees of all of
 * X's ancestors hold v's avcs too: an ancestor's tree cannot empty before
 * X's.  Freeing each anon_vma when its own tree empties therefore frees
 * the root last, which is all Linux's root reference count buys here (one
 * CPU, no RCU: nothing looks an anon_vma up after its tree empties, since
 * a page's anon_vma has its mapper in its tree).  A non-root's count was
 * always 1 while it had avcs.  The root of a VMA's fork tree is the end
 * of its chain, so it need not be stored.  rmap_check verifies that each
 * chain's VMA is in every tree on it and each tree's VMAs have it on
 * their chains, and that no anon_vma outlives its tree (the cache's count
 * equals the anon_vmas reached).
 */

struct kmem_cache *anon_vma_cachep, *avc_cachep;	/* rmap_internal.h */
struct rmap_stats rmap_stats;

void anon_vma_init(void)
{
	anon_vma_cachep = kmem_cache_create("anon_vma", sizeof(struct anon_vma));
	avc_cachep = kmem_cache_create("anon_vma_chain", sizeof(struct anon_vma_chain));
	if (!anon_vma_cachep || !avc_cachep)
		panic("rmap: no anon_vma caches");
}

/* ------------------------------------------------------------ anon_vma lifetime */

static struct anon_vma *anon_vma_alloc(struct anon_vma *parent)
{
	struct anon_vma *av = kmem_cache_alloc(anon_vma_cachep);

	if (!av)
		return NULL;
	*av = (struct anon_vma){ .tree = NULL, .parent = parent };
	return av;
}

/* av's tree has emptied: it goes (its parent, later on the chain, is still there). */
static void free_anon_vma(struct anon_vma *av)
{
	VM_BUG_ON(av->tree);
	kmem_cache_free(anon_vma_cachep, av);
}

/*
 * Reuse (CONFIG_ANON_VMA_REUSE): Linux 4.0's rule with its 2022 fix asks
 * for a non-root anon_vma with no active VMA and at most one child, and
 * counts both in the anon_vma.  Here the tree answers: no avc in it is
 * its VMA's own (subtree_own at the root), and it holds at most two avcs,
 * so at most two VMAs' walks reach a page under it.  That is stricter
 * than one child (a child's descendants count too) and costs no field.
 * Freeing never depended on it: a tree empties or it does not.
 */
static bool reusable(const struct anon_vma *av)
{
	return REUSE && av->parent && av->tree && !av->tree->subtree_own && av->tree->subtree_n <= 2;
}

/* ------------------------------------------------------------ the interval trees */

/* A VMA's avcs out of, and back into, their trees (mm/rmap_tree.c) around a change of its key. */
void anon_vma_unlink_range(struct vm_area_struct *vma, struct avc_held *held)
{
	struct anon_vma_chain **tail = &held->first;

	for (struct anon_vma *av = vma->anon_chain; av; av = av->parent) {
		*tail = avc_tree_remove(av, vma);
		tail = &(*tail)->right;
	}
	*tail = NULL;
}

void anon_vma_link_range(struct vm_area_struct *vma, struct avc_held *held)
{
	for (struct anon_vma *av = vma->anon_chain; av; av = av->parent) {
		struct anon_vma_chain *avc = held->first;

		held->first = avc->right;
		avc_tree_insert(av, avc);
	}
	VM_BUG_ON(held->first);
}

/* ------------------------------------------------------------ reserves */

u32 anon_vma_chain_len(const struct vm_area_struct *src)
{
	u32 n = 0;

	for (const struct anon_vma *av = src->anon_chain; av; av = av->parent)
		n++;
	return n;
}

void rmap_reserve_release(struct rmap_reserve *r)
{
	while (r->free) {
		struct anon_vma_chain *avc = r->free;

		r->free = avc->right;
		kmem_cache_free(avc_cachep, avc);
	}
	r->n = 0;
}

int rmap_reserve(struct rmap_reserve *r, u32 n)
{
	*r = (struct rmap_reserve){ NULL, 0 };
	while (r->n < n) {
		struct anon_vma_chain *avc = kmem_cache_alloc(avc_cachep);

		if (!avc) {
			rmap_reserve_release(r);
			return -ENOMEM;
		}
		avc->right = r->free;
		r->free = avc;
		r->n++;
	}
	return 0;
}

static struct anon_vma_chain *take_avc(struct rmap_reserve *r)
{
	struct anon_vma_chain *avc = r->free;

	BUG_ON(!avc);
	r->free = avc->right;
	r->n--;
	return avc;
}

/* avc links vma into av's tree (vma->anon_vma already set: it decides the own bit). */
static void link_avc(struct vm_area_struct *vma, struct anon_vma_chain *avc, struct anon_vma *av)
{
	avc->vma = vma;
	avc_tree_insert(av, avc);
}

/* ------------------------------------------------------------ VMA operations */

/* v's chain is one anon_vma: the root of its fork tree, with v linked to it alone. */
static bool chain_singular(const struct vm_area_struct *v)
{
	return v->anon_chain && !v->anon_chain->parent;
}

struct anon_vma *vma_root_anon_vma(const struct vm_area_struct *vma)
{
	struct anon_vma *av = vma->anon_chain;

	while (av && av->parent)
		av = av->parent;
	return av;
}

/* A neighbour whose anon_vma a fresh VMA may share (Linux's find_mergeable_anon_vma). */
static struct anon_vma *mergeable_neighbour(const struct vm_area_struct *vma)
{
	const struct vm_area_struct *n[2] = { vma_prev(vma), vma_next(vma) };

	for (int i = 0; i < 2; i++) {
		const struct vm_area_struct *v = n[i];
		const struct vm_area_struct *lo = i ? vma : v, *hi = i ? v : vma;

		if (v && v->anon_vma && vma_adjacent(lo, hi) && chain_singular(v))
			return v->anon_vma;
	}
	return NULL;
}

int anon_vma_prepare(struct vm_area_struct *vma)
{
	struct anon_vma *av, *fresh = NULL;
	struct anon_vma_chain *avc;

	if (vma->anon_vma)
		return 0;
	VM_BUG_ON(vma->anon_chain);
	av = mergeable_neighbour(vma);
	if (!av) {
		av = fresh = anon_vma_alloc(NULL);
		if (!av)
			return -ENOMEM;
	}
	avc = kmem_cache_alloc(avc_cachep);
	if (!avc) {
		if (fresh)
			free_anon_vma(fresh);
		return -ENOMEM;
	}
	vma->anon_vma = av;
	vma->anon_chain = av;
	link_avc(vma, avc, av);
	return 0;
}

/* dst's chain becomes src's: one avc in each tree on it.  dst->anon_vma is set. */
static void clone_chain(struct vm_area_struct *dst, const struct vm_area_struct *src,
			struct rmap_reserve *r)
{
	VM_BUG_ON(dst->anon_chain);
	dst->anon_chain = src->anon_chain;
	for (struct anon_vma *av = src->anon_chain; av; av = av->parent)
		link_avc(dst, take_avc(r), av);
}

void anon_vma_clone(struct vm_area_struct *dst, const struct vm_area_struct *src,
		    struct rmap_reserve *r)
{
	dst->anon_vma = src->anon_vma;
	clone_chain(dst, src, r);
}

u32 anon_vma_adopt_needs(const struct vm_area_struct *vma, const struct vm_area_struct *proto)
{
	return proto->anon_vma && !vma->anon_vma ? anon_vma_chain_len(proto) : 0;
}

void anon_vma_adopt(struct vm_area_struct *vma, const struct vm_area_struct *proto,
		    struct rmap_reserve *r)
{
	if (anon_vma_adopt_needs(vma, proto))
		anon_vma_clone(vma, proto, r);
}

/* The oldest anon_vma on pvma's chain that a child may take over, or NULL. */
static struct anon_vma *find_reusable(const struct vm_area_struct *pvma)
{
	struct anon_vma *found = NULL;

	for (struct anon_vma *av = pvma->anon_chain; av; av = av->parent)
		if (reusable(av))
			found = av;
	return found;
}

int anon_vma_fork(struct vm_area_struct *vma, const struct vm_area_struct *pvma)
{
	struct anon_vma *own = NULL, *reuse = NULL;
	struct rmap_reserve r;
	int err;

	vma->anon_vma = NULL;
	vma->anon_chain = NULL;
	if (!pvma->anon_vma)
		return 0;
	if (!CHAIN) {
		/* The shared design: the child simply joins the tree's one anon_vma. */
		err = rmap_reserve(&r, 1);
		if (err)
			return err;
		anon_vma_clone(vma, pvma, &r);
		return 0;
	}
	reuse = find_reusable(pvma);
	err = rmap_reserve(&r, anon_vma_chain_len(pvma) + !reuse);
	if (err)
		return err;
	if (!reuse) {
		own = anon_vma_alloc(pvma->anon_chain);
		if (!own) {
			rmap_reserve_release(&r);
			return -ENOMEM;
		}
	}
	/* Nothing below can fail. */
	vma->anon_vma = reuse ? reuse : own;
	clone_chain(vma, pvma, &r);
	if (reuse) {
		rmap_stats.reuses++;
		return 0;
	}
	/* The newest goes first: own's parent is pvma's chain. */
	link_avc(vma, take_avc(&r), own);
	vma->anon_chain = own;
	return 0;
}

void unlink_anon_vmas(struct vm_area_struct *vma)
{
	struct anon_vma *av = vma->anon_chain, *parent;

	/* Newest first: a child's anon_vma goes before its parent's. */
	for (; av; av = parent) {
		parent = av->parent;
		kmem_cache_free(avc_cachep, avc_tree_remove(av, vma));
		if (!av->tree)
			free_anon_vma(av);
	}
	vma->anon_vma = NULL;
	vma->anon_chain = NULL;
}

bool anon_vma_mergeable(const struct vm_area_struct *a, const struct vm_area_struct *b)
{
	if (a->anon_vma == b->anon_vma)
		return a->anon_chain == b->anon_chain;	/* one chain: one line from one head */
	if (!a->anon_vma)
		return chain_singular(b);
	if (!b->anon_vma)
		return chain_singular(a);
	return false;
}

void anon_vma_merge(struct vm_area_struct *lo, struct vm_area_struct *hi)
{
	struct anon_vma *av = hi->anon_vma;
	struct anon_vma_chain *avc;

	if (lo->anon_vma || !av)
		return;		/* lo keeps its own; hi's avcs go with hi */
	VM_BUG_ON(!chain_singular(hi));
	avc = avc_tree_remove(av, hi);
	hi->anon_vma = NULL;
	hi->anon_chain = NULL;
	lo->anon_vma = av;
	lo->anon_chain = av;
	link_avc(lo, avc, av);
}

/* ------------------------------------------------------------ pages */

static void set_page_anon(struct page *page, struct anon_vma *av, const struct vm_area_struct *vma,
			  unsigned long addr)
{
	page->mapping = (uintptr_t)av | PAGE_MAPPING_ANON;
	page->index = vma_page_index(vma, addr);
}

void page_add_new_anon_rmap(struct page *page, struct vm_area_struct *vma, unsigned long addr)
{
	VM_BUG_ON(!vma->anon_vma || page_mapcount(page));
	set_page_anon(page, vma->anon_vma, vma, addr);
	page_mapcount_inc(page);
}

void page_add_anon_rmap(struct page *page, struct vm_area_struct *vma, unsigned long addr,
			bool exclusive)
{
	VM_BUG_ON(!vma->anon_vma);
	if (!page_mapcount(page))
		set_page_anon(page, exclusive ? vma->anon_vma : vma_root_anon_vma(vma), vma, addr);
	VM_BUG_ON(page->index != vma_page_index(vma, addr));
	page_mapcount_inc(page);
}

void page_move_anon_rmap(struct page *page, struct vm_area_struct *vma)
{
	VM_BUG_ON(page_mapcount(page) != 1 || !vma->anon_vma);
	page->mapping = (uintptr_t)vma->anon_vma | PAGE_MAPPING_ANON;
}


/* ------------------------------------------------------------ walks */

struct walk {
	struct page *page;
	rmap_one_fn one;
	void *arg;
	unsigned long pgoff;
	u32 visited;
};

static bool walk_one(struct anon_vma_chain *avc, void *arg)
{
	struct walk *w = arg;
	struct vm_area_struct *vma = avc->vma;

	w->visited++;
	return w->one(w->page, vma, vma->vm_start + ((w->pgoff - vma->vm_pgoff) << PAGE_SHIFT),
		      w->arg);
}

void rmap_walk(struct page *page, rmap_one_fn one, void *arg)
{
	struct anon_vma *av = page_anon_vma(page);
	struct walk w = { page, one, arg, page->index, 0 };
	u32 t = cycles_now();

	if (!av)
		return;
	avc_stab(av->tree, w.pgoff, walk_one, &w);
	rmap_stats.walks++;
	rmap_stats.walk_vmas += w.visited;
	rmap_stats.walk_cycles += cycles_now() - t;
}

static bool count_vma(struct page *page, struct vm_area_struct *vma, unsigned long addr,
		      void *arg)
{
	(void)page;
	(void)vma;
	(void)addr;
	(*(u32 *)arg)++;
	return true;
}

u32 rmap_walk_vmas(struct page *page)
{
	u32 n = 0;

	rmap_walk(page, count_vma, &n);
	return n;
}

static bool referenced_one(struct page *page, struct vm_area_struct *vma, unsigned long addr,
			   void *arg)
{
	pte_t pte;

	if (maps_page(vma, addr, page, &pte) && pte_young(pte)) {
		/* The PTE is there, so set_pte allocates nothing and cannot fail. */
		BUG_ON(set_pte(&vma->vm_mm->pgtable, addr, pte_mkold(pte)));
		(*(u32 *)arg)++;
	}
	return true;
}

u32 page_referenced(struct page *page)
{
	u32 young = 0;

	rmap_walk(page, referenced_one, &young);
	return young;
}

struct unmap {
	pte_t pte;
	u32 done;
};

static bool unmap_one(struct page *page, struct vm_area_struct *vma, unsigned long addr,
		      void *arg)
{
	struct unmap *u = arg;
	struct pgtable *pt = &vma->vm_mm->pgtable;
	pte_t pte;

	if (!maps_page(vma, addr, page, &pte))
		return true;
	if (u->pte)
		BUG_ON(set_pte(pt, addr, u->pte));
	else
		clear_pte(pt, addr);
	page_remove_rmap(page);
	put_page(page);
	u->done++;
	return page_mapcount(page) > 0;
}

u32 try_to_unmap(struct page *page, pte_t pte)
{
	struct unmap u = { pte, 0 };

	VM_BUG_ON(pte_present(pte) || page_count(page) <= page_mapcount(page));
	rmap_walk(page, unmap_one, &u);
	return u.done;
}

void rmap_meminfo(meminfo_emit_t emit, void *arg)
{
	if (!anon_vma_cachep)
		return;		/* before anon_vma_init (host tests of the dump alone) */
	emit("rmap.anon_vmas", anon_vma_cachep->inuse, arg);
	emit("rmap.avcs", avc_cachep->inuse, arg);
	emit("rmap.walks", rmap_stats.walks, arg);
	emit("rmap.walk_vmas", rmap_stats.walk_vmas, arg);
	emit("rmap.reuses", rmap_stats.reuses, arg);
	emit("cycles.rmap_walk", rmap_stats.walk_cycles, arg);
}
