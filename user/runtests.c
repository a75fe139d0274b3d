// SPDX-License-Identifier: GPL-2.0-only
/*
 * The user test runner (init for `make test`): runs each test program in
 * a child, one KTAP suite each, and reports each suite's result at the top
 * level from its exit status, so a program that crashes or hangs half-way
 * still counts as a failure.  Exits 0 only when every suite passed.
 * As init it also inherits the orphans tests leave behind: it reaps them
 * after each suite, so that they do not pile up as zombies.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "anvil.h"

static const char *const tests[] = {
#include "tests.list"
};
#define NR_TESTS ((int)(sizeof(tests) / sizeof(tests[0])))

int main(int argc, char **argv)
{
	static char *const envp[] = { NULL };
	int failed = 0, n = 0;

	printf("KTAP version 1\n1..%d\n", argc > 1 ? argc - 1 : NR_TESTS);
	fflush(stdout);
	for (int i = 0; i < NR_TESTS; i++) {
		char *args[] = { (char *)tests[i], NULL };
		int status = -1;
		pid_t pid;
		bool wanted = argc <= 1;

		for (int j = 1; j < argc; j++)
			wanted |= !strcmp(argv[j], tests[i]);
		if (!wanted)
			continue;
		pid = fork();
		if (pid == 0) {
			execve(tests[i], args, envp);
			_exit(127);
		}
		if (pid < 0 || waitpid(pid, &status, 0) != pid)
			status = -1;
		printf("%s %d %s", status == 0 ? "ok" : "not ok", ++n, tests[i]);
		if (status != 0)
			printf(" # exit status %d, signal %d", (status >> 8) & 0xff, status & 0x7f);
		printf("\n");
		failed += status != 0;
		while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
			printf("# reaped orphan %d: exit status %d, signal %d\n", pid,
			       (status >> 8) & 0xff, status & 0x7f);
		fflush(stdout);
	}
	return failed ? 1 : 0;
}
