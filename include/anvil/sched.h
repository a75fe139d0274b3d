/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Tasks and the scheduler: one kernel stack per task, round-robin over the
 * runnable ones, preemption on the tick when returning to user mode (the
 * kernel itself is not preemptible: it yields or sleeps).
 */
#ifndef ANVIL_SCHED_H
#define ANVIL_SCHED_H

#include <anvil/kernel.h>
#include <anvil/list.h>
#include <asm/switch_to.h>

#define THREAD_SIZE	((u32)CONFIG_KSTACK_SIZE)	/* kernel stack per task, aligned to it */
#define TASK_COMM_LEN	16
#define TIMESLICE_TICKS	2
#define STACK_END_MAGIC	0x57ac6e9du	/* at the bottom of every kernel stack */
#define STACK_PAINT	0x6b6b6b6bu	/* every other word of a new stack, until used */

/* task->flags */
#define TF_KILLED	(1u << 0)	/* exit at the next return to user mode */

enum task_state {
	TASK_RUNNING,		/* on the run queue, or current */
	TASK_SLEEPING,		/* waiting on wait_chan, or until wake_at */
	TASK_ZOMBIE,		/* exited, waiting to be reaped */
};

struct mm_struct;

/*
 * 120 bytes on 32-bit ARM (SIZE_ASSERT in kernel/sched.c): it is paid per
 * process, beside the kernel stack.
 */
struct task_struct {
	struct cpu_context ctx;
	int pid;
	u8 state;
	u8 slice;		/* ticks left before preemption */
	u16 flags;
	int exit_code;
	void *stack;		/* THREAD_SIZE bytes */
	struct mm_struct *mm;	/* NULL for kernel threads */
	struct task_struct *parent;
	struct list_head children;
	struct list_head sibling;
	struct list_head run_list;	/* run queue, or the sleepers */
	struct list_head tasks;		/* every task, for ps and wake-ups */
	const void *wait_chan;
	u32 wake_at;		/* jiffies, when sleeping with a time-out */
	char comm[TASK_COMM_LEN];
};

extern struct task_struct *current;
/*
 * The guard word of current's stack (its bottom word, STACK_END_MAGIC):
 * every exception return checks it (arch entry code) and panics at once
 * when it is overwritten, rather than at the next schedule.
 */
extern u32 *current_stack_guard;
extern char init_stack[];	/* the boot (idle) stack, arch's */
void __noreturn kstack_overflow(void);	/* the panic, for the entry code */
/* The deepest any task's kernel stack has been, in bytes (meminfo's kstack.max_used). */
u32 kstack_max_used(void);
extern struct list_head task_list;
extern bool need_resched;

void sched_init(void);
void __noreturn cpu_idle_loop(void);
void schedule(void);
void schedule_tail(void);
void yield(void);
/* Sleep until wake_up(chan); with timeout (ticks, 0 = none). */
void sleep_on(const void *chan, u32 timeout);
void wake_up(const void *chan);
void sleep_ticks(u32 ticks);
void sched_tick(void);
void wake_up_task(struct task_struct *t);

/* A kernel thread running fn(arg); its pid, or a negative errno. */
int kthread_create(const char *name, int (*fn)(void *), void *arg);
void __noreturn do_exit(int code);

struct task_struct *find_task(int pid);

/* current has been killed (TF_KILLED): it exits at its next return to user mode. */
static inline bool current_killed(void)
{
	return current->flags & TF_KILLED;
}

struct task_struct *task_struct_alloc(void);	/* zeroed */
void task_struct_free(struct task_struct *t);
void task_free(struct task_struct *t);		/* and its kernel stack */
extern u32 nr_tasks;	/* tasks that exist, zombies included: fork fails at CONFIG_MAX_TASKS */
void sched_add_task(struct task_struct *t);
void sched_remove_task(struct task_struct *t);

#endif
