// SPDX-License-Identifier: GPL-2.0-only
/*
 * Compressed RAM swap on the host: mm/zsmalloc.c (objects of every size
 * class intact, pages given back, the reserve) and drivers/block/zram.c
 * (each kind of page stored and read back, discard, bad transfers, a store
 * with no memory left changing nothing, and a swap area on zram0).
 */
#include <stdlib.h>
#include "test.h"
#include <anvil/kernel.h>
#include <anvil/blkdev.h>
#include <anvil/fault_inject.h>
#include <anvil/mm.h>
#include <anvil/slab.h>
#include <anvil/reclaim.h>
#include <anvil/swap.h>
#include <anvil/zram.h>
#include <anvil/zsmalloc.h>

#define PG	4096u
#define SPP	(PG / SECTOR_SIZE)

static u32 rng = 777;

static u32 next_rand(void)
{
	rng = rng * 1103515245u + 12345u;
	return rng >> 8;
}

static void fill_object(u8 *p, u32 size, u32 tag)
{
	for (u32 i = 0; i < size; i++)
		p[i] = (u8)(tag * 31 + i);
}

static bool object_intact(const u8 *p, u32 size, u32 tag)
{
	for (u32 i = 0; i < size; i++)
		if (p[i] != (u8)(tag * 31 + i))
			return false;
	return true;
}

static struct zs_stats zs(void)
{
	struct zs_stats s;

	zs_get_stats(&s);
	return s;
}

static struct zram_stats zr(void)
{
	struct zram_stats s;

	zram_get_stats(&s);
	return s;
}

TEST(zsmalloc_sizes_and_pages)
{
	static const u32 sizes[] = { 1, 31, 32, 33, 100, 1000, 2047, 2048, 3000 };
	uintptr_t h[ARRAY_SIZE(sizes)];

	zs_init();
	EXPECT_EQ(zs_malloc(0), 0);
	EXPECT_EQ(zs_malloc(zs_max_size() + 1), 0);
	EXPECT_TRUE(zs_max_size() >= 4000);
	for (u32 i = 0; i < ARRAY_SIZE(sizes); i++) {
		h[i] = zs_malloc(sizes[i]);
		ASSERT_NE(h[i], 0);
		fill_object(zs_map(h[i]), sizes[i], i);
	}
	EXPECT_EQ(zs().objects, ARRAY_SIZE(sizes));
	/* 1 and 31 share the 32-byte class, 2047 and 2048 the 2048-byte one. */
	EXPECT_EQ(zs().pages, ARRAY_SIZE(sizes) - 2);
	for (u32 i = 0; i < ARRAY_SIZE(sizes); i++)
		EXPECT_TRUE(object_intact(zs_map(h[i]), sizes[i], i));
	for (u32 i = 0; i < ARRAY_SIZE(sizes); i++)
		zs_free(h[i]);
	zs_free(0);
	EXPECT_EQ(zs().objects, 0);
	EXPECT_EQ(zs().pages, 0);
	EXPECT_EQ(zs().class_bytes, 0);
	EXPECT_EQ(nr_pages_by_use(PAGE_USE_ZRAM), zs().reserve);
	zs_release_reserve();
	EXPECT_EQ(nr_pages_by_use(PAGE_USE_ZRAM), 0);
}

/* Many objects, freed in random order: the rest stay intact, pages go back. */
TEST(zsmalloc_random_churn)
{
	enum { N = 3000 };
	static uintptr_t h[N];
	static u32 size[N];
	u32 live = 0, class_bytes = 0;

	zs_init();
	for (u32 round = 0; round < 4; round++) {
		for (u32 i = 0; i < N; i++) {
			if (h[i] && next_rand() % 2) {
				EXPECT_TRUE(object_intact(zs_map(h[i]), size[i], i));
				zs_free(h[i]);
				class_bytes -= ALIGN(size[i], ZS_CLASS_STEP);
				h[i] = 0;
				live--;
			} else if (!h[i]) {
				size[i] = 1 + next_rand() % 2500;
				h[i] = zs_malloc(size[i]);
				ASSERT_NE(h[i], 0);
				fill_object(zs_map(h[i]), size[i], i);
				class_bytes += ALIGN(size[i], ZS_CLASS_STEP);
				live++;
			}
		}
		EXPECT_EQ(zs().objects, live);
		EXPECT_EQ(zs().class_bytes, class_bytes);
		/* Held pages cover the objects; the rest is bounded waste. */
		EXPECT_TRUE((u64)zs().pages * PG >= class_bytes);
	}
	for (u32 i = 0; i < N; i++) {
		if (h[i]) {
			EXPECT_TRUE(object_intact(zs_map(h[i]), size[i], i));
			zs_free(h[i]);
			h[i] = 0;
		}
	}
	EXPECT_EQ(zs().pages, 0);
	zs_release_reserve();
	EXPECT_EQ(nr_pages_by_use(PAGE_USE_ZRAM), 0);
}

/* ------------------------------------------------------------ zram0 */

static u32 page_buf[4][PG / 4];

enum { K_ZERO, K_WORD, K_TEXT, K_RANDOM };

static void *make_page(int kind, u32 tag)
{
	u32 *w = page_buf[kind];

	for (u32 i = 0; i < PG / 4; i++) {
		switch (kind) {
		case K_ZERO: w[i] = 0; break;
		case K_WORD: w[i] = 0xa5a5a5a5u ^ tag; break;
		case K_TEXT: w[i] = tag + (i / 16) * 0x01010101u; break;
		case K_RANDOM: w[i] = next_rand() ^ next_rand() << 12; break;
		}
	}
	return w;
}

static int zwrite(struct block_device *b, u32 page, void *buf)
{
	return b->transfer(b, 1, (u64)page * SPP, buf, PG);
}

static int zread(struct block_device *b, u32 page, void *buf)
{
	return b->transfer(b, 0, (u64)page * SPP, buf, PG);
}

TEST(zram_stores_each_kind)
{
	struct block_device *b = zram_create(64 * PG);
	static u32 out[PG / 4];
	struct zram_stats s;
	u32 header_bytes;

	ASSERT_NOT_NULL(b);
	EXPECT_EQ(strcmp(b->name, ZRAM_NAME), 0);
	EXPECT_EQ(b->nr_sectors, 64 * SPP);
	EXPECT_EQ(zr().pages_stored, 1);	/* the swap header, compressed */
	header_bytes = zr().compr_bytes;
	EXPECT_TRUE(header_bytes > 0 && header_bytes < 64);
	/* A page never written reads as zeros. */
	memset(out, 0xff, PG);
	ASSERT_EQ(zread(b, 9, out), 0);
	EXPECT_EQ(memcmp(out, make_page(K_ZERO, 0), PG), 0);
	for (int kind = K_ZERO; kind <= K_RANDOM; kind++)
		ASSERT_EQ(zwrite(b, 1 + kind, make_page(kind, 7)), 0);
	s = zr();
	EXPECT_EQ(s.pages_stored, 5);
	EXPECT_EQ(s.same_pages, 2);
	EXPECT_EQ(s.huge_pages, 1);
	EXPECT_TRUE(s.compr_bytes > header_bytes && s.compr_bytes < PG / 4);
	for (int kind = K_ZERO; kind <= K_RANDOM; kind++) {
		memset(out, 0xee, PG);
		ASSERT_EQ(zread(b, 1 + kind, out), 0);
		EXPECT_EQ(memcmp(out, page_buf[kind], PG), 0);
	}
	/* Overwrite the compressed page with a huge one, then discard all. */
	ASSERT_EQ(zwrite(b, 3, make_page(K_RANDOM, 0)), 0);
	EXPECT_EQ(zr().huge_pages, 2);
	EXPECT_EQ(zr().compr_bytes, header_bytes);
	b->discard(b, 1 * SPP, 4 * PG);
	EXPECT_EQ(zr().pages_stored, 1);
	EXPECT_EQ(zr().huge_pages, 0);
	EXPECT_EQ(zr().same_pages, 0);
	zram_destroy(b);
	EXPECT_EQ(nr_pages_by_use(PAGE_USE_ZRAM), 0);
	EXPECT_NULL(blkdev_find(ZRAM_NAME));
}

TEST(zram_refuses_bad_transfers_and_sizes)
{
	struct block_device *b;
	static u32 buf[PG / 4];

	EXPECT_NULL(zram_create(PG));		/* no room for a slot */
	EXPECT_NULL(zram_create(3 * PG + 512));	/* not whole pages */
	b = zram_create(8 * PG);
	ASSERT_NOT_NULL(b);
	EXPECT_NULL(zram_create(8 * PG));	/* one zram0 */
	EXPECT_EQ(b->transfer(b, 0, 1, buf, PG), -EINVAL);		/* unaligned */
	EXPECT_EQ(b->transfer(b, 1, SPP, buf, 512), -EINVAL);	/* part of a page */
	EXPECT_EQ(b->transfer(b, 1, 8 * SPP, buf, PG), -EINVAL);	/* past the end */
	EXPECT_EQ(b->transfer(b, 1, 7 * SPP, buf, 2 * PG), -EINVAL);
	EXPECT_EQ(zr().pages_stored, 1);
	zram_destroy(b);
}

#if IS_ENABLED(CONFIG_FAULT_INJECTION)
/*
 * Every page allocation failing: the reserve carries stores until it is
 * empty, then a store returns -ENOMEM and changes nothing, the slot's old
 * page included.  A single failure anywhere on the store path is absorbed.
 */
TEST(zram_store_without_memory_changes_nothing)
{
	struct block_device *b = zram_create(256 * PG);
	static u32 out[PG / 4], old[PG / 4];
	struct zram_stats before, after;
	u32 page = 2, stored = 0;
	int err = 0;

	ASSERT_NOT_NULL(b);
	memcpy(old, make_page(K_TEXT, 3), PG);
	ASSERT_EQ(zwrite(b, 1, old), 0);
	fault_inject_random(&fail_page_alloc, FAULT_PPM_ONE, 1);
	while (page < 256 && !(err = zwrite(b, page, make_page(K_RANDOM, 0)))) {
		page++;
		stored++;
	}
	EXPECT_EQ(err, -ENOMEM);
	EXPECT_EQ(stored, ZS_RESERVE_PAGES);	/* the reserve, then nothing */
	before = zr();
	EXPECT_EQ(zwrite(b, 1, make_page(K_RANDOM, 0)), -ENOMEM);
	after = zr();
	fault_inject_off(&fail_page_alloc);
	EXPECT_EQ(after.store_fails, before.store_fails + 1);
	after.store_fails = before.store_fails;
	/* It tried to compress: the cost counters moved. */
	after.compressions = before.compressions;
	after.compress_cycles = before.compress_cycles;
	EXPECT_EQ(memcmp(&before, &after, sizeof(before)), 0);
	ASSERT_EQ(zread(b, 1, out), 0);
	EXPECT_EQ(memcmp(out, old, PG), 0);
	/* Memory back: stores work again. */
	EXPECT_EQ(zwrite(b, page, make_page(K_RANDOM, 0)), 0);
	zram_destroy(b);
	EXPECT_EQ(nr_pages_by_use(PAGE_USE_ZRAM), 0);
}

/* zram_create fails cleanly at each of its allocations, then succeeds. */
TEST(zram_create_fails_cleanly)
{
	struct fault_attr *sites[2] = { &fail_slab, &fail_page_alloc };

	for (int s = 0; s < 2; s++) {
		for (u32 nth = 1;; nth++) {
			struct block_device *b;
			u32 free_before = nr_pages_by_use(PAGE_USE_FREE);

			fault_inject_nth(sites[s], nth);
			b = zram_create(4096 * PG);
			fault_inject_off(sites[s]);
			if (b) {
				zram_destroy(b);
				break;
			}
			kmem_cache_shrink_all();
			EXPECT_EQ(nr_pages_by_use(PAGE_USE_FREE), free_before);
			EXPECT_EQ(nr_pages_by_use(PAGE_USE_ZRAM), 0);
			EXPECT_NULL(blkdev_find(ZRAM_NAME));
			ASSERT_TRUE(nth < 64);
		}
	}
}

TEST(zram_store_absorbs_one_failure_anywhere)
{
	for (u32 nth = 1; nth <= ZS_RESERVE_PAGES + 2; nth++) {
		struct block_device *b = zram_create(16 * PG);
		static u32 out[PG / 4];

		ASSERT_NOT_NULL(b);
		zs_release_reserve();
		for (int kind = K_TEXT; kind <= K_RANDOM; kind++) {
			fault_inject_nth(&fail_page_alloc, nth);
			EXPECT_EQ(zwrite(b, 1 + kind, make_page(kind, nth)), 0);
			fault_inject_off(&fail_page_alloc);
			ASSERT_EQ(zread(b, 1 + kind, out), 0);
			EXPECT_EQ(memcmp(out, page_buf[kind], PG), 0);
		}
		zram_destroy(b);
		EXPECT_EQ(nr_pages_by_use(PAGE_USE_ZRAM), 0);
	}
}

/* What a refused store must leave as it was. */
struct store_snapshot {
	struct zram_stats zram;
	struct zs_stats zs;
	u32 free_pages, zram_pages;
	u32 slot[PG / 4];
};

static void store_snap(struct block_device *b, struct store_snapshot *s)
{
	zram_get_stats(&s->zram);
	zs_get_stats(&s->zs);
	s->free_pages = nr_pages_by_use(PAGE_USE_FREE);
	s->zram_pages = nr_pages_by_use(PAGE_USE_ZRAM);
	ASSERT_EQ(zread(b, 1, s->slot), 0);
	/* A store that tries counts these whatever happens. */
	s->zram.reads = s->zram.store_fails = 0;
	s->zram.compressions = s->zram.decompressions = 0;
	s->zram.compress_cycles = s->zram.decompress_cycles = 0;
	s->zs.fails = 0;
}

/*
 * All or nothing at every allocation index of the store path: memory runs
 * out at its 1st, 2nd, ... allocation (that one and every later one fail,
 * for the slab and then the page allocator), over a slot that was empty,
 * same-filled, compressed or whole, a new page of each kind, and the
 * allocator's reserve full or empty.  A store either gets through and
 * reads back, or returns -ENOMEM and leaves the slot, the counters and
 * every page where they were.  (Not tests/host/fail_each.c: a failure the
 * reserve absorbs is a success here, not an error.)
 */
TEST(zram_store_all_or_nothing_at_every_allocation)
{
	struct fault_attr *sites[2] = { &fail_slab, &fail_page_alloc };
	static struct store_snapshot before, after;
	static u32 want[PG / 4];
	u32 refused = 0;

	for (int s = 0; s < 2; s++)
	for (int old = -1; old <= K_RANDOM; old++)
	for (int kind = K_ZERO; kind <= K_RANDOM; kind++)
	for (int empty_reserve = 0; empty_reserve < 2; empty_reserve++)
	for (u32 nth = 1;; nth++) {
		struct block_device *b = zram_create(16 * PG);
		bool hit;
		int err;

		ASSERT_NOT_NULL(b);
		if (old >= 0)
			ASSERT_EQ(zwrite(b, 1, make_page(old, 1)), 0);
		if (empty_reserve)
			zs_release_reserve();
		store_snap(b, &before);
		memcpy(want, make_page(kind, 2), PG);
		/* The nth call fails, and every one after it. */
		fault_inject_random(sites[s], FAULT_PPM_ONE, 1);
		sites[s]->nth = nth;
		err = zwrite(b, 1, want);
		hit = sites[s]->injected;
		fault_inject_off(sites[s]);
		if (err) {
			ASSERT_EQ(err, -ENOMEM);
			refused++;
			store_snap(b, &after);
			if (memcmp(&before, &after, sizeof(before))) {
				printf("    site %d, old %d, new %d, reserve %s, allocation %u\n",
				       s, old, kind, empty_reserve ? "empty" : "full", nth);
				EXPECT_EQ(memcmp(&before, &after, sizeof(before)), 0);
			}
		} else {
			ASSERT_EQ(zread(b, 1, after.slot), 0);
			EXPECT_EQ(memcmp(after.slot, want, PG), 0);
		}
		zram_destroy(b);
		EXPECT_EQ(nr_pages_by_use(PAGE_USE_ZRAM), 0);
		if (!hit)
			break;
		ASSERT_TRUE(nth < 64);
	}
	/* Compressed and whole pages need a page an empty reserve cannot give. */
	EXPECT_TRUE(refused > 0);
}
#endif

/* A swap area on zram0: slots, page I/O, and freed slots discarded. */
TEST(zram_swap_area)
{
	struct block_device *b = zram_create(32 * PG);
	struct page *p = alloc_page(PAGE_USE_ANON);
	struct swap_stats ss;
	swp_entry_t e;

	ASSERT_NOT_NULL(b);
	ASSERT_NOT_NULL(p);
	ASSERT_EQ(swapon(b), 0);
	swap_get_stats(&ss);
	EXPECT_EQ(ss.slots_total, 31);
	e = get_swap_slot();
	ASSERT_NE(e.val, 0);
	memcpy(page_address(p), make_page(K_TEXT, 5), PG);
	ASSERT_EQ(swap_write_page(e, p), 0);
	EXPECT_EQ(zr().pages_stored, 2);
	memset(page_address(p), 0, PG);
	ASSERT_EQ(swap_read_page(e, p), 0);
	EXPECT_EQ(memcmp(page_address(p), page_buf[K_TEXT], PG), 0);
	swap_free(e);
	EXPECT_EQ(zr().pages_stored, 1);	/* discarded with the slot */
	EXPECT_EQ(swapoff(), 0);
	__free_pages(p, 0);
	zram_destroy(b);
}

/*
 * Below the low watermark a page that does not compress is refused: stored
 * whole it would cost the page reclaim frees (no progress, and kswapd once
 * went round on such pages while nothing else ran).  A compressed page is
 * still stored; with memory back, the whole page is too.
 */
TEST(zram_whole_page_refused_below_low_watermark)
{
	struct block_device *b = zram_create(64 * PG);
	static struct page *held[8192];
	static u32 out[PG / 4];
	u32 n = 0, fails;

	ASSERT_NOT_NULL(b);
	ASSERT_EQ(swapon(b), 0);
	while (!reclaim_below_low_watermark()) {
		ASSERT_TRUE(n < ARRAY_SIZE(held));
		held[n] = alloc_page(PAGE_USE_ANON);
		ASSERT_NOT_NULL(held[n]);
		n++;
	}
	ASSERT_EQ(zwrite(b, 1, make_page(K_TEXT, 1)), 0);
	fails = zr().store_fails;
	EXPECT_EQ(zwrite(b, 1, make_page(K_RANDOM, 0)), -ENOMEM);
	EXPECT_EQ(zr().store_fails, fails + 1);
	EXPECT_EQ(zr().huge_pages, 0);
	ASSERT_EQ(zread(b, 1, out), 0);
	EXPECT_EQ(memcmp(out, make_page(K_TEXT, 1), PG), 0);	/* as it was */
	EXPECT_EQ(zwrite(b, 2, make_page(K_TEXT, 2)), 0);
	while (n > ARRAY_SIZE(held) / 2 || reclaim_below_low_watermark())
		__free_pages(held[--n], 0);
	EXPECT_EQ(zwrite(b, 1, make_page(K_RANDOM, 0)), 0);
	EXPECT_EQ(zr().huge_pages, 1);
	while (n)
		__free_pages(held[--n], 0);
	EXPECT_EQ(swapoff(), 0);
	zram_destroy(b);
	EXPECT_EQ(nr_pages_by_use(PAGE_USE_ZRAM), 0);
}
