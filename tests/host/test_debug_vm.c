// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host tests of the CONFIG_DEBUG_VM checks: each kind of bad free or
 * corruption ends in a panic whose one line names the cache or the pfn.
 * After a panic mm/ state is undefined; each test runs on a fresh mm/.
 */
#include <anvil/mm_sleep.h>
#include <anvil/mm.h>
#include <anvil/vma.h>
#include <anvil/sched.h>
#include "test.h"
#include "mm_check.h"
#include "host_task.h"
#include "../../mm/vma.h"

static struct kmem_cache *cache;

static void make_cache(void)
{
	cache = kmem_cache_create("dbg-48", 48);
	ASSERT_NOT_NULL(cache);
}

TEST(debug_slab_double_free)
{
	void *p, *q;

	make_cache();
	p = kmem_cache_alloc(cache);
	q = kmem_cache_alloc(cache);
	ASSERT_NOT_NULL(q);
	kmem_cache_free(cache, p);
	EXPECT_PANIC(kmem_cache_free(cache, p), "kmem_cache_free(dbg-48): double free of");
}

TEST(debug_slab_double_free_not_at_head)
{
	void *p, *q;

	make_cache();
	p = kmem_cache_alloc(cache);
	q = kmem_cache_alloc(cache);
	kmem_cache_free(cache, p);
	kmem_cache_free(cache, q);		/* p is now second on the free list */
	EXPECT_PANIC(kmem_cache_free(cache, p), "double free of");
}

TEST(debug_slab_foreign_pointer)
{
	struct kmem_cache *other;
	int local;
	void *p, *o;
	char *big;

	make_cache();
	other = kmem_cache_create("dbg-other", 48);
	p = kmem_cache_alloc(cache);
	o = kmem_cache_alloc(other);
	ASSERT_NOT_NULL(p);
	ASSERT_NOT_NULL(o);
	EXPECT_PANIC(kmem_cache_free(cache, &local), "kmem_cache_free(dbg-48): ");
	EXPECT_PANIC(kmem_cache_free(cache, &local), "is not a slab object");
	EXPECT_PANIC(kmem_cache_free(cache, o), "belongs to cache dbg-other");
	EXPECT_PANIC(kmem_cache_free(cache, (char *)p + 8), "is not the start of an object");
	big = get_free_pages(PAGE_USE_ANON, 0);
	EXPECT_PANIC(kmem_cache_free(cache, big), "is not a slab object");
	EXPECT_PANIC(kfree(&local), "kfree: ");
	EXPECT_PANIC(kfree(big), "is not an allocated kmalloc object");
}

TEST(debug_slab_corrupted_free_list)
{
	void *p, *q;

	make_cache();
	p = kmem_cache_alloc(cache);
	q = kmem_cache_alloc(cache);
	kmem_cache_free(cache, p);
	kmem_cache_free(cache, q);
	/* Use after free: a write into q, the head of the free list. */
	memset(q, 0x41, 8);
	EXPECT_PANIC(kmem_cache_alloc(cache), "kmem_cache_alloc(dbg-48): corrupted free list");
}

TEST(debug_slab_wild_next_pointer)
{
	void **p;

	make_cache();
	p = kmem_cache_alloc(cache);
	kmem_cache_free(cache, p);
	/* A consistent-looking entry whose link leaves the slab. */
	p[0] = (char *)p + 4;
	p[1] = (void *)((uintptr_t)p[0] ^ (uintptr_t)p ^ 0x5a17c0deu);
	EXPECT_PANIC(kmem_cache_alloc(cache), "corrupted free list");
}

TEST(debug_kfree_large_twice)
{
	void *p = kmalloc(3 * PAGE_SIZE);

	ASSERT_NOT_NULL(p);
	kfree(p);
	EXPECT_PANIC(kfree(p), "kfree: ");
}

static char expected[128];

TEST(debug_page_double_free)
{
	struct page *page = alloc_pages(PAGE_USE_ANON, 1);

	ASSERT_NOT_NULL(page);
	snprintf(expected, sizeof(expected), "free_pages: double free of page pfn 0x%x",
		 page_to_pfn(page));
	__free_pages(page, 1);
	EXPECT_PANIC(__free_pages(page, 1), expected);
}

TEST(debug_page_freed_while_mapped)
{
	struct page *page = alloc_page(PAGE_USE_ANON);

	ASSERT_NOT_NULL(page);
	page_mapcount_inc(page);
	snprintf(expected, sizeof(expected), "page pfn 0x%x freed with mapcount 1",
		 page_to_pfn(page));
	EXPECT_PANIC(put_page(page), expected);
}

TEST(debug_page_wrong_order_or_kind)
{
	struct page *page = alloc_pages(PAGE_USE_ANON, 2);

	ASSERT_NOT_NULL(page);
	EXPECT_PANIC(__free_pages(page, 1), "allocated with 2");
	EXPECT_PANIC(__free_pages(page + 1, 0), "double free of page");
	EXPECT_PANIC(__free_pages(page + 1, 1), "is not the start of a block of order 1");
	EXPECT_PANIC(free_pages(mem_map, 0), "is page_array, never freed");
	EXPECT_PANIC(page_mapcount_dec(page), "BUG at");
}

TEST(debug_page_corrupted_free_list)
{
	volatile unsigned int k;
	u32 pfn;

	/* Find the one free block of the smallest order and spoil its struct page. */
	for (k = 0; k < NR_PAGE_ORDERS && nr_free_blocks(k) != 1; k++)
		;
	ASSERT_TRUE(k < NR_PAGE_ORDERS);
	for (pfn = mem_map_first_pfn; pfn < mem_map_end_pfn; pfn++)
		if ((pfn_to_page(pfn)->flags & PG_buddy) && pfn_to_page(pfn)->order == k)
			break;
	ASSERT_TRUE(pfn < mem_map_end_pfn);
	pfn_to_page(pfn)->flags = 0;
	snprintf(expected, sizeof(expected), "corrupted free list of order %u at pfn 0x%x", k, pfn);
	EXPECT_PANIC(alloc_pages(PAGE_USE_ANON, k), expected);
}

/*
 * mm/ never sleeps inside a VMA, rmap or page-table update
 * (<anvil/mm_sleep.h>): a task that sleeps inside mm_update_begin/end
 * panics at the sleep, in the scheduler; outside one it just sleeps.
 */
static char sleep_chan;

static void sleep_inside_update(void *arg)
{
	(void)arg;
	mm_update_begin();
	sleep_on(&sleep_chan, 0);
	mm_update_end();
}

static void sleep_after_update(void *arg)
{
	(void)arg;
	mm_update_begin();
	mm_update_begin();	/* nested: the depth counts */
	mm_update_end();
	mm_update_end();
	sleep_on(&sleep_chan, 0);
}

TEST(debug_sleep_inside_mm_update)
{
	host_task_run(sleep_inside_update, NULL);
	EXPECT_FALSE(host_task_asleep());	/* it panicked instead */
	wake_up(&sleep_chan);
	EXPECT_FALSE(host_task_reap());
	EXPECT_TRUE(strstr(host_panic_msg, "sleeping inside a VMA, rmap or page-table update"));
	EXPECT_EQ(mm_update_depth, 1);
	mm_update_end();
}

TEST(debug_sleep_after_mm_update)
{
	host_task_run(sleep_after_update, NULL);
	EXPECT_TRUE(host_task_asleep());
	EXPECT_EQ(mm_update_depth, 0);
	wake_up(&sleep_chan);
	EXPECT_TRUE(host_task_reap());
}

/*
 * A VMA operation's commit is one update: reclaim may sleep while it
 * reserves, never after (mm/vma.h).  The reservation opens the update, and
 * finishing or cancelling it closes it; every system call leaves none open.
 */
TEST(debug_vma_commit_is_one_update)
{
	struct vma_needs needs = { .vmas = 1 };
	struct vma_reserve r;
	struct mm_struct mm;
	unsigned long a;

	host_mm_init(HOST_RAM_DEFAULT);
	vma_cache_init();
	ASSERT_EQ(mm_init(&mm), 0);
	mm.mmap_base = 256 * PAGE_SIZE;
	ASSERT_EQ(reserve_vmas(&r, &needs), 0);
	EXPECT_EQ(mm_update_depth, 1);
	cancel_reserve(&r);
	EXPECT_EQ(mm_update_depth, 0);

	ASSERT_EQ(do_mmap(&mm, 0, 4 * PAGE_SIZE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, &a), 0);
	EXPECT_EQ(mm_update_depth, 0);
	ASSERT_EQ(do_mprotect(&mm, a + PAGE_SIZE, PAGE_SIZE, PROT_READ), 0);	/* splits in 3 */
	EXPECT_EQ(mm_update_depth, 0);
	ASSERT_EQ(do_munmap(&mm, a, 4 * PAGE_SIZE), 0);
	EXPECT_EQ(mm_update_depth, 0);
	mm_destroy(&mm);
	EXPECT_EQ(mm_update_depth, 0);
}
