/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DRIVERS_BCM2836_IRQ_H
#define DRIVERS_BCM2836_IRQ_H
#include <anvil/types.h>
/*
 * The BCM2836's two interrupt controllers as one irqchip: the per-core
 * local controller at local_pa (the generic timer's four lines, routed to
 * core 0) and, behind its "GPU" input, the BCM2835 controller at armctrl_pa
 * (the peripherals).  Interrupt numbers:
 *
 *	0..3	BCM2836_IRQ_CNTPS, _CNTPNS, _CNTHP, _CNTV: core 0's timer lines
 *	32..95	BCM2835 peripheral ("GPU") interrupts 0..63
 *	96..103	BCM2835 ARM basic interrupts 0..7 (ARM timer, doorbells, ...)
 */
#define BCM2836_IRQ_CNTPS	0	/* secure physical timer */
#define BCM2836_IRQ_CNTPNS	1	/* non-secure physical timer */
#define BCM2836_IRQ_CNTHP	2
#define BCM2836_IRQ_CNTV	3
#define BCM2835_IRQ_GPU(n)	(32 + (n))
#define BCM2835_IRQ_BASIC(n)	(96 + (n))

void bcm2836_irq_init(phys_addr_t local_pa, phys_addr_t armctrl_pa);
#endif
