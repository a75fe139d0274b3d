// SPDX-License-Identifier: GPL-2.0-only
/*
 * Directed host tests of the swap cache and reclaim (mm/swap_state.c,
 * mm/vmscan.c) over the swap area (mm/swapfile.c) on a fake disk and the
 * reverse map: which pages reclaim picks, a shared page written once and
 * read back once, I/O errors both ways, allocation failure at every index
 * of a swap-in and the swap cache's reserve under pageout, a full swap
 * area, slots given back by munmap and exit, the sleeping paths (another
 * task's fault, munmap, exit, fork or reclaim in the middle of a transfer,
 * tests/host/host_task.c), and the VMA calls reclaiming when memory is
 * short; the tests that do not script the device run again over zram0
 * (CONFIG_ZRAM, tests/host/swap_backend.c).  Built with CONFIG_SWAP,
 * CONFIG_DEBUG_VM and CONFIG_FAULT_INJECTION (with test_rmap.c).
 *
 * Owns nothing of mm/'s: it drives mm/ through its API and looks at PTEs,
 * slot counts and the cache from the outside.  Every page a test writes
 * holds a token made of its process and page number, so any page read
 * back in the wrong place or lost shows.
 */
#include <stdio.h>
#include <string.h>
#include <anvil/errno.h>
#include <anvil/fault.h>
#include <anvil/fault_inject.h>
#include <anvil/mm.h>
#include <anvil/reclaim.h>
#include <anvil/rmap.h>
#include <anvil/slab.h>
#include <anvil/swap.h>
#include <anvil/vma.h>
#include "test.h"
#include "mm_check.h"
#include "../../mm/reclaim_internal.h"
#include "fail_each.h"
#include "fake_disk.h"
#include "swap_backend.h"
#include "host_task.h"
#include "user_mem.h"

#define PG		PAGE_SIZE
#define RW		(PROT_READ | PROT_WRITE)
#define ANON		(MAP_PRIVATE | MAP_ANONYMOUS)
#define BASE		16ul		/* first page of every test mapping */
#define WIN		256ul		/* pages the checks look at, from 0 */
#define NMM		4
#define BIG_SWAP	512u		/* device pages: room for every test */
#define SPP		(PAGE_SIZE / SECTOR_SIZE)
#define FAIL_NOW()	do { test_fail(__FILE__, __LINE__, "see above"); test_abort(); } while (0)

static struct mm_struct mms[NMM];
static bool alive[NMM];
static struct fake_disk *disk;
static u32 swap_pages;			/* device pages of this test's swap area */
static struct mm_snapshot at_start;

/* ------------------------------------------------------------ a disk that can fail every write */

static bool fail_all_writes;
static int (*disk_transfer)(struct block_device *bdev, int write, u64 sector, void *buf, u32 len);

static int failing_transfer(struct block_device *bdev, int write, u64 sector, void *buf, u32 len)
{
	if (write && fail_all_writes)
		return -EIO;
	return disk_transfer(bdev, write, sector, buf, len);
}

/* ------------------------------------------------------------ processes */

/* A fresh mm/ with a swap area of pages device pages (pages - 1 slots), no process. */
static void start(u32 pages)
{
	struct block_device *bdev;

	if (swap_enabled())
		swapoff();	/* before its maps' RAM starts over */
	swap_backend_free();	/* likewise */
	host_mm_init(HOST_RAM_DEFAULT);
	vma_cache_init();
	memset(mms, 0, sizeof(mms));
	memset(alive, 0, sizeof(alive));
	bdev = swap_backend_new(pages);
	disk = swap_backend_disk();	/* NULL on zram */
	disk_transfer = bdev->transfer;
	bdev->transfer = failing_transfer;
	fail_all_writes = false;
	swap_pages = pages;
	ASSERT_EQ(swapon(bdev), 0);
	swap_backend_settle();
	mm_snapshot_take(&at_start);
}

static struct mm_struct *new_mm(void)
{
	for (int i = 0; i < NMM; i++) {
		if (alive[i])
			continue;
		ASSERT_EQ(mm_init(&mms[i]), 0);
		mms[i].mmap_base = WIN * PG;
		alive[i] = true;
		return &mms[i];
	}
	ASSERT_TRUE(false);
	return NULL;
}

static struct mm_struct *fork_mm(struct mm_struct *parent)
{
	struct mm_struct *child = new_mm();

	ASSERT_EQ(dup_mm(child, parent), 0);
	return child;
}

static void exit_mm(struct mm_struct *mm)
{
	mm_destroy(mm);
	alive[mm - mms] = false;
}

/* What page pg of mm must hold once written. */
static u32 token(const struct mm_struct *mm, unsigned long pg)
{
	return 0x5a000000u | (u32)(mm - mms) << 16 | (u32)pg;
}

/* Map n pages at page pg and write each one's token. */
static void map_write(struct mm_struct *mm, unsigned long pg, unsigned long n)
{
	unsigned long got;

	ASSERT_EQ(do_mmap(mm, pg * PG, n * PG, RW, ANON | MAP_FIXED, &got), 0);
	for (unsigned long i = pg; i < pg + n; i++)
		ASSERT_EQ(user_write(mm, i * PG, token(mm, i)), 0);
}

static pte_t pte_at(struct mm_struct *mm, unsigned long pg)
{
	return get_pte(&mm->pgtable, pg * PG);
}

static swp_entry_t entry_at(struct mm_struct *mm, unsigned long pg)
{
	pte_t pte = pte_at(mm, pg);

	ASSERT_TRUE(pte_is_swap(pte));
	return pte_to_swp_entry(pte);
}

/* Swap PTEs among n pages from pg. */
static u32 swapped(struct mm_struct *mm, unsigned long pg, unsigned long n)
{
	u32 count = 0;

	for (unsigned long i = pg; i < pg + n; i++)
		count += pte_is_swap(pte_at(mm, i));
	return count;
}

/* Age n pages from pg: page_referenced clears their young bits. */
static void age(struct mm_struct *mm, unsigned long pg, unsigned long n)
{
	for (unsigned long i = pg; i < pg + n; i++) {
		struct page *page = user_page(mm, i * PG);

		if (page)
			page_referenced(page);
	}
}

/* A fresh swap area and one process with n written pages from BASE, all aged (not young). */
static struct mm_struct *old_pages(unsigned long n)
{
	struct mm_struct *mm;

	start(BIG_SWAP);
	mm = new_mm();
	map_write(mm, BASE, n);
	age(mm, BASE, n);
	return mm;
}

/* Read n pages from pg back (faulting them in) and check each one's token of owner. */
static void expect_tokens(struct mm_struct *mm, unsigned long pg, unsigned long n,
			  const struct mm_struct *owner)
{
	for (unsigned long i = pg; i < pg + n; i++) {
		u32 v = 0;

		ASSERT_EQ(user_read(mm, i * PG, &v), 0);
		if (v != token(owner, i)) {
			printf("    mm %d page %lu holds %08x, want %08x\n", (int)(mm - mms), i,
			       v, token(owner, i));
			FAIL_NOW();
		}
	}
}

/* The first word of slot on the device. */
static u32 disk_word(swp_entry_t entry)
{
	return swap_backend_word(entry);
}

static u32 slots_used(void)
{
	struct swap_stats st;

	swap_get_stats(&st);
	return st.slots_used;
}

/*
 * Slot references: one per swap PTE and one per swap-cache page, no more;
 * and the reclaim clock agrees with its counts.
 */
static void check_slots(void)
{
	u32 refs = 0, ptes = 0;

	for (u32 slot = 1; slot < swap_pages; slot++)
		refs += swap_count((swp_entry_t){ slot });
	for (int i = 0; i < NMM; i++)
		for (unsigned long pg = 0; alive[i] && pg < WIN; pg++)
			ptes += pte_is_swap(pte_at(&mms[i], pg));
	if (refs != ptes + swap_cache_pages()) {
		printf("    %u slot references for %u swap PTEs and %u cache pages\n",
		       refs, ptes, swap_cache_pages());
		FAIL_NOW();
	}
	EXPECT_CLOCK_OK();
}

/*
 * Objects and pages in use as at a: every slab cache's objects (the swap
 * cache's reserve included) and every page use but the slab's and the
 * free ones (slab caches keep spare slabs).  Reports each difference;
 * how many.
 */
static int in_use_differs(const struct mm_snapshot *a, const struct mm_snapshot *b)
{
	int diffs = 0;

	for (int u = 0; u < NR_PAGE_USES; u++) {
		if (u == PAGE_USE_SLAB || u == PAGE_USE_FREE || a->by_use[u] == b->by_use[u])
			continue;
		printf("    pages of use %d: %u before, %u after\n", u, a->by_use[u], b->by_use[u]);
		diffs++;
	}
	for (unsigned int c = 0; c < a->nr_caches && c < b->nr_caches; c++) {
		if (a->caches[c].inuse == b->caches[c].inuse)
			continue;
		printf("    %s: %u objects before, %u after\n", a->caches[c].cache->name,
		       a->caches[c].inuse, b->caches[c].inuse);
		diffs++;
	}
	return diffs;
}

/* Every process gone: every slot, cache page, page and object back as start() left them. */
static void finish(void)
{
	struct mm_snapshot now;

	EXPECT_TRUE(host_task_reap());	/* the other task, if any, ended well */
	check_slots();
	for (int i = 0; i < NMM; i++)
		if (alive[i])
			exit_mm(&mms[i]);
	fault_inject_off_all();
	for (u32 slot = 1; slot < swap_pages; slot++)
		EXPECT_EQ(swap_count((swp_entry_t){ slot }), 0);
	EXPECT_EQ(slots_used(), 0);
	EXPECT_EQ(swap_cache_pages(), 0);
	EXPECT_EQ(nr_pages_by_use(PAGE_USE_SWAP_CACHE), 0);
	EXPECT_EQ(nr_pages_by_use(PAGE_USE_ANON), 0);
	swap_backend_settle();
	mm_snapshot_take(&now);
	EXPECT_EQ(in_use_differs(&at_start, &now), 0);
	ASSERT_EQ(swapoff(), 0);
}

/* ------------------------------------------------------------ 1. reclaim order */

/*
 * 128 pages, aged, then the 64 oldest touched again: reclaim must take
 * the 64 untouched ones first (the LRU alone would give it the oldest),
 * and only then the touched ones, which its own runs have aged by now.
 */
TEST(reclaim_untouched_pages_go_first)
{
	const unsigned long n = 128, hot = 64;
	struct mm_struct *mm = old_pages(n);
	u32 v;

	for (unsigned long i = BASE; i < BASE + hot; i++)
		ASSERT_EQ(user_read(mm, i * PG, &v), 0);

	EXPECT_EQ(try_to_free_pages(32), 32);
	EXPECT_EQ(swapped(mm, BASE, hot), 0);
	EXPECT_EQ(swapped(mm, BASE + hot, n - hot), 32);
	EXPECT_EQ(try_to_free_pages(32), 32);
	EXPECT_EQ(swapped(mm, BASE, hot), 0);
	EXPECT_EQ(swapped(mm, BASE + hot, n - hot), n - hot);
	EXPECT_EQ(try_to_free_pages(32), 32);
	EXPECT_EQ(swapped(mm, BASE, hot), 32);
	EXPECT_EQ(slots_used(), 96);
	EXPECT_EQ(swap_cache_pages(), 0);
	check_slots();
	expect_tokens(mm, BASE, n, mm);
	finish();
}

/*
 * try_to_free_pages(k) frees k when there are k cold pages; for a small
 * k it may free up to a batch (32), more than the header's "up to nr".
 */
TEST(reclaim_frees_what_it_is_asked)
{
	struct mm_struct *mm = old_pages(100);
	u32 first;

	first = try_to_free_pages(1);
	EXPECT_TRUE(first >= 1 && first <= 32);
	EXPECT_EQ(try_to_free_pages(50), 50);
	EXPECT_EQ(swapped(mm, BASE, 100), first + 50);
	EXPECT_EQ(try_to_free_pages(50), 50 - first);	/* all there is */
	EXPECT_EQ(try_to_free_pages(50), 0);
	check_slots();
	expect_tokens(mm, BASE, 100, mm);
	finish();
}

/*
 * The clock's hand steps over whole blocks that are not anonymous memory
 * (free, or allocated to something else, of any order): 48 anonymous
 * pages faulted in between such blocks, then some of the blocks freed,
 * are every one of them found, and swapped out in two passes (one to age
 * them, one to take them), nothing else touched.
 */
TEST(reclaim_clock_finds_pages_among_other_blocks)
{
	const unsigned long n = 48;
	struct page *blocks[48];
	struct mm_struct *mm;
	unsigned long got, i;
	u32 kstack;

	start(BIG_SWAP);
	mm = new_mm();
	ASSERT_EQ(do_mmap(mm, BASE * PG, n * PG, RW, ANON | MAP_FIXED, &got), 0);
	for (i = 0; i < n; i++) {
		ASSERT_EQ(user_write(mm, (BASE + i) * PG, token(mm, BASE + i)), 0);
		blocks[i] = alloc_pages(PAGE_USE_KSTACK, i % 4);
		ASSERT_TRUE(blocks[i] != NULL);
	}
	for (i = 0; i < n; i += 3) {
		__free_pages(blocks[i], i % 4);
		blocks[i] = NULL;
	}
	kstack = nr_pages_by_use(PAGE_USE_KSTACK);
	check_slots();
	age(mm, BASE, n);

	EXPECT_EQ(try_to_free_pages(n), n);
	EXPECT_EQ(swapped(mm, BASE, n), n);
	EXPECT_EQ(nr_pages_by_use(PAGE_USE_KSTACK), kstack);
	check_slots();
	for (i = 0; i < n; i++)
		if (blocks[i])
			__free_pages(blocks[i], i % 4);
	expect_tokens(mm, BASE, n, mm);
	finish();
}

/*
 * The hand walks an active page only while the inactive ones are short:
 * of 224 old pages, a run for 32 makes about a third inactive, then takes
 * 32 of those, and leaves the rest of the active pages unwalked.  Walking
 * every active page it passed would cost 224 walks before the first page
 * went; this costs the ~75 it ages, and two walks per page it takes.
 */
TEST(reclaim_ages_active_pages_only_while_inactive_short)
{
	const unsigned long n = 224;
	struct mm_struct *mm = old_pages(n);
	u32 walks = rmap_stats.walks;

	EXPECT_EQ(try_to_free_pages(32), 32);
	walks = rmap_stats.walks - walks;
	if (walks >= n || walks < 2 * 32) {
		printf("    %u walks to take 32 of %lu old pages\n", walks, n);
		FAIL_NOW();
	}
	EXPECT_EQ(swapped(mm, BASE, n), 32);
	check_slots();
	expect_tokens(mm, BASE, n, mm);
	finish();
}

/* ------------------------------------------------------------ 2. a shared page */

TEST(reclaim_shared_page_written_once_read_once)
{
	struct mm_struct *p, *c1, *c2, *all[3];
	struct swapin_stats in0 = swapin_stats;
	struct swap_stats s0, s1;
	struct page *page;
	swp_entry_t entry;
	u32 v;

	start(BIG_SWAP);
	p = new_mm();
	map_write(p, BASE, 1);
	c1 = fork_mm(p);
	c2 = fork_mm(p);
	all[0] = p, all[1] = c1, all[2] = c2;
	EXPECT_EQ(page_mapcount(user_page(p, BASE * PG)), 3);

	swap_get_stats(&s0);
	EXPECT_EQ(try_to_free_pages(1), 1);
	swap_get_stats(&s1);
	EXPECT_EQ(s1.pages_out - s0.pages_out, 1);
	entry = entry_at(p, BASE);
	for (int i = 0; i < 3; i++)
		EXPECT_EQ(pte_at(all[i], BASE), swp_entry_to_pte(entry));
	EXPECT_EQ(swap_count(entry), 3);	/* one per PTE; the cache let go */
	EXPECT_EQ(swap_cache_pages(), 0);
	EXPECT_EQ(disk_word(entry), token(p, BASE));
	check_slots();

	/* The first fault reads it; the others find it in the cache. */
	ASSERT_EQ(user_read(p, BASE * PG, &v), 0);
	EXPECT_EQ(v, token(p, BASE));
	EXPECT_EQ(swap_cache_pages(), 1);
	EXPECT_EQ(swap_count(entry), 3);	/* two PTEs and the cache */
	EXPECT_EQ(swapin_stats.swapins - in0.swapins, 1);
	EXPECT_EQ(swapin_stats.cache_hits - in0.cache_hits, 0);
	check_slots();
	ASSERT_EQ(user_read(c1, BASE * PG, &v), 0);
	EXPECT_EQ(v, token(p, BASE));
	EXPECT_EQ(swapin_stats.cache_hits - in0.cache_hits, 1);
	EXPECT_EQ(swap_cache_pages(), 1);
	ASSERT_EQ(user_read(c2, BASE * PG, &v), 0);
	EXPECT_EQ(v, token(p, BASE));
	EXPECT_EQ(swapin_stats.cache_hits - in0.cache_hits, 2);
	EXPECT_EQ(swapin_stats.swapins - in0.swapins, 1);
	swap_get_stats(&s1);
	EXPECT_EQ(s1.pages_in - s0.pages_in, 1);
	EXPECT_EQ(s1.pages_out - s0.pages_out, 1);
	EXPECT_EQ(swapin_stats.read_errors - in0.read_errors, 0);

	/* No swap PTE refers to the slot any more: entry and slot are gone. */
	EXPECT_EQ(swap_count(entry), 0);
	EXPECT_EQ(swap_cache_pages(), 0);
	EXPECT_NULL(swap_cache_lookup(entry));
	EXPECT_EQ(s1.slots_used, 0);
	page = user_page(p, BASE * PG);
	ASSERT_NOT_NULL(page);
	for (int i = 0; i < 3; i++) {
		EXPECT_EQ(user_page(all[i], BASE * PG), page);
		EXPECT_FALSE(pte_write(pte_at(all[i], BASE)));
	}
	EXPECT_EQ(page_mapcount(page), 3);
	EXPECT_EQ(page_count(page), 3);
	check_slots();

	/* A write by one copies; the others keep the original. */
	ASSERT_EQ(user_write(c1, BASE * PG, token(c1, BASE)), 0);
	EXPECT_NE(user_page(c1, BASE * PG), page);
	EXPECT_EQ(user_page(p, BASE * PG), page);
	EXPECT_EQ(user_page(c2, BASE * PG), page);
	EXPECT_EQ(page_mapcount(page), 2);
	expect_tokens(c1, BASE, 1, c1);
	expect_tokens(p, BASE, 1, p);
	expect_tokens(c2, BASE, 1, p);
	finish();
}

/* ------------------------------------------------------------ 3. I/O errors */

/*
 * The write fails: the page stays in memory, in the cache, and faults
 * find it there.  Once free, the slot is retired as bad.
 */
TEST(reclaim_write_error_keeps_page)
{
	struct reclaim_stats r0 = reclaim_stats;
	struct swapin_stats in0 = swapin_stats;
	struct swap_stats s0, s1;
	struct mm_struct *p, *c;
	swp_entry_t entry = { 1 };	/* the first of the area's two slots */
	struct page *page;
	u32 reads;

	start(3);
	p = new_mm();
	map_write(p, BASE, 1);
	c = fork_mm(p);
	swap_get_stats(&s0);
	disk->fail_write_sector = entry.val * SPP;

	EXPECT_EQ(try_to_free_pages(1), 0);
	swap_get_stats(&s1);
	EXPECT_EQ(reclaim_stats.write_errors - r0.write_errors, 1);
	EXPECT_EQ(reclaim_stats.reclaimed - r0.reclaimed, 0);
	EXPECT_EQ(s1.pages_out - s0.pages_out, 0);
	EXPECT_EQ(s1.io_errors - s0.io_errors, 1);
	EXPECT_EQ(entry_at(p, BASE).val, entry.val);
	EXPECT_EQ(entry_at(c, BASE).val, entry.val);
	page = swap_cache_lookup(entry);
	ASSERT_NOT_NULL(page);
	EXPECT_EQ(*(u32 *)page_address(page), token(p, BASE));
	EXPECT_EQ(nr_pages_by_use(PAGE_USE_SWAP_CACHE), 1);
	EXPECT_EQ(swap_count(entry), 3);
	EXPECT_EQ(disk_word(entry), 0);		/* nothing reached the disk */
	check_slots();

	/* Still failing: the faults never read the slot, they find the page. */
	reads = disk->reads;
	expect_tokens(c, BASE, 1, p);
	expect_tokens(p, BASE, 1, p);
	EXPECT_EQ(disk->reads, reads);
	EXPECT_EQ(swapin_stats.cache_hits - in0.cache_hits, 2);
	EXPECT_EQ(user_page(p, BASE * PG), page);
	EXPECT_EQ(user_page(c, BASE * PG), page);
	EXPECT_EQ(swap_count(entry), 0);
	EXPECT_EQ(swap_cache_pages(), 0);
	swap_get_stats(&s1);
	EXPECT_EQ(s1.slots_bad - s0.slots_bad, 1);	/* retired, not free */
	EXPECT_EQ(s1.slots_total, s0.slots_total - 1);
	EXPECT_EQ(s1.slots_used, 0);

	/* The disk mended, the page goes out to the other slot and comes back. */
	disk->fail_write_sector = 0;
	age(p, BASE, 1);
	EXPECT_EQ(try_to_free_pages(1), 1);
	EXPECT_EQ(entry_at(p, BASE).val, 2);
	EXPECT_EQ(disk_word(entry_at(p, BASE)), token(p, BASE));
	expect_tokens(p, BASE, 1, p);
	expect_tokens(c, BASE, 1, p);
	finish();
}

/*
 * A page whose write failed, with nobody faulting on it, is tried again
 * by a later run: it went back on the LRU.  Its slot, freed, is retired.
 */
TEST(reclaim_write_error_page_tried_again)
{
	struct reclaim_stats r0 = reclaim_stats;
	struct swap_stats s0, s1;
	struct mm_struct *p;

	p = old_pages(1);
	swap_get_stats(&s0);
	disk->fail_write_sector = 1 * SPP;	/* the first slot a fresh area gives */
	EXPECT_EQ(try_to_free_pages(1), 0);
	EXPECT_EQ(reclaim_stats.write_errors - r0.write_errors, 1);
	EXPECT_EQ(swap_cache_pages(), 1);
	disk->fail_write_sector = 0;

	EXPECT_EQ(try_to_free_pages(1), 1);
	EXPECT_EQ(swap_cache_pages(), 0);
	EXPECT_EQ(nr_pages_by_use(PAGE_USE_ANON), 0);
	EXPECT_EQ(disk_word(entry_at(p, BASE)), token(p, BASE));
	check_slots();
	expect_tokens(p, BASE, 1, p);
	swap_get_stats(&s1);
	EXPECT_EQ(s1.slots_bad - s0.slots_bad, 1);
	EXPECT_EQ(s1.slots_used, 0);
	/* Never handed out again: the next page goes to slot 2. */
	age(p, BASE, 1);
	EXPECT_EQ(try_to_free_pages(1), 1);
	EXPECT_EQ(entry_at(p, BASE).val, 2);
	finish();
}

/* The read fails: -EIO and nothing else changes; the other mapper reads it once mended. */
TEST(reclaim_read_error_changes_nothing)
{
	struct swapin_stats in0 = swapin_stats;
	struct mm_snapshot before, after;
	struct mm_struct *p, *c;
	swp_entry_t entry;
	pte_t pp, pc;

	start(BIG_SWAP);
	p = new_mm();
	map_write(p, BASE, 1);
	c = fork_mm(p);
	EXPECT_EQ(try_to_free_pages(1), 1);
	entry = entry_at(p, BASE);
	disk->fail_read_sector = entry.val * SPP;
	pp = pte_at(p, BASE);
	pc = pte_at(c, BASE);
	mm_snapshot_take(&before);

	EXPECT_EQ(handle_mm_fault(p, BASE * PG, FAULT_USER), -EIO);
	EXPECT_EQ(handle_mm_fault(c, BASE * PG, FAULT_USER | FAULT_WRITE), -EIO);
	mm_snapshot_take(&after);
	EXPECT_EQ(in_use_differs(&before, &after), 0);
	EXPECT_EQ(swapin_stats.read_errors - in0.read_errors, 2);
	EXPECT_EQ(pte_at(p, BASE), pp);
	EXPECT_EQ(pte_at(c, BASE), pc);
	EXPECT_EQ(swap_count(entry), 2);
	EXPECT_EQ(swap_cache_pages(), 0);
	EXPECT_NULL(swap_cache_lookup(entry));
	check_slots();

	disk->fail_read_sector = 0;
	expect_tokens(c, BASE, 1, p);
	expect_tokens(p, BASE, 1, p);
	EXPECT_EQ(user_page(p, BASE * PG), user_page(c, BASE * PG));
	finish();
}

/* ------------------------------------------------------------ 4. allocation failures */

/* What a failed swap-in must leave as it was. */
struct swapin_snapshot {
	struct mm_snapshot mm;
	pte_t pte[NMM][8];
	u32 count[NMM][8];
	u32 cache_pages;
};

static void swapin_snap(struct swapin_snapshot *s)
{
	memset(s, 0, sizeof(*s));
	mm_snapshot_take(&s->mm);
	for (int i = 0; i < NMM; i++) {
		for (unsigned long pg = 0; alive[i] && pg < 8; pg++) {
			pte_t pte = pte_at(&mms[i], BASE + pg);

			s->pte[i][pg] = pte;
			if (pte_is_swap(pte))
				s->count[i][pg] = swap_count(pte_to_swp_entry(pte));
		}
	}
	s->cache_pages = swap_cache_pages();
}

/* Page BASE of mms[0], written, shared with a child, swapped out; BASE + 1 too, its own. */
static void setup_swapped(void)
{
	struct mm_struct *p = new_mm();

	map_write(p, BASE, 1);
	fork_mm(p);
	map_write(p, BASE + 1, 1);
	age(p, BASE, 2);
	ASSERT_EQ(try_to_free_pages(2), 2);
	ASSERT_EQ(swap_cache_pages(), 0);
}

/* The same, and the child has read the shared page back: it is in the cache. */
static void setup_cached(void)
{
	u32 v;

	setup_swapped();
	ASSERT_EQ(user_read(&mms[1], BASE * PG, &v), 0);
	ASSERT_EQ(swap_cache_pages(), 1);
}

/* do_swap_page itself: no direct reclaim can come to the rescue. */
static int swapin(unsigned long pg, bool write)
{
	struct mm_struct *mm = &mms[0];
	unsigned long addr = pg * PG;

	return do_swap_page(mm, find_vma(mm, addr), addr, pte_at(mm, pg), write);
}

static int op_read_shared(void)
{
	return swapin(BASE, false);
}

static int op_write_own(void)
{
	return swapin(BASE + 1, true);
}

static void (*fail_setup)(void);

static void fail_prepare(void)
{
	start(BIG_SWAP);
	fail_setup();
}

static void swapin_snap_any(void *s)
{
	swapin_snap(s);
}

static bool swapin_same(const void *x, const void *y)
{
	const struct swapin_snapshot *a = x, *b = y;

	return !memcmp(&a->pte, &b->pte, sizeof(a->pte)) &&
	       !memcmp(&a->count, &b->count, sizeof(a->count)) &&
	       a->cache_pages == b->cache_pages && !in_use_differs(&a->mm, &b->mm);
}

/* The run that got through read the right contents. */
static void swapin_read_right(void)
{
	expect_tokens(&mms[0], BASE, 2, &mms[0]);
	expect_tokens(&mms[1], BASE, 1, &mms[0]);
}

/*
 * setup, then op with its 1st, 2nd, ... slab allocation failing, then its
 * 1st, 2nd, ... page allocation, each on a fresh world (tests/host/
 * fail_each.c): each failure must be -ENOMEM and leave PTEs, slot counts,
 * the cache and every mm/ counter as they were; the run that gets through
 * must read the right contents.  Returns the failures injected.
 */
static u32 fail_each(void (*setup)(void), int (*op)(void))
{
	static struct swapin_snapshot before, after;

	fail_setup = setup;
	return fail_each_run(&(struct fail_each){
		.prepare = fail_prepare, .op = op, .snap = swapin_snap_any, .same = swapin_same,
		.before = &before, .after = &after, .check = check_slots,
		.succeeded = swapin_read_right, .finish = finish,
	});
}

TEST(reclaim_swapin_every_failure_changes_nothing)
{
	EXPECT_TRUE(fail_each(setup_swapped, op_read_shared) >= 2);	/* page, cache node */
	EXPECT_TRUE(fail_each(setup_swapped, op_write_own) >= 2);
	EXPECT_EQ(fail_each(setup_cached, op_read_shared), 0);		/* a hit allocates nothing */
}

/* Through handle_mm_fault with swap on, direct reclaim frees a page and the retry gets through. */
TEST(reclaim_swapin_failure_rescued_by_reclaim)
{
	struct fault_attr *sites[2] = { &fail_slab, &fail_page_alloc };
	u32 injected = 0;

	for (int s = 0; s < 2; s++) {
		for (u32 nth = 1;; nth++) {
			u32 direct;
			bool hit;

			start(BIG_SWAP);
			setup_swapped();
			map_write(&mms[0], BASE + 2, 6);	/* something to reclaim */
			direct = reclaim_stats.direct;
			fault_inject_nth(sites[s], nth);
			EXPECT_EQ(handle_mm_fault(&mms[0], BASE * PG, FAULT_USER), 0);
			hit = sites[s]->injected;
			fault_inject_off(sites[s]);
			EXPECT_EQ(reclaim_stats.direct - direct, hit ? 1 : 0);
			EXPECT_EQ(swapped(&mms[0], BASE + 2, 6), hit ? 6 : 0);
			EXPECT_TRUE(pte_present(pte_at(&mms[0], BASE)));
			check_slots();
			expect_tokens(&mms[0], BASE, 8, &mms[0]);
			expect_tokens(&mms[1], BASE, 1, &mms[0]);
			finish();
			if (!hit)
				break;
			injected++;
		}
	}
	EXPECT_TRUE(injected >= 2);
}

/*
 * A write to a shared page that was swapped out takes two passes: the
 * swap-in maps it read-only, then the COW copies it.  When the copy finds
 * memory short, the direct reclaim it runs may take that very page again,
 * and the next pass reads it back once more.  That is reclaim's progress,
 * not a fault that spins: the fault ends in success or -ENOMEM, never in
 * "left PTE that does not allow it".  Page allocations fail at random
 * (half of them), reproducibly per seed.
 */
TEST(reclaim_write_fault_survives_reclaim_taking_its_page)
{
	u32 refetched = 0;

	for (u64 seed = 1; seed <= 64; seed++) {
		u32 ins;
		int err;

		start(BIG_SWAP);
		setup_swapped();
		ins = swapin_stats.swapins;
		fault_inject_random(&fail_page_alloc, FAULT_PPM_ONE / 2, seed);
		err = handle_mm_fault(&mms[1], BASE * PG, FAULT_USER | FAULT_WRITE);
		fault_inject_off(&fail_page_alloc);
		EXPECT_TRUE(err == 0 || err == -ENOMEM);
		if (swapin_stats.swapins - ins > 1)
			refetched++;
		check_slots();
		expect_tokens(&mms[0], BASE, 2, &mms[0]);
		expect_tokens(&mms[1], BASE, 1, &mms[0]);
		finish();
	}
	EXPECT_TRUE(refetched > 0);	/* the case above did happen */
}

/*
 * A caller that has been killed (the OOM killer chose it while it slept)
 * gets -ENOMEM at once: no direct reclaim on its behalf, nothing swapped
 * out for memory it is about to give back.  The same
 * failure without the kill is rescued by reclaim (the test above).
 */
TEST(reclaim_killed_caller_does_not_reclaim)
{
	u32 direct;

	start(BIG_SWAP);
	setup_swapped();
	map_write(&mms[0], BASE + 2, 6);	/* something reclaim could take */
	direct = reclaim_stats.direct;
	current->flags |= TF_KILLED;
	fault_inject_nth(&fail_page_alloc, 1);
	EXPECT_EQ(handle_mm_fault(&mms[0], BASE * PG, FAULT_USER), -ENOMEM);
	fault_inject_off(&fail_page_alloc);
	current->flags &= ~TF_KILLED;
	EXPECT_EQ(reclaim_stats.direct - direct, 0);
	EXPECT_EQ(swapped(&mms[0], BASE + 2, 6), 0);
	check_slots();
	finish();
}

/*
 * The swap cache's slab fails every allocation: pageout lives on the
 * 32-node reserve, which each freed page fills again.
 */
TEST(reclaim_pageout_uses_cache_reserve)
{
	struct fault_attr *attr;
	struct mm_struct *mm;

	start(BIG_SWAP);
	mm = new_mm();
	map_write(mm, BASE, 100);
	age(mm, BASE, 100);
	attr = kmem_cache_fault_attr(find_cache("swap_cache"));
	fault_inject_random(attr, FAULT_PPM_ONE, 1);
	EXPECT_EQ(try_to_free_pages(100), 100);
	EXPECT_TRUE(attr->injected >= 100);
	fault_inject_off(attr);
	EXPECT_EQ(swapped(mm, BASE, 100), 100);
	EXPECT_EQ(swap_cache_pages(), 0);
	check_slots();
	expect_tokens(mm, BASE, 100, mm);
	finish();
}

/*
 * The slab fails and every write fails, so each page pageout tries keeps
 * its reserve node: after 32 the reserve is gone, and the other pages stay
 * mapped, unchanged; the pages in the cache are tried again in later runs
 * (each run ends at its failed write).  Once both mend, every page reads
 * back.
 */
TEST(reclaim_pageout_reserve_used_up)
{
	const unsigned long n = 40;
	struct reclaim_stats r0 = reclaim_stats;
	struct page *pages[40];
	struct fault_attr *attr;
	struct mm_struct *mm;
	u32 kept = 0;

	start(BIG_SWAP);
	mm = new_mm();
	map_write(mm, BASE, n);
	age(mm, BASE, n);
	for (unsigned long i = 0; i < n; i++)
		pages[i] = user_page(mm, (BASE + i) * PG);
	attr = kmem_cache_fault_attr(find_cache("swap_cache"));
	fault_inject_random(attr, FAULT_PPM_ONE, 1);
	fail_all_writes = true;

	for (unsigned long i = 0; i < n; i++)	/* a failed write ends a run */
		EXPECT_EQ(try_to_free_pages(n), 0);
	EXPECT_EQ(reclaim_stats.write_errors - r0.write_errors, n);
	EXPECT_EQ(swap_cache_pages(), 32);
	EXPECT_EQ(swapped(mm, BASE, n), 32);
	for (unsigned long i = 0; i < n; i++) {
		pte_t pte = pte_at(mm, BASE + i);

		if (pte_is_swap(pte)) {
			EXPECT_EQ(swap_cache_lookup(pte_to_swp_entry(pte)), pages[i]);
			continue;
		}
		kept++;
		EXPECT_TRUE(pte_present(pte));
		EXPECT_EQ(user_page(mm, (BASE + i) * PG), pages[i]);
		EXPECT_EQ(*(u32 *)page_address(pages[i]), token(mm, BASE + i));
	}
	EXPECT_EQ(kept, n - 32);
	check_slots();

	fault_inject_off(attr);
	fail_all_writes = false;
	expect_tokens(mm, BASE, n, mm);
	EXPECT_EQ(swap_cache_pages(), 0);
	EXPECT_EQ(slots_used(), 0);
	age(mm, BASE, n);
	EXPECT_EQ(try_to_free_pages(n), n);
	expect_tokens(mm, BASE, n, mm);
	finish();
}

/* ------------------------------------------------------------ 5. swap full */

TEST(reclaim_swap_full_keeps_the_rest)
{
	struct mm_struct *mm;
	struct swap_stats st;

	start(9);		/* 8 slots */
	mm = new_mm();
	map_write(mm, BASE, 40);
	age(mm, BASE, 40);
	EXPECT_EQ(try_to_free_pages(32), 8);
	swap_get_stats(&st);
	EXPECT_EQ(st.slots_total, 8);
	EXPECT_EQ(st.slots_used, 8);
	EXPECT_EQ(swapped(mm, BASE, 40), 8);
	for (unsigned long i = BASE; i < BASE + 40; i++)
		EXPECT_TRUE(pte_is_swap(pte_at(mm, i)) || pte_present(pte_at(mm, i)));
	EXPECT_EQ(swap_cache_pages(), 0);
	EXPECT_EQ(try_to_free_pages(32), 0);
	check_slots();
	expect_tokens(mm, BASE, 40, mm);
	EXPECT_EQ(slots_used(), 0);
	age(mm, BASE, 40);
	EXPECT_EQ(try_to_free_pages(32), 8);	/* the slots came back */
	finish();
}

/* ------------------------------------------------------------ 6. munmap and exit */

TEST(reclaim_munmap_and_exit_give_back_slots)
{
	struct mm_struct *p, *c;
	u32 v;

	start(BIG_SWAP);
	p = new_mm();
	map_write(p, BASE, 40);
	c = fork_mm(p);
	for (unsigned long i = BASE; i < BASE + 4; i++)
		ASSERT_EQ(user_write(c, i * PG, token(c, i)), 0);	/* its own copies */
	age(p, BASE, 40);
	age(c, BASE, 40);
	EXPECT_EQ(try_to_free_pages(64), 44);
	EXPECT_EQ(swapped(p, BASE, 40), 40);
	EXPECT_EQ(swapped(c, BASE, 40), 40);
	EXPECT_EQ(slots_used(), 44);
	for (unsigned long i = BASE + 10; i < BASE + 18; i++)
		ASSERT_EQ(user_read(p, i * PG, &v), 0);
	EXPECT_EQ(swap_cache_pages(), 8);	/* the child still holds their slots */
	check_slots();

	/* Six cached pages lose their other mapper; four shared slots lose one PTE. */
	ASSERT_EQ(do_munmap(c, (BASE + 12) * PG, 10 * PG), 0);
	EXPECT_EQ(swap_cache_pages(), 2);
	EXPECT_EQ(slots_used(), 44 - 6);
	for (unsigned long i = BASE + 18; i < BASE + 22; i++)
		EXPECT_EQ(swap_count(entry_at(p, i)), 1);
	check_slots();

	exit_mm(c);
	EXPECT_EQ(swap_cache_pages(), 0);
	EXPECT_EQ(slots_used(), 40 - 8);	/* p's swapped pages */
	check_slots();
	expect_tokens(p, BASE, 20, p);
	EXPECT_EQ(slots_used(), 40 - 20);
	exit_mm(p);
	EXPECT_EQ(slots_used(), 0);
	EXPECT_EQ(swap_cache_pages(), 0);
	EXPECT_EQ(nr_pages_by_use(PAGE_USE_SWAP_CACHE), 0);
	finish();
}

/* ------------------------------------------------------------ 7. while a transfer sleeps */

/*
 * A scripted other task (tests/host/host_task.c) runs in the middle of a
 * transfer, as another process runs while the first sleeps on swap I/O:
 * a fault on the same slot, munmap, exit, fork, reclaim.  What it did is
 * recorded here and checked by the test's own task (no ASSERT in it).
 */
struct other {
	struct mm_struct *mm;
	unsigned long pg;
	int err;
	u32 word;
	bool present;
	struct mm_struct *child;
	u32 reclaimed;
};

static struct other other;

/* One fault of the other task, as a read, then the word if it is mapped now. */
static void other_fault_read(void *arg)
{
	struct other *o = arg;
	pte_t pte;

	o->err = handle_mm_fault(o->mm, o->pg * PG, FAULT_USER);
	pte = pte_at(o->mm, o->pg);
	o->present = pte_present(pte);
	if (o->present)
		o->word = *(u32 *)page_address(pfn_to_page(pte_pfn(pte)));
}

static void other_munmap(void *arg)
{
	struct other *o = arg;

	o->err = do_munmap(o->mm, o->pg * PG, PG);
}

static void other_exit(void *arg)
{
	struct other *o = arg;

	exit_mm(o->mm);
}

static void other_fork(void *arg)
{
	struct other *o = arg;

	o->child = new_mm();
	o->err = dup_mm(o->child, o->mm);
}

static void other_reclaim(void *arg)
{
	struct other *o = arg;

	o->reclaimed = try_to_free_pages(8);
}

static void other_is(struct mm_struct *mm, unsigned long pg)
{
	other = (struct other){ .mm = mm, .pg = pg, .err = 1 };
}

/* Swap-in: a second fault on the slot finds the page locked, waits, and maps the page read once. */
TEST(reclaim_sleep_swapin_waits_for_read_in_flight)
{
	struct swapin_stats in0;
	struct mm_struct *p, *c;
	u32 reads;

	start(BIG_SWAP);
	p = new_mm();
	map_write(p, BASE, 1);
	c = fork_mm(p);
	ASSERT_EQ(try_to_free_pages(1), 1);
	in0 = swapin_stats;
	reads = disk->reads;
	other_is(c, BASE);
	disk_during(disk, 0, other_fault_read, &other);

	expect_tokens(p, BASE, 1, p);
	host_task_schedule();		/* back to user mode: the woken one runs */
	EXPECT_EQ(host_task_sleeps(), 1);	/* it waited on the locked page */
	EXPECT_FALSE(host_task_asleep());	/* and the end of the read woke it */
	EXPECT_EQ(other.err, 0);
	EXPECT_TRUE(other.present);
	EXPECT_EQ(other.word, token(p, BASE));
	EXPECT_EQ(disk->reads - reads, 1);
	EXPECT_EQ(swapin_stats.swapins - in0.swapins, 1);
	EXPECT_EQ(swapin_stats.cache_hits - in0.cache_hits, 1);
	EXPECT_EQ(user_page(p, BASE * PG), user_page(c, BASE * PG));
	EXPECT_EQ(swap_cache_pages(), 0);
	EXPECT_EQ(slots_used(), 0);
	finish();
}

/* The waiter's read fails too: it wakes to a page gone from the cache, reads itself, and fails cleanly. */
TEST(reclaim_sleep_swapin_waiter_after_read_error)
{
	struct mm_struct *p, *c;
	swp_entry_t entry;

	start(BIG_SWAP);
	p = new_mm();
	map_write(p, BASE, 1);
	c = fork_mm(p);
	ASSERT_EQ(try_to_free_pages(1), 1);
	entry = entry_at(p, BASE);
	disk->fail_read_sector = entry.val * SPP;
	other_is(c, BASE);
	disk_during(disk, 0, other_fault_read, &other);

	EXPECT_EQ(handle_mm_fault(p, BASE * PG, FAULT_USER), -EIO);
	host_task_schedule();
	EXPECT_EQ(host_task_sleeps(), 1);
	EXPECT_EQ(other.err, -EIO);
	EXPECT_FALSE(other.present);
	EXPECT_EQ(swap_count(entry), 2);	/* the two PTEs, no cache */
	EXPECT_EQ(swap_cache_pages(), 0);
	check_slots();
	disk->fail_read_sector = 0;
	expect_tokens(c, BASE, 1, p);
	expect_tokens(p, BASE, 1, p);
	finish();
}

/* The PTE went while the read slept (munmap): the fault returns, and the page and slot go. */
TEST(reclaim_sleep_swapin_pte_unmapped_meanwhile)
{
	struct mm_struct *p;

	p = old_pages(2);
	ASSERT_EQ(try_to_free_pages(2), 2);
	other_is(p, BASE);
	disk_during(disk, 0, other_munmap, &other);

	EXPECT_EQ(handle_mm_fault(p, BASE * PG, FAULT_USER), 0);
	host_task_schedule();
	EXPECT_EQ(other.err, 0);
	EXPECT_TRUE(pte_none(pte_at(p, BASE)));
	EXPECT_EQ(swap_cache_pages(), 0);	/* nobody holds its slot: not kept */
	EXPECT_EQ(slots_used(), 1);		/* BASE + 1's */
	check_slots();
	expect_tokens(p, BASE + 1, 1, p);
	finish();
}

/* The other mapper of the slot exits while the read sleeps: the reader maps the page as its own. */
TEST(reclaim_sleep_swapin_other_mapper_exits)
{
	struct mm_struct *p, *c;

	start(BIG_SWAP);
	p = new_mm();
	map_write(p, BASE, 1);
	c = fork_mm(p);
	ASSERT_EQ(try_to_free_pages(1), 1);
	other_is(c, BASE);
	disk_during(disk, 0, other_exit, &other);

	EXPECT_EQ(user_write(p, BASE * PG, token(p, BASE) + 1), 0);
	host_task_schedule();
	EXPECT_FALSE(alive[c - mms]);
	EXPECT_EQ(swap_cache_pages(), 0);
	EXPECT_EQ(slots_used(), 0);
	EXPECT_EQ(page_mapcount(user_page(p, BASE * PG)), 1);
	check_slots();
	finish();
}

/* A fork while the read sleeps: the child keeps the slot, and the parent's write copies. */
TEST(reclaim_sleep_swapin_fork_meanwhile)
{
	struct mm_struct *p;

	p = old_pages(1);
	ASSERT_EQ(try_to_free_pages(1), 1);
	other_is(p, BASE);
	disk_during(disk, 0, other_fork, &other);

	EXPECT_EQ(user_write(p, BASE * PG, token(p, BASE) + 1), 0);
	host_task_schedule();
	ASSERT_EQ(other.err, 0);
	check_slots();
	expect_tokens(other.child, BASE, 1, p);		/* the contents before the write */
	EXPECT_NE(user_page(p, BASE * PG), user_page(other.child, BASE * PG));
	finish();
}

/*
 * Pageout: a fault on the page while its write sleeps finds it locked in
 * the cache and waits.  After the write the page must stay for it (it
 * holds a reference), not be dropped and read back from the disk.
 */
TEST(reclaim_sleep_pageout_keeps_page_for_waiter)
{
	struct swapin_stats in0;
	struct mm_struct *p;
	struct page *page;
	u32 reads;

	p = old_pages(1);
	page = user_page(p, BASE * PG);
	in0 = swapin_stats;
	reads = disk->reads;
	other_is(p, BASE);
	disk_during(disk, 1, other_fault_read, &other);

	EXPECT_EQ(try_to_free_pages(1), 0);	/* written, but not freed: it is wanted */
	host_task_schedule();
	EXPECT_EQ(host_task_sleeps(), 1);
	EXPECT_EQ(other.err, 0);
	EXPECT_TRUE(other.present);
	EXPECT_EQ(other.word, token(p, BASE));
	EXPECT_EQ(disk->reads, reads);		/* never read back */
	EXPECT_EQ(swapin_stats.cache_hits - in0.cache_hits, 1);
	EXPECT_EQ(swapin_stats.swapins - in0.swapins, 0);
	EXPECT_EQ(user_page(p, BASE * PG), page);
	EXPECT_TRUE(page->flags & PG_lru);
	check_slots();
	/* Mapped again and on the LRU: reclaim can take it next time. */
	age(p, BASE, 1);
	EXPECT_EQ(try_to_free_pages(1), 1);
	host_task_schedule();
	expect_tokens(p, BASE, 1, p);
	finish();
}

/* The page is unmapped while its write sleeps: after the write it and its slot go. */
TEST(reclaim_sleep_pageout_unmapped_meanwhile)
{
	struct mm_struct *p;

	p = old_pages(1);
	other_is(p, BASE);
	disk_during(disk, 1, other_munmap, &other);

	EXPECT_EQ(try_to_free_pages(1), 1);
	host_task_schedule();
	EXPECT_EQ(other.err, 0);
	EXPECT_EQ(swap_cache_pages(), 0);
	EXPECT_EQ(slots_used(), 0);
	EXPECT_EQ(nr_pages_by_use(PAGE_USE_ANON), 0);
	finish();
}

/* A fork while the write sleeps: both hold the slot after it, and both read the page back. */
TEST(reclaim_sleep_pageout_fork_meanwhile)
{
	struct mm_struct *p;
	swp_entry_t entry;

	p = old_pages(1);
	other_is(p, BASE);
	disk_during(disk, 1, other_fork, &other);

	EXPECT_EQ(try_to_free_pages(1), 1);
	host_task_schedule();
	ASSERT_EQ(other.err, 0);
	entry = entry_at(p, BASE);
	EXPECT_EQ(entry_at(other.child, BASE).val, entry.val);
	EXPECT_EQ(swap_count(entry), 2);
	EXPECT_EQ(swap_cache_pages(), 0);
	check_slots();
	expect_tokens(other.child, BASE, 1, p);
	expect_tokens(p, BASE, 1, p);
	finish();
}

/* Reclaim by another task while a write sleeps: it takes other pages, never the one in flight. */
TEST(reclaim_sleep_reclaim_during_pageout)
{
	struct mm_struct *p;
	u32 mine;
	struct swap_stats s0, s1;

	start(BIG_SWAP);
	p = new_mm();
	map_write(p, BASE, 16);
	age(p, BASE, 16);
	other_is(p, BASE);
	swap_get_stats(&s0);
	disk_during(disk, 1, other_reclaim, &other);

	mine = try_to_free_pages(1);
	host_task_schedule();
	EXPECT_EQ(mine + other.reclaimed, 16);
	EXPECT_TRUE(other.reclaimed >= 1 && other.reclaimed <= 15);
	swap_get_stats(&s1);
	EXPECT_EQ(s1.pages_out - s0.pages_out, 16);	/* each page written once */
	EXPECT_EQ(swapped(p, BASE, 16), 16);
	EXPECT_EQ(swap_cache_pages(), 0);
	check_slots();
	expect_tokens(p, BASE, 16, p);
	finish();
}

/* The write fails with a waiter: the waiter maps the page from the cache. */
TEST(reclaim_sleep_pageout_write_error_with_waiter)
{
	struct mm_struct *p;
	struct page *page;
	u32 reads;

	p = old_pages(1);
	page = user_page(p, BASE * PG);
	disk->fail_write_sector = 1 * SPP;	/* the first slot a fresh area gives */
	reads = disk->reads;
	other_is(p, BASE);
	disk_during(disk, 1, other_fault_read, &other);

	EXPECT_EQ(try_to_free_pages(1), 0);
	host_task_schedule();
	EXPECT_EQ(other.err, 0);
	EXPECT_TRUE(other.present);
	EXPECT_EQ(other.word, token(p, BASE));
	EXPECT_EQ(user_page(p, BASE * PG), page);
	EXPECT_EQ(disk->reads, reads);
	EXPECT_TRUE(page->flags & PG_lru);
	check_slots();
	disk->fail_write_sector = 0;
	finish();
}

/* ------------------------------------------------------------ 8. the VMA calls reclaim too */

/*
 * mmap, mprotect, munmap, mremap and brk, with memory short for a moment
 * (their first allocation fails) and cold pages to swap out: like a fault
 * they reclaim and get through, where they used to fail with -ENOMEM.
 */
static int call_mmap(struct mm_struct *mm)
{
	unsigned long got;

	return do_mmap(mm, 0, 4 * PG, RW, ANON, &got);
}

static int call_mprotect(struct mm_struct *mm)
{
	return do_mprotect(mm, (BASE + 4) * PG, PG, PROT_READ);	/* splits in two places */
}

static int call_munmap(struct mm_struct *mm)
{
	return do_munmap(mm, (BASE + 4) * PG, PG);
}

static unsigned long moved_to;

static int call_mremap(struct mm_struct *mm)
{
	mm->mmap_base = 8ul << 20;	/* to another MiB: a new page table */
	return do_mremap(mm, BASE * PG, 2 * PG, 4 * PG, MREMAP_MAYMOVE, &moved_to);	/* must move */
}

static int call_brk(struct mm_struct *mm)
{
	return do_brk(mm, mm->brk + 4 * PG);
}

TEST(reclaim_vma_calls_reclaim_and_retry)
{
	static const struct {
		const char *name;
		int (*call)(struct mm_struct *mm);
	} calls[] = {
		{ "mmap", call_mmap }, { "mprotect", call_mprotect }, { "munmap", call_munmap },
		{ "mremap", call_mremap }, { "brk", call_brk },
	};
	struct fault_attr *sites[2] = { &fail_slab, &fail_page_alloc };
	u32 rescued = 0;

	for (unsigned c = 0; c < ARRAY_SIZE(calls); c++) {
		for (int s = 0; s < 2; s++) {
			int (*call)(struct mm_struct *mm) = calls[c].call;
			struct mm_struct *mm;
			u32 direct;
			bool hit;
			int err;

			start(BIG_SWAP);
			mm = new_mm();
			map_write(mm, BASE, 32);
			mm->start_brk = mm->brk = (BASE + 64) * PG;
			age(mm, BASE, 32);
			direct = reclaim_stats.direct;
			fault_inject_nth(sites[s], 1);
			err = call(mm);
			hit = sites[s]->injected;
			fault_inject_off(sites[s]);
			if (err || (hit && reclaim_stats.direct == direct))
				printf("    %s, first %s allocation failing: %d, %u reclaim runs\n",
				       calls[c].name, s ? "page" : "slab", err,
				       reclaim_stats.direct - direct);
			EXPECT_EQ(err, 0);
			EXPECT_EQ(reclaim_stats.direct - direct, hit ? 1 : 0);
			rescued += hit;
			if (call == call_mremap && !err)	/* out of the window check_slots sees */
				EXPECT_EQ(do_munmap(mm, moved_to, 4 * PG), 0);
			/*
			 * Each call allocates from the slab.  A page table is a 1 KiB
			 * fragment, and the page BASE's table sits in has room for
			 * mremap's new one, so no call is sure to allocate a page.
			 */
			EXPECT_TRUE(hit || s == 1);
			check_slots();
			finish();
		}
	}
	EXPECT_TRUE(rescued >= 5);
}

/* ------------------------------------------------------------ 9. over zram */

/*
 * The tests above that do not script the device (its I/O errors, its
 * sleeping transfers) again with zram0 as the swap device
 * (tests/host/swap_backend.c): it stores and reads back at once, and its
 * own pages come from the allocator reclaim is freeing pages for.
 */
#if IS_ENABLED(CONFIG_ZRAM)
static void on_zram(void (*test)(void))
{
	swap_backend_use_zram(true);
	test();
	EXPECT_TRUE(swap_backend_zram_stores() > 0);	/* it did swap there */
	swap_backend_use_zram(false);
	swap_backend_free();
}

#define ON_ZRAM(name)	TEST(name##_on_zram) { on_zram(test_##name); }

ON_ZRAM(reclaim_untouched_pages_go_first)
ON_ZRAM(reclaim_frees_what_it_is_asked)
ON_ZRAM(reclaim_shared_page_written_once_read_once)
ON_ZRAM(reclaim_swapin_every_failure_changes_nothing)
ON_ZRAM(reclaim_swapin_failure_rescued_by_reclaim)
ON_ZRAM(reclaim_killed_caller_does_not_reclaim)
ON_ZRAM(reclaim_pageout_uses_cache_reserve)
ON_ZRAM(reclaim_swap_full_keeps_the_rest)
ON_ZRAM(reclaim_munmap_and_exit_give_back_slots)
ON_ZRAM(reclaim_vma_calls_reclaim_and_retry)
#endif
