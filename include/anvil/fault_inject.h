/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Allocation-failure injection (CONFIG_FAULT_INJECTION), for tests of
 * failure paths: make the Nth allocation from now fail, or fail each
 * allocation with a seeded probability.  Three sites count allocations:
 *
 *	fail_page_alloc		every alloc_pages() call (slab growth included)
 *	fail_slab		every kmem_cache_alloc() of any cache (kmalloc too)
 *	cache->fail		every kmem_cache_alloc() of that cache
 *
 * Without CONFIG_FAULT_INJECTION the hooks the allocators call are static
 * inline "false", so their fast paths carry no code; the arming functions
 * do not exist, and tests that use them are built only with the option.
 * The implementation is mm/fault_inject.c.
 */
#ifndef ANVIL_FAULT_INJECT_H
#define ANVIL_FAULT_INJECT_H

#include <anvil/types.h>
#include <anvil/compiler.h>

struct kmem_cache;

#if IS_ENABLED(CONFIG_FAULT_INJECTION)

#define FAULT_PPM_ONE	1000000u	/* probability 1, in parts per million */

struct fault_attr {
	u32 nth;	/* fail the nth counted call from arming (1 = next); 0: off */
	u32 ppm;	/* else fail with this probability, parts per million */
	u64 rng;	/* xorshift64 state, seeded when armed */
	u32 calls;	/* calls counted since armed */
	u32 injected;	/* failures injected since armed */
};

extern struct fault_attr fail_page_alloc;
extern struct fault_attr fail_slab;

/* Arm: one failure, at the nth call from now (n >= 1). */
void fault_inject_nth(struct fault_attr *attr, u32 n);
/* Arm: fail each call with probability ppm / FAULT_PPM_ONE, reproducibly from seed. */
void fault_inject_random(struct fault_attr *attr, u32 ppm, u64 seed);
void fault_inject_off(struct fault_attr *attr);
/* Disarm every site, per-cache ones included. */
void fault_inject_off_all(void);
struct fault_attr *kmem_cache_fault_attr(struct kmem_cache *cache);

/* Count one call at attr; true when it must fail. */
bool should_fail(struct fault_attr *attr);

/* The hooks the allocators call. */
bool should_fail_alloc_pages(void);
bool should_fail_cache(struct kmem_cache *cache);

#else

static inline bool should_fail_alloc_pages(void)
{
	return false;
}

static inline bool should_fail_cache(struct kmem_cache *cache)
{
	(void)cache;
	return false;
}

#endif
#endif
