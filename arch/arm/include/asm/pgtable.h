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

/*
 * A second-level entry is the hardware's small-page descriptor or an
 * invalid entry that keeps a page or a swap slot: the three kinds are
 * pictured in arch/arm/mm/pgtable.c.  The encoding is here, inline, for
 * the loops that walk a table with a pointer (<anvil/pgtable.h>).
 */
typedef u32 pte_entry_t;

/* Small-page descriptor bits (ARM ARM B3.5.1). */
#define L2_XN		(1u << 0)
#define L2_SMALL	(1u << 1)
#define L2_B		(1u << 2)
#define L2_C		(1u << 3)
#define L2_AP_USER	(3u << 4)	/* AP[1:0] = 11: user access */
#define L2_TEX1		(1u << 6)	/* TEX = 001: with C, B: normal write-back */
#define L2_AP2		(1u << 9)	/* with AP = 11: read-only for all */
#define L2_NG		(1u << 11)	/* not global: tagged with the ASID */
#define L2_PFN_MASK	0xfffff000u

/* Invalid entries that keep something (bits 1:0 = 00). */
#define L2_KEEP_PAGE	(1u << 2)	/* a present PTE the MMU must not use */
#define L2_KEEP_SHIFT	2		/* its software flags, this far up */
#define L2_SWAP_SHIFT	3		/* a swap slot, this far up */

/*
 * The entry of pte: normal write-back memory like the kernel's linear map
 * (also not shareable: mismatched aliases lose coherency), user access,
 * per ASID.  A swap slot must be below SWP_ENTRY_LIMIT (set_pte checks).
 */
static inline pte_entry_t pte_to_entry(pte_t pte)
{
	pte_entry_t hw;

	if (!(pte & PTE_PRESENT))
		return (pte >> 1) << L2_SWAP_SHIFT;	/* a swap entry, or 0 */
	if ((pte & (PTE_YOUNG | PTE_READ)) != (PTE_YOUNG | PTE_READ))
		return (pte & L2_PFN_MASK) | ((pte & PTE_FLAGS_MASK & ~PTE_PRESENT) << L2_KEEP_SHIFT) |
		       L2_KEEP_PAGE;
	hw = (pte & L2_PFN_MASK) | L2_SMALL | L2_B | L2_C | L2_TEX1 | L2_AP_USER | L2_NG;
	if (!(pte & PTE_WRITE))
		hw |= L2_AP2;
	if (!(pte & PTE_EXEC))
		hw |= L2_XN;
	return hw;
}

static inline pte_t pte_entry_get(const pte_entry_t *e)
{
	pte_entry_t hw = *e;
	pte_t pte;

	if (hw & L2_SMALL) {
		pte = (hw & L2_PFN_MASK) | PTE_PRESENT | PTE_YOUNG | PTE_READ;
		if (!(hw & L2_AP2))
			pte |= PTE_WRITE;
		if (!(hw & L2_XN))
			pte |= PTE_EXEC;
		return pte;
	}
	if (hw & L2_KEEP_PAGE)
		return (hw & L2_PFN_MASK) | ((hw >> L2_KEEP_SHIFT) & PTE_FLAGS_MASK) | PTE_PRESENT;
	return (hw >> L2_SWAP_SHIFT) << 1;	/* a swap entry; 0 stays 0 */
}

static inline void pte_entry_set(pte_entry_t *e, pte_t pte)
{
	*e = pte_to_entry(pte);
}

#endif
