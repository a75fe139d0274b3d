// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host tests of drivers/virtio/virtio_ring.c: split virtqueues against a
 * simulated device that completes chains from the available ring, in or
 * out of order.  Descriptors chain and come back, the rings wrap past
 * 65535, a full queue says -ENOSPC, and a failed allocation leaks nothing.
 */
#include <stdlib.h>
#include "test.h"
#include "mm_check.h"
#include <anvil/errno.h>
#include <anvil/slab.h>
#include <anvil/virtio.h>

/* The device's side: the next avail entry it has not taken. */
struct sim_device {
	u16 avail_seen;
};

/* Take the next offered chain; its head. */
static u16 sim_take(struct virtqueue *vq, struct sim_device *dev)
{
	return vq->avail->ring[dev->avail_seen++ & (vq->num - 1)];
}

/* Give a chain back through the used ring. */
static void sim_complete(struct virtqueue *vq, u16 head, u32 len)
{
	struct vring_used_elem *e = &vq->used->ring[vq->used->idx & (vq->num - 1)];

	e->id = head;
	e->len = len;
	vq->used->idx++;
}

TEST(virtqueue_sizes)
{
	struct virtqueue vq;

	EXPECT_EQ(virtqueue_init(&vq, 0), -EINVAL);
	EXPECT_EQ(virtqueue_init(&vq, 12), -EINVAL);
	EXPECT_EQ(virtqueue_init(&vq, 2 * VIRTQ_MAX_NUM), -EINVAL);
	ASSERT_EQ(virtqueue_init(&vq, VIRTQ_MAX_NUM), 0);
	/* The three rings fit the page, in order, aligned as the spec asks. */
	EXPECT_EQ((uintptr_t)vq.desc % 16, 0);
	EXPECT_EQ((uintptr_t)vq.used % 4, 0);
	EXPECT_TRUE((u8 *)vq.avail >= (u8 *)(vq.desc + VIRTQ_MAX_NUM));
	EXPECT_TRUE((u8 *)vq.used >= (u8 *)&vq.avail->ring[VIRTQ_MAX_NUM] + 2);
	EXPECT_TRUE((u8 *)&vq.used->ring[VIRTQ_MAX_NUM] + 2 <= (u8 *)vq.mem + PAGE_SIZE);
	virtqueue_destroy(&vq);
}

TEST(virtqueue_chain_fields)
{
	struct virtqueue vq;
	u8 *buf = kmalloc(64);
	struct virtq_buf bufs[3] = {
		{ buf, 16, false }, { buf + 16, 32, true }, { buf + 48, 1, true },
	};
	u16 d, head2;
	u32 len;
	int head;

	ASSERT_NOT_NULL(buf);
	ASSERT_EQ(virtqueue_init(&vq, 8), 0);
	head = virtqueue_add(&vq, bufs, 3);
	ASSERT_TRUE(head >= 0 && head < 8);
	EXPECT_EQ(vq.nr_free, 5);
	EXPECT_EQ(vq.avail->idx, 1);
	EXPECT_EQ(vq.avail->ring[0], head);
	d = (u16)head;
	for (int i = 0; i < 3; i++) {
		EXPECT_EQ(vq.desc[d].addr, __pa(bufs[i].addr));
		EXPECT_EQ(vq.desc[d].len, bufs[i].len);
		EXPECT_EQ(!!(vq.desc[d].flags & VRING_DESC_F_WRITE), bufs[i].device_writes);
		EXPECT_EQ(!!(vq.desc[d].flags & VRING_DESC_F_NEXT), i < 2);
		d = vq.desc[d].next;
	}
	EXPECT_FALSE(virtqueue_get_used(&vq, &head2, &len));
	sim_complete(&vq, (u16)head, 33);
	ASSERT_TRUE(virtqueue_get_used(&vq, &head2, &len));
	EXPECT_EQ(head2, head);
	EXPECT_EQ(len, 33);
	EXPECT_EQ(vq.nr_free, 8);
	EXPECT_FALSE(virtqueue_get_used(&vq, &head2, &len));
	virtqueue_destroy(&vq);
	kfree(buf);
}

TEST(virtqueue_full_out_of_order_and_wrap)
{
	struct virtqueue vq;
	struct sim_device dev = { 0 };
	u8 *buf = kmalloc(64);
	struct virtq_buf bufs[3] = { { buf, 16, false }, { buf, 32, true }, { buf, 1, true } };
	u16 heads[5], got;
	u32 len, round;

	ASSERT_NOT_NULL(buf);
	ASSERT_EQ(virtqueue_init(&vq, 16), 0);
	for (round = 0; round < 14000; round++) {	/* 70000 chains: the u16 indices wrap */
		for (int i = 0; i < 5; i++) {
			int h = virtqueue_add(&vq, bufs, 3);

			ASSERT_TRUE(h >= 0);
			EXPECT_EQ(sim_take(&vq, &dev), h);
			heads[i] = (u16)h;
		}
		EXPECT_EQ(vq.nr_free, 1);
		EXPECT_EQ(virtqueue_add(&vq, bufs, 3), -ENOSPC);
		EXPECT_EQ(vq.nr_free, 1);		/* nothing taken */
		/* The device finishes them in another order each round. */
		for (int i = 0; i < 5; i++) {
			u16 h = heads[(i * 2 + round) % 5];

			sim_complete(&vq, h, i);
			ASSERT_TRUE(virtqueue_get_used(&vq, &got, &len));
			EXPECT_EQ(got, h);
		}
		ASSERT_EQ(vq.nr_free, 16);
	}
	EXPECT_EQ(vq.avail->idx, (u16)(14000u * 5));
	virtqueue_destroy(&vq);
	kfree(buf);
}

#if IS_ENABLED(CONFIG_FAULT_INJECTION)
TEST(virtqueue_init_fails_cleanly)
{
	struct mm_snapshot before, after;
	struct virtqueue vq;

	kmem_cache_shrink_all();
	mm_snapshot_take(&before);
	fault_inject_nth(&fail_page_alloc, 1);
	EXPECT_EQ(virtqueue_init(&vq, 16), -ENOMEM);
	fault_inject_off(&fail_page_alloc);
	kmem_cache_shrink_all();
	mm_snapshot_take(&after);
	EXPECT_SNAPSHOT_EQ(&before, &after, true, true);
	ASSERT_EQ(virtqueue_init(&vq, 16), 0);
	virtqueue_destroy(&vq);
}
#endif
