// SPDX-License-Identifier: GPL-2.0-only
/*
 * Background reclaim (CONFIG_SWAP): the kswapd thread, which frees pages
 * from the low watermark up to the high one (mm/vmscan.c decides what and
 * how), and the short wait a failed allocation takes for it.
 *
 * Owns: the thread and its wait channel.  Must not touch: the LRU, the
 * swap cache, PTEs (all through mm/vmscan.c).  From kernel/ it uses only
 * the scheduler's generic primitives (<anvil/sched.h>): kernel/ calls
 * down into mm/, never the other way for reclaim.
 *
 * Sleeps (see the list in Documentation/mm/design.md): kswapd on its
 * channel between runs, and a direct reclaimer for one tick in
 * reclaim_throttle; both outside any VMA, rmap or page-table update.
 */
#include <anvil/kernel.h>
#include <anvil/sched.h>
#include "reclaim_internal.h"

static char kswapd_wait;	/* its address is the channel */

#define KSWAPD_BACKOFF	(CONFIG_HZ / 10 ? CONFIG_HZ / 10 : 1)	/* ticks: 100 ms */

static int kswapd(void *arg)
{
	(void)arg;
	for (;;) {
		while (!reclaim_below_low_watermark())
			sleep_on(&kswapd_wait, 0);
		/*
		 * The kernel is not preemptive: when reclaim gets nowhere (swap
		 * full, every page busy) kswapd must let the others run, the OOM
		 * killer's victim among them, before it tries again.
		 */
		if (!reclaim_to_high_watermark())
			sleep_on(&kswapd_wait, KSWAPD_BACKOFF);
	}
	return 0;
}

/* Boot, once swap is on: start kswapd. */
void kswapd_start(void)
{
	int pid;

	if (!swap_enabled())
		return;
	pid = kthread_create("kswapd", kswapd, NULL);
	if (pid < 0)
		printk(KERN_WARNING "swap: no kswapd (%d): reclaim only when memory runs out\n", pid);
}

void wake_up_kswapd(void)
{
	wake_up(&kswapd_wait);
}

void reclaim_throttle(void)
{
	wake_up_kswapd();
	sleep_ticks(1);
}
