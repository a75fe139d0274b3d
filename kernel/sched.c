// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tasks and the round-robin scheduler.
 *
 * The run queue holds every runnable task except current; schedule() puts
 * current at its tail (if still runnable) and switches to its head, or to
 * the idle task (pid 0, the boot thread) when it is empty.  Sleeping is on
 * a channel (any address) as in xv6, optionally with a time-out in ticks.
 * Interrupts are masked while these lists change: the tick touches them.
 */
#include <anvil/kernel.h>
#include <anvil/errno.h>
#include <anvil/irq.h>
#include <anvil/mm.h>
#include <anvil/mm_sleep.h>
#include <anvil/sched.h>
#include <anvil/slab.h>
#include <anvil/string.h>
#include <anvil/time.h>
#include <anvil/mm_types.h>
#include <asm/processor.h>


#if UINTPTR_MAX == 0xffffffffu
SIZE_ASSERT(struct task_struct, 120);
#endif

static struct task_struct idle_task;
struct task_struct *current = &idle_task;
struct list_head task_list = LIST_HEAD_INIT(task_list);
static struct list_head run_queue = LIST_HEAD_INIT(run_queue);
static struct list_head sleepers = LIST_HEAD_INIT(sleepers);
bool need_resched;
static int next_pid = 1;
static struct kmem_cache *task_cache;
extern char init_stack[];

void sched_init(void)
{
	idle_task.state = TASK_RUNNING;
	idle_task.stack = init_stack;
	strlcpy(idle_task.comm, "idle", sizeof(idle_task.comm));
	INIT_LIST_HEAD(&idle_task.children);
	INIT_LIST_HEAD(&idle_task.sibling);
	INIT_LIST_HEAD(&idle_task.run_list);
	list_add_tail(&idle_task.tasks, &task_list);
	*(u32 *)init_stack = STACK_END_MAGIC;
	task_cache = kmem_cache_create("task_struct", sizeof(struct task_struct));
	if (!task_cache)
		panic("sched: no task_struct cache");
}

u32 *current_stack_guard = (u32 *)init_stack;

static void check_stack(struct task_struct *t)
{
	if (*(u32 *)t->stack != STACK_END_MAGIC)
		panic("kernel stack overflow in pid %d (%s)", t->pid, t->comm);
}

void kstack_overflow(void)
{
	check_stack(current);
	panic("kernel stack guard of pid %d (%s) reads %08x", current->pid, current->comm,
	      *current_stack_guard);
}

void schedule(void)
{
	unsigned long flags = local_irq_save();
	struct task_struct *prev = current, *next = &idle_task;

	check_stack(prev);
	mm_may_sleep();		/* no VMA, rmap or page-table update in progress (CONFIG_DEBUG_VM) */
	if (prev->state == TASK_RUNNING && prev != &idle_task)
		list_add_tail(&prev->run_list, &run_queue);
	if (!list_empty(&run_queue)) {
		next = list_first_entry(&run_queue, struct task_struct, run_list);
		list_del(&next->run_list);
	}
	need_resched = false;
	next->slice = TIMESLICE_TICKS;
	if (next != prev) {
		switch_pgtable(next->mm ? &next->mm->pgtable : NULL);
		current = next;
		current_stack_guard = next->stack;
		cpu_switch_to(&prev->ctx, &next->ctx);
	}
	local_irq_restore(flags);
}

/* The first thing a new task runs, with interrupts still masked by schedule(). */
void schedule_tail(void)
{
	local_irq_enable();
}

void yield(void)
{
	schedule();
}

void wake_up_task(struct task_struct *t)
{
	unsigned long flags = local_irq_save();

	if (t->state == TASK_SLEEPING) {
		list_del(&t->run_list);
		t->state = TASK_RUNNING;
		t->wait_chan = NULL;
		list_add_tail(&t->run_list, &run_queue);
	}
	local_irq_restore(flags);
}

void sleep_on(const void *chan, u32 timeout)
{
	unsigned long flags = local_irq_save();

	current->state = TASK_SLEEPING;
	current->wait_chan = chan;
	current->wake_at = timeout ? (u32)jiffies + timeout : 0;
	list_add_tail(&current->run_list, &sleepers);
	schedule();
	local_irq_restore(flags);
}

void wake_up(const void *chan)
{
	unsigned long flags = local_irq_save();
	struct task_struct *t, *n;

	list_for_each_entry_safe(t, n, &sleepers, run_list)
		if (t->wait_chan == chan)
			wake_up_task(t);
	local_irq_restore(flags);
}

void sleep_ticks(u32 ticks)
{
	sleep_on(NULL, ticks ? ticks : 1);
}

/* Called on every tick, interrupts masked: time-outs and time slices. */
void sched_tick(void)
{
	struct task_struct *t, *n;

	list_for_each_entry_safe(t, n, &sleepers, run_list)
		if (t->wake_at && (s32)((u32)jiffies - t->wake_at) >= 0)
			wake_up_task(t);
	if (current == &idle_task) {
		need_resched = !list_empty(&run_queue);
	} else if (current->slice && !--current->slice) {
		need_resched = true;
	}
}

/* The idle task: run whatever is runnable, else sleep until an interrupt. */
void __noreturn cpu_idle_loop(void)
{
	for (;;) {
		local_irq_disable();
		if (list_empty(&run_queue))
			cpu_idle();	/* wakes on a pending interrupt even while masked */
		local_irq_enable();
		schedule();
	}
}

struct task_struct *task_struct_alloc(void)
{
	return kmem_cache_zalloc(task_cache);
}

void task_struct_free(struct task_struct *t)
{
	kmem_cache_free(task_cache, t);
}

/* A new task: a pid, on the task list, runnable.  Interrupts masked. */
void sched_add_task(struct task_struct *t)
{
	t->pid = next_pid++;
	t->state = TASK_RUNNING;
	list_add_tail(&t->tasks, &task_list);
	list_add_tail(&t->run_list, &run_queue);
}

/* Forget a reaped task.  Interrupts masked. */
void sched_remove_task(struct task_struct *t)
{
	list_del(&t->tasks);
}

struct task_struct *find_task(int pid)
{
	struct task_struct *t;

	list_for_each_entry(t, &task_list, tasks)
		if (t->pid == pid)
			return t;
	return NULL;
}
