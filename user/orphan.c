// SPDX-License-Identifier: GPL-2.0-only
/*
 * orphan: leave one exited orphan behind for init to reap.  This process
 * forks a child that forks a grandchild and exits at once; the grandchild,
 * now init's, exits too.  orphan waits until the grandchild is a zombie
 * whose parent is pid 1, prints its pid, and exits 0 (1 when that never
 * happens).  With the shell as init, `sh -c orphan ; ps` then shows
 * whether the shell reaped it (scripts/test.py checks).
 */
#include <stdio.h>
#include <unistd.h>
#include "anvil.h"
#include "proc.h"

int main(void)
{
	pid_t child, grandchild, ppid = 0;
	int status;

	child = fork();
	if (child < 0)
		return 1;
	if (child == 0) {
		pid_t g = fork();

		if (g == 0) {
			while (getppid() != 1)
				msleep(1);
			_exit(0);
		}
		/* The parent learns its grandchild's pid from the exit code. */
		_exit(g > 0 && g - getpid() < 256 ? g - getpid() : 0);
	}
	if (waitpid(child, &status, 0) != child || W_CODE(status) == 0)
		return 1;
	grandchild = child + W_CODE(status);
	for (int i = 0; i < 2000; i++) {
		if (task_state(grandchild, &ppid) == 'Z' && ppid == 1) {
			printf("orphan: pid %d is a zombie child of init\n", grandchild);
			return 0;
		}
		msleep(1);
	}
	printf("orphan: pid %d never became init's zombie\n", grandchild);
	return 1;
}
