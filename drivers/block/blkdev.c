// SPDX-License-Identifier: GPL-2.0-only
/*
 * The block device registry: a short list of named devices, filled by the
 * drivers at boot (and the partitions of their disks, partitions.c) and
 * read by the swap code.  It owns the list links only;
 * it never calls a device.  Boot-time only (no locking): drivers register
 * from blkdev_init() before any task runs.
 */
#include <anvil/kernel.h>
#include <anvil/blkdev.h>
#include <anvil/errno.h>
#include <anvil/string.h>
#include <anvil/virtio.h>

static struct block_device *devices;

void blkdev_init(void)
{
	struct block_device *b;

	if (IS_ENABLED(CONFIG_VIRTIO_BLK))
		virtio_blk_init();
	/* Partitions join the end of the list; they hold no table themselves. */
	for (b = devices; b; b = b->next) {
		int err = b->disk ? 0 : blkdev_scan_partitions(b);

		if (err < 0)
			pr_warn("%s: cannot read its partition table (error %d)\n", b->name, err);
	}
}

struct block_device *blkdev_find(const char *name)
{
	struct block_device *b;

	for (b = devices; b; b = b->next)
		if (!strcmp(b->name, name))
			return b;
	return NULL;
}

struct block_device *blkdev_find_type(u8 part_type)
{
	struct block_device *b;

	for (b = devices; b; b = b->next)
		if (b->disk && b->part_type == part_type)
			return b;
	return NULL;
}

struct block_device *blkdev_find_partition(const struct block_device *disk)
{
	struct block_device *b;

	for (b = devices; b; b = b->next)
		if (b->disk == disk)
			return b;
	return NULL;
}

int blkdev_register(struct block_device *bdev)
{
	struct block_device **p = &devices;

	if (!bdev->name || !bdev->transfer)
		return -EINVAL;
	if (blkdev_find(bdev->name))
		return -EEXIST;
	while (*p)
		p = &(*p)->next;
	bdev->next = NULL;
	*p = bdev;
	return 0;
}

void blkdev_unregister(struct block_device *bdev)
{
	struct block_device **p;

	for (p = &devices; *p; p = &(*p)->next) {
		if (*p == bdev) {
			*p = bdev->next;
			bdev->next = NULL;
			return;
		}
	}
}
