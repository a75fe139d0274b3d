// SPDX-License-Identifier: GPL-2.0-only
/*
 * CONFIG_DEBUG_VM's check of where mm/ sleeps (<anvil/mm_sleep.h>): the
 * depth of the VMA, rmap and page-table updates in progress, and the
 * panic when the scheduler is asked to switch away inside one.  Owns the
 * counter only; the brackets are in the files that update.
 */
#include <anvil/kernel.h>
#include <anvil/mm_sleep.h>

u32 mm_update_depth;

void mm_update_end(void)
{
	if (!mm_update_depth)
		panic("mm: mm_update_end without mm_update_begin");
	mm_update_depth--;
}

void mm_may_sleep(void)
{
	if (mm_update_depth)
		panic("mm: sleeping inside a VMA, rmap or page-table update (depth %u)",
		      mm_update_depth);
}
