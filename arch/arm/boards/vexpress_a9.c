// SPDX-License-Identifier: GPL-2.0-only
/*
 * QEMU "vexpress-a9": Cortex-A9 MPCore with its private peripherals at
 * 0x1E000000 (GIC distributor +0x1000, CPU interface +0x100, private timer
 * +0x600 on PPI 29), PL011 UART0 on the motherboard.  Entered in secure SVC
 * mode.  SYS_CFGCTRL powers it off.  No device tree: QEMU passes ATAGs,
 * so the four virtio-mmio slots (0x10013000, 0x200 apart, SPIs 40..43)
 * are described here.
 */
#include <anvil/kernel.h>
#include <asm/board.h>
#include <asm/io.h>
#include <anvil/virtio.h>
#include <drivers/pl011.h>
#include <drivers/gic.h>
#include <drivers/a9_timer.h>

#define V2M_UART0		0x10009000
#define V2M_SYS_CFGCTRL		0x100000A4
#define A9_GICD			0x1E001000
#define A9_GICC			0x1E000100
#define A9_TIMER		0x1E000600
#define A9_TIMER_PPI		29
#define V2M_VIRTIO		0x10013000
#define A9_TIMER_CLOCK_HZ	100000000	/* PERIPHCLK as QEMU models it */


static void vexpress_power_off(int code)
{
	vexpress_sys_power_off(V2M_SYS_CFGCTRL);
}

const struct board board = {
	.name = "QEMU vexpress-a9",
	.power_off = vexpress_power_off,
};

void board_init_console(void)
{
	pl011_init(V2M_UART0);
}

void board_init_irq(void)
{
	gic_init(A9_GICD, A9_GICC);
}

void board_init_timer(unsigned int hz)
{
	a9_timer_init(A9_TIMER, A9_TIMER_PPI, A9_TIMER_CLOCK_HZ, hz);
}

#if IS_ENABLED(CONFIG_VIRTIO_MMIO)
int board_virtio_mmio_slots(struct virtio_mmio_slot *slots, int max)
{
	return vexpress_virtio_mmio_slots(V2M_VIRTIO, slots, max);
}
#endif
