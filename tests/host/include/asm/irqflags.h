/* SPDX-License-Identifier: GPL-2.0-only */
/* The host has no interrupts to mask: the tests call handlers themselves. */
#ifndef ASM_IRQFLAGS_H
#define ASM_IRQFLAGS_H

static inline unsigned long local_irq_save(void) { return 0; }
static inline void local_irq_restore(unsigned long flags) { (void)flags; }
static inline void local_irq_enable(void) { }
static inline void local_irq_disable(void) { }

#endif
