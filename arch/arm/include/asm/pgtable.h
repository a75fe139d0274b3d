/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ARM's half of the page-table API (see <anvil/pgtable.h>): struct pgtable
 * and the user address space limit.  Include <anvil/pgtable.h>, not this.
 * The tables' format and the ASID scheme are in arch/arm/mm/pgtable.c.
 */
#ifndef ASM_PGTABLE_H
#define ASM_PGTABLE_H

#include <anvil/types.h>

/* TTBR0 translates 0 .. TASK_SIZE: 2 GiB (TTBCR.N=1) down to 128 MiB (N=5). */
#define TASK_SIZE	(1u << (32 - CONFIG_TTBCR_N))

/*
 * A swap entry lives in an invalid hardware entry above bits 2..0
 * (arch/arm/mm/pgtable.c): 29 bits of slot, 2 TiB of swap.
 */
#define SWP_ENTRY_LIMIT	(1u << 29)

/* What one second-level table maps: 1 MiB. */
#define PGTABLE_SPAN	(1u << 20)

/*
 * One per address space: 16 bytes.  The ASID is 64 bits so that the
 * generation never wraps (a 24-bit one would after 2^32 allocations).
 */
struct pgtable {
	u32 *pgd;	/* first-level table: 16 KiB >> TTBCR.N, aligned to its size */
	u32 nr_bytes;	/* bytes of tables held, first level included */
	u64 asid;	/* generation << 8 | hardware ASID; 0 until first switched to */
};

/* The ASID generation << 8: it changes only when the 255 ASIDs run out (TLBIALL). */
extern u64 asid_generation;

/* Pages set_pte made executable with I-cache maintenance (for the tests). */
extern u32 pgtable_icache_syncs;

static inline u32 pgtable_asid(const struct pgtable *pt) { return pt->asid & 0xff; }

#endif
