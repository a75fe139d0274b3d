/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The host tests' half of the page-table API (see <anvil/pgtable.h>):
 * struct pgtable for tests/host/pgtable_host.c, plain C tables with no
 * hardware behind them.  Include <anvil/pgtable.h>, not this.
 */
#ifndef ASM_PGTABLE_H
#define ASM_PGTABLE_H

#include <anvil/types.h>

/* The user space of an ARM build with TTBCR.N, or 1 GiB (N=2) when none is given. */
#ifdef CONFIG_TTBCR_N
#define TASK_SIZE	(1u << (32 - CONFIG_TTBCR_N))
#else
#define TASK_SIZE	(1u << 30)
#endif

/* As ARM's: a swap slot must fit the 29 bits an invalid hardware entry carries. */
#define SWP_ENTRY_LIMIT	(1u << 29)

/* What one second-level table maps: 1 MiB. */
#define PGTABLE_SPAN	(1u << 20)

struct pgtable {
	pte_t **dir;		/* first level: one pointer per MiB */
	u32 nr_bytes;		/* bytes of tables held, first level included */
	u32 asid;		/* nonzero once switched to; for the tests' eyes only */
};

/* What the "hardware" did, for tests: TLB entries flushed, the table in use. */
extern u32 host_tlb_flushes;
extern u32 host_tlb_mm_flushes;	/* flush_tlb_mm calls */
extern u32 host_get_pte_calls;	/* PTEs read: loops must skip absent tables */
extern struct pgtable *host_active_pgtable;

/* A table entry is the pte_t itself. */
typedef pte_t pte_entry_t;

static inline pte_t pte_entry_get(const pte_entry_t *e)
{
	host_get_pte_calls++;
	return *e;
}

static inline void pte_entry_set(pte_entry_t *e, pte_t pte)
{
	*e = pte;
}

/*
 * Would the MMU let this access through without a fault?  The rules of
 * <anvil/pgtable.h>, as the ARM backend builds them: present, young and
 * readable; a write also needs write; an instruction
 * fetch needs exec.
 * Host tests use it to decide when a simulated user access faults.
 */
static inline bool pte_access_ok(pte_t pte, bool write, bool exec)
{
	if (!(pte & PTE_PRESENT) || !(pte & PTE_YOUNG) || !(pte & PTE_READ))
		return false;
	if (write && !(pte & PTE_WRITE))
		return false;
	return !exec || (pte & PTE_EXEC);
}

#endif
