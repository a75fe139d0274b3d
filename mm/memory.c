// SPDX-License-Identifier: GPL-2.0-only
/*
 * The page side of VMA changes: what happens to the PTEs, and the pages
 * they map, when the VMA layer unmaps, reprotects or moves a range.  It owns
 * those three walks (declared in <anvil/vma.h>) and nothing else: it never
 * looks at or changes a VMA, and it reaches the tables only through the
 * page-table API.
 *
 * The rules it keeps:
 *  - a present PTE holds one reference and one map count on its page
 *    (taken by the fault handler or by fork), dropped here on unmap;
 *  - write permission is never granted here: only the write fault may
 *    make an anonymous PTE writable, after copy-on-write if the page is
 *    shared (mm/fault.c);
 *  - moving PTEs keeps each page's index (the VMA's pgoff moves with
 *    them), so the reverse map needs no update.
 * A swap entry gives back its slot reference where unmap_pte clears it.
 * None of the walks sleeps: each is one update (mm_update_begin/end,
 * <anvil/mm_sleep.h>), done by the task that owns mm.
 */
#include <anvil/kernel.h>
#include <anvil/errno.h>
#include <anvil/mm.h>
#include <anvil/mm_sleep.h>
#include "reclaim_internal.h"
#include <anvil/rmap.h>
#include <anvil/vma.h>

/*
 * Clear the entry e of addr, which maps something.  The loops below walk
 * each table with a pointer: this is exit's and munmap's per-page work.
 */
static void unmap_entry(struct pgtable *pt, pte_entry_t *e, unsigned long addr)
{
	pte_t pte = pte_entry_get(e);
	struct page *page;

	pte_entry_set(e, 0);
	if (!pte_present(pte)) {
		free_swap_and_cache(pte_to_swp_entry(pte));	/* a swap entry */
		return;
	}
	if (pte_hw_valid(pte))
		flush_tlb_page(pt, addr);	/* before the page may be freed */
	page = pfn_to_page(pte_pfn(pte));
	page_remove_rmap(page);
	put_page(page);
}

/* How many PTEs it cleared. */
static u32 unmap_ptes(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	u32 cleared = 0;
	pte_entry_t *e;

	mm_update_begin();
	for_each_pgtable_span(&mm->pgtable, e, addr, next, start, end) {
		for (; addr < next; addr += PAGE_SIZE, e++) {
			if (pte_entry_none(*e))
				continue;
			unmap_entry(&mm->pgtable, e, addr);
			cleared++;
		}
	}
	mm_update_end();
	return cleared;
}

void vma_unmap_pages_keep_tables(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	unmap_ptes(mm, start, end);
}

/*
 * Every path that clears PTEs frees the tables it leaves empty, so a
 * range where nothing was cleared left no table empty: the search for
 * empty tables (a look at every PTE of each table) is skipped then, as in
 * munmap of pages never touched.
 */
void vma_unmap_pages(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	if (unmap_ptes(mm, start, end))
		pgtable_free_empty(&mm->pgtable, start, end);
}

void vma_change_protection(struct mm_struct *mm, unsigned long start, unsigned long end,
			   unsigned long vm_flags)
{
	struct pgtable *pt = &mm->pgtable;

	mm_update_begin();
	for_each_mapped_page(pt, addr, start, end) {
		pte_t pte = get_pte(pt, addr);

		if (!pte_present(pte))
			continue;
		/* Write kept only where it was and still may be.  The table is there: set_pte cannot fail. */
		BUG_ON(set_pte(pt, addr, pte_modify(pte, vm_pte_prot(vm_flags, pte_write(pte)))));
	}
	mm_update_end();
}

/* Put back the first done bytes of a move that could not finish. */
static void unmove_pages(struct pgtable *pt, unsigned long old, unsigned long new,
			 unsigned long done)
{
	for_each_mapped_page(pt, addr, new, new + done) {
		unsigned long off = addr - new;
		pte_t pte = get_pte(pt, addr);

		if (pte_none(pte))
			continue;
		/* The old range's tables are still there: clear_pte frees none. */
		BUG_ON(set_pte(pt, old + off, pte));
		clear_pte(pt, addr);
	}
}

/*
 * The one page step of a VMA change that can fail: the new range may need
 * tables.  On failure it puts every PTE back and frees the tables it
 * allocated that are left empty; on success, the old range's empty ones.
 */
int vma_move_pages(struct mm_struct *mm, unsigned long old, unsigned long new,
		   unsigned long len)
{
	struct pgtable *pt = &mm->pgtable;

	mm_update_begin();
	for_each_mapped_page(pt, addr, old, old + len) {
		unsigned long off = addr - old;
		pte_t pte = get_pte(pt, addr);

		if (pte_none(pte))
			continue;
		if (set_pte(pt, new + off, pte)) {
			unmove_pages(pt, old, new, off);
			pgtable_free_empty(pt, new, new + len);
			mm_update_end();
			return -ENOMEM;
		}
		clear_pte(pt, addr);
	}
	pgtable_free_empty(pt, old, old + len);
	mm_update_end();
	return 0;
}
