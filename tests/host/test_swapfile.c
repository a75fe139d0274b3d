// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host tests of mm/swapfile.c (CONFIG_SWAP) over a fake block device kept
 * in host memory, behind the same <anvil/blkdev.h> the kernel uses:
 * header parsing (good, short, unsigned, old, bad version, bad-page list),
 * slot allocation, reference counts, bad pages never handed out, page I/O
 * and device errors as -EIO, the boot path (swap_init with its command
 * line), and allocation failures at every allocation swapon makes.
 */
#include <stdlib.h>
#include "test.h"
#include "mm_check.h"
#include "fake_disk.h"
#include <anvil/blkdev.h>
#include <anvil/boot.h>
#include <anvil/meminfo.h>
#include <anvil/swap.h>
#include <anvil/zram.h>

static struct swap_stats stats(void)
{
	struct swap_stats s;

	swap_get_stats(&s);
	return s;
}

struct dump_find {
	const char *key;
	long value;
};

static void find_key(const char *key, unsigned long value, void *arg)
{
	struct dump_find *f = arg;

	if (!strcmp(key, f->key))
		f->value = (long)value;
}

/* A key's value in the meminfo dump, or -1. */
static long meminfo_lookup(const char *key)
{
	struct dump_find f = { key, -1 };

	meminfo_dump(find_key, &f);
	return f.value;
}

/* The boot path reads "swap=" from here. */
static const char *host_cmdline_swap;

const char *cmdline_get(const char *name)
{
	return strcmp(name, "swap") ? NULL : host_cmdline_swap;
}

/* ------------------------------------------------------------ header */

TEST(swapon_good_header)
{
	struct fake_disk *d = swap_disk(64);

	EXPECT_FALSE(swap_enabled());
	ASSERT_EQ(swapon(&d->bdev), 0);
	EXPECT_TRUE(swap_enabled());
	EXPECT_EQ(stats().slots_total, 63);	/* page 0 is the header */
	EXPECT_EQ(stats().slots_used, 0);
	EXPECT_EQ(stats().slots_bad, 0);
	EXPECT_EQ(swapon(&d->bdev), -EBUSY);
	EXPECT_EQ(swapoff(), 0);
	EXPECT_FALSE(swap_enabled());
	disk_free(d);
}

TEST(swapon_area_smaller_than_device)
{
	struct fake_disk *d = disk_new(64 * PAGE_SIZE + 1000);
	swp_entry_t e;

	mkswap(d, 10, NULL, 0);
	ASSERT_EQ(swapon(&d->bdev), 0);
	EXPECT_EQ(stats().slots_total, 9);
	for (u32 i = 0; i < 9; i++) {
		e = get_swap_slot();
		EXPECT_TRUE(e.val >= 1 && e.val <= 9);
	}
	EXPECT_EQ(get_swap_slot().val, 0);
	for (u32 i = 1; i <= 9; i++)
		swap_free((swp_entry_t){ i });
	EXPECT_EQ(swapoff(), 0);
	disk_free(d);
}

TEST(swapon_refuses_bad_areas)
{
	struct fake_disk *d = swap_disk(64), *tiny = disk_new(2048), *empty = disk_new(0);
	u32 bad = 64;

	EXPECT_EQ(swapon(NULL), -ENODEV);
	EXPECT_EQ(swapon(&tiny->bdev), -EINVAL);		/* shorter than a header */
	EXPECT_EQ(swapon(&empty->bdev), -EINVAL);
	d->bdev.nr_sectors = 63 * PAGE_SIZE / SECTOR_SIZE;	/* truncated behind last_page */
	EXPECT_EQ(swapon(&d->bdev), -EINVAL);
	d->bdev.nr_sectors = 64 * PAGE_SIZE / SECTOR_SIZE;

	memcpy(d->data + PAGE_SIZE - 10, "SWAP-SPACE", 10);	/* version 0 */
	EXPECT_EQ(swapon(&d->bdev), -EINVAL);
	memset(d->data + PAGE_SIZE - 10, 0, 10);		/* no signature */
	EXPECT_EQ(swapon(&d->bdev), -EINVAL);

	mkswap(d, 64, NULL, 0);
	put32(d, 1024, 2);					/* bad version */
	EXPECT_EQ(swapon(&d->bdev), -EINVAL);
	put32(d, 1024, 0x01000000);				/* other byte order */
	EXPECT_EQ(swapon(&d->bdev), -EINVAL);
	mkswap(d, 1, NULL, 0);					/* last_page 0 */
	EXPECT_EQ(swapon(&d->bdev), -EINVAL);
	mkswap(d, 64, &bad, 1);					/* bad page past the area */
	EXPECT_EQ(swapon(&d->bdev), -EINVAL);
	bad = 0;						/* the header itself */
	mkswap(d, 64, &bad, 1);
	EXPECT_EQ(swapon(&d->bdev), -EINVAL);
	mkswap(d, 64, NULL, 0);
	put32(d, 1032, 638);					/* more than a page holds */
	EXPECT_EQ(swapon(&d->bdev), -EINVAL);

	mkswap(d, 64, NULL, 0);
	d->bdev.read_only = true;
	EXPECT_EQ(swapon(&d->bdev), -EINVAL);
	d->bdev.read_only = false;
	d->fail_read_sector = 3;				/* the header cannot be read */
	EXPECT_EQ(swapon(&d->bdev), -EIO);
	EXPECT_FALSE(swap_enabled());
	EXPECT_EQ(get_swap_slot().val, 0);

	/* Nothing leaked: every refusal freed what it took. */
	EXPECT_EQ(kmalloc_large_stats.inuse, 0);
	d->fail_read_sector = 0;
	EXPECT_EQ(swapon(&d->bdev), 0);
	EXPECT_EQ(swapoff(), 0);
	disk_free(d);
	disk_free(tiny);
	disk_free(empty);
}

TEST(swapon_bad_pages_are_never_used)
{
	u32 bad[] = { 1, 5, 31, 32, 33, 63, 5 };	/* 5 twice: one page */
	struct fake_disk *d = disk_new(64 * PAGE_SIZE);
	bool seen[64] = { false };
	swp_entry_t e;
	u32 n = 0;

	mkswap(d, 64, bad, ARRAY_SIZE(bad));
	ASSERT_EQ(swapon(&d->bdev), 0);
	EXPECT_EQ(stats().slots_bad, 6);
	EXPECT_EQ(stats().slots_total, 63 - 6);
	while ((e = get_swap_slot()).val) {
		ASSERT_TRUE(e.val < 64);
		EXPECT_FALSE(seen[e.val]);
		seen[e.val] = true;
		n++;
	}
	EXPECT_EQ(n, 63 - 6);
	for (u32 i = 0; i < ARRAY_SIZE(bad); i++) {
		EXPECT_FALSE(seen[bad[i]]);
		EXPECT_EQ(swap_count((swp_entry_t){ bad[i] }), 0);
		EXPECT_EQ(swap_duplicate((swp_entry_t){ bad[i] }), -EINVAL);
	}
	EXPECT_EQ(stats().slots_used, n);
	for (u32 i = 1; i < 64; i++)
		if (seen[i])
			swap_free((swp_entry_t){ i });
	EXPECT_EQ(stats().slots_used, 0);
	EXPECT_EQ(swapoff(), 0);
	disk_free(d);
}

/* ------------------------------------------------------------ slots */

TEST(slots_allocate_every_one_then_none)
{
	struct fake_disk *d = swap_disk(1000);
	u8 *seen = calloc(1000, 1);
	swp_entry_t e;
	u32 n = 0;

	ASSERT_EQ(swapon(&d->bdev), 0);
	while ((e = get_swap_slot()).val) {
		ASSERT_TRUE(e.val >= 1 && e.val < 1000);
		EXPECT_EQ(seen[e.val], 0);
		EXPECT_EQ(swap_count(e), 1);
		seen[e.val] = 1;
		n++;
	}
	EXPECT_EQ(n, 999);
	EXPECT_EQ(stats().slots_used, 999);
	/* A freed slot comes back. */
	swap_free((swp_entry_t){ 500 });
	EXPECT_EQ(get_swap_slot().val, 500);
	EXPECT_EQ(get_swap_slot().val, 0);
	EXPECT_EQ(swapoff(), -EBUSY);		/* slots in use */
	EXPECT_TRUE(swap_enabled());
	for (u32 i = 1; i < 1000; i++)
		swap_free((swp_entry_t){ i });
	EXPECT_EQ(stats().slots_used, 0);
	EXPECT_EQ(swapoff(), 0);
	free(seen);
	disk_free(d);
}

TEST(slots_refcounts)
{
	struct fake_disk *d = swap_disk(16);
	swp_entry_t e, f;

	ASSERT_EQ(swapon(&d->bdev), 0);
	e = get_swap_slot();
	f = get_swap_slot();
	ASSERT_NE(e.val, 0);
	EXPECT_NE(e.val, f.val);
	EXPECT_EQ(swap_duplicate(e), 0);	/* fork copied the swap PTE */
	EXPECT_EQ(swap_duplicate(e), 0);
	EXPECT_EQ(swap_count(e), 3);
	swap_free(e);
	swap_free(e);
	EXPECT_EQ(swap_count(e), 1);
	EXPECT_EQ(stats().slots_used, 2);
	swap_free(e);				/* the last reference frees it */
	EXPECT_EQ(swap_count(e), 0);
	EXPECT_EQ(stats().slots_used, 1);
	/* A free slot, slot 0 and slots past the area are refused, changing nothing. */
	swap_free(e);
	EXPECT_EQ(stats().slots_used, 1);
	EXPECT_EQ(swap_duplicate(e), -EINVAL);
	EXPECT_EQ(swap_duplicate((swp_entry_t){ 0 }), -EINVAL);
	EXPECT_EQ(swap_duplicate((swp_entry_t){ 16 }), -EINVAL);
	EXPECT_EQ(swap_count((swp_entry_t){ 0 }), 0);
	/* The count is 16 bits: at the limit, -ENOSPC and no change. */
	for (u32 i = 1; i < SWAP_COUNT_MAX; i++)
		ASSERT_EQ(swap_duplicate(f), 0);
	EXPECT_EQ(swap_count(f), SWAP_COUNT_MAX);
	EXPECT_EQ(swap_duplicate(f), -ENOSPC);
	EXPECT_EQ(swap_count(f), SWAP_COUNT_MAX);
	for (u32 i = 0; i < SWAP_COUNT_MAX; i++)
		swap_free(f);
	EXPECT_EQ(swap_count(f), 0);
	EXPECT_EQ(stats().slots_used, 0);
	EXPECT_EQ(swapoff(), 0);
	disk_free(d);
}

TEST(slots_none_without_swap)
{
	EXPECT_EQ(get_swap_slot().val, 0);
	EXPECT_EQ(swap_duplicate((swp_entry_t){ 1 }), -EINVAL);
	EXPECT_EQ(swap_count((swp_entry_t){ 1 }), 0);
	EXPECT_EQ(swapoff(), 0);
}

/* ------------------------------------------------------------ I/O */

TEST(io_write_read_back)
{
	struct fake_disk *d = swap_disk(32);
	struct page *p = alloc_page(PAGE_USE_ANON), *q = alloc_page(PAGE_USE_ANON);
	swp_entry_t e;

	ASSERT_NOT_NULL(p);
	ASSERT_NOT_NULL(q);
	ASSERT_EQ(swapon(&d->bdev), 0);
	e = get_swap_slot();
	for (u32 i = 0; i < PAGE_SIZE; i++)
		((u8 *)page_address(p))[i] = (u8)(i * 7 + e.val);
	EXPECT_EQ(swap_write_page(e, p), 0);
	/* It landed in the slot's page of the device, nowhere else. */
	EXPECT_EQ(memcmp(d->data + (size_t)e.val * PAGE_SIZE, page_address(p), PAGE_SIZE), 0);
	memset(page_address(q), 0, PAGE_SIZE);
	EXPECT_EQ(swap_read_page(e, q), 0);
	EXPECT_EQ(memcmp(page_address(p), page_address(q), PAGE_SIZE), 0);
	EXPECT_EQ(stats().pages_out, 1);
	EXPECT_EQ(stats().pages_in, 1);
	EXPECT_EQ(stats().io_errors, 0);
	/* Slots not allocated are refused before any I/O. */
	EXPECT_EQ(swap_read_page((swp_entry_t){ e.val + 1 }, q), -EINVAL);
	EXPECT_EQ(swap_write_page((swp_entry_t){ 0 }, q), -EINVAL);
	EXPECT_EQ(d->reads, 2);			/* the header, and the one page */
	swap_free(e);
	EXPECT_EQ(swap_read_page(e, q), -EINVAL);
	EXPECT_EQ(swapoff(), 0);
	__free_pages(p, 0);
	__free_pages(q, 0);
	disk_free(d);
}

TEST(io_device_errors_are_eio)
{
	struct fake_disk *d = swap_disk(32);
	struct page *p = alloc_page(PAGE_USE_ANON);
	swp_entry_t e, f;

	ASSERT_NOT_NULL(p);
	ASSERT_EQ(swapon(&d->bdev), 0);
	e = get_swap_slot();
	f = get_swap_slot();
	memset(page_address(p), 0x5a, PAGE_SIZE);
	d->fail_write_sector = (u64)e.val * 8 + 7;
	d->fail_read_sector = (u64)f.val * 8;
	EXPECT_EQ(swap_write_page(e, p), -EIO);
	EXPECT_EQ(((u8 *)page_address(p))[100], 0x5a);	/* the page is untouched */
	EXPECT_EQ(swap_write_page(f, p), 0);
	EXPECT_EQ(swap_read_page(f, p), -EIO);
	EXPECT_EQ(stats().io_errors, 2);
	EXPECT_EQ(stats().pages_out, 1);
	EXPECT_EQ(stats().pages_in, 0);
	/* A device shorter than it said fails the same way. */
	d->fail_read_sector = 0;
	d->bytes = (u64)f.val * PAGE_SIZE;
	EXPECT_EQ(swap_read_page(f, p), -EIO);
	EXPECT_EQ(stats().io_errors, 3);
	/* The slots stay allocated: the caller decides what to do. */
	EXPECT_EQ(swap_count(e), 1);
	EXPECT_EQ(swap_count(f), 1);
	swap_free(e);
	swap_free(f);
	EXPECT_EQ(swapoff(), 0);
	__free_pages(p, 0);
	disk_free(d);
}

/* ------------------------------------------------------------ boot, registry */

TEST(boot_swap_init_finds_the_device)
{
	struct fake_disk *d = swap_disk(32), *other = swap_disk(8);

	/* No device registered: runs without swap. */
	host_cmdline_swap = NULL;
	swap_init();
	EXPECT_FALSE(swap_enabled());

	ASSERT_EQ(blkdev_register(&d->bdev), 0);
	EXPECT_EQ(blkdev_register(&d->bdev), -EEXIST);
	other->bdev.name = "disk1";
	ASSERT_EQ(blkdev_register(&other->bdev), 0);
	EXPECT_TRUE(blkdev_find("virtio-blk0") == &d->bdev);
	EXPECT_TRUE(blkdev_find("disk1") == &other->bdev);
	EXPECT_NULL(blkdev_find("disk2"));

	host_cmdline_swap = "off";
	swap_init();
	EXPECT_FALSE(swap_enabled());
	host_cmdline_swap = "disk2 init=sh";
	swap_init();
	EXPECT_FALSE(swap_enabled());
	host_cmdline_swap = "disk1 init=sh";
	swap_init();
	EXPECT_TRUE(swap_enabled());
	EXPECT_EQ(stats().slots_total, 7);
	EXPECT_EQ(swapoff(), 0);
	host_cmdline_swap = "";				/* the default device */
	swap_init();
	EXPECT_EQ(stats().slots_total, 31);
	EXPECT_EQ(swapoff(), 0);

	blkdev_unregister(&d->bdev);
	blkdev_unregister(&other->bdev);
	EXPECT_NULL(blkdev_find("virtio-blk0"));
	host_cmdline_swap = NULL;
	disk_free(d);
	disk_free(other);
}

TEST(meminfo_swap_keys)
{
	struct fake_disk *d = swap_disk(32);
	swp_entry_t e;

	ASSERT_EQ(swapon(&d->bdev), 0);
	e = get_swap_slot();
	EXPECT_EQ(meminfo_lookup("swap.slots_total"), 31);
	EXPECT_EQ(meminfo_lookup("swap.slots_used"), 1);
	EXPECT_EQ(meminfo_lookup("swap.slots_free"), 30);
	EXPECT_EQ(meminfo_lookup("swap.slots_bad"), 0);
	EXPECT_EQ(meminfo_lookup("swap.pages_out"), 0);
	EXPECT_EQ(meminfo_lookup("swap.pages_in"), 0);
	EXPECT_EQ(meminfo_lookup("swap.io_errors"), 0);
	swap_free(e);
	EXPECT_EQ(swapoff(), 0);
	disk_free(d);
}

/* ------------------------------------------------------------ failures */

#if IS_ENABLED(CONFIG_FAULT_INJECTION)
/*
 * Fail each allocation swapon makes in turn, at the page allocator and at
 * the slab layer: each time -ENOMEM, swap stays off, and every allocator
 * counter is as before (failure and allocation counts aside, empty slabs
 * shrunk on both sides).  Then it succeeds.
 */
static void swapon_under_failures(struct fault_attr *site, u32 pages, bool site_used)
{
	struct fake_disk *d = swap_disk(pages);
	struct mm_snapshot before, after;
	u32 n;

	for (n = 1; n < 32; n++) {
		int err;

		/* Empty slabs kept as spares are not what this compares. */
		kmem_cache_shrink_all();
		mm_snapshot_take(&before);
		fault_inject_nth(site, n);
		err = swapon(&d->bdev);
		fault_inject_off(site);
		if (err == 0)
			break;
		EXPECT_EQ(err, -ENOMEM);
		EXPECT_FALSE(swap_enabled());
		kmem_cache_shrink_all();
		mm_snapshot_take(&after);
		EXPECT_SNAPSHOT_EQ(&before, &after, true, true);
	}
	EXPECT_EQ(n > 1, site_used);	/* the site's allocations were failed */
	EXPECT_TRUE(swap_enabled());
	EXPECT_EQ(stats().slots_total, pages - 1);
	EXPECT_EQ(swapoff(), 0);
	disk_free(d);
}

TEST(swapon_fails_cleanly_page_alloc)
{
	swapon_under_failures(&fail_page_alloc, 40, true);	/* small maps */
	swapon_under_failures(&fail_page_alloc, 20000, true);	/* large maps */
}

TEST(swapon_fails_cleanly_slab)
{
	swapon_under_failures(&fail_slab, 40, true);
	/* Maps above KMALLOC_MAX_CACHE_SIZE come from the page allocator. */
	swapon_under_failures(&fail_slab, 20000, false);
}
#endif

/* swap=zram:<size> makes zram0 and swaps on it; a bad size is refused. */
TEST(boot_swap_init_zram)
{
	if (!IS_ENABLED(CONFIG_ZRAM))
		return;
	host_cmdline_swap = "zram:banana";
	swap_init();
	EXPECT_FALSE(swap_enabled());
	EXPECT_NULL(blkdev_find("zram0"));
	host_cmdline_swap = "zram:64k init=sh";
	swap_init();
	EXPECT_TRUE(swap_enabled());
	EXPECT_EQ(stats().slots_total, 15);
	EXPECT_EQ(meminfo_lookup("zram.pages_stored"), 1);
	EXPECT_EQ(swapoff(), 0);
	zram_destroy(blkdev_find("zram0"));
	EXPECT_NULL(blkdev_find("zram0"));
	host_cmdline_swap = NULL;
}
