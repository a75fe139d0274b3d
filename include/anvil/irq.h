/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Interrupts: an interrupt controller driver registers a struct irqchip;
 * drivers attach handlers by interrupt number.
 */
#ifndef ANVIL_IRQ_H
#define ANVIL_IRQ_H

#include <anvil/types.h>

#define NR_IRQS 256

struct irqchip {
	const char *name;
	/* The pending interrupt's number, acknowledged; >= NR_IRQS if none. */
	unsigned int (*ack)(void);
	void (*eoi)(unsigned int irq);
	void (*enable)(unsigned int irq);
	void (*disable)(unsigned int irq);
};

typedef void (*irq_handler_t)(unsigned int irq, void *arg);

void irqchip_register(const struct irqchip *chip);
int request_irq(unsigned int irq, irq_handler_t handler, void *arg);
void handle_irq(void);		/* called by the architecture's IRQ vector */

/* local_irq_save/restore/enable/disable come from the architecture. */
#include <asm/irqflags.h>

#endif
