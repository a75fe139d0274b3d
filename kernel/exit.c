// SPDX-License-Identifier: GPL-2.0-only
/*
 * The end of a process: exit releases everything it holds but its task and
 * kernel stack, which its parent frees when it reaps it with wait.
 * Children of an exiting process go to init (pid 1).  When init itself
 * exits, the machine powers off with its status: that is how
 * `make run INIT=prog` hands a program's status to QEMU.  The console's
 * last line says which: "init exited with status N", or "init killed by
 * signal S (NAME): status 128+S".
 */
#include <anvil/kernel.h>
#include <anvil/boot.h>
#include <anvil/console.h>
#include <anvil/errno.h>
#include <anvil/irq.h>
#include <anvil/pgtable.h>
#include <anvil/process.h>
#include <anvil/vma.h>
#include <uapi/anvil/syscall.h>

static void reparent_children(struct task_struct *t)
{
	struct task_struct *init = find_task(1), *c, *n;
	bool zombie = false;

	list_for_each_entry_safe(c, n, &t->children, sibling) {
		list_del(&c->sibling);
		c->parent = init;
		list_add_tail(&c->sibling, &init->children);
		zombie |= c->state == TASK_ZOMBIE;
	}
	if (zombie)
		wake_up(init);
}

static const char *signal_name(int sig)
{
	switch (sig) {
	case SIGILL: return "SIGILL";
	case SIGTRAP: return "SIGTRAP";
	case SIGBUS: return "SIGBUS";
	case SIGKILL: return "SIGKILL";
	case SIGSEGV: return "SIGSEGV";
	case SIGTERM: return "SIGTERM";
	default: return "signal";
	}
}

/* init has ended: say how on the console, and power off with that status. */
static void __noreturn init_exit(int status)
{
	int sig = status & 0x7f, code = sig ? 128 + sig : (status >> 8) & 0xff;

	if (console_mid_line())
		printk(KERN_NOTICE "\n");
	if (sig)
		printk(KERN_NOTICE "init killed by signal %d (%s): status %d\n", sig, signal_name(sig), code);
	else
		printk(KERN_NOTICE "init exited with status %d\n", code);
	machine_power_off(code);
}

void do_exit(int status)
{
	struct task_struct *t = current;
	struct mm_struct *mm = t->mm;

	if (t->pid == 1)
		init_exit(status);
	if (mm) {
		switch_pgtable(NULL);
		t->mm = NULL;
		mm_free(mm);
	}
	local_irq_disable();
	reparent_children(t);
	t->exit_code = status;
	t->state = TASK_ZOMBIE;
	wake_up(t->parent);
	schedule();
	panic("zombie %d ran again", t->pid);
}

void kill_current(int sig, const char *reason, unsigned long addr)
{
	struct pt_regs *regs = task_pt_regs(current);

	printk(KERN_ERR "pid %d (%s): killed by %s: %s at address %08lx, pc %08x\n",
	       current->pid, current->comm, signal_name(sig), reason, addr, regs->pc);
	do_exit(sig);
}

static struct task_struct *find_zombie(int pid, bool *any)
{
	struct task_struct *c;

	*any = false;
	list_for_each_entry(c, &current->children, sibling) {
		if (pid != -1 && c->pid != pid)
			continue;
		*any = true;
		if (c->state == TASK_ZOMBIE)
			return c;
	}
	return NULL;
}

int do_waitpid(int pid, int *status, int options)
{
	for (;;) {
		unsigned long flags = local_irq_save();
		bool any;
		struct task_struct *c = find_zombie(pid, &any);

		if (c) {
			int cpid = c->pid;

			*status = c->exit_code;
			list_del(&c->sibling);
			sched_remove_task(c);
			local_irq_restore(flags);
			task_free(c);
			return cpid;
		}
		local_irq_restore(flags);
		if (!any)
			return -ECHILD;
		if (options & WNOHANG)
			return 0;
		if (current->flags & TF_KILLED)
			return -EINTR;
		sleep_on(current, 0);
	}
}

int do_kill(int pid, int sig)
{
	struct task_struct *t = find_task(pid);

	if (!t || t->state == TASK_ZOMBIE || pid == 0)
		return -ESRCH;
	if (sig != SIGKILL && sig != SIGTERM && sig != 0)
		return -EINVAL;
	if (sig == 0)
		return 0;		/* it exists: probing init or a kernel thread is allowed */
	/*
	 * init and kernel threads (kswapd: no mm) cannot be killed.  Linux
	 * accepts such a signal and ignores it (returns 0); Anvil says EPERM,
	 * so that the caller learns nothing happened.
	 */
	if (pid == 1 || !t->mm)
		return -EPERM;
	t->flags |= TF_KILLED;
	t->exit_code = sig;
	wake_up_task(t);
	return 0;
}
