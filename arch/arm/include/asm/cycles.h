/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The cycle counter for the kernel's per-phase counts (<anvil/cycles.h>):
 * PMCCNTR once arch/arm/kernel/pmu.c has started it, 0 otherwise (no
 * CONFIG_ARM_PMU_USER_CYCLES, or a CPU without a PMU, where reading it
 * would be an undefined instruction).
 */
#ifndef ASM_CYCLES_H
#define ASM_CYCLES_H

#include <anvil/types.h>

#if IS_ENABLED(CONFIG_ARM_PMU_USER_CYCLES)
extern bool pmu_cycles_on;

static inline u32 arch_cycles(void)
{
	u32 v = 0;

	if (pmu_cycles_on)
		__asm__ __volatile__("mrc p15, 0, %0, c9, c13, 0" : "=r"(v));	/* PMCCNTR */
	return v;
}
#else
static inline u32 arch_cycles(void) { return 0; }
#endif

#endif
