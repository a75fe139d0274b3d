// SPDX-License-Identifier: GPL-2.0-only
/*
 * chain G V: the standard fork-chain workload (Documentation/footprint.md).  The parent maps
 * 1024 KiB as V regions and writes every page, then forks C1; each C_i
 * checks what it inherited, writes the COW set (12% of every region),
 * forks C_{i+1} and exits; C_G sleeps.  Measured with the parent and C_G
 * alive and every other link reaped.
 *
 * The links' parents exit, so they are reparented to init: the parent can
 * reap them only when it is init itself (`make run INIT='chain G V'`).
 * Run from the shell, the links stay zombies of the shell, and the
 * measurement counts them ("zombies" says how many).
 *
 * A link that sees wrong data exits 1; the flag also travels down the
 * chain in memory, so C_G exits instead of sleeping and the parent sees
 * the chain end without a ready C_G.
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

static struct wl_mem mem;
static int chain_bad;		/* some link saw wrong data: inherited down the chain */

static int chain_link(long i, long g)
{
	for (;;) {
		pid_t next;

		if (!wl_check(&mem, i - 1))
			chain_bad = 1;
		wl_write_cow_set(&mem, i);
		if (!wl_check(&mem, i))
			chain_bad = 1;
		if (i == g)
			break;
		next = fork();
		if (next < 0)
			return 2;
		if (next > 0)
			return chain_bad;
		i++;		/* the child is the next link */
	}
	if (chain_bad)
		return 1;
	for (;;) {		/* C_G: ready */
		msleep(500);
		if (!wl_check(&mem, g))
			return 1;
	}
}

/* The chain's live tasks and zombies in the task table, and the one sleeping. */
struct census { int live, zombies; pid_t sleeping; };

static char ps[48 * 1100];

static struct census take_census(void)
{
	struct census c = { 0, 0, 0 };
	int n = anvil_ps(ps, sizeof(ps) - 1);

	ps[n > 0 ? n : 0] = '\0';
	for (char *line = strtok(ps, "\n"); line; line = strtok(NULL, "\n")) {
		int pid, ppid;
		char state, name[32];

		if (sscanf(line, "%d %d %c %31s", &pid, &ppid, &state, name) != 4 ||
		    strcmp(name, "chain") || pid == getpid())
			continue;
		if (state == 'Z') {
			c.zombies++;
		} else {
			c.live++;
			if (state == 'S')
				c.sleeping = pid;
		}
	}
	return c;
}

int main(int argc, char **argv)
{
	long g, v, reaped = 0, bad_links = 0;
	struct census c;
	int bad = 0, status;
	pid_t pid, cg;

	if (argc != 3 || !wl_parse(argv[1], 1, 100000, &g) || !wl_parse(argv[2], 1, WL_MAX_REGIONS, &v) ||
	    WL_PAGES % v) {
		fprintf(stderr, "usage: chain G V   (G links 1.., V regions: 1, 2, 4, .. 64)\n");
		return 2;
	}
	printf("workload chain\ng %ld\nv %ld\ninit %d\n", g, v, getpid() == 1);
	take_census();
	wl_begin();
	if (!wl_map(&mem, (int)v, false))
		return 2;
	printf("pages %u\nregion_pages %u\ncow_pages_per_region %u\n",
	       WL_PAGES, mem.region_pages, mem.cow_pages);
	fflush(stdout);
	wl_write_all(&mem, 0);
	pid = fork();
	if (pid == 0)
		_exit(chain_link(1, g));
	if (pid < 0) {
		perror("fork");
		return 2;
	}

	/* Until C_G sleeps alone, or the chain has ended; reaping what we may. */
	for (;;) {
		while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
			reaped++;
			bad_links += status != 0;
		}
		c = take_census();
		if (c.live == 0 || (c.live == 1 && c.sleeping))
			break;
		sched_yield();
	}
	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		reaped++;
		bad_links += status != 0;
	}
	cg = c.live ? c.sleeping : 0;
	c = take_census();
	printf("processes 2\nreaped %ld\nzombies %d\n", reaped, c.zombies);
	if (!cg)
		fprintf(stderr, "chain: ended before C_%ld was ready\n", g);
	wl_measure();

	if (cg) {
		msleep(700);		/* C_G re-checks once more */
		kill(cg, SIGKILL);
		if (getpid() == 1 || g == 1) {
			if (waitpid(cg, &status, 0) != cg || W_SIG(status) != SIGKILL)
				bad = 1;
		} else {
			while (task_state(cg, NULL) == 'R' || task_state(cg, NULL) == 'S')
				msleep(10);
		}
	}
	bad |= bad_links != 0;
	if (!wl_check(&mem, 0)) {
		fprintf(stderr, "chain: the parent's pages changed\n");
		bad = 1;
	}
	wl_unmap(&mem);
	wl_finish();
	printf("result %s\n", bad ? "wrong-data" : cg ? "ok" : "failed");
	return bad ? 1 : cg ? 0 : 2;
}
