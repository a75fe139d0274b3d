/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Switching kernel stacks between tasks, and the first return of a new one.
 */
#include <asm/ptrace.h>

	.syntax unified
	.arm
	.text

	.global cpu_switch_to
	.type cpu_switch_to, %function
cpu_switch_to:				@ r0 = &prev->ctx, r1 = &next->ctx
	stmia	r0, {r4-r11, sp, lr}
	ldmia	r1, {r4-r11, sp, lr}
	bx	lr
	.size cpu_switch_to, . - cpu_switch_to

	/*
	 * A new task's first instruction.  schedule_tail() finishes the switch
	 * (interrupts back on); then a kernel thread calls r4(r5) and exits
	 * with its result, and a user task returns to user mode through the
	 * exception frame at the top of its stack, which fork copied.
	 */
	.global ret_from_fork
	.type ret_from_fork, %function
ret_from_fork:
	bl	schedule_tail
	cmp	r4, #0
	beq	ret_from_exception
	mov	r0, r5
	blx	r4
	bl	do_exit
	.size ret_from_fork, . - ret_from_fork

	/* ret_to_user(regs): leave the kernel for the user context in regs (stack top). */
	.global ret_to_user
	.type ret_to_user, %function
ret_to_user:
	mov	sp, r0
	b	ret_from_exception
	.size ret_to_user, . - ret_to_user
