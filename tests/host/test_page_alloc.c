// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host tests of mm/page_alloc.c: boot accounting, every order, splitting
 * and merging back to the boot state, accounting by use, reference counts.
 */
#include <stdlib.h>
#include "test.h"
#include "mm_check.h"

static u32 page_array_pages(u32 total)
{
	return DIV_ROUND_UP(total * (u32)sizeof(struct page), (u32)PAGE_SIZE);
}

TEST(page_boot_accounting)
{
	u32 total = HOST_RAM_DEFAULT / PAGE_SIZE;

	EXPECT_EQ(nr_pages_total(), total);
	EXPECT_EQ(nr_pages_by_use(PAGE_USE_KERNEL), HOST_KERNEL_PAGES);
	EXPECT_EQ(nr_pages_by_use(PAGE_USE_PAGE_ARRAY), page_array_pages(total));
	/* kmem_cache_init took slab pages for the cache of caches and kmalloc */
	EXPECT_EQ(nr_pages_by_use(PAGE_USE_FREE) + nr_pages_by_use(PAGE_USE_SLAB),
		  total - HOST_KERNEL_PAGES - page_array_pages(total));
	EXPECT_EQ(nr_pages_by_use(PAGE_USE_ANON), 0);
	/* The per-page array sits right after the kernel image. */
	EXPECT_EQ(page_to_pfn(virt_to_page(mem_map)),
		  PFN_DOWN(phys_offset + 0x10000) + HOST_KERNEL_PAGES);
	EXPECT_EQ(virt_to_page(mem_map)->use, PAGE_USE_PAGE_ARRAY);
	EXPECT_BUDDY_OK();
}

TEST(page_boot_odd_sizes)
{
	static const u32 sizes[] = { 1u << 20, (16u << 20) + 12288, (4u << 20) - 4096,
				     (40u << 20) + 65536 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		host_mm_init(sizes[i]);
		EXPECT_EQ(nr_pages_total(), sizes[i] / PAGE_SIZE);
		EXPECT_BUDDY_OK();
	}
}

TEST(page_alloc_free_every_order)
{
	struct mm_snapshot before, after;
	unsigned int order;

	mm_snapshot_take(&before);
	for (order = 0; order <= MAX_PAGE_ORDER; order++) {
		struct page *page = alloc_pages(PAGE_USE_ANON, order);

		ASSERT_NOT_NULL(page);
		EXPECT_EQ(page_to_pfn(page) & ((1u << order) - 1), 0);
		EXPECT_EQ(page_count(page), 1);
		EXPECT_EQ(page->order, order);
		EXPECT_EQ(nr_pages_by_use(PAGE_USE_ANON), 1u << order);
		EXPECT_EQ(nr_pages_by_use(PAGE_USE_FREE),
			  before.by_use[PAGE_USE_FREE] - (1u << order));
		/* The whole block is usable memory. */
		memset(page_address(page), 0xa5, PAGE_SIZE << order);
		EXPECT_BUDDY_OK();
		__free_pages(page, order);
		mm_snapshot_take(&after);
		EXPECT_SNAPSHOT_EQ(&before, &after, false, false);
	}
	EXPECT_NULL(alloc_pages(PAGE_USE_ANON, MAX_PAGE_ORDER + 1));
	EXPECT_EQ(nr_page_alloc_fails(), 1);
}

/* The smallest order with a free block: where an order-0 request comes from. */
static unsigned int smallest_free_order(void)
{
	unsigned int k;

	for (k = 0; k < NR_PAGE_ORDERS; k++)
		if (nr_free_blocks(k))
			return k;
	return NR_PAGE_ORDERS;
}

TEST(page_split_counts)
{
	struct mm_snapshot before;
	unsigned int k, j;
	struct page *page;

	/* Empty the orders below some k, so that the next request splits. */
	while ((k = smallest_free_order()) < 3)
		ASSERT_NOT_NULL(alloc_pages(PAGE_USE_ANON, k));
	mm_snapshot_take(&before);
	page = alloc_page(PAGE_USE_PGTABLE);
	ASSERT_NOT_NULL(page);
	for (j = 0; j < k; j++)
		EXPECT_EQ(nr_free_blocks(j), before.free_blocks[j] + 1);
	EXPECT_EQ(nr_free_blocks(k), before.free_blocks[k] - 1);
	EXPECT_BUDDY_OK();
	__free_pages(page, 0);
	for (j = 0; j < NR_PAGE_ORDERS; j++)
		EXPECT_EQ(nr_free_blocks(j), before.free_blocks[j]);
}

TEST(page_exhaust_and_merge_back)
{
	struct mm_snapshot before, after;
	u32 nfree = nr_pages_by_use(PAGE_USE_FREE), n = 0, i;
	struct page **pages = calloc(nfree + 1, sizeof(*pages));
	u64 rng = 42;

	ASSERT_NOT_NULL(pages);
	mm_snapshot_take(&before);
	while ((pages[n] = alloc_page(PAGE_USE_ANON)) != NULL)
		n++;
	EXPECT_EQ(n, nfree);
	EXPECT_EQ(nr_pages_by_use(PAGE_USE_FREE), 0);
	for (i = 0; i < NR_PAGE_ORDERS; i++)
		EXPECT_EQ(nr_free_blocks(i), 0);
	EXPECT_EQ(nr_page_alloc_fails(), before.alloc_fails + 1);
	/* Free in a shuffled order: merging must still rebuild the boot blocks. */
	for (i = n; i > 1; i--) {
		u32 j = test_rand_below(&rng, i);
		struct page *t = pages[i - 1];

		pages[i - 1] = pages[j];
		pages[j] = t;
	}
	for (i = 0; i < n; i++) {
		__free_pages(pages[i], 0);
		if (i % 509 == 0)
			EXPECT_BUDDY_OK();
	}
	mm_snapshot_take(&after);
	EXPECT_SNAPSHOT_EQ(&before, &after, false, true);
	EXPECT_BUDDY_OK();
	free(pages);
}

TEST(page_use_accounting)
{
	static const enum page_use uses[] = { PAGE_USE_PGTABLE, PAGE_USE_SLAB, PAGE_USE_ANON,
					      PAGE_USE_SWAP_CACHE, PAGE_USE_KSTACK };
	struct mm_snapshot before, after;
	struct page *pages[ARRAY_SIZE(uses)];
	unsigned int i;

	mm_snapshot_take(&before);
	for (i = 0; i < ARRAY_SIZE(uses); i++) {
		pages[i] = alloc_pages(uses[i], i);
		ASSERT_NOT_NULL(pages[i]);
		EXPECT_EQ(nr_pages_by_use(uses[i]), before.by_use[uses[i]] + (1u << i));
	}
	/* anonymous -> swap cache moves the count */
	page_set_use(pages[2], PAGE_USE_SWAP_CACHE);
	EXPECT_EQ(nr_pages_by_use(PAGE_USE_ANON), before.by_use[PAGE_USE_ANON]);
	EXPECT_EQ(nr_pages_by_use(PAGE_USE_SWAP_CACHE),
		  before.by_use[PAGE_USE_SWAP_CACHE] + 4 + 8);
	EXPECT_BUDDY_OK();
	for (i = 0; i < ARRAY_SIZE(uses); i++)
		put_page(pages[i]);
	mm_snapshot_take(&after);
	EXPECT_SNAPSHOT_EQ(&before, &after, false, false);
}

TEST(page_refcount)
{
	u32 free0 = nr_pages_by_use(PAGE_USE_FREE);
	struct page *page = alloc_pages(PAGE_USE_ANON, 1);

	ASSERT_NOT_NULL(page);
	get_page(page);
	EXPECT_EQ(page_count(page), 2);
	page_mapcount_inc(page);
	page_mapcount_inc(page);
	EXPECT_EQ(page_mapcount(page), 2);
	page_mapcount_dec(page);
	page_mapcount_dec(page);
	__free_pages(page, 1);			/* one reference left: still allocated */
	EXPECT_EQ(nr_pages_by_use(PAGE_USE_FREE), free0 - 2);
	put_page(page);
	EXPECT_EQ(nr_pages_by_use(PAGE_USE_FREE), free0);
	EXPECT_BUDDY_OK();
}

TEST(page_helpers)
{
	u8 *p = get_zeroed_page(PAGE_USE_PGTABLE);
	unsigned int i, nonzero = 0;
	void *q;

	ASSERT_NOT_NULL(p);
	for (i = 0; i < PAGE_SIZE; i++)
		nonzero += p[i] != 0;
	EXPECT_EQ(nonzero, 0);
	EXPECT_TRUE(page_address(virt_to_page(p)) == (void *)p);
	EXPECT_EQ(__pa(p) & ~PAGE_MASK, 0);
	free_pages(p, 0);
	free_pages(NULL, 3);
	q = get_free_pages(PAGE_USE_ANON, 2);
	ASSERT_NOT_NULL(q);
	EXPECT_EQ(virt_to_page(q)->order, 2);
	free_pages(q, 2);
	EXPECT_EQ(get_order(1), 0);
	EXPECT_EQ(get_order(PAGE_SIZE), 0);
	EXPECT_EQ(get_order(PAGE_SIZE + 1), 1);
	EXPECT_EQ(get_order(4 * PAGE_SIZE), 2);
	EXPECT_TRUE(!strcmp(page_use_name(PAGE_USE_KSTACK), "kstack"));
	EXPECT_BUDDY_OK();
}
