// SPDX-License-Identifier: GPL-2.0-only
/*
 * The virtio-mmio transport (virtio 1.x, register layout version 2):
 * finds devices in the board's slots and runs the status and feature
 * handshake and queue setup of the specification's section 4.2.3.  It owns
 * the slots' register windows; what a device does is its driver's.
 */
#include <anvil/kernel.h>
#include <anvil/errno.h>
#include <anvil/slab.h>
#include <anvil/virtio.h>
#include <asm/board.h>
#include <asm/io.h>
#include <asm/memory.h>

#define MAX_SLOTS	32

static u32 rd(struct virtio_device *vdev, u32 reg)
{
	return readl((u8 *)vdev->regs + reg);
}

static void wr(struct virtio_device *vdev, u32 reg, u32 val)
{
	writel(val, (u8 *)vdev->regs + reg);
}

/*
 * ioremap() hands out whole 1 MiB sections; the slots of a board sit in
 * one, so map each section once.
 */
static void *map_slot(phys_addr_t pa)
{
	static phys_addr_t mapped_base = 1;	/* never a section base */
	static u8 *mapped_va;
	phys_addr_t base = pa & ~(phys_addr_t)(MiB(1) - 1);

	if (base != mapped_base) {
		u8 *va = ioremap(base, MiB(1));

		if (!va)
			return NULL;
		mapped_base = base;
		mapped_va = va;
	}
	return mapped_va + (pa - base);
}

int virtio_mmio_probe(u32 device_id, int (*probe)(struct virtio_device *vdev))
{
	struct virtio_mmio_slot slots[MAX_SLOTS];
	int n = board_virtio_mmio_slots(slots, MAX_SLOTS), found = 0;

	for (int i = 0; i < n; i++) {
		struct virtio_device probe_dev = { .irq = slots[i].irq };
		struct virtio_device *vdev;
		u32 version;

		probe_dev.regs = map_slot(slots[i].base);
		if (!probe_dev.regs) {
			pr_err("virtio-mmio: cannot map %08x\n", slots[i].base);
			return found;
		}
		if (rd(&probe_dev, VIRTIO_MMIO_MAGIC) != VIRTIO_MMIO_MAGIC_VALUE)
			continue;
		probe_dev.device_id = rd(&probe_dev, VIRTIO_MMIO_DEVICE_ID);
		if (probe_dev.device_id != device_id)	/* 0: an empty slot */
			continue;
		version = rd(&probe_dev, VIRTIO_MMIO_VERSION);
		if (version != 2) {
			pr_warn("virtio-mmio %08x: register layout version %u, only version 2 "
				"(virtio 1.x) is supported\n", slots[i].base, version);
			continue;
		}
		vdev = kmalloc(sizeof(*vdev));
		if (!vdev) {
			pr_err("virtio-mmio %08x: out of memory\n", slots[i].base);
			continue;
		}
		*vdev = probe_dev;
		if (probe(vdev) == 0)
			found++;
		else
			kfree(vdev);
	}
	return found;
}

u64 virtio_negotiate(struct virtio_device *vdev, u64 want)
{
	u64 offered, agreed;
	u32 spins = 0;

	wr(vdev, VIRTIO_MMIO_STATUS, 0);		/* reset: done when status reads 0 */
	while (rd(vdev, VIRTIO_MMIO_STATUS))
		if (++spins == 1000000)
			return 0;
	wr(vdev, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	wr(vdev, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);

	wr(vdev, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	offered = (u64)rd(vdev, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
	wr(vdev, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	offered |= rd(vdev, VIRTIO_MMIO_DEVICE_FEATURES);
	if (!(offered & (1ull << VIRTIO_F_VERSION_1))) {
		virtio_fail(vdev);
		return 0;
	}
	agreed = offered & (want | 1ull << VIRTIO_F_VERSION_1);
	wr(vdev, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(vdev, VIRTIO_MMIO_DRIVER_FEATURES, (u32)(agreed >> 32));
	wr(vdev, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(vdev, VIRTIO_MMIO_DRIVER_FEATURES, (u32)agreed);

	wr(vdev, VIRTIO_MMIO_STATUS, rd(vdev, VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_FEATURES_OK);
	if (!(rd(vdev, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK)) {
		virtio_fail(vdev);
		return 0;
	}
	return agreed;
}

int virtio_setup_queue(struct virtio_device *vdev, u32 idx, struct virtqueue *vq)
{
	u32 max;

	wr(vdev, VIRTIO_MMIO_QUEUE_SEL, idx);
	max = rd(vdev, VIRTIO_MMIO_QUEUE_NUM_MAX);
	if (rd(vdev, VIRTIO_MMIO_QUEUE_READY) || max < vq->num)
		return -ENODEV;
	wr(vdev, VIRTIO_MMIO_QUEUE_NUM, vq->num);
	wr(vdev, VIRTIO_MMIO_QUEUE_DESC_LOW, __pa(vq->desc));
	wr(vdev, VIRTIO_MMIO_QUEUE_DESC_HIGH, 0);
	wr(vdev, VIRTIO_MMIO_QUEUE_DRIVER_LOW, __pa(vq->avail));
	wr(vdev, VIRTIO_MMIO_QUEUE_DRIVER_HIGH, 0);
	wr(vdev, VIRTIO_MMIO_QUEUE_DEVICE_LOW, __pa(vq->used));
	wr(vdev, VIRTIO_MMIO_QUEUE_DEVICE_HIGH, 0);
	wr(vdev, VIRTIO_MMIO_QUEUE_READY, 1);
	return 0;
}

void virtio_driver_ok(struct virtio_device *vdev)
{
	wr(vdev, VIRTIO_MMIO_STATUS, rd(vdev, VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_DRIVER_OK);
}

void virtio_fail(struct virtio_device *vdev)
{
	wr(vdev, VIRTIO_MMIO_STATUS, rd(vdev, VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_FAILED);
}

void virtio_notify(struct virtio_device *vdev, u32 queue)
{
	wr(vdev, VIRTIO_MMIO_QUEUE_NOTIFY, queue);
}

u32 virtio_ack_interrupt(struct virtio_device *vdev)
{
	u32 status = rd(vdev, VIRTIO_MMIO_INTERRUPT_STATUS);

	if (status)
		wr(vdev, VIRTIO_MMIO_INTERRUPT_ACK, status);
	return status;
}

u32 virtio_config_read32(struct virtio_device *vdev, u32 offset)
{
	return rd(vdev, VIRTIO_MMIO_CONFIG + offset);
}

u64 virtio_config_read64(struct virtio_device *vdev, u32 offset)
{
	u32 gen, lo, hi;

	do {
		gen = rd(vdev, VIRTIO_MMIO_CONFIG_GENERATION);
		lo = rd(vdev, VIRTIO_MMIO_CONFIG + offset);
		hi = rd(vdev, VIRTIO_MMIO_CONFIG + offset + 4);
	} while (gen != rd(vdev, VIRTIO_MMIO_CONFIG_GENERATION));
	return (u64)hi << 32 | lo;
}
