// SPDX-License-Identifier: GPL-2.0-only
/*
 * The page-table API (<anvil/pgtable.h>) for the host tests, in plain C:
 * two levels shaped like the ARM tables, so mm/ code runs unchanged under
 * ASan and UBSan and sees the same table counts.  Tables come from the
 * table allocator (mm/pgtable.c: 1 KiB tables are fragments, four to a
 * page), so the tests see them in the accounting and catch leaks.  There
 * is no TLB: a flush only counts, and "switching" only records the active
 * table.  PTEs are stored as they are: the canonical states of
 * <anvil/pgtable.h> are kept by its helpers on every backend.
 *
 *	dir: TASK_SIZE / 1 MiB pointers
 *	     -> a 1 KiB table of 256 pte_t per MiB
 */
#include <anvil/kernel.h>
#include <anvil/errno.h>
#include <anvil/pgtable.h>
#include <anvil/string.h>
#include <asm/memory.h>

#define PTES_PER_TABLE	256u
#define TABLE_SIZE	(PTES_PER_TABLE * sizeof(pte_t))		/* 1 KiB */
#define SPAN		(PTES_PER_TABLE * PAGE_SIZE)			/* 1 MiB */
#define DIR_ENTRIES	(TASK_SIZE / SPAN)
#define DIR_SIZE	(DIR_ENTRIES * sizeof(pte_t *))

BUILD_BUG_ON(PTE_PFN_SHIFT != PAGE_SHIFT);
BUILD_BUG_ON(DIR_SIZE & (DIR_SIZE - 1));

u32 host_tlb_flushes;
u32 host_tlb_mm_flushes;
u32 host_get_pte_calls;
struct pgtable *host_active_pgtable;
static u32 next_asid = 1;

int pgtable_init(struct pgtable *pt)
{
	struct pgtable new = { 0 };

	new.dir = pgtable_alloc(&new, DIR_SIZE);
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
		for (u32 j = 0; j < PTES_PER_TABLE; j++)
			pgtable_check_clear(pt->dir[i][j], i * SPAN + j * PAGE_SIZE);
		pgtable_free(pt, pt->dir[i], TABLE_SIZE);
	}
	pgtable_free(pt, pt->dir, DIR_SIZE);
	pt->dir = NULL;
	BUG_ON(pt->nr_bytes);
}

static pte_t *pte_slot(struct pgtable *pt, u32 va)
{
	pte_t *table = va < TASK_SIZE ? pt->dir[va / SPAN] : NULL;

	return table ? &table[(va / PAGE_SIZE) % PTES_PER_TABLE] : NULL;
}

static pte_t *pte_slot_alloc(struct pgtable *pt, u32 va)
{
	pte_t *slot = pte_slot(pt, va), *table;

	if (slot)
		return slot;
	table = pgtable_alloc(pt, TABLE_SIZE);
	if (!table)
		return NULL;
	pt->dir[va / SPAN] = table;
	return pte_slot(pt, va);
}

int set_pte(struct pgtable *pt, u32 va, pte_t pte)
{
	pte_t *slot;

	BUG_ON(va >= TASK_SIZE);
	BUG_ON(pte_is_swap(pte) && pte_to_swp_entry(pte).val >= SWP_ENTRY_LIMIT);
	slot = pte ? pte_slot_alloc(pt, va) : pte_slot(pt, va);
	if (!slot)
		return pte ? -ENOMEM : 0;
	*slot = pte;
	flush_tlb_page(pt, va);
	return 0;
}

pte_t get_pte(struct pgtable *pt, u32 va)
{
	pte_t *slot = pte_slot(pt, va);

	host_get_pte_calls++;
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

pte_entry_t *pgtable_next_entries(struct pgtable *pt, u32 *va, u32 end)
{
	u32 a = pgtable_next_mapped(pt, *va, end);

	if (a >= end || a >= TASK_SIZE)
		return NULL;
	*va = a;
	return pte_slot(pt, a);
}

pte_entry_t *pgtable_entries_alloc(struct pgtable *pt, u32 va)
{
	BUG_ON(va >= TASK_SIZE);
	return pte_slot_alloc(pt, va);
}

u32 pgtable_next_mapped(struct pgtable *pt, u32 va, u32 end)
{
	end = end < TASK_SIZE ? end : TASK_SIZE;
	while (va < end && !pt->dir[va / SPAN])
		va = (va / SPAN + 1) * SPAN;
	return va < end ? va : end;
}

u32 pgtable_free_empty(struct pgtable *pt, u32 start, u32 end)
{
	u32 freed = 0;

	end = end < TASK_SIZE ? end : TASK_SIZE;
	for (u32 i = start / SPAN; start < end && i * SPAN < end; i++) {
		if (!pt->dir[i] || !pgtable_ptes_none(pt->dir[i], PTES_PER_TABLE))
			continue;
		pgtable_free(pt, pt->dir[i], TABLE_SIZE);
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

void flush_tlb_mm(struct pgtable *pt)
{
	(void)pt;
	host_tlb_mm_flushes++;
}

void switch_pgtable(struct pgtable *pt)
{
	if (pt && !pt->asid)
		pt->asid = next_asid++;
	host_active_pgtable = pt;
}
