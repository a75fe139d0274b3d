// SPDX-License-Identifier: GPL-2.0-only
/*
 * same N: N more processes running the same program (Documentation/footprint.md).
 * The parent forks N children one at a time; each execs `same --wait`,
 * which sleeps until it is killed.  Measured when all N + 1 are alive: the
 * RAM they take (their own pages, page tables, kernel stacks, structures)
 * and pages.image_mapped, the program's text and read-only data, which
 * every one of them maps from the initramfs: counted once, it does not
 * grow with N.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include "anvil.h"
#include "proc.h"
#include "workload.h"

#define MAX_N	256

extern char __exidx_end[];	/* user/user.lds: the end of text and read-only data */
static pid_t pids[MAX_N];

static int exec_waiter(void *arg)
{
	static char *const args[] = { "same", "--wait", NULL }, *const no_env[] = { NULL };

	(void)arg;
	execve("same", args, no_env);
	return 1;
}

int main(int argc, char **argv)
{
	long n, i;
	int failed = 0, bad = 0;

	if (argc == 2 && !strcmp(argv[1], "--wait"))
		return sleep_until_killed(NULL);
	if (argc != 2 || !wl_parse(argv[1], 1, MAX_N, &n)) {
		fprintf(stderr, "usage: same N   (N more processes running this program, 1..%d)\n", MAX_N);
		return 2;
	}
	printf("workload same\nn %ld\ntext_pages %lu\n", n,
	       (unsigned long)(((uintptr_t)__exidx_end + WL_PAGE - 1) / WL_PAGE - 0x10000 / WL_PAGE));
	wl_begin();
	for (i = 0; i < n; i++) {
		int state;

		pids[i] = spawn(exec_waiter, NULL);
		if (pids[i] < 0) {
			fprintf(stderr, "same: fork of child %ld: %s\n", i + 1, strerror(errno));
			failed = 1;
			break;
		}
		state = wait_task_settled(pids[i], 20000);
		if (state != 'S') {
			fprintf(stderr, "same: child %ld (pid %d) not running: state %c\n", i + 1, pids[i],
				state ? state : '-');
			failed = 1;
		}
	}
	n = i;
	printf("processes %ld\n", n + 1);
	wl_measure();
	for (i = 0; i < n; i++)
		kill(pids[i], SIG_KILL);
	for (i = 0; i < n; i++) {
		int status = -1;

		if (waitpid(pids[i], &status, 0) != pids[i] || W_SIG(status) != SIG_KILL) {
			fprintf(stderr, "same: child %ld (pid %d) ended with status %#x\n", i + 1, pids[i],
				status);
			bad = 1;
		}
	}
	wl_finish();
	printf("result %s\n", bad ? "wrong-data" : failed ? "failed" : "ok");
	return bad ? 1 : failed ? 2 : 0;
}
