// SPDX-License-Identifier: GPL-2.0-only
/*
 * The VMA layer: each address space's ordered set of VMAs and the calls
 * that change it (mmap, munmap, mprotect, mremap, brk).  See <anvil/vma.h>
 * for the contract.
 *
 * Owns: struct vm_area_struct's and mm_struct's VMA fields, the vm_area
 * slab cache, and the shape of the set (sorted by vm_start in a red-black
 * tree, never overlapping, adjacent compatible VMAs always merged).
 * Must not touch: PTEs or pages (only through mm/memory.c's three calls),
 * and the reverse-map fields under CONFIG_SWAP: those belong to
 * mm/rmap.c, called at the four places where a VMA is created, changes
 * range, merges or goes away (vma_copy's callers, vma_set_range,
 * merge_into, vma_remove).  Without swap the calls are empty inlines.
 *
 * All-or-nothing (Documentation/mm/design.md).  Each operation has three steps:
 *  1. plan: count exactly how many new VMAs it needs (a cut strictly inside
 *     a VMA needs one for the upper piece; a new range that cannot merge
 *     with a neighbour needs one), and how many avcs their anon_vma_clone
 *     takes, and check everything that can fail;
 *  2. reserve: allocate them all (and move PTEs, for mremap: the one page
 *     step that can fail, and it undoes itself);
 *  3. commit: change VMAs and pages; nothing in this step can fail.
 * Merges only free VMAs, so the count of step 1 is never exceeded.
 *
 * vm_pgoff follows Documentation/mm/design.md: vm_start >> PAGE_SHIFT when mmap or brk
 * creates the range, then it follows the pages: a split gives the upper
 * piece the index of its first page, a move keeps the pages' indices.
 * Two VMAs merge only when their pages' indices run on without a gap.
 */
#include <anvil/vma.h>
#include <anvil/errno.h>
#include "reclaim_internal.h"
#include <anvil/rmap.h>
#include <anvil/slab.h>

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
static struct vm_area_struct *vma_below(const struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *v = find_vma(mm, addr - 1);

	return v && v->vm_start < addr ? v : NULL;
}

/* The VMA that holds addr or starts right at it. */
static struct vm_area_struct *vma_from(const struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *v = find_vma(mm, addr);

	return v && v->vm_start <= addr ? v : NULL;
}

static bool range_is_free(const struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct vm_area_struct *v = find_vma(mm, start);

	return !v || v->vm_start >= end;
}

/* Put vma in mm's tree by vm_start; the counts are the caller's. */
static void tree_insert(struct mm_struct *mm, struct vm_area_struct *vma)
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
static void vma_set_range(struct vm_area_struct *vma, unsigned long start,
			  unsigned long end, unsigned long pgoff)
{
	struct mm_struct *mm = vma->vm_mm;

	anon_vma_unlink_range(vma);
	mm->total_vm -= vma_pages(vma);
	vma->vm_start = start;
	vma->vm_end = end;
	vma->vm_pgoff = pgoff;
	mm->total_vm += vma_pages(vma);
	anon_vma_link_range(vma);
}

/* A VMA's own links start empty: no tree node, no avcs. */
static void vma_init_links(struct vm_area_struct *vma)
{
	vma->vm_rb = (struct rb_node){ 0 };
#if IS_ENABLED(CONFIG_SWAP)
	vma->anon_vma_chain = NULL;
#endif
}

/*
 * A copy of src's fields (the anon_vma pointer too) with no links of its
 * own: no avcs either.  A copy that will map pages gets them from
 * anon_vma_clone (out of the reserve) or anon_vma_fork.
 */
static void vma_copy(struct vm_area_struct *dst, const struct vm_area_struct *src)
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

/* lo and hi would behave as one VMA: touching, same flags, page indices running on. */
static bool can_merge(const struct vm_area_struct *lo, const struct vm_area_struct *hi)
{
	return lo->vm_end == hi->vm_start && lo->vm_flags == hi->vm_flags &&
	       lo->vm_pgoff + vma_pages(lo) == hi->vm_pgoff &&
	       anon_vma_mergeable(lo, hi);
}

/* hi's range joins lo's, and hi goes away (its avc to lo, if lo has none). */
static void merge_into(struct vm_area_struct *lo, struct vm_area_struct *hi)
{
	unsigned long end = hi->vm_end;

	anon_vma_merge(lo, hi);
	vma_remove(hi);
	vma_set_range(lo, lo->vm_start, end, lo->vm_pgoff);
}

/* Merge every mergeable pair among the VMAs that touch [start, end]. */
static void merge_range(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct vm_area_struct *v = find_vma(mm, start - 1), *next;

	while (v && (next = vma_next(v)) && next->vm_start <= end) {
		if (can_merge(v, next))
			merge_into(v, next);
		else
			v = next;
	}
}

/* ------------------------------------------------------------ reserving */

#define VMA_RESERVE_MAX	2	/* the most VMAs any one operation needs */

/* What an operation will allocate: new VMAs, and avcs to clone chains into them. */
struct vma_plan {
	int vmas;
	u32 avcs;
};

/* A split of v makes a VMA, which joins every anon_vma v is in. */
static void plan_copy_of(struct vma_plan *p, const struct vm_area_struct *v)
{
	p->vmas++;
	p->avcs += anon_vma_chain_len(v);
}

struct vma_reserve {
	struct vm_area_struct *vma[VMA_RESERVE_MAX];
	int n;
	struct rmap_reserve avcs;
};

static void release_reserve(struct vma_reserve *r)
{
	while (r->n)
		kmem_cache_free(vma_cachep, r->vma[--r->n]);
	rmap_reserve_release(&r->avcs);
}

static int try_reserve_vmas(struct vma_reserve *r, const struct vma_plan *p)
{
	BUG_ON(p->vmas > VMA_RESERVE_MAX);
	r->n = 0;
	if (rmap_reserve(&r->avcs, p->avcs))
		return -ENOMEM;
	while (r->n < p->vmas) {
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
 * plan stays valid across reclaim's sleeps: only the task itself changes
 * its VMAs; reclaim changes PTEs only.
 */
#define VMA_RECLAIM_TRIES	16

static int reserve_vmas(struct vma_reserve *r, const struct vma_plan *p)
{
	int err, tries = 0;

	while ((err = try_reserve_vmas(r, p)) == -ENOMEM && tries++ < VMA_RECLAIM_TRIES &&
	       reclaim_retry())
		;
	return err;
}

/*
 * After the commit: the plans count exactly, so nothing should be left.
 * A leftover is harmless (freed here) but means a plan over-counted and
 * an operation could fail for memory it did not need: DEBUG_VM says so.
 */
static void finish_reserve(struct vma_reserve *r)
{
	if (IS_ENABLED(CONFIG_DEBUG_VM))
		BUG_ON(r->n || rmap_reserve_left(&r->avcs));
	release_reserve(r);
}

/* Only the commit step takes, and only what the plan counted: it cannot run out. */
static struct vm_area_struct *take_vma(struct vma_reserve *r)
{
	BUG_ON(!r->n);
	return r->vma[--r->n];
}

/* ------------------------------------------------------------ split and cut */

/* vma keeps [vm_start, addr); a reserved new one becomes [addr, vm_end). */
static struct vm_area_struct *split_vma(struct vm_area_struct *vma, unsigned long addr,
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

/* Cutting [start, end) out of the set needs a new VMA only strictly inside one. */
static void cut_needs(const struct mm_struct *mm, unsigned long start, unsigned long end,
		      struct vma_plan *p)
{
	struct vm_area_struct *v = find_vma(mm, start);

	if (v && v->vm_start < start && v->vm_end > end)
		plan_copy_of(p, v);
}

/* Take [start, end) out of the VMA set; the pages are the caller's business. */
static void cut_range(struct mm_struct *mm, unsigned long start, unsigned long end,
		      struct vma_reserve *r)
{
	struct vm_area_struct *v = find_vma(mm, start), *next;

	if (v && v->vm_start < start) {
		if (v->vm_end > end)
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

/* Drop the pages of [start, end): PTEs exist only inside VMAs, so walk just those parts. */
static void unmap_pages_in(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct vm_area_struct *v;

	for (v = find_vma(mm, start); v && v->vm_start < end; v = vma_next(v))
		vma_unmap_pages(mm, max(start, v->vm_start), min(end, v->vm_end));
}

/* ------------------------------------------------------------ mapping a range */

/* The VMA holding all of proto's range already maps it the same way. */
static bool already_mapped(const struct mm_struct *mm, const struct vm_area_struct *proto)
{
	struct vm_area_struct *v = vma_from(mm, proto->vm_start);

	return v && v->vm_end >= proto->vm_end && v->vm_flags == proto->vm_flags &&
	       vma_page_index(v, proto->vm_start) == proto->vm_pgoff &&
	       anon_vma_mergeable(v, proto);
}

/*
 * A neighbour that grows over proto's range takes proto's anon_vma along
 * when it has none (only mremap's proto has one): it joins proto's chain.
 */
static void plan_adopt(struct vma_plan *p, const struct vm_area_struct *neighbour,
		       const struct vm_area_struct *proto)
{
	p->avcs += anon_vma_adopt_needs(neighbour, proto);
}

/*
 * Installing proto's range [vm_start, vm_end) with its flags and pgoff,
 * over whatever is there, needs: a VMA for the upper piece if it lands
 * strictly inside one VMA, and one for itself unless it merges with what
 * will be below or above it once the cut is done; and for each new VMA,
 * or a neighbour taking proto's anon_vma, the avcs of a chain.  Landing
 * inside a VMA that already maps it the same way changes no VMA at all.
 */
static void map_needs(const struct mm_struct *mm, const struct vm_area_struct *proto,
		      struct vma_plan *p)
{
	struct vm_area_struct *below = vma_below(mm, proto->vm_start);
	struct vm_area_struct *above = vma_from(mm, proto->vm_end);
	struct vm_area_struct piece;

	if (already_mapped(mm, proto))
		return;
	/* Strictly inside one VMA but not already_mapped: it merges with one side at most. */
	cut_needs(mm, proto->vm_start, proto->vm_end, p);
	if (below) {
		piece = *below;
		piece.vm_end = proto->vm_start;
		if (can_merge(&piece, proto)) {
			plan_adopt(p, below, proto);
			return;
		}
	}
	if (above) {
		piece = *above;
		piece.vm_pgoff = vma_page_index(above, proto->vm_end);
		piece.vm_start = proto->vm_end;
		if (can_merge(proto, &piece)) {
			plan_adopt(p, above, proto);
			return;
		}
	}
	plan_copy_of(p, proto);
}

/* The commit half: VMAs only, exactly as map_needs counted. */
static void map_commit(struct mm_struct *mm, const struct vm_area_struct *proto,
		       struct vma_reserve *r)
{
	unsigned long start = proto->vm_start, end = proto->vm_end;
	struct vm_area_struct *below, *above;

	if (already_mapped(mm, proto))
		return;
	cut_range(mm, start, end, r);
	below = vma_below(mm, start);
	above = vma_from(mm, end);
	if (below && can_merge(below, proto)) {
		anon_vma_adopt(below, proto, &r->avcs);
		vma_set_range(below, below->vm_start, end, below->vm_pgoff);
		if (above && can_merge(below, above))
			merge_into(below, above);
	} else if (above && can_merge(proto, above)) {
		anon_vma_adopt(above, proto, &r->avcs);
		vma_set_range(above, start, above->vm_end, proto->vm_pgoff);
	} else {
		struct vm_area_struct *new = take_vma(r);

		vma_copy(new, proto);
		anon_vma_clone(new, proto, &r->avcs);
		vma_link(mm, new);
	}
}

/* Map proto's range with fresh pages, replacing whatever was there. */
static int map_range(struct mm_struct *mm, const struct vm_area_struct *proto)
{
	struct vma_plan plan = { 0 };
	struct vma_reserve r;
	int err;

	map_needs(mm, proto, &plan);
	err = reserve_vmas(&r, &plan);
	if (err)
		return err;
	unmap_pages_in(mm, proto->vm_start, proto->vm_end);
	map_commit(mm, proto, &r);
	finish_reserve(&r);
	return 0;
}

/* A VMA not linked anywhere, describing a range about to be mapped. */
static void init_proto(struct vm_area_struct *proto, struct mm_struct *mm, unsigned long start,
		       unsigned long end, unsigned long pgoff, unsigned long flags)
{
	*proto = (struct vm_area_struct){
		.vm_start = start, .vm_end = end, .vm_pgoff = pgoff,
		.vm_flags = flags, .vm_mm = mm,
	};
	vma_init_links(proto);
}

/* ------------------------------------------------------------ the calls */

/* [start, start + len) page-aligned, non-empty, inside [0, TASK_SIZE). */
static int check_range(unsigned long start, unsigned long len, unsigned long *end)
{
	if (!IS_ALIGNED(start, PAGE_SIZE) || !len || len > TASK_SIZE || start >= TASK_SIZE)
		return -EINVAL;
	len = ALIGN(len, PAGE_SIZE);
	if (len > TASK_SIZE - start)
		return -EINVAL;
	*end = start + len;
	return 0;
}

int get_unmapped_area(const struct mm_struct *mm, unsigned long hint,
		      unsigned long len, unsigned long *addr)
{
	unsigned long top = mm->mmap_base;
	struct vm_area_struct *v;

	if (!len || len > TASK_SIZE - USER_BASE)
		return -ENOMEM;
	hint = ALIGN(hint, PAGE_SIZE);
	if (hint >= USER_BASE && hint <= TASK_SIZE - len && range_is_free(mm, hint, hint + len)) {
		*addr = hint;
		return 0;
	}
	/* Top down: the gap below each VMA, highest first. */
	for (v = vma_last(mm); v; v = vma_prev(v)) {
		if (v->vm_end <= top && top - v->vm_end >= len) {
			*addr = top - len;
			return 0;
		}
		top = min(top, v->vm_start);
	}
	if (top >= USER_BASE && top - USER_BASE >= len) {
		*addr = top - len;
		return 0;
	}
	return -ENOMEM;
}

int do_mmap(struct mm_struct *mm, unsigned long addr, unsigned long len,
	    unsigned long prot, unsigned long flags, unsigned long *mapped)
{
	struct vm_area_struct proto;
	int err;

	if ((prot & ~VM_ACCESS_FLAGS) || (flags & ~MAP_FIXED) != (MAP_PRIVATE | MAP_ANONYMOUS))
		return -EINVAL;
	if (!len)
		return -EINVAL;
	if (len > TASK_SIZE)
		return -ENOMEM;
	len = ALIGN(len, PAGE_SIZE);
	if (flags & MAP_FIXED) {
		if (!IS_ALIGNED(addr, PAGE_SIZE) || addr > TASK_SIZE - len)
			return -EINVAL;
		if (addr < USER_BASE)
			return -EPERM;	/* Linux's mmap_min_addr: the NULL page stays unmapped */
	} else {
		err = get_unmapped_area(mm, addr, len, &addr);
		if (err)
			return err;
	}
	init_proto(&proto, mm, addr, addr + len, addr >> PAGE_SHIFT, prot);
	err = map_range(mm, &proto);
	if (!err)
		*mapped = addr;
	return err;
}

int do_munmap(struct mm_struct *mm, unsigned long start, unsigned long len)
{
	struct vma_plan plan = { 0 };
	struct vma_reserve r;
	unsigned long end;
	int err;

	err = check_range(start, len, &end);
	if (err)
		return err;
	cut_needs(mm, start, end, &plan);
	err = reserve_vmas(&r, &plan);
	if (err)
		return err;
	unmap_pages_in(mm, start, end);
	cut_range(mm, start, end, &r);
	finish_reserve(&r);
	return 0;
}

/* Every byte of [start, end) is in some VMA. */
static bool range_is_mapped(const struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct vm_area_struct *v = find_vma(mm, start);
	unsigned long covered = start;

	for (; v && v->vm_start <= covered; v = vma_next(v)) {
		covered = v->vm_end;
		if (covered >= end)
			return true;
	}
	return false;
}

/* A VMA partly inside [start, end) needs a split at each edge it crosses, if it changes. */
static void mprotect_needs(const struct mm_struct *mm, unsigned long start, unsigned long end,
			   unsigned long flags, struct vma_plan *p)
{
	struct vm_area_struct *first = find_vma(mm, start), *last = find_vma(mm, end - 1);

	if (first->vm_start < start && first->vm_flags != flags)
		plan_copy_of(p, first);
	if (last->vm_end > end && last->vm_flags != flags)
		plan_copy_of(p, last);
}

int do_mprotect(struct mm_struct *mm, unsigned long start, unsigned long len,
		unsigned long prot)
{
	struct vma_plan plan = { 0 };
	struct vm_area_struct *v;
	struct vma_reserve r;
	unsigned long end;
	int err;

	if (prot & ~VM_ACCESS_FLAGS)
		return -EINVAL;
	err = check_range(start, len, &end);
	/* Aligned and not empty, but reaching past user space: nothing is mapped there (Linux). */
	if (err && IS_ALIGNED(start, PAGE_SIZE) && len)
		return -ENOMEM;
	if (err)
		return err;
	if (!range_is_mapped(mm, start, end))
		return -ENOMEM;
	mprotect_needs(mm, start, end, prot, &plan);
	err = reserve_vmas(&r, &plan);
	if (err)
		return err;
	for (v = find_vma(mm, start); v && v->vm_start < end; v = vma_next(v)) {
		if (v->vm_flags == prot)
			continue;
		if (v->vm_start < start)
			v = split_vma(v, start, &r);
		if (v->vm_end > end)
			split_vma(v, end, &r);
		v->vm_flags = prot;
		vma_change_protection(mm, v->vm_start, v->vm_end, prot);
	}
	merge_range(mm, start, end);
	finish_reserve(&r);
	return 0;
}

/* vma ends at old_end and the space above is free: extend it, and merge with what follows. */
static void grow_in_place(struct vm_area_struct *vma, unsigned long new_end)
{
	struct vm_area_struct *next;

	vma_set_range(vma, vma->vm_start, new_end, vma->vm_pgoff);
	next = vma_next(vma);
	if (next && can_merge(vma, next))
		merge_into(vma, next);
}

/*
 * Move [addr, addr + old_len) of vma, with its pages, to a free range of
 * new_len bytes.  The pages keep their indices, so the new VMA's pgoff is
 * the old index of addr.  When the whole VMA moves and finds nothing to
 * merge with, it is simply relinked at its new address: no allocation.
 */
static int move_vma(struct vm_area_struct *vma, unsigned long addr, unsigned long old_len,
		    unsigned long new_len, unsigned long *new_addr)
{
	struct mm_struct *mm = vma->vm_mm;
	bool whole = vma->vm_start == addr && vma->vm_end == addr + old_len;
	struct vma_plan dest = { 0 }, plan = { 0 };
	struct vm_area_struct proto;
	struct vma_reserve r;
	unsigned long to;
	bool relink;
	int err;

	err = get_unmapped_area(mm, 0, new_len, &to);
	if (err)
		return err;
	vma_copy(&proto, vma);
	vma_borrow_chain(&proto, vma);	/* a new VMA there joins vma's anon_vmas */
	proto.vm_start = to;
	proto.vm_end = to + new_len;
	proto.vm_pgoff = vma_page_index(vma, addr);
	map_needs(mm, &proto, &dest);	/* the range is free: no cut, one VMA at most */
	relink = whole && dest.vmas;
	cut_needs(mm, addr, addr + old_len, &plan);
	if (!relink) {
		plan.vmas += dest.vmas;
		plan.avcs += dest.avcs;
	}
	for (int tries = 0;; tries++) {
		err = reserve_vmas(&r, &plan);
		if (err)
			return err;
		err = vma_move_pages(mm, addr, to, old_len);	/* page tables: may be short too */
		if (!err)
			break;
		release_reserve(&r);
		if (err != -ENOMEM || tries >= VMA_RECLAIM_TRIES || !reclaim_retry())
			return err;
	}
	if (relink) {
		rb_erase(&mm->mm_rb, &vma->vm_rb, NULL);
		vma_set_range(vma, to, to + new_len, vma->vm_pgoff);
		tree_insert(mm, vma);
	} else {
		/* The destination never merges with vma: its indices lie inside vma's. */
		map_commit(mm, &proto, &r);
		cut_range(mm, addr, addr + old_len, &r);
	}
	finish_reserve(&r);
	*new_addr = to;
	return 0;
}

int do_mremap(struct mm_struct *mm, unsigned long addr, unsigned long old_len,
	      unsigned long new_len, unsigned long flags, unsigned long *new_addr)
{
	struct vm_area_struct *vma;
	unsigned long old_end;
	int err;

	if (flags & ~MREMAP_MAYMOVE)
		return -EINVAL;
	err = check_range(addr, old_len, &old_end);
	if (err || !new_len || new_len > TASK_SIZE)
		return -EINVAL;
	old_len = old_end - addr;
	new_len = ALIGN(new_len, PAGE_SIZE);
	vma = find_vma(mm, addr);
	if (!vma || vma->vm_start > addr || vma->vm_end < old_end)
		return -EFAULT;
	if (new_len <= old_len) {
		if (new_len < old_len) {
			err = do_munmap(mm, addr + new_len, old_len - new_len);
			if (err)
				return err;
		}
		*new_addr = addr;
		return 0;
	}
	if (old_end == vma->vm_end && new_len <= TASK_SIZE - addr &&
	    range_is_free(mm, old_end, addr + new_len)) {
		grow_in_place(vma, addr + new_len);
		*new_addr = addr;
		return 0;
	}
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	return move_vma(vma, addr, old_len, new_len, new_addr);
}

int do_brk(struct mm_struct *mm, unsigned long brk)
{
	unsigned long old_end = ALIGN(mm->brk, PAGE_SIZE), new_end;
	struct vm_area_struct proto;
	int err = 0;

	if (mm->start_brk < USER_BASE || brk < mm->start_brk)
		return -EINVAL;
	if (brk > TASK_SIZE)
		return -ENOMEM;
	new_end = ALIGN(brk, PAGE_SIZE);
	if (new_end < old_end) {
		err = do_munmap(mm, new_end, old_end - new_end);
	} else if (new_end > old_end) {
		if (!range_is_free(mm, old_end, new_end))
			return -ENOMEM;
		init_proto(&proto, mm, old_end, new_end, old_end >> PAGE_SHIFT, VM_READ | VM_WRITE);
		err = map_range(mm, &proto);
	}
	if (!err)
		mm->brk = brk;
	return err;
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

static int bad_vma(const struct vm_area_struct *v, const char *why)
{
	pr_err("vma_check: [0x%lx, 0x%lx) pgoff 0x%lx flags 0x%lx: %s\n",
	       v->vm_start, v->vm_end, v->vm_pgoff, v->vm_flags, why);
	return -EINVAL;
}

int vma_check(const struct mm_struct *mm)
{
	const struct vm_area_struct *v, *prev = NULL;
	unsigned long count = 0, pages = 0;

	if (rb_check(&mm->mm_rb) < 0) {
		pr_err("vma_check: red-black tree broken\n");
		return -EINVAL;
	}
	for_each_vma(mm, v) {
		if (v->vm_mm != mm)
			return bad_vma(v, "wrong mm");
		if (v->vm_start >= v->vm_end || !IS_ALIGNED(v->vm_start | v->vm_end, PAGE_SIZE))
			return bad_vma(v, "bad range");
		if (v->vm_start < USER_BASE || v->vm_end > TASK_SIZE)
			return bad_vma(v, "outside user space");
		if (v->vm_flags & ~VM_ACCESS_FLAGS)
			return bad_vma(v, "bad flags");
		if (prev && prev->vm_end > v->vm_start)
			return bad_vma(v, "overlaps the one below");
		if (prev && can_merge(prev, v))
			return bad_vma(v, "not merged with the one below");
		count++;
		pages += vma_pages(v);
		prev = v;
	}
	if (count != mm->map_count || pages != mm->total_vm) {
		pr_err("vma_check: %lu VMAs of %lu pages, mm says %u of %u\n",
		       count, pages, mm->map_count, mm->total_vm);
		return -EINVAL;
	}
	return 0;
}
