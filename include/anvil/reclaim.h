/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reclaim of anonymous memory to swap, on top of the swap area
 * (<anvil/swap.h>) and the reverse map (<anvil/rmap.h>):
 *
 *  - the reclaim clock (mm/vmscan.c): every mapped anonymous page is on
 *    it, active or inactive (PG_lru, PG_active; no list: a hand sweeps
 *    mem_map); page_referenced ages them;
 *  - the swap cache (mm/swap_state.c): the pages whose contents also live
 *    in a swap slot, found by slot, so a page shared by several processes
 *    is written once and read back once and every mapper finds it;
 *  - reclaim: take the cold inactive pages the hand finds, give each a
 *    slot, put that slot's swap entry in every PTE through try_to_unmap,
 *    write the page and free it; directly when an allocation finds memory short,
 *    and in the background by kswapd between two watermarks;
 *  - swap-in: a fault on a swap entry reads the page back (or finds it in
 *    the swap cache) and maps it again.
 *
 * Reference counts a page in the swap cache holds: one page reference and
 * one slot reference for the cache itself, and one slot reference per PTE
 * that holds the slot's entry.  A slot only the cache refers to is given
 * up with its page's cache entry.
 *
 * Every call here is a static inline no-op with CONFIG_SWAP=n: no LRU, no
 * swap cache, no reclaim.
 */
#ifndef ANVIL_RECLAIM_H
#define ANVIL_RECLAIM_H

#include <anvil/meminfo.h>
#include <anvil/mm.h>
#include <anvil/mm_types.h>
#include <anvil/swap.h>

/* Counters, in the meminfo dump as reclaim.<name> and swap.cache_pages. */
struct reclaim_stats {
	u32 scanned;		/* inactive pages the hand looked at */
	u32 reclaimed;		/* pages swapped out and freed */
	u32 activated;		/* referenced pages given another round */
	u32 write_errors;	/* pages kept because their write failed */
	u32 kept_for_waiter;	/* pages written but kept: a fault waited for them */
	u32 direct;		/* direct reclaim runs */
	u32 kswapd;		/* background reclaim runs */
	u32 swapins;		/* faults that read a page back */
	u32 cache_hits;		/* faults that found their page in the swap cache */
	u32 read_errors;	/* faults that could not read their page */
};

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
/*
 * An operation failed with -ENOMEM and is all-or-nothing: is it worth
 * trying again?  Reclaims now; when that frees nothing but swap is on
 * (pages may be under I/O, or taken by others as they were freed), waits
 * a tick for kswapd and the I/O first.  False without swap, and false
 * at once, reclaiming nothing, when the caller has been killed.
 */
bool reclaim_retry(void);
/* kswapd's work: reclaim while free pages are below the high watermark; false if it got stuck. */
bool reclaim_to_high_watermark(void);
/* Free pages are below the low watermark: kswapd should run. */
bool reclaim_below_low_watermark(void);

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

/* Inside mm/: the cache's own calls, for reclaim. */
/* 0 or -ENOMEM; reclaim may dip into a small reserve of cache entries. */
int add_to_swap_cache(struct page *page, swp_entry_t entry, bool for_reclaim);
void delete_from_swap_cache(struct page *page);
swp_entry_t swap_cache_entry(const struct page *page);
u32 swap_cache_pages(void);
void lru_meminfo(meminfo_emit_t emit, void *arg);
void lru_init(void);

/* The sleeping side, from kernel/kswapd.c (the host tests stub it). */
void wait_on_page_locked(struct page *page);
void wake_up_page(struct page *page);
void wake_up_kswapd(void);
/* Wait a little for reclaim in flight (kernel/kswapd.c). */
void reclaim_throttle(void);
/*
 * Whether the task asking for memory has been killed (kernel/kswapd.c):
 * its own memory is about to come back, so reclaim on its behalf would
 * only evict other processes' pages, and it must get to its exit at once.
 */
bool reclaim_caller_killed(void);
/* Boot, after swap_init: the background reclaim thread, if swap is on. */
void kswapd_start(void);

extern struct reclaim_stats reclaim_stats;
void reclaim_meminfo(meminfo_emit_t emit, void *arg);

#else

static inline void swap_cache_init(void) { }
static inline void lru_add(struct page *page) { (void)page; }
static inline void lru_remove(struct page *page) { (void)page; }
static inline u32 try_to_free_pages(u32 nr) { (void)nr; return 0; }
static inline bool reclaim_below_low_watermark(void) { return false; }
static inline bool reclaim_retry(void) { return false; }
static inline void wake_up_kswapd(void) { }
static inline void kswapd_start(void) { }
static inline int do_swap_page(struct mm_struct *mm, struct vm_area_struct *vma,
			       unsigned long addr, pte_t pte, bool write)
{ (void)mm; (void)vma; (void)addr; (void)pte; (void)write; return -EFAULT; }
static inline void free_swap_and_cache(swp_entry_t entry) { (void)entry; }
static inline int swap_pte_dup(swp_entry_t entry) { (void)entry; return -ENOMEM; }
static inline void reclaim_meminfo(meminfo_emit_t emit, void *arg) { (void)emit; (void)arg; }

#endif
#endif
