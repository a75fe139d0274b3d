// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host benchmark of mm/ (make bench): page alloc/free and slab alloc/free
 * per operation, in nanoseconds and, where the kernel lets us count them,
 * user-space instructions; and sizeof(struct page) for this build's
 * config.  Built without sanitizers at -O2.  It prints figures and asserts
 * nothing: no test fails because a machine is slow.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <linux/perf_event.h>
#include <anvil/mm.h>
#include <anvil/slab.h>
#include "host.h"

#ifndef HOST_VARIANT
#define HOST_VARIANT "bench"
#endif

#define BATCH	4096u
#define ROUNDS	200u

static int insn_fd = -1;
static void *batch[BATCH];

/* User-space instruction counter, or -1 when perf events are not allowed. */
static void insn_open(void)
{
	struct perf_event_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.type = PERF_TYPE_HARDWARE;
	attr.size = sizeof(attr);
	attr.config = PERF_COUNT_HW_INSTRUCTIONS;
	attr.exclude_kernel = 1;
	attr.exclude_hv = 1;
	insn_fd = (int)syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);
}

static u64 insn_read(void)
{
	u64 n = 0;

	if (insn_fd < 0 || read(insn_fd, &n, sizeof(n)) != sizeof(n))
		return 0;
	return n;
}

static u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000u + (u64)ts.tv_nsec;
}

struct meter {
	u64 ns, insns, ops;
};

static void meter_start(struct meter *m, u64 *t0, u64 *i0)
{
	(void)m;
	*i0 = insn_read();
	*t0 = now_ns();
}

static void meter_stop(struct meter *m, u64 t0, u64 i0, u64 ops)
{
	m->ns += now_ns() - t0;
	m->insns += insn_read() - i0;
	m->ops += ops;
}

static void report(const char *what, const struct meter *m)
{
	printf("bench/%s: %-28s %7.1f ns/op", HOST_VARIANT, what, (double)m->ns / (double)m->ops);
	if (insn_fd >= 0)
		printf("  %7.1f insns/op", (double)m->insns / (double)m->ops);
	printf("\n");
}

static void bench_pages(unsigned int order)
{
	struct meter a = { 0 }, f = { 0 };
	u32 n = min(BATCH, (nr_pages_by_use(PAGE_USE_FREE) >> order) / 2), r, i;
	u64 t0, i0;
	char what[64];

	for (r = 0; r < ROUNDS; r++) {
		meter_start(&a, &t0, &i0);
		for (i = 0; i < n; i++)
			batch[i] = alloc_pages(PAGE_USE_ANON, order);
		meter_stop(&a, t0, i0, n);
		meter_start(&f, &t0, &i0);
		for (i = 0; i < n; i++)
			__free_pages(batch[i], order);
		meter_stop(&f, t0, i0, n);
	}
	snprintf(what, sizeof(what), "alloc_pages(order %u)", order);
	report(what, &a);
	snprintf(what, sizeof(what), "__free_pages(order %u)", order);
	report(what, &f);
}

/* Allocate and free at once, one page at a time: the common short-lived case. */
static void bench_page_pingpong(void)
{
	struct meter m = { 0 };
	u64 t0, i0;
	u32 i;

	meter_start(&m, &t0, &i0);
	for (i = 0; i < BATCH * ROUNDS; i++)
		__free_pages(alloc_page(PAGE_USE_ANON), 0);
	meter_stop(&m, t0, i0, BATCH * ROUNDS);
	report("alloc+free page, pair", &m);
}

static void bench_cache(u32 size)
{
	struct kmem_cache *c = kmem_cache_create("bench", size);
	struct meter a = { 0 }, f = { 0 };
	u64 t0, i0;
	u32 r, i;
	char what[64];

	for (r = 0; r < ROUNDS; r++) {
		meter_start(&a, &t0, &i0);
		for (i = 0; i < BATCH; i++)
			batch[i] = kmem_cache_alloc(c);
		meter_stop(&a, t0, i0, BATCH);
		meter_start(&f, &t0, &i0);
		for (i = 0; i < BATCH; i++)
			kmem_cache_free(c, batch[i]);
		meter_stop(&f, t0, i0, BATCH);
	}
	snprintf(what, sizeof(what), "kmem_cache_alloc(%u B)", size);
	report(what, &a);
	snprintf(what, sizeof(what), "kmem_cache_free(%u B)", size);
	report(what, &f);
	kmem_cache_destroy(c);
}

static void bench_kmalloc(void)
{
	static const u32 sizes[] = { 16, 40, 96, 200, 500, 1000, 24, 64 };
	struct meter a = { 0 }, f = { 0 };
	u64 t0, i0;
	u32 r, i;

	for (r = 0; r < ROUNDS; r++) {
		meter_start(&a, &t0, &i0);
		for (i = 0; i < BATCH; i++)
			batch[i] = kmalloc(sizes[i % ARRAY_SIZE(sizes)]);
		meter_stop(&a, t0, i0, BATCH);
		meter_start(&f, &t0, &i0);
		for (i = 0; i < BATCH; i++)
			kfree(batch[i]);
		meter_stop(&f, t0, i0, BATCH);
	}
	report("kmalloc(16..1000 B)", &a);
	report("kfree", &f);
}

int main(void)
{
	host_mm_init(HOST_RAM_MAX);
	insn_open();
	printf("bench/%s: sizeof(struct page) %zu bytes on this host (%zu-bit); "
	       "per-page array %u pages for %u MiB\n", HOST_VARIANT, sizeof(struct page),
	       8 * sizeof(void *), nr_pages_by_use(PAGE_USE_PAGE_ARRAY), HOST_RAM_MAX >> 20);
	if (insn_fd < 0)
		printf("bench/%s: no instruction counter (perf_event_open refused): ns only\n",
		       HOST_VARIANT);
	bench_pages(0);
	bench_pages(3);
	bench_page_pingpong();
	bench_cache(64);
	bench_cache(512);
	bench_kmalloc();
	return 0;
}
