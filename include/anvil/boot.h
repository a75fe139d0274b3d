/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the kernel learns at boot, from the device tree or ATAGs the boot
 * loader passed, or from Kconfig defaults when it passed neither.
 */
#ifndef ANVIL_BOOT_H
#define ANVIL_BOOT_H

#include <anvil/types.h>

#define CMDLINE_MAX 256

/*
 * A device-tree node compatible with "virtio,mmio": its first reg entry
 * and its first interrupt specifier's cells, as written (the board file
 * reads them: they depend on the interrupt controller).  size 0: unused.
 * The device tree's memory is reused once the page allocator runs, so
 * fdt_parse() copies them here.  Without CONFIG_VIRTIO_MMIO the array
 * has no entries and costs nothing.
 */
#define BOOT_VIRTIO_MMIO_MAX	(IS_ENABLED(CONFIG_VIRTIO_MMIO) ? 32 : 0)

struct boot_mmio_node {
	phys_addr_t base;
	u32 size;
	u32 intr[3];
};

struct boot_info {
	phys_addr_t ram_base;
	u32 ram_size;			/* bytes of RAM the kernel uses */
	const char *ram_source;		/* "device tree", "ATAGs", "Kconfig default" */
	char cmdline[CMDLINE_MAX];
	struct boot_mmio_node virtio_mmio[BOOT_VIRTIO_MMIO_MAX];
};

extern struct boot_info boot_info;

/*
 * Fill ram_base/ram_size/cmdline (and virtio_mmio) from a flattened device
 * tree; 0 on success.
 */
int fdt_parse(const void *blob, struct boot_info *bi);

/*
 * The value of "name=value" on the command line, or NULL; "name" alone
 * gives "".  Words after a word "--" are init's, never the kernel's.
 */
const char *cmdline_get(const char *name);
/* The same in any command line; and the words after its "--" (NULL: none). */
const char *cmdline_find(const char *cmdline, const char *name);
const char *cmdline_init_args(const char *cmdline);

/*
 * A size as the command line writes it ("mem=48M"): decimal digits and an
 * optional k, M or G in either case, ending at a space or the end.  0 with *bytes set, or
 * -EINVAL for anything else (no digits, another suffix, 4 GiB or more).
 */
int cmdline_parse_size(const char *s, u32 *bytes);

/*
 * "mem=<size>": use at most that much of the RAM the boot data reported
 * (for machines QEMU runs with one RAM size only).  Returns ram_size,
 * limited; a bad or too small value is refused in one line and changes
 * nothing.
 */
u32 cmdline_mem_limit(u32 ram_size);

/* Architecture hooks called by start_kernel(), in this order. */
void setup_arch(struct boot_info *bi);		/* console, boot data, paging */
void init_irq_and_timer(void);			/* interrupt controller, tick */
const char *arch_cpu_name(void);
void __noreturn machine_power_off(int code);

extern const char anvil_version[];
extern const char *board_name(void);

#endif
