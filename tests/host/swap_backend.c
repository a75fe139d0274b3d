// SPDX-License-Identifier: GPL-2.0-only
/*
 * See swap_backend.h.  It owns the one device of the current world and
 * nothing of mm/'s; zram0 is made with zram_create as swap=zram: does.
 */
#include <string.h>
#include <anvil/kernel.h>
#include <anvil/mm.h>
#include <anvil/zram.h>
#include <anvil/zsmalloc.h>
#include "test.h"
#include "swap_backend.h"

/* <anvil/zsmalloc.h> and zram_get_stats have no stubs: only zram calls them. */
#if IS_ENABLED(CONFIG_ZRAM)
static void release_reserve(void)
{
	zs_release_reserve();
}

/* Stores of the current zram0 after its swap header. */
static u32 zram_stores(void)
{
	struct zram_stats s;

	zram_get_stats(&s);
	return s.writes - 1;
}
#else
static void release_reserve(void)
{
}

static u32 zram_stores(void)
{
	return 0;
}
#endif

static bool use_zram;
static struct fake_disk *disk;
static struct block_device *zram;
static u32 stores_before;	/* by the zram0s of this test already freed */

void swap_backend_use_zram(bool on)
{
	use_zram = on && IS_ENABLED(CONFIG_ZRAM);
	stores_before = 0;
}

u32 swap_backend_zram_stores(void)
{
	return stores_before + (zram ? zram_stores() : 0);
}

bool swap_backend_is_zram(void)
{
	return use_zram;
}

void swap_backend_free(void)
{
	if (disk)
		disk_free(disk);
	disk = NULL;
	if (zram) {
		stores_before += zram_stores();
		zram_destroy(zram);
	}
	zram = NULL;
}

struct block_device *swap_backend_new(u32 pages)
{
	swap_backend_free();
	if (use_zram) {
		zram = zram_create((u64)pages * PAGE_SIZE);
		ASSERT_NOT_NULL(zram);
		return zram;
	}
	disk = swap_disk(pages);
	return &disk->bdev;
}

struct fake_disk *swap_backend_disk(void)
{
	return disk;
}

u32 swap_backend_word(swp_entry_t entry)
{
	static u32 page[PAGE_SIZE / 4];
	u32 v;

	if (disk) {
		memcpy(&v, disk->data + (size_t)entry.val * PAGE_SIZE, sizeof(v));
		return v;
	}
	ASSERT_NOT_NULL(zram);
	ASSERT_EQ(zram->transfer(zram, 0, (u64)entry.val * (PAGE_SIZE / SECTOR_SIZE), page, PAGE_SIZE), 0);
	return page[0];
}

void swap_backend_settle(void)
{
	if (zram)
		release_reserve();
}
