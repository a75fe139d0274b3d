// SPDX-License-Identifier: GPL-2.0-only
/*
 * The reverse map of anonymous memory (CONFIG_SWAP): anon_vmas, the avcs
 * that link them to VMAs, and the walk from a page to its mappers.  The
 * API and the two designs are in <anvil/rmap.h>; the facts kept are
 * Documentation/mm/reverse-map.md.
 *
 * Owns: struct anon_vma and struct anon_vma_chain, their slab caches,
 * what goes into and out of the avc interval trees (their shape is
 * mm/rmap_tree.c's), vma->anon_vma and vma->anon_vma_chain, and
 * page->mapping and page->index.  Must not touch: a VMA's range or its
 * place in the mm (mm/vma.c's), or a PTE other than through the page-table
 * API during a walk.
 *
 * Rules of this file, read before changing it:
 *  - An avc is in its anon_vma's tree under the key of its VMA's pgoff
 *    range [vm_pgoff, vm_pgoff + pages - 1].  mm/vma.c changes a range only
 *    between anon_vma_unlink_range and anon_vma_link_range.
 *  - A VMA's chain runs newest to oldest; the root of its fork tree is last.
 *    Every anon_vma a VMA's pages may point at is on its chain.
 *  - Freeing: an anon_vma goes when its tree empties, and nothing else
 *    keeps it: see "Why no reference count and no root pointer" below.
 *    Teardown frees a chain's emptied anon_vmas newest first, so a child
 *    goes before its parent and the root goes last.
 *  - Reuse on fork (CONFIG_ANON_VMA_REUSE, Linux 4.0 and its 2022 fix):
 *    only a non-root anon_vma with no active VMA and at most one child.
 *    Children and active VMAs are counted apart; one counter for both
 *    once let an anon_vma be reused twice and freed while in use.
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
SIZE_ASSERT(struct anon_vma_chain, 24);
SIZE_ASSERT(struct anon_vma, REUSE ? 16 : 4);
#endif

/*
 * Why no reference count and no root pointer (Linux keeps both).
 *
 * Claim: a chain that holds an anon_vma X also holds every ancestor of X
 * (X's parent, its parent's parent, ... the root of the fork tree), each
 * after X, and the root last.  Every chain is made by one of:
 *  - anon_vma_prepare: [R], R a fresh root or a neighbour's whose chain is
 *    [R] alone (mergeable_neighbour), so R is a root;
 *  - anon_vma_fork: [X] + a copy of pvma's chain, X's parent being
 *    pvma->anon_vma, which is on pvma's chain; or, reusing, a plain copy;
 *  - anon_vma_clone and anon_vma_adopt: a copy; anon_vma_merge: a move.
 * A copy keeps the order and new avcs only ever go in front, so by
 * induction every chain keeps the claim.
 *
 * Hence, while X's tree holds an avc (of some VMA v), the trees of all of
 * X's ancestors hold v's avcs too: an ancestor's tree cannot empty before
 * X's.  Freeing each anon_vma when its own tree empties therefore frees
 * the root last, which is all Linux's root reference count buys here (one
 * CPU, no RCU: nothing looks an anon_vma up after its tree empties, since
 * a page's anon_vma has its mapper in its tree).  A non-root's count was
 * always 1 while it had avcs.  And the root of a VMA's fork tree is its
 * chain's last anon_vma, so it need not be stored.  rmap_check verifies
 * the claim (every chain that holds an anon_vma ends with the same root;
 * with reuse, each parent is later on the chain) and that no anon_vma
 * outlives its tree (the cache's count equals the anon_vmas reached).
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

/* ------------------------------------------------------------ counts for reuse */

#if IS_ENABLED(CONFIG_ANON_VMA_REUSE)
static void active_inc(struct anon_vma *av)	{ av->num_active_vmas++; }
static void active_dec(struct anon_vma *av)	{ VM_BUG_ON(!av->num_active_vmas); av->num_active_vmas--; }

static void init_reuse(struct anon_vma *av)	{ av->parent = av; }

static void set_parent(struct anon_vma *av, struct anon_vma *parent)
{
	av->parent = parent;
	parent->num_children++;
}

static bool is_root(const struct anon_vma *av)	{ return av->parent == av; }

/* av is freed: one child less for its parent (a root has none left by then). */
static void leave_parent(struct anon_vma *av)
{
	VM_BUG_ON(av->num_children || av->num_active_vmas);
	if (is_root(av))
		return;
	VM_BUG_ON(!av->parent->num_children);
	av->parent->num_children--;
}

/* Linux 4.0's rule with the 2022 fix: never the root; no active VMA; at most one child. */
static bool reusable(const struct anon_vma *av)
{
	return !is_root(av) && !av->num_active_vmas && av->num_children < 2;
}
#else
static void init_reuse(struct anon_vma *av)	{ (void)av; }
static void active_inc(struct anon_vma *av)	{ (void)av; }
static void active_dec(struct anon_vma *av)	{ (void)av; }
static void set_parent(struct anon_vma *av, struct anon_vma *parent) { (void)av; (void)parent; }
static void leave_parent(struct anon_vma *av)	{ (void)av; }
static bool reusable(const struct anon_vma *av)	{ (void)av; return false; }
#endif

/* ------------------------------------------------------------ anon_vma lifetime */

static struct anon_vma *anon_vma_alloc(void)
{
	struct anon_vma *av = kmem_cache_alloc(anon_vma_cachep);

	if (!av)
		return NULL;
	*av = (struct anon_vma){ .tree = NULL };
	init_reuse(av);
	return av;
}

/* av's tree has emptied: it goes (its parent, later on the chain, is still there). */
static void free_anon_vma(struct anon_vma *av)
{
	VM_BUG_ON(av->tree);
	leave_parent(av);
	kmem_cache_free(anon_vma_cachep, av);
}

/* ------------------------------------------------------------ the interval trees */

/* A VMA's avcs out of, and back into, their trees (mm/rmap_tree.c) around a change of its key. */
void anon_vma_unlink_range(struct vm_area_struct *vma)
{
	for (struct anon_vma_chain *avc = vma->anon_vma_chain; avc; avc = avc->same_vma)
		avc_tree_remove(avc);
}

void anon_vma_link_range(struct vm_area_struct *vma)
{
	for (struct anon_vma_chain *avc = vma->anon_vma_chain; avc; avc = avc->same_vma)
		avc_tree_insert(avc);
}

/* ------------------------------------------------------------ reserves */

u32 anon_vma_chain_len(const struct vm_area_struct *src)
{
	u32 n = 0;

	for (const struct anon_vma_chain *avc = src->anon_vma_chain; avc; avc = avc->same_vma)
		n++;
	return n;
}

void rmap_reserve_release(struct rmap_reserve *r)
{
	while (r->free) {
		struct anon_vma_chain *avc = r->free;

		r->free = avc->same_vma;
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
		avc->same_vma = r->free;
		r->free = avc;
		r->n++;
	}
	return 0;
}

static struct anon_vma_chain *take_avc(struct rmap_reserve *r)
{
	struct anon_vma_chain *avc = r->free;

	BUG_ON(!avc);
	r->free = avc->same_vma;
	r->n--;
	return avc;
}

/* Link avc between vma and av, at *tail of vma's chain; returns the new tail. */
static struct anon_vma_chain **link_avc(struct vm_area_struct *vma, struct anon_vma_chain *avc,
					struct anon_vma *av, struct anon_vma_chain **tail)
{
	avc->vma = vma;
	avc->anon_vma = av;
	avc->same_vma = *tail;
	*tail = avc;
	avc_tree_insert(avc);
	return &avc->same_vma;
}

/* ------------------------------------------------------------ VMA operations */

/* v's chain is one avc: its anon_vma is the root of its fork tree and v its only link. */
static bool chain_singular(const struct vm_area_struct *v)
{
	return v->anon_vma_chain && !v->anon_vma_chain->same_vma;
}

struct anon_vma *vma_root_anon_vma(const struct vm_area_struct *vma)
{
	const struct anon_vma_chain *avc = vma->anon_vma_chain;

	if (!avc)
		return NULL;
	while (avc->same_vma)
		avc = avc->same_vma;
	return avc->anon_vma;
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
	VM_BUG_ON(vma->anon_vma_chain);
	av = mergeable_neighbour(vma);
	if (!av) {
		av = fresh = anon_vma_alloc();
		if (!av)
			return -ENOMEM;
	}
	avc = kmem_cache_alloc(avc_cachep);
	if (!avc) {
		if (fresh)
			free_anon_vma(fresh);
		return -ENOMEM;
	}
	link_avc(vma, avc, av, &vma->anon_vma_chain);
	vma->anon_vma = av;
	active_inc(av);
	return 0;
}

/* dst's chain becomes a copy of src's, in the same order; dst gets src's anon_vma. */
static void clone_chain(struct vm_area_struct *dst, const struct vm_area_struct *src,
			struct rmap_reserve *r)
{
	struct anon_vma_chain **tail = &dst->anon_vma_chain;

	VM_BUG_ON(dst->anon_vma_chain);
	for (const struct anon_vma_chain *p = src->anon_vma_chain; p; p = p->same_vma)
		tail = link_avc(dst, take_avc(r), p->anon_vma, tail);
}

void anon_vma_clone(struct vm_area_struct *dst, const struct vm_area_struct *src,
		    struct rmap_reserve *r)
{
	clone_chain(dst, src, r);
	dst->anon_vma = src->anon_vma;
	if (dst->anon_vma)
		active_inc(dst->anon_vma);
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

	for (const struct anon_vma_chain *p = pvma->anon_vma_chain; p; p = p->same_vma)
		if (reusable(p->anon_vma))
			found = p->anon_vma;
	return found;
}

int anon_vma_fork(struct vm_area_struct *vma, const struct vm_area_struct *pvma)
{
	struct anon_vma *own = NULL, *reuse = NULL;
	struct anon_vma_chain **tail;
	struct rmap_reserve r;
	int err;

	vma->anon_vma = NULL;
	vma->anon_vma_chain = NULL;
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
		own = anon_vma_alloc();
		if (!own) {
			rmap_reserve_release(&r);
			return -ENOMEM;
		}
	}
	/* Nothing below can fail. */
	clone_chain(vma, pvma, &r);
	if (reuse) {
		vma->anon_vma = reuse;
		active_inc(reuse);
		rmap_stats.reuses++;
		return 0;
	}
	set_parent(own, pvma->anon_vma);
	/* The newest goes first. */
	tail = &vma->anon_vma_chain;
	link_avc(vma, take_avc(&r), own, tail);
	vma->anon_vma = own;
	active_inc(own);
	return 0;
}

void unlink_anon_vmas(struct vm_area_struct *vma)
{
	struct anon_vma_chain *avc, *next;

	if (vma->anon_vma)
		active_dec(vma->anon_vma);
	vma->anon_vma = NULL;
	/* Out of every tree first, then put the emptied anon_vmas newest first. */
	anon_vma_unlink_range(vma);
	for (avc = vma->anon_vma_chain; avc; avc = next) {
		next = avc->same_vma;
		if (!avc->anon_vma->tree)
			free_anon_vma(avc->anon_vma);
		kmem_cache_free(avc_cachep, avc);
	}
	vma->anon_vma_chain = NULL;
}

static bool same_chain(const struct vm_area_struct *a, const struct vm_area_struct *b)
{
	const struct anon_vma_chain *x = a->anon_vma_chain, *y = b->anon_vma_chain;

	for (; x && y; x = x->same_vma, y = y->same_vma)
		if (x->anon_vma != y->anon_vma)
			return false;
	return !x && !y;
}

bool anon_vma_mergeable(const struct vm_area_struct *a, const struct vm_area_struct *b)
{
	if (a->anon_vma == b->anon_vma)
		return same_chain(a, b);
	if (!a->anon_vma)
		return chain_singular(b);
	if (!b->anon_vma)
		return chain_singular(a);
	return false;
}

void anon_vma_merge(struct vm_area_struct *lo, struct vm_area_struct *hi)
{
	if (lo->anon_vma || !hi->anon_vma)
		return;		/* lo keeps its own; hi's avcs go with hi */
	VM_BUG_ON(!chain_singular(hi));
	anon_vma_unlink_range(hi);
	lo->anon_vma_chain = hi->anon_vma_chain;
	lo->anon_vma = hi->anon_vma;
	lo->anon_vma_chain->vma = lo;
	hi->anon_vma_chain = NULL;
	hi->anon_vma = NULL;
	anon_vma_link_range(lo);
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
