// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmap, munmap and brk, and get_unmapped_area: the calls check their
 * arguments and choose the range; mapping and unmapping it (plan,
 * reserve, commit) is mm/vma.c's map_range and unmap_range.  The contract
 * is <anvil/vma.h>.
 *
 * Owns: where a new mapping goes (the hint, else top down from
 * mm->mmap_base; never below USER_BASE, as Linux's mmap_min_addr) and
 * mm->brk.  Must not touch: a VMA's range or links other than through
 * mm/vma.c, PTEs other than through mm/memory.c's calls.
 */
#include <anvil/vma.h>
#include "vma.h"

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
	unsigned long end;
	int err;

	err = check_range(start, len, &end);
	if (err)
		return err;
	return unmap_range(mm, start, end);
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
