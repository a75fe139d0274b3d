// SPDX-License-Identifier: GPL-2.0-only
/*
 * Creating tasks: kernel threads, and fork (a copy of the caller with its
 * address space shared copy-on-write).  Everything is allocated before the
 * child becomes visible, so a failure leaves no trace.
 *
 * Two limits keep fork from eating the memory that cannot be swapped out
 * (kernel stacks, page tables, slab objects): at most CONFIG_MAX_TASKS
 * tasks, and kernel memory at most CONFIG_FORK_KERNEL_MEM_PERCENT of RAM
 * with one more task's share.  Past either, fork fails with EAGAIN at
 * once, before it allocates or reclaims anything: reclaim would only swap
 * user pages out to make room for more kernel memory, which is how a fork
 * bomb with swap on used to wedge the system for minutes.
 */
#include <anvil/kernel.h>
#include <anvil/reclaim.h>
#include <anvil/errno.h>
#include <anvil/fault.h>
#include <anvil/irq.h>
#include <anvil/mm.h>
#include <anvil/mm_sleep.h>
#include <anvil/page_frag.h>
#include <anvil/process.h>
#include <anvil/slab.h>
#include <anvil/string.h>
#include <anvil/vma.h>

/*
 * Tasks that exist, zombies included; fork fails with EAGAIN at
 * CONFIG_MAX_TASKS.  Every address space belongs to one task, so a page's
 * 16-bit map count (one per address space mapping it) cannot wrap.
 */
BUILD_BUG_ON(CONFIG_MAX_TASKS >= 0xffff);
BUILD_BUG_ON(STACK_END_MAGIC != 0x57ac6e9du);	/* arch/arm/kernel/entry.S has it too */
u32 nr_tasks;

/*
 * Kernel stacks are painted with STACK_PAINT when allocated; the words a
 * task never reached keep the paint, so the lowest one overwritten is the
 * stack's high-water mark.  The deepest of a freed task is kept here, and
 * kstack_max_used also looks at every live task (meminfo's kstack.max_used).
 */
static u32 kstack_max_freed;
static struct frag_pool kstack_frags;		/* stacks under a page share pages */

BUILD_BUG_ON(THREAD_SIZE & (THREAD_SIZE - 1));

static void *kstack_alloc(void)
{
	if (THREAD_SIZE < PAGE_SIZE)
		return frag_alloc(&kstack_frags, THREAD_SIZE);
	return get_free_pages(PAGE_USE_KSTACK, THREAD_SIZE / PAGE_SIZE - 1 ? 1 : 0);
}

static void kstack_free(void *stack)
{
	if (THREAD_SIZE < PAGE_SIZE)
		frag_free(&kstack_frags, stack, THREAD_SIZE);
	else
		free_pages(stack, THREAD_SIZE / PAGE_SIZE - 1 ? 1 : 0);
}

static void kstack_paint(u32 *stack)
{
	stack[0] = STACK_END_MAGIC;
	for (u32 i = 1; i < THREAD_SIZE / 4; i++)
		stack[i] = STACK_PAINT;
}

static u32 kstack_used(const u32 *stack)
{
	u32 i = 1;

	while (i < THREAD_SIZE / 4 && stack[i] == STACK_PAINT)
		i++;
	return THREAD_SIZE - i * 4;
}

u32 kstack_max_used(void)
{
	unsigned long flags = local_irq_save();
	u32 max = kstack_max_freed;
	struct task_struct *t;

	list_for_each_entry(t, &task_list, tasks)
		if (t->stack != init_stack)	/* the boot stack is not painted */
			max = max(max, kstack_used(t->stack));
	local_irq_restore(flags);
	return max;
}

static struct kmem_cache *mm_cache;

void process_init(void)
{
	frag_pool_init(&kstack_frags, PAGE_USE_KSTACK);
	mm_cache = kmem_cache_create("mm_struct", sizeof(struct mm_struct));
	if (!mm_cache)
		panic("process: no mm_struct cache");
}

struct mm_struct *mm_alloc(void)
{
	struct mm_struct *mm = kmem_cache_zalloc(mm_cache);

	if (mm && mm_init(mm)) {
		kmem_cache_free(mm_cache, mm);
		return NULL;
	}
	return mm;
}

void mm_free(struct mm_struct *mm)
{
	mm_destroy(mm);		/* unmaps everything, then frees the tables */
	kmem_cache_free(mm_cache, mm);
}

/* A task with a kernel stack, not yet visible to anyone. */
static struct task_struct *task_alloc(const char *name, int *err)
{
	struct task_struct *t;

	*err = -EAGAIN;
	if (nr_tasks >= CONFIG_MAX_TASKS)
		return NULL;
	*err = -ENOMEM;
	t = task_struct_alloc();
	if (!t)
		return NULL;
	t->stack = kstack_alloc();
	if (!t->stack) {
		task_struct_free(t);
		return NULL;
	}
	nr_tasks++;
	kstack_paint(t->stack);
	strlcpy(t->comm, name, sizeof(t->comm));
	INIT_LIST_HEAD(&t->children);
	INIT_LIST_HEAD(&t->sibling);
	INIT_LIST_HEAD(&t->run_list);
	return t;
}

void task_free(struct task_struct *t)
{
	nr_tasks--;
	kstack_max_freed = max(kstack_max_freed, kstack_used(t->stack));
	kstack_free(t->stack);
	task_struct_free(t);
}

/* Make t a child of current, give it a pid and let it run. */
static int task_start(struct task_struct *t)
{
	unsigned long flags = local_irq_save();

	t->parent = current;
	list_add_tail(&t->sibling, &current->children);
	sched_add_task(t);
	local_irq_restore(flags);
	return t->pid;
}

int kthread_create(const char *name, int (*fn)(void *), void *arg)
{
	int err;
	struct task_struct *t = task_alloc(name, &err);

	if (!t)
		return err;
	/* Below the user frame at the top, which the thread may fill to exec. */
	init_kernel_context(&t->ctx, (u32)task_pt_regs(t), fn, arg);
	return task_start(t);
}

static int copy_process(struct pt_regs *regs)
{
	struct pt_regs *child_regs;
	int err;
	struct task_struct *t = task_alloc(current->comm, &err);

	if (!t)
		return err;
	t->mm = mm_alloc();
	if (!t->mm)
		goto fail;
	mm_update_begin();	/* dup_mm never sleeps (<anvil/mm_sleep.h>) */
	err = dup_mm(t->mm, current->mm);
	mm_update_end();
	if (err)
		goto fail;
	child_regs = task_pt_regs(t);
	*child_regs = *regs;
	regs_set_return_value(child_regs, 0);	/* fork returns 0 in the child */
	init_kernel_context(&t->ctx, (u32)child_regs, NULL, NULL);
	return task_start(t);
fail:
	if (t->mm)
		mm_free(t->mm);
	task_free(t);
	return err;
}

/*
 * fork is all-or-nothing, so when memory is short it can simply be tried
 * again after reclaim has swapped some pages out; without swap, or when
 * reclaim frees nothing, the caller gets ENOMEM.
 */
#define FORK_RECLAIM_TRIES	16

/* Pages no reclaim can free: kernel stacks, page tables, slab. */
static u32 kernel_pages(void)
{
	return nr_pages_by_use(PAGE_USE_KSTACK) + nr_pages_by_use(PAGE_USE_PGTABLE) +
	       nr_pages_by_use(PAGE_USE_SLAB);
}

/* 0, or -EAGAIN when one more task would pass a limit (see the top of this file). */
static int fork_limits(void)
{
	u32 kernel = kernel_pages();
	u32 share = nr_tasks ? DIV_ROUND_UP(kernel, nr_tasks) : 1;	/* a task's, on average */

	if (nr_tasks >= CONFIG_MAX_TASKS)
		return -EAGAIN;
	if ((u64)(kernel + share) * 100 > (u64)nr_pages_total() * CONFIG_FORK_KERNEL_MEM_PERCENT)
		return -EAGAIN;
	return 0;
}

int do_fork(struct pt_regs *regs)
{
	int tries = 0, pid;

	pid = fork_limits();
	if (pid)
		return pid;

	while ((pid = copy_process(regs)) == -ENOMEM && tries++ < FORK_RECLAIM_TRIES &&
	       reclaim_retry())
		;
	return pid;
}
