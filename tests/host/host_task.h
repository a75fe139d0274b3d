/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A second, scripted task for the host tests (tests/host/host_task.c):
 * one of them runs at a time, as in the non-preemptive kernel.
 */
#ifndef HOST_TASK_H
#define HOST_TASK_H

#include <anvil/types.h>

/* From the test's task: run fn(arg) as the other task until it ends or sleeps. */
void host_task_run(void (*fn)(void *), void *arg);
/* The other task sleeps on chan until host_task_wake(chan); the test's task may not sleep. */
void host_task_sleep(const void *chan);
/* Make the other task runnable if it sleeps on chan. */
void host_task_wake(const void *chan);
/* From the test's task, where the kernel would switch: a runnable other task runs until it ends or sleeps. */
void host_task_schedule(void);
/* The caller is the other task. */
bool host_task_in_other(void);
/* The other task is asleep (started, not ended). */
bool host_task_asleep(void);
/* Times the other task slept since it started. */
u32 host_task_sleeps(void);
/* After a test: schedule, then true if the other task ended without a panic (one asleep for good: false). */
bool host_task_reap(void);

#endif
