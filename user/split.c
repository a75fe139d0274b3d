// SPDX-License-Identifier: GPL-2.0-only
/*
 * split K: the standard split workload (Documentation/footprint.md).  One process maps a
 * 4 MiB region, writes every page, then makes every other range of K pages
 * read-only, splitting the region into ceil(1024 / K) VMAs that cannot
 * merge.  Measured after the splits.  Then it checks its data, and that a
 * child writing into a read-only range dies while one writing into a
 * read-write range lives.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "anvil.h"
#include "proc.h"
#include "workload.h"

#define SPLIT_PAGES	1024u		/* 4 MiB */

static unsigned char *region;

static uint32_t tag(unsigned page)
{
	return 0x5A000000u ^ page * 2654435761u;
}

static int check(void)
{
	for (unsigned p = 0; p < SPLIT_PAGES; p++) {
		const uint32_t *w = (const uint32_t *)(region + p * WL_PAGE);

		if (w[0] != tag(p) || w[WL_PAGE / 4 - 1] != ~tag(p))
			return 0;
	}
	return 1;
}

static int write_at(void *arg)
{
	*(volatile unsigned char *)arg = 1;
	return 0;
}

int main(int argc, char **argv)
{
	long k;
	unsigned pieces = 0;
	int bad = 0;

	if (argc != 2 || !wl_parse(argv[1], 1, SPLIT_PAGES - 1, &k)) {
		fprintf(stderr, "usage: split K   (K pages per range, 1..%u)\n", SPLIT_PAGES - 1);
		return 2;
	}
	printf("workload split\nk %ld\npages %u\n", k, SPLIT_PAGES);
	wl_begin();
	region = mmap(NULL, SPLIT_PAGES * WL_PAGE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (region == MAP_FAILED) {
		perror("mmap");
		return 2;
	}
	for (unsigned p = 0; p < SPLIT_PAGES; p++) {
		uint32_t *w = (uint32_t *)(region + p * WL_PAGE);

		w[0] = tag(p);
		w[WL_PAGE / 4 - 1] = ~tag(p);
	}
	for (unsigned p = 0; p < SPLIT_PAGES; p += k, pieces++) {
		unsigned len = p + k > SPLIT_PAGES ? SPLIT_PAGES - p : (unsigned)k;

		if ((pieces & 1) && mprotect(region + p * WL_PAGE, len * WL_PAGE, PROT_READ)) {
			perror("mprotect");
			return 2;
		}
	}
	printf("vmas %u\n", pieces);
	if (anvil_rmap_walk(region + (SPLIT_PAGES / 2) * WL_PAGE) >= 0)
		printf("walk.split_page %d\n", anvil_rmap_walk(region + (SPLIT_PAGES / 2) * WL_PAGE));
	wl_measure();

	bad |= !check();
	if (pieces > 1) {
		bad |= W_SIG(run_child(write_at, region + k * WL_PAGE)) != SIG_SEGV;
		bad |= run_child(write_at, region) != 0;
		bad |= !check();
	}
	munmap(region, SPLIT_PAGES * WL_PAGE);
	wl_finish();
	printf("result %s\n", bad ? "wrong-data" : "ok");
	return bad;
}
