// SPDX-License-Identifier: GPL-2.0-only
/*
 * The user page-fault handler: demand-zero pages, copy-on-write, and the
 * accessed-bit emulation the page-table API asks for (a present PTE that
 * is not young traps on first access).
 * It owns the rule that anonymous PTEs become writable only here.
 * It does not decide what happens to a process it cannot help: the caller
 * (the architecture's abort handler) kills it or applies a fixup.
 *
 * Sleeps (<anvil/mm_sleep.h>): a swap-in's read or its wait on a locked
 * page (do_swap_page), and reclaim_retry between two tries; never inside
 * the update of a PTE and its page's rmap, which is bracketed by
 * mm_update_begin/end and checked under CONFIG_DEBUG_VM.  Only the task
 * that owns mm faults on it, so a VMA found before a sleep is still there.
 */
#include <anvil/kernel.h>
#include <anvil/errno.h>
#include <anvil/fault.h>
#include <anvil/mm.h>
#include <anvil/mm_sleep.h>
#include <anvil/pgtable.h>
#include "reclaim_internal.h"
#include <anvil/rmap.h>
#include <anvil/vma.h>

struct fault_stats fault_stats;

/*
 * All-or-nothing like every mm/ operation: the page, the VMA's first
 * anon_vma and the page table come in that order, and a failure gives
 * back what the earlier steps took.
 */
static int fault_zero_page(struct mm_struct *mm, struct vm_area_struct *vma,
			   unsigned long addr, bool write)
{
	struct page *page = alloc_page(PAGE_USE_ANON);
	u32 prot = vm_pte_prot(vma->vm_flags, write) | PTE_YOUNG;
	bool had_anon_vma = vma_has_anon_vma(vma);
	int err;

	if (!page)
		return -ENOMEM;
	err = anon_vma_prepare(vma);
	if (err)
		goto out_page;
	clear_page(page_address(page));
	err = set_pte(&mm->pgtable, addr, mk_pte(page_to_pfn(page), prot));
	if (err)
		goto out_anon_vma;
	page_add_new_anon_rmap(page, vma, addr);
	lru_add(page);
	fault_stats.zero_fills++;
	return 0;

out_anon_vma:
	if (!had_anon_vma)
		unlink_anon_vmas(vma);
out_page:
	put_page(page);
	return err;
}

/*
 * A write to a present read-only PTE of a writable VMA: copy, or take over.
 * An image page (<anvil/mm.h>: program text or data from the initramfs)
 * is never taken over, as the image's own reference keeps its count above
 * one, and may be the VMA's first anonymous page: the anon_vma comes
 * after the new page, and its failure gives the page back.
 */
static int fault_cow(struct mm_struct *mm, struct vm_area_struct *vma,
		     unsigned long addr, pte_t pte)
{
	struct page *old = pfn_to_page(pte_pfn(pte)), *new;
	u32 prot = vm_pte_prot(vma->vm_flags, true) | PTE_YOUNG;
	int err;

	if (page_count(old) == 1) {
		page_move_anon_rmap(old, vma);
		fault_stats.cow_reuses++;
		return set_pte(&mm->pgtable, addr, mk_pte(pte_pfn(pte), prot));
	}
	new = alloc_page(PAGE_USE_ANON);
	if (!new)
		return -ENOMEM;
	err = vma_has_anon_vma(vma) ? 0 : anon_vma_prepare(vma);	/* inline: the usual case */
	if (err) {
		put_page(new);
		return err;
	}
	copy_page(page_address(new), page_address(old));
	/* The PTE exists, so set_pte allocates nothing and cannot fail. */
	set_pte(&mm->pgtable, addr, mk_pte(page_to_pfn(new), prot));
	page_add_new_anon_rmap(new, vma, addr);
	lru_add(new);
	page_remove_rmap(old);
	put_page(old);
	fault_stats.cow_copies++;
	return 0;
}

static int __handle_mm_fault(struct mm_struct *mm, unsigned long addr, unsigned int flags)
{
	struct vm_area_struct *vma = find_vma(mm, addr);
	bool write = flags & FAULT_WRITE;
	pte_t pte;
	int err;

	if (!vma || addr < vma->vm_start)
		return -EFAULT;
	if ((write && !(vma->vm_flags & VM_WRITE)) ||
	    ((flags & FAULT_EXEC) && !(vma->vm_flags & VM_EXEC)) ||
	    !(vma->vm_flags & (VM_READ | VM_WRITE | VM_EXEC)))
		return -EACCES;

	addr &= PAGE_MASK;
	pte = get_pte(&mm->pgtable, addr);
	if (pte_is_swap(pte))
		return do_swap_page(mm, vma, addr, pte, write);	/* sleeps, then updates */
	mm_update_begin();
	if (!pte_present(pte)) {
		err = fault_zero_page(mm, vma, addr, write);
	} else if (write && !pte_write(pte)) {
		err = fault_cow(mm, vma, addr, pte);
	} else {
		/* Present and allowed: only the accessed bit was missing. */
		fault_stats.minor++;
		err = set_pte(&mm->pgtable, addr, pte_mkyoung(pte));
	}
	mm_update_end();
	return err;
}

/*
 * Whether the access flags asks for now goes through pte's hardware
 * mapping: present, young and permitted, and for a write writable
 * (see <anvil/pgtable.h>).
 */
static bool pte_allows(pte_t pte, unsigned int flags)
{
	if (!pte_present(pte) || !pte_young(pte) || !pte_prot(pte))
		return false;
	if (flags & FAULT_WRITE)
		return pte_write(pte);
	if (flags & FAULT_EXEC)
		return pte_exec(pte);
	return true;
}

/*
 * Out of memory is first reclaim's business (direct reclaim swaps pages
 * out, then the fault runs again: every step above is all-or-nothing);
 * only when reclaim keeps freeing nothing does the caller see -ENOMEM.
 * Below the low watermark kswapd is woken to free pages ahead of the next
 * faults.
 *
 * A fault that returns 0 must have made progress: the kernel is not
 * preemptive, so an access that faults again and again at the same
 * address, in kernel mode (copy_from_user) above all, would hang the
 * machine.  So the PTE is checked: when it is present it must now allow
 * the access.  Two passes may be needed (a write to a swapped-out page
 * shared with another process reads it back read-only, then copies it),
 * and one more after a swap-in that lost a race (it returns 0 having
 * installed nothing: someone else changed the PTE while it slept); a PTE
 * that still does not allow the access is a bug, reported, and the access
 * fails with -EACCES instead of spinning.  A PTE that is not present any
 * more was unmapped or swapped out by someone else while this fault
 * slept: the access faults again and starts over, which is progress.
 * Direct reclaim starts the count over too: the COW of a page just read
 * back may find memory short, and the reclaim it runs may swap that very
 * page out again, so the next pass reads it back once more.  The reclaim
 * tries bound that loop.
 */
#define FAULT_RECLAIM_TRIES	16
#define FAULT_PASSES		3

int handle_mm_fault(struct mm_struct *mm, unsigned long addr, unsigned int flags)
{
	int err, tries = 0, passes = 0;
	pte_t pte;

	for (;;) {
		err = __handle_mm_fault(mm, addr, flags);
		if (err == -ENOMEM && tries++ < FAULT_RECLAIM_TRIES && reclaim_retry()) {
			passes = 0;	/* reclaim may have taken the page again */
			continue;
		}
		if (err)
			break;
		pte = get_pte(&mm->pgtable, addr & PAGE_MASK);
		if (!pte_present(pte) || pte_allows(pte, flags))
			break;
		if (++passes == FAULT_PASSES) {
			pr_err("fault at 0x%lx (flags %x) left PTE %08x that does not allow it\n",
			       addr, flags, pte);
			err = -EACCES;
			break;
		}
	}
	if (reclaim_below_low_watermark())
		wake_up_kswapd();
	return err;
}
