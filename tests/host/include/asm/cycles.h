/* SPDX-License-Identifier: GPL-2.0-only */
/* The host tests' <asm/cycles.h>: no cycle counter, every phase counts 0. */
#ifndef ASM_CYCLES_H
#define ASM_CYCLES_H

#include <anvil/types.h>

static inline u32 arch_cycles(void) { return 0; }

#endif
