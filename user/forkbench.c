// SPDX-License-Identifier: GPL-2.0-only
/*
 * forkbench: what fork + exit + wait costs, in PMU cycles (a benchmark: it
 * prints figures and asserts nothing).  Run by `make bench` under QEMU
 * with -icount shift=0, where a cycle is one instruction and the counts
 * repeat exactly.
 *
 * One measurement: the parent reads PMCCNTR, forks a child that _exits at
 * once, waits for it, and reads PMCCNTR again; all of it runs on the one
 * CPU, so the count covers the child's copy, its exit and its reaping.
 * Each point is the minimum and the mean of REPEAT measurements.
 *
 * The address space: this program's own VMAs (text, data, stack, heap:
 * counted from the kernel's vm_area_struct objects in use) and its own
 * touched pages (pages.anon), plus V extra one-page regions one page
 * apart (so they never merge) and a region of P touched pages.  Lines:
 *
 *	fork_exit_wait vmas N touched M cycles_min C cycles_mean C
 *
 * first the headline point (the base program with its heap grown to 16
 * touched pages), then the VMA series and the touched-page series.
 */
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "anvil.h"
#include "proc.h"

#define PAGE		4096u
#define REPEAT		8
#define MAX_EXTRA	64

static inline uint32_t cycles(void)
{
	uint32_t v;

	__asm__ __volatile__("mrc p15, 0, %0, c9, c13, 0" : "=r"(v));	/* PMCCNTR */
	return v;
}

static int read_counter(void *arg)
{
	(void)arg;
	return cycles() == cycles() - 1 ? 1 : 0;	/* anything: it must not trap */
}

static long vmas_now(void)
{
	return anvil_meminfo_get("slab.vm_area_struct.inuse");
}

static long anon_now(void)
{
	return anvil_meminfo_get("pages.anon");
}

static void measure(void)
{
	uint32_t best = UINT32_MAX;
	uint64_t sum = 0;
	long vmas = vmas_now(), touched = anon_now();

	for (int i = 0; i < REPEAT; i++) {
		uint32_t t0 = cycles(), t;
		pid_t pid = fork();

		if (pid == 0)
			_exit(0);
		if (pid < 0 || waitpid(pid, NULL, 0) != pid) {
			printf("forkbench: fork or wait failed\n");
			exit(1);
		}
		t = cycles() - t0;
		best = t < best ? t : best;
		sum += t;
	}
	printf("fork_exit_wait vmas %ld touched %ld cycles_min %lu cycles_mean %lu\n",
	       vmas, touched, (unsigned long)best, (unsigned long)(sum / REPEAT));
}

/* extra one-page regions, each followed by a hole; touch_extra: write each one. */
static unsigned char *map_extra(int extra, int touch_extra)
{
	unsigned char *base;

	if (!extra)
		return NULL;
	base = mmap(NULL, 2u * extra * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED) {
		printf("forkbench: mmap failed\n");
		exit(1);
	}
	for (int i = 0; i < extra; i++) {
		munmap(base + (2 * i + 1) * PAGE, PAGE);
		if (touch_extra)
			base[2 * i * PAGE] = 1;
	}
	return base;
}

static unsigned char *map_touched(unsigned pages)
{
	unsigned char *p;

	if (!pages)
		return NULL;
	p = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		printf("forkbench: mmap failed\n");
		exit(1);
	}
	for (unsigned i = 0; i < pages; i++)
		p[i * PAGE] = 1;
	return p;
}

int main(void)
{
	static const int vma_series[] = { 1, 2, 4, 8, 16, 32, 64 };
	static const unsigned page_series[] = { 16, 64, 256, 1024 };
	int status = run_child(read_counter, NULL);
	long base_vmas, base_anon;
	unsigned char *p;

	if (W_SIG(status)) {
		printf("forkbench: no user-readable cycle counter (CONFIG_ARM_PMU_USER_CYCLES, a CPU with a PMU)\n");
		return 1;
	}
	stack_prefault(16 * 1024);
	vmas_now();
	anon_now();
	printf("forkbench: PMU cycles of fork + exit + wait, min and mean of %d\n", REPEAT);
	base_vmas = vmas_now();
	base_anon = anon_now();
	printf("base vmas %ld touched %ld\n", base_vmas, base_anon);

	/*
	 * Headline: 16 touched pages in the base VMAs, by growing the heap
	 * (it merges with the data VMA when they touch; the line says).
	 */
	for (unsigned char *heap; anon_now() < 16 && (heap = sbrk(PAGE)) != (void *)-1; )
		heap[PAGE - 1] = 1;	/* the last byte: always a new page */
	measure();

	printf("# VMAs: the base plus V one-page regions, each touched\n");
	for (unsigned i = 0; i < sizeof(vma_series) / sizeof(vma_series[0]); i++) {
		p = map_extra(vma_series[i], 1);
		measure();
		munmap(p, 2u * vma_series[i] * PAGE);
	}
	printf("# touched pages: the base plus one region of P touched pages\n");
	for (unsigned i = 0; i < sizeof(page_series) / sizeof(page_series[0]); i++) {
		p = map_touched(page_series[i]);
		measure();
		munmap(p, page_series[i] * PAGE);
	}
	return 0;
}
