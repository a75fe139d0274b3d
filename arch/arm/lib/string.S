/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * memset and memcpy for ARMv7: the bulk with eight-register stores and
 * loads (32 bytes an instruction), the ends a word or a byte at a time.
 * They replace kernel/string.c's portable versions (weak there): page
 * tables, kernel stacks, slab objects and struct copies all come through
 * here, and the word-at-a-time loops cost about 3 instructions per word.
 * memcpy copies forwards (memmove relies on that for dst < src) and takes
 * the fast path when dst and src are equally aligned; otherwise bytes.
 */
	.syntax unified
	.arm
	.text

	.align	5
	.global	memset
	.type	memset, %function
memset:					@ r0 = s, r1 = c, r2 = n; returns s
	mov	r3, r0
	and	r1, r1, #0xff
	orr	r1, r1, r1, lsl #8
	orr	r1, r1, r1, lsl #16
1:	tst	r3, #3			@ bytes up to a word boundary
	beq	2f
	subs	r2, r2, #1
	bxlo	lr
	strb	r1, [r3], #1
	b	1b
2:	cmp	r2, #32
	blo	7f
	push	{r4-r9}
	mov	r4, r1
	mov	r5, r1
	mov	r6, r1
	mov	r7, r1
	mov	r8, r1
	mov	r9, r1
	mov	r12, r1
	subs	r2, r2, #128
	blo	4f
3:	stmia	r3!, {r1, r4-r9, r12}	@ 128 bytes a pass
	stmia	r3!, {r1, r4-r9, r12}
	stmia	r3!, {r1, r4-r9, r12}
	stmia	r3!, {r1, r4-r9, r12}
	subs	r2, r2, #128
	bhs	3b
4:	adds	r2, r2, #128 - 32	@ then 32 at a time
	blo	6f
5:	stmia	r3!, {r1, r4-r9, r12}
	subs	r2, r2, #32
	bhs	5b
6:	add	r2, r2, #32		@ 0 .. 31 left
	pop	{r4-r9}
7:	subs	r2, r2, #4
	strhs	r1, [r3], #4
	bhs	7b
	adds	r2, r2, #4
8:	subs	r2, r2, #1
	strbhs	r1, [r3], #1
	bhs	8b
	bx	lr
	.size	memset, . - memset

	.align	5
	.global	memcpy
	.type	memcpy, %function
memcpy:					@ r0 = dst, r1 = src, r2 = n; returns dst
	push	{r0, r4-r10}
	eor	r12, r0, r1
	tst	r12, #3
	bne	5f			@ aligned differently: bytes
1:	tst	r0, #3			@ bytes up to a word boundary
	beq	2f
	subs	r2, r2, #1
	blo	6f
	ldrb	r3, [r1], #1
	strb	r3, [r0], #1
	b	1b
2:	subs	r2, r2, #32
	blo	4f
3:	ldmia	r1!, {r3-r10}
	stmia	r0!, {r3-r10}
	subs	r2, r2, #32
	bhs	3b
4:	adds	r2, r2, #32 - 4		@ words
	blo	45f
41:	ldr	r3, [r1], #4
	str	r3, [r0], #4
	subs	r2, r2, #4
	bhs	41b
45:	add	r2, r2, #4
5:	subs	r2, r2, #1		@ bytes
	ldrbhs	r3, [r1], #1
	strbhs	r3, [r0], #1
	bhs	5b
6:	pop	{r0, r4-r10}
	bx	lr
	.size	memcpy, . - memcpy
