/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the host harness (stubs.c) provides to tests and benchmarks beyond
 * the kernel's own API: the fake RAM, a fresh mm/ for each test, and a
 * panic() that can be caught.
 */
#ifndef HOST_H
#define HOST_H

#include <setjmp.h>
#include <anvil/types.h>

/* Bytes of fake RAM for each test unless it asks otherwise. */
#define HOST_RAM_DEFAULT	(16u << 20)
#define HOST_KERNEL_PAGES	32u	/* the pretend kernel image */
#define HOST_RAM_MAX		(64u << 20)

/*
 * Start mm/ over on ram_size bytes of fake RAM (<= HOST_RAM_MAX): the
 * kernel image pretends to occupy HOST_KERNEL_PAGES pages at phys_offset +
 * 64 KiB, as on QEMU; mem_init() and kmem_cache_init() run; failure
 * injection is off.
 */
void host_mm_init(u32 ram_size);

/*
 * panic() longjmps to *host_panic_jmp when it is set (and clears it),
 * after writing its message to host_panic_msg; otherwise it prints the
 * message and exits with PANIC_EXIT_STATUS.
 */
extern jmp_buf *host_panic_jmp;
extern char host_panic_msg[256];

/* printk writes to stdout only when this is set (HOST_VERBOSE=1). */
extern bool host_printk_enabled;

/* When set, sleep_on calls it instead of putting the other task to sleep (see stubs.c). */
extern void (*host_sleep_on)(const void *chan, u32 timeout);

#endif
