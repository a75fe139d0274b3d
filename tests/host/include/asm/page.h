/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The host tests' <asm/page.h>: portable clear_page and copy_page, with
 * the contract of the ARM ones (arch/arm/include/asm/page.h): word-aligned
 * pointers, exactly PAGE_SIZE bytes written, no overlap.
 */
#ifndef ASM_PAGE_H
#define ASM_PAGE_H

#include <anvil/string.h>
#include <asm/memory.h>

static inline void clear_page(void *page)
{
	memset(page, 0, PAGE_SIZE);
}

static inline void copy_page(void *to, const void *from)
{
	memcpy(to, from, PAGE_SIZE);
}

#endif
