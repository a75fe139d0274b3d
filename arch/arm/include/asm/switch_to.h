/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What a task keeps of the CPU while it is switched out: the registers the
 * ARM procedure call standard says a callee preserves, plus sp and the
 * return address.  Everything else is on its kernel stack.
 */
#ifndef ASM_SWITCH_TO_H
#define ASM_SWITCH_TO_H

#include <anvil/types.h>

struct cpu_context {
	u32 r4, r5, r6, r7, r8, r9, r10, fp, sp, pc;
};

/* Save callee-saved registers into prev, load next's, continue as next. */
void cpu_switch_to(struct cpu_context *prev, struct cpu_context *next);

struct pt_regs;
/* Leave the kernel for the user context in regs, which is at the top of the stack. */
void __attribute__((noreturn)) ret_to_user(struct pt_regs *regs);

/* Where a new task starts: r4 = function (NULL for a user task), r5 = argument. */
void ret_from_fork(void);

static inline void init_kernel_context(struct cpu_context *ctx, u32 stack_top,
				       int (*fn)(void *), void *arg)
{
	*ctx = (struct cpu_context){ .r4 = (u32)fn, .r5 = (u32)arg,
				     .sp = stack_top, .pc = (u32)ret_from_fork };
}

#endif
