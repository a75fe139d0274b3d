/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A cycle count for in-kernel measurements (zram's cost per page): what
 * the architecture's <asm/cycles.h> reads, or 0 where it has no counter.
 * Under QEMU with -icount shift=0 one cycle is one instruction, so the
 * figures repeat exactly.  Differences only: the counter wraps at 2^32.
 */
#ifndef ANVIL_CYCLES_H
#define ANVIL_CYCLES_H

#include <anvil/types.h>
#include <asm/cycles.h>		/* u32 arch_cycle_count(void) */

static inline u32 cycle_count(void)
{
	return arch_cycle_count();
}

#endif
