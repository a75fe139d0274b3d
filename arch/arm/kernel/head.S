/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel entry.  QEMU loads anvil.bin at RAM base + TEXT_OFFSET and jumps
 * here with the MMU off: r0 = 0, r1 = machine id, r2 = device tree or ATAG
 * list (0 when booted as an ELF).  This file owns the first page table:
 * just enough of the linear map to reach C (the kernel image and the boot
 * data r2 points at), plus an identity map of the same sections so the
 * instruction that turns the MMU on keeps running.  paging_init() replaces
 * it with the full map.  The code is position independent until the MMU
 * is on: physical = virtual + (load address - link address).
 */
#include <asm/memory.h>
#include <asm/cp15.h>
#include <asm/pgtable-hwdef.h>

	.syntax unified
	.arm
	.section .head.text, "ax"
	.global _start
	.type _start, %function
_start:
	cpsid	aif
	cps	#PSR_MODE_SVC
	mov	r10, r2				@ boot data, for start_kernel

	mrc	p15, 0, r0, c0, c0, 5		@ MPIDR: park all but core 0
	ands	r0, r0, #0xff
	bne	park

	mrc	p15, 0, r0, c1, c0, 0		@ MMU, caches, high vectors off
	ldr	r1, =(SCTLR_M | SCTLR_C | SCTLR_A | SCTLR_V | SCTLR_TRE | SCTLR_AFE | SCTLR_TE)
	bic	r0, r0, r1
	mcr	p15, 0, r0, c1, c0, 0
	isb

	adr	r4, _start			@ where we run (physical)
	ldr	r5, =_start			@ where we are linked (virtual)
	sub	r11, r4, r5			@ r11 = physical - virtual

	ldr	r0, =__bss_start		@ zero .bss
	ldr	r1, =__bss_stop
	add	r0, r0, r11
	add	r1, r1, r11
	mov	r2, #0
1:	cmp	r0, r1
	strlo	r2, [r0], #4
	blo	1b

	ldr	r0, =phys_offset		@ phys_offset = PAGE_OFFSET + r11
	add	r0, r0, r11
	ldr	r1, =PAGE_OFFSET
	add	r12, r1, r11
	str	r12, [r0]
	ldr	r0, =boot_data_pa
	add	r0, r0, r11
	str	r10, [r0]

	/* r8 = the first-level table (physical); r6 = section attributes */
	ldr	r8, =swapper_pg_dir
	add	r8, r8, r11
	ldr	r6, =L1_SECT_KERNEL_MEM

	/* The kernel image: linear map and identity map, whole sections. */
	ldr	r5, =_end
	add	r5, r5, r11			@ physical end of the image
	mov	r2, r12				@ from the start of RAM
2:	orr	r3, r2, r6
	sub	r7, r2, r11			@ its virtual address
	lsr	r7, r7, #SECTION_SHIFT
	str	r3, [r8, r7, lsl #2]
	lsr	r7, r2, #SECTION_SHIFT
	str	r3, [r8, r7, lsl #2]
	add	r2, r2, #SECTION_SIZE
	cmp	r2, r5
	blo	2b

	/* The boot data: two sections of the linear map, if it lies in low RAM. */
	subs	r2, r10, r12
	blo	3f
	ldr	r3, =LOWMEM_MAX
	cmp	r2, r3
	bhs	3f
	lsr	r2, r10, #SECTION_SHIFT
	lsl	r2, r2, #SECTION_SHIFT
	orr	r3, r2, r6
	sub	r7, r2, r11
	lsr	r7, r7, #SECTION_SHIFT
	str	r3, [r8, r7, lsl #2]
	add	r3, r3, #SECTION_SIZE
	add	r7, r7, #1
	str	r3, [r8, r7, lsl #2]
3:
	/* Turn the MMU on with the one table in TTBR0 and TTBR1. */
	mov	r0, #0
	mcr	p15, 0, r0, c2, c0, 2		@ TTBCR = 0 until paging_init
	orr	r0, r8, #TTBR_FLAGS
	mcr	p15, 0, r0, c2, c0, 0		@ TTBR0
	mcr	p15, 0, r0, c2, c0, 1		@ TTBR1
	ldr	r0, =DACR_CLIENT_ALL
	mcr	p15, 0, r0, c3, c0, 0
	mov	r0, #0
	mcr	p15, 0, r0, c8, c7, 0		@ TLBIALL
	mcr	p15, 0, r0, c7, c5, 0		@ ICIALLU
	dsb
	isb
	mrc	p15, 0, r0, c1, c0, 0
	ldr	r1, =(SCTLR_M | SCTLR_C | SCTLR_Z | SCTLR_I)
	orr	r0, r0, r1
	mcr	p15, 0, r0, c1, c0, 0
	isb
	ldr	pc, =high			@ jump into the linear map

high:
	ldr	sp, =init_stack_top
	mov	fp, #0
	bl	start_kernel
	b	park
	.size _start, . - _start

park:	wfi
	b	park

	.ltorg

	.bss
	.align	3
	.global init_stack
init_stack:
	.space	8192
	.global init_stack_top
init_stack_top:
