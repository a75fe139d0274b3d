// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copying an address space for fork.  The child gets a copy of every VMA
 * and maps every present page of the parent read-only; the parent's PTEs
 * lose their write bit last, in a pass that cannot fail, so an -ENOMEM
 * leaves the parent exactly as it was (all-or-nothing, as every mm/ call).
 *
 * The child's copies are old, as in Linux's copy_present_pte: they get a
 * hardware entry only when the child touches them (a minor fault sets
 * young), so a child that touches few pages before exec or exit costs no
 * hardware entry and no TLB flush for the rest, and reclaim's aging sees
 * which pages the child really uses.
 */
#include <anvil/kernel.h>
#include <anvil/errno.h>
#include <anvil/fault.h>
#include <anvil/mm.h>
#include <anvil/pgtable.h>
#include "reclaim_internal.h"
#include <anvil/rmap.h>
#include <anvil/vma.h>

static int copy_ptes(struct mm_struct *dst, struct mm_struct *src,
		     const struct vm_area_struct *vma)
{
	for_each_mapped_page(&src->pgtable, addr, vma->vm_start, vma->vm_end) {
		pte_t pte = get_pte(&src->pgtable, addr);
		struct page *page;
		int err;

		if (pte_is_swap(pte)) {
			/* The child holds the slot too: one more reference. */
			err = swap_pte_dup(pte_to_swp_entry(pte));
			if (!err && set_pte(&dst->pgtable, addr, pte)) {
				swap_free(pte_to_swp_entry(pte));
				err = -ENOMEM;
			}
			if (err)
				return err;
			continue;
		}
		if (!pte_present(pte))
			continue;
		err = set_pte(&dst->pgtable, addr, pte_mkold(pte_wrprotect(pte)));
		if (err)
			return err;
		page = pfn_to_page(pte_pfn(pte));
		get_page(page);
		page_dup_rmap(page);
	}
	return 0;
}

static void wrprotect_ptes(struct mm_struct *mm, const struct vm_area_struct *vma)
{
	for_each_mapped_page(&mm->pgtable, addr, vma->vm_start, vma->vm_end) {
		pte_t pte = get_pte(&mm->pgtable, addr);

		if (pte_present(pte) && pte_write(pte))
			set_pte(&mm->pgtable, addr, pte_wrprotect(pte));
	}
}

int dup_mm(struct mm_struct *dst, struct mm_struct *src)
{
	struct vm_area_struct *vma;

	for_each_vma(src, vma) {
		struct vm_area_struct *copy = vm_area_dup(vma);
		int err;

		if (!copy) {
			exit_mmap(dst);
			return -ENOMEM;
		}
		err = anon_vma_fork(copy, vma);
		if (err) {
			vm_area_free(copy);
			exit_mmap(dst);
			return err;
		}
		copy->vm_mm = dst;
		vma_link(dst, copy);
		err = copy_ptes(dst, src, vma);
		if (err) {
			exit_mmap(dst);
			return err;
		}
	}
	dst->start_brk = src->start_brk;
	dst->brk = src->brk;
	dst->mmap_base = src->mmap_base;
	for_each_vma(src, vma)
		wrprotect_ptes(src, vma);
	return 0;
}
