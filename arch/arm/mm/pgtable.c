// SPDX-License-Identifier: GPL-2.0-only
/*
 * The page-table API (<anvil/pgtable.h>) on ARMv7 short descriptors: each
 * address space's translation tables, its ASID, and the TLB maintenance
 * that goes with them.  The kernel's own table (swapper_pg_dir, TTBR1) is
 * arch/arm/mm/mmu.c's; this file writes only TTBR0 and CONTEXTIDR.
 *
 * First level: 16 KiB >> TTBCR.N (4 KiB for 1 GiB of user space, 512
 * bytes for 128 MiB), from the table allocator of mm/pgtable.c, which
 * aligns it to its size as TTBR0 needs.
 *
 * Second level: one 1 KiB hardware table of 256 entries per MiB, nothing
 * else (four of them share a page: mm/pgtable.c's fragments).  There is
 * no software copy: each pte_t of <anvil/pgtable.h> is encoded in its
 * hardware entry and decoded back by get_pte.  Three kinds of entry:
 *
 *   valid small page (bits 1:0 = 1x): a present, young, accessible PTE
 *	31          12 11 10  9  8  6  5  4  3  2  1  0
 *	[     pfn     ][nG][S][AP2][TEX][AP ][C][B][1][XN]
 *	    nG=1, S=0, TEX=001 C=B=1 (write-back), AP=11 (user);
 *	    AP2=1: read-only (no write), XN=1: no exec.
 *	Decoded: present young read, write when AP2=0, exec when XN=0.
 *
 *   invalid, page kept (bits 1:0 = 00, bit 2 = 1): a present PTE the MMU
 *   must not walk through: old (accessed bit clear) or PROT_NONE
 *	31          12 11   7     6    5     4    3    2  1 0
 *	[     pfn     ][ 0  ][young|exec|write|read][1][0 0]
 *	    the software flags, shifted left by two.
 *
 *   invalid, swap entry (bits 2:0 = 000, entry != 0)
 *	31                                         3  2  1 0
 *	[             swap slot (29 bits)            ][0][0 0]
 *
 *   and 0: none.  The walker ignores everything above bits 1:0 of an
 * invalid entry (ARM ARM B3.5.1), so those bits are ours.  This works
 * because a PTE holds only what an entry can carry (<anvil/pgtable.h>):
 * read comes with write or exec, a slot is below
 * SWP_ENTRY_LIMIT.  Table walks read through the caches (TTBR_FLAGS:
 * inner write-back), so a dsb is all it takes for the walker to see a
 * table write.
 *
 * ASIDs: 8 bits; 0 is reserved for "no user space" and never tags an
 * entry, 1..255 are handed out in order within a generation.  When they
 * run out the generation goes up, the whole TLB is flushed once, and every
 * address space takes a new ASID the next time it is switched to.  Single
 * core: switch_pgtable runs with interrupts off (the scheduler's job).
 */
#include <anvil/kernel.h>
#include <anvil/errno.h>
#include <anvil/pgtable.h>
#include <anvil/string.h>
#include <asm/cacheflush.h>
#include <asm/cp15.h>
#include <asm/memory.h>
#include <asm/mmu.h>
#include <asm/pgtable-hwdef.h>

#define PGD_SIZE	(L1_TABLE_SIZE >> CONFIG_TTBCR_N)
#define PGD_ENTRIES	(L1_ENTRIES >> CONFIG_TTBCR_N)
#define L2_ENTRIES	256				/* one MiB of small pages */
#define L2_SIZE		(L2_ENTRIES * 4)		/* 1 KiB, aligned to 1 KiB */
#define L1_TABLE_ADDR	0xfffffc00u			/* a first-level entry's table address */

SIZE_ASSERT(struct pgtable, 16);
BUILD_BUG_ON(PTE_PFN_SHIFT != PAGE_SHIFT);
BUILD_BUG_ON(PGD_SIZE < PGTABLE_MIN_SIZE);
BUILD_BUG_ON(TASK_SIZE != (u64)PGD_ENTRIES * SECTION_SIZE);
BUILD_BUG_ON((PTE_FLAGS_MASK << L2_KEEP_SHIFT) & ~0xffcu);	/* clear of pfn and bits 1:0 */
BUILD_BUG_ON(((SWP_ENTRY_LIMIT - 1ull) << L2_SWAP_SHIFT) > 0xffffffffull);

u64 asid_generation = 1 << 8;
static u32 next_asid = 1;
static struct pgtable *active;	/* the one in TTBR0, or NULL */

/* The hardware entry of pte (the picture at the top; the encoding is <asm/pgtable.h>'s). */
static u32 pte_to_hw(pte_t pte)
{
	BUG_ON(pte_is_swap(pte) && pte_to_swp_entry(pte).val >= SWP_ENTRY_LIMIT);
	return pte_to_entry(pte);
}

static pte_t hw_to_pte(u32 hw)
{
	return pte_entry_get(&hw);
}

/* The second-level table of the MiB around va, or NULL when there is none. */
static u32 *l2_table(struct pgtable *pt, u32 va)
{
	u32 l1 = pt->pgd[va >> SECTION_SHIFT];

	if ((l1 & 3) != L1_TYPE_TABLE)
		return NULL;
	return __va(l1 & L1_TABLE_ADDR);
}

static inline u32 l2_index(u32 va)
{
	return (va >> PAGE_SHIFT) & (L2_ENTRIES - 1);
}

static bool asid_live(const struct pgtable *pt)
{
	return (pt->asid & ~0xffull) == asid_generation;
}

int pgtable_init(struct pgtable *pt)
{
	struct pgtable new = { 0 };

	new.pgd = pgtable_alloc(&new, PGD_SIZE);
	if (!new.pgd)
		return -ENOMEM;
	BUG_ON(__pa(new.pgd) & (PGD_SIZE - 1));	/* TTBR0 needs it */
	*pt = new;
	return 0;
}

void pgtable_destroy(struct pgtable *pt)
{
	if (active == pt)
		switch_pgtable(NULL);
	for (u32 i = 0; i < PGD_ENTRIES; i++) {
		u32 va = i << SECTION_SHIFT, *l2 = l2_table(pt, va);

		if (!l2)
			continue;
		if (IS_ENABLED(CONFIG_DEBUG_VM))
			for (u32 j = 0; j < L2_ENTRIES; j++)
				pgtable_check_clear(hw_to_pte(l2[j]), va + (j << PAGE_SHIFT));
		pgtable_free(pt, l2, L2_SIZE);
	}
	/* Drop whatever the TLB and walk caches still hold for the ASID. */
	if (asid_live(pt)) {
		dsb();
		write_tlbiasid(pgtable_asid(pt));
		dsb();
		isb();
	}
	pgtable_free(pt, pt->pgd, PGD_SIZE);
	pt->pgd = NULL;
	BUG_ON(pt->nr_bytes);
}

/*
 * A page that becomes executable may hold instructions just written
 * through the data side (by the process itself before mprotect, by a copy
 * on write, by the kernel): clean it to the point of unification and drop
 * stale instructions before the hardware may fetch from it, as Linux does
 * in set_pte_at.  Only when the mapping gains exec or a new frame: a
 * young or write update of an executable page needs nothing.  The page is
 * reached through the kernel's linear map, so any address space will do.
 */
u32 pgtable_icache_syncs;

static void sync_icache(u32 old, u32 hw)
{
	u32 kva;

	if (!hw || (hw & L2_XN))
		return;
	if (old && !(old & L2_XN) && (old & PAGE_MASK) == (hw & PAGE_MASK))
		return;
	kva = (u32)__va(hw & PAGE_MASK);
	flush_icache_range(kva, kva + PAGE_SIZE);
	pgtable_icache_syncs++;
}

/* A new table for the MiB around va, which has none; NULL: -ENOMEM. */
static u32 *l2_table_new(struct pgtable *pt, u32 va)
{
	u32 *l2 = pgtable_alloc(pt, L2_SIZE);

	if (!l2)
		return NULL;
	/* domain 0: client; no flush: an invalid entry is never cached */
	pt->pgd[va >> SECTION_SHIFT] = __pa(l2) | L1_TYPE_TABLE;
	return l2;
}

int set_pte(struct pgtable *pt, u32 va, pte_t pte)
{
	u32 *l2, old, hw, i = l2_index(va);

	BUG_ON(va >= TASK_SIZE);
	l2 = l2_table(pt, va);
	if (!l2) {
		if (!pte)
			return 0;
		l2 = l2_table_new(pt, va);
		if (!l2)
			return -ENOMEM;
	}
	old = l2[i];
	hw = pte_to_hw(pte);
	sync_icache(old & L2_SMALL ? old : 0, hw & L2_SMALL ? hw : 0);
	l2[i] = hw;
	/* Only a valid entry can be in the TLB: only replacing one needs a flush. */
	if (old & L2_SMALL)
		flush_tlb_page(pt, va);
	else {
		dsb();
		isb();
	}
	return 0;
}

pte_t get_pte(struct pgtable *pt, u32 va)
{
	u32 *l2 = va < TASK_SIZE ? l2_table(pt, va) : NULL;

	return l2 ? hw_to_pte(l2[l2_index(va)]) : 0;
}

void clear_pte(struct pgtable *pt, u32 va)
{
	u32 *l2 = va < TASK_SIZE ? l2_table(pt, va) : NULL;
	u32 old, i = l2_index(va);

	if (!l2)
		return;
	old = l2[i];
	l2[i] = 0;
	if (old & L2_SMALL)
		flush_tlb_page(pt, va);
}

pte_entry_t *pgtable_entries_alloc(struct pgtable *pt, u32 va)
{
	u32 *l2;

	BUG_ON(va >= TASK_SIZE);
	l2 = l2_table(pt, va);
	if (!l2)
		l2 = l2_table_new(pt, va);
	return l2 ? &l2[l2_index(va)] : NULL;
}

/* The first table at or above *va and below end (moving *va to it), or NULL. */
static u32 *l2_next(struct pgtable *pt, u32 *va, u32 end)
{
	u32 *l2;

	end = min(end, (u32)TASK_SIZE);
	for (u32 a = *va; a < end; a = (a & SECTION_MASK) + SECTION_SIZE) {
		l2 = l2_table(pt, a);
		if (l2) {
			*va = a;
			return l2;
		}
		if (((a & SECTION_MASK) + SECTION_SIZE) <= a)	/* wrapped past the top */
			break;
	}
	return NULL;
}

pte_entry_t *pgtable_next_entries(struct pgtable *pt, u32 *va, u32 end)
{
	u32 *l2 = l2_next(pt, va, end);

	return l2 ? &l2[l2_index(*va)] : NULL;
}

u32 pgtable_next_mapped(struct pgtable *pt, u32 va, u32 end)
{
	return l2_next(pt, &va, end) ? va : min(end, (u32)TASK_SIZE);
}

/*
 * A first-level entry goes before its table: the flush by address also
 * drops what the walk caches hold of the old entry (ARM ARM B3.10.1), and
 * an ASID that is not live has nothing cached anywhere.
 */
u32 pgtable_free_empty(struct pgtable *pt, u32 start, u32 end)
{
	u32 freed = 0;

	end = min(end, (u32)TASK_SIZE);
	for (u32 j = start >> SECTION_SHIFT; start < end && j < PGD_ENTRIES &&
	     (j << SECTION_SHIFT) < end; j++) {
		u32 va = j << SECTION_SHIFT, *l2 = l2_table(pt, va);

		if (!l2 || !pgtable_ptes_none(l2, L2_ENTRIES))
			continue;
		pt->pgd[j] = 0;
		flush_tlb_page(pt, va);
		pgtable_free(pt, l2, L2_SIZE);
		freed++;
	}
	return freed;
}

/* dsb: the table write reaches the walker before the invalidate. */
void flush_tlb_page(struct pgtable *pt, u32 va)
{
	/* Not switched to in this generation: the TLB holds nothing of it. */
	if (!asid_live(pt))
		return;
	dsb();
	write_tlbimva((va & PAGE_MASK) | pgtable_asid(pt));
	write_bpiall(0);
	dsb();
	isb();
}

/*
 * After entries written with pte_entry_set: the table writes reach the
 * walker, and one invalidate by ASID drops every entry of the address
 * space (none at all when it is not live) instead of one per page.
 */
void flush_tlb_mm(struct pgtable *pt)
{
	dsb();
	if (asid_live(pt)) {
		write_tlbiasid(pgtable_asid(pt));
		write_bpiall(0);
		dsb();
	}
	isb();
}

static void new_asid(struct pgtable *pt)
{
	if (next_asid > 0xff) {
		/* Every ASID of the old generation may be in the TLB. */
		asid_generation += 1 << 8;
		next_asid = 1;
		dsb();
		write_tlbiall(0);
		dsb();
		isb();
	}
	pt->asid = asid_generation | next_asid++;
}

/*
 * ARM ARM B3.10.4: the CPU must never walk the old table with the new ASID
 * or the new table with the old one, or the TLB would keep entries under
 * the wrong tag.  So TTBR0 first points at a table that maps no user
 * address (swapper_pg_dir: its entries below PAGE_OFFSET are all faults),
 * then the ASID changes, then TTBR0 takes the new table, each step
 * synchronised by an isb.  (TTBCR.PD0 would stop the walks too, but it
 * exists only with the Security Extensions, which QEMU's virt lacks.)
 * ASID 0 stays with the empty table: it never tags an entry.
 */
void switch_pgtable(struct pgtable *pt)
{
	if (pt == active && (!pt || asid_live(pt)))
		return;
	write_ttbr0(__pa(swapper_pg_dir) | TTBR_FLAGS);
	isb();
	active = pt;
	if (pt && !asid_live(pt))
		new_asid(pt);
	write_contextidr(pt ? pgtable_asid(pt) : 0);
	isb();
	if (pt) {
		write_ttbr0(__pa(pt->pgd) | TTBR_FLAGS);
		isb();
	}
	write_bpiall(0);
	dsb();
	isb();
}
