// SPDX-License-Identifier: GPL-2.0-only
/*
 * KTAP tests of the virtio-mmio slots the board describes (suite
 * "virtio_mmio"): distinct, aligned register windows with distinct shared
 * interrupts, taken from the device tree when the boot had one; and, when
 * a drive is attached, a virtio-blk device found in one of them.
 */
#include <anvil/ktest.h>
#include <anvil/blkdev.h>
#include <anvil/boot.h>
#include <anvil/errno.h>
#include <anvil/irq.h>
#include <anvil/slab.h>
#include <anvil/mm.h>
#include <anvil/string.h>
#include <anvil/virtio.h>
#include <asm/board.h>

KTEST(virtio_mmio, board_slots)
{
	static struct virtio_mmio_slot slots[32];
	int n = board_virtio_mmio_slots(slots, 32);

	KEXPECT(t, n > 0);
	for (int i = 0; i < n; i++) {
		KEXPECT(t, slots[i].base && IS_ALIGNED(slots[i].base, VIRTIO_MMIO_SLOT_SIZE));
		KEXPECT(t, slots[i].irq >= 32 && slots[i].irq < NR_IRQS);
		for (int j = 0; j < i; j++) {
			KEXPECT(t, slots[i].base != slots[j].base);
			KEXPECT(t, slots[i].irq != slots[j].irq);
		}
	}
	/* Fewer asked for, fewer given. */
	KEXPECT_EQ(t, board_virtio_mmio_slots(slots, 1), 1);
}

KTEST(virtio_mmio, slots_from_device_tree)
{
	static struct virtio_mmio_slot slots[32];
	int n = board_virtio_mmio_slots(slots, 32), in_dt = 0;

	if (strcmp(boot_info.ram_source, "device tree")) {
		t->skip = "booted without a device tree";
		return;
	}
	while (in_dt < BOOT_VIRTIO_MMIO_MAX && boot_info.virtio_mmio[in_dt].size)
		in_dt++;
	KEXPECT(t, in_dt > 0);
	KEXPECT_EQ(t, n, in_dt);
	for (int i = 0; i < n; i++) {
		KEXPECT_EQ(t, slots[i].base, boot_info.virtio_mmio[i].base);
		KEXPECT_EQ(t, boot_info.virtio_mmio[i].size, VIRTIO_MMIO_SLOT_SIZE);
	}
}

KTEST(virtio_mmio, block_device_found)
{
	struct block_device *bdev = blkdev_find("virtio-blk0");
	void *buf;

	if (!bdev) {
		t->skip = "no drive attached";
		return;
	}
	buf = kmalloc(PAGE_SIZE);
	KEXPECT(t, buf != NULL);
	if (!buf)
		return;
	KEXPECT(t, bdev->nr_sectors > 0);
	KEXPECT(t, !bdev->read_only);
	/* A request past the end is the device's error, reported as -EIO. */
	KEXPECT_EQ(t, blkdev_read(bdev, bdev->nr_sectors, buf, SECTOR_SIZE), -EIO);
	/* Partial sectors are refused before reaching the device. */
	KEXPECT_EQ(t, blkdev_read(bdev, 0, buf, 100), -EINVAL);
	/* The device still works after its error. */
	KEXPECT_EQ(t, blkdev_read(bdev, 0, buf, PAGE_SIZE), 0);
	kfree(buf);
}
