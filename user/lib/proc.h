/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers for test programs and workloads that run work in child
 * processes: start a child on a function, decode wait statuses, find a
 * task's state in the kernel's task table, and fault in stack pages up
 * front so that later memory counters do not move with stack depth.
 */
#ifndef USER_PROC_H
#define USER_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Wait statuses as the kernel reports them (include/anvil/process.h). */
#define W_SIG(status)		((status) & 0x7f)		/* killed by this signal, or 0 */
#define W_CODE(status)		(((status) >> 8) & 0xff)	/* exit code when W_SIG is 0 */
#define W_EXITED(status, code)	(W_SIG(status) == 0 && W_CODE(status) == (code))
#define SIG_KILL		9
#define SIG_SEGV		11

/* Fork a child that runs fn(arg) and _exits with its result; the child's pid, or -1. */
pid_t spawn(int (*fn)(void *), void *arg);
/* A child's body that sleeps until it is killed. */
int sleep_until_killed(void *arg);
/* spawn and wait: the child's wait status, or -1 when fork or waitpid failed. */
int run_child(int (*fn)(void *), void *arg);

/*
 * A task's state letter in the kernel's task table ('R', 'S' or 'Z'), and
 * its parent through *ppid when ppid is not NULL; 0 when no such task.
 */
int task_state(pid_t pid, pid_t *ppid);
/*
 * Wait until task pid is sleeping ('S', ready) or a zombie ('Z'),
 * yielding and then sleeping between looks; the letter, or 0 when the
 * task is gone or timeout_ms passed first.
 */
int wait_task_settled(pid_t pid, unsigned int timeout_ms);

/* Touch bytes of stack below the caller so they are mapped from now on. */
void stack_prefault(size_t bytes);

#endif
