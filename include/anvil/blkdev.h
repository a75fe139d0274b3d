/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Block devices: the few calls the swap code needs from a disk.  A driver
 * (drivers/block/virtio_blk.c) fills a struct block_device and registers
 * it under a name; the swap code finds it by that name (or a partition by
 * its type) and transfers whole buffers of 512-byte sectors.  The registry is drivers/block/blkdev.c; it
 * owns the list of devices and nothing inside them.
 *
 * Built only with CONFIG_BLOCK (which CONFIG_SWAP turns on); without it
 * blkdev_init() is an empty inline and nothing else exists.
 */
#ifndef ANVIL_BLKDEV_H
#define ANVIL_BLKDEV_H

#include <anvil/types.h>

#define SECTOR_SHIFT	9
#define SECTOR_SIZE	(1u << SECTOR_SHIFT)

struct block_device {
	const char *name;		/* "virtio-blk0"; outlives the device */
	u64 nr_sectors;			/* capacity, in 512-byte sectors */
	bool read_only;
	u8 part_type;			/* a partition's MBR type (0x82: swap); 0 for a disk */
	struct block_device *disk;	/* a partition's disk; NULL for a disk */
	/*
	 * Transfer len bytes (a multiple of SECTOR_SIZE) between buf and the
	 * device from sector on; write != 0 writes.  buf is in the kernel's
	 * linear map and physically contiguous.  Returns 0, -EIO when the
	 * device reports an error (out-of-range sectors included) or does not
	 * answer in time, or -EAGAIN when the request could not even be
	 * queued (the device holds every request slot): then the device never
	 * saw it.  Sleeps until done when called from a task; polls from the
	 * boot thread.  The caller's buffer is free again on return, whatever
	 * the result.
	 */
	int (*transfer)(struct block_device *bdev, int write, u64 sector, void *buf, u32 len);
	/*
	 * Optional: the sectors [sector, sector + len / SECTOR_SIZE) hold
	 * nothing anyone will read (a freed swap slot); the device may drop
	 * them.  A later read of them returns anything.
	 */
	void (*discard)(struct block_device *bdev, u64 sector, u32 len);
	void *priv;			/* the driver's */
	struct block_device *next;	/* the registry's */
};

#if IS_ENABLED(CONFIG_BLOCK)
/* Probe the block drivers the kernel has; called once at boot. */
void blkdev_init(void);
/* 0, or -EEXIST when the name is taken, -EINVAL without name or transfer. */
int blkdev_register(struct block_device *bdev);
void blkdev_unregister(struct block_device *bdev);
/* The device registered under name, or NULL. */
struct block_device *blkdev_find(const char *name);
/* The first registered partition of MBR type part_type, or NULL. */
struct block_device *blkdev_find_type(u8 part_type);
/* The first registered partition of disk, or NULL. */
struct block_device *blkdev_find_partition(const struct block_device *disk);

#define PART_TYPE_LINUX_SWAP	0x82

/*
 * Read disk's MBR partition table (drivers/block/partitions.c) and register
 * each primary partition as "<disk>p<N>".  Returns how many it registered,
 * 0 when the disk has no table, or a negative errno (-EIO: the read failed;
 * -ENOMEM, -EEXIST: none registered).  blkdev_init() scans every disk.
 */
int blkdev_scan_partitions(struct block_device *disk);
/* Unregister and free the partitions blkdev_scan_partitions registered. */
void blkdev_remove_partitions(struct block_device *disk);

static inline int blkdev_read(struct block_device *bdev, u64 sector, void *buf, u32 len)
{
	return bdev->transfer(bdev, 0, sector, buf, len);
}

static inline int blkdev_write(struct block_device *bdev, u64 sector, void *buf, u32 len)
{
	return bdev->transfer(bdev, 1, sector, buf, len);
}
#else
static inline void blkdev_init(void) { }
#endif

#endif
