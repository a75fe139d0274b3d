/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The page-table API: everything mm/ may do to a user address space's
 * translation tables.  It owns the software PTE format and the contract
 * every backend implements; it knows no hardware.  Backends:
 * arch/arm/mm/pgtable.c (short descriptors, ASIDs) and
 * tests/host/pgtable_host.c (plain C, for the host tests).  The backend's
 * <asm/pgtable.h> defines struct pgtable and TASK_SIZE.
 *
 * A pte_t is the kernel's own view of one user page, in a layout that is
 * the same on every backend:
 *
 *	31            12 11      6  5     4     3    2     1     0
 *	[      pfn      ][  zero  ][dirty|young|exec|write|read|present]
 *
 * present=0 and pte != 0: a swap entry (pte_is_swap), for the swap issue.
 * User access is implied: these are user mappings.  The backend derives
 * the hardware entry from the software one, so the semantics mm/ relies on
 * are:
 *  - a PTE that is not present, or present but not young, has no hardware
 *    mapping: any access faults, so the fault handler can set young (the
 *    accessed bit is emulated);
 *  - a PTE that is not dirty, or not writable, is read-only in hardware:
 *    the first write faults, so the fault handler can set dirty;
 *  - a PTE without exec cannot be executed;
 *  - set_pte and clear_pte flush the TLB entry of that address themselves;
 *  - a PTE that gains exec, or maps a new page with exec, makes the page's
 *    data visible to instruction fetch first (like Linux's set_pte_at):
 *    code written to a page and then mprotected executable just runs.
 */
#ifndef ANVIL_PGTABLE_H
#define ANVIL_PGTABLE_H

#include <anvil/compiler.h>
#include <anvil/types.h>

typedef u32 pte_t;

#define PTE_PRESENT	(1u << 0)
#define PTE_READ	(1u << 1)
#define PTE_WRITE	(1u << 2)
#define PTE_EXEC	(1u << 3)
#define PTE_YOUNG	(1u << 4)	/* accessed since last cleared */
#define PTE_DIRTY	(1u << 5)	/* written since last cleared */
#define PTE_PROT_MASK	(PTE_READ | PTE_WRITE | PTE_EXEC)
#define PTE_FLAGS_MASK	0x3fu
#define PTE_PFN_SHIFT	12

#include <asm/pgtable.h>

/* A present PTE mapping page frame pfn; prot is PTE_READ|WRITE|EXEC, and may add YOUNG|DIRTY. */
static inline pte_t mk_pte(u32 pfn, u32 prot)
{
	return (pfn << PTE_PFN_SHIFT) | (prot & PTE_FLAGS_MASK) | PTE_PRESENT;
}

static inline bool pte_none(pte_t pte)		{ return pte == 0; }
static inline bool pte_present(pte_t pte)	{ return pte & PTE_PRESENT; }
static inline u32 pte_pfn(pte_t pte)		{ return pte >> PTE_PFN_SHIFT; }
static inline u32 pte_prot(pte_t pte)		{ return pte & PTE_PROT_MASK; }
static inline bool pte_read(pte_t pte)		{ return pte & PTE_READ; }
static inline bool pte_write(pte_t pte)		{ return pte & PTE_WRITE; }
static inline bool pte_exec(pte_t pte)		{ return pte & PTE_EXEC; }
static inline bool pte_young(pte_t pte)		{ return pte & PTE_YOUNG; }
static inline bool pte_dirty(pte_t pte)		{ return pte & PTE_DIRTY; }

static inline pte_t pte_mkold(pte_t pte)	{ return pte & ~PTE_YOUNG; }
static inline pte_t pte_mkyoung(pte_t pte)	{ return pte | PTE_YOUNG; }
static inline pte_t pte_mkclean(pte_t pte)	{ return pte & ~PTE_DIRTY; }
static inline pte_t pte_mkdirty(pte_t pte)	{ return pte | PTE_DIRTY; }
static inline pte_t pte_wrprotect(pte_t pte)	{ return pte & ~PTE_WRITE; }
static inline pte_t pte_mkwrite(pte_t pte)	{ return pte | PTE_WRITE; }

/* Same page, young and dirty kept, new protection (mprotect). */
static inline pte_t pte_modify(pte_t pte, u32 prot)
{
	return (pte & ~PTE_PROT_MASK) | (prot & PTE_PROT_MASK);
}

/*
 * Swap entries, reserved for the swap issue: any non-zero 31-bit value,
 * kept above the present bit so that the PTE is not present and not zero.
 */
typedef struct { u32 val; } swp_entry_t;

/* Never true without CONFIG_SWAP, so swap paths compile away. */
static inline bool pte_is_swap(pte_t pte)
{
	return IS_ENABLED(CONFIG_SWAP) && pte && !(pte & PTE_PRESENT);
}
static inline pte_t swp_entry_to_pte(swp_entry_t e) { return e.val << 1; }
static inline swp_entry_t pte_to_swp_entry(pte_t pte) { return (swp_entry_t){ pte >> 1 }; }

/*
 * The backend's functions.  va is a user address below TASK_SIZE; only
 * its page number counts.  Errors: 0 or -ENOMEM, and a failure changes
 * nothing.
 */
int pgtable_init(struct pgtable *pt);		/* empty table; -ENOMEM */
void pgtable_destroy(struct pgtable *pt);	/* free every table; all PTEs must be clear */
int set_pte(struct pgtable *pt, u32 va, pte_t pte);	/* may allocate a table: -ENOMEM */
pte_t get_pte(struct pgtable *pt, u32 va);	/* 0 when nothing is there */
void clear_pte(struct pgtable *pt, u32 va);
void flush_tlb_page(struct pgtable *pt, u32 va);
void switch_pgtable(struct pgtable *pt);	/* NULL: no user space mapped */
/*
 * Free every second-level table that covers part of [start, end) and maps
 * nothing (no present PTE, no swap entry): call it after unmapping a
 * range, so that empty tables do not wait for the address space to go.
 * A table with anything left in it stays, wherever it is.  The number of
 * table pages freed.
 */
u32 pgtable_free_empty(struct pgtable *pt, u32 start, u32 end);

/* Pages (and bytes) of translation tables pt holds now, first level included. */
static inline u32 pgtable_pages(const struct pgtable *pt) { return pt->nr_pages; }
static inline u32 pgtable_bytes(const struct pgtable *pt) { return pt->nr_pages << PTE_PFN_SHIFT; }

/*
 * Shared by the backends (mm/pgtable.c): table pages come zeroed from the
 * page allocator, counted as page tables and in pt->nr_pages; and the
 * CONFIG_DEBUG_VM check that a table about to be freed maps nothing; and
 * the test that a table is empty.
 */
void *pgtable_alloc_pages(struct pgtable *pt, unsigned int order);
void pgtable_free_pages(struct pgtable *pt, void *p, unsigned int order);
void pgtable_check_clear(const pte_t *ptes, unsigned int n, u32 va);
bool pgtable_ptes_none(const pte_t *ptes, unsigned int n);	/* all n are pte_none */

#endif
