/* SPDX-License-Identifier: GPL-2.0-only */
/* Masking IRQs on the current CPU (CPSR.I). */
#ifndef ASM_IRQFLAGS_H
#define ASM_IRQFLAGS_H

static inline unsigned long local_irq_save(void)
{
	unsigned long flags;

	__asm__ __volatile__("mrs %0, cpsr\n\tcpsid i" : "=r"(flags) :: "memory");
	return flags;
}

static inline void local_irq_restore(unsigned long flags)
{
	__asm__ __volatile__("msr cpsr_c, %0" :: "r"(flags) : "memory");
}

static inline void local_irq_enable(void)
{
	__asm__ __volatile__("cpsie i" ::: "memory");
}

static inline void local_irq_disable(void)
{
	__asm__ __volatile__("cpsid i" ::: "memory");
}

#endif
