// SPDX-License-Identifier: GPL-2.0-only
/*
 * Shared checks of the host tests: counter snapshots and the mem_map scan
 * (see mm_check.h).  They read mm/ state only through its public headers.
 */
#include <anvil/meminfo.h>
#include "test.h"
#include "mm_check.h"

void mm_snapshot_take(struct mm_snapshot *s)
{
	const struct kmem_cache *c = NULL;
	unsigned int i;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < NR_PAGE_USES; i++)
		s->by_use[i] = nr_pages_by_use(i);
	for (i = 0; i < NR_PAGE_ORDERS; i++)
		s->free_blocks[i] = nr_free_blocks(i);
	s->alloc_fails = nr_page_alloc_fails();
	while ((c = kmem_cache_next((struct kmem_cache *)c)) && s->nr_caches < SNAP_MAX_CACHES) {
		i = s->nr_caches++;
		s->caches[i].cache = c;
		s->caches[i].inuse = c->inuse;
		s->caches[i].pages = c->pages;
		s->caches[i].allocs = c->allocs;
		s->caches[i].fails = c->fails;
	}
	s->large = kmalloc_large_stats;
}

#define DIFF(what, x, y) do {						\
	if ((x) != (y)) {						\
		test_fail(file, line, "%s: %lld before, %lld after",	\
			  what, (long long)(x), (long long)(y));	\
		n++;							\
	}								\
} while (0)

int mm_snapshot_compare(const char *file, int line, const struct mm_snapshot *a,
			const struct mm_snapshot *b, bool ignore_allocs, bool ignore_fails)
{
	char what[96];
	unsigned int i;
	int n = 0;

	for (i = 0; i < NR_PAGE_USES; i++) {
		snprintf(what, sizeof(what), "pages.%s", page_use_name(i));
		DIFF(what, a->by_use[i], b->by_use[i]);
	}
	for (i = 0; i < NR_PAGE_ORDERS; i++) {
		snprintf(what, sizeof(what), "free blocks of order %u", i);
		DIFF(what, a->free_blocks[i], b->free_blocks[i]);
	}
	if (!ignore_fails)
		DIFF("page alloc fails", a->alloc_fails, b->alloc_fails);
	DIFF("number of caches", a->nr_caches, b->nr_caches);
	for (i = 0; i < a->nr_caches && i < b->nr_caches; i++) {
		const char *name = a->caches[i].cache->name;

		if (a->caches[i].cache != b->caches[i].cache) {
			test_fail(file, line, "cache %u: %s before, another after", i, name);
			n++;
			continue;
		}
		snprintf(what, sizeof(what), "%s inuse", name);
		DIFF(what, a->caches[i].inuse, b->caches[i].inuse);
		snprintf(what, sizeof(what), "%s pages", name);
		DIFF(what, a->caches[i].pages, b->caches[i].pages);
		if (!ignore_allocs) {
			snprintf(what, sizeof(what), "%s allocs", name);
			DIFF(what, a->caches[i].allocs, b->caches[i].allocs);
		}
		if (!ignore_fails) {
			snprintf(what, sizeof(what), "%s fails", name);
			DIFF(what, a->caches[i].fails, b->caches[i].fails);
		}
	}
	DIFF("kmalloc_large inuse", a->large.inuse, b->large.inuse);
	DIFF("kmalloc_large pages", a->large.pages, b->large.pages);
	if (!ignore_allocs)
		DIFF("kmalloc_large allocs", a->large.allocs, b->large.allocs);
	if (!ignore_fails)
		DIFF("kmalloc_large fails", a->large.fails, b->large.fails);
	return n;
}

#define PROBLEM(...) do { test_fail(file, line, __VA_ARGS__); n++; } while (0)

int mm_check_buddy(const char *file, int line)
{
	u32 blocks[NR_PAGE_ORDERS] = { 0 }, free_pages = 0, sum = 0, pfn, i;
	int n = 0;

	for (i = 0; i < NR_PAGE_USES; i++)
		sum += nr_pages_by_use(i);
	if (sum != nr_pages_total())
		PROBLEM("pages by use add up to %u, total is %u", sum, nr_pages_total());

	for (pfn = mem_map_first_pfn; pfn < mem_map_end_pfn; ) {
		struct page *page = pfn_to_page(pfn);
		u32 k, size, buddy;

		if (!(page->flags & PG_buddy)) {
			pfn++;
			continue;
		}
		k = page->order;
		size = 1u << k;
		if (pfn & (size - 1))
			PROBLEM("free block at pfn 0x%x misaligned for order %u", pfn, k);
		if (pfn + size > mem_map_end_pfn)
			PROBLEM("free block at pfn 0x%x order %u runs past RAM", pfn, k);
		if (page->_refcount || page->_mapcount || page->use != PAGE_USE_FREE)
			PROBLEM("free block at pfn 0x%x has refcount %u mapcount %u use %u",
				pfn, page->_refcount, page->_mapcount, page->use);
		for (i = 1; i < size && pfn + i < mem_map_end_pfn; i++)
			if (page[i].flags || page[i]._refcount)
				PROBLEM("free block at pfn 0x%x: page +%u flags 0x%x refcount %u",
					pfn, i, page[i].flags, page[i]._refcount);
		buddy = pfn ^ size;
		if (k < MAX_PAGE_ORDER && pfn_valid(buddy) &&
		    (pfn_to_page(buddy)->flags & PG_buddy) && pfn_to_page(buddy)->order == k)
			PROBLEM("free blocks at pfn 0x%x and 0x%x (order %u) not merged", pfn, buddy, k);
		blocks[k]++;
		free_pages += size;
		pfn += size;
	}
	for (i = 0; i < NR_PAGE_ORDERS; i++)
		if (blocks[i] != nr_free_blocks(i))
			PROBLEM("order %u: %u free blocks in mem_map, %u counted", i, blocks[i],
				nr_free_blocks(i));
	if (free_pages != nr_pages_by_use(PAGE_USE_FREE))
		PROBLEM("%u free pages in mem_map, %u counted", free_pages,
			nr_pages_by_use(PAGE_USE_FREE));
	return n;
}

struct clock_counts {
	long active, inactive;
};

static void clock_emit(const char *key, unsigned long value, void *arg)
{
	struct clock_counts *c = arg;

	if (!strcmp(key, "lru.active"))
		c->active = (long)value;
	else if (!strcmp(key, "lru.inactive"))
		c->inactive = (long)value;
}

int mm_check_clock(const char *file, int line)
{
	struct clock_counts dumped = { 0, 0 };
	long active = 0, inactive = 0;
	u32 pfn;
	int n = 0;

	meminfo_dump(clock_emit, &dumped);
	for (pfn = mem_map_first_pfn; pfn < mem_map_end_pfn; pfn++) {
		struct page *page = pfn_to_page(pfn);

		if (!(page->flags & PG_lru)) {
			if (page->flags & PG_active)
				PROBLEM("pfn 0x%x: PG_active off the clock", pfn);
			continue;
		}
		if (page->order || !page->_refcount ||
		    (page->use != PAGE_USE_ANON && page->use != PAGE_USE_SWAP_CACHE))
			PROBLEM("pfn 0x%x on the clock: order %u refcount %u use %u",
				pfn, page->order, page->_refcount, page->use);
		if (page->flags & PG_active)
			active++;
		else
			inactive++;
	}
	if (active != dumped.active || inactive != dumped.inactive)
		PROBLEM("clock: %ld active, %ld inactive pages in mem_map; counted %ld, %ld",
			active, inactive, dumped.active, dumped.inactive);
	return n;
}

u64 test_rand(u64 *state)
{
	u64 x = *state ? *state : 0x2545f4914f6cdd1dull;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545f4914f6cdd1dull;
}

struct kmem_cache *find_cache(const char *name)
{
	struct kmem_cache *c = NULL;

	while ((c = kmem_cache_next(c)))
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}
