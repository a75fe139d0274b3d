/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The host tests' <asm/memory.h>: "RAM" is a page-aligned arena from
 * malloc (tests/host/stubs.c) that pretends to sit at physical address
 * phys_offset, so mm/ code reaches pages through __va()/__pa() exactly as
 * in the kernel.  A pointer outside the arena has physical address 0,
 * which is outside RAM, so debug checks see it as foreign.
 */
#ifndef ASM_MEMORY_H
#define ASM_MEMORY_H

#include <anvil/types.h>

#define UL(x)		x##u
#define PAGE_SHIFT	12
#define PAGE_SIZE	(UL(1) << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))

#define HOST_PHYS_OFFSET	UL(0x40000000)	/* as QEMU virt */

extern phys_addr_t phys_offset;
extern char *host_ram;		/* the arena */
extern u32 host_ram_size;	/* its bytes */

static inline void *__va(phys_addr_t pa)
{
	return host_ram + (pa - phys_offset);
}

static inline phys_addr_t __pa(const void *va)
{
	const char *p = va;

	if (p < host_ram || p >= host_ram + host_ram_size)
		return 0;
	return (phys_addr_t)(p - host_ram) + phys_offset;
}

#endif
