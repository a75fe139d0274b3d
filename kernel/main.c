// SPDX-License-Identifier: GPL-2.0-only
/*
 * start_kernel: the generic boot sequence, after head.S turned the MMU on.
 * It knows no board: the architecture sets up the console, the memory map
 * and the tick; this file decides the order and what to do once up.
 */
#include <anvil/kernel.h>
#include <anvil/boot.h>
#include <anvil/initramfs.h>
#include <anvil/irq.h>
#include <anvil/ktest.h>
#include <anvil/meminfo.h>
#include <anvil/pgtable.h>
#include <anvil/mm.h>
#include <anvil/process.h>
#include <anvil/sched.h>
#include <anvil/slab.h>
#include <anvil/vma.h>
#include <anvil/string.h>
#include <anvil/reclaim.h>
#include <anvil/swap.h>
#include <anvil/time.h>
#include <asm/processor.h>

struct boot_info boot_info;
extern char _text[], _end[];

void start_kernel(void);

static void banner(const struct boot_info *bi)
{
	printk(KERN_NOTICE "Anvil %s on %s, %s, %u MiB RAM at %08x (%s)\n",
	       anvil_version, board_name(), arch_cpu_name(), bi->ram_size >> 20,
	       bi->ram_base, bi->ram_source);
	printk(KERN_INFO "Command line: %s\n", bi->cmdline);
}

void start_kernel(void)
{
	const char *tests;

	setup_arch(&boot_info);
	if (!boot_info.cmdline[0])
		strlcpy(boot_info.cmdline, CONFIG_CMDLINE, sizeof(boot_info.cmdline));
	banner(&boot_info);

	mem_init(boot_info.ram_base, boot_info.ram_size, __pa(_text), __pa(_end));
	image_pages_init(__initramfs_start, __initramfs_pages_end);
	kmem_cache_init();
	pgtable_cache_init();
	vma_cache_init();
	sched_init();
	process_init();
	if (cmdline_get("meminfo"))
		meminfo_printk();

	init_irq_and_timer();
	local_irq_enable();
	swap_init();		/* block devices, then the swap area */

	if (cmdline_get("crash"))
		ktest_crash(cmdline_get("crash"));
	tests = cmdline_get("ktest");
	if (IS_ENABLED(CONFIG_KTEST) && tests)
		machine_power_off(ktest_run(tests) ? 1 : 0);
	if (cmdline_get("poweroff"))
		machine_power_off(0);

	if (cmdline_get("noinit")) {
		printk(KERN_INFO "Idle.  (Ctrl-A X leaves QEMU)\n");
	} else {
		start_init();
	}
	kswapd_start();		/* after init, which must be pid 1 */
	cpu_idle_loop();
}
