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
