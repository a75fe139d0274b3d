/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The compressed-object allocator (mm/zsmalloc.c), zsmalloc-like: objects
 * of up to zs_max_size() bytes packed into whole pages by size class, for
 * compressed swap (drivers/block/zram.c).
 *
 * A handle names one object; 0 is no object.  The object's bytes are at
 * zs_map(handle) until zs_free(handle).  Nothing here sleeps.
 */
#ifndef ANVIL_ZSMALLOC_H
#define ANVIL_ZSMALLOC_H

#include <anvil/types.h>
#include <anvil/meminfo.h>

#define ZS_CLASS_STEP	32u		/* class sizes are multiples of this */
#define ZS_RESERVE_PAGES 16u		/* kept for stores when RAM runs out */

/* What the allocator holds, for meminfo and the footprint report. */
struct zs_stats {
	u32 pages;		/* pages it holds (pages.zram) */
	u32 objects;		/* objects allocated */
	u32 class_bytes;	/* the objects' sizes rounded to their classes */
	u32 fails;		/* zs_malloc calls that found no page */
	u32 reserve;		/* pages held in reserve (not in pages) */
};

/* An object of size bytes (1 .. zs_max_size()); 0 when no page was free. */
uintptr_t zs_malloc(u32 size);
void zs_free(uintptr_t handle);		/* handle may be 0 */
void *zs_map(uintptr_t handle);
u32 zs_max_size(void);
void zs_get_stats(struct zs_stats *stats);
/*
 * A whole page for the caller (zram's incompressible pages), from the
 * page allocator or, when it has none, the reserve; NULL when both are
 * empty.  zs_free_page() gives it back (to the reserve first).
 */
void *zs_alloc_page(void);
void zs_free_page(void *page);
/* Give the reserve back to the page allocator (the device goes away). */
void zs_release_reserve(void);
/* Boot (and each host test, after mem_init started over): nothing held. */
void zs_init(void);

#endif
