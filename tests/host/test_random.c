// SPDX-License-Identifier: GPL-2.0-only
/*
 * A randomized, seeded test of the page allocator and slab against a
 * reference model: a record of every live allocation (address, bytes,
 * kind).  After every step the allocators' counters must match the
 * model's; every so often no two live allocations may overlap, each must
 * still hold the bytes written into it, and the buddy scan must pass.
 * With CONFIG_FAULT_INJECTION, allocations also fail at random, and a
 * failure must change nothing but the failure counts.  At the end
 * everything is freed and every counter is back to its starting value.
 */
#include <stdlib.h>
#include "test.h"
#include "mm_check.h"

enum kind { K_PAGES, K_CACHE, K_KMALLOC };

struct record {
	enum kind kind;
	u8 *p;
	u32 bytes;		/* usable bytes asked for */
	u32 span;		/* bytes it owns: block or object slot */
	unsigned int order;	/* K_PAGES */
	enum page_use use;	/* K_PAGES */
	struct kmem_cache *cache;	/* K_CACHE and K_KMALLOC (NULL if large) */
	u8 fill;
};

#define MAX_LIVE	4000
#define NR_CACHES	4

struct model {
	struct record live[MAX_LIVE];
	u32 nr_live;
	u32 pages_by_use[NR_PAGE_USES];	/* from K_PAGES records */
	u32 large_pages;
	u32 inuse[NR_CACHES];
	struct kmem_cache *caches[NR_CACHES];
	u64 rng;
	u32 step;
};

static const u32 cache_sizes[NR_CACHES] = { 24, 100, 700, 3000 };
static const char *const cache_names[NR_CACHES] = { "rnd-24", "rnd-100", "rnd-700", "rnd-3000" };
static const enum page_use page_uses[] = { PAGE_USE_PGTABLE, PAGE_USE_ANON,
					   PAGE_USE_SWAP_CACHE, PAGE_USE_KSTACK };

static struct kmem_cache *kmalloc_cache_of(void *p)
{
	struct page *page = virt_to_page(p);

	if (!(page->flags & PG_slab))
		return NULL;
	/* The slab header's first word names the cache (mm/slab.c layout). */
	page = pfn_to_page(page_to_pfn(page) & ~((1u << page->order) - 1));
	return *(struct kmem_cache **)page_address(page);
}

static void fill(struct record *r)
{
	memset(r->p, r->fill, r->bytes);
}

static bool intact(const struct record *r)
{
	u32 i;

	for (i = 0; i < r->bytes; i++)
		if (r->p[i] != r->fill)
			return false;
	return true;
}

/* One allocation of a random kind; false when it failed (model unchanged). */
static bool step_alloc(struct model *m, struct record *r)
{
	u32 what = test_rand_below(&m->rng, 10);

	memset(r, 0, sizeof(*r));
	r->fill = (u8)(m->step * 7 + 1);
	if (what < 3) {
		/* pages: small orders mostly */
		static const unsigned int orders[] = { 0, 0, 0, 0, 1, 1, 2, 3, 4, 6 };
		struct page *page;

		r->kind = K_PAGES;
		r->order = orders[test_rand_below(&m->rng, ARRAY_SIZE(orders))];
		r->use = page_uses[test_rand_below(&m->rng, ARRAY_SIZE(page_uses))];
		page = alloc_pages(r->use, r->order);
		if (!page)
			return false;
		r->p = page_address(page);
		r->span = r->bytes = PAGE_SIZE << r->order;
		m->pages_by_use[r->use] += 1u << r->order;
	} else if (what < 7) {
		unsigned int i = test_rand_below(&m->rng, NR_CACHES);

		r->kind = K_CACHE;
		r->cache = m->caches[i];
		r->p = kmem_cache_alloc(r->cache);
		if (!r->p)
			return false;
		r->bytes = cache_sizes[i];
		r->span = r->cache->size;
		m->inuse[i]++;
	} else {
		u32 size = test_rand_below(&m->rng, 10) ? 1 + test_rand_below(&m->rng, 2048)
							 : 2049 + test_rand_below(&m->rng, 30000);

		r->kind = K_KMALLOC;
		r->p = kmalloc(size);
		if (!r->p)
			return false;
		r->bytes = size;
		r->cache = kmalloc_cache_of(r->p);
		r->span = r->cache ? r->cache->size : PAGE_SIZE << get_order(size);
		if (!r->cache)
			m->large_pages += 1u << get_order(size);
	}
	fill(r);
	return true;
}

static void step_free(struct model *m, u32 i)
{
	struct record *r = &m->live[i];
	unsigned int c;

	EXPECT_TRUE(intact(r));
	switch (r->kind) {
	case K_PAGES:
		__free_pages(virt_to_page(r->p), r->order);
		m->pages_by_use[r->use] -= 1u << r->order;
		break;
	case K_CACHE:
		for (c = 0; m->caches[c] != r->cache; c++)
			;
		kmem_cache_free(r->cache, r->p);
		m->inuse[c]--;
		break;
	case K_KMALLOC:
		kfree(r->p);
		if (!r->cache)
			m->large_pages -= 1u << get_order(r->bytes);
		break;
	}
	m->live[i] = m->live[--m->nr_live];
}

/* Counters against the model, after every step. */
static void check_counters(struct model *m)
{
	u32 slab_pages = kmalloc_large_stats.pages;
	struct kmem_cache *c = NULL;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(page_uses); i++)
		if (nr_pages_by_use(page_uses[i]) != m->pages_by_use[page_uses[i]])
			ASSERT_EQ(nr_pages_by_use(page_uses[i]), m->pages_by_use[page_uses[i]]);
	for (i = 0; i < NR_CACHES; i++)
		if (m->caches[i]->inuse != m->inuse[i])
			ASSERT_EQ(m->caches[i]->inuse, m->inuse[i]);
	if (kmalloc_large_stats.pages != m->large_pages)
		ASSERT_EQ(kmalloc_large_stats.pages, m->large_pages);
	while ((c = kmem_cache_next(c)))
		slab_pages += c->pages;
	if (slab_pages != nr_pages_by_use(PAGE_USE_SLAB))
		ASSERT_EQ(slab_pages, nr_pages_by_use(PAGE_USE_SLAB));
}

static int cmp_record(const void *a, const void *b)
{
	const struct record *x = a, *y = b;

	return x->p < y->p ? -1 : x->p > y->p;
}

/* No overlap, contents intact, buddy invariants. */
static void check_deep(struct model *m)
{
	static struct record sorted[MAX_LIVE];
	u32 i;

	memcpy(sorted, m->live, m->nr_live * sizeof(sorted[0]));
	qsort(sorted, m->nr_live, sizeof(sorted[0]), cmp_record);
	for (i = 0; i < m->nr_live; i++) {
		if (i && sorted[i - 1].p + sorted[i - 1].span > sorted[i].p)
			ASSERT_TRUE(!"two live allocations overlap");
		if (!intact(&sorted[i]))
			ASSERT_TRUE(!"a live allocation was overwritten");
		if ((u32)(__pa(sorted[i].p) - phys_offset) >= host_ram_size)
			ASSERT_TRUE(!"an allocation lies outside RAM");
	}
	ASSERT_EQ(mm_check_buddy(__FILE__, __LINE__), 0);
}

static void run_model(u64 seed, u32 steps, u32 ram)
{
	static struct model model;
	struct model *m = &model;
	struct mm_snapshot before, after;
	unsigned int i;

	host_mm_init(ram);
	memset(m, 0, sizeof(*m));
	m->rng = seed;
	for (i = 0; i < NR_CACHES; i++) {
		m->caches[i] = kmem_cache_create(cache_names[i], cache_sizes[i]);
		ASSERT_NOT_NULL(m->caches[i]);
	}
	mm_snapshot_take(&before);
#if IS_ENABLED(CONFIG_FAULT_INJECTION)
	fault_inject_random(&fail_page_alloc, 20000, seed);	/* 2% */
	fault_inject_random(&fail_slab, 20000, seed + 1);
#endif
	for (m->step = 0; m->step < steps; m->step++) {
		/* Grow to about half the slots, then wander around there. */
		bool grow = m->nr_live < MAX_LIVE / 4 ||
			    (m->nr_live < MAX_LIVE && test_rand_below(&m->rng, 100) < 52);

		if (grow) {
			struct mm_snapshot s0, s1;
			struct record *r = &m->live[m->nr_live];

			mm_snapshot_take(&s0);
			if (step_alloc(m, r)) {
				m->nr_live++;
			} else {
				mm_snapshot_take(&s1);
				ASSERT_EQ(EXPECT_SNAPSHOT_EQ(&s0, &s1, false, true), 0);
			}
		} else if (m->nr_live) {
			step_free(m, test_rand_below(&m->rng, m->nr_live));
		}
		check_counters(m);
		if (m->step % 1000 == 999)
			check_deep(m);
	}
	check_deep(m);
#if IS_ENABLED(CONFIG_FAULT_INJECTION)
	fault_inject_off_all();
#endif
	while (m->nr_live)
		step_free(m, m->nr_live - 1);
	check_counters(m);
	kmem_cache_shrink_all();
	mm_snapshot_take(&after);
	EXPECT_SNAPSHOT_EQ(&before, &after, true, true);
	for (i = 0; i < NR_CACHES; i++)
		EXPECT_EQ(kmem_cache_destroy(m->caches[i]), 0);
	EXPECT_BUDDY_OK();
}

TEST(random_model_seed_1)
{
	run_model(1, 30000, 32u << 20);
}

TEST(random_model_seed_2_tight_memory)
{
	/* 4 MiB: the allocators run out often; failures must be clean. */
	run_model(2, 30000, 4u << 20);
}

TEST(random_model_seed_3)
{
	run_model(0x5eed0003, 30000, 16u << 20);
}
