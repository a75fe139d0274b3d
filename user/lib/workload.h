/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The standard workloads (Documentation/footprint.md): the memory
 * they map, the pages each process writes, how a process checks that it
 * sees exactly what it should, and the result lines they print.
 *
 * Memory: 1024 KiB (256 pages) of anonymous memory as V regions of 256/V
 * pages.  Every page holds, in its first and last word, a tag naming the
 * process that wrote it last (the parent is writer 0).  A writer other
 * than the parent writes the "COW set" of every region: 12% of its pages,
 * rounded to the nearest page and at least one, spread evenly over it.
 *
 * Output: "key value" lines, one per line, then the difference from just
 * before the workload started of every counter of the memory accounting
 * ("delta.<key> <value>") at the measurement point, when every process of
 * the workload is alive; then the absolute values of every counter just
 * before the workload ("before.<key> <value>") and at the measurement
 * point ("peak.<key> <value>"), and after teardown ("end.<key> <value>",
 * before "leaks N").  A program exits 0 when every process saw the
 * data it should, 1 when one did not, 2 on bad arguments or a failed call.
 */
#ifndef USER_WORKLOAD_H
#define USER_WORKLOAD_H

#include <stdbool.h>
#include "msnap.h"

#define WL_PAGE		4096u
#define WL_PAGES	256u		/* 1024 KiB in all */
#define WL_MAX_REGIONS	64

struct wl_mem {
	int regions;			/* V */
	unsigned region_pages;		/* WL_PAGES / V */
	unsigned cow_pages;		/* pages of the COW set in each region */
	unsigned char *region[WL_MAX_REGIONS];
};

/* A decimal argument in [min, max]; false (and a message) otherwise. */
bool wl_parse(const char *arg, long min, long max, long *out);

/* Map V regions: separated by unmapped gaps, or adjacent with alternating
 * protection (read-write, read-write-execute) so that they cannot merge. */
bool wl_map(struct wl_mem *m, int regions, bool adjacent_alternating);
void wl_unmap(struct wl_mem *m);

/* Page p of a region is in the COW set. */
bool wl_in_cow_set(const struct wl_mem *m, unsigned page);
/* Write every page with writer's tag (parent: writer 0), or only the COW set. */
void wl_write_all(struct wl_mem *m, unsigned writer);
void wl_write_cow_set(struct wl_mem *m, unsigned writer);
/* Every page holds the parent's tag, except the COW set, which holds cow_writer's. */
bool wl_check(const struct wl_mem *m, unsigned cow_writer);

/* The snapshots a workload measures with; wl_begin takes "before". */
extern struct msnap wl_before, wl_at, wl_end;
void wl_begin(void);
/* Take "at"; print every counter's delta from "before", then both absolute. */
void wl_measure(void);
/*
 * Take "end" (children reaped, memory unmapped, this process alive), print
 * it absolute ("end.<key> <value>") and print, as "# ..." lines and "leaks N", what did not come back.
 */
void wl_finish(void);

/* tree and prot: N children of one parent (prot: V = 8, adjacent regions). */
int wl_run_tree(const char *name, long n, int regions, bool adjacent_alternating);

#endif
