/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Whole-page clear and copy (arch/arm/lib/page.S): multi-register stores
 * and loads, for the fault paths (a fresh anonymous page, copy on write).
 * Both pointers word aligned (page aligned at every caller); exactly
 * PAGE_SIZE bytes are written; the pages of copy_page do not overlap.
 * The host tests' <asm/page.h> has portable C versions of the same pair.
 */
#ifndef ASM_PAGE_H
#define ASM_PAGE_H

#include <asm/memory.h>

void clear_page(void *page);
void copy_page(void *to, const void *from);

#endif
