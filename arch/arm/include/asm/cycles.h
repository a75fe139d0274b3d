/* SPDX-License-Identifier: GPL-2.0-only */
/* The PMU cycle counter for kernel measurements (<anvil/cycles.h>). */
#ifndef ASM_CYCLES_H
#define ASM_CYCLES_H

#include <anvil/types.h>

/* Set by pmu_enable_user_cycles() when the CPU has a counter and it runs. */
extern bool pmu_cycles_running;

static inline u32 arch_cycle_count(void)
{
	u32 c = 0;

	if (IS_ENABLED(CONFIG_ARM_PMU_USER_CYCLES) && pmu_cycles_running)
		__asm__ __volatile__("mrc p15, 0, %0, c9, c13, 0" : "=r"(c));	/* PMCCNTR */
	return c;
}

#endif
