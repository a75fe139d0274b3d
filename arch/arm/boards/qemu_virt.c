/*
 * QEMU "virt" with a Cortex-A15: PL011 UART, GICv2, the generic timer's
 * non-secure physical timer on PPI 30.  Entered in non-secure SVC mode;
 * PSCI (by hvc) powers it off.
 */
#include <anvil/kernel.h>
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
