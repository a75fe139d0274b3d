/* SPDX-License-Identifier: GPL-2.0-only */
/* What generic code may ask of the CPU. */
#ifndef ASM_PROCESSOR_H
#define ASM_PROCESSOR_H

/* Sleep until an interrupt arrives (it may already be pending). */
static inline void cpu_idle(void)
{
	__asm__ __volatile__("dsb\n\twfi" ::: "memory");
}

#endif
