// SPDX-License-Identifier: GPL-2.0-only
/*
 * User loads and stores for the host tests (see user_mem.h), shared by
 * test_rmap.c and test_reclaim.c.  Touches only PTEs through the
 * page-table API and faults through handle_mm_fault.
 */
#include <anvil/fault.h>
#include <anvil/pgtable.h>
#include "test.h"
#include "user_mem.h"

struct page *user_page(struct mm_struct *mm, unsigned long addr)
{
	pte_t pte = get_pte(&mm->pgtable, addr);

	return pte_present(pte) ? pfn_to_page(pte_pfn(pte)) : NULL;
}

/*
 * Fault until the access can go through, as the CPU retries it.  A
 * swapped-out shared page comes back read-only and a second fault copies
 * it; under memory pressure the direct reclaim of one fault may swap the
 * very page out again, so a few more rounds are normal.  A fault that
 * never lets the access through is a livelock: FAULT_ROUNDS catches it.
 */
#define FAULT_ROUNDS	16

int user_write(struct mm_struct *mm, unsigned long addr, u32 word)
{
	pte_t pte = get_pte(&mm->pgtable, addr);
	int err;

	for (int tries = 0; !pte_present(pte) || !pte_write(pte); tries++) {
		ASSERT_TRUE(tries < FAULT_ROUNDS);
		err = handle_mm_fault(mm, addr, FAULT_WRITE | FAULT_USER);
		if (err)
			return err;
		pte = get_pte(&mm->pgtable, addr);
	}
	*(u32 *)page_address(pfn_to_page(pte_pfn(pte))) = word;
	return 0;
}

int user_read(struct mm_struct *mm, unsigned long addr, u32 *word)
{
	pte_t pte = get_pte(&mm->pgtable, addr);
	int err;

	for (int tries = 0; !pte_present(pte) || !pte_young(pte); tries++) {
		ASSERT_TRUE(tries < FAULT_ROUNDS);
		err = handle_mm_fault(mm, addr, FAULT_USER);
		if (err)
			return err;
		pte = get_pte(&mm->pgtable, addr);
	}
	*word = *(u32 *)page_address(pfn_to_page(pte_pfn(pte)));
	return 0;
}
