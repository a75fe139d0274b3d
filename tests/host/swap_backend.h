/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The swap device of a host test's world (tests/host/swap_backend.c): the
 * fake disk, or zram0 (CONFIG_ZRAM) once swap_backend_use_zram(true), so
 * the same reclaim and reverse-map tests run over either backend.
 *
 * A world ends with swap_backend_free() while its RAM is still there
 * (zram's slot table and pages live in it): before host_mm_init starts
 * the RAM over, and after the test's last world.
 */
#ifndef HOST_SWAP_BACKEND_H
#define HOST_SWAP_BACKEND_H

#include <anvil/blkdev.h>
#include <anvil/swap.h>
#include "fake_disk.h"

void swap_backend_use_zram(bool on);
bool swap_backend_is_zram(void);
/* A device of pages pages (pages - 1 slots) formatted as a swap area. */
struct block_device *swap_backend_new(u32 pages);
void swap_backend_free(void);
/* The fake disk of this world; NULL on zram. */
struct fake_disk *swap_backend_disk(void);
/* The first word of a slot as the device holds it (a read on zram). */
u32 swap_backend_word(swp_entry_t entry);
/* Pages stored on zram0s (swap headers aside) since swap_backend_use_zram(). */
u32 swap_backend_zram_stores(void);
/* zram: give its allocator's reserve back, so page counts of two moments compare. */
void swap_backend_settle(void);

#endif
