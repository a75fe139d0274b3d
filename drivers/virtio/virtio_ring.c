// SPDX-License-Identifier: GPL-2.0-only
/*
 * Split virtqueues (virtio 1.x section 2.6): one page holds the descriptor
 * table, the available ring and the used ring; free descriptors chain
 * through their next fields.  It owns a queue's memory and descriptors,
 * not what the buffers mean, and never talks to a transport, so the host
 * tests run it against a simulated device.  Callers mask
 * interrupts around add and get_used.
 */
#include <anvil/kernel.h>
#include <anvil/errno.h>
#include <anvil/mm.h>
#include <anvil/slab.h>
#include <anvil/string.h>
#include <anvil/virtio.h>

BUILD_BUG_ON(sizeof(struct vring_desc) != 16);
BUILD_BUG_ON(16 * VIRTQ_MAX_NUM + ALIGN(4 + 2 * VIRTQ_MAX_NUM + 2, 4) +
	     4 + 8 * VIRTQ_MAX_NUM + 2 > PAGE_SIZE);

/*
 * Order ring accesses against the device: a full-system dmb on ARM; the
 * host tests (tests/host/test_virtio_ring.c) build this file too.
 */
#if defined(__arm__)
#define virtio_mb()	__asm__ __volatile__("dmb" ::: "memory")
#else
#define virtio_mb()	__sync_synchronize()
#endif

int virtqueue_init(struct virtqueue *vq, u16 num)
{
	u8 *mem;

	if (!num || num > VIRTQ_MAX_NUM || (num & (num - 1)))
		return -EINVAL;
	mem = kzalloc(PAGE_SIZE);	/* a large kmalloc: whole, aligned pages */
	if (!mem)
		return -ENOMEM;
	vq->mem = mem;
	vq->num = num;
	vq->desc = (struct vring_desc *)mem;
	vq->avail = (struct vring_avail *)(mem + 16 * num);
	vq->used = (struct vring_used *)(mem + ALIGN(16 * num + 4 + 2 * num + 2, 4));
	for (u16 i = 0; i < num; i++)
		vq->desc[i].next = i + 1;
	vq->free_head = 0;
	vq->nr_free = num;
	vq->last_used = 0;
	return 0;
}

void virtqueue_destroy(struct virtqueue *vq)
{
	kfree(vq->mem);
	memset(vq, 0, sizeof(*vq));
}

int virtqueue_add(struct virtqueue *vq, const struct virtq_buf *bufs, u16 n)
{
	u16 head = vq->free_head, d = head;

	if (!n || n > vq->nr_free)
		return -ENOSPC;
	for (u16 i = 0; i < n; i++) {
		struct vring_desc *desc = &vq->desc[d];

		desc->addr = __pa(bufs[i].addr);
		desc->len = bufs[i].len;
		desc->flags = (bufs[i].device_writes ? VRING_DESC_F_WRITE : 0) |
			      (i + 1 < n ? VRING_DESC_F_NEXT : 0);
		if (i + 1 < n)
			d = desc->next;
	}
	vq->free_head = vq->desc[d].next;
	vq->nr_free -= n;

	vq->avail->ring[vq->avail->idx & (vq->num - 1)] = head;
	virtio_mb();			/* the entry before the index */
	vq->avail->idx++;
	virtio_mb();			/* the index before the notify */
	return head;
}

bool virtqueue_get_used(struct virtqueue *vq, u16 *head, u32 *len)
{
	struct vring_used_elem *e;
	u16 d, n = 1;

	if (*(volatile u16 *)&vq->used->idx == vq->last_used)
		return false;
	virtio_mb();			/* the index before the entry */
	e = &vq->used->ring[vq->last_used & (vq->num - 1)];
	*head = (u16)e->id;
	*len = e->len;
	vq->last_used++;
	/* Give the chain back: its tail points at the old free head. */
	for (d = *head; vq->desc[d].flags & VRING_DESC_F_NEXT; d = vq->desc[d].next)
		n++;
	vq->desc[d].next = vq->free_head;
	vq->free_head = *head;
	vq->nr_free += n;
	return true;
}
