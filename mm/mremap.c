// SPDX-License-Identifier: GPL-2.0-only
/*
 * mremap: shrink a range (the tail is unmapped), grow it in place, or move
 * it with its pages to a free range (<anvil/vma.h>).  Pages keep their
 * indices when they move, so the moved VMA's vm_pgoff is the old index
 * of its first page (Documentation/mm/design.md).
 *
 * Owns: the choice between those three.  Must not touch: PTEs other than
 * through mm/memory.c's vma_move_pages, a VMA's range or links other than
 * through mm/vma.c.
 */
#include <anvil/vma.h>
#include <anvil/reclaim.h>
#include "vma.h"

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
	struct vma_needs needs = { 0 };
	struct vm_area_struct proto;
	struct map_plan dest;
	struct cut_plan cut;
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
	plan_map(mm, &proto, &dest);	/* the range is free: no cut, one VMA at most */
	relink = whole && dest.how == MAP_NEW;
	plan_cut(mm, addr, addr + old_len, &cut, &needs);
	if (!relink) {
		needs.vmas += dest.needs.vmas;
		needs.avcs += dest.needs.avcs;
	}
	for (int tries = 0;; tries++) {
		err = reserve_vmas(&r, &needs);
		if (err)
			return err;
		err = vma_move_pages(mm, addr, to, old_len);	/* page tables: may be short too */
		if (!err)
			break;
		cancel_reserve(&r);
		if (err != -ENOMEM || tries >= VMA_RECLAIM_TRIES || !reclaim_retry())
			return err;
	}
	if (relink) {
		rb_erase(&mm->mm_rb, &vma->vm_rb, NULL);
		vma_set_range(vma, to, to + new_len, vma->vm_pgoff);
		tree_insert(mm, vma);
	} else {
		/* The destination never merges with vma: its indices lie inside vma's. */
		map_commit(mm, &dest, &proto, &r);
		cut_range(&cut, addr, addr + old_len, &r);
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
