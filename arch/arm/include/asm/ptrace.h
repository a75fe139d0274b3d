/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The exception frame entry.S saves on the SVC stack: everything needed to
 * resume the interrupted code, user or kernel.  72 bytes, 8-byte aligned.
 */
#ifndef ASM_PTRACE_H
#define ASM_PTRACE_H

#define S_R0		0
#define S_SP		52	/* sp of the interrupted mode (usr or svc) */
#define S_LR		56
#define S_PC		64	/* stored by srsdb, with the cpsr above it */
#define S_CPSR		68
#define S_FRAME_SIZE	72

#ifndef __ASSEMBLER__
#include <anvil/kernel.h>

struct pt_regs {
	u32 r[13];
	u32 sp;
	u32 lr;
	u32 pad;	/* keeps the frame a multiple of 8 bytes */
	u32 pc;
	u32 cpsr;
};
SIZE_ASSERT(struct pt_regs, S_FRAME_SIZE);

static inline bool user_mode(const struct pt_regs *regs)
{
	return (regs->cpsr & 0xf) == 0;
}

void show_regs(const struct pt_regs *regs);

/* The system-call convention (include/uapi/anvil/syscall.h): r7, r0..r5, result in r0. */
static inline u32 syscall_nr(const struct pt_regs *regs) { return regs->r[7]; }
static inline u32 syscall_arg(const struct pt_regs *regs, int i) { return regs->r[i]; }
static inline u32 regs_return_value(const struct pt_regs *regs) { return regs->r[0]; }
static inline void regs_set_return_value(struct pt_regs *regs, u32 v) { regs->r[0] = v; }

/*
 * A fresh user context: start at entry (bit 0 set: Thumb), stack at sp,
 * main's arguments in r0..r2, every other register zero.
 */
static inline void start_thread(struct pt_regs *regs, u32 entry, u32 sp,
				u32 argc, u32 argv, u32 envp)
{
	*regs = (struct pt_regs){ .r = { argc, argv, envp }, .sp = sp,
				  .pc = entry & ~1u, .cpsr = 0x10 | (entry & 1 ? 0x20 : 0) };
}
#endif

#endif
