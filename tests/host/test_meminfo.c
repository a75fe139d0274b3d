// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host tests of mm/meminfo.c: the dump's keys, order and values agree
 * with the counters.
 */
#include <stdlib.h>
#include "test.h"
#include "mm_check.h"
#include <anvil/meminfo.h>

struct dump {
	unsigned int n;
	char key[256][64];
	unsigned long value[256];
};

static void collect(const char *key, unsigned long value, void *arg)
{
	struct dump *d = arg;

	if (d->n < 256) {
		snprintf(d->key[d->n], sizeof(d->key[0]), "%s", key);
		d->value[d->n++] = value;
	}
}

static long lookup(const struct dump *d, const char *key)
{
	unsigned int i;

	for (i = 0; i < d->n; i++)
		if (!strcmp(d->key[i], key))
			return (long)d->value[i];
	return -1;
}

TEST(meminfo_keys_and_values)
{
	struct dump *d = calloc(1, sizeof(*d));
	struct kmem_cache *c = kmem_cache_create("test-info", 40);
	void *a, *b, *big;
	long sum = 0;
	unsigned int i;

	ASSERT_NOT_NULL(c);
	a = kmem_cache_alloc(c);
	b = kmem_cache_alloc(c);
	big = kmalloc(10000);
	meminfo_dump(collect, d);
	EXPECT_TRUE(!strcmp(d->key[0], "page.size"));
	EXPECT_EQ(lookup(d, "page.size"), sizeof(struct page));
	EXPECT_EQ(lookup(d, "pages.total"), nr_pages_total());
	for (i = 0; i < NR_PAGE_USES; i++) {
		char key[64];

		snprintf(key, sizeof(key), "pages.%s", page_use_name(i));
		EXPECT_EQ(lookup(d, key), nr_pages_by_use(i));
		sum += lookup(d, key);
	}
	EXPECT_EQ(sum, nr_pages_total());
	EXPECT_EQ(lookup(d, "buddy.order0"), nr_free_blocks(0));
	EXPECT_EQ(lookup(d, "buddy.order10"), nr_free_blocks(10));
	EXPECT_EQ(lookup(d, "slab.test-info.objsize"), 40);
	EXPECT_EQ(lookup(d, "slab.test-info.inuse"), 2);
	EXPECT_EQ(lookup(d, "slab.test-info.pages"), 1);
	EXPECT_EQ(lookup(d, "slab.test-info.allocs"), 2);
	EXPECT_EQ(lookup(d, "slab.test-info.fails"), 0);
	EXPECT_EQ(lookup(d, "slab.kmalloc-64.objsize"), 64);
	EXPECT_EQ(lookup(d, "slab.kmem_cache.inuse"), 10);
	EXPECT_EQ(lookup(d, "kmalloc_large.inuse"), 1);
	EXPECT_EQ(lookup(d, "kmalloc_large.pages"), 4);
	EXPECT_TRUE(!strcmp(d->key[d->n - 1], "kmalloc_large.fails"));
	/* Reading changes nothing: a second dump is the same. */
	{
		struct dump *e = calloc(1, sizeof(*e));

		meminfo_dump(collect, e);
		EXPECT_EQ(memcmp(d, e, sizeof(*d)), 0);
		free(e);
	}
	meminfo_printk();
	kmem_cache_free(c, a);
	kmem_cache_free(c, b);
	kfree(big);
	EXPECT_EQ(kmem_cache_destroy(c), 0);
	free(d);
}
