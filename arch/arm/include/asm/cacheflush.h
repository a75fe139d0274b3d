/* SPDX-License-Identifier: GPL-2.0-only */
/* Cache maintenance generic code may ask for. */
#ifndef ASM_CACHEFLUSH_H
#define ASM_CACHEFLUSH_H

/*
 * Make instructions just written to user memory [start, end) visible to
 * instruction fetch: clean the data cache to the point of unification,
 * invalidate the instruction cache and branch predictor.
 */
void flush_icache_user_range(unsigned long start, unsigned long end);
/* The same for any mapped range, e.g. a page through the kernel's linear map. */
void flush_icache_range(unsigned long start, unsigned long end);

#endif
