// SPDX-License-Identifier: GPL-2.0-only
/*
 * Cortex-A9 MPCore private timer: a 32-bit down-counter with auto-reload
 * that interrupts at zero.  Used for the tick on boards without the generic
 * timer.  Its clock (PERIPHCLK) is a board fact.
 */
#include <anvil/kernel.h>
#include <anvil/irq.h>
#include <anvil/time.h>
#include <asm/io.h>
#include <drivers/a9_timer.h>

#define TIMER_LOAD		0x00
#define TIMER_CONTROL		0x08
#define TIMER_ISR		0x0C
#define TIMER_CTL_ENABLE	(1u << 0)
#define TIMER_CTL_RELOAD	(1u << 1)
#define TIMER_CTL_IRQ		(1u << 2)

static u8 *regs;

static void a9_timer_irq(unsigned int irq, void *arg)
{
	writel(1, regs + TIMER_ISR);
	tick();
}

void a9_timer_init(phys_addr_t pa, unsigned int irq, u32 clock_hz, unsigned int hz)
{
	regs = ioremap(pa, 0x100);
	if (!regs)
		panic("A9 timer: cannot map %08x", pa);
	writel(0, regs + TIMER_CONTROL);
	writel(clock_hz / hz - 1, regs + TIMER_LOAD);
	writel(1, regs + TIMER_ISR);
	request_irq(irq, a9_timer_irq, NULL);
	writel(TIMER_CTL_ENABLE | TIMER_CTL_RELOAD | TIMER_CTL_IRQ, regs + TIMER_CONTROL);
	pr_info("timer: A9 private timer at %u Hz, tick %u Hz\n", clock_hz, hz);
}
