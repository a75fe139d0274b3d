/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Where mm/ may sleep, and the rule that makes those sleeps safe.
 *
 * The kernel is not preemptive and has one CPU: a task runs until it
 * sleeps or returns to user mode.  So mm/ needs no locks, but everything
 * it believed before a sleep may have changed by the time it wakes.  mm/
 * sleeps in these places only:
 *
 *  1. swap-in read: do_swap_page reads the page (mm/swap_state.c), or
 *     waits for a page locked for I/O (wait_on_page_locked);
 *  2. pageout write: reclaim writes a page it has unmapped from every PTE
 *     (mm/vmscan.c, pageout);
 *  3. direct-reclaim retries: reclaim_retry waits a tick for kswapd when
 *     reclaim freed nothing (mm/vmscan.c, mm/kswapd.c), between two tries
 *     of an all-or-nothing fault, mmap, mprotect, munmap, mremap, brk or
 *     fork;
 *  4. OOM waits: after a fault failed with -ENOMEM, the OOM killer yields
 *     and sleeps until its victim's memory is gone (kernel/oom.c);
 *  5. virtio waits: the block driver sleeps on each request of 1 and 2
 *     (drivers/block/virtio_blk.c); zram compresses in place and does not.
 *  And kswapd sleeps between its runs (mm/kswapd.c).
 *
 * The rule: only the task that owns an address space changes its VMAs and
 * its page-table structure (kernel/fork.c's child is not running yet and
 * counts as owned by its parent).  Others change only the values of its
 * PTEs: reclaim turns a present PTE into a swap entry through the reverse
 * map, and never sleeps halfway.  Hence:
 *  - a VMA, rmap or page-table update never sleeps in the middle: it
 *    starts after the last sleep of its operation and ends before the
 *    next; a sleep (points 1-5) sits between updates, never inside one;
 *  - after a sleep, a PTE read before it is read again (do_swap_page), and
 *    an operation's plan (the VMAs it found, the objects it reserved) stays
 *    valid, since only the sleeper itself could have changed them.
 *
 * With CONFIG_DEBUG_VM the first consequence is checked: mm_update_begin
 * and mm_update_end bracket each update (a fault's PTE and rmap change,
 * the swap-in after its read, fork's copy, the page walks of munmap,
 * mprotect and mremap, pageout's unmap, each VMA operation's commit from
 * its reservation on), and schedule() calls mm_may_sleep, which panics
 * inside a bracket.  Without
 * CONFIG_DEBUG_VM all three are empty.  Documentation/mm/design.md has
 * the same list.
 */
#ifndef ANVIL_MM_SLEEP_H
#define ANVIL_MM_SLEEP_H

#include <anvil/compiler.h>
#include <anvil/types.h>

#if IS_ENABLED(CONFIG_DEBUG_VM)

/* Updates in progress (nested brackets count each); mm/debug.c's. */
extern u32 mm_update_depth;

static inline void mm_update_begin(void)
{
	mm_update_depth++;
}

void mm_update_end(void);
/* The scheduler is about to switch away from current: no update may be in progress. */
void mm_may_sleep(void);

#else

static inline void mm_update_begin(void) { }
static inline void mm_update_end(void) { }
static inline void mm_may_sleep(void) { }

#endif
#endif
