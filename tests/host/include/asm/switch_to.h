/* SPDX-License-Identifier: GPL-2.0-only */
/* The host runs no task switches: struct task_struct only needs the type. */
#ifndef ASM_SWITCH_TO_H
#define ASM_SWITCH_TO_H

#include <anvil/types.h>

struct cpu_context {
	u32 r4, r5, r6, r7, r8, r9, r10, fp, sp, pc;
};

#endif
