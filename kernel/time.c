// SPDX-License-Identifier: GPL-2.0-only
/* The tick: jiffies, and waiting for it. */
#include <anvil/kernel.h>
#include <anvil/irq.h>
#include <anvil/sched.h>
#include <anvil/time.h>
#include <asm/processor.h>

volatile u64 jiffies;

void tick(void)
{
	jiffies++;
	sched_tick();
}

void wait_until(u64 target)
{
	while (jiffies < target)
		cpu_idle();
}
