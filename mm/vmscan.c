// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reclaim of anonymous pages (CONFIG_SWAP), see <anvil/reclaim.h>.
 *
 * Owns: the two LRU lists and the PG_lru / PG_active bits, the choice of
 * what to reclaim, and the watermarks.  Must not touch: PTEs (only through
 * the rmap's page_referenced and try_to_unmap), slot counts beyond the
 * references it hands to PTEs, the swap cache's tables (mm/swap_state.c).
 *
 * The policy is the second-chance clock of Linux's early 2.6 anonymous
 * LRU: new pages go on the active list; reclaim refills the inactive list
 * from the active tail, keeping pages whose PTEs were young, and takes the
 * inactive tail, giving a young page one more round on the active list and
 * swapping out the rest.  page_referenced clears the young bits it counts,
 * so a page survives only if it was touched since it was last looked at.
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

static struct list_head active_list = LIST_HEAD_INIT(active_list);
static struct list_head inactive_list = LIST_HEAD_INIT(inactive_list);
static u32 nr_active, nr_inactive;
struct reclaim_stats reclaim_stats;

/* ------------------------------------------------------------ the lists */

static void list_page(struct page *page, bool active)
{
	page->flags |= PG_lru | (active ? PG_active : 0);
	list_add(&page->lru, active ? &active_list : &inactive_list);
	if (active)
		nr_active++;
	else
		nr_inactive++;
}

void lru_init(void)
{
	INIT_LIST_HEAD(&active_list);
	INIT_LIST_HEAD(&inactive_list);
	nr_active = nr_inactive = 0;
}

void lru_add(struct page *page)
{
	VM_BUG_ON(page->flags & PG_lru);
	list_page(page, true);
}

void lru_remove(struct page *page)
{
	VM_BUG_ON(!(page->flags & PG_lru));
	list_del(&page->lru);
	if (page->flags & PG_active)
		nr_active--;
	else
		nr_inactive--;
	page->flags &= ~(PG_lru | PG_active);
}

/* To the head of a list: the far end from where reclaim looks. */
static void rotate(struct page *page, bool active)
{
	lru_remove(page);
	list_page(page, active);
}

static struct page *lru_tail(struct list_head *list)
{
	return list_empty(list) ? NULL : list_entry(list->prev, struct page, lru);
}

/* Age up to n pages from the active tail: the young stay, the rest go inactive.  How many it looked at. */
static u32 refill_inactive(u32 n)
{
	struct page *page;
	u32 looked = 0;

	while (looked < n && (page = lru_tail(&active_list))) {
		rotate(page, page_referenced(page) > 0);
		looked++;
	}
	return looked;
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
 * Look at up to max_scan pages of either list; swap out up to nr.  How
 * many went.  A first pass over pages that were all young only ages them
 * (clears their young bits); the next finds the ones not touched since.
 * A failed write ends the run (the page goes back on the LRU for a later
 * one): a failing or stalled disk costs one write per run, not hundreds.
 */
static u32 shrink(u32 nr, u32 max_scan)
{
	u32 reclaimed = 0, scanned = 0, t = cycles_now(), write_errors;
	struct page *page;
	int err;

	while (reclaimed < nr && scanned < max_scan) {
		if (nr_inactive < RECLAIM_BATCH || nr_inactive < nr_active / 2)
			scanned += refill_inactive(RECLAIM_BATCH);
		page = lru_tail(&inactive_list);
		if (!page) {
			if (!nr_active)
				break;
			continue;
		}
		scanned++;
		reclaim_stats.scanned++;
		if (page_referenced(page)) {
			rotate(page, true);
			reclaim_stats.activated++;
			continue;
		}
		get_page(page);		/* it may go while we sleep on the write */
		write_errors = reclaim_stats.write_errors;
		err = pageout(page, &t);
		if (err == 0) {
			reclaimed++;
			reclaim_stats.reclaimed++;
		} else if (page->flags & PG_lru) {
			rotate(page, true);	/* could not: try others first */
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
