// SPDX-License-Identifier: GPL-2.0-only
/*
 * The PMU cycle counter, readable from user mode (CONFIG_ARM_PMU_USER_CYCLES)
 * so that benchmarks such as user/forkbench count cycles with one mrc.
 * Under QEMU with -icount shift=0 it counts one per instruction, so the
 * figures repeat exactly from run to run.  It owns PMCR, PMCNTENSET and
 * PMUSERENR, and nothing else of the PMU: no events, no interrupts.
 */
#include <anvil/kernel.h>
#include <asm/cycles.h>
#include <asm/pmu.h>

#define PMCR_E		(1u << 0)	/* enable the counters */
#define PMCR_C		(1u << 2)	/* reset the cycle counter */
#define PMCNT_CYCLES	(1u << 31)
#define PMUSERENR_EN	(1u << 0)

static inline u32 read_id_dfr0(void)
{
	u32 v;

	__asm__ __volatile__("mrc p15, 0, %0, c0, c1, 2" : "=r"(v));
	return v;
}

bool pmu_cycles_on;	/* the counter runs: <asm/cycles.h> may read it */

void pmu_enable_user_cycles(void)
{
	u32 perfmon = (read_id_dfr0() >> 24) & 0xf;

	/*
	 * ID_DFR0.PerfMon: 1..3 a PMU (v1, v2, ...), 0 or 0xf none (QEMU's
	 * Cortex-A9): then the counter stays off and a user read is undefined.
	 */
	if (perfmon == 0 || perfmon == 0xf)
		return;
	__asm__ __volatile__("mcr p15, 0, %0, c9, c12, 0" :: "r"(PMCR_E | PMCR_C));	/* PMCR */
	__asm__ __volatile__("mcr p15, 0, %0, c9, c12, 1" :: "r"(PMCNT_CYCLES));	/* PMCNTENSET */
	__asm__ __volatile__("mcr p15, 0, %0, c9, c14, 0" :: "r"(PMUSERENR_EN));	/* PMUSERENR */
	__asm__ __volatile__("isb" ::: "memory");
	pmu_cycles_on = true;
}
