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
 * This header is what the rest of the kernel needs: an all-or-nothing
 * operation's retry after -ENOMEM, and kswapd's start at boot.  The calls
 * mm/ makes among its own files are in mm/reclaim_internal.h.
 *
 * Every call here is a static inline no-op with CONFIG_SWAP=n: no LRU, no
 * swap cache, no reclaim.
 */
#ifndef ANVIL_RECLAIM_H
#define ANVIL_RECLAIM_H

#include <anvil/compiler.h>
#include <anvil/types.h>

#if IS_ENABLED(CONFIG_SWAP)

/*
 * An operation failed with -ENOMEM and is all-or-nothing: is it worth
 * trying again?  Reclaims now; when that frees nothing but swap is on
 * (pages may be under I/O, or taken by others as they were freed), waits
 * a tick for kswapd and the I/O first.  False without swap, and false
 * at once, reclaiming nothing, when the caller has been killed.
 * May sleep: call it with no VMA, rmap or page-table update in progress.
 */
bool reclaim_retry(void);
/*
 * Free pages are below the low watermark: kswapd should run (and the
 * zram driver stores no page whole, <anvil/zram.h>).
 */
bool reclaim_below_low_watermark(void);
/* Boot, after swap_init: the background reclaim thread (mm/kswapd.c), if swap is on. */
void kswapd_start(void);

#else

static inline bool reclaim_retry(void) { return false; }
static inline bool reclaim_below_low_watermark(void) { return false; }
static inline void kswapd_start(void) { }

#endif
#endif
