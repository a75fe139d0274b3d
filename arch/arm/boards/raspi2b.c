// SPDX-License-Identifier: GPL-2.0-only
/*
 * QEMU "raspi2b": the Raspberry Pi 2 model B's BCM2836, four Cortex-A7
 * cores, 1 GiB of RAM at 0 (the kernel maps the first 768 MiB, its
 * lowmem) and the peripherals at 0x3F000000: PL011 UART0 at 0x3F201000,
 * the BCM2835 interrupt controller at 0x3F00B200, behind the BCM2836
 * per-core local controller at 0x40000000, which also takes the generic
 * timer's lines.  QEMU's boot code (booting a raw image the Linux way)
 * leaves it in non-secure SVC mode, so the tick is the non-secure physical
 * timer (CNTPNSIRQ).  No device tree from -kernel: ATAGs.
 * No virtio transport: no swap device (see configs/raspi2b_defconfig).
 *
 * QEMU's boot code leaves cores 1..3 spinning in RAM at 0x300 on their
 * mailbox 3; they are sent to the kernel's entry, which parks them in wfi,
 * before the page allocator may hand out that page.
 */
#include <anvil/kernel.h>
#include <asm/board.h>
#include <asm/io.h>
#include <asm/memory.h>
#include <drivers/pl011.h>
#include <drivers/bcm2836_irq.h>
#include <drivers/arm_arch_timer.h>

#define BCM2836_UART0		0x3F201000
#define BCM2835_ARMCTRL		0x3F00B200
#define BCM2836_LOCAL		0x40000000
#define LOCAL_MBOX3_SET(core)	(0x8c + 0x10 * (core))
#define LOCAL_MBOX3_CLR(core)	(0xcc + 0x10 * (core))
#define NR_CORES		4
#define MBOX_WAIT_LOOPS		10000000

extern char _start[];

static void raspi_park_secondaries(void)
{
	u8 *local = ioremap(BCM2836_LOCAL, 0x100);

	if (!local)
		return;
	for (int core = 1; core < NR_CORES; core++) {
		u32 loops = 0;

		writel((u32)__pa(_start), local + LOCAL_MBOX3_SET(core));
		while (readl(local + LOCAL_MBOX3_CLR(core)) && ++loops < MBOX_WAIT_LOOPS)
			;
		if (loops == MBOX_WAIT_LOOPS)
			pr_warn("raspi2b: core %d did not take its mailbox\n", core);
	}
}

const struct board board = {
	.name = "QEMU raspi2b",
	.init_early = raspi_park_secondaries,
};

void board_init_console(void)
{
	pl011_init(BCM2836_UART0);
}

void board_init_irq(void)
{
	bcm2836_irq_init(BCM2836_LOCAL, BCM2835_ARMCTRL);
}

void board_init_timer(unsigned int hz)
{
	arch_timer_init(BCM2836_IRQ_CNTPNS, hz);
}
