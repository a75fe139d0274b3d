// SPDX-License-Identifier: GPL-2.0-only
/*
 * A second task for the host tests: a scripted action of "another
 * process" that runs while the test's own task sleeps on I/O, so the
 * sleeping paths of mm/ (a wait on a locked page, the PTE looked at again
 * after a sleep) run on the host as they do in the kernel.
 *
 * The kernel is not preemptive, and neither is this: the two tasks are
 * two host threads that pass one baton, so exactly one runs at a time and
 * each gives the baton up only where the kernel would switch: the test's
 * task when a transfer of the fake disk is in flight (host_task_run, or
 * host_task_schedule from the fake disk) or when a test says it returns
 * to user mode (host_task_schedule), the other when it waits on a locked
 * page (host_task_sleep) or ends.  A wake up only makes the sleeper
 * runnable, as the kernel's wake_up does: it runs at the waker's next
 * switch, not in the middle of what the waker is doing.
 *
 * The other task must not use ASSERT_* (that would longjmp across
 * threads); a panic in it is caught in its own thread, and host_task_reap
 * reports it.
 * Owns the threads and the baton only; mm/ knows none of it.
 */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <anvil/kernel.h>
#include "host_task.h"
#include "host.h"

static struct {
	pthread_t thread;
	sem_t run_other, run_main;
	void (*fn)(void *);
	void *arg;
	const void *chan;	/* what the other task sleeps on; NULL: it runs or is done */
	bool started, done, panicked;
	bool runnable;		/* woken, waiting for the baton */
	bool in_other;		/* the baton is the other task's */
	jmp_buf *main_jmp;	/* the test task's panic target while the other runs */
	u32 sleeps, wakeups;
} t;

static bool inited;

static void init_once(void)
{
	if (inited)
		return;
	sem_init(&t.run_other, 0, 0);
	sem_init(&t.run_main, 0, 0);
	inited = true;
}

/* The test's task gives the baton to the other and waits for it back. */
static void switch_to_other(void)
{
	t.main_jmp = host_panic_jmp;
	t.in_other = true;
	sem_post(&t.run_other);
	sem_wait(&t.run_main);
	t.in_other = false;
	host_panic_jmp = t.main_jmp;
}

static void *other_main(void *unused)
{
	jmp_buf jb;

	(void)unused;
	sem_wait(&t.run_other);
	host_panic_jmp = &jb;
	if (setjmp(jb) == 0) {
		t.fn(t.arg);
	} else {
		t.panicked = true;
		printf("    the other task panicked: %s\n", host_panic_msg);
	}
	t.done = true;
	sem_post(&t.run_main);
	return NULL;
}

void host_task_run(void (*fn)(void *), void *arg)
{
	init_once();
	if (t.in_other || (t.started && !t.done)) {
		panic("host_task_run: one other task at a time");
	}
	if (t.started)
		pthread_join(t.thread, NULL);
	t.fn = fn;
	t.arg = arg;
	t.chan = NULL;
	t.started = true;
	t.done = t.panicked = t.runnable = false;
	if (pthread_create(&t.thread, NULL, other_main, NULL)) {
		t.started = false;
		panic("host_task_run: no thread");
	}
	switch_to_other();	/* until it ends or sleeps */
}

bool host_task_in_other(void)
{
	return t.in_other;
}

void host_task_sleep(const void *chan)
{
	jmp_buf *mine = host_panic_jmp;

	if (!t.in_other)
		panic("host: the test's task sleeps on %p and no other task can wake it", chan);
	t.chan = chan;
	t.sleeps++;
	t.in_other = false;
	sem_post(&t.run_main);
	sem_wait(&t.run_other);
	host_panic_jmp = mine;
}

void host_task_wake(const void *chan)
{
	if (!t.started || t.done || !t.chan || t.chan != chan)
		return;
	t.chan = NULL;
	t.runnable = true;
	t.wakeups++;
}

void host_task_schedule(void)
{
	if (t.in_other || !t.runnable)
		return;
	t.runnable = false;
	switch_to_other();	/* it runs until it ends or sleeps again */
}

bool host_task_asleep(void)
{
	return t.started && !t.done && t.chan;
}

u32 host_task_sleeps(void)
{
	return t.sleeps;
}

bool host_task_reap(void)
{
	bool ok;

	host_task_schedule();
	if (!t.started)
		return true;
	if (!t.done) {
		/* Asleep for good: nobody will wake it.  The thread stays parked. */
		printf("    the other task is still asleep on %p: nobody woke it\n", t.chan);
		t.started = false;
		t.sleeps = t.wakeups = 0;
		return false;
	}
	pthread_join(t.thread, NULL);
	ok = !t.panicked;
	t.started = false;
	t.sleeps = t.wakeups = 0;
	return ok;
}
