// SPDX-License-Identifier: GPL-2.0-only
/*
 * Disk partitions: the four primary entries of an MBR (DOS) partition
 * table, each registered as a block device of its own named after its
 * disk ("virtio-blk0p2"), which transfers to the disk at the partition's
 * start sector and refuses sectors outside it.  A board image (make image)
 * holds a FAT boot partition and a swap partition (type 0x82); the swap
 * code finds the latter by its type.
 *
 * The MBR, in sector 0 (little-endian):
 *
 *	446	four 16-byte entries: 0 status, 4 type, 8 first LBA, 12 sectors
 *	510	0x55 0xaa
 *
 * Extended partitions (types 0x05, 0x0f, 0x85) are not followed and a GPT
 * (protective type 0xee) is not read; both are named in one line.  An
 * entry that lies outside the disk is refused in one line.  Boot-time only,
 * like the registry (blkdev.c) it registers into; it owns the partition
 * devices and touches nothing inside the disk but through its transfer.
 */
#include <anvil/kernel.h>
#include <anvil/blkdev.h>
#include <anvil/errno.h>
#include <anvil/slab.h>
#include <anvil/string.h>

#define MBR_ENTRIES		446
#define MBR_ENTRY_SIZE		16
#define MBR_NR_ENTRIES		4
#define MBR_SIGNATURE		510

#define PART_TYPE_EMPTY		0x00
#define PART_TYPE_GPT		0xee

/* A partition: 72 bytes, one per used MBR entry of a disk. */
struct partition {
	struct block_device bdev;	/* bdev.disk is the disk */
	u64 start;			/* first sector on the disk */
	char name[24];
};

static int part_transfer(struct block_device *bdev, int write, u64 sector, void *buf, u32 len)
{
	struct partition *p = bdev->priv;
	u64 sectors = len / SECTOR_SIZE;

	if (len % SECTOR_SIZE || sector >= bdev->nr_sectors || sectors > bdev->nr_sectors - sector)
		return -EIO;
	return bdev->disk->transfer(bdev->disk, write, p->start + sector, buf, len);
}

static u32 get_le32(const u8 *b)
{
	return b[0] | b[1] << 8 | b[2] << 16 | (u32)b[3] << 24;
}

static bool is_extended(u8 type)
{
	return type == 0x05 || type == 0x0f || type == 0x85;
}

int blkdev_scan_partitions(struct block_device *disk)
{
	struct partition *parts[MBR_NR_ENTRIES] = { NULL };
	u8 *mbr;
	int n = 0, err = 0;

	if (disk->disk || disk->nr_sectors < 1)
		return 0;		/* a partition holds no table here */
	mbr = kmalloc(SECTOR_SIZE);
	if (!mbr)
		return -ENOMEM;
	if (disk->transfer(disk, 0, 0, mbr, SECTOR_SIZE)) {
		kfree(mbr);
		return -EIO;
	}
	if (mbr[MBR_SIGNATURE] != 0x55 || mbr[MBR_SIGNATURE + 1] != 0xaa) {
		kfree(mbr);
		return 0;		/* no partition table: a whole-disk device */
	}
	/* Check and allocate every partition first: all of them or none. */
	for (int i = 0; i < MBR_NR_ENTRIES && !err; i++) {
		const u8 *e = mbr + MBR_ENTRIES + i * MBR_ENTRY_SIZE;
		u8 type = e[4];
		u64 start = get_le32(e + 8), count = get_le32(e + 12);

		if (type == PART_TYPE_EMPTY || count == 0)
			continue;
		if (type == PART_TYPE_GPT || is_extended(type)) {
			pr_warn("%s: partition %d is %s (type %02x): not read\n", disk->name, i + 1,
				type == PART_TYPE_GPT ? "a GPT" : "extended", type);
			continue;
		}
		if (start == 0 || start >= disk->nr_sectors || count > disk->nr_sectors - start) {
			pr_warn("%s: partition %d (sectors %llu..%llu) lies outside the disk (%llu sectors): ignored\n",
				disk->name, i + 1, (unsigned long long)start,
				(unsigned long long)(start + count - 1),
				(unsigned long long)disk->nr_sectors);
			continue;
		}
		parts[i] = kzalloc(sizeof(*parts[i]));
		if (!parts[i]) {
			err = -ENOMEM;
			break;
		}
		*parts[i] = (struct partition){
			.bdev = {
				.nr_sectors = count,
				.read_only = disk->read_only,
				.part_type = type,
				.disk = disk,
				.transfer = part_transfer,
				.priv = parts[i],
			},
			.start = start,
		};
		snprintf(parts[i]->name, sizeof(parts[i]->name), "%sp%d", disk->name, i + 1);
		parts[i]->bdev.name = parts[i]->name;
		if (blkdev_find(parts[i]->name))
			err = -EEXIST;
	}
	kfree(mbr);
	for (int i = 0; i < MBR_NR_ENTRIES; i++) {
		if (!parts[i])
			continue;
		if (err || blkdev_register(&parts[i]->bdev))
			kfree(parts[i]);
		else
			n++;
	}
	if (err)
		return err;
	return n;
}

void blkdev_remove_partitions(struct block_device *disk)
{
	struct block_device *b;

	while ((b = blkdev_find_partition(disk)) != NULL) {
		blkdev_unregister(b);
		kfree(b->priv);
	}
}
