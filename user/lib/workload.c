// SPDX-License-Identifier: GPL-2.0-only
/*
 * The standard workloads' shared parts and the tree workload (tree and
 * prot): see workload.h.  Children never print and never touch more
 * memory than the workload asks for, so that what is measured is the
 * workload.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "anvil.h"
#include "proc.h"
#include "workload.h"

struct msnap wl_before, wl_at, wl_end;

bool wl_parse(const char *arg, long min, long max, long *out)
{
	char *end;
	long v;

	if (!arg || !*arg)
		return false;
	errno = 0;
	v = strtol(arg, &end, 10);
	if (*end || errno || v < min || v > max) {
		fprintf(stderr, "bad number '%s': expected %ld .. %ld\n", arg, min, max);
		return false;
	}
	*out = v;
	return true;
}

bool wl_map(struct wl_mem *m, int regions, bool adjacent_alternating)
{
	/* Gaps: one unmapped page after every region. */
	unsigned gap = adjacent_alternating ? 0 : 1;
	unsigned span = WL_PAGES + gap * regions;
	unsigned char *base;

	m->regions = regions;
	m->region_pages = WL_PAGES / regions;
	m->cow_pages = (m->region_pages * 12 + 50) / 100;
	if (m->cow_pages == 0)
		m->cow_pages = 1;
	base = mmap(NULL, span * WL_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED) {
		perror("mmap");
		return false;
	}
	for (int r = 0; r < regions; r++) {
		m->region[r] = base + r * (m->region_pages + gap) * WL_PAGE;
		if (gap && munmap(m->region[r] + m->region_pages * WL_PAGE, WL_PAGE)) {
			perror("munmap");
			return false;
		}
		if (adjacent_alternating && (r & 1) &&
		    mprotect(m->region[r], m->region_pages * WL_PAGE,
			     PROT_READ | PROT_WRITE | PROT_EXEC)) {
			perror("mprotect");
			return false;
		}
	}
	return true;
}

void wl_unmap(struct wl_mem *m)
{
	for (int r = 0; r < m->regions; r++)
		munmap(m->region[r], m->region_pages * WL_PAGE);
}

bool wl_in_cow_set(const struct wl_mem *m, unsigned page)
{
	/* The set is pages floor(j * R / k), j = 0 .. k-1: is page one of them? */
	unsigned k = m->cow_pages, r = m->region_pages;
	unsigned j = (page * k + r - 1) / r;	/* the least j with j * R / k >= page */

	return j < k && j * r / k == page;
}

static uint32_t tag(unsigned writer, int region, unsigned page)
{
	return (uint32_t)writer << 16 ^ (uint32_t)region << 10 ^ page ^ 0xA5000000u;
}

static void write_page(const struct wl_mem *m, int r, unsigned p, unsigned writer)
{
	uint32_t *w = (uint32_t *)(m->region[r] + p * WL_PAGE);

	w[0] = tag(writer, r, p);
	w[WL_PAGE / 4 - 1] = ~tag(writer, r, p);
}

void wl_write_all(struct wl_mem *m, unsigned writer)
{
	for (int r = 0; r < m->regions; r++)
		for (unsigned p = 0; p < m->region_pages; p++)
			write_page(m, r, p, writer);
}

void wl_write_cow_set(struct wl_mem *m, unsigned writer)
{
	for (int r = 0; r < m->regions; r++)
		for (unsigned p = 0; p < m->region_pages; p++)
			if (wl_in_cow_set(m, p))
				write_page(m, r, p, writer);
}

bool wl_check(const struct wl_mem *m, unsigned cow_writer)
{
	for (int r = 0; r < m->regions; r++)
		for (unsigned p = 0; p < m->region_pages; p++) {
			const uint32_t *w = (const uint32_t *)(m->region[r] + p * WL_PAGE);
			uint32_t t = tag(wl_in_cow_set(m, p) ? cow_writer : 0, r, p);

			if (w[0] != t || w[WL_PAGE / 4 - 1] != ~t)
				return false;
		}
	return true;
}

void wl_begin(void)
{
	/* Fault in everything the measurement itself uses, then measure. */
	stack_prefault(16 * 1024);
	task_state(getpid(), NULL);
	msnap_take(&wl_at);
	msnap_take(&wl_end);
	msnap_take(&wl_before);
}

/* Every counter of a snapshot as "<prefix><key> <value>": absolute values. */
static void print_absolute(const struct msnap *s, const char *prefix)
{
	for (int i = 0; i < s->n; i++)
		printf("%s%s %ld\n", prefix, s->key[i], s->val[i]);
	fflush(stdout);
}

void wl_measure(void)
{
	msnap_take(&wl_at);
	msnap_print_delta(&wl_before, &wl_at, "delta.");
	print_absolute(&wl_before, "before.");
	print_absolute(&wl_at, "peak.");
}

void wl_finish(void)
{
	int leaks;

	msnap_take(&wl_end);
	print_absolute(&wl_end, "end.");
	leaks = msnap_leaks_settled(&wl_before, &wl_end, "# not back after teardown: ");
	printf("leaks %d\n", leaks);
	fflush(stdout);
}

/* ---------------------------------------------------------------- tree and prot */

static struct wl_mem tree_mem;
static unsigned tree_n;

/*
 * The last child, with all N alive: how many VMAs a walk visits for a page
 * it COWed (the chain design: its own VMA alone) and for one it still
 * shares with the parent and every other child.
 */
static void print_walks(void)
{
	unsigned shared = 0;
	int cowed = anvil_rmap_walk(tree_mem.region[0]);	/* page 0 is in the COW set */

	while (shared < tree_mem.region_pages && wl_in_cow_set(&tree_mem, shared))
		shared++;
	if (cowed < 0)
		return;		/* no reverse map */
	printf("walk.cowed_page %d\nwalk.shared_page %d\n", cowed,
	       anvil_rmap_walk(tree_mem.region[0] + shared * WL_PAGE));
	fflush(stdout);
}

/*
 * A child: check what it inherited, write its COW set, check again, then
 * sleep (ready) and re-check after every sleep, until it is killed.
 * Exit 1 when it ever saw wrong data.
 */
static int tree_child(void *arg)
{
	unsigned me = (unsigned)(uintptr_t)arg;

	if (!wl_check(&tree_mem, 0))
		return 1;
	wl_write_cow_set(&tree_mem, me);
	if (!wl_check(&tree_mem, me))
		return 1;
	if (me == tree_n)
		print_walks();
	for (;;) {
		msleep(500);
		if (!wl_check(&tree_mem, me))
			return 1;
	}
}

/* Enough for tree 1024: pids of the children. */
static pid_t tree_pids[1024];

int wl_run_tree(const char *name, long n, int regions, bool adjacent_alternating)
{
	int bad = 0, failed = 0;

	printf("workload %s\nn %ld\nv %d\n", name, n, regions);
	wl_begin();
	if (!wl_map(&tree_mem, regions, adjacent_alternating))
		return 2;
	printf("pages %u\nregion_pages %u\ncow_pages_per_region %u\ncow_pages_per_child %u\n",
	       WL_PAGES, tree_mem.region_pages, tree_mem.cow_pages, tree_mem.cow_pages * regions);
	fflush(stdout);
	wl_write_all(&tree_mem, 0);
	tree_n = (unsigned)n;

	/* One child at a time: forked, then ready (asleep) before the next. */
	for (long i = 0; i < n; i++) {
		int state;

		tree_pids[i] = spawn(tree_child, (void *)(uintptr_t)(i + 1));
		if (tree_pids[i] < 0) {
			fprintf(stderr, "%s: fork of child %ld: %s\n", name, i + 1, strerror(errno));
			n = i;
			failed = 1;
			break;
		}
		state = wait_task_settled(tree_pids[i], 20000);
		if (state != 'S') {
			fprintf(stderr, "%s: child %ld (pid %d) not ready: state %c\n", name, i + 1,
				tree_pids[i], state ? state : '-');
			failed = 1;
		}
	}
	printf("processes %ld\n", n + 1);
	wl_measure();

	/* Every child re-checks at least once after the last one wrote. */
	msleep(700);
	for (long i = 0; i < n; i++)
		kill(tree_pids[i], SIGKILL);
	for (long i = 0; i < n; i++) {
		int status = -1;

		if (waitpid(tree_pids[i], &status, 0) != tree_pids[i] || W_SIG(status) != SIGKILL) {
			fprintf(stderr, "%s: child %ld (pid %d) saw wrong data: status %#x\n",
				name, i + 1, tree_pids[i], status);
			bad = 1;
		}
	}
	if (!wl_check(&tree_mem, 0)) {
		fprintf(stderr, "%s: the parent's pages changed\n", name);
		bad = 1;
	}
	wl_unmap(&tree_mem);
	wl_finish();
	printf("result %s\n", bad ? "wrong-data" : failed ? "failed" : "ok");
	return bad ? 1 : failed ? 2 : 0;
}
