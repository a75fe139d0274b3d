/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the VMA layer's files share inside mm/ and with no one else (Linux
 * keeps the same in its mm/vma.h): the tree and merge helpers, the
 * reserve, and each operation's plan (mm/vma.c), for mmap, munmap and brk
 * (mm/mmap.c), mprotect (mm/mprotect.c), mremap (mm/mremap.c) and the
 * checker (mm/vma_check.c); and the adjacency rule mm/rmap.c uses too.
 * The API for the rest of the kernel is <anvil/vma.h>.
 */
#ifndef MM_VMA_H
#define MM_VMA_H

#include <anvil/vma.h>
#include <anvil/errno.h>
#include <anvil/rmap.h>

/*
 * lo ends where hi starts and the page indices run on without a gap: the
 * one adjacency rule, used by merging (with equal flags and compatible
 * anon_vmas) and by mm/rmap.c when a fresh VMA looks for a neighbour's
 * anon_vma to share (any flags, as Linux's anon_vma_compatible).
 */
static inline bool vma_adjacent(const struct vm_area_struct *lo, const struct vm_area_struct *hi)
{
	return lo->vm_end == hi->vm_start && lo->vm_pgoff + vma_pages(lo) == hi->vm_pgoff;
}

/* A VMA not yet linked anywhere: no avcs of its own (mm/rmap.c's field, CONFIG_SWAP only). */
#if IS_ENABLED(CONFIG_SWAP)
static inline void vma_clear_anon_chain(struct vm_area_struct *vma)
{
	vma->anon_chain = NULL;
}
#else
static inline void vma_clear_anon_chain(struct vm_area_struct *vma) { (void)vma; }
#endif

/* [start, start + len) page-aligned, non-empty, inside [0, TASK_SIZE). */
static inline int check_range(unsigned long start, unsigned long len, unsigned long *end)
{
	if (!IS_ALIGNED(start, PAGE_SIZE) || !len || len > TASK_SIZE || start >= TASK_SIZE)
		return -EINVAL;
	len = ALIGN(len, PAGE_SIZE);
	if (len > TASK_SIZE - start)
		return -EINVAL;
	*end = start + len;
	return 0;
}

/* ------------------------------------------------------------ the set (mm/vma.c) */

/* The VMA that holds addr - 1, and the one that holds addr or starts right at it. */
struct vm_area_struct *vma_below(const struct mm_struct *mm, unsigned long addr);
struct vm_area_struct *vma_from(const struct mm_struct *mm, unsigned long addr);
bool range_is_free(const struct mm_struct *mm, unsigned long start, unsigned long end);
/* Put vma in mm's tree by vm_start; the counts are the caller's. */
void tree_insert(struct mm_struct *mm, struct vm_area_struct *vma);
/* Every change of a linked VMA's start, end or pgoff. */
void vma_set_range(struct vm_area_struct *vma, unsigned long start, unsigned long end,
		   unsigned long pgoff);
void vma_init_links(struct vm_area_struct *vma);
void vma_copy(struct vm_area_struct *dst, const struct vm_area_struct *src);

/* lo and hi would behave as one VMA; hi merging into lo; every such pair from v up to end. */
bool can_merge(const struct vm_area_struct *lo, const struct vm_area_struct *hi);
void merge_into(struct vm_area_struct *lo, struct vm_area_struct *hi);
void merge_from(struct vm_area_struct *v, unsigned long end);

/* ------------------------------------------------------------ reserve and plans (mm/vma.c) */

#define VMA_RESERVE_MAX	2	/* the most VMAs any one operation needs */
#define VMA_RECLAIM_TRIES	16	/* reclaim-and-retry rounds before -ENOMEM */

/* What an operation's commit will take from its reserve: new VMAs, and avcs to clone chains into them. */
struct vma_needs {
	int vmas;
	u32 avcs;
};

struct vma_reserve {
	struct vm_area_struct *vma[VMA_RESERVE_MAX];
	int n;
	struct rmap_reserve avcs;
};

/* A copy of v (a split, a new VMA like proto) takes a VMA, which joins every anon_vma v is in. */
static inline void need_copy_of(struct vma_needs *n, const struct vm_area_struct *v)
{
	n->vmas++;
	n->avcs += anon_vma_chain_len(v);
}
/*
 * Allocate what n counts, reclaiming and retrying when memory is short.
 * 0 or -ENOMEM.  Reclaim may sleep here, and only here: on success an
 * update begins (mm_update_begin, <anvil/mm_sleep.h>) that
 * finish_reserve or cancel_reserve ends, so the commit between cannot sleep.
 */
int reserve_vmas(struct vma_reserve *r, const struct vma_needs *n);
void release_reserve(struct vma_reserve *r);
/* After a commit: under DEBUG_VM, stop if the plan over-counted; free what is left. */
void finish_reserve(struct vma_reserve *r);
/* Give a successful reservation back without a commit (its update ends). */
void cancel_reserve(struct vma_reserve *r);

/* vma keeps [vm_start, addr); a reserved new one becomes [addr, vm_end), and is returned. */
struct vm_area_struct *split_vma(struct vm_area_struct *vma, unsigned long addr,
				 struct vma_reserve *r);

/* Cutting [start, end) out of the set, decided by plan_cut and done by cut_range. */
struct cut_plan {
	struct vm_area_struct *first;	/* find_vma(start): the lowest VMA the cut may touch */
	bool split;			/* first holds [start, end) strictly inside: it splits */
};

void plan_cut(const struct mm_struct *mm, unsigned long start, unsigned long end,
	      struct cut_plan *c, struct vma_needs *n);
void cut_range(const struct cut_plan *c, unsigned long start, unsigned long end,
	       struct vma_reserve *r);

/*
 * Installing proto's range [vm_start, vm_end) with its flags and pgoff,
 * over whatever is there, decided once by plan_map and done by map_commit.
 */
enum map_how {
	MAP_ALREADY,	/* the VMA holding the range already maps it the same way: no change */
	MAP_GROW_BELOW,	/* the VMA ending at vm_start grows over the range */
	MAP_GROW_ABOVE,	/* the VMA starting at vm_end grows down over it */
	MAP_NEW,	/* a new VMA from the reserve */
};

struct map_plan {
	struct vma_needs needs;
	struct cut_plan cut;		/* what was there goes first */
	enum map_how how;
	bool join_above;		/* MAP_GROW_BELOW, and then above merges into below too */
	struct vm_area_struct *below, *above;	/* hold vm_start - 1, and vm_end or start there */
};

void plan_map(const struct mm_struct *mm, const struct vm_area_struct *proto, struct map_plan *p);
void map_commit(struct mm_struct *mm, const struct map_plan *p,
		const struct vm_area_struct *proto, struct vma_reserve *r);

/* mmap's and brk's range with fresh pages, and munmap's: plan, reserve, commit.  0 or -ENOMEM. */
int map_range(struct mm_struct *mm, const struct vm_area_struct *proto);
int unmap_range(struct mm_struct *mm, unsigned long start, unsigned long end);

#endif
