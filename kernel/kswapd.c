// SPDX-License-Identifier: GPL-2.0-only
/*
 * The scheduler's side of reclaim (CONFIG_SWAP): the kswapd thread, which
 * frees pages in the background from the low watermark up to the high
 * one (mm/vmscan.c decides what and how), and the sleep on a page whose
 * swap I/O is in flight.  It owns the thread and the wait channels only.
 */
#include <anvil/kernel.h>
#include <anvil/reclaim.h>
#include <anvil/sched.h>

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

bool reclaim_caller_killed(void)
{
	return current->flags & TF_KILLED;
}

void reclaim_throttle(void)
{
	wake_up_kswapd();
	sleep_ticks(1);
}

void wait_on_page_locked(struct page *page)
{
	while (page->flags & PG_locked)
		sleep_on(page, 0);
}

void wake_up_page(struct page *page)
{
	wake_up(page);
}
