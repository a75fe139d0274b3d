// SPDX-License-Identifier: GPL-2.0-only
/* Child processes and the task table for tests and workloads: see proc.h. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "anvil.h"
#include "proc.h"

pid_t spawn(int (*fn)(void *), void *arg)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn(arg));
	return pid;
}

int sleep_until_killed(void *arg)
{
	(void)arg;
	while (msleep(1000) == 0)
		;
	return 1;
}

int run_child(int (*fn)(void *), void *arg)
{
	int status = -1;
	pid_t pid = spawn(fn, arg);

	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

/* Big enough for the task table with a thousand zombies of a chain. */
static char ps_buf[48 * 1100];

int task_state(pid_t pid, pid_t *ppid)
{
	int n = anvil_ps(ps_buf, sizeof(ps_buf) - 1);

	if (n < 0)
		return 0;
	ps_buf[n] = '\0';
	for (char *line = ps_buf; *line; ) {
		char *end = strchr(line, '\n'), *p;
		long tpid = strtol(line, &p, 10);
		long tppid = strtol(p, &p, 10);

		while (*p == ' ')
			p++;
		if (tpid == pid) {
			if (ppid)
				*ppid = (pid_t)tppid;
			return *p;
		}
		if (!end)
			break;
		line = end + 1;
	}
	return 0;
}

int wait_task_settled(pid_t pid, unsigned int timeout_ms)
{
	unsigned int slept = 0;

	for (int tries = 0; ; tries++) {
		int state = task_state(pid, NULL);

		if (state == 'S' || state == 'Z' || state == 0)
			return state;
		if (tries < 64) {
			sched_yield();
			continue;
		}
		if (slept >= timeout_ms)
			return 0;
		msleep(10);
		slept += 10;
	}
}

void stack_prefault(size_t bytes)
{
	volatile char *buf = __builtin_alloca(bytes);

	for (size_t i = 0; i < bytes; i += 256)
		buf[i] = 0;
}
