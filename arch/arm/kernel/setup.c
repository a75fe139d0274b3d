// SPDX-License-Identifier: GPL-2.0-only
/*
 * Architecture setup: exception vectors, the board's console, the boot
 * data QEMU passed (a device tree, or ATAGs on boards without one), the
 * full kernel map, and then the interrupt controller and tick.
 */
#include <anvil/kernel.h>
#include <anvil/boot.h>
#include <anvil/string.h>
#include <asm/board.h>
#include <asm/cp15.h>
#include <asm/memory.h>
#include <asm/mmu.h>
#include <asm/pmu.h>

/* Physical address of the boot data (r2 at entry); set by head.S. */
phys_addr_t boot_data_pa;
extern const char vectors[];

int atags_parse(const void *p, struct boot_info *bi);

static const void *boot_data(void)
{
	/* head.S mapped it only when it lies in the first LOWMEM_MAX of RAM. */
	if (!boot_data_pa || boot_data_pa - phys_offset >= LOWMEM_MAX)
		return NULL;
	return __va(boot_data_pa);
}

void setup_arch(struct boot_info *bi)
{
	const void *data = boot_data();

	pmu_enable_user_cycles();	/* first: cycles.boot_to_user counts from here */
	write_vbar((u32)vectors);
	isb();
	if (board.init_early)
		board.init_early();
	board_init_console();

	if (data && fdt_parse(data, bi) == 0)
		bi->ram_source = "device tree";
	else if (data && atags_parse(data, bi) == 0)
		bi->ram_source = "ATAGs";
	if (!bi->ram_size) {
		bi->ram_base = phys_offset;
		bi->ram_size = MiB(CONFIG_DEFAULT_RAM_MB);
		bi->ram_source = "Kconfig default";
	}
	bi->ram_size = cmdline_mem_limit(bi->ram_size);
	if (bi->ram_base != phys_offset) {
		pr_warn("RAM reported at %08x, but the kernel runs at %08x: using %08x\n",
			bi->ram_base, phys_offset, phys_offset);
		bi->ram_base = phys_offset;
	}
	bi->ram_size = paging_init(bi->ram_base, bi->ram_size);
}

void init_irq_and_timer(void)
{
	board_init_irq();
	board_init_timer(CONFIG_HZ);
}

const char *board_name(void)
{
	return board.name;
}

const char *arch_cpu_name(void)
{
	static char name[40];
	u32 midr = read_midr();
	const char *part;

	switch ((midr >> 4) & 0xfff) {
	case 0xc05: part = "Cortex-A5"; break;
	case 0xc07: part = "Cortex-A7"; break;
	case 0xc08: part = "Cortex-A8"; break;
	case 0xc09: part = "Cortex-A9"; break;
	case 0xc0e: part = "Cortex-A17"; break;
	case 0xc0f: part = "Cortex-A15"; break;
	default: part = "ARMv7 CPU"; break;
	}
	snprintf(name, sizeof(name), "%s r%up%u", part, (midr >> 20) & 0xf, midr & 0xf);
	return name;
}
