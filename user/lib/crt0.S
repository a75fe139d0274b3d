/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * User program entry.  The kernel starts a program with sp at its stack,
 * r0 = argc, r1 = argv, r2 = envp (all on that stack).  crt0 clears .bss,
 * runs newlib's initialisers, calls main and exits with its result.
 */
	.syntax unified
	.thumb
	.text
	.global _start
	.type _start, %function
	.thumb_func
_start:
	mov	r4, r0
	mov	r5, r1
	mov	r6, r2
	ldr	r0, =__bss_start__
	ldr	r1, =__bss_end__
	movs	r2, #0
1:	cmp	r0, r1
	bhs	2f
	str	r2, [r0], #4
	b	1b
2:	ldr	r0, =environ
	str	r6, [r0]
	bl	__libc_init_array
	mov	r0, r4
	mov	r1, r5
	mov	r2, r6
	bl	main
	bl	exit
	.size _start, . - _start

	/* newlib calls these around the init/fini arrays; nothing to do. */
	.global _init, _fini
	.type _init, %function
	.type _fini, %function
	.thumb_func
_init:
	.thumb_func
_fini:
	bx	lr
