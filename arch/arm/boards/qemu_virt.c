// SPDX-License-Identifier: GPL-2.0-only
/*
 * QEMU "virt" with a Cortex-A15: PL011 UART, GICv2, the generic timer's
 * non-secure physical timer on PPI 30.  Entered in non-secure SVC mode;
 * PSCI (by hvc) powers it off.  Its 32 virtio-mmio slots (0x0a000000,
 * 0x200 apart, SPIs 16..47) are read from the device tree QEMU passes.
 */
#include <anvil/kernel.h>
#include <anvil/boot.h>
#include <anvil/virtio.h>
#include <asm/board.h>
#include <drivers/pl011.h>
#include <drivers/gic.h>
#include <drivers/arm_arch_timer.h>

#define VIRT_UART0	0x09000000
#define VIRT_GICD	0x08000000
#define VIRT_GICC	0x08010000
#define VIRT_TIMER_PPI	30	/* non-secure physical timer */

#define PSCI_SYSTEM_OFF	0x84000008

static void virt_power_off(int code)
{
	register u32 r0 __asm__("r0") = PSCI_SYSTEM_OFF;

	__asm__ __volatile__(".arch_extension virt\n\thvc #0" : "+r"(r0) :: "memory");
}

const struct board board = {
	.name = "QEMU virt",
	.power_off = virt_power_off,
};

void board_init_console(void)
{
	pl011_init(VIRT_UART0);
}

void board_init_irq(void)
{
	gic_init(VIRT_GICD, VIRT_GICC);
}

void board_init_timer(unsigned int hz)
{
	arch_timer_init(VIRT_TIMER_PPI, hz);
}

#if IS_ENABLED(CONFIG_VIRTIO_MMIO)
/* A GIC interrupt specifier: <type number flags>, type 0 = SPI, 1 = PPI. */
static unsigned int gic_spec_to_irq(const u32 *intr)
{
	return intr[1] + (intr[0] == 1 ? 16 : 32);
}

int board_virtio_mmio_slots(struct virtio_mmio_slot *slots, int max)
{
	int n = 0;

	for (u32 i = 0; i < BOOT_VIRTIO_MMIO_MAX && n < max; i++) {
		const struct boot_mmio_node *node = &boot_info.virtio_mmio[i];

		if (!node->size)
			break;
		slots[n].base = node->base;
		slots[n].irq = gic_spec_to_irq(node->intr);
		n++;
	}
	return n;
}
#endif
