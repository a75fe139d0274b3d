// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ARMv7 generic timer: CNTPCT counts at CNTFRQ; the physical timer
 * fires when CNTPCT reaches CNTP_CVAL.  Each tick moves CVAL on by exactly
 * one period, so ticks do not drift however late the handler runs.
 */
#include <anvil/kernel.h>
#include <anvil/irq.h>
#include <anvil/time.h>
#include <asm/cp15.h>
#include <drivers/arm_arch_timer.h>

#define CNTP_CTL_ENABLE		(1u << 0)
#define CNTP_CTL_IMASK		(1u << 1)

static u64 period, next;

static u64 read_cntpct(void)
{
	u32 lo, hi;

	isb();
	__asm__ __volatile__("mrrc p15, 0, %0, %1, c14" : "=r"(lo), "=r"(hi));
	return ((u64)hi << 32) | lo;
}

static void write_cntp_cval(u64 v)
{
	__asm__ __volatile__("mcrr p15, 2, %0, %1, c14" :: "r"((u32)v), "r"((u32)(v >> 32)));
	isb();
}

static void arch_timer_irq(unsigned int irq, void *arg)
{
	u64 now = read_cntpct();

	do {
		next += period;
		tick();
	} while (next <= now);
	write_cntp_cval(next);
}

void arch_timer_init(unsigned int irq, unsigned int hz)
{
	u32 freq = read_cntfrq();

	if (!freq)
		panic("generic timer: CNTFRQ is 0");
	period = freq / hz;
	next = read_cntpct() + period;
	write_cntp_cval(next);
	write_cntp_ctl(CNTP_CTL_ENABLE);
	request_irq(irq, arch_timer_irq, NULL);
	pr_info("timer: generic timer at %u Hz, tick %u Hz\n", freq, hz);
}
