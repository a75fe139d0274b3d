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
#include <anvil/mm_sleep.h>
#include <anvil/slab.h>
#include <anvil/fault_inject.h>
#include <anvil/oom.h>
#include <anvil/pgtable.h>
#include <anvil/errno.h>
#include <anvil/sched.h>
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
	host_sleep_on = NULL;
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

/*
 * The scheduler's generic primitives mm/ sleeps and wakes with.  Host I/O
 * is synchronous: a page is locked only while a transfer is in flight,
 * when a scripted other task may run (tests/host/host_task.c) and sleep on
 * it; the test's own task sleeping on a channel would sleep forever and
 * panics instead.  A test with a device of its own (test_virtio_blk.c)
 * sets host_sleep_on for its sleeps; host_mm_init clears it.  A timed
 * sleep (reclaim_throttle's tick) passes at once: there is no clock.
 */
void (*host_sleep_on)(const void *chan, u32 timeout);

void sleep_on(const void *chan, u32 timeout)
{
	mm_may_sleep();		/* as the kernel's schedule() */
	if (host_sleep_on)
		host_sleep_on(chan, timeout);
	else
		host_task_sleep(chan);
}

void wake_up(const void *chan)
{
	host_task_wake(chan);
}

void sleep_ticks(u32 ticks)
{
	(void)ticks;
}

int kthread_create(const char *name, int (*fn)(void *), void *arg)
{
	(void)name;
	(void)fn;
	(void)arg;
	return -ENOSYS;
}

/* The one task the host tests run as (TF_KILLED set by a test: it was killed). */
static struct task_struct host_task_struct = { .pid = 1, .comm = "host" };
struct task_struct *current = &host_task_struct;

/*
 * The kernel command line, for mm/swapfile.c's swap_init: none on the host.
 * Weak, so that tests/host/test_swapfile.c can give swap= values.
 */
__attribute__((weak)) const char *cmdline_get(const char *name)
{
	(void)name;
	return NULL;
}
