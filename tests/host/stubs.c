// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the kernel provides that mm/ needs, for the host: printk, panic,
 * the fake RAM behind <asm/memory.h>, and a fresh start of mm/ for every
 * test.  memset and friends are libc's.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <anvil/kernel.h>
#include <anvil/boot.h>
#include <anvil/mm.h>
#include <anvil/slab.h>
#include <anvil/fault_inject.h>
#include <anvil/oom.h>
#include <anvil/pgtable.h>
#include <anvil/reclaim.h>
#include "host.h"
#include "host_task.h"

phys_addr_t phys_offset = HOST_PHYS_OFFSET;
char *host_ram;
u32 host_ram_size;
jmp_buf *host_panic_jmp;
u32 boot_cycles_to_user;	/* kernel/init.c's; the host has no boot */
char host_panic_msg[256];
bool host_printk_enabled;

int vprintk(const char *fmt, va_list ap)
{
	/* Drop a KERN_<level> prefix: "\001" and one digit. */
	if (fmt[0] == KERN_SOH[0] && fmt[1])
		fmt += 2;
	if (!host_printk_enabled)
		return 0;
	return vprintf(fmt, ap);
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

void panic(const char *fmt, ...)
{
	va_list ap;
	jmp_buf *jmp = host_panic_jmp;

	va_start(ap, fmt);
	vsnprintf(host_panic_msg, sizeof(host_panic_msg), fmt, ap);
	va_end(ap);
	if (jmp) {
		host_panic_jmp = NULL;
		longjmp(*jmp, 1);
	}
	fprintf(stderr, "Kernel panic: %s\n", host_panic_msg);
	exit(PANIC_EXIT_STATUS);
}

void host_mm_init(u32 ram_size)
{
	phys_addr_t kernel = phys_offset + 0x10000;

	if (!host_ram) {
		const char *v = getenv("HOST_VERBOSE");

		host_printk_enabled = v && *v == '1';
		/* 1 MiB alignment, so the arena looks like real RAM to anyone rounding addresses. */
		if (posix_memalign((void **)&host_ram, 1u << 20, HOST_RAM_MAX)) {
			fprintf(stderr, "host: no memory for the fake RAM\n");
			exit(2);
		}
	}
	if (ram_size > HOST_RAM_MAX)
		ram_size = HOST_RAM_MAX;
	host_ram_size = ram_size;
#if IS_ENABLED(CONFIG_FAULT_INJECTION)
	/* Before kmem_cache_init, which allocates; new caches start disarmed. */
	fault_inject_off(&fail_page_alloc);
	fault_inject_off(&fail_slab);
#endif
	mem_init(phys_offset, ram_size, kernel, kernel + HOST_KERNEL_PAGES * PAGE_SIZE);
	kmem_cache_init();
	pgtable_cache_init();
}

u32 oom_kills;		/* kernel/oom.c's counter, for the meminfo dump */
u32 nr_tasks;		/* kernel/fork.c's, likewise */

u32 kstack_max_used(void)	/* no kernel stacks on the host */
{
	return 0;
}

#if IS_ENABLED(CONFIG_SWAP)
/*
 * The scheduler's side of reclaim.  Host I/O is synchronous: a page is
 * locked only while a transfer is in flight, when a scripted other task
 * may run (tests/host/host_task.c) and wait on it; the test's own task
 * waiting on a locked page would wait forever and panics instead.
 */

void wait_on_page_locked(struct page *page)
{
	while (page->flags & PG_locked)
		host_task_sleep(page);
}

void wake_up_page(struct page *page)
{
	host_task_wake(page);
}

void wake_up_kswapd(void)
{
}

void reclaim_throttle(void)
{
}

bool host_caller_killed;

bool reclaim_caller_killed(void)
{
	return host_caller_killed;
}
#endif

/*
 * The kernel command line, for mm/swapfile.c's swap_init: none on the host.
 * Weak, so that tests/host/test_swapfile.c can give swap= values.
 */
__attribute__((weak)) const char *cmdline_get(const char *name)
{
	(void)name;
	return NULL;
}
