// SPDX-License-Identifier: GPL-2.0-only
/*
 * The VMA checker (vma_check, <anvil/vma.h>): every address space's set
 * is sorted, non-overlapping, inside user space, merged wherever two
 * VMAs could be (mm/vma.c's can_merge), and its counts are right.  The
 * host tests call it after every step; the kernel under CONFIG_DEBUG_VM.
 *
 * Reads VMAs only; changes nothing.
 */
#include <anvil/vma.h>
#include "vma.h"

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
