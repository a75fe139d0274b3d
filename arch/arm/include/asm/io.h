/* SPDX-License-Identifier: GPL-2.0-only */
/* Device register access and the device window of the kernel's map. */
#ifndef ASM_IO_H
#define ASM_IO_H

#include <anvil/types.h>

static inline u32 readl(const volatile void *addr)
{
	u32 v = *(const volatile u32 *)addr;
	__asm__ __volatile__("dmb" ::: "memory");
	return v;
}

static inline void writel(u32 v, volatile void *addr)
{
	__asm__ __volatile__("dmb" ::: "memory");
	*(volatile u32 *)addr = v;
}

static inline u8 readb(const volatile void *addr)
{
	u8 v = *(const volatile u8 *)addr;
	__asm__ __volatile__("dmb" ::: "memory");
	return v;
}

static inline void writeb(u8 v, volatile void *addr)
{
	__asm__ __volatile__("dmb" ::: "memory");
	*(volatile u8 *)addr = v;
}

/* Map device registers (whole 1 MiB sections, uncached); NULL when full. */
void *ioremap(phys_addr_t pa, u32 size);

#endif
