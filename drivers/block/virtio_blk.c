// SPDX-License-Identifier: GPL-2.0-only
/*
 * virtio-blk (virtio 1.x section 5.2): one request queue, requests of
 * three descriptors (header, data, status byte), completion by interrupt.
 * Each device registers as block device "virtio-blk<N>".
 *
 * A task that submits a request sleeps on it (sleep_on) until the
 * interrupt handler reaps it from the used ring and wakes it.  The boot
 * thread (pid 0, which cannot sleep) polls the used ring instead, with
 * interrupts masked; that is how swapon reads the swap header at boot and
 * how the in-kernel tests run.  Either way a request that the device does
 * not complete within REQUEST_TIMEOUT fails with -EIO, and its slot is
 * "lost": it stays with the device, which may still read or write its
 * buffers, until its completion arrives; then the slot is free again, so
 * a disk that stalls for a while does not take swap away for good.
 *
 * The device never sees a caller's buffer: each slot has a bounce page,
 * copied in before a write and out after a read that completed in time.
 * A caller whose request timed out may free or reuse its buffer at once
 * (the swap code frees the page of a failed read); a late completion
 * writes into the lost slot's own bounce page, which nobody else uses
 * until that completion has come.  Cost: a page per slot (NR_REQS), and a
 * copy of each transfer.
 *
 * It owns its queue, its request slots and its interrupt; it knows nothing
 * of what the sectors hold.
 */
#include <anvil/kernel.h>
#include <anvil/blkdev.h>
#include <anvil/errno.h>
#include <anvil/irq.h>
#include <anvil/mm.h>
#include <anvil/sched.h>
#include <anvil/slab.h>
#include <anvil/string.h>
#include <anvil/time.h>
#include <anvil/virtio.h>

#define VIRTIO_BLK_T_IN		0	/* read from the device */
#define VIRTIO_BLK_T_OUT	1	/* write to the device */
#define VIRTIO_BLK_S_OK		0
#define VIRTIO_BLK_S_IOERR	1
#define VIRTIO_BLK_S_UNSUPP	2
#define VIRTIO_BLK_F_RO		5	/* feature bit: read-only device */
#define VIRTIO_BLK_CFG_CAPACITY	0	/* config space: u64, 512-byte sectors */

#define QUEUE_NUM		16	/* descriptors: up to 5 requests in flight */
#define NR_REQS			(QUEUE_NUM / 3)
#define REQUEST_TIMEOUT		(10 * CONFIG_HZ)	/* ticks, when sleeping */
#define POLL_SPINS		(1u << 28)		/* when polling */

struct virtio_blk_outhdr {
	u32 type;
	u32 reserved;
	u64 sector;
};

/* One request slot; the device reads hdr and writes status, and reads or writes bounce. */
struct virtblk_req {
	struct virtio_blk_outhdr hdr;
	u8 status;
	bool busy;		/* owned by a caller */
	bool done;		/* the device gave it back */
	bool lost;		/* timed out: the device may still write it, until it completes */
	u8 *bounce;		/* PAGE_SIZE bytes: the data buffer the device sees */
};

/* One device: under 300 bytes, plus a page of rings. */
struct virtio_blk {
	struct block_device bdev;
	struct virtio_device *vdev;
	struct virtqueue vq;
	struct virtblk_req req[NR_REQS];
	struct virtblk_req *inflight[QUEUE_NUM];	/* by descriptor head */
	u32 irqs;		/* interrupts that completed requests */
	u32 late;		/* lost requests that completed after all */
	u32 late_told;		/* of those, the ones the console was told of */
	char name[16];
};

static int nr_devices;

/* Reap completed requests; interrupts masked. */
static void virtblk_reap(struct virtio_blk *vb)
{
	u16 head;
	u32 len;

	while (virtqueue_get_used(&vb->vq, &head, &len)) {
		struct virtblk_req *r = head < QUEUE_NUM ? vb->inflight[head] : NULL;

		if (!r)
			continue;
		vb->inflight[head] = NULL;
		if (r->lost) {
			/* Late, but back: its bounce page is the driver's again, and the slot free. */
			r->lost = false;
			vb->late++;
			continue;
		}
		r->done = true;
		wake_up(r);
	}
	wake_up(vb);		/* descriptors and slots may be free now */
}

static void virtblk_irq(unsigned int irq, void *arg)
{
	struct virtio_blk *vb = arg;

	(void)irq;
	if (virtio_ack_interrupt(vb->vdev) & VIRTIO_INT_USED_RING) {
		vb->irqs++;
		virtblk_reap(vb);
	}
}

/* Only tasks sleep; the boot thread (the idle task, pid 0) polls. */
static bool can_sleep(void)
{
	return current->pid != 0;
}

/* Wait once, interrupts masked: sleep until woken (or ticks pass), or poll once. */
static void wait_once(struct virtio_blk *vb, const void *chan)
{
	if (can_sleep()) {
		sleep_on(chan, REQUEST_TIMEOUT);
	} else {
		virtio_ack_interrupt(vb->vdev);
		virtblk_reap(vb);
	}
}

/* A time limit: REQUEST_TIMEOUT ticks for a task, POLL_SPINS polls at boot. */
struct deadline {
	u32 at;
	u32 spins;
};

static void deadline_start(struct deadline *d)
{
	d->at = (u32)jiffies + REQUEST_TIMEOUT;
	d->spins = 0;
}

static bool deadline_passed(struct deadline *d)
{
	if (can_sleep())
		return (s32)((u32)jiffies - d->at) >= 0;
	return ++d->spins >= POLL_SPINS;
}

static struct virtblk_req *get_req(struct virtio_blk *vb)
{
	for (int i = 0; i < NR_REQS; i++)
		if (!vb->req[i].busy && !vb->req[i].lost)
			return &vb->req[i];
	return NULL;
}

/* Every request slot was lost to a device that stopped answering. */
static bool all_lost(const struct virtio_blk *vb)
{
	for (int i = 0; i < NR_REQS; i++)
		if (!vb->req[i].lost)
			return false;
	return true;
}

/* One request of up to a page through a slot's bounce page. */
static int virtblk_request(struct virtio_blk *vb, int write, u64 sector, void *buf, u32 len)
{
	struct block_device *bdev = &vb->bdev;
	struct virtblk_req *r;
	struct virtq_buf bufs[3];
	struct deadline deadline;
	unsigned long flags;
	int head, err = 0;

	flags = local_irq_save();
	/*
	 * A free slot and three descriptors; wait for completions otherwise.
	 * A task waits as long as it takes: the requests in flight have their
	 * own deadline, so the wait ends unless every slot is lost.  Under
	 * heavy swapping hundreds of tasks may queue here; a deadline of its
	 * own would fail the unlucky ones while the device works fine.
	 */
	deadline_start(&deadline);
	while (!(r = get_req(vb)) || vb->vq.nr_free < 3) {
		if (all_lost(vb) || (!can_sleep() && deadline_passed(&deadline))) {
			local_irq_restore(flags);
			pr_err("%s: no free request slot\n", bdev->name);
			return -EAGAIN;		/* the device never saw it */
		}
		wait_once(vb, vb);
	}
	if (vb->late != vb->late_told) {
		printk(KERN_NOTICE "%s: %u timed-out requests completed late: their slots are back\n",
		       bdev->name, vb->late - vb->late_told);
		vb->late_told = vb->late;
	}
	r->busy = true;
	r->done = false;
	r->status = 0xff;
	r->hdr = (struct virtio_blk_outhdr){
		.type = write ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN,
		.sector = sector,
	};
	bufs[0] = (struct virtq_buf){ &r->hdr, sizeof(r->hdr), false };
	if (write)
		memcpy(r->bounce, buf, len);
	bufs[1] = (struct virtq_buf){ r->bounce, len, !write };
	bufs[2] = (struct virtq_buf){ &r->status, 1, true };
	head = virtqueue_add(&vb->vq, bufs, 3);
	vb->inflight[head] = r;
	virtio_notify(vb->vdev, 0);

	deadline_start(&deadline);
	while (!*(volatile bool *)&r->done && !deadline_passed(&deadline))
		wait_once(vb, r);
	if (!r->done) {
		pr_err("%s: request for sector %llu timed out\n", bdev->name,
		       (unsigned long long)sector);
		r->lost = true;
		err = -EIO;
	} else if (*(volatile u8 *)&r->status != VIRTIO_BLK_S_OK) {
		err = -EIO;
	} else if (!write) {
		memcpy(buf, r->bounce, len);
	}
	r->busy = false;
	wake_up(vb);		/* a task waiting for a request slot can have this one */
	local_irq_restore(flags);
	return err;
}

static int virtblk_transfer(struct block_device *bdev, int write, u64 sector, void *buf, u32 len)
{
	struct virtio_blk *vb = bdev->priv;

	if (!len || len % SECTOR_SIZE)
		return -EINVAL;
	for (u32 off = 0; off < len; off += PAGE_SIZE) {
		u32 n = min(len - off, (u32)PAGE_SIZE);
		int err = virtblk_request(vb, write, sector + off / SECTOR_SIZE, (u8 *)buf + off, n);

		if (err)
			return err;
	}
	return 0;
}

static void free_bounces(struct virtio_blk *vb)
{
	for (int i = 0; i < NR_REQS; i++)
		kfree(vb->req[i].bounce);
}

static int virtblk_probe(struct virtio_device *vdev)
{
	struct virtio_blk *vb = kzalloc(sizeof(*vb));
	u64 features;
	int err;

	if (!vb)
		return -ENOMEM;
	for (int i = 0; i < NR_REQS; i++) {
		vb->req[i].bounce = kmalloc(PAGE_SIZE);
		if (!vb->req[i].bounce) {
			free_bounces(vb);
			kfree(vb);
			return -ENOMEM;
		}
	}
	features = virtio_negotiate(vdev, 1ull << VIRTIO_BLK_F_RO);
	err = virtqueue_init(&vb->vq, QUEUE_NUM);
	if (!features || err || virtio_setup_queue(vdev, 0, &vb->vq)) {
		pr_err("virtio-blk: device refused setup\n");
		virtio_fail(vdev);
		goto fail;
	}
	vb->vdev = vdev;
	snprintf(vb->name, sizeof(vb->name), "virtio-blk%d", nr_devices);
	vb->bdev = (struct block_device){
		.name = vb->name,
		.nr_sectors = virtio_config_read64(vdev, VIRTIO_BLK_CFG_CAPACITY),
		.read_only = features & (1ull << VIRTIO_BLK_F_RO),
		.transfer = virtblk_transfer,
		.priv = vb,
	};
	if (request_irq(vdev->irq, virtblk_irq, vb) || blkdev_register(&vb->bdev)) {
		pr_err("%s: cannot take irq %u\n", vb->name, vdev->irq);
		virtio_fail(vdev);
		goto fail;
	}
	virtio_driver_ok(vdev);
	nr_devices++;
	return 0;
fail:
	if (vb->vq.mem)
		virtqueue_destroy(&vb->vq);
	free_bounces(vb);
	kfree(vb);
	return -ENODEV;
}

void virtio_blk_init(void)
{
	virtio_mmio_probe(VIRTIO_ID_BLOCK, virtblk_probe);
}

u32 virtio_blk_irq_count(struct block_device *bdev)
{
	return ((struct virtio_blk *)bdev->priv)->irqs;
}
