// SPDX-License-Identifier: GPL-2.0-only
/*
 * oomswap: with swap on, the OOM killer must kill the process whose death
 * frees the most, counting its pages in swap.  Run by
 * scripts/test.py as init at RAM=16M with a 32 MiB swap area.
 *
 *  - a sleeper writes SLEEPER_MIB (28 MiB) and sleeps: as the eater
 *    grows, reclaim pushes the sleeper's cold pages out to swap, until it
 *    has almost nothing resident;
 *  - an eater then writes pages until it has EATER_MIB (28 MiB): RAM and
 *    swap run out first (16 + 32 MiB for both).  The eater has more
 *    pages resident, the sleeper more in all: the sleeper must be the one
 *    killed, and the eater get its 28 MiB, every page intact, and exit 0.
 *
 * Ranking by resident pages alone killed the eater.  Exit: 0 as above;
 * 1 the eater was killed or saw bad data, or the sleeper survived; 2 setup.
 */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include "anvil.h"
#include "proc.h"

#define PAGE		4096u
#define MIB		(1u << 20)
#define SLEEPER_MIB	28u
#define EATER_MIB	28u

static unsigned char *map(unsigned mib)
{
	void *p = mmap(NULL, mib * MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static int sleeper(void *arg)
{
	unsigned char *p = map(SLEEPER_MIB);

	(void)arg;
	if (!p)
		return 2;
	for (unsigned off = 0; off < SLEEPER_MIB * MIB; off += PAGE)
		p[off] = 0x5a;
	return sleep_until_killed(NULL);
}

static int eater(void *arg)
{
	unsigned char *p = map(EATER_MIB);

	(void)arg;
	if (!p)
		return 2;
	for (unsigned off = 0; off < EATER_MIB * MIB; off += PAGE)
		p[off] = (unsigned char)(off / PAGE);
	for (unsigned off = 0; off < EATER_MIB * MIB; off += PAGE)
		if (p[off] != (unsigned char)(off / PAGE))
			return 1;
	return 0;
}

/* User pages in RAM or in swap, each once (a page in the swap cache holds a slot). */
static long user_pages(void)
{
	return anvil_meminfo_get("pages.anon") + anvil_meminfo_get("swap.slots_used");
}

int main(void)
{
	long base;
	pid_t s, e;
	int s_status = -1, e_status = -1, s_state;

	base = user_pages();
	s = spawn(sleeper, NULL);
	/* Asleep ('S') is not enough: it also sleeps on swap I/O while it writes. */
	for (int ms = 0; s > 0 && user_pages() - base < (long)(SLEEPER_MIB * (MIB / PAGE)); ms += 100) {
		if (ms >= 120000) {
			printf("oomswap: the sleeper did not write its pages in 120 s\n");
			return 2;
		}
		msleep(100);
	}
	if (s < 0 || wait_task_settled(s, 120000) != 'S') {
		printf("oomswap: the sleeper did not settle\n");
		return 2;
	}
	printf("oomswap: sleeper %d wrote %u MiB; the eater writes %u MiB\n", (int)s, SLEEPER_MIB,
	       EATER_MIB);
	fflush(stdout);
	e = spawn(eater, NULL);
	if (e < 0 || waitpid(e, &e_status, 0) != e)
		return 2;
	s_state = task_state(s, NULL);	/* 'Z': the OOM killer got it; 'S': still asleep */
	kill(s, SIG_KILL);
	if (waitpid(s, &s_status, 0) != s)
		return 2;
	printf("oomswap: eater status %#x; sleeper %s\n", e_status,
	       s_state == 'Z' ? "killed meanwhile" : "still alive");
	if (!W_EXITED(e_status, 0) || s_state != 'Z' || W_SIG(s_status) != SIG_KILL) {
		printf("oomswap: result FAILED\n");
		return 1;
	}
	printf("oomswap: result ok\n");
	return 0;
}
