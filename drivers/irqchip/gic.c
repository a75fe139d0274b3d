// SPDX-License-Identifier: GPL-2.0-only
/*
 * ARM GICv2 (and the Cortex-A9 MPCore GIC, which programs the same way):
 * distributor and one CPU interface.  Every interrupt is routed to CPU 0
 * at one priority; the tick and devices enable theirs by number.
 */
#include <anvil/kernel.h>
#include <anvil/irq.h>
#include <asm/io.h>
#include <drivers/gic.h>

#define GICD_CTLR		0x000
#define GICD_TYPER		0x004
#define GICD_ISENABLER		0x100
#define GICD_ICENABLER		0x180
#define GICD_IPRIORITYR		0x400
#define GICD_ITARGETSR		0x800

#define GICC_CTLR		0x00
#define GICC_PMR		0x04
#define GICC_IAR		0x0C
#define GICC_EOIR		0x10

#define GIC_SPURIOUS		1023
#define GIC_PRIORITY		0xa0

static u8 *dist, *cpu;
static unsigned int nr_lines;

static unsigned int gic_ack(void)
{
	u32 iar = readl(cpu + GICC_IAR);
	unsigned int irq = iar & 0x3ff;

	if (irq == GIC_SPURIOUS)
		return NR_IRQS;
	return irq;
}

static void gic_eoi(unsigned int irq)
{
	writel(irq, cpu + GICC_EOIR);
}

static void gic_enable(unsigned int irq)
{
	writel(1u << (irq % 32), dist + GICD_ISENABLER + 4 * (irq / 32));
}

static void gic_disable(unsigned int irq)
{
	writel(1u << (irq % 32), dist + GICD_ICENABLER + 4 * (irq / 32));
}

static const struct irqchip gic_chip = {
	.name = "GICv2",
	.ack = gic_ack,
	.eoi = gic_eoi,
	.enable = gic_enable,
	.disable = gic_disable,
};

void gic_init(phys_addr_t dist_pa, phys_addr_t cpu_pa)
{
	dist = ioremap(dist_pa, 0x1000);
	cpu = ioremap(cpu_pa, 0x1000);
	if (!dist || !cpu)
		panic("GIC: cannot map %08x/%08x", dist_pa, cpu_pa);

	nr_lines = min(32 * ((readl(dist + GICD_TYPER) & 0x1f) + 1), (u32)NR_IRQS);
	writel(0, dist + GICD_CTLR);
	for (unsigned int i = 0; i < nr_lines; i += 32)
		writel(~0u, dist + GICD_ICENABLER + i / 8);
	for (unsigned int i = 0; i < nr_lines; i += 4)
		writel(GIC_PRIORITY * 0x01010101u, dist + GICD_IPRIORITYR + i);
	for (unsigned int i = 32; i < nr_lines; i += 4)	/* SPIs to CPU 0 */
		writel(0x01010101u, dist + GICD_ITARGETSR + i);
	writel(1, dist + GICD_CTLR);

	writel(0xf0, cpu + GICC_PMR);
	writel(1, cpu + GICC_CTLR);
	irqchip_register(&gic_chip);
}
