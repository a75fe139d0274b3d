/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Word accesses that may fault.  Each faulting instruction has an entry in
 * __ex_table; do_data_abort() resumes at its fixup, which returns -EFAULT.
 */
	.syntax unified
	.arm
	.text

	.global probe_read_u32
	.type probe_read_u32, %function
probe_read_u32:				@ r0 = dst, r1 = addr
1:	ldr	r2, [r1]
	str	r2, [r0]
	mov	r0, #0
	bx	lr
	.size probe_read_u32, . - probe_read_u32

	.global probe_write_u32
	.type probe_write_u32, %function
probe_write_u32:			@ r0 = addr, r1 = val
2:	str	r1, [r0]
	mov	r0, #0
	bx	lr
	.size probe_write_u32, . - probe_write_u32

efault:	mvn	r0, #13			@ -EFAULT (14)
	bx	lr

	.section __ex_table, "a"
	.align	2
	.word	1b, efault
	.word	2b, efault

	/*
	 * __copy_user(dst, src, n): copy n bytes where either side may be a
	 * user address; returns the number of bytes NOT copied (0 = all).
	 * A fault the page-fault handler cannot resolve lands at the fixup.
	 * Bytes at a time: user copies are short (syscall arguments).
	 */
	.text
	.global __copy_user
	.type __copy_user, %function
__copy_user:				@ r0 = dst, r1 = src, r2 = n
	cmp	r2, #0
	beq	4f
3:
5:	ldrb	r3, [r1], #1
6:	strb	r3, [r0], #1
	subs	r2, r2, #1
	bne	3b
4:	mov	r0, r2
	bx	lr
7:	mov	r0, r2			@ faulted: r2 bytes were not copied
	bx	lr
	.size __copy_user, . - __copy_user

	.section __ex_table, "a"
	.align	2
	.word	5b, 7b
	.word	6b, 7b
