/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A fake block device for the host tests (tests/host/fake_disk.c): its
 * bytes live in host memory; a transfer touching fail_read_sector or
 * fail_write_sector returns -EIO, as a failing disk would.
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
};

/* A device of bytes bytes (rounded down to sectors), all zeros, named virtio-blk0. */
struct fake_disk *disk_new(u64 bytes);
void disk_free(struct fake_disk *d);
/* Store a little-endian word at byte off. */
void put32(struct fake_disk *d, u32 off, u32 v);
/* What util-linux mkswap writes: version 1, last_page, bad pages, signature. */
void mkswap(struct fake_disk *d, u32 pages, const u32 *bad, u32 nr_bad);
/* A device of pages pages with a swap area on it. */
struct fake_disk *swap_disk(u32 pages);

#endif
