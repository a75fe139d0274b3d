// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host tests of drivers/block/virtio_blk.c against a simulated virtio
 * block device (the transport, the interrupt and the scheduler's sleep are
 * stubbed here): a request the device does not complete in time fails, its
 * slot is lost until the device completes it late and then comes back, and
 * the late completion writes into the driver's bounce page, never into the
 * caller's buffer, which the caller reused at once.
 *
 * The device answers when the driver sleeps on a request, unless the test
 * stalls it; a stalled sleep lets the whole time-out pass.
 */
#include <string.h>
#include "test.h"
#include <anvil/kernel.h>
#include <anvil/mm.h>
#include <anvil/blkdev.h>
#include <anvil/errno.h>
#include <anvil/irq.h>
#include <anvil/sched.h>
#include <anvil/slab.h>
#include <anvil/time.h>
#include <anvil/virtio.h>

#define DISK_SECTORS	64
#define NR_SLOTS	5	/* the driver's requests in flight: 16 descriptors, 3 each */

/* ------------------------------------------------------------ what the kernel would provide */

/* current is the harness's task, pid 1: the driver sleeps, not polls. */
volatile u64 jiffies;

static irq_handler_t irq_handler;
static void *irq_arg;

int request_irq(unsigned int irq, irq_handler_t handler, void *arg)
{
	(void)irq;
	irq_handler = handler;
	irq_arg = arg;
	return 0;
}

/* ------------------------------------------------------------ the device */

static struct {
	struct virtqueue *vq;
	u16 avail_seen;
	bool stalled;
	u8 data[DISK_SECTORS * SECTOR_SIZE];
	u8 late_fill;			/* what a late read delivers */
	struct virtio_device vdev;
} dev;

struct blk_hdr {
	u32 type, reserved;
	u64 sector;
};

/* Complete the next offered request: move the data, OK status, used ring, interrupt. */
static bool device_complete_one(u8 fill_reads)
{
	struct vring_desc *d;
	struct blk_hdr *h;
	u16 head;
	u8 *data;

	if (dev.avail_seen == dev.vq->avail->idx)
		return false;
	head = dev.vq->avail->ring[dev.avail_seen++ & (dev.vq->num - 1)];
	d = &dev.vq->desc[head];
	h = __va((phys_addr_t)d->addr);
	d = &dev.vq->desc[d->next];
	data = __va((phys_addr_t)d->addr);
	if (h->type == 1)
		memcpy(dev.data + h->sector * SECTOR_SIZE, data, d->len);
	else if (fill_reads)
		memset(data, fill_reads, d->len);
	else
		memcpy(data, dev.data + h->sector * SECTOR_SIZE, d->len);
	*(u8 *)__va((phys_addr_t)dev.vq->desc[d->next].addr) = 0;	/* VIRTIO_BLK_S_OK */
	dev.vq->used->ring[dev.vq->used->idx & (dev.vq->num - 1)] =
		(struct vring_used_elem){ head, d->len + 1 };
	dev.vq->used->idx++;
	irq_handler(dev.vdev.irq, irq_arg);
	return true;
}

/* The driver sleeps: a working device completes what it was given; a stalled one lets time pass. */
static void device_sleep(const void *chan, u32 timeout)
{
	(void)chan;
	if (!dev.stalled && device_complete_one(0)) {
		while (device_complete_one(0))
			;
		return;
	}
	jiffies += timeout ? timeout : 1;
}

/* Only the tests here have the device: swap_init elsewhere must find none. */
static bool device_present;

int virtio_mmio_probe(u32 device_id, int (*probe)(struct virtio_device *vdev))
{
	if (device_id != VIRTIO_ID_BLOCK || !device_present)
		return 0;
	dev.vdev.irq = 42;
	return probe(&dev.vdev) == 0;
}

u64 virtio_negotiate(struct virtio_device *vdev, u64 want)
{
	(void)vdev;
	(void)want;
	return 1ull << VIRTIO_F_VERSION_1;
}

int virtio_setup_queue(struct virtio_device *vdev, u32 idx, struct virtqueue *vq)
{
	(void)vdev;
	(void)idx;
	dev.vq = vq;
	dev.avail_seen = 0;
	return 0;
}

void virtio_driver_ok(struct virtio_device *vdev) { (void)vdev; }
void virtio_fail(struct virtio_device *vdev) { (void)vdev; }
void virtio_notify(struct virtio_device *vdev, u32 queue) { (void)vdev; (void)queue; }

u32 virtio_ack_interrupt(struct virtio_device *vdev)
{
	(void)vdev;
	return VIRTIO_INT_USED_RING;
}

u64 virtio_config_read64(struct virtio_device *vdev, u32 offset)
{
	(void)vdev;
	(void)offset;
	return DISK_SECTORS;
}

/* ------------------------------------------------------------ tests */

/* Probe the simulated device; its block device. */
static struct block_device *probe_disk(void)
{
	static int probes;
	char name[16];
	struct block_device *bdev;

	memset(&dev, 0, sizeof(dev));
	host_sleep_on = device_sleep;	/* until the next test's host_mm_init */
	for (unsigned i = 0; i < sizeof(dev.data); i++)
		dev.data[i] = (u8)(i / SECTOR_SIZE + 1);
	device_present = true;
	virtio_blk_init();
	device_present = false;
	snprintf(name, sizeof(name), "virtio-blk%d", probes++);
	bdev = blkdev_find(name);
	ASSERT_NOT_NULL(bdev);
	return bdev;
}

TEST(virtio_blk_reads_and_writes)
{
	struct block_device *bdev = probe_disk();
	u8 *buf = kmalloc(2 * PAGE_SIZE);

	ASSERT_NOT_NULL(buf);
	EXPECT_EQ(bdev->nr_sectors, DISK_SECTORS);
	EXPECT_EQ(blkdev_read(bdev, 3, buf, SECTOR_SIZE), 0);
	EXPECT_EQ(buf[0], 4);
	EXPECT_EQ(buf[SECTOR_SIZE - 1], 4);
	/* More than a page: the driver splits it over its bounce page. */
	EXPECT_EQ(blkdev_read(bdev, 0, buf, 2 * PAGE_SIZE), 0);
	EXPECT_EQ(buf[0], 1);
	EXPECT_EQ(buf[2 * PAGE_SIZE - 1], 2 * PAGE_SIZE / SECTOR_SIZE);
	memset(buf, 0xc3, SECTOR_SIZE);
	EXPECT_EQ(blkdev_write(bdev, 5, buf, SECTOR_SIZE), 0);
	EXPECT_EQ(dev.data[5 * SECTOR_SIZE], 0xc3);
	EXPECT_EQ(blkdev_read(bdev, 0, buf, 7), -EINVAL);
	kfree(buf);
	blkdev_unregister(bdev);
}

/*
 * Every request times out (the device stalls) until all slots are lost;
 * the caller reuses its buffer at once.  The device then completes them
 * late: the callers' buffers are untouched, the slots come back, and the
 * disk works again.  Before: the slots stayed lost for good, every later
 * request failed, and the late read wrote into the caller's buffer.
 */
TEST(virtio_blk_timed_out_requests_complete_later)
{
	struct block_device *bdev = probe_disk();
	u8 *buf = kmalloc(SECTOR_SIZE), *reused = kmalloc(SECTOR_SIZE);
	int lost = 0, err;

	ASSERT_NOT_NULL(buf);
	ASSERT_NOT_NULL(reused);
	dev.stalled = true;
	for (lost = 0; lost < NR_SLOTS; lost++) {
		EXPECT_EQ(blkdev_read(bdev, 1, buf, SECTOR_SIZE), -EIO);	/* timed out */
		memset(buf, 0xaa, SECTOR_SIZE);		/* the caller's again: reused */
	}
	err = blkdev_read(bdev, 1, reused, SECTOR_SIZE);
	EXPECT_EQ(err, -EAGAIN);	/* every slot lost: the device never saw this one */
	EXPECT_EQ(dev.avail_seen, 0);

	/* The device wakes up and completes them all, late, with what it read. */
	dev.stalled = false;
	for (int i = 0; i < lost; i++)
		EXPECT_TRUE(device_complete_one(0x55));
	for (unsigned i = 0; i < SECTOR_SIZE; i++)
		if (buf[i] != 0xaa) {
			EXPECT_EQ(buf[i], 0xaa);	/* the late data went elsewhere */
			break;
		}

	/* The slots are back: more requests than there are slots all work. */
	for (int i = 0; i < 2 * lost; i++) {
		EXPECT_EQ(blkdev_read(bdev, 2, reused, SECTOR_SIZE), 0);
		EXPECT_EQ(reused[0], 3);
	}
	kfree(buf);
	kfree(reused);
	blkdev_unregister(bdev);
}
