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
 *	31            12 11        5  4     3    2     1     0
 *	[      pfn      ][  zero    ][young|exec|write|read|present]
 *
 * present=0 and pte != 0: a swap entry (pte_is_swap), the slot number
 * above the present bit.  User access is implied: these are user mappings.
 *
 * A backend keeps no copy of this word: it encodes each PTE in its own
 * table entry and decodes it back in get_pte (ARM: the hardware entry
 * itself, see arch/arm/mm/pgtable.c).  So only the states that entry can
 * carry exist, and the helpers below keep every PTE in one of them:
 *  - no dirty bit: a writable page is writable in hardware at once, and
 *    nothing would read one (reclaim writes every page out), so a PTE
 *    does not record whether its page was written;
 *  - write or exec implies read: no MMU here has write-only or
 *    execute-only pages;
 *  - a swap entry's slot is below SWP_ENTRY_LIMIT (the backend's).
 * The semantics mm/ relies on:
 *  - a PTE that is not present, or present but not young, or PROT_NONE,
 *    has no hardware mapping: any access faults, so the fault handler can
 *    set young (the accessed bit is emulated);
 *  - a PTE without write is read-only in hardware;
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
#define PTE_PROT_MASK	(PTE_READ | PTE_WRITE | PTE_EXEC)
#define PTE_FLAGS_MASK	0x1fu
#define PTE_PFN_SHIFT	12

#include <asm/pgtable.h>

/* A present PTE in one of the states above: read under write or exec. */
static inline pte_t pte_canonical(pte_t pte)
{
	if (pte & (PTE_WRITE | PTE_EXEC))
		pte |= PTE_READ;
	return pte;
}

/* A present PTE mapping page frame pfn; prot is PTE_READ|WRITE|EXEC, and may add YOUNG. */
static inline pte_t mk_pte(u32 pfn, u32 prot)
{
	return pte_canonical((pfn << PTE_PFN_SHIFT) | (prot & PTE_FLAGS_MASK) | PTE_PRESENT);
}

static inline bool pte_none(pte_t pte)		{ return pte == 0; }
static inline bool pte_present(pte_t pte)	{ return pte & PTE_PRESENT; }
static inline u32 pte_pfn(pte_t pte)		{ return pte >> PTE_PFN_SHIFT; }
static inline u32 pte_prot(pte_t pte)		{ return pte & PTE_PROT_MASK; }
static inline bool pte_read(pte_t pte)		{ return pte & PTE_READ; }
static inline bool pte_write(pte_t pte)		{ return pte & PTE_WRITE; }
static inline bool pte_exec(pte_t pte)		{ return pte & PTE_EXEC; }
static inline bool pte_young(pte_t pte)		{ return pte & PTE_YOUNG; }

static inline pte_t pte_mkold(pte_t pte)	{ return pte & ~PTE_YOUNG; }
static inline pte_t pte_mkyoung(pte_t pte)	{ return pte | PTE_YOUNG; }
static inline pte_t pte_wrprotect(pte_t pte)	{ return pte & ~PTE_WRITE; }
static inline pte_t pte_mkwrite(pte_t pte)	{ return pte_canonical(pte | PTE_WRITE); }

/* Same page, young kept, new protection (mprotect). */
static inline pte_t pte_modify(pte_t pte, u32 prot)
{
	return pte_canonical((pte & ~PTE_PROT_MASK) | (prot & PTE_PROT_MASK));
}

/*
 * Swap entries: a slot number from 1 to SWP_ENTRY_LIMIT - 1 (the
 * backend's: what its invalid table entries can carry), kept above the
 * present bit so that the PTE is not present and not zero.  The swap area
 * uses no slot at or above the limit.
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

/*
 * The first address in [va, end) that a second-level table covers, or end
 * when none does: a loop over the pages of a range jumps over the holes
 * with it instead of reading every absent PTE (a sparse 1 GiB mapping is
 * 262,144 pages but a few tables).  va is page aligned.
 */
u32 pgtable_next_mapped(struct pgtable *pt, u32 va, u32 end);

/*
 * for (each page address addr in [start, end) that a table covers): the
 * backend is asked again only where a table's span (PGTABLE_SPAN, the
 * backend's) ends, so a dense range costs no more than a plain loop.
 */
#define for_each_mapped_page(pt, addr, start, end)				\
	for (unsigned long addr = pgtable_next_mapped((pt), (start), (end));	\
	     addr < (end);							\
	     addr = (addr + PAGE_SIZE) & (PGTABLE_SPAN - 1) ? addr + PAGE_SIZE :	\
		    pgtable_next_mapped((pt), addr + PAGE_SIZE, (end)))

/*
 * Walking a table with a pointer, for the loops over many PTEs (fork,
 * unmap): no lookup from the top per PTE and no TLB maintenance per PTE.
 * pte_entry_t is the backend's table entry (ARM: the hardware entry;
 * host: the pte_t itself), 0 when it maps nothing.
 *  - pgtable_next_entries(pt, &va, end): the entry of va in the first
 *    table at or above va that covers part of [va, end), va moved up to
 *    the table's first address when it was below; NULL when no table
 *    does.  The rest of that table follows the entry in address order, up
 *    to pgtable_span_end(va, end).
 *  - pgtable_entries_alloc(pt, va): the entry of va, allocating its table
 *    when there is none; NULL: -ENOMEM, nothing changed.
 *  - pte_entry_get(e): the PTE; pte_entry_set(e, pte): stores it with none
 *    of set_pte's maintenance.  Only for a PTE that gains no exec and no
 *    new frame, and whose old PTE was not pte_hw_valid, or the caller
 *    calls flush_tlb_mm (or flush_tlb_page) before user code runs or the
 *    old page is freed.  A swap slot must be below SWP_ENTRY_LIMIT.
 *  - flush_tlb_mm(pt): after such writes, they are seen by the MMU, and
 *    nothing of pt is left in the TLB.
 */
pte_entry_t *pgtable_next_entries(struct pgtable *pt, u32 *va, u32 end);
pte_entry_t *pgtable_entries_alloc(struct pgtable *pt, u32 va);
void flush_tlb_mm(struct pgtable *pt);

static inline bool pte_entry_none(pte_entry_t e) { return e == 0; }

/* May the TLB hold it: present, young and readable (the rest fault). */
static inline bool pte_hw_valid(pte_t pte)
{
	return (pte & (PTE_PRESENT | PTE_YOUNG | PTE_READ)) == (PTE_PRESENT | PTE_YOUNG | PTE_READ);
}

/* The end of the table span around va, or end when that comes first. */
static inline u32 pgtable_span_end(u32 va, u32 end)
{
	u32 next = (va | (PGTABLE_SPAN - 1)) + 1;

	return next - 1 < end - 1 ? next : end;
}

/*
 * for (each table covering part of [start, end)): e points at the entry
 * of addr, the first address of the range in that table, and next is
 * where the table or the range ends.  The body may move addr and e.
 */
#define for_each_pgtable_span(pt, e, addr, next, start, end)			\
	for (u32 addr = (start), next = 0;					\
	     addr < (end) && ((e) = pgtable_next_entries((pt), &addr, (end))) &&	\
	     (next = pgtable_span_end(addr, (end)), true);			\
	     addr = next)

/* Bytes of translation tables pt holds now, first level included. */
static inline u32 pgtable_bytes(const struct pgtable *pt) { return pt->nr_bytes; }

/*
 * Shared by the backends (mm/pgtable.c): zeroed tables of any power-of-two
 * size from 512 bytes up, aligned to their size.  A table of a page or
 * more is a block of the page allocator; a smaller one is a fragment of a
 * table page shared with others of the same size (four 1 KiB tables to a
 * page), whose free mask lives in that page's struct page.  Every byte is
 * counted as page tables and in pt->nr_bytes.  Allocation failure: NULL,
 * nothing changed.  Also the CONFIG_DEBUG_VM check that a table about to
 * be freed maps nothing, and the test that a table is empty.
 */
#define PGTABLE_MIN_SIZE	512u
void *pgtable_alloc(struct pgtable *pt, u32 size);
void pgtable_free(struct pgtable *pt, void *table, u32 size);
void pgtable_check_clear(pte_t pte, u32 va);	/* pte: what get_pte read at va */
bool pgtable_ptes_none(const pte_t *ptes, unsigned int n);	/* all n are pte_none */

/* The allocator's counters (meminfo's pgtable.*): fragments and bytes in use. */
struct pgtable_stats {
	u32 fragments;		/* tables smaller than a page, in use */
	u32 fragment_pages;	/* pages cut into fragments */
	u32 bytes;		/* bytes of tables in use, whole pages included */
};
extern struct pgtable_stats pgtable_stats;
void pgtable_cache_init(void);		/* boot, after mem_init */

#endif
