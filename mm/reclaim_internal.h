/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What mm/'s reclaim files (vmscan.c, swap_state.c, kswapd.c) share with
 * the rest of mm/ and no one else: the LRU, the swap cache, reclaim and
 * its counters, and the wait on a page under swap I/O.  The picture is in
 * <anvil/reclaim.h>; what outside mm/ may call is there too.
 *
 * Every call here is a static inline no-op with CONFIG_SWAP=n, except
 * those only the reclaim files themselves make.
 */
#ifndef MM_RECLAIM_INTERNAL_H
#define MM_RECLAIM_INTERNAL_H

#include <anvil/meminfo.h>
#include <anvil/mm.h>
#include <anvil/mm_types.h>
#include <anvil/reclaim.h>
#include <anvil/sched.h>
#include <anvil/swap.h>

#if IS_ENABLED(CONFIG_SWAP)

/* Boot: the swap cache's slab cache (with the other mm/ caches). */
void swap_cache_init(void);

/* The clock: a newly mapped anonymous page joins it; a freed page leaves it. */
void lru_add(struct page *page);
void lru_remove(struct page *page);

/*
 * Reclaim now (direct reclaim; may sleep on swap I/O): up to nr pages, or
 * a batch of 32 when nr is smaller.  How many it freed.
 */
u32 try_to_free_pages(u32 nr);
/* kswapd's work: reclaim while free pages are below the high watermark; false if it got stuck. */
bool reclaim_to_high_watermark(void);
/* kswapd (mm/kswapd.c): wake it; wait a little for reclaim in flight. */
void wake_up_kswapd(void);
void reclaim_throttle(void);

/* The swap cache. */
struct page *swap_cache_lookup(swp_entry_t entry);
/*
 * A fault on a swap PTE: find or read the page, map it at addr of vma,
 * give up this PTE's slot reference.  0 (also when the PTE changed under
 * a sleep: the fault is retried), -ENOMEM, or -EIO when the page cannot be
 * read back (the caller kills the process).
 */
int do_swap_page(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr,
		 pte_t pte, bool write);
/* A swap PTE goes away (munmap, exit): drop its slot reference, and the cache's if last. */
void free_swap_and_cache(swp_entry_t entry);
/* fork: a copied swap PTE takes a slot reference.  0 or -ENOMEM. */
int swap_pte_dup(swp_entry_t entry);

/* The cache's own calls, for reclaim. */
/* 0 or -ENOMEM; reclaim may dip into a small reserve of cache entries. */
int add_to_swap_cache(struct page *page, swp_entry_t entry, bool for_reclaim);
void delete_from_swap_cache(struct page *page);
swp_entry_t swap_cache_entry(const struct page *page);
u32 swap_cache_pages(void);
void lru_meminfo(meminfo_emit_t emit, void *arg);
void lru_init(void);

/*
 * A page under swap I/O is locked (PG_locked, mm/swap_state.c's): whoever
 * needs it sleeps on the page until the I/O ends and wake_up_page.
 */
static inline void wait_on_page_locked(struct page *page)
{
	while (page->flags & PG_locked)
		sleep_on(page, 0);
}

static inline void wake_up_page(struct page *page)
{
	wake_up(page);
}

/* Counters, each kept by the file that counts, in the meminfo dump as reclaim.<name>. */
struct reclaim_stats {		/* mm/vmscan.c's */
	u32 scanned;		/* inactive pages the hand looked at */
	u32 reclaimed;		/* pages swapped out and freed */
	u32 activated;		/* referenced pages given another round */
	u32 write_errors;	/* pages kept because their write failed */
	u32 kept_for_waiter;	/* pages written but kept: a fault waited for them */
	u32 direct;		/* direct reclaim runs */
	u32 kswapd;		/* background reclaim runs */
};
extern struct reclaim_stats reclaim_stats;

struct swapin_stats {		/* mm/swap_state.c's */
	u32 swapins;		/* faults that read a page back */
	u32 cache_hits;		/* faults that found their page in the swap cache */
	u32 read_errors;	/* faults that could not read their page */
};
extern struct swapin_stats swapin_stats;

/* The meminfo dump: the swap cache's and swap-in's keys, then reclaim's and the LRU's. */
void swap_cache_meminfo(meminfo_emit_t emit, void *arg);
void reclaim_meminfo(meminfo_emit_t emit, void *arg);

#else

static inline void swap_cache_init(void) { }
static inline void lru_add(struct page *page) { (void)page; }
static inline void lru_remove(struct page *page) { (void)page; }
static inline u32 try_to_free_pages(u32 nr) { (void)nr; return 0; }
static inline void wake_up_kswapd(void) { }
static inline int do_swap_page(struct mm_struct *mm, struct vm_area_struct *vma,
			       unsigned long addr, pte_t pte, bool write)
{ (void)mm; (void)vma; (void)addr; (void)pte; (void)write; return -EFAULT; }
static inline void free_swap_and_cache(swp_entry_t entry) { (void)entry; }
static inline int swap_pte_dup(swp_entry_t entry) { (void)entry; return -ENOMEM; }
static inline void swap_cache_meminfo(meminfo_emit_t emit, void *arg) { (void)emit; (void)arg; }
static inline void reclaim_meminfo(meminfo_emit_t emit, void *arg) { (void)emit; (void)arg; }

#endif
#endif
