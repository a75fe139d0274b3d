/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exception vectors and the frame every exception saves.
 *
 * Each exception is taken on the SVC stack: srsdb stores the return address
 * and SPSR there, the registers follow, and the C handler gets a struct
 * pt_regs.  The exception modes' own stacks are never used.  The frame
 * holds the interrupted mode's sp and lr: the user-banked ones when the
 * exception came from user mode, else the SVC ones.  GCC keeps sp 8-byte
 * aligned in ARM EABI code, and the frame is a multiple of 8 bytes.
 */
#include <asm/cp15.h>
#include <asm/ptrace.h>

	.syntax unified
	.arm
	.text

.macro	exception_entry, correction
	.if	\correction
	sub	lr, lr, #\correction
	.endif
	srsdb	sp!, #PSR_MODE_SVC
	cps	#PSR_MODE_SVC
	sub	sp, sp, #(S_FRAME_SIZE - 8)
	stmia	sp, {r0-r12}
	ldr	r0, [sp, #S_CPSR]
	add	r1, sp, #S_SP
	tst	r0, #0xf			@ from user mode?
	stmiaeq	r1, {sp, lr}^
	addne	r2, sp, #S_FRAME_SIZE
	stmiane	r1, {r2, lr}
	mov	r0, sp
.endm

.macro	vector, name, correction, handler
	.type	\name, %function
\name:
	exception_entry \correction
	bl	\handler
	b	ret_from_exception
	.size	\name, . - \name
.endm

/*
 * Every return from an exception first checks the guard word at the
 * bottom of the current task's kernel stack (see <anvil/sched.h>): an
 * overflow panics here, at the exception that caused it, not at the next
 * schedule.  r0 and r1 are free: they are reloaded from the frame.
 */
	.global ret_from_exception
	.type ret_from_exception, %function
ret_from_exception:
	ldr	r0, =current_stack_guard
	ldr	r0, [r0]
	ldr	r0, [r0]
	ldr	r1, =0x57ac6e9d			@ STACK_END_MAGIC
	cmp	r0, r1
	bne	kstack_overflow
	ldr	r0, [sp, #S_CPSR]
	add	r1, sp, #S_SP
	tst	r0, #0xf
	ldmiaeq	r1, {sp, lr}^			@ user sp, lr
	ldrne	lr, [sp, #S_LR]			@ svc lr
	ldmia	sp, {r0-r12}
	add	sp, sp, #(S_FRAME_SIZE - 8)
	rfeia	sp!
	.ltorg
	.size ret_from_exception, . - ret_from_exception

	vector	vec_undef, 4, do_undef
	vector	vec_svc, 0, do_svc
	vector	vec_pabort, 4, do_prefetch_abort
	vector	vec_dabort, 8, do_data_abort
	vector	vec_irq, 4, do_irq
	vector	vec_fiq, 4, do_fiq
	vector	vec_reset, 0, do_bad_reset
	vector	vec_unused, 0, do_bad_reset

	.align	5
	.global	vectors
vectors:
	b	vec_reset
	b	vec_undef
	b	vec_svc
	b	vec_pabort
	b	vec_dabort
	b	vec_unused
	b	vec_irq
	b	vec_fiq
