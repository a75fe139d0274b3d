/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The swap area: one device in Linux's on-disk swap format, its slots and
 * their reference counts, and page I/O to them (mm/swapfile.c).  This is
 * the bottom of swapping; the swap cache, reclaim and swap-in build on it.
 *
 * Slots.  The area is the device's pages 0 .. last_page; page 0 is the
 * header, so a slot is a page number 1 .. last_page and slot 0 means
 * "none".  A swp_entry_t (<anvil/pgtable.h>) carries the slot number in
 * val, so swp_entry_to_pte() stores it in a non-present PTE as it is.
 * Pages the header lists as bad are never handed out.
 *
 * Reference counts.  get_swap_slot() returns a slot with one reference:
 * the one the page's first owner (a PTE, or the swap cache) holds.  Each
 * further owner takes one with swap_duplicate() (fork copying a swap PTE,
 * the swap cache keeping the slot of a page it holds); swap_free() drops
 * one and frees the slot with the last.  The count is 15 bits (the 16th
 * marks a slot a write failed on: when freed it is retired as bad, never
 * handed out again): swap_duplicate() returns -ENOSPC at SWAP_COUNT_MAX
 * and changes nothing.
 *
 * I/O.  swap_write_page(slot, page) and swap_read_page(slot, page) move
 * one page between RAM and the slot; they return 0, -EINVAL for a slot
 * that is not allocated, -EIO when the device fails (counted as
 * swap.io_errors), or -ENOMEM when a RAM-backed device (zram) has no
 * memory to store the page (the slot stays good: the area is full).  They sleep when called from a task and poll from the
 * boot thread.  The data is the caller's: nothing here reads it.
 *
 * Concurrency.  The kernel is not preemptible and no interrupt handler
 * touches the slot maps, so allocation and counting need no lock; I/O may
 * sleep, so callers keep a page locked (their own flag) across it.
 *
 * Cost.  2 bytes of count and 1 bit of free map per slot, allocated at
 * swapon: 34 KiB for 64 MiB of swap.  Nothing with CONFIG_SWAP=n: every
 * call below becomes an inline stub.
 */
#ifndef ANVIL_SWAP_H
#define ANVIL_SWAP_H

#include <anvil/types.h>
#include <anvil/errno.h>
#include <anvil/meminfo.h>
#include <anvil/pgtable.h>	/* swp_entry_t and its PTE encoding */

struct page;
struct block_device;

#define SWAP_COUNT_MAX		0x7ffeu		/* references one slot can hold */

/* The swap counters (also in the meminfo dump as swap.<name>). */
struct swap_stats {
	u32 slots_total;	/* usable slots: last_page less the bad ones */
	u32 slots_used;		/* slots with a reference */
	u32 slots_bad;		/* pages the header lists as bad, and slots retired after a failed write */
	u32 pages_out;		/* pages written successfully */
	u32 pages_in;		/* pages read successfully */
	u32 io_errors;		/* reads and writes the device failed */
};

#if IS_ENABLED(CONFIG_SWAP)

/*
 * Boot: probe the block drivers' devices, then swapon the one named by
 * "swap=<name>" on the command line (default virtio-blk0); "swap=off"
 * skips it.  Prints one line either way.
 */
void swap_init(void);
/*
 * Enable the swap area on bdev: read and check the header, allocate the
 * maps, print "swap: <size> on <dev> (<n> slots)".  Returns 0, or -EBUSY
 * (swap is on), -ENODEV (no device), -EINVAL (no or bad swap area, the
 * device is shorter than the header says, or read-only), -EIO (the header
 * cannot be read) or -ENOMEM, each with one line that says why; the
 * kernel then runs without swap.
 */
int swapon(struct block_device *bdev);
/* Write into page the header mkswap would write for slots 1 .. last_page. */
void swap_format_header(void *page, u32 last_page);
/* Disable swap: 0, or -EBUSY while any slot is in use. */
int swapoff(void);
bool swap_enabled(void);

/* A free slot with one reference, or { 0 } when the area is full or off. */
swp_entry_t get_swap_slot(void);
/* One more reference: 0, -EINVAL (slot not allocated), -ENOSPC (count full). */
int swap_duplicate(swp_entry_t entry);
/* Drop a reference; the last one frees the slot.  A free slot is reported. */
void swap_free(swp_entry_t entry);
/* References the slot holds; 0 when free or not a slot. */
unsigned int swap_count(swp_entry_t entry);

int swap_write_page(swp_entry_t entry, struct page *page);
int swap_read_page(swp_entry_t entry, struct page *page);

void swap_get_stats(struct swap_stats *stats);
/* The swap.* keys of the meminfo dump. */
void swap_meminfo(meminfo_emit_t emit, void *arg);

#else

static inline void swap_init(void) { }
static inline bool swap_enabled(void) { return false; }
static inline swp_entry_t get_swap_slot(void) { return (swp_entry_t){ 0 }; }
static inline int swap_duplicate(swp_entry_t entry) { (void)entry; return -EINVAL; }
static inline void swap_free(swp_entry_t entry) { (void)entry; }
static inline unsigned int swap_count(swp_entry_t entry) { (void)entry; return 0; }

static inline int swap_write_page(swp_entry_t entry, struct page *page)
{
	(void)entry;
	(void)page;
	return -EIO;
}

static inline int swap_read_page(swp_entry_t entry, struct page *page)
{
	(void)entry;
	(void)page;
	return -EIO;
}

static inline void swap_meminfo(meminfo_emit_t emit, void *arg)
{
	(void)emit;
	(void)arg;
}

#endif
#endif
