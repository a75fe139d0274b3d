// SPDX-License-Identifier: GPL-2.0-only
/*
 * panic: one clear line, then power off with PANIC_EXIT_STATUS so a test
 * runner sees the failure at once instead of waiting for a time-out.
 */
#include <anvil/kernel.h>
#include <anvil/boot.h>
#include <anvil/console.h>
#include <anvil/irq.h>

void panic(const char *fmt, ...)
{
	static bool in_panic;
	char buf[200];
	va_list ap;

	local_irq_disable();
	if (in_panic)
		machine_power_off(PANIC_EXIT_STATUS);
	in_panic = true;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (console_mid_line())
		printk(KERN_ERR "\n");
	printk(KERN_ERR "Kernel panic - not syncing: %s\n", buf);
	machine_power_off(PANIC_EXIT_STATUS);
}
