/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Virtio 1.x over memory-mapped I/O ("virtio-mmio", register layout
 * version 2), and split virtqueues.  The transport (drivers/virtio/
 * virtio_mmio.c) finds devices in the slots the board describes, and
 * drives the status and feature handshake; the ring (drivers/virtio/
 * virtio_ring.c) owns one virtqueue's memory and descriptors.  Device
 * drivers (drivers/block/virtio_blk.c) build on both.
 *
 * Built only with CONFIG_VIRTIO_MMIO (selected by CONFIG_VIRTIO_BLK, which
 * depends on CONFIG_SWAP).  Specification: "Virtual I/O Device (VIRTIO)
 * Version 1.1", OASIS, sections 2.6 (split virtqueues), 3.1 (device
 * initialization) and 4.2 (virtio over MMIO).  Legacy devices (version 1)
 * are refused: QEMU offers version 2 with -global
 * virtio-mmio.force-legacy=false, which scripts/qemu.py passes.
 *
 * All fields the device reads are little-endian, as is the CPU.  QEMU's
 * DMA is cache-coherent, so the rings live in ordinary cached memory; dmb
 * orders the driver's writes against the device's view.
 */
#ifndef ANVIL_VIRTIO_H
#define ANVIL_VIRTIO_H

#include <anvil/types.h>

/* MMIO registers (offsets from the slot's base). */
#define VIRTIO_MMIO_MAGIC		0x000	/* "virt" */
#define VIRTIO_MMIO_VERSION		0x004
#define VIRTIO_MMIO_DEVICE_ID		0x008
#define VIRTIO_MMIO_VENDOR_ID		0x00c
#define VIRTIO_MMIO_DEVICE_FEATURES	0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL	0x014
#define VIRTIO_MMIO_DRIVER_FEATURES	0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL	0x024
#define VIRTIO_MMIO_QUEUE_SEL		0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX	0x034
#define VIRTIO_MMIO_QUEUE_NUM		0x038
#define VIRTIO_MMIO_QUEUE_READY		0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY	0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS	0x060
#define VIRTIO_MMIO_INTERRUPT_ACK	0x064
#define VIRTIO_MMIO_STATUS		0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW	0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH	0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW	0x090
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH	0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW	0x0a0
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH	0x0a4
#define VIRTIO_MMIO_CONFIG_GENERATION	0x0fc
#define VIRTIO_MMIO_CONFIG		0x100	/* device-specific configuration */

#define VIRTIO_MMIO_MAGIC_VALUE		0x74726976u
#define VIRTIO_MMIO_SLOT_SIZE		0x200

/* Device status bits. */
#define VIRTIO_STATUS_ACKNOWLEDGE	1u
#define VIRTIO_STATUS_DRIVER		2u
#define VIRTIO_STATUS_DRIVER_OK		4u
#define VIRTIO_STATUS_FEATURES_OK	8u
#define VIRTIO_STATUS_NEEDS_RESET	64u
#define VIRTIO_STATUS_FAILED		128u

/* InterruptStatus bits. */
#define VIRTIO_INT_USED_RING		1u
#define VIRTIO_INT_CONFIG		2u

#define VIRTIO_F_VERSION_1		32	/* feature bit: a virtio 1.x device */

#define VIRTIO_ID_BLOCK			2

/* ------------------------------------------------------------ transport */

/* One virtio-mmio slot, as the board describes it. */
struct virtio_mmio_slot {
	phys_addr_t base;
	unsigned int irq;		/* the interrupt controller's number */
};

/* A device found in a slot.  12 bytes; one per device found. */
struct virtio_device {
	void *regs;			/* the slot's registers, mapped */
	unsigned int irq;
	u32 device_id;
};

/*
 * Call probe(vdev) for every slot that holds a version-2 device of
 * device_id, in slot order; vdev is the driver's to keep.  Returns how
 * many probes returned 0.
 */
int virtio_mmio_probe(u32 device_id, int (*probe)(struct virtio_device *vdev));

/*
 * Reset the device, acknowledge it and negotiate features: the driver
 * wants VIRTIO_F_VERSION_1 and the bits in want (a subset of what the
 * device offers is taken).  Returns the features agreed, or 0 when the
 * device refused (status FAILED is set).
 */
u64 virtio_negotiate(struct virtio_device *vdev, u64 want);
/* Hand queue idx its memory; 0, or -ENODEV when the device cannot. */
struct virtqueue;
int virtio_setup_queue(struct virtio_device *vdev, u32 idx, struct virtqueue *vq);
void virtio_driver_ok(struct virtio_device *vdev);
void virtio_fail(struct virtio_device *vdev);
void virtio_notify(struct virtio_device *vdev, u32 queue);
/* Read and acknowledge InterruptStatus. */
u32 virtio_ack_interrupt(struct virtio_device *vdev);
/* Device configuration space, read consistently (generation counter). */
u32 virtio_config_read32(struct virtio_device *vdev, u32 offset);
u64 virtio_config_read64(struct virtio_device *vdev, u32 offset);

/* ------------------------------------------------------------ split virtqueue */

#define VRING_DESC_F_NEXT	1u
#define VRING_DESC_F_WRITE	2u	/* the device writes this buffer */

struct vring_desc {
	u64 addr;
	u32 len;
	u16 flags;
	u16 next;
};

struct vring_avail {
	u16 flags;
	u16 idx;
	u16 ring[];
};

struct vring_used_elem {
	u32 id;
	u32 len;
};

struct vring_used {
	u16 flags;
	u16 idx;
	struct vring_used_elem ring[];
};

/* Queues up to this size fit the three rings in one page. */
#define VIRTQ_MAX_NUM	128

/*
 * One split virtqueue: 28 bytes plus one page for the rings.  Not safe
 * against itself: callers add and reap with interrupts masked.
 */
struct virtqueue {
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	u16 num;		/* entries, a power of two */
	u16 free_head;		/* first free descriptor; chains through next */
	u16 nr_free;
	u16 last_used;		/* used->idx the driver has seen */
	void *mem;		/* the page holding the rings */
};

/* A buffer for virtqueue_add: physical memory the device may DMA. */
struct virtq_buf {
	void *addr;		/* in the kernel's linear map */
	u32 len;
	bool device_writes;
};

/* Rings for num entries (a power of two, <= VIRTQ_MAX_NUM); 0 or -ENOMEM. */
int virtqueue_init(struct virtqueue *vq, u16 num);
void virtqueue_destroy(struct virtqueue *vq);
/*
 * Chain n buffers and offer them to the device; returns the chain's head
 * (the id the used ring gives back), or -ENOSPC with fewer than n free
 * descriptors.  The caller then notifies the device.
 */
int virtqueue_add(struct virtqueue *vq, const struct virtq_buf *bufs, u16 n);
/* The next completed chain: true with its head and the bytes written. */
bool virtqueue_get_used(struct virtqueue *vq, u16 *head, u32 *len);

/* ------------------------------------------------------------ drivers */

struct block_device;
#if IS_ENABLED(CONFIG_VIRTIO_BLK)
/* Probe every virtio-blk device and register it as virtio-blk<N>. */
void virtio_blk_init(void);
/* Interrupts that completed requests of a virtio-blk device (for tests). */
u32 virtio_blk_irq_count(struct block_device *bdev);
#else
static inline void virtio_blk_init(void) { }
static inline u32 virtio_blk_irq_count(struct block_device *bdev) { (void)bdev; return 0; }
#endif

#endif
