/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * clear_page and copy_page for ARMv7 (<asm/page.h>): a whole 4 KiB page
 * with multi-register stores and loads, eight words (32 bytes) per
 * instruction, eight of them per loop pass.  Counted under QEMU -icount
 * that is about 150 instructions to clear a page and 300 to copy one,
 * where a word at a time took about 3,000 and 5,000.
 *
 * Contract: both pointers word aligned (every caller passes page-aligned
 * ones); exactly PAGE_SIZE bytes from the start are written, no others;
 * the two pages of copy_page do not overlap.  No fault fixups: kernel
 * addresses only (user pages through the linear map).
 */
#include <asm/memory.h>

	.syntax unified
	.arm
	.text

#define PASS_BYTES	256		/* 8 x 32 bytes per loop pass */

	.align	5
	.global	clear_page
	.type	clear_page, %function
clear_page:				@ r0 = page
	push	{r4-r8}
	mov	r1, #0
	mov	r2, #0
	mov	r3, #0
	mov	r4, #0
	mov	r5, #0
	mov	r6, #0
	mov	r7, #0
	mov	r8, #0
	mov	r12, #PAGE_SIZE / PASS_BYTES
1:	stmia	r0!, {r1-r8}
	stmia	r0!, {r1-r8}
	stmia	r0!, {r1-r8}
	stmia	r0!, {r1-r8}
	stmia	r0!, {r1-r8}
	stmia	r0!, {r1-r8}
	stmia	r0!, {r1-r8}
	stmia	r0!, {r1-r8}
	subs	r12, r12, #1
	bne	1b
	pop	{r4-r8}
	bx	lr
	.size	clear_page, . - clear_page

	.align	5
	.global	copy_page
	.type	copy_page, %function
copy_page:				@ r0 = to, r1 = from
	push	{r4-r9}
	mov	r12, #PAGE_SIZE / PASS_BYTES
1:	.rept	8
	ldmia	r1!, {r2-r9}
	stmia	r0!, {r2-r9}
	.endr
	subs	r12, r12, #1
	bne	1b
	pop	{r4-r9}
	bx	lr
	.size	copy_page, . - copy_page
