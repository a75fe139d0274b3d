// SPDX-License-Identifier: GPL-2.0-only
/*
 * prot N: as tree N 8, but the eight regions are adjacent with alternating
 * protections (read-write, read-write-execute), so that they cannot merge.
 */
#include <stdio.h>
#include "workload.h"

int main(int argc, char **argv)
{
	long n;

	if (argc != 2 || !wl_parse(argv[1], 1, 1024, &n)) {
		fprintf(stderr, "usage: prot N   (N children 1..1024)\n");
		return 2;
	}
	return wl_run_tree("prot", n, 8, true);
}
