// SPDX-License-Identifier: GPL-2.0-only
/*
 * What every page-table backend shares (<anvil/pgtable.h>): table pages
 * come from the page allocator under PAGE_USE_PGTABLE, so the accounting
 * counts them, and are counted per address space in pt->nr_pages; and the
 * CONFIG_DEBUG_VM check that a table about to be freed maps nothing, and
 * the emptiness test of pgtable_free_empty.  The table formats are the
 * backends' own.
 */
#include <anvil/kernel.h>
#include <anvil/mm.h>
#include <anvil/pgtable.h>
#include <anvil/string.h>

void *pgtable_alloc_pages(struct pgtable *pt, unsigned int order)
{
	void *p = get_free_pages(PAGE_USE_PGTABLE, order);

	if (p) {
		memset(p, 0, PAGE_SIZE << order);	/* a new table maps nothing */
		pt->nr_pages += 1u << order;
	}
	return p;
}

void pgtable_free_pages(struct pgtable *pt, void *p, unsigned int order)
{
	free_pages(p, order);
	pt->nr_pages -= 1u << order;
}

/*
 * A PTE left behind at teardown leaks its page (present) or its swap slot
 * (swap entry): whoever unmapped the range forgot it.  n PTEs from va.
 */
void pgtable_check_clear(const pte_t *ptes, unsigned int n, u32 va)
{
	if (!IS_ENABLED(CONFIG_DEBUG_VM))
		return;
	for (unsigned int i = 0; i < n; i++) {
		if (pte_present(ptes[i]))
			panic("pgtable: present PTE %08x at %08x when the table is freed",
			      ptes[i], va + (i << PTE_PFN_SHIFT));
		if (!pte_none(ptes[i]))		/* a swap entry, or garbage */
			panic("pgtable: swap PTE %08x at %08x when the table is freed",
			      ptes[i], va + (i << PTE_PFN_SHIFT));
	}
}

bool pgtable_ptes_none(const pte_t *ptes, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		if (!pte_none(ptes[i]))
			return false;
	return true;
}
