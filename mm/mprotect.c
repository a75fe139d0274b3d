// SPDX-License-Identifier: GPL-2.0-only
/*
 * mprotect: new access flags for every VMA of a range, all or nothing
 * (<anvil/vma.h>).  One plan (plan_mprotect) decides which VMAs the range
 * starts and ends in and which of them split; the commit follows it.
 *
 * Owns: the decision which VMAs change.  Must not touch: PTEs other than
 * through mm/memory.c's vma_change_protection, a VMA's range or links
 * other than through mm/vma.c (split_vma, merge_from).
 */
#include <anvil/vma.h>
#include "vma.h"

/* mprotect of [start, end) to flags, decided by plan_mprotect. */
struct mprotect_plan {
	struct vma_needs needs;
	struct vm_area_struct *first, *last;	/* the VMAs holding start and end - 1 */
	bool split_first, split_last;		/* they change and reach out of the range */
};

/*
 * Every byte of [start, end) must be in some VMA (else -ENOMEM, as
 * Linux).  A VMA partly inside the range needs a split at each edge it
 * crosses, if it changes.
 */
static int plan_mprotect(const struct mm_struct *mm, unsigned long start, unsigned long end,
			 unsigned long flags, struct mprotect_plan *p)
{
	struct vm_area_struct *v = find_vma(mm, start), *next;

	if (!v || v->vm_start > start)
		return -ENOMEM;
	p->first = v;
	while (v->vm_end < end) {
		next = vma_next(v);
		if (!next || next->vm_start != v->vm_end)
			return -ENOMEM;
		v = next;
	}
	p->last = v;
	p->needs = (struct vma_needs){ 0 };
	p->split_first = p->first->vm_start < start && p->first->vm_flags != flags;
	p->split_last = v->vm_end > end && v->vm_flags != flags;
	if (p->split_first)
		need_copy_of(&p->needs, p->first);
	if (p->split_last)
		need_copy_of(&p->needs, v);
	return 0;
}

int do_mprotect(struct mm_struct *mm, unsigned long start, unsigned long len,
		unsigned long prot)
{
	struct vm_area_struct *v, *first, *last, *from;
	struct mprotect_plan plan;
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
	err = plan_mprotect(mm, start, end, prot, &plan);
	if (err)
		return err;
	err = reserve_vmas(&r, &plan.needs);
	if (err)
		return err;
	/* Merges to try start from the VMA holding start - 1: a split's lower piece, or first's neighbour. */
	from = first = plan.first;
	last = plan.last;
	if (plan.split_first) {
		v = split_vma(first, start, &r);
		if (last == first)
			last = v;
		first = v;
	} else if (first->vm_start == start && (v = vma_prev(first))) {
		from = v;
	}
	if (plan.split_last)
		split_vma(last, end, &r);
	for (v = first;; v = vma_next(v)) {
		if (v->vm_flags != prot) {
			v->vm_flags = prot;
			vma_change_protection(mm, v->vm_start, v->vm_end, prot);
		}
		if (v == last)
			break;
	}
	merge_from(from, end);
	finish_reserve(&r);
	return 0;
}
