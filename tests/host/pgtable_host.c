// SPDX-License-Identifier: GPL-2.0-only
/*
 * The page-table API (<anvil/pgtable.h>) for the host tests, in plain C:
 * two levels, like the ARM tables, so mm/ code runs unchanged under ASan
 * and UBSan.  Tables come from the page allocator (mm/pgtable.c), so the
 * tests see them in the accounting and catch leaks.  There is no TLB: a
 * flush only counts, and "switching" only records the active table.
 *
 *	dir: one page, TASK_SIZE / 4 MiB pointers (256 or 512)
 *	     -> one page of 1024 pte_t per 4 MiB
 */
#include <anvil/kernel.h>
#include <anvil/errno.h>
#include <anvil/pgtable.h>
#include <anvil/string.h>
#include <asm/memory.h>

#define PTES_PER_PAGE	(PAGE_SIZE / sizeof(pte_t))		/* 1024 */
#define SPAN		(PTES_PER_PAGE * PAGE_SIZE)		/* 4 MiB */
#define DIR_ENTRIES	(TASK_SIZE / SPAN)

BUILD_BUG_ON(DIR_ENTRIES * sizeof(pte_t *) > PAGE_SIZE);
BUILD_BUG_ON(PTE_PFN_SHIFT != PAGE_SHIFT);

u32 host_tlb_flushes;
struct pgtable *host_active_pgtable;
static u32 next_asid = 1;

int pgtable_init(struct pgtable *pt)
{
	struct pgtable new = { 0 };

	new.dir = pgtable_alloc_pages(&new, 0);
	if (!new.dir)
		return -ENOMEM;
	*pt = new;
	return 0;
}

void pgtable_destroy(struct pgtable *pt)
{
	if (host_active_pgtable == pt)
		switch_pgtable(NULL);
	for (u32 i = 0; i < DIR_ENTRIES; i++) {
		if (!pt->dir[i])
			continue;
		pgtable_check_clear(pt->dir[i], PTES_PER_PAGE, i * SPAN);
		pgtable_free_pages(pt, pt->dir[i], 0);
	}
	pgtable_free_pages(pt, pt->dir, 0);
	pt->dir = NULL;
	BUG_ON(pt->nr_pages);
}

static pte_t *pte_slot(struct pgtable *pt, u32 va)
{
	pte_t *table = va < TASK_SIZE ? pt->dir[va / SPAN] : NULL;

	return table ? &table[(va / PAGE_SIZE) % PTES_PER_PAGE] : NULL;
}

int set_pte(struct pgtable *pt, u32 va, pte_t pte)
{
	pte_t *slot;

	BUG_ON(va >= TASK_SIZE);
	slot = pte_slot(pt, va);
	if (!slot) {
		pte_t *table;

		if (!pte)
			return 0;
		table = pgtable_alloc_pages(pt, 0);
		if (!table)
			return -ENOMEM;
		pt->dir[va / SPAN] = table;
		slot = pte_slot(pt, va);
	}
	*slot = pte;
	flush_tlb_page(pt, va);
	return 0;
}

pte_t get_pte(struct pgtable *pt, u32 va)
{
	pte_t *slot = pte_slot(pt, va);

	return slot ? *slot : 0;
}

void clear_pte(struct pgtable *pt, u32 va)
{
	pte_t *slot = pte_slot(pt, va);

	if (slot) {
		*slot = 0;
		flush_tlb_page(pt, va);
	}
}

u32 pgtable_free_empty(struct pgtable *pt, u32 start, u32 end)
{
	u32 freed = 0;

	end = end < TASK_SIZE ? end : TASK_SIZE;
	for (u32 i = start / SPAN; start < end && i * SPAN < end; i++) {
		if (!pt->dir[i] || !pgtable_ptes_none(pt->dir[i], PTES_PER_PAGE))
			continue;
		pgtable_free_pages(pt, pt->dir[i], 0);
		pt->dir[i] = NULL;
		flush_tlb_page(pt, i * SPAN);
		freed++;
	}
	return freed;
}

void flush_tlb_page(struct pgtable *pt, u32 va)
{
	(void)pt;
	(void)va;
	host_tlb_flushes++;
}

void switch_pgtable(struct pgtable *pt)
{
	if (pt && !pt->asid)
		pt->asid = next_asid++;
	host_active_pgtable = pt;
}
