/* SPDX-License-Identifier: GPL-2.0-only */
/* The PMU cycle counter for user mode (arch/arm/kernel/pmu.c). */
#ifndef ASM_PMU_H
#define ASM_PMU_H

#if IS_ENABLED(CONFIG_ARM_PMU_USER_CYCLES)
/* Start the cycle counter and let user mode read PMCCNTR, if the CPU has one. */
void pmu_enable_user_cycles(void);
#else
static inline void pmu_enable_user_cycles(void) { }
#endif

#endif
