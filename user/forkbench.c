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
 *
 * First of all, the kernel's count at the first user instruction of init
 * (cycles.boot_to_user: this program's, when it is init):
 *
 *	boot_to_user cycles C
 *
 * Then the single operations, each the minimum over REPEAT rounds:
 *
 *	first_write pages P cycles_min C per_page C
 *	cow_write pages P cycles_min C per_page C
 *	mmap_munmap_page cycles_min C
 *	mprotect_split3 cycles_min C
 *
 * first_write: one byte written to each page of a fresh P-page anonymous
 * mapping (demand-zero faults; the loop's own instructions included).
 * cow_write: the same writes to P pages written before a fork, while the
 * child sleeps holding them (every write copies).  mmap_munmap_page: mmap
 * one anonymous page and munmap it, untouched.  mprotect_split3: PROT_READ
 * on the middle page of an untouched three-page mapping.
 */
#include <setjmp.h>
#include <signal.h>
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

#define FAULT_PAGES	256

static unsigned char *map_pages(unsigned pages)
{
	unsigned char *p = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		printf("forkbench: mmap failed\n");
		exit(1);
	}
	return p;
}

static uint32_t write_pages(unsigned char *p, unsigned pages, unsigned char v)
{
	uint32_t t0 = cycles();

	for (unsigned i = 0; i < pages; i++)
		p[i * PAGE] = v;
	return cycles() - t0;
}

static void print_per_page(const char *name, uint32_t best)
{
	printf("%s pages %u cycles_min %lu per_page %lu\n", name, FAULT_PAGES,
	       (unsigned long)best, (unsigned long)(best / FAULT_PAGES));
}

static void single_operations(void)
{
	uint32_t best, t;

	best = UINT32_MAX;
	for (int i = 0; i < REPEAT; i++) {
		unsigned char *p = map_pages(FAULT_PAGES);

		t = write_pages(p, FAULT_PAGES, 1);
		best = t < best ? t : best;
		munmap(p, FAULT_PAGES * PAGE);
	}
	print_per_page("first_write", best);

	best = UINT32_MAX;
	for (int i = 0; i < REPEAT; i++) {
		unsigned char *p = map_pages(FAULT_PAGES);
		pid_t pid;

		write_pages(p, FAULT_PAGES, 1);
		pid = spawn(sleep_until_killed, NULL);
		if (pid < 0) {
			printf("forkbench: fork failed\n");
			exit(1);
		}
		/*
		 * Let the child run into its sleep first, so that none of its
		 * instructions fall inside the count.  (Not wait_task_settled:
		 * its 52 KiB table would add touched pages to every fork above.)
		 */
		msleep(20);
		t = write_pages(p, FAULT_PAGES, 2);
		best = t < best ? t : best;
		kill(pid, SIG_KILL);
		waitpid(pid, NULL, 0);
		munmap(p, FAULT_PAGES * PAGE);
	}
	print_per_page("cow_write", best);

	best = UINT32_MAX;
	for (int i = 0; i < REPEAT; i++) {
		uint32_t t0 = cycles();
		void *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED || munmap(p, PAGE)) {
			printf("forkbench: mmap or munmap failed\n");
			exit(1);
		}
		t = cycles() - t0;
		best = t < best ? t : best;
	}
	printf("mmap_munmap_page cycles_min %lu\n", (unsigned long)best);

	best = UINT32_MAX;
	for (int i = 0; i < REPEAT; i++) {
		unsigned char *p = map_pages(3);
		uint32_t t0 = cycles();

		if (mprotect(p + PAGE, PAGE, PROT_READ)) {
			printf("forkbench: mprotect failed\n");
			exit(1);
		}
		t = cycles() - t0;
		best = t < best ? t : best;
		munmap(p, 3 * PAGE);
	}
	printf("mprotect_split3 cycles_min %lu\n", (unsigned long)best);
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
	printf("boot_to_user cycles %ld\n", anvil_meminfo_get("cycles.boot_to_user"));
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
	printf("# single operations, min of %d\n", REPEAT);
	single_operations();
	return 0;
}
