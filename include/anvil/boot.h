/*
 * What the kernel learns at boot, from the device tree or ATAGs the boot
 * loader passed, or from Kconfig defaults when it passed neither.
 */
#ifndef ANVIL_BOOT_H
#define ANVIL_BOOT_H

#include <anvil/types.h>

#define CMDLINE_MAX 256

struct boot_info {
	phys_addr_t ram_base;
	u32 ram_size;			/* bytes of RAM the kernel uses */
	const char *ram_source;		/* "device tree", "ATAGs", "Kconfig default" */
	char cmdline[CMDLINE_MAX];
};

extern struct boot_info boot_info;

/* Fill ram_base/ram_size/cmdline from a flattened device tree; 0 on success. */
int fdt_parse(const void *blob, struct boot_info *bi);

/* The value of "name=value" on the command line, or NULL; "name" alone gives "". */
const char *cmdline_get(const char *name);

/* Architecture hooks called by start_kernel(), in this order. */
void setup_arch(struct boot_info *bi);		/* console, boot data, paging */
void init_irq_and_timer(void);			/* interrupt controller, tick */
const char *arch_cpu_name(void);
void __noreturn machine_power_off(int code);

extern const char anvil_version[];
extern const char *board_name(void);

#endif
