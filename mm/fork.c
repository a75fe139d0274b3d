// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copying an address space for fork.  The child gets a copy of every VMA
 * and maps every present page of the parent read-only; the parent's PTEs
 * lose their write bit last, in a pass that cannot fail, so an -ENOMEM
 * leaves the parent exactly as it was (all-or-nothing, as every mm/ call).
 * That pass ends with one TLB flush of the parent's address space, not one
 * per page, and none when no PTE the TLB may hold was writable.
 *
 * Both passes walk each table with a pointer (pgtable_next_entries): the
 * per-page work is a load, a test for an empty entry, and for a present
 * page the child's entry, a reference and a map count.
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

/*
 * One table's entries [s, s + n) into the child's d: the pages gain a
 * reference and a map count, swap slots a reference.  The per-page work,
 * so kept to a pointer walk and no maintenance: the child's entries are
 * old, never in the TLB, and the child has never run.
 */
static int copy_entries(pte_entry_t *d, const pte_entry_t *s, u32 n)
{
	for (u32 i = 0; i < n; i++) {
		pte_t pte;
		struct page *page;

		if (pte_entry_none(s[i]))
			continue;
		pte = pte_entry_get(&s[i]);
		if (unlikely(pte_is_swap(pte))) {
			/* The child holds the slot too: one more reference. */
			if (swap_pte_dup(pte_to_swp_entry(pte)))
				return -ENOMEM;
			pte_entry_set(&d[i], pte);
			continue;
		}
		pte_entry_set(&d[i], pte_mkold(pte_wrprotect(pte)));
		page = pfn_to_page(pte_pfn(pte));
		get_page(page);
		page_dup_rmap(page);
	}
	return 0;
}

static int copy_ptes(struct mm_struct *dst, struct mm_struct *src,
		     const struct vm_area_struct *vma)
{
	pte_entry_t *s, *d;

	for_each_pgtable_span(&src->pgtable, s, addr, next, vma->vm_start, vma->vm_end) {
		int err;

		/* A table for the child only where there is something to copy. */
		while (addr < next && pte_entry_none(*s)) {
			addr += PAGE_SIZE;
			s++;
		}
		if (addr == next)
			continue;
		d = pgtable_entries_alloc(&dst->pgtable, addr);
		if (!d)
			return -ENOMEM;
		err = copy_entries(d, s, (next - addr) >> PAGE_SHIFT);
		if (err)
			return err;
	}
	return 0;
}

/* Whether a PTE the TLB may hold lost its write bit: then flush_tlb_mm. */
static bool wrprotect_ptes(struct mm_struct *mm, const struct vm_area_struct *vma)
{
	bool flush = false;
	pte_entry_t *e;

	for_each_pgtable_span(&mm->pgtable, e, addr, next, vma->vm_start, vma->vm_end) {
		for (u32 n = (next - addr) >> PAGE_SHIFT; n; n--, e++) {
			pte_t pte;

			if (pte_entry_none(*e))
				continue;
			pte = pte_entry_get(e);
			if (pte_present(pte) && pte_write(pte)) {
				pte_entry_set(e, pte_wrprotect(pte));
				flush |= pte_hw_valid(pte);
			}
		}
	}
	return flush;
}

int dup_mm(struct mm_struct *dst, struct mm_struct *src)
{
	struct vm_area_struct *vma;
	bool flush = false;

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
		flush |= wrprotect_ptes(src, vma);
	if (flush)
		flush_tlb_mm(&src->pgtable);
	flush_tlb_mm(&dst->pgtable);	/* the child's tables, seen by the MMU */
	return 0;
}
