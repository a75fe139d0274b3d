/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The memory accounting dump (mm/meminfo.c): every counter of the page
 * allocator and the slab caches as `key value` pairs, one per line when
 * printed, in a fixed order so that two dumps compare line by line:
 *
 *	page.size			sizeof(struct page)
 *	pages.total			pages of RAM under the allocator
 *	pages.<use>			pages by use: free kernel page_array pgtable
 *					slab anon swap_cache kstack
 *	pages.alloc_fails		failed alloc_pages calls
 *	pages.image			pages of the kernel image user space
 *					may map in place: the initramfs (counted
 *					in pages.kernel, never freed)
 *	pages.image_mapped		those that some PTE maps now: program
 *					text shared by every process running it
 *	buddy.order<k>			free blocks of order k, k = 0 .. 10
 *	pgtable.fragments		page tables smaller than a page in use
 *	pgtable.fragment_pages		table pages cut into such fragments
 *	pgtable.bytes			bytes of page tables in use (whole-page
 *					tables included; pages.pgtable x page
 *					size less this is free fragments)
 *	swap.slots_total		usable swap slots (CONFIG_SWAP only, as
 *					are the other swap.* keys; 0 when off)
 *	swap.slots_used/.slots_free	slots with references / without
 *	swap.slots_bad			pages the swap header lists as bad, and slots
 *					retired after a failed write
 *	swap.pages_out/.pages_in	pages written to / read from swap
 *	swap.io_errors			swap reads and writes that failed
 *	oom.kills			processes the OOM killer killed
 *	tasks.nr, tasks.max		tasks now (zombies included), the limit
 *	kstack.max_used			the deepest any task's stack has been
 *	slab.<name>.objsize		bytes per object in the slab
 *	slab.<name>.inuse		objects allocated
 *	slab.<name>.pages		pages held
 *	slab.<name>.allocs		successful allocations
 *	slab.<name>.fails		failed allocations
 *	kmalloc_large.inuse/.pages/.allocs/.fails
 *	rmap.anon_vmas, rmap.avcs	reverse-map objects now (CONFIG_SWAP only)
 *	rmap.walks, rmap.walk_vmas	walks done, VMAs they visited
 *	rmap.reuses			anon_vmas reused by fork
 *	cycles.*			instruction counts for make bench
 *					(<anvil/cycles.h>; 0 without a counter):
 *					cycles.swap_in/.swap_in_pages after
 *					swap-in's reclaim.* keys and
 *					cycles.swap_out/.swap_out_pages after
 *					the lru.* keys (CONFIG_SWAP),
 *					cycles.boot_to_user after oom.kills,
 *					cycles.rmap_walk after rmap.reuses.
 *					They depend on timing: compare them
 *					only under -icount.
 *
 * It reads counters only: it allocates nothing and changes nothing.
 */
#ifndef ANVIL_MEMINFO_H
#define ANVIL_MEMINFO_H

#include <anvil/types.h>

typedef void (*meminfo_emit_t)(const char *key, unsigned long value, void *arg);

void meminfo_dump(meminfo_emit_t emit, void *arg);
extern u32 nr_tasks;	/* kernel/fork.c's (<anvil/sched.h>), for tasks.nr */
u32 kstack_max_used(void);	/* likewise, for kstack.max_used */
/* The dump through printk, one "key value" line each. */
void meminfo_printk(void);

#endif
