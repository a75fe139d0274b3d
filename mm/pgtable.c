// SPDX-License-Identifier: GPL-2.0-only
/*
 * What every page-table backend shares (<anvil/pgtable.h>): the table
 * allocator, and the CONFIG_DEBUG_VM check that a table about to be freed
 * maps nothing, and the emptiness test of pgtable_free_empty.  The table
 * formats are the backends' own.
 *
 * The allocator hands out zeroed tables of any power-of-two size from
 * PGTABLE_MIN_SIZE up, aligned to their size (the hardware wants a
 * second-level table at its 1 KiB and a first-level table at its own size).
 * A table of a page or more is a block of the page allocator; a smaller
 * one is a fragment (mm/page_frag.c) of a table page: four 1 KiB tables
 * share a page, the free mask in its struct page.  Every table page is
 * PAGE_USE_PGTABLE.  The counters (pgtable_stats, meminfo's pgtable.*)
 * count fragments in use, pages cut into fragments, and bytes of tables
 * in use.
 */
#include <anvil/kernel.h>
#include <anvil/mm.h>
#include <anvil/page_frag.h>
#include <anvil/pgtable.h>
#include <anvil/string.h>

BUILD_BUG_ON(PGTABLE_MIN_SIZE != FRAG_MIN_SIZE);

struct pgtable_stats pgtable_stats;
static struct frag_pool table_frags;

/* Boot, after mem_init (and each host test, after mem_init started over). */
void pgtable_cache_init(void)
{
	frag_pool_init(&table_frags, PAGE_USE_PGTABLE);
	pgtable_stats = (struct pgtable_stats){ 0 };
}

static unsigned int size_order(u32 size)
{
	unsigned int order = 0;

	BUG_ON(size < PAGE_SIZE || (size & (size - 1)));
	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

void *pgtable_alloc(struct pgtable *pt, u32 size)
{
	void *p;

	if (size < PAGE_SIZE)
		p = frag_alloc(&table_frags, size);
	else
		p = get_free_pages(PAGE_USE_PGTABLE, size_order(size));
	if (!p)
		return NULL;
	memset(p, 0, size);	/* a new table maps nothing */
	pt->nr_bytes += size;
	pgtable_stats.bytes += size;
	pgtable_stats.fragments = table_frags.fragments;
	pgtable_stats.fragment_pages = table_frags.pages;
	return p;
}

void pgtable_free(struct pgtable *pt, void *table, u32 size)
{
	if (size < PAGE_SIZE)
		frag_free(&table_frags, table, size);
	else
		free_pages(table, size_order(size));
	pt->nr_bytes -= size;
	pgtable_stats.bytes -= size;
	pgtable_stats.fragments = table_frags.fragments;
	pgtable_stats.fragment_pages = table_frags.pages;
}

/*
 * A PTE left behind at teardown leaks its page (present) or its swap slot
 * (swap entry): whoever unmapped the range forgot it.
 */
void pgtable_check_clear(pte_t pte, u32 va)
{
	if (!IS_ENABLED(CONFIG_DEBUG_VM))
		return;
	if (pte_present(pte))
		panic("pgtable: present PTE %08x at %08x when the table is freed", pte, va);
	if (!pte_none(pte))		/* a swap entry, or garbage */
		panic("pgtable: swap PTE %08x at %08x when the table is freed", pte, va);
}

bool pgtable_ptes_none(const pte_t *ptes, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		if (!pte_none(ptes[i]))
			return false;
	return true;
}
