// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reclaim of anonymous pages (CONFIG_SWAP), see <anvil/reclaim.h>.
 *
 * Owns: the reclaim clock (its hand and the PG_lru / PG_active bits), the
 * choice of what to reclaim, and the watermarks.  Must not touch: PTEs
 * (only through the rmap's page_referenced and try_to_unmap), slot counts
 * beyond the references it hands to PTEs, the swap cache's tables
 * (mm/swap_state.c).
 *
 * The policy is a second-chance clock with two chances, the one Linux's
 * early 2.6 anonymous LRU ran on two lists, here without any list: the
 * pages reclaim may take (mapped anonymous pages and swap-cache pages,
 * PG_lru) are found by a hand that sweeps mem_map in pfn order, and
 * PG_active says which of the old lists a page would be on.  A new page
 * is active.  At each page the hand passes: a young page (PTEs touched
 * since the last look) becomes or stays active; an old active page
 * becomes inactive (what the old list's refill did); an old inactive page
 * is swapped out.  As the refill did, the hand ages active pages only
 * while the inactive ones are short (fewer than a batch, or under half
 * the active ones); otherwise it passes them by without a walk.  page_referenced clears the young bits it counts, so a
 * page survives only if it was touched since it was last looked at, and
 * an untouched page goes on the second look after it was last touched,
 * as it did from the inactive list's tail.  What the clock gives up
 * against the lists is the order among pages of the same age: it takes
 * them in pfn order rather than in the order they were mapped.
 *
 * Cost: no bytes in struct page (the lists cost 8 per page of RAM); the
 * hand steps over a page that is no candidate with one load of its flags,
 * and over a whole free or allocated block of order k at once (its first
 * page carries the order; every block is aligned to its size).
 *
 * Swapping one page out: a slot and a swap-cache entry for it, one slot
 * reference per PTE, try_to_unmap puts the slot's entry in every PTE that
 * maps it, and the page is written with PG_locked set, sleeping.  Every
 * step before the write can fail and then puts the page back as it was.
 * The unmap is an update of other tasks' PTEs and rmap (bracketed by
 * mm_update_begin/end, <anvil/mm_sleep.h>); it ends before the write
 * sleeps, so no one ever sees a half-unmapped page.
 *
 * While the write sleeps nobody can map the page (it is locked), but a
 * fault on one of its swap PTEs finds it in the cache, takes a reference
 * and waits for the lock.  So after the write the page leaves the cache
 * and memory only if reclaim's own reference and the cache's are all it
 * has (as Linux frees a page only when it holds the last references);
 * with a waiter it stays in the cache, and the waiter maps it without
 * reading it back and puts it on the LRU again.  A page whose write failed
 * stays in the cache too, back on the LRU, so that a later round can try
 * again; its slot is retired as bad once it is freed (mm/swapfile.c).
 */
#include <anvil/kernel.h>
#include <anvil/errno.h>
#include <anvil/cycles.h>
#include <anvil/mm_sleep.h>
#include "reclaim_internal.h"
#include <anvil/rmap.h>

#define RECLAIM_BATCH	32u	/* pages a direct reclaim run aims for */

static u32 clock_hand;		/* the pfn the hand looks at next */
static u32 nr_active, nr_inactive;	/* PG_lru pages with and without PG_active */
struct reclaim_stats reclaim_stats;

/* ------------------------------------------------------------ the clock */

void lru_init(void)
{
	clock_hand = mem_map_first_pfn;
	nr_active = nr_inactive = 0;
}

void lru_add(struct page *page)
{
	VM_BUG_ON(page->flags & PG_lru);
	page->flags |= PG_lru | PG_active;
	nr_active++;
}

void lru_remove(struct page *page)
{
	VM_BUG_ON(!(page->flags & PG_lru));
	if (page->flags & PG_active)
		nr_active--;
	else
		nr_inactive--;
	page->flags &= ~(PG_lru | PG_active);
}

static void set_active(struct page *page, bool active)
{
	if (!(page->flags & PG_active) == !active)
		return;
	page->flags ^= PG_active;
	if (active) {
		nr_active++;
		nr_inactive--;
	} else {
		nr_active--;
		nr_inactive++;
	}
}

/*
 * Move the hand to the next page on the clock and past it; NULL when no
 * page is on it.  A page off the clock costs one load; the first page of
 * a block of order k (free, or allocated to anything but anonymous
 * memory, which is order 0) takes the hand to the next multiple of 2^k.
 */
static struct page *clock_next(void)
{
	u32 pfn = clock_hand, end = mem_map_end_pfn, wrapped = 0;
	struct page *page;

	if (!nr_active && !nr_inactive)
		return NULL;
	for (;;) {
		if (pfn >= end) {
			/* Twice round finding nothing: the counts lie. */
			BUG_ON(++wrapped > 2);
			pfn = mem_map_first_pfn;
		}
		page = pfn_to_page(pfn);
		if (page->flags & PG_lru)
			break;
		pfn = ALIGN(pfn + 1, 1u << page->order);
	}
	clock_hand = pfn + 1;
	return page;
}

/* ------------------------------------------------------------ swapping a page out */

/* Every PTE of page gets entry's swap PTE and a slot reference: the mapcount on success. */
static int unmap_to_swap(struct page *page, swp_entry_t entry)
{
	u32 maps = page_mapcount(page), i;

	for (i = 0; i < maps; i++)
		if (swap_duplicate(entry))
			break;
	if (i < maps) {
		while (i--)
			swap_free(entry);
		return -ENOSPC;
	}
	i = try_to_unmap(page, swp_entry_to_pte(entry));
	BUG_ON(i != maps || page_mapcount(page));	/* the rmap found every mapper */
	return 0;
}

/*
 * Instructions of reclaim (shrink: scanning, aging, unmapping, writing)
 * and the pages it swapped out; the sleeps on the writes left out.
 */
static struct phase_cycles swap_out_cycles;

/*
 * Swap page out; the caller holds a reference on it.  0 when it was
 * written and left memory; -EBUSY when it was written but kept for a
 * task waiting on it; any other error leaves it in memory, mapped as
 * before or (a failed write) in the swap cache and on the LRU.
 * *t: the cycle count swap_out_cycles has reached; the write's sleep is skipped.
 */
static int pageout(struct page *page, u32 *t)
{
	bool fresh = !(page->flags & PG_swapcache);
	swp_entry_t entry;
	int err;

	if (page->flags & PG_locked)
		return -EBUSY;
	if (fresh) {
		entry = get_swap_slot();	/* its one reference is the cache's */
		if (!entry.val)
			return -ENOSPC;
		err = add_to_swap_cache(page, entry, true);
		if (err) {
			swap_free(entry);
			return err;
		}
	} else {
		entry = swap_cache_entry(page);
	}
	mm_update_begin();
	err = unmap_to_swap(page, entry);
	mm_update_end();
	if (err) {
		if (fresh)
			delete_from_swap_cache(page);
		return err;
	}
	/* From here no PTE maps the page: off the LRU while it is written. */
	lru_remove(page);
	page->flags |= PG_locked;
	phase_add(&swap_out_cycles, t);
	err = swap_write_page(entry, page);
	*t = cycles_now();
	page->flags &= ~PG_locked;
	if (err) {
		/* Kept in the cache (faults find it there and never read the slot), and reclaimable. */
		reclaim_stats.write_errors++;
		lru_add(page);
	} else if (page_count(page) > 2) {
		/*
		 * Beyond the cache's reference and our caller's: a fault waits
		 * for it.  It maps the page and puts it on the LRU; not here,
		 * or this run would write it again while the waiter waits.
		 */
		VM_BUG_ON(page_mapcount(page));	/* it was locked: nobody could map it */
		reclaim_stats.kept_for_waiter++;
		err = -EBUSY;
	} else {
		delete_from_swap_cache(page);	/* the slot keeps the PTEs' references */
	}
	wake_up_page(page);
	return err;
}

/*
 * Whether the hand ages the active pages it passes: only when the inactive
 * ones run short (fewer than a batch, or under half the active ones), as
 * the lists refilled the inactive one.  Otherwise it passes them without
 * a walk, and the inactive pages, aged before, go first.
 */
static bool inactive_short(void)
{
	return nr_inactive < RECLAIM_BATCH || nr_inactive < nr_active / 2;
}

/*
 * Move the hand over up to max_scan pages on the clock; swap out up to
 * nr.  How many went.  A page the hand finds young is (or stays) active;
 * an old one is first made inactive, then, on the next pass, swapped out.
 * A failed write ends the run (the page stays on the clock, active, for a
 * later one): a failing or stalled disk costs one write per run, not
 * hundreds.
 */
static u32 shrink(u32 nr, u32 max_scan)
{
	u32 reclaimed = 0, scanned = 0, t = cycles_now(), write_errors;
	struct page *page;
	bool active;
	int err;

	while (reclaimed < nr && scanned < max_scan && (page = clock_next())) {
		active = page->flags & PG_active;
		if (active && !inactive_short())
			continue;	/* one load; not counted against max_scan */
		scanned++;
		if (!active)
			reclaim_stats.scanned++;
		if (page_referenced(page)) {
			if (!active)
				reclaim_stats.activated++;
			set_active(page, true);
			continue;
		}
		if (active) {
			set_active(page, false);	/* its first chance used */
			continue;
		}
		get_page(page);		/* it may go while we sleep on the write */
		write_errors = reclaim_stats.write_errors;
		err = pageout(page, &t);
		if (err == 0) {
			reclaimed++;
			reclaim_stats.reclaimed++;
		} else if (page->flags & PG_lru) {
			set_active(page, true);	/* could not: try others first */
		}
		put_page(page);
		/*
		 * A write failed: the disk fails writes, or a RAM-backed device
		 * (zram) has no memory to store into.  The next page would fare
		 * the same, and each try unmaps a page for nothing.  End this
		 * run; the caller retries a bounded number of times, then the
		 * OOM killer acts.
		 */
		if (reclaim_stats.write_errors != write_errors)
			break;
	}
	phase_add(&swap_out_cycles, &t);
	swap_out_cycles.count += reclaimed;
	return reclaimed;
}

static u32 scan_limit(void)
{
	return 2 * (nr_active + nr_inactive) + RECLAIM_BATCH;
}

u32 try_to_free_pages(u32 nr)
{
	if (!swap_enabled())
		return 0;
	reclaim_stats.direct++;
	return shrink(max(nr, RECLAIM_BATCH), scan_limit());
}

bool reclaim_retry(void)
{
	if (!swap_enabled() || current_killed())
		return false;
	if (!try_to_free_pages(0))
		reclaim_throttle();
	return true;
}

/* ------------------------------------------------------------ watermarks */

/* kswapd wakes below low and works up to high: 1/64 and 1/32 of RAM, at least 16 and 32 pages. */
static u32 low_watermark(void)
{
	return max(nr_pages_total() / 64, 16u);
}

bool reclaim_below_low_watermark(void)
{
	return swap_enabled() && nr_pages_by_use(PAGE_USE_FREE) < low_watermark();
}

bool reclaim_to_high_watermark(void)
{
	u32 high = 2 * low_watermark();

	reclaim_stats.kswapd++;
	while (swap_enabled() && nr_pages_by_use(PAGE_USE_FREE) < high)
		if (!shrink(RECLAIM_BATCH, scan_limit()))
			return false;
	return true;
}

void lru_meminfo(meminfo_emit_t emit, void *arg)
{
	emit("lru.active", nr_active, arg);
	emit("lru.inactive", nr_inactive, arg);
	emit("cycles.swap_out", swap_out_cycles.cycles, arg);
	emit("cycles.swap_out_pages", swap_out_cycles.count, arg);
}

void reclaim_meminfo(meminfo_emit_t emit, void *arg)
{
	emit("reclaim.scanned", reclaim_stats.scanned, arg);
	emit("reclaim.reclaimed", reclaim_stats.reclaimed, arg);
	emit("reclaim.activated", reclaim_stats.activated, arg);
	emit("reclaim.write_errors", reclaim_stats.write_errors, arg);
	emit("reclaim.kept_for_waiter", reclaim_stats.kept_for_waiter, arg);
	emit("reclaim.direct", reclaim_stats.direct, arg);
	emit("reclaim.kswapd", reclaim_stats.kswapd, arg);
	lru_meminfo(emit, arg);
}
