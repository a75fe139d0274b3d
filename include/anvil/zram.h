/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Compressed RAM swap (drivers/block/zram.c, CONFIG_ZRAM): a block device
 * whose pages live LZ4-compressed in kernel memory, for boards with no
 * disk worth swapping to.  swap_init() creates it for "swap=zram:<size>",
 * or, with CONFIG_ZRAM_DEFAULT, when the default swap disk is missing;
 * zram_create() formats it as a swap area itself (there is no mkswap to
 * run on RAM that does not exist yet).
 *
 * What a page costs, by its contents:
 *	same-filled (one repeated 32-bit word: zeros, most often)
 *		nothing but its slot entry;
 *	compressing below ZRAM_HUGE_THRESHOLD bytes
 *		its compressed size rounded to a zsmalloc class;
 *	anything else ("huge")
 *		a whole page, stored as it is.
 * and every page of the device 8 bytes of slot table (32-bit ARM), from
 * zram_create on.
 *
 * A write the allocator cannot hold fails with -ENOMEM and keeps the
 * slot's old contents: the swap code treats it as a full area.
 */
#ifndef ANVIL_ZRAM_H
#define ANVIL_ZRAM_H

#include <anvil/types.h>
#include <anvil/errno.h>
#include <anvil/meminfo.h>

struct block_device;

#define ZRAM_NAME		"zram0"
#define ZRAM_HUGE_THRESHOLD	3072u	/* bytes: at or above, store whole */

struct zram_stats {
	u32 pages_stored;	/* slots holding a page */
	u32 same_pages;		/* of which same-filled */
	u32 huge_pages;		/* of which stored whole */
	u32 compr_bytes;	/* compressed bytes of the others */
	u32 alloc_pages;	/* pages the backend holds (pages.zram) */
	u32 table_bytes;	/* the slot table */
	u32 store_fails;	/* writes refused: no memory */
	u32 reads;		/* pages decompressed (or filled) */
	u32 writes;		/* pages stored */
	u32 compressions, decompressions;	/* LZ4 calls */
	u64 compress_cycles, decompress_cycles;	/* <anvil/cycles.h> counts in them */
};

#if IS_ENABLED(CONFIG_ZRAM)
/*
 * Create zram0 with size bytes (a multiple of the page size, at least two
 * pages), formatted as a swap area, and register it.  Returns it, or NULL
 * with a console line saying why (bad size, out of memory, exists).
 */
struct block_device *zram_create(u64 size);
void zram_destroy(struct block_device *bdev);
void zram_get_stats(struct zram_stats *stats);
void zram_meminfo(meminfo_emit_t emit, void *arg);
#else
static inline struct block_device *zram_create(u64 size) { (void)size; return NULL; }
static inline void zram_destroy(struct block_device *bdev) { (void)bdev; }
static inline void zram_meminfo(meminfo_emit_t emit, void *arg) { (void)emit; (void)arg; }
#endif

#endif
