/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DRIVERS_ARM_ARCH_TIMER_H
#define DRIVERS_ARM_ARCH_TIMER_H
/* The ARMv7 generic timer's physical timer as the tick, on interrupt irq. */
void arch_timer_init(unsigned int irq, unsigned int hz);
#endif
