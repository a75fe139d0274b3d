// SPDX-License-Identifier: GPL-2.0-only
/*
 * The page-table API (<anvil/pgtable.h>) on ARMv7 short descriptors: each
 * address space's translation tables, its ASID, and the TLB maintenance
 * that goes with them.  The kernel's own table (swapper_pg_dir, TTBR1) is
 * arch/arm/mm/mmu.c's; this file writes only TTBR0 and CONTEXTIDR.
 *
 * First level: 16 KiB >> TTBCR.N (4 KiB for 1 GiB of user space), one page
 * or an order-1 block from the page allocator, which aligns it to its size.
 *
 * Second level: one 4 KiB page covers 2 MiB, two consecutive first-level
 * entries.  It holds the two 1 KiB hardware tables and, above them, the
 * two software tables of pte_t that mm/ reads:
 *
 *	   0  hardware PTEs of the even MiB	(256 x 4 bytes)
 *	1024  hardware PTEs of the odd MiB
 *	2048  software PTEs of the even MiB
 *	3072  software PTEs of the odd MiB
 *
 * so index (va >> 12) & 511 finds the hardware entry, and 512 more the
 * software one.  The hardware entry is computed from the software one
 * (hw_pte) and is never read back: the accessed and dirty bits live only
 * in software and are kept true by taking faults (see <anvil/pgtable.h>).
 * Table walks read through the caches (TTBR_FLAGS: inner write-back), so a
 * dsb is all it takes for the walker to see a table write.
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

/* Small-page descriptor bits (ARM ARM B3.5.1). */
#define L2_XN		(1u << 0)
#define L2_SMALL	(1u << 1)
#define L2_B		(1u << 2)
#define L2_C		(1u << 3)
#define L2_AP_USER	(3u << 4)	/* AP[1:0] = 11: user access */
#define L2_TEX1		(1u << 6)	/* TEX = 001: with C, B: normal write-back */
#define L2_AP2		(1u << 9)	/* with AP = 11: read-only for all */
#define L2_NG		(1u << 11)	/* not global: tagged with the ASID */

#define PGD_SIZE	(L1_TABLE_SIZE >> CONFIG_TTBCR_N)
#define PGD_ORDER	(2 - CONFIG_TTBCR_N)		/* log2(PGD_SIZE / PAGE_SIZE) */
#define PGD_ENTRIES	(L1_ENTRIES >> CONFIG_TTBCR_N)
#define L2_HW_SIZE	1024				/* one MiB of hardware PTEs */
#define L2_SW		512				/* software PTEs' index in the page */

SIZE_ASSERT(struct pgtable, 16);
BUILD_BUG_ON(PTE_PFN_SHIFT != PAGE_SHIFT);
BUILD_BUG_ON(PGD_SIZE != (PAGE_SIZE << PGD_ORDER));
BUILD_BUG_ON(TASK_SIZE != (u64)PGD_ENTRIES * SECTION_SIZE);

u64 asid_generation = 1 << 8;
static u32 next_asid = 1;
static struct pgtable *active;	/* the one in TTBR0, or NULL */

/*
 * Normal write-back memory like the kernel's linear map (also not
 * shareable: mismatched aliases lose coherency), user access, per ASID.
 * No mapping at all until young; read-only until dirty.
 */
static u32 hw_pte(pte_t pte)
{
	u32 hw;

	if (!pte_present(pte) || !pte_young(pte) || !pte_prot(pte))
		return 0;
	hw = (pte & PAGE_MASK) | L2_SMALL | L2_B | L2_C | L2_TEX1 | L2_AP_USER | L2_NG;
	if (!pte_write(pte) || !pte_dirty(pte))
		hw |= L2_AP2;
	if (!pte_exec(pte))
		hw |= L2_XN;
	return hw;
}

/* The second-level page of the 2 MiB around va, or NULL when there is none. */
static u32 *l2_page(struct pgtable *pt, u32 va)
{
	u32 l1 = pt->pgd[va >> SECTION_SHIFT];

	if ((l1 & 3) != L1_TYPE_TABLE)
		return NULL;
	return __va(l1 & PAGE_MASK);
}

static inline u32 l2_index(u32 va)
{
	return (va >> PAGE_SHIFT) & (L2_SW - 1);
}

static bool asid_live(const struct pgtable *pt)
{
	return (pt->asid & ~0xffull) == asid_generation;
}

int pgtable_init(struct pgtable *pt)
{
	struct pgtable new = { 0 };

	new.pgd = pgtable_alloc_pages(&new, PGD_ORDER);
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
	/* Both entries of a pair point into one page: visit the even ones. */
	for (u32 i = 0; i < PGD_ENTRIES; i += 2) {
		u32 *l2 = l2_page(pt, i << SECTION_SHIFT);

		if (!l2)
			continue;
		pgtable_check_clear(l2 + L2_SW, L2_SW, i << SECTION_SHIFT);
		pgtable_free_pages(pt, l2, 0);
	}
	/* Drop whatever the TLB and walk caches still hold for the ASID. */
	if (asid_live(pt)) {
		dsb();
		write_tlbiasid(pgtable_asid(pt));
		dsb();
		isb();
	}
	pgtable_free_pages(pt, pt->pgd, PGD_ORDER);
	pt->pgd = NULL;
	BUG_ON(pt->nr_pages);
}

/*
 * A page that becomes executable may hold instructions just written
 * through the data side (by the process itself before mprotect, by a copy
 * on write, by the kernel): clean it to the point of unification and drop
 * stale instructions before the hardware may fetch from it, as Linux does
 * in set_pte_at.  Only when the mapping gains exec or a new frame: a
 * young or dirty update of an executable page needs nothing.  The page is
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

int set_pte(struct pgtable *pt, u32 va, pte_t pte)
{
	u32 *l2, old, hw, i = l2_index(va);

	BUG_ON(va >= TASK_SIZE);
	l2 = l2_page(pt, va);
	if (!l2) {
		u32 pa, j = (va >> SECTION_SHIFT) & ~1u;

		if (!pte)
			return 0;
		l2 = pgtable_alloc_pages(pt, 0);
		if (!l2)
			return -ENOMEM;
		pa = __pa(l2);
		pt->pgd[j] = pa | L1_TYPE_TABLE;	/* domain 0: client */
		pt->pgd[j + 1] = (pa + L2_HW_SIZE) | L1_TYPE_TABLE;
	}
	old = l2[i];
	hw = hw_pte(pte);
	sync_icache(old, hw);
	l2[L2_SW + i] = pte;
	l2[i] = hw;
	/* A faulting entry is never in the TLB: only a valid one needs a flush. */
	if (old)
		flush_tlb_page(pt, va);
	else {
		dsb();
		isb();
	}
	return 0;
}

pte_t get_pte(struct pgtable *pt, u32 va)
{
	u32 *l2 = va < TASK_SIZE ? l2_page(pt, va) : NULL;

	return l2 ? l2[L2_SW + l2_index(va)] : 0;
}

void clear_pte(struct pgtable *pt, u32 va)
{
	u32 *l2 = va < TASK_SIZE ? l2_page(pt, va) : NULL;
	u32 old, i = l2_index(va);

	if (!l2)
		return;
	old = l2[i];
	l2[L2_SW + i] = 0;
	l2[i] = 0;
	if (old)
		flush_tlb_page(pt, va);
}

/*
 * A pair of first-level entries goes before its page: the flushes by
 * address also drop what the walk caches hold of the old entries (ARM ARM
 * B3.10.1), and an ASID that is not live has nothing cached anywhere.
 */
u32 pgtable_free_empty(struct pgtable *pt, u32 start, u32 end)
{
	u32 freed = 0;

	end = min(end, (u32)TASK_SIZE);
	for (u32 j = (start >> SECTION_SHIFT) & ~1u; start < end && j < PGD_ENTRIES &&
	     (j << SECTION_SHIFT) < end; j += 2) {
		u32 va = j << SECTION_SHIFT, *l2 = l2_page(pt, va);

		if (!l2 || !pgtable_ptes_none(l2 + L2_SW, L2_SW))
			continue;
		pt->pgd[j] = 0;
		pt->pgd[j + 1] = 0;
		flush_tlb_page(pt, va);
		flush_tlb_page(pt, va + SECTION_SIZE);
		pgtable_free_pages(pt, l2, 0);
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
