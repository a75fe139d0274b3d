// SPDX-License-Identifier: GPL-2.0-only
/*
 * A block device kept in host memory, behind the kernel's own
 * <anvil/blkdev.h>, for the host tests of the swap area and of reclaim.
 */
#include <stdlib.h>
#include <string.h>
#include <anvil/errno.h>
#include <anvil/mm.h>
#include <anvil/mm_sleep.h>
#include "fake_disk.h"
#include "host_task.h"

static bool touches(u64 sector, u32 len, u64 bad)
{
	return bad && bad >= sector && bad < sector + len / SECTOR_SIZE;
}

static int fake_transfer(struct block_device *bdev, int write, u64 sector, void *buf, u32 len)
{
	struct fake_disk *d = bdev->priv;
	u64 off = sector * SECTOR_SIZE;

	if (len % SECTOR_SIZE || off + len > d->bytes)
		return -EIO;
	mm_may_sleep();		/* the caller sleeps on the I/O, as on virtio-blk */
	if (d->during && (d->during_write < 0 || d->during_write == write)) {
		void (*fn)(void *) = d->during;

		d->during = NULL;
		host_task_run(fn, d->during_arg);	/* while the caller sleeps on the I/O */
	} else {
		host_task_schedule();			/* a woken other task runs meanwhile */
	}
	if (touches(sector, len, write ? d->fail_write_sector : d->fail_read_sector))
		return -EIO;
	if (write) {
		d->writes++;
		memcpy(d->data + off, buf, len);
	} else {
		d->reads++;
		memcpy(buf, d->data + off, len);
	}
	return 0;
}

void disk_during(struct fake_disk *d, int write, void (*fn)(void *), void *arg)
{
	d->during = fn;
	d->during_arg = arg;
	d->during_write = write;
}

/* A device of bytes bytes (rounded down to sectors), all zeros. */
struct fake_disk *disk_new(u64 bytes)
{
	struct fake_disk *d = calloc(1, sizeof(*d));

	d->bytes = bytes & ~(u64)(SECTOR_SIZE - 1);
	d->data = calloc(1, d->bytes ? d->bytes : 1);
	d->bdev = (struct block_device){
		.name = "virtio-blk0",
		.nr_sectors = d->bytes / SECTOR_SIZE,
		.transfer = fake_transfer,
		.priv = d,
	};
	return d;
}

void disk_free(struct fake_disk *d)
{
	free(d->data);
	free(d);
}

void put32(struct fake_disk *d, u32 off, u32 v)
{
	memcpy(d->data + off, &v, 4);
}

/* What util-linux mkswap writes: version 1, last_page, bad pages, signature. */
void mkswap(struct fake_disk *d, u32 pages, const u32 *bad, u32 nr_bad)
{
	memset(d->data, 0, PAGE_SIZE);
	put32(d, 1024, 1);
	put32(d, 1028, pages - 1);
	put32(d, 1032, nr_bad);
	for (u32 i = 0; i < nr_bad; i++)
		put32(d, 1536 + 4 * i, bad[i]);
	memcpy(d->data + PAGE_SIZE - 10, "SWAPSPACE2", 10);
}

struct fake_disk *swap_disk(u32 pages)
{
	struct fake_disk *d = disk_new((u64)pages * PAGE_SIZE);

	mkswap(d, pages, NULL, 0);
	return d;
}

