/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Processes: fork, execve, exit and wait (kernel/fork.c, exec.c, exit.c),
 * and the system-call table (kernel/syscall.c).
 */
#ifndef ANVIL_PROCESS_H
#define ANVIL_PROCESS_H

#include <anvil/sched.h>
#include <asm/ptrace.h>

#define USER_STACK_SIZE	(128u * 1024)	/* the stack VMA of every program */
#define ARG_MAX_BYTES	2048u		/* argv and envp strings, with pointers */
#define MAX_ARGS	32

struct mm_struct *mm_alloc(void);
void mm_free(struct mm_struct *mm);
void process_init(void);

/* The user registers of the current task: the frame at the top of its kernel stack. */
static inline struct pt_regs *task_pt_regs(struct task_struct *t)
{
	return (struct pt_regs *)((char *)t->stack + THREAD_SIZE) - 1;
}

int do_fork(struct pt_regs *regs);
/* Replace current's program; argv/envp are kernel arrays of kernel strings. */
int kernel_execve(const char *path, const char *const argv[], const char *const envp[]);
int do_waitpid(int pid, int *status, int options);
int do_kill(int pid, int sig);
/*
 * Kill current for a fault it cannot survive: one console line naming pid,
 * program, signal, reason and address, then exit; wait reports sig.
 */
void __noreturn kill_current(int sig, const char *reason, unsigned long addr);

/* Start pid 1: the init program of the command line (kernel/init.c). */
void start_init(void);

long do_syscall(struct pt_regs *regs);

/* Exit statuses as wait reports them: (code & 0xff) << 8, or the signal. */
#define W_EXITCODE(code)	(((code) & 0xff) << 8)
#define SIGILL			4	/* undefined instruction */
#define SIGTRAP			5	/* breakpoint (bkpt) */
#define SIGBUS			7	/* alignment fault */
#define SIGKILL			9	/* kill(), the OOM killer */
#define SIGSEGV			11	/* no mapping allows the access */
#define SIGTERM			15

#endif
