// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host tests of mm/slab.c: caches at boot, many objects, growth and
 * shrink, the spare slab, destroy, kmalloc size classes and large blocks.
 */
#include <stdlib.h>
#include "test.h"
#include "mm_check.h"
#include <anvil/errno.h>

static int cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;

	return x < y ? -1 : x > y;
}

/* Objects must not overlap: sorted, each starts at least size after the last. */
static void expect_disjoint(void **objs, u32 n, u32 size)
{
	uintptr_t *sorted = malloc(n * sizeof(*sorted));
	u32 i, bad = 0;

	memcpy(sorted, objs, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_ptr);
	for (i = 1; i < n; i++)
		bad += sorted[i] - sorted[i - 1] < size;
	EXPECT_EQ(bad, 0);
	free(sorted);
}

TEST(slab_boot_caches)
{
	static const char *const names[] = { "kmem_cache", "kmalloc-8", "kmalloc-16",
		"kmalloc-32", "kmalloc-64", "kmalloc-128", "kmalloc-256", "kmalloc-512",
		"kmalloc-1024", "kmalloc-2048" };
	struct kmem_cache *c = NULL;
	unsigned int i = 0;

	while ((c = kmem_cache_next(c))) {
		ASSERT_TRUE(i < ARRAY_SIZE(names));
		EXPECT_TRUE(!strcmp(c->name, names[i]));
		i++;
	}
	EXPECT_EQ(i, ARRAY_SIZE(names));
	c = find_cache("kmem_cache");
	ASSERT_NOT_NULL(c);
	EXPECT_EQ(c->inuse, 9);		/* the kmalloc caches */
	EXPECT_EQ(c->pages, 1u << c->order);
}

TEST(slab_many_objects)
{
	enum { N = 10000 };
	struct mm_snapshot before, after;
	struct kmem_cache *c;
	void **objs = calloc(N, sizeof(*objs));
	u32 i, slabs;

	mm_snapshot_take(&before);
	c = kmem_cache_create("test-60", 60);
	ASSERT_NOT_NULL(c);
	EXPECT_EQ(c->object_size, 60);
	EXPECT_EQ(c->size, 64);
	EXPECT_TRUE(c->objs_per_slab >= 50);
	for (i = 0; i < N; i++) {
		objs[i] = kmem_cache_alloc(c);
		ASSERT_NOT_NULL(objs[i]);
		EXPECT_EQ((uintptr_t)objs[i] & 7, 0);
		memset(objs[i], (int)i, 60);
	}
	slabs = DIV_ROUND_UP(N, c->objs_per_slab);
	EXPECT_EQ(c->inuse, N);
	EXPECT_EQ(c->allocs, N);
	EXPECT_EQ(c->pages, slabs << c->order);
	EXPECT_EQ(nr_pages_by_use(PAGE_USE_SLAB), before.by_use[PAGE_USE_SLAB] + c->pages);
	expect_disjoint(objs, N, c->size);
	for (i = 0; i < N; i++) {
		u8 *p = objs[i];

		EXPECT_TRUE(p[0] == (u8)i && p[59] == (u8)i);
	}
	/* Free every other object, then the rest: slabs go back as they empty. */
	for (i = 0; i < N; i += 2)
		kmem_cache_free(c, objs[i]);
	EXPECT_EQ(c->inuse, N / 2);
	EXPECT_EQ(c->pages, slabs << c->order);	/* every slab still half used */
	for (i = 1; i < N; i += 2)
		kmem_cache_free(c, objs[i]);
	EXPECT_EQ(c->inuse, 0);
	EXPECT_EQ(c->pages, 1u << c->order);	/* the spare */
	kmem_cache_shrink(c);
	EXPECT_EQ(c->pages, 0);
	EXPECT_EQ(kmem_cache_destroy(c), 0);
	mm_snapshot_take(&after);
	EXPECT_SNAPSHOT_EQ(&before, &after, true, false);
	EXPECT_BUDDY_OK();
	free(objs);
}

TEST(slab_spare_avoids_thrash)
{
	struct kmem_cache *c = kmem_cache_create("test-big", 20000);
	u32 allocs, i;
	void *p;

	ASSERT_NOT_NULL(c);
	EXPECT_EQ(c->objs_per_slab, 1);
	EXPECT_EQ(c->order, 3);
	p = kmem_cache_alloc(c);
	ASSERT_NOT_NULL(p);
	kmem_cache_free(c, p);
	EXPECT_EQ(c->pages, 8);
	allocs = nr_pages_by_use(PAGE_USE_FREE);
	for (i = 0; i < 100; i++) {
		p = kmem_cache_alloc(c);
		ASSERT_NOT_NULL(p);
		memset(p, 1, 20000);
		kmem_cache_free(c, p);
	}
	EXPECT_EQ(nr_pages_by_use(PAGE_USE_FREE), allocs);
	kmem_cache_shrink(c);
	EXPECT_EQ(c->pages, 0);
	EXPECT_EQ(kmem_cache_destroy(c), 0);
}

TEST(slab_destroy_busy)
{
	struct kmem_cache *c = kmem_cache_create("test-busy", 32);
	struct mm_snapshot before, after;
	void *p;

	ASSERT_NOT_NULL(c);
	p = kmem_cache_alloc(c);
	ASSERT_NOT_NULL(p);
	mm_snapshot_take(&before);
	EXPECT_EQ(kmem_cache_destroy(c), -EBUSY);
	mm_snapshot_take(&after);
	EXPECT_SNAPSHOT_EQ(&before, &after, false, false);
	kmem_cache_free(c, p);
	EXPECT_EQ(kmem_cache_destroy(c), 0);
	EXPECT_NULL(find_cache("test-busy"));
	EXPECT_EQ(kmem_cache_destroy(NULL), 0);
}

TEST(slab_create_limits)
{
	struct kmem_cache *c;
	void *p;

	EXPECT_NULL(kmem_cache_create("zero", 0));
	EXPECT_NULL(kmem_cache_create("huge", KMEM_CACHE_MAX_SIZE + 1));
	c = kmem_cache_create("max", KMEM_CACHE_MAX_SIZE);
	ASSERT_NOT_NULL(c);
	EXPECT_EQ(c->objs_per_slab, 1);
	p = kmem_cache_alloc(c);
	ASSERT_NOT_NULL(p);
	memset(p, 0x5a, KMEM_CACHE_MAX_SIZE);
	kmem_cache_free(c, p);
	EXPECT_EQ(kmem_cache_destroy(c), 0);
	c = kmem_cache_create("tiny", 1);
	ASSERT_NOT_NULL(c);
	EXPECT_EQ(c->size, 8u < 2 * sizeof(void *) && IS_ENABLED(CONFIG_DEBUG_VM) ?
		  2 * sizeof(void *) : 8u);
	kmem_cache_free(c, kmem_cache_alloc(c));
	kmem_cache_free(c, NULL);
	EXPECT_EQ(kmem_cache_destroy(c), 0);
}

TEST(slab_zalloc)
{
	struct kmem_cache *c = kmem_cache_create("test-z", 100);
	u8 *p;
	unsigned int i, nonzero = 0;

	ASSERT_NOT_NULL(c);
	p = kmem_cache_alloc(c);
	memset(p, 0xff, 100);
	kmem_cache_free(c, p);
	p = kmem_cache_zalloc(c);
	for (i = 0; i < 100; i++)
		nonzero += p[i] != 0;
	EXPECT_EQ(nonzero, 0);
	kmem_cache_free(c, p);
	p = kzalloc(3000);
	ASSERT_NOT_NULL(p);
	for (i = 0; i < 3000; i++)
		nonzero += p[i] != 0;
	EXPECT_EQ(nonzero, 0);
	kfree(p);
	EXPECT_EQ(kmem_cache_destroy(c), 0);
}

static u32 kmalloc_class_size(size_t size)
{
	u32 s = 8;

	while (s < size)
		s <<= 1;
	return s;
}

TEST(kmalloc_sizes)
{
	static const size_t sizes[] = { 1, 7, 8, 9, 16, 17, 31, 33, 64, 65, 100, 128, 129,
		255, 256, 257, 511, 513, 1000, 1024, 1025, 2047, 2048, 2049, 4096, 4097,
		10000, 65536, 1u << 22 };
	struct mm_snapshot before, after;
	void *p[ARRAY_SIZE(sizes)];
	unsigned int i;

	mm_snapshot_take(&before);
	EXPECT_NULL(kmalloc(0));
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		char name[32];
		struct kmem_cache *c = NULL;
		u32 inuse = 0;

		if (sizes[i] <= KMALLOC_MAX_CACHE_SIZE) {
			snprintf(name, sizeof(name), "kmalloc-%u", kmalloc_class_size(sizes[i]));
			c = find_cache(name);
			ASSERT_NOT_NULL(c);
			inuse = c->inuse;
		}
		p[i] = kmalloc(sizes[i]);
		ASSERT_NOT_NULL(p[i]);
		memset(p[i], 0x77, sizes[i]);
		if (c) {
			EXPECT_EQ(c->inuse, inuse + 1);
		} else {
			EXPECT_EQ(__pa(p[i]) & ~PAGE_MASK, 0);
			EXPECT_EQ(virt_to_page(p[i])->order, get_order(sizes[i]));
		}
	}
	EXPECT_EQ(kmalloc_large_stats.inuse, 6);
	/* 2049 and 4096 bytes: one page each; 4097: two; 10000: four ... */
	EXPECT_EQ(kmalloc_large_stats.pages, 1 + 1 + 2 + 4 + 16 + 1024);
	EXPECT_NULL(kmalloc(8u << 20));		/* above the largest block */
	EXPECT_EQ(kmalloc_large_stats.fails, 1);
	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		kfree(p[i]);
	kfree(NULL);
	kmem_cache_shrink_all();
	mm_snapshot_take(&after);
	before.alloc_fails++;
	before.large.fails++;
	EXPECT_SNAPSHOT_EQ(&before, &after, true, false);
	EXPECT_BUDDY_OK();
}

TEST(slab_out_of_memory)
{
	struct mm_snapshot before, after;
	struct kmem_cache *c;
	void **objs;
	u32 n = 0, cap = 200000, i;

	host_mm_init(1u << 20);
	c = kmem_cache_create("test-oom", 200);
	ASSERT_NOT_NULL(c);
	mm_snapshot_take(&before);
	objs = calloc(cap, sizeof(*objs));
	while (n < cap && (objs[n] = kmem_cache_alloc(c)) != NULL)
		n++;
	EXPECT_TRUE(n > 0 && n < cap);
	EXPECT_EQ(c->fails, 1);
	EXPECT_EQ(c->inuse, n);
	EXPECT_TRUE(nr_pages_by_use(PAGE_USE_FREE) < (1u << c->order));
	EXPECT_BUDDY_OK();
	for (i = 0; i < n; i++)
		kmem_cache_free(c, objs[i]);
	kmem_cache_shrink(c);
	mm_snapshot_take(&after);
	EXPECT_SNAPSHOT_EQ(&before, &after, true, true);
	free(objs);
}
