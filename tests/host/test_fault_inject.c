// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host tests of mm/fault_inject.c (CONFIG_FAULT_INJECTION): the Nth call
 * fails, seeded probabilities repeat, and every injected failure leaves
 * the allocators' counters as they were, failure counts aside.
 */
#include <stdlib.h>
#include "test.h"
#include "mm_check.h"

TEST(fault_page_alloc_nth)
{
	struct mm_snapshot before, after;
	struct page *a, *b;

	fault_inject_nth(&fail_page_alloc, 3);
	a = alloc_page(PAGE_USE_ANON);
	b = alloc_page(PAGE_USE_ANON);
	ASSERT_NOT_NULL(a);
	ASSERT_NOT_NULL(b);
	mm_snapshot_take(&before);
	EXPECT_NULL(alloc_pages(PAGE_USE_ANON, 2));
	mm_snapshot_take(&after);
	EXPECT_EQ(after.alloc_fails, before.alloc_fails + 1);
	EXPECT_SNAPSHOT_EQ(&before, &after, false, true);
	EXPECT_EQ(fail_page_alloc.injected, 1);
	/* One shot: the next one works. */
	b = (__free_pages(b, 0), alloc_page(PAGE_USE_ANON));
	EXPECT_NOT_NULL(b);
	EXPECT_EQ(fail_page_alloc.injected, 1);
	__free_pages(a, 0);
	__free_pages(b, 0);
	EXPECT_BUDDY_OK();
}

TEST(fault_cache_nth_counts_only_that_cache)
{
	struct kmem_cache *a = kmem_cache_create("fi-a", 32), *b = kmem_cache_create("fi-b", 32);
	struct mm_snapshot before, after;
	void *x, *y, *z;

	ASSERT_NOT_NULL(a);
	ASSERT_NOT_NULL(b);
	fault_inject_nth(kmem_cache_fault_attr(a), 2);
	x = kmem_cache_alloc(a);
	y = kmem_cache_alloc(b);		/* not counted at a */
	ASSERT_NOT_NULL(x);
	ASSERT_NOT_NULL(y);
	mm_snapshot_take(&before);
	EXPECT_NULL(kmem_cache_alloc(a));
	mm_snapshot_take(&after);
	EXPECT_EQ(a->fails, 1);
	EXPECT_EQ(a->allocs, 1);
	EXPECT_SNAPSHOT_EQ(&before, &after, false, true);
	z = kmem_cache_alloc(a);
	EXPECT_NOT_NULL(z);
	kmem_cache_free(a, x);
	kmem_cache_free(a, z);
	kmem_cache_free(b, y);
	EXPECT_EQ(kmem_cache_destroy(a), 0);
	EXPECT_EQ(kmem_cache_destroy(b), 0);
}

TEST(fault_slab_nth_any_cache)
{
	struct mm_snapshot before, after;
	void *p[4];
	unsigned int i;

	fault_inject_nth(&fail_slab, 4);
	for (i = 0; i < 3; i++) {
		p[i] = kmalloc(16 << i);
		ASSERT_NOT_NULL(p[i]);
	}
	mm_snapshot_take(&before);
	EXPECT_NULL(kmalloc(100));
	mm_snapshot_take(&after);
	EXPECT_SNAPSHOT_EQ(&before, &after, false, true);
	p[3] = kmalloc(100);
	EXPECT_NOT_NULL(p[3]);
	for (i = 0; i < 4; i++)
		kfree(p[i]);
	/* kmem_cache_create allocates from the cache of caches: it fails cleanly too. */
	mm_snapshot_take(&before);
	fault_inject_nth(&fail_slab, 1);
	EXPECT_NULL(kmem_cache_create("fi-never", 64));
	mm_snapshot_take(&after);
	EXPECT_SNAPSHOT_EQ(&before, &after, false, true);
}

TEST(fault_slab_grow_fails_cleanly)
{
	struct kmem_cache *c = kmem_cache_create("fi-grow", 1000);
	struct mm_snapshot before, after;
	void *objs[64];
	u32 n = 0;

	ASSERT_NOT_NULL(c);
	/* Fill the first slab, so that the next allocation must grow the cache. */
	do {
		objs[n] = kmem_cache_alloc(c);
		ASSERT_NOT_NULL(objs[n]);
	} while (++n < c->objs_per_slab);
	mm_snapshot_take(&before);
	fault_inject_nth(&fail_page_alloc, 1);
	EXPECT_NULL(kmem_cache_alloc(c));
	mm_snapshot_take(&after);
	EXPECT_EQ(c->fails, 1);
	EXPECT_EQ(after.alloc_fails, before.alloc_fails + 1);
	EXPECT_SNAPSHOT_EQ(&before, &after, false, true);
	/* Large kmalloc takes the page allocator's injection too. */
	fault_inject_nth(&fail_page_alloc, 1);
	EXPECT_NULL(kmalloc(3 * PAGE_SIZE));
	EXPECT_EQ(kmalloc_large_stats.fails, 1);
	while (n)
		kmem_cache_free(c, objs[--n]);
	EXPECT_EQ(kmem_cache_destroy(c), 0);
	EXPECT_BUDDY_OK();
}

/* Which of n page allocations fail with probability ppm from seed, as a bit string. */
static u32 failure_pattern(u32 ppm, u64 seed, u32 n, u8 *bits)
{
	u32 i, fails = 0;

	fault_inject_random(&fail_page_alloc, ppm, seed);
	for (i = 0; i < n; i++) {
		struct page *p = alloc_page(PAGE_USE_ANON);

		bits[i] = !p;
		fails += !p;
		if (p)
			__free_pages(p, 0);
	}
	EXPECT_EQ(fail_page_alloc.injected, fails);
	EXPECT_EQ(fail_page_alloc.calls, ppm ? n : 0);	/* ppm 0 is off: nothing counted */
	fault_inject_off(&fail_page_alloc);
	return fails;
}

TEST(fault_random_is_seeded)
{
	enum { N = 20000 };
	static u8 a[N], b[N], c[N];
	struct mm_snapshot before, after;
	u32 fa, fb, fc;

	mm_snapshot_take(&before);
	fa = failure_pattern(250000, 42, N, a);		/* 25% */
	fb = failure_pattern(250000, 42, N, b);
	fc = failure_pattern(250000, 43, N, c);
	EXPECT_EQ(fa, fb);
	EXPECT_EQ(memcmp(a, b, N), 0);
	EXPECT_NE(memcmp(a, c, N), 0);
	EXPECT_TRUE(fa > N / 4 - N / 40 && fa < N / 4 + N / 40);
	EXPECT_TRUE(fc > N / 4 - N / 40 && fc < N / 4 + N / 40);
	EXPECT_EQ(failure_pattern(0, 1, 1000, a), 0);
	EXPECT_EQ(failure_pattern(FAULT_PPM_ONE, 1, 1000, a), 1000);
	mm_snapshot_take(&after);
	EXPECT_EQ(after.alloc_fails, before.alloc_fails + fa + fb + fc + 1000);
	EXPECT_SNAPSHOT_EQ(&before, &after, false, true);
	EXPECT_BUDDY_OK();
}

TEST(fault_off_all)
{
	struct kmem_cache *c = kmem_cache_create("fi-off", 8);
	void *p;

	ASSERT_NOT_NULL(c);
	fault_inject_nth(&fail_page_alloc, 1);
	fault_inject_nth(&fail_slab, 1);
	fault_inject_nth(kmem_cache_fault_attr(c), 1);
	fault_inject_off_all();
	p = kmem_cache_alloc(c);
	EXPECT_NOT_NULL(p);
	kmem_cache_free(c, p);
	EXPECT_EQ(c->fails, 0);
	EXPECT_EQ(kmem_cache_destroy(c), 0);
}
