/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A fake block device for the host tests (tests/host/fake_disk.c): its
 * bytes live in host memory; a transfer touching fail_read_sector or
 * fail_write_sector returns -EIO, as a failing disk would.
 *
 * A scripted action of another task (tests/host/host_task.h) can run in
 * the middle of a transfer: disk_during() arms it for the next read or
 * write; it runs while the caller sleeps on that transfer, before the
 * data moves, and the transfer completes once it ends or sleeps.
 */
#ifndef HOST_FAKE_DISK_H
#define HOST_FAKE_DISK_H

#include <anvil/blkdev.h>

struct fake_disk {
	struct block_device bdev;
	u8 *data;
	u64 bytes;
	u64 fail_read_sector;	/* a transfer touching it fails; 0: none */
	u64 fail_write_sector;
	u32 reads, writes;
	/* The armed action: run once, as another task, during the next transfer of that kind. */
	void (*during)(void *arg);
	void *during_arg;
	int during_write;	/* 0: a read, 1: a write, -1: either */
};

/* A device of bytes bytes (rounded down to sectors), all zeros, named virtio-blk0. */
struct fake_disk *disk_new(u64 bytes);
void disk_free(struct fake_disk *d);
/* Store a little-endian word at byte off. */
void put32(struct fake_disk *d, u32 off, u32 v);
/* What util-linux mkswap writes: version 1, last_page, bad pages, signature. */
void mkswap(struct fake_disk *d, u32 pages, const u32 *bad, u32 nr_bad);
/* Arm fn(arg) for the next transfer that is a write (write 1), a read (0), or either (-1). */
void disk_during(struct fake_disk *d, int write, void (*fn)(void *), void *arg);
/* A device of pages pages with a swap area on it. */
struct fake_disk *swap_disk(u32 pages);

#endif
