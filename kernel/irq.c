// SPDX-License-Identifier: GPL-2.0-only
/*
 * Interrupt dispatch: the architecture's IRQ vector calls handle_irq(),
 * which asks the irqchip for the pending interrupt and runs its handler.
 */
#include <anvil/kernel.h>
#include <anvil/errno.h>
#include <anvil/irq.h>

struct irq_action {
	irq_handler_t handler;
	void *arg;
};

static const struct irqchip *chip;
static struct irq_action actions[NR_IRQS];
static u32 spurious;

void irqchip_register(const struct irqchip *c)
{
	chip = c;
}

int request_irq(unsigned int irq, irq_handler_t handler, void *arg)
{
	if (!chip || irq >= NR_IRQS || !handler)
		return -EINVAL;
	if (actions[irq].handler)
		return -EBUSY;
	actions[irq] = (struct irq_action){ handler, arg };
	chip->enable(irq);
	return 0;
}

void handle_irq(void)
{
	unsigned int irq = chip->ack();

	if (irq >= NR_IRQS) {
		spurious++;
		return;
	}
	if (actions[irq].handler)
		actions[irq].handler(irq, actions[irq].arg);
	else
		pr_warn("irq %u: no handler\n", irq);
	chip->eoi(irq);
}
