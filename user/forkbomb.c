// SPDX-License-Identifier: GPL-2.0-only
/*
 * forkbomb: fork until the kernel says no, then kill and reap every child.
 * Run by scripts/test.py as init at RAM=32M with and
 * without swap; its time limit is the bound the kernel must keep.
 *
 *	forkbomb [PAGES]
 *
 * Each child writes PAGES (default 4) private pages, so user memory grows
 * with the children as kernel memory does, and sleeps until killed.  The
 * parent forks until fork fails, which it must with EAGAIN (a task limit
 * or the kernel-memory watermark) or ENOMEM, then kills every child,
 * reaps each one, and compares the memory counters with those from
 * before: every child killed by SIGKILL, nothing leaked.  Prints
 *
 *	forkbomb: N children, then fork failed with EAGAIN
 *	leaks 0
 *	forkbomb: result ok
 *
 * Exit: 0 ok; 1 a child ended otherwise, a leak, or fork never failed;
 * 2 usage.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "anvil.h"
#include "msnap.h"
#include "proc.h"

#define PAGE		4096u
#define MAX_CHILDREN	32768
#define MAX_PAGES	64

static pid_t pids[MAX_CHILDREN];
static unsigned pages = 4;
static unsigned char mem[MAX_PAGES * PAGE];	/* COW-shared until a child writes */

static int child(void *arg)
{
	(void)arg;
	for (unsigned i = 0; i < pages; i++)
		mem[i * PAGE] = (unsigned char)getpid();
	return sleep_until_killed(NULL);
}

static struct msnap before, after;

int main(int argc, char **argv)
{
	unsigned n = 0, reaped = 0, bad = 0;
	int err = 0, leaks;

	if (argc > 2 || (argc == 2 && ((pages = (unsigned)atoi(argv[1])) > MAX_PAGES))) {
		fprintf(stderr, "usage: forkbomb [PAGES]   (PAGES 0..%d, default 4)\n", MAX_PAGES);
		return 2;
	}
	stack_prefault(32 * 1024);
	for (unsigned i = 0; i < MAX_PAGES; i++)
		mem[i * PAGE] = 1;
	memset(pids, 0, sizeof(pids));		/* faulted in before the counters */
	printf("forkbomb: children with %u private pages each, until fork fails\n", pages);
	fflush(stdout);				/* stdout's buffer too */
	msnap_take(&after);
	msnap_take(&before);

	while (n < MAX_CHILDREN) {
		pid_t pid = spawn(child, NULL);

		if (pid < 0) {
			err = errno;
			break;
		}
		pids[n++] = pid;
	}
	printf("forkbomb: %u children, then fork failed with %s\n", n,
	       err == EAGAIN ? "EAGAIN" : err == ENOMEM ? "ENOMEM" : err ? strerror(err) : "nothing");
	fflush(stdout);
	for (unsigned i = 0; i < n; i++)
		kill(pids[i], SIGKILL);
	for (unsigned i = 0; i < n; i++) {
		int status = -1;

		if (waitpid(pids[i], &status, 0) != pids[i]) {
			bad++;
			continue;
		}
		reaped++;
		if (W_SIG(status) != SIG_KILL) {
			if (bad++ < 5)
				printf("forkbomb: child %d ended with status %#x\n", (int)pids[i], status);
		}
	}
	msnap_take(&after);
	leaks = msnap_leaks_settled(&before, &after, "# ");
	printf("forkbomb: %u of %u children reaped, %u ended otherwise than by SIGKILL\n",
	       reaped, n, bad);
	printf("leaks %d\n", leaks);
	if (bad || leaks || !n || (err != EAGAIN && err != ENOMEM)) {
		printf("forkbomb: result FAILED\n");
		return 1;
	}
	printf("forkbomb: result ok\n");
	return 0;
}
