/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Checks the host tests share: a snapshot of every mm/ counter to compare
 * before and after, and a scan of mem_map that verifies the buddy
 * allocator's invariants from the outside.
 */
#ifndef HOST_MM_CHECK_H
#define HOST_MM_CHECK_H

#include <anvil/mm.h>
#include <anvil/slab.h>

#define SNAP_MAX_CACHES	32

struct mm_snapshot {
	u32 by_use[NR_PAGE_USES];
	u32 free_blocks[NR_PAGE_ORDERS];
	u32 alloc_fails;
	unsigned int nr_caches;
	struct {
		const struct kmem_cache *cache;
		u32 inuse, pages, allocs, fails;
	} caches[SNAP_MAX_CACHES];
	struct kmalloc_large_stats large;
};

void mm_snapshot_take(struct mm_snapshot *s);
/*
 * Report (as test failures) every counter that differs; fail counters are
 * skipped when ignore_fails, allocation counts when ignore_allocs.
 * Returns the number of differences.
 */
int mm_snapshot_compare(const char *file, int line, const struct mm_snapshot *a,
			const struct mm_snapshot *b, bool ignore_allocs, bool ignore_fails);
#define EXPECT_SNAPSHOT_EQ(a, b, ignore_allocs, ignore_fails) \
	mm_snapshot_compare(__FILE__, __LINE__, a, b, ignore_allocs, ignore_fails)

/*
 * Scan mem_map: uses add up to the total; free blocks are aligned, do not
 * overlap, match the per-order counts and are fully merged (no free block's
 * buddy is free with the same order).  Returns the number of problems,
 * each reported as a test failure.
 */
int mm_check_buddy(const char *file, int line);
#define EXPECT_BUDDY_OK() EXPECT_EQ(mm_check_buddy(__FILE__, __LINE__), 0)

/*
 * Scan mem_map for the pages on the reclaim clock (PG_lru): each is a
 * single page of anonymous or swap-cache use with a reference, PG_active
 * only with PG_lru, and their numbers are the dump's lru.active and
 * lru.inactive (none without swap).  Returns the number of problems.
 */
int mm_check_clock(const char *file, int line);
#define EXPECT_CLOCK_OK() EXPECT_EQ(mm_check_clock(__FILE__, __LINE__), 0)

/* A small seeded generator for tests (xorshift64*). */
/* The slab cache called name, or NULL. */
struct kmem_cache *find_cache(const char *name);

u64 test_rand(u64 *state);
static inline u32 test_rand_below(u64 *state, u32 n)
{
	return (u32)(test_rand(state) % n);
}

#endif
