/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Instructions per phase, for `make bench`'s instruction table: a phase adds up the
 * cycle counter's advance over the code it covers, and how many times it
 * ran (pages swapped out, pages read back, ...).  Under QEMU with -icount
 * shift=0 a cycle is one instruction.  Where the architecture has no
 * counter (<asm/cycles.h> gives 0) every phase reads 0; nothing may
 * depend on the figures, and no test asserts one.
 *
 * A phase that sleeps (block I/O) leaves the sleep out with phase_add
 * before it and a fresh cycles_now() after it: the other tasks' work is
 * not its own.  Interrupts taken inside a phase are counted in it.  The
 * sums are u32 and wrap after 2^32 instructions; a reader takes the
 * difference of two readings, as `make bench` does.
 */
#ifndef ANVIL_CYCLES_H
#define ANVIL_CYCLES_H

#include <anvil/types.h>
#include <asm/cycles.h>

struct phase_cycles {
	u32 cycles;	/* counter advance inside the phase */
	u32 count;	/* units of work it did */
};

static inline u32 cycles_now(void)
{
	return arch_cycles();
}

/* Add the cycles since *since to p, and start counting again from now. */
static inline void phase_add(struct phase_cycles *p, u32 *since)
{
	u32 now = arch_cycles();

	p->cycles += now - *since;
	*since = now;
}

/* Counter value when pid 1 first left for user mode (kernel/init.c). */
extern u32 boot_cycles_to_user;

#endif
