/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A board file (arch/arm/boards/<CONFIG_BOARD>.c) names the board's devices
 * and which drivers run them.  Nothing outside arch/arm sees these hooks;
 * generic code reaches devices through the console, irq and timer APIs.
 */
#ifndef ASM_BOARD_H
#define ASM_BOARD_H

#include <anvil/types.h>

struct board {
	const char *name;
	/* Leave QEMU when semihosting is off; need not return the code. */
	void (*power_off)(int code);
	/*
	 * Optional, first of all at boot (MMU on, no console yet, before
	 * the page allocator): e.g. send secondary cores the boot loader
	 * left spinning in RAM to the kernel's park loop.
	 */
	void (*init_early)(void);
};

extern const struct board board;

void board_init_console(void);
void board_init_irq(void);
void board_init_timer(unsigned int hz);

/*
 * The board's virtio-mmio slots (CONFIG_VIRTIO_MMIO): fills up to max
 * entries, returns how many.  From the device tree where there is one.
 */
struct virtio_mmio_slot;
int board_virtio_mmio_slots(struct virtio_mmio_slot *slots, int max);

/* arch/arm/boards/vexpress_sys.c (CONFIG_VEXPRESS_SYS): shut a Versatile Express down. */
void vexpress_sys_power_off(phys_addr_t cfgctrl_pa);
/* The same file: the motherboard's virtio-mmio slots, the first at first. */
int vexpress_virtio_mmio_slots(phys_addr_t first, struct virtio_mmio_slot *slots, int max);

#endif
