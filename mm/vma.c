// SPDX-License-Identifier: GPL-2.0-only
/*
 * The VMA layer: each address space's ordered set of VMAs from its birth
 * (mm_init) to its end (exit_mmap, mm_destroy), merging, and the
 * plan-reserve-commit steps every call that changes the set goes
 * through, mapping and unmapping a range among them.  The calls themselves: mm/mmap.c (mmap, munmap, brk),
 * mm/mprotect.c, mm/mremap.c; the checker: mm/vma_check.c.  See
 * <anvil/vma.h> for the contract, mm/vma.h for what those files share.
 *
 * Owns: struct vm_area_struct's and mm_struct's VMA fields, the vm_area
 * slab cache, and the shape of the set (sorted by vm_start in a red-black
 * tree, never overlapping, adjacent compatible VMAs always merged).
 * Must not touch: PTEs or pages (only through mm/memory.c's calls),
 * and the reverse-map fields under CONFIG_SWAP: those belong to
 * mm/rmap.c, called at the four places where a VMA is created, changes
 * range, merges or goes away (vma_copy's callers, vma_set_range,
 * merge_into, vma_remove).  Without swap the calls are empty inlines.
 *
 * All-or-nothing (Documentation/mm/design.md).  Each operation has three steps:
 *  1. plan: one function (plan_cut, plan_map, plan_mprotect) decides
 *     everything once, in a plan struct: which VMA splits, which neighbour
 *     grows or merges, and so how many new VMAs (a cut strictly inside a
 *     VMA needs one for the upper piece; a new range that cannot merge
 *     with a neighbour needs one) and avcs (anon_vma_clone's) it takes;
 *     and it checks everything that can fail;
 *  2. reserve: allocate what the plan counts (and move PTEs, for mremap:
 *     the one page step that can fail, and it undoes itself);
 *  3. commit: carry the plan out, reading its decisions rather than
 *     taking them again, so the two cannot disagree; nothing in this step
 *     can fail.  It takes exactly what was reserved: take_vma stops on an
 *     empty reserve, and under DEBUG_VM finish_reserve on a leftover.
 * Merges only free VMAs, so the count of step 1 is never exceeded.
 *
 * vm_pgoff follows Documentation/mm/design.md: vm_start >> PAGE_SHIFT when mmap or brk
 * creates the range, then it follows the pages: a split gives the upper
 * piece the index of its first page, a move keeps the pages' indices.
 * Two VMAs merge only when their pages' indices run on without a gap.
 */
#include <anvil/vma.h>
#include <anvil/errno.h>
#include <anvil/mm_sleep.h>
#include "reclaim_internal.h"
#include <anvil/rmap.h>
#include <anvil/slab.h>
#include "vma.h"

#if UINTPTR_MAX == 0xffffffffu
SIZE_ASSERT(struct rb_node, 12);
SIZE_ASSERT(struct vm_area_struct, IS_ENABLED(CONFIG_SWAP) ? 40 : 32);
SIZE_ASSERT(struct mm_struct, 40);
#endif

static struct kmem_cache *vma_cachep;

void vma_cache_init(void)
{
	vma_cachep = kmem_cache_create("vm_area_struct", sizeof(struct vm_area_struct));
	if (!vma_cachep)
		panic("vma: no vm_area_struct cache");
	anon_vma_init();
	swap_cache_init();
}

/* ------------------------------------------------------------ the set */

static struct vm_area_struct *to_vma(const struct rb_node *n)
{
	return n ? rb_entry(n, struct vm_area_struct, vm_rb) : NULL;
}

struct vm_area_struct *vma_first(const struct mm_struct *mm)
{
	return to_vma(rb_first(&mm->mm_rb));
}

struct vm_area_struct *vma_last(const struct mm_struct *mm)
{
	return to_vma(rb_last(&mm->mm_rb));
}

struct vm_area_struct *vma_next(const struct vm_area_struct *vma)
{
	return to_vma(rb_next(&vma->vm_rb));
}

struct vm_area_struct *vma_prev(const struct vm_area_struct *vma)
{
	return to_vma(rb_prev(&vma->vm_rb));
}

struct vm_area_struct *find_vma(const struct mm_struct *mm, unsigned long addr)
{
	struct rb_node *n = mm->mm_rb.node;
	struct vm_area_struct *best = NULL, *v;

	while (n) {
		v = to_vma(n);
		if (v->vm_end > addr) {
			best = v;
			if (v->vm_start <= addr)
				break;
			n = n->left;
		} else {
			n = n->right;
		}
	}
	return best;
}

/* The VMA that holds addr - 1, i.e. ends at or above addr and starts below it. */
struct vm_area_struct *vma_below(const struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *v = find_vma(mm, addr - 1);

	return v && v->vm_start < addr ? v : NULL;
}

/* The VMA that holds addr or starts right at it. */
struct vm_area_struct *vma_from(const struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *v = find_vma(mm, addr);

	return v && v->vm_start <= addr ? v : NULL;
}

bool range_is_free(const struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct vm_area_struct *v = find_vma(mm, start);

	return !v || v->vm_start >= end;
}

/* Put vma in mm's tree by vm_start; the counts are the caller's. */
void tree_insert(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct rb_node **link = &mm->mm_rb.node, *parent = NULL;

	while (*link) {
		parent = *link;
		if (vma->vm_start < to_vma(parent)->vm_start)
			link = &parent->left;
		else
			link = &parent->right;
	}
	rb_insert(&mm->mm_rb, &vma->vm_rb, parent, link, NULL);
}

void vma_link(struct mm_struct *mm, struct vm_area_struct *vma)
{
	vma->vm_mm = mm;
	tree_insert(mm, vma);
	mm->map_count++;
	mm->total_vm += vma_pages(vma);
}

static void vma_unlink(struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;

	rb_erase(&mm->mm_rb, &vma->vm_rb, NULL);
	mm->map_count--;
	mm->total_vm -= vma_pages(vma);
}

void vm_area_free(struct vm_area_struct *vma)
{
	kmem_cache_free(vma_cachep, vma);
}

/* The VMA maps no page any more: it leaves its anon_vmas, the set, and memory. */
static void vma_remove(struct vm_area_struct *vma)
{
	unlink_anon_vmas(vma);
	vma_unlink(vma);
	vm_area_free(vma);
}

/*
 * Every change of a linked VMA's start, end or pgoff goes through here.
 * The avc interval trees are keyed by these, so the VMA's avcs leave
 * them before the change and come back after.
 */
void vma_set_range(struct vm_area_struct *vma, unsigned long start, unsigned long end,
		   unsigned long pgoff)
{
	struct mm_struct *mm = vma->vm_mm;
	struct avc_held held;

	anon_vma_unlink_range(vma, &held);
	mm->total_vm -= vma_pages(vma);
	vma->vm_start = start;
	vma->vm_end = end;
	vma->vm_pgoff = pgoff;
	mm->total_vm += vma_pages(vma);
	anon_vma_link_range(vma, &held);
}

/* A VMA's own links start empty: no tree node, no avcs. */
void vma_init_links(struct vm_area_struct *vma)
{
	vma->vm_rb = (struct rb_node){ 0 };
	vma_clear_anon_chain(vma);
}

/*
 * A copy of src's fields (the anon_vma pointer too) with no links of its
 * own: no avcs either.  A copy that will map pages gets them from
 * anon_vma_clone (out of the reserve) or anon_vma_fork.
 */
void vma_copy(struct vm_area_struct *dst, const struct vm_area_struct *src)
{
	*dst = *src;
	vma_init_links(dst);
}

struct vm_area_struct *vm_area_dup(const struct vm_area_struct *vma)
{
	struct vm_area_struct *new = kmem_cache_alloc(vma_cachep);

	if (new)
		vma_copy(new, vma);
	return new;
}

/* ------------------------------------------------------------ merging */

/* lo and hi would behave as one VMA: adjacent, same flags, anon_vmas compatible. */
bool can_merge(const struct vm_area_struct *lo, const struct vm_area_struct *hi)
{
	return vma_adjacent(lo, hi) && lo->vm_flags == hi->vm_flags && anon_vma_mergeable(lo, hi);
}

/* hi's range joins lo's, and hi goes away (its avc to lo, if lo has none). */
void merge_into(struct vm_area_struct *lo, struct vm_area_struct *hi)
{
	unsigned long end = hi->vm_end;

	anon_vma_merge(lo, hi);
	vma_remove(hi);
	vma_set_range(lo, lo->vm_start, end, lo->vm_pgoff);
}

/* Merge every mergeable pair from v up to the last VMA that starts at or below end. */
void merge_from(struct vm_area_struct *v, unsigned long end)
{
	struct vm_area_struct *next;

	while (v && (next = vma_next(v)) && next->vm_start <= end) {
		if (can_merge(v, next))
			merge_into(v, next);
		else
			v = next;
	}
}

/* ------------------------------------------------------------ reserving */

void release_reserve(struct vma_reserve *r)
{
	while (r->n)
		kmem_cache_free(vma_cachep, r->vma[--r->n]);
	rmap_reserve_release(&r->avcs);
}

static int try_reserve_vmas(struct vma_reserve *r, const struct vma_needs *n)
{
	BUG_ON(n->vmas > VMA_RESERVE_MAX);
	r->n = 0;
	if (rmap_reserve(&r->avcs, n->avcs))
		return -ENOMEM;
	while (r->n < n->vmas) {
		struct vm_area_struct *v = kmem_cache_alloc(vma_cachep);

		if (!v) {
			release_reserve(r);
			return -ENOMEM;
		}
		r->vma[r->n++] = v;
	}
	return 0;
}

/*
 * Memory may be short only for a moment (the free list empty while swap
 * has room): like a fault, reclaim and try again.  Every call reserves
 * before it changes anything, so a retry is safe, and -ENOMEM reaches
 * user space only when reclaim cannot make room (or swap is off).  The
 * plan, VMA pointers included, stays valid across reclaim's sleeps: only
 * the task itself changes its VMAs; reclaim changes PTEs only.
 * (VMA_RECLAIM_TRIES is in mm/vma.h: mremap's page move retries too.)
 */
int reserve_vmas(struct vma_reserve *r, const struct vma_needs *n)
{
	int err, tries = 0;

	while ((err = try_reserve_vmas(r, n)) == -ENOMEM && tries++ < VMA_RECLAIM_TRIES &&
	       reclaim_retry())
		;
	if (!err)
		mm_update_begin();	/* the commit never sleeps: it ends in finish or cancel */
	return err;
}

void cancel_reserve(struct vma_reserve *r)
{
	release_reserve(r);
	mm_update_end();
}

/*
 * After the commit, which took only what its plan counted (take_vma and
 * rmap's take_avc stop the kernel on an empty reserve): nothing should be
 * left either.  A leftover is harmless (freed here) but means a plan
 * over-counted and an operation could fail for memory it did not need:
 * DEBUG_VM stops on it.
 */
void finish_reserve(struct vma_reserve *r)
{
	if (IS_ENABLED(CONFIG_DEBUG_VM))
		BUG_ON(r->n || rmap_reserve_left(&r->avcs));
	release_reserve(r);
	mm_update_end();
}

/* Only the commit step takes, and only what the plan counted: it cannot run out. */
static struct vm_area_struct *take_vma(struct vma_reserve *r)
{
	BUG_ON(!r->n);
	return r->vma[--r->n];
}

/* ------------------------------------------------------------ split and cut */

/* vma keeps [vm_start, addr); a reserved new one becomes [addr, vm_end). */
struct vm_area_struct *split_vma(struct vm_area_struct *vma, unsigned long addr,
				 struct vma_reserve *r)
{
	struct vm_area_struct *new = take_vma(r);

	vma_copy(new, vma);
	new->vm_start = addr;
	new->vm_pgoff = vma_page_index(vma, addr);
	anon_vma_clone(new, vma, &r->avcs);
	vma_set_range(vma, vma->vm_start, addr, vma->vm_pgoff);
	vma_link(vma->vm_mm, new);
	return new;
}

/* first is find_vma(mm, start).  Only a cut strictly inside one VMA needs a new one. */
static void plan_cut_from(struct vm_area_struct *first, unsigned long start, unsigned long end,
			  struct cut_plan *c, struct vma_needs *n)
{
	c->first = first;
	c->split = first && first->vm_start < start && first->vm_end > end;
	if (c->split)
		need_copy_of(n, first);
}

void plan_cut(const struct mm_struct *mm, unsigned long start, unsigned long end,
	      struct cut_plan *c, struct vma_needs *n)
{
	plan_cut_from(find_vma(mm, start), start, end, c, n);
}

/* Take [start, end) out of the VMA set as c says; the pages are the caller's business. */
void cut_range(const struct cut_plan *c, unsigned long start, unsigned long end,
	       struct vma_reserve *r)
{
	struct vm_area_struct *v = c->first, *next;

	if (v && v->vm_start < start) {
		if (c->split)
			split_vma(v, end, r);
		vma_set_range(v, v->vm_start, start, v->vm_pgoff);
		v = vma_next(v);
	}
	while (v && v->vm_start < end) {
		next = vma_next(v);
		if (v->vm_end <= end)
			vma_remove(v);
		else
			vma_set_range(v, end, v->vm_end, vma_page_index(v, end));
		v = next;
	}
}

/*
 * Drop the pages of [start, end): PTEs exist only inside VMAs, so walk
 * just those parts, from first = find_vma(mm, start).
 */
static void unmap_pages_in(struct mm_struct *mm, struct vm_area_struct *first,
			   unsigned long start, unsigned long end)
{
	struct vm_area_struct *v;

	for (v = first; v && v->vm_start < end; v = vma_next(v))
		vma_unmap_pages(mm, max(start, v->vm_start), min(end, v->vm_end));
}

/* ------------------------------------------------------------ mapping a range */

/* v, holding proto's start, holds all of proto's range and maps it the same way. */
static bool already_maps(const struct vm_area_struct *v, const struct vm_area_struct *proto)
{
	return v->vm_end >= proto->vm_end && v->vm_flags == proto->vm_flags &&
	       vma_page_index(v, proto->vm_start) == proto->vm_pgoff &&
	       anon_vma_mergeable(v, proto);
}

/*
 * What installing proto needs: a VMA for the upper piece if it lands
 * strictly inside one VMA (the cut), and one for itself unless it merges
 * with what will be below or above it once the cut is done; and for each
 * new VMA, or a neighbour taking proto's anon_vma (only mremap's proto
 * has one: the neighbour joins proto's chain when it has none), the avcs
 * of a chain.  The neighbours are judged as the cut will leave them, a
 * neighbour grown over the range as it will be after adopting.
 */
void plan_map(const struct mm_struct *mm, const struct vm_area_struct *proto, struct map_plan *p)
{
	unsigned long start = proto->vm_start, end = proto->vm_end;
	struct vm_area_struct *first = find_vma(mm, start);
	struct vm_area_struct piece, grown;

	*p = (struct map_plan){ .how = MAP_ALREADY };
	p->cut.first = first;
	if (first && first->vm_start <= start && already_maps(first, proto))
		return;
	/* Strictly inside one VMA but not already mapped by it: no side merges. */
	plan_cut_from(first, start, end, &p->cut, &p->needs);
	p->below = vma_below(mm, start);
	p->above = vma_from(mm, end);
	if (p->above) {
		piece = *p->above;	/* above as the cut leaves it */
		piece.vm_pgoff = vma_page_index(p->above, end);
		piece.vm_start = end;
	}
	if (p->below) {
		grown = *p->below;	/* below as the cut leaves it */
		grown.vm_end = start;
		if (can_merge(&grown, proto)) {
			u32 adopt = anon_vma_adopt_needs(p->below, proto);

			p->how = MAP_GROW_BELOW;
			p->needs.avcs += adopt;
			/* below grown over the range, with proto's anon_vma if it adopts it */
			if (adopt)
				grown = *proto;
			grown.vm_start = p->below->vm_start;
			grown.vm_pgoff = p->below->vm_pgoff;
			grown.vm_end = end;
			p->join_above = p->above && can_merge(&grown, &piece);
			return;
		}
	}
	if (p->above && can_merge(proto, &piece)) {
		p->how = MAP_GROW_ABOVE;
		p->needs.avcs += anon_vma_adopt_needs(p->above, proto);
		return;
	}
	p->how = MAP_NEW;
	need_copy_of(&p->needs, proto);
}

/* The commit half: VMAs only, exactly as plan_map decided. */
void map_commit(struct mm_struct *mm, const struct map_plan *p,
		const struct vm_area_struct *proto, struct vma_reserve *r)
{
	unsigned long start = proto->vm_start, end = proto->vm_end;
	struct vm_area_struct *new;

	if (p->how == MAP_ALREADY)
		return;
	cut_range(&p->cut, start, end, r);
	switch (p->how) {
	case MAP_GROW_BELOW:
		anon_vma_adopt(p->below, proto, &r->avcs);
		vma_set_range(p->below, p->below->vm_start, end, p->below->vm_pgoff);
		if (p->join_above)
			merge_into(p->below, p->above);
		break;
	case MAP_GROW_ABOVE:
		anon_vma_adopt(p->above, proto, &r->avcs);
		vma_set_range(p->above, start, p->above->vm_end, proto->vm_pgoff);
		break;
	default:
		new = take_vma(r);
		vma_copy(new, proto);
		anon_vma_clone(new, proto, &r->avcs);
		vma_link(mm, new);
		break;
	}
}

/* Map proto's range with fresh pages, replacing whatever was there. */
int map_range(struct mm_struct *mm, const struct vm_area_struct *proto)
{
	struct map_plan plan;
	struct vma_reserve r;
	int err;

	plan_map(mm, proto, &plan);
	err = reserve_vmas(&r, &plan.needs);
	if (err)
		return err;
	unmap_pages_in(mm, plan.cut.first, proto->vm_start, proto->vm_end);
	map_commit(mm, &plan, proto, &r);
	finish_reserve(&r);
	return 0;
}

/* Unmap [start, end): its pages, and the range out of the VMA set. */
int unmap_range(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct vma_needs needs = { 0 };
	struct cut_plan cut;
	struct vma_reserve r;
	int err;

	plan_cut(mm, start, end, &cut, &needs);
	err = reserve_vmas(&r, &needs);
	if (err)
		return err;
	unmap_pages_in(mm, cut.first, start, end);
	cut_range(&cut, start, end, &r);
	finish_reserve(&r);
	return 0;
}

/* ------------------------------------------------------------ whole address spaces */

int mm_init(struct mm_struct *mm)
{
	*mm = (struct mm_struct){ .mm_rb = RB_ROOT, .mmap_base = TASK_SIZE };
	return pgtable_init(&mm->pgtable);
}

static void unmap_all(struct mm_struct *mm, bool free_tables)
{
	struct vm_area_struct *v;

	while ((v = vma_first(mm))) {
		if (free_tables)
			vma_unmap_pages(mm, v->vm_start, v->vm_end);
		else
			vma_unmap_pages_keep_tables(mm, v->vm_start, v->vm_end);
		vma_remove(v);
	}
}

void exit_mmap(struct mm_struct *mm)
{
	unmap_all(mm, true);
}

void mm_destroy(struct mm_struct *mm)
{
	unmap_all(mm, false);	/* pgtable_destroy frees every table */
	pgtable_destroy(&mm->pgtable);
}
