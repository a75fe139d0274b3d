/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ARM memory layout: the kernel's linear map of RAM starts at PAGE_OFFSET
 * (virtual) and maps physical RAM from phys_offset, found at boot.
 *
 *   0x00000000 .. TASK_SIZE     user space (TTBR0, one table per process)
 *   PAGE_OFFSET .. +lowmem      linear map of RAM (TTBR1)
 *   IO_VIRT_BASE ..             device windows (ioremap)
 *   0xffff0000                  exception vectors (high vectors)
 */
#ifndef ASM_MEMORY_H
#define ASM_MEMORY_H

#ifdef __ASSEMBLER__
#define UL(x)		x
#else
#include <anvil/types.h>
#define UL(x)		x##u
#endif

#define PAGE_SHIFT	12
#define PAGE_SIZE	(UL(1) << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))

#define PAGE_OFFSET	UL(0xC0000000)
#define LOWMEM_MAX	UL(0x30000000)	/* at most 768 MiB of linearly mapped RAM */
#define IO_VIRT_BASE	UL(0xF0000000)
#define IO_VIRT_END	UL(0xFF000000)
#define TEXT_OFFSET	UL(0x10000)	/* QEMU loads a raw image at RAM base + this */

#ifndef __ASSEMBLER__
/* Physical address of the first byte of RAM; set by head.S before the MMU is on. */
extern phys_addr_t phys_offset;

static inline void *__va(phys_addr_t pa)
{
	return (void *)(uintptr_t)(pa - phys_offset + PAGE_OFFSET);
}

static inline phys_addr_t __pa(const void *va)
{
	return (phys_addr_t)((uintptr_t)va - PAGE_OFFSET + phys_offset);
}
#endif

#endif
