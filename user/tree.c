// SPDX-License-Identifier: GPL-2.0-only
/*
 * tree N V: the standard fork-tree workload (Documentation/footprint.md).  The parent maps
 * 1024 KiB as V regions separated by gaps and writes every page, then
 * forks N children one at a time; each writes 12% of the pages of every
 * region and sleeps.  Measured when all N + 1 are alive.
 */
#include <stdio.h>
#include "workload.h"

int main(int argc, char **argv)
{
	long n, v;

	if (argc != 3 || !wl_parse(argv[1], 1, 1024, &n) || !wl_parse(argv[2], 1, WL_MAX_REGIONS, &v) ||
	    WL_PAGES % v) {
		fprintf(stderr, "usage: tree N V   (N children 1..1024, V regions: 1, 2, 4, .. 64)\n");
		return 2;
	}
	return wl_run_tree("tree", n, (int)v, false);
}
