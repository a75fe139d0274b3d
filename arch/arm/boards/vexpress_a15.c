// SPDX-License-Identifier: GPL-2.0-only
/*
 * QEMU "vexpress-a15": the Cortex-A15 CoreTile on the Versatile Express
 * motherboard's "RS1" memory map.  The A15's private peripherals sit at
 * 0x2C000000 (GIC distributor +0x1000, CPU interface +0x2000); the tick
 * is the generic timer's secure physical timer on PPI 29, since QEMU
 * enters this board in secure SVC mode.  PL011 UART0, the system
 * registers (SYS_CFGCTRL powers it off) and the four virtio-mmio slots
 * (0x1C130000, 0x200 apart, SPIs 40..43) are on the motherboard.  RAM
 * starts at 0x80000000.  No device tree: QEMU passes ATAGs.
 */
#include <anvil/kernel.h>
#include <asm/board.h>
#include <asm/io.h>
#include <anvil/virtio.h>
#include <drivers/pl011.h>
#include <drivers/gic.h>
#include <drivers/arm_arch_timer.h>

#define V2M_UART0		0x1C090000
#define V2M_SYS_CFGCTRL		0x1C0100A4
#define A15_GICD		0x2C001000
#define A15_GICC		0x2C002000
#define A15_TIMER_PPI		29	/* secure physical timer */
#define V2M_VIRTIO		0x1C130000


static void vexpress_power_off(int code)
{
	vexpress_sys_power_off(V2M_SYS_CFGCTRL);
}

const struct board board = {
	.name = "QEMU vexpress-a15",
	.power_off = vexpress_power_off,
};

void board_init_console(void)
{
	pl011_init(V2M_UART0);
}

void board_init_irq(void)
{
	gic_init(A15_GICD, A15_GICC);
}

void board_init_timer(unsigned int hz)
{
	arch_timer_init(A15_TIMER_PPI, hz);
}

#if IS_ENABLED(CONFIG_VIRTIO_MMIO)
int board_virtio_mmio_slots(struct virtio_mmio_slot *slots, int max)
{
	return vexpress_virtio_mmio_slots(V2M_VIRTIO, slots, max);
}
#endif
