// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host tests of drivers/block/partitions.c (CONFIG_SWAP, which brings the
 * block layer): an MBR's primary entries become block devices named
 * <disk>p<N> that transfer at their offset and refuse sectors outside
 * them; no table, a failed read, entries outside the disk, extended and
 * GPT entries; swap_init finds a swap partition by its type; allocation
 * failures register nothing.
 */
#include "test.h"
#include "mm_check.h"
#include "fake_disk.h"
#include <anvil/blkdev.h>
#include <anvil/errno.h>
#include <anvil/fault_inject.h>
#include <anvil/slab.h>
#include <anvil/swap.h>

#define DISK_SECTORS	8192		/* 4 MiB */

static void put_entry(struct fake_disk *d, int i, u8 type, u32 start, u32 count)
{
	u32 off = 446 + 16 * i;

	d->data[off + 4] = type;
	put32(d, off + 8, start);
	put32(d, off + 12, count);
	d->data[510] = 0x55;
	d->data[511] = 0xaa;
}

/* A board image's layout: FAT at 1 MiB (2 MiB long), swap after it (1 MiB). */
static struct fake_disk *image_disk(void)
{
	struct fake_disk *d = disk_new((u64)DISK_SECTORS * SECTOR_SIZE);

	put_entry(d, 0, 0x0c, 2048, 4096);
	put_entry(d, 1, PART_TYPE_LINUX_SWAP, 6144, 2048);
	return d;
}

TEST(partitions_none_without_a_table)
{
	struct fake_disk *d = swap_disk(64);	/* a whole-disk swap area */

	ASSERT_EQ(blkdev_register(&d->bdev), 0);
	EXPECT_EQ(blkdev_scan_partitions(&d->bdev), 0);
	EXPECT_NULL(blkdev_find_partition(&d->bdev));
	EXPECT_NULL(blkdev_find("virtio-blk0p1"));
	blkdev_unregister(&d->bdev);
	disk_free(d);
}

TEST(partitions_of_a_board_image)
{
	struct fake_disk *d = image_disk();
	struct block_device *p1, *p2;
	u8 buf[2 * SECTOR_SIZE];

	ASSERT_EQ(blkdev_register(&d->bdev), 0);
	EXPECT_EQ(blkdev_scan_partitions(&d->bdev), 2);
	p1 = blkdev_find("virtio-blk0p1");
	p2 = blkdev_find("virtio-blk0p2");
	ASSERT_NOT_NULL(p1);
	ASSERT_NOT_NULL(p2);
	EXPECT_NULL(blkdev_find("virtio-blk0p3"));
	EXPECT_EQ(p1->nr_sectors, 4096);
	EXPECT_EQ(p1->part_type, 0x0c);
	EXPECT_TRUE(p1->disk == &d->bdev);
	EXPECT_EQ(p2->nr_sectors, 2048);
	EXPECT_TRUE(blkdev_find_type(PART_TYPE_LINUX_SWAP) == p2);
	EXPECT_NULL(blkdev_find_type(0x83));

	/* Sector 0 of p2 is sector 6144 of the disk. */
	memset(buf, 0x5a, sizeof(buf));
	EXPECT_EQ(blkdev_write(p2, 0, buf, SECTOR_SIZE), 0);
	EXPECT_EQ(d->data[6144 * SECTOR_SIZE], 0x5a);
	EXPECT_EQ(d->data[6144 * SECTOR_SIZE - 1], 0);
	d->data[(2048 + 4095) * SECTOR_SIZE] = 0x77;
	EXPECT_EQ(blkdev_read(p1, 4095, buf, SECTOR_SIZE), 0);
	EXPECT_EQ(buf[0], 0x77);
	/* Nothing outside the partition, not even one sector across its end. */
	EXPECT_EQ(blkdev_read(p1, 4095, buf, 2 * SECTOR_SIZE), -EIO);
	EXPECT_EQ(blkdev_read(p1, 4096, buf, SECTOR_SIZE), -EIO);
	EXPECT_EQ(blkdev_write(p2, 2048, buf, SECTOR_SIZE), -EIO);
	EXPECT_EQ(blkdev_read(p2, ~0ull, buf, SECTOR_SIZE), -EIO);

	/* Scanned again: the names are taken, nothing more registered. */
	EXPECT_EQ(blkdev_scan_partitions(&d->bdev), -EEXIST);
	/* A partition holds no table of its own. */
	EXPECT_EQ(blkdev_scan_partitions(p1), 0);

	blkdev_remove_partitions(&d->bdev);
	EXPECT_NULL(blkdev_find("virtio-blk0p1"));
	EXPECT_NULL(blkdev_find_partition(&d->bdev));
	blkdev_unregister(&d->bdev);
	disk_free(d);
}

TEST(partitions_outside_the_disk_extended_and_gpt_are_skipped)
{
	struct fake_disk *d = disk_new((u64)DISK_SECTORS * SECTOR_SIZE);

	put_entry(d, 0, 0x83, 2048, DISK_SECTORS);		/* runs past the end */
	put_entry(d, 1, 0x05, 4096, 1024);			/* extended */
	put_entry(d, 2, 0xee, 1, DISK_SECTORS - 1);		/* GPT */
	put_entry(d, 3, PART_TYPE_LINUX_SWAP, 0, 16);		/* starts on the MBR */
	ASSERT_EQ(blkdev_register(&d->bdev), 0);
	EXPECT_EQ(blkdev_scan_partitions(&d->bdev), 0);
	EXPECT_NULL(blkdev_find_partition(&d->bdev));
	put_entry(d, 3, PART_TYPE_LINUX_SWAP, DISK_SECTORS - 16, 16);	/* the last 8 KiB */
	EXPECT_EQ(blkdev_scan_partitions(&d->bdev), 1);
	EXPECT_NOT_NULL(blkdev_find("virtio-blk0p4"));
	blkdev_remove_partitions(&d->bdev);
	blkdev_unregister(&d->bdev);
	disk_free(d);
}

TEST(partitions_read_error)
{
	struct fake_disk *d = image_disk();

	d->fail_read_sector = 0;	/* 0 means none: fail sector 0 another way */
	d->bytes = 0;			/* every transfer is out of range */
	ASSERT_EQ(blkdev_register(&d->bdev), 0);
	EXPECT_EQ(blkdev_scan_partitions(&d->bdev), -EIO);
	EXPECT_NULL(blkdev_find_partition(&d->bdev));
	blkdev_unregister(&d->bdev);
	disk_free(d);
}

/* The boot path: no swap= on the command line takes the swap partition. */
TEST(partitions_swap_init_finds_the_swap_partition)
{
	struct fake_disk *d = image_disk();
	struct swap_stats s;

	/* mkswap on the partition: a header at its first page, 256 pages. */
	memcpy(d->data + 6144 * SECTOR_SIZE + 1024, &(u32){ 1 }, 4);
	memcpy(d->data + 6144 * SECTOR_SIZE + 1028, &(u32){ 255 }, 4);
	memcpy(d->data + 6144 * SECTOR_SIZE + PAGE_SIZE - 10, "SWAPSPACE2", 10);
	ASSERT_EQ(blkdev_register(&d->bdev), 0);
	EXPECT_EQ(blkdev_scan_partitions(&d->bdev), 2);
	swap_init();		/* the host's command line has no swap= */
	EXPECT_TRUE(swap_enabled());
	swap_get_stats(&s);
	EXPECT_EQ(s.slots_total, 255);
	EXPECT_EQ(swapoff(), 0);
	blkdev_remove_partitions(&d->bdev);
	blkdev_unregister(&d->bdev);
	disk_free(d);
}

#ifdef CONFIG_FAULT_INJECTION
/* Each allocation the scan makes fails in turn: nothing registered, nothing kept. */
TEST(partitions_fail_cleanly)
{
	struct fake_disk *d = image_disk();
	struct mm_snapshot before, after;
	u32 n;

	ASSERT_EQ(blkdev_register(&d->bdev), 0);
	for (n = 1; n < 8; n++) {
		int ret;

		kmem_cache_shrink_all();
		mm_snapshot_take(&before);
		fault_inject_nth(&fail_slab, n);
		ret = blkdev_scan_partitions(&d->bdev);
		fault_inject_off(&fail_slab);
		if (ret >= 0) {
			EXPECT_EQ(ret, 2);
			break;
		}
		EXPECT_EQ(ret, -ENOMEM);
		EXPECT_NULL(blkdev_find_partition(&d->bdev));
		kmem_cache_shrink_all();
		mm_snapshot_take(&after);
		EXPECT_SNAPSHOT_EQ(&before, &after, true, true);
	}
	EXPECT_EQ(n, 4);	/* the MBR buffer and two partitions were failed */
	blkdev_remove_partitions(&d->bdev);
	blkdev_unregister(&d->bdev);
	disk_free(d);
}
#endif
