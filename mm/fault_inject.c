// SPDX-License-Identifier: GPL-2.0-only
/*
 * Allocation-failure injection (CONFIG_FAULT_INJECTION): the counters and
 * the seeded generator behind the hooks of <anvil/fault_inject.h>.  It owns
 * fail_page_alloc and fail_slab and reads each cache's own attribute; it
 * never allocates and never changes an allocator's state, so a failure it
 * injects leaves every counter but the failure counts as it was.
 */
#include <anvil/kernel.h>
#include <anvil/fault_inject.h>
#include <anvil/slab.h>

struct fault_attr fail_page_alloc;
struct fault_attr fail_slab;

/* xorshift64 (Marsaglia, 2003): tiny, and the same sequence on every target. */
static u64 xorshift64(u64 *state)
{
	u64 x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*state = x;
	return x;
}

/*
 * The finalizer of splitmix64 (Steele, Lea, Flood, 2014): nearby seeds
 * give unrelated states.  xorshift must not start at zero.
 */
static u64 seed_mix(u64 seed)
{
	u64 z = seed + 0x9e3779b97f4a7c15ull;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	z ^= z >> 31;
	return z ? z : 1;
}

static void fault_attr_reset(struct fault_attr *attr)
{
	attr->nth = 0;
	attr->ppm = 0;
	attr->rng = 0;
	attr->calls = 0;
	attr->injected = 0;
}

void fault_inject_nth(struct fault_attr *attr, u32 n)
{
	fault_attr_reset(attr);
	attr->nth = n;
}

void fault_inject_random(struct fault_attr *attr, u32 ppm, u64 seed)
{
	fault_attr_reset(attr);
	attr->ppm = min(ppm, FAULT_PPM_ONE);
	attr->rng = seed_mix(seed);
}

void fault_inject_off(struct fault_attr *attr)
{
	fault_attr_reset(attr);
}

void fault_inject_off_all(void)
{
	struct kmem_cache *cache = NULL;

	fault_attr_reset(&fail_page_alloc);
	fault_attr_reset(&fail_slab);
	while ((cache = kmem_cache_next(cache)))
		fault_attr_reset(&cache->fail);
}

struct fault_attr *kmem_cache_fault_attr(struct kmem_cache *cache)
{
	return &cache->fail;
}

bool should_fail(struct fault_attr *attr)
{
	bool fail = false;

	if (!attr->nth && !attr->ppm)
		return false;
	attr->calls++;
	if (attr->nth) {
		fail = attr->calls == attr->nth;
		if (fail)
			attr->nth = 0;		/* one shot */
	} else {
		/* The top 32 bits scaled to [0, 10^6): no division on ARM. */
		u32 r = (u32)(((xorshift64(&attr->rng) >> 32) * FAULT_PPM_ONE) >> 32);

		fail = r < attr->ppm;
	}
	if (fail)
		attr->injected++;
	return fail;
}

bool should_fail_alloc_pages(void)
{
	return should_fail(&fail_page_alloc);
}

/* Both sites count the call, so each one's Nth means the same whatever the other does. */
bool should_fail_cache(struct kmem_cache *cache)
{
	bool any = should_fail(&fail_slab);

	return should_fail(&cache->fail) || any;
}
