// SPDX-License-Identifier: GPL-2.0-only
/*
 * KTAP tests of the swap area through the real device (suite "swap"):
 * slots written and read back by the boot thread (polled I/O) and by a
 * task (interrupt-driven I/O, the task sleeping), reference counts, and
 * the counters.  Suite "swap_ioerr" needs a device that fails: the test
 * runner attaches one through QEMU's blkdebug driver and names the failing
 * slots on the command line (swap_test_read_error=N, swap_test_write_error=M);
 * the errors must come back as -EIO and the kernel go on.  The cases skip
 * when the boot has no swap area.
 */
#include <anvil/ktest.h>
#include <anvil/blkdev.h>
#include <anvil/boot.h>
#include <anvil/mm.h>
#include <anvil/sched.h>
#include <anvil/string.h>
#include <anvil/swap.h>
#include <anvil/time.h>
#include <anvil/virtio.h>
#include <asm/processor.h>

#define NR_TEST_SLOTS	4

/* Fill a page with a pattern that names the slot and a round. */
static void fill(struct page *page, u32 slot, u32 round)
{
	u32 *w = page_address(page);

	for (u32 i = 0; i < PAGE_SIZE / 4; i++)
		w[i] = slot * 0x9e3779b9u ^ round << 16 ^ i;
}

static bool check(struct page *page, u32 slot, u32 round)
{
	u32 *w = page_address(page);

	for (u32 i = 0; i < PAGE_SIZE / 4; i++)
		if (w[i] != (slot * 0x9e3779b9u ^ round << 16 ^ i))
			return false;
	return true;
}

/*
 * Write NR_TEST_SLOTS slots, then read them back in the other order into
 * a page cleared each time; the number of pages that came back intact.
 */
static int write_read_slots(u32 round)
{
	struct page *page = alloc_page(PAGE_USE_KERNEL);
	swp_entry_t e[NR_TEST_SLOTS];
	int good = 0;

	if (!page)
		return -1;
	for (int i = 0; i < NR_TEST_SLOTS; i++) {
		e[i] = get_swap_slot();
		fill(page, e[i].val, round);
		if (!e[i].val || swap_write_page(e[i], page))
			e[i].val = 0;
	}
	for (int i = NR_TEST_SLOTS - 1; i >= 0; i--) {
		if (!e[i].val)
			continue;
		memset(page_address(page), 0, PAGE_SIZE);
		if (!swap_read_page(e[i], page) && check(page, e[i].val, round))
			good++;
		swap_free(e[i]);
	}
	__free_pages(page, 0);
	return good;
}

KTEST(swap, area_enabled)
{
	struct swap_stats s;

	if (!swap_enabled()) {
		t->skip = "no swap area";
		return;
	}
	swap_get_stats(&s);
	KEXPECT(t, s.slots_total > NR_TEST_SLOTS);
	KEXPECT_EQ(t, s.slots_used, 0);
}

KTEST(swap, write_read_polled)
{
	struct swap_stats before, after;

	if (!swap_enabled()) {
		t->skip = "no swap area";
		return;
	}
	swap_get_stats(&before);
	KEXPECT_EQ(t, write_read_slots(1), NR_TEST_SLOTS);
	swap_get_stats(&after);
	KEXPECT_EQ(t, after.pages_out - before.pages_out, NR_TEST_SLOTS);
	KEXPECT_EQ(t, after.pages_in - before.pages_in, NR_TEST_SLOTS);
	KEXPECT_EQ(t, after.io_errors, before.io_errors);
	KEXPECT_EQ(t, after.slots_used, before.slots_used);
}

/* The sleeping path: a task does the I/O while the boot thread idles. */
static volatile int task_result;
static volatile bool task_done;
static int parked;

static int swap_io_task(void *arg)
{
	task_result = write_read_slots(2);
	task_done = true;
	for (;;)		/* this boot has no init to reap it: park */
		sleep_on(&parked, 0);
	return 0;
}

KTEST(swap, write_read_sleeping)
{
	struct block_device *bdev = blkdev_find("virtio-blk0");
	u32 irqs_before, deadline = (u32)jiffies + 10 * CONFIG_HZ;

	if (!swap_enabled() || !bdev) {
		t->skip = "no swap area on virtio-blk0";
		return;
	}
	irqs_before = virtio_blk_irq_count(bdev);
	task_done = false;
	KEXPECT(t, kthread_create("swaptest", swap_io_task, NULL) > 0);
	while (!task_done && (s32)((u32)jiffies - deadline) < 0) {
		cpu_idle();
		schedule();
	}
	KEXPECT(t, task_done);
	KEXPECT_EQ(t, task_result, NR_TEST_SLOTS);
	/* Every request of the task was completed by an interrupt. */
	KEXPECT(t, virtio_blk_irq_count(bdev) - irqs_before >= 2 * NR_TEST_SLOTS);
}

KTEST(swap, refcounts)
{
	swp_entry_t e, f;
	struct swap_stats s;

	if (!swap_enabled()) {
		t->skip = "no swap area";
		return;
	}
	e = get_swap_slot();
	f = get_swap_slot();
	KEXPECT(t, e.val && f.val && e.val != f.val);
	KEXPECT_EQ(t, swap_count(e), 1);
	KEXPECT_EQ(t, swap_duplicate(e), 0);
	KEXPECT_EQ(t, swap_count(e), 2);
	swap_free(e);
	KEXPECT_EQ(t, swap_count(e), 1);
	swap_free(e);
	KEXPECT_EQ(t, swap_count(e), 0);
	KEXPECT_EQ(t, swap_duplicate(e), -EINVAL);
	swap_free(f);
	swap_get_stats(&s);
	KEXPECT_EQ(t, s.slots_used, 0);
}

/* Allocate slots until the one numbered want comes up; free the others. */
static swp_entry_t take_slot(u32 want)
{
	swp_entry_t got[64];
	swp_entry_t e = { 0 };
	int n = 0;

	while (n < 64) {
		got[n] = get_swap_slot();
		if (!got[n].val)
			break;
		if (got[n].val == want) {
			e = got[n];
			break;
		}
		n++;
	}
	while (n--)
		swap_free(got[n]);
	return e;
}

static u32 cmdline_u32(const char *name)
{
	const char *v = cmdline_get(name);
	u32 n = 0;

	while (v && *v >= '0' && *v <= '9')
		n = n * 10 + (u32)(*v++ - '0');
	return n;
}

/*
 * The slot the command line names as failing (key), taken, and a page
 * filled with pattern; NULL (the test skipped) without a failing device.
 */
static struct page *failing_slot(struct ktest_ctx *t, const char *key, u32 pattern,
				 swp_entry_t *e)
{
	u32 bad = cmdline_u32(key);
	struct page *page = alloc_page(PAGE_USE_KERNEL);

	if (!swap_enabled() || !bad || !page) {
		t->skip = "no failing swap device";
		if (page)
			__free_pages(page, 0);
		return NULL;
	}
	*e = take_slot(bad);
	KEXPECT_EQ(t, e->val, bad);
	fill(page, e->val, pattern);
	return page;
}

KTEST(swap_ioerr, read_error_is_eio)
{
	struct swap_stats before, after;
	swp_entry_t e;
	struct page *page = failing_slot(t, "swap_test_read_error", 3, &e);

	if (!page)
		return;
	swap_get_stats(&before);
	KEXPECT_EQ(t, swap_write_page(e, page), 0);
	KEXPECT_EQ(t, swap_read_page(e, page), -EIO);
	swap_get_stats(&after);
	KEXPECT_EQ(t, after.io_errors - before.io_errors, 1);
	KEXPECT_EQ(t, after.pages_in, before.pages_in);
	swap_free(e);
	/* The device and the kernel go on: the good slots still work. */
	KEXPECT_EQ(t, write_read_slots(4), NR_TEST_SLOTS);
	__free_pages(page, 0);
}

KTEST(swap_ioerr, write_error_is_eio)
{
	struct swap_stats before, after;
	swp_entry_t e;
	struct page *page = failing_slot(t, "swap_test_write_error", 5, &e);

	if (!page)
		return;
	swap_get_stats(&before);
	KEXPECT_EQ(t, swap_write_page(e, page), -EIO);
	swap_get_stats(&after);
	KEXPECT_EQ(t, after.io_errors - before.io_errors, 1);
	KEXPECT_EQ(t, after.pages_out, before.pages_out);
	/* The page the caller keeps is untouched. */
	KEXPECT(t, check(page, e.val, 5));
	swap_free(e);
	__free_pages(page, 0);
}
