// SPDX-License-Identifier: GPL-2.0-only
/*
 * BCM2836 (Raspberry Pi 2) interrupts: the ARM "local" controller at
 * 0x40000000, one per core, takes the generic timer's four lines, the
 * mailboxes, the PMU and one "GPU" line, which is the older BCM2835
 * controller (ARM peripheral offset 0xB200) gathering the peripherals'
 * interrupts.  Both are level-triggered and need no end-of-interrupt:
 * a line drops when its device is served.  Everything goes to core 0.
 * <drivers/bcm2836_irq.h> gives the numbering.
 */
#include <anvil/kernel.h>
#include <anvil/irq.h>
#include <asm/io.h>
#include <drivers/bcm2836_irq.h>

/* Local controller (BCM2836 "ARM control" block), core 0's registers. */
#define LOCAL_GPU_ROUTING	0x0c	/* bits 1:0: core taking GPU IRQs */
#define LOCAL_TIMER_CTL0	0x40	/* bits 3:0 enable the timer lines as IRQs */
#define LOCAL_MAILBOX_CTL0	0x50
#define LOCAL_IRQ_SOURCE0	0x60
#define LOCAL_SRC_TIMERS	0x0fu
#define LOCAL_SRC_GPU		(1u << 8)

/* BCM2835 controller. */
#define ARMCTRL_BASIC_PENDING	0x00
#define ARMCTRL_PENDING1	0x04
#define ARMCTRL_PENDING2	0x08
#define ARMCTRL_FIQ_CTL		0x0c
#define ARMCTRL_ENABLE1		0x10	/* then ENABLE2, ENABLE_BASIC */
#define ARMCTRL_DISABLE1	0x1c	/* then DISABLE2, DISABLE_BASIC */

static u8 *local, *armctrl;
/* What we enabled: bank 0 = GPU 0..31, 1 = GPU 32..63, 2 = basic 0..7. */
static u32 enabled[3];

static unsigned int bank_of(unsigned int irq)
{
	return (irq - BCM2835_IRQ_GPU(0)) / 32;
}

static unsigned int bcm2836_ack(void)
{
	u32 src = readl(local + LOCAL_IRQ_SOURCE0);
	u32 pend;

	if (src & LOCAL_SRC_TIMERS)
		return __builtin_ctz(src & LOCAL_SRC_TIMERS);
	if (!(src & LOCAL_SRC_GPU))
		return NR_IRQS;
	pend = readl(armctrl + ARMCTRL_BASIC_PENDING) & enabled[2] & 0xff;
	if (pend)
		return BCM2835_IRQ_BASIC(__builtin_ctz(pend));
	for (unsigned int bank = 0; bank < 2; bank++) {
		pend = readl(armctrl + ARMCTRL_PENDING1 + 4 * bank) & enabled[bank];
		if (pend)
			return BCM2835_IRQ_GPU(32 * bank + __builtin_ctz(pend));
	}
	return NR_IRQS;
}

static void bcm2836_eoi(unsigned int irq)
{
}

static void set_enabled(unsigned int irq, bool on)
{
	if (irq <= BCM2836_IRQ_CNTV) {
		u32 ctl = readl(local + LOCAL_TIMER_CTL0);

		writel(on ? ctl | 1u << irq : ctl & ~(1u << irq), local + LOCAL_TIMER_CTL0);
	} else if (irq >= BCM2835_IRQ_GPU(0) && irq <= BCM2835_IRQ_BASIC(7)) {
		unsigned int bank = bank_of(irq), bit = (irq - BCM2835_IRQ_GPU(0)) % 32;

		writel(1u << bit, armctrl + (on ? ARMCTRL_ENABLE1 : ARMCTRL_DISABLE1) + 4 * bank);
		enabled[bank] = on ? enabled[bank] | 1u << bit : enabled[bank] & ~(1u << bit);
	} else {
		pr_warn("bcm2836: irq %u is not one this driver routes\n", irq);
	}
}

static void bcm2836_enable(unsigned int irq)
{
	set_enabled(irq, true);
}

static void bcm2836_disable(unsigned int irq)
{
	set_enabled(irq, false);
}

static const struct irqchip bcm2836_chip = {
	.name = "BCM2836",
	.ack = bcm2836_ack,
	.eoi = bcm2836_eoi,
	.enable = bcm2836_enable,
	.disable = bcm2836_disable,
};

void bcm2836_irq_init(phys_addr_t local_pa, phys_addr_t armctrl_pa)
{
	local = ioremap(local_pa, 0x100);
	armctrl = ioremap(armctrl_pa, 0x100);
	if (!local || !armctrl)
		panic("BCM2836 irq: cannot map %08x/%08x", local_pa, armctrl_pa);

	/* Everything off, the GPU's interrupts to core 0. */
	writel(0, local + LOCAL_TIMER_CTL0);
	writel(0, local + LOCAL_MAILBOX_CTL0);
	writel(0, local + LOCAL_GPU_ROUTING);
	writel(0, armctrl + ARMCTRL_FIQ_CTL);
	for (unsigned int bank = 0; bank < 3; bank++)
		writel(~0u, armctrl + ARMCTRL_DISABLE1 + 4 * bank);
	irqchip_register(&bcm2836_chip);
}
