// SPDX-License-Identifier: GPL-2.0-only
/*
 * KTAP tests of the ARM page-table backend through the real MMU: build a
 * user address space, switch to it, and touch it from the kernel with
 * probed accesses (the kernel may access user pages), which return
 * -EFAULT where the hardware refuses.  Execute permission is proved by
 * calling into the page, with a private vector table that turns the
 * prefetch abort of an XN page into -EFAULT.
 */
#include <anvil/ktest.h>
#include <anvil/errno.h>
#include <anvil/mm.h>
#include <anvil/pgtable.h>
#include <anvil/string.h>
#include <asm/cp15.h>
#include <asm/irqflags.h>
#include <asm/memory.h>
#include <asm/uaccess.h>

#define VA	0x00400000u	/* any user address */
#define RW	(PTE_READ | PTE_WRITE | PTE_YOUNG)
#define PGD_BYTES	(16384u >> CONFIG_TTBCR_N)	/* the first-level table */
#define L2_BYTES	1024u				/* one second-level table */

/* A zeroed user page and its frame number; BUG when there is none. */
static u32 *test_page(u32 *pfn)
{
	u32 *p = get_zeroed_page(PAGE_USE_ANON);

	BUG_ON(!p);
	*pfn = __pa(p) >> PAGE_SHIFT;
	return p;
}

static void test_free_page(u32 *p)
{
	free_pages(p, 0);
}

static int read_user(u32 va, u32 *v)
{
	return probe_read_u32(v, (const void *)va);
}

static int write_user(u32 va, u32 v)
{
	return probe_write_u32((void *)va, v);
}

KTEST(pgtable, rw_page_through_mmu)
{
	struct pgtable pt;
	u32 pfn, v = 0, *page = test_page(&pfn);

	KEXPECT(t, page);
	KEXPECT_EQ(t, pgtable_init(&pt), 0);
	KEXPECT_EQ(t, set_pte(&pt, VA + 8, mk_pte(pfn, RW)), 0);
	KEXPECT_EQ(t, get_pte(&pt, VA), mk_pte(pfn, RW));
	switch_pgtable(&pt);
	KEXPECT_EQ(t, write_user(VA + 8, 0xcafe0001), 0);
	KEXPECT_EQ(t, page[2], 0xcafe0001);		/* same frame, kernel's map */
	page[3] = 0x1234;
	KEXPECT_EQ(t, read_user(VA + 12, &v), 0);
	KEXPECT_EQ(t, v, 0x1234);
	switch_pgtable(NULL);				/* no user space: faults */
	KEXPECT_EQ(t, read_user(VA, &v), -EFAULT);
	clear_pte(&pt, VA);
	pgtable_destroy(&pt);
	test_free_page(page);
}

KTEST(pgtable, faults_by_pte_bits)
{
	struct pgtable pt;
	u32 pfn, v, *page = test_page(&pfn);

	KEXPECT_EQ(t, pgtable_init(&pt), 0);
	switch_pgtable(&pt);
	/* Nothing, then a swap entry: not present. */
	KEXPECT_EQ(t, read_user(VA, &v), -EFAULT);
	set_pte(&pt, VA, swp_entry_to_pte((swp_entry_t){ 5 }));
	/* Without CONFIG_SWAP no PTE is a swap entry (the swap paths compile away). */
	KEXPECT_EQ(t, pte_is_swap(get_pte(&pt, VA)), IS_ENABLED(CONFIG_SWAP));
	KEXPECT_EQ(t, read_user(VA, &v), -EFAULT);
	/* Present but old: no access at all, so the fault can set young. */
	set_pte(&pt, VA, mk_pte(pfn, PTE_READ | PTE_WRITE));
	KEXPECT_EQ(t, read_user(VA, &v), -EFAULT);
	/* Young, read-only: reads work, the first write faults. */
	set_pte(&pt, VA, mk_pte(pfn, PTE_READ | PTE_YOUNG));
	KEXPECT_EQ(t, read_user(VA, &v), 0);
	KEXPECT_EQ(t, write_user(VA, 1), -EFAULT);
	/* Writable: now the write goes through. */
	set_pte(&pt, VA, pte_mkwrite(get_pte(&pt, VA)));
	KEXPECT_EQ(t, write_user(VA, 2), 0);
	KEXPECT_EQ(t, page[0], 2);
	/* Write-protected (COW): read only, though the TLB held it writable. */
	set_pte(&pt, VA, pte_wrprotect(get_pte(&pt, VA)));
	KEXPECT_EQ(t, write_user(VA, 3), -EFAULT);
	KEXPECT_EQ(t, read_user(VA, &v), 0);
	KEXPECT_EQ(t, v, 2);
	/* Made old again: the TLB entry must go too. */
	set_pte(&pt, VA, pte_mkold(get_pte(&pt, VA)));
	KEXPECT_EQ(t, read_user(VA, &v), -EFAULT);
	clear_pte(&pt, VA);
	switch_pgtable(NULL);
	pgtable_destroy(&pt);
	test_free_page(page);
}

KTEST(pgtable, clear_and_remap_flush_tlb)
{
	struct pgtable pt;
	u32 pfn1, pfn2, v;
	u32 *p1 = test_page(&pfn1), *p2 = test_page(&pfn2);

	p1[0] = 1;
	p2[0] = 2;
	KEXPECT_EQ(t, pgtable_init(&pt), 0);
	switch_pgtable(&pt);
	set_pte(&pt, VA, mk_pte(pfn1, RW));
	KEXPECT_EQ(t, read_user(VA, &v), 0);		/* now in the TLB */
	KEXPECT_EQ(t, v, 1);
	set_pte(&pt, VA, mk_pte(pfn2, RW));		/* another frame */
	KEXPECT_EQ(t, read_user(VA, &v), 0);
	KEXPECT_EQ(t, v, 2);
	clear_pte(&pt, VA);
	KEXPECT_EQ(t, get_pte(&pt, VA), 0);
	KEXPECT_EQ(t, read_user(VA, &v), -EFAULT);
	switch_pgtable(NULL);
	pgtable_destroy(&pt);
	test_free_page(p1);
	test_free_page(p2);
}

/*
 * Across first-level entries: one 1 KiB second-level table per MiB, so the
 * last page of a MiB and the first of the next need two.
 */
KTEST(pgtable, second_level_boundaries)
{
	static const u32 vas[] = {
		0x000ff000, 0x00100000, 0x001ff000, 0x00200000,
		TASK_SIZE - PAGE_SIZE,
	};
	struct pgtable pt;
	u32 pfn, v, *page = test_page(&pfn);

	KEXPECT_EQ(t, pgtable_init(&pt), 0);
	KEXPECT_EQ(t, pgtable_bytes(&pt), PGD_BYTES);
	for (u32 i = 0; i < ARRAY_SIZE(vas); i++)
		KEXPECT_EQ(t, set_pte(&pt, vas[i], mk_pte(pfn, RW)), 0);
	/* MiB 0, 1, 2 and the top: four second-level tables. */
	KEXPECT_EQ(t, pgtable_bytes(&pt), PGD_BYTES + 4 * L2_BYTES);
	switch_pgtable(&pt);
	for (u32 i = 0; i < ARRAY_SIZE(vas); i++) {
		KEXPECT_EQ(t, write_user(vas[i] + 4 * i, i + 10), 0);
		KEXPECT_EQ(t, page[i], i + 10);
		KEXPECT_EQ(t, read_user(vas[i] + 4 * i, &v), 0);
		KEXPECT_EQ(t, v, i + 10);
	}
	/* Neighbours stay unmapped. */
	KEXPECT_EQ(t, read_user(0x000fe000, &v), -EFAULT);
	KEXPECT_EQ(t, read_user(0x00201000, &v), -EFAULT);
	KEXPECT_EQ(t, get_pte(&pt, 0x00300000), 0);
	for (u32 i = 0; i < ARRAY_SIZE(vas); i++)
		clear_pte(&pt, vas[i]);
	switch_pgtable(NULL);
	pgtable_destroy(&pt);
	KEXPECT_EQ(t, pgtable_bytes(&pt), 0);
	test_free_page(page);
}

/*
 * A vector table for exec_and_xn: every exception goes to the kernel's
 * vectors, except a prefetch abort, which returns -EFAULT from the call
 * that jumped to the faulting page (lr of SVC mode still holds its return).
 */
extern const char vectors[], xn_vectors[];
__asm__(
"	.pushsection .text\n"
"	.arm\n"
"	.balign	32\n"
"xn_vectors:\n"
"	ldr	pc, =vectors + 0\n"
"	ldr	pc, =vectors + 4\n"
"	ldr	pc, =vectors + 8\n"
"	b	xn_pabort\n"
"	ldr	pc, =vectors + 16\n"
"	ldr	pc, =vectors + 20\n"
"	ldr	pc, =vectors + 24\n"
"	ldr	pc, =vectors + 28\n"
"xn_pabort:\n"
"	adr	lr, xn_efault\n"
"	movs	pc, lr\n"			/* back to SVC mode, at xn_efault */
"xn_efault:\n"
"	mvn	r0, #13\n"			/* -EFAULT */
"	bx	lr\n"
"	.ltorg\n"
"	.popsection\n");

static int call_user(u32 va)
{
	unsigned long flags = local_irq_save();
	int ret;

	write_vbar((u32)xn_vectors);
	isb();
	ret = ((int (*)(void))va)();
	write_vbar((u32)vectors);
	isb();
	local_irq_restore(flags);
	return ret;
}

KTEST(pgtable, exec_and_xn)
{
	struct pgtable pt;
	u32 pfn, *page = test_page(&pfn);

	page[0] = 0xe3a0002a;			/* mov r0, #42 */
	page[1] = 0xe12fff1e;			/* bx lr */
	/* Clean the words to the point of unification, drop stale instructions. */
	__asm__ __volatile__("mcr p15, 0, %0, c7, c11, 1" :: "r"(page) : "memory");
	dsb();
	write_iciallu(0);
	write_bpiall(0);
	dsb();
	isb();
	KEXPECT_EQ(t, pgtable_init(&pt), 0);
	set_pte(&pt, VA, mk_pte(pfn, PTE_READ | PTE_EXEC | PTE_YOUNG));
	switch_pgtable(&pt);
	KEXPECT_EQ(t, call_user(VA), 42);
	set_pte(&pt, VA, mk_pte(pfn, PTE_READ | PTE_YOUNG));	/* XN */
	KEXPECT_EQ(t, call_user(VA), -EFAULT);
	set_pte(&pt, VA, mk_pte(pfn, PTE_READ | PTE_EXEC));	/* old: not even exec */
	KEXPECT_EQ(t, call_user(VA), -EFAULT);
	clear_pte(&pt, VA);
	switch_pgtable(NULL);
	pgtable_destroy(&pt);
	test_free_page(page);
}

/*
 * set_pte does the I-cache maintenance when a page gains exec or a new
 * frame with exec, and only then.  Words written through the kernel's map
 * with no maintenance of our own run once the PTE says exec.
 */
KTEST(pgtable, exec_gain_syncs_icache)
{
	struct pgtable pt;
	u32 pfn, pfn2, *page = test_page(&pfn), *page2 = test_page(&pfn2);
	u32 syncs = pgtable_icache_syncs;

	page[0] = 0xe3a00007;			/* mov r0, #7 */
	page[1] = 0xe12fff1e;			/* bx lr */
	page2[0] = 0xe3a00009;			/* mov r0, #9 */
	page2[1] = 0xe12fff1e;
	KEXPECT_EQ(t, pgtable_init(&pt), 0);
	set_pte(&pt, VA, mk_pte(pfn, PTE_READ | PTE_WRITE | PTE_YOUNG));
	KEXPECT_EQ(t, pgtable_icache_syncs, syncs);		/* not exec: nothing */
	set_pte(&pt, VA, mk_pte(pfn, PTE_READ | PTE_EXEC | PTE_YOUNG));
	KEXPECT_EQ(t, pgtable_icache_syncs, syncs + 1);	/* gains exec */
	switch_pgtable(&pt);
	KEXPECT_EQ(t, call_user(VA), 7);
	set_pte(&pt, VA, mk_pte(pfn, PTE_READ | PTE_EXEC | PTE_YOUNG));
	KEXPECT_EQ(t, pgtable_icache_syncs, syncs + 1);	/* same page, still exec */
	set_pte(&pt, VA, mk_pte(pfn2, PTE_READ | PTE_EXEC | PTE_YOUNG));
	KEXPECT_EQ(t, pgtable_icache_syncs, syncs + 2);	/* a new frame */
	KEXPECT_EQ(t, call_user(VA), 9);
	clear_pte(&pt, VA);
	switch_pgtable(NULL);
	pgtable_destroy(&pt);
	test_free_page(page);
	test_free_page(page2);
}

/*
 * pgtable_free_empty: a second-level table goes once nothing in its MiB
 * is mapped, and a later set_pte there walks a fresh one (the walk caches
 * must not keep the old first-level entry).
 */
KTEST(pgtable, free_empty_tables)
{
	struct pgtable pt;
	const u32 l1 = PGD_BYTES, l2 = L2_BYTES;
	u32 pfn1, pfn2, v = 0, *p1 = test_page(&pfn1), *p2 = test_page(&pfn2);

	p1[0] = 1;
	p2[0] = 2;
	KEXPECT_EQ(t, pgtable_init(&pt), 0);
	set_pte(&pt, 0x001ff000, mk_pte(pfn1, RW));
	set_pte(&pt, 0x00200000, mk_pte(pfn1, RW));
	KEXPECT_EQ(t, pgtable_bytes(&pt), l1 + 2 * l2);
	switch_pgtable(&pt);
	KEXPECT_EQ(t, read_user(0x001ff000, &v), 0);
	KEXPECT_EQ(t, read_user(0x00200000, &v), 0);
	KEXPECT_EQ(t, pgtable_free_empty(&pt, 0, TASK_SIZE), 0);	/* both in use */
	clear_pte(&pt, 0x001ff000);
	KEXPECT_EQ(t, pgtable_free_empty(&pt, 0x001ff000, 0x00200000), 1);
	KEXPECT_EQ(t, pgtable_bytes(&pt), l1 + l2);
	KEXPECT_EQ(t, read_user(0x001ff000, &v), -EFAULT);
	KEXPECT_EQ(t, read_user(0x00200000, &v), 0);
	KEXPECT_EQ(t, v, 1);
	/* Back with another frame: the new table is walked. */
	set_pte(&pt, 0x001ff000, mk_pte(pfn2, RW));
	KEXPECT_EQ(t, read_user(0x001ff000, &v), 0);
	KEXPECT_EQ(t, v, 2);
	clear_pte(&pt, 0x001ff000);
	clear_pte(&pt, 0x00200000);
	KEXPECT_EQ(t, pgtable_free_empty(&pt, 0, TASK_SIZE), 2);
	KEXPECT_EQ(t, pgtable_bytes(&pt), l1);
	switch_pgtable(NULL);
	pgtable_destroy(&pt);
	test_free_page(p1);
	test_free_page(p2);
}

/*
 * Every PTE state goes into the hardware entry and comes back the same,
 * and the MMU does with it what <anvil/pgtable.h> says: a young readable
 * page maps (writable only with write), everything else faults.  Swap
 * entries of the smallest and the largest slot, and a frame number with
 * every bit set, sit in invalid entries.
 */
KTEST(pgtable, every_state_round_trips)
{
	static const struct {
		u32 prot;		/* for mk_pte; ~0u: a swap entry */
		u32 slot;
		bool read, write;	/* what the MMU allows */
	} states[] = {
		{ PTE_READ | PTE_YOUNG, 0, true, false },			/* read-only */
		{ PTE_READ | PTE_WRITE | PTE_YOUNG, 0, true, true },		/* writable */
		{ PTE_READ | PTE_EXEC | PTE_YOUNG, 0, true, false },		/* exec */
		{ PTE_READ | PTE_WRITE | PTE_EXEC | PTE_YOUNG, 0, true, true },
		{ PTE_READ, 0, false, false },					/* old */
		{ PTE_READ | PTE_WRITE, 0, false, false },			/* old, writable */
		{ PTE_READ | PTE_WRITE | PTE_EXEC, 0, false, false },
		{ PTE_READ | PTE_EXEC, 0, false, false },
		{ PTE_YOUNG, 0, false, false },					/* PROT_NONE */
		{ 0, 0, false, false },						/* PROT_NONE, old */
		{ ~0u, 1, false, false },					/* swap entries */
		{ ~0u, 0x12345, false, false },
		{ ~0u, SWP_ENTRY_LIMIT - 1, false, false },
	};
	struct pgtable pt;
	u32 pfn, v, *page = test_page(&pfn);

	KEXPECT_EQ(t, pgtable_init(&pt), 0);
	switch_pgtable(&pt);
	for (u32 i = 0; i < ARRAY_SIZE(states); i++) {
		pte_t pte = states[i].prot == ~0u ?
			swp_entry_to_pte((swp_entry_t){ states[i].slot }) : mk_pte(pfn, states[i].prot);
		pte_t top = states[i].prot == ~0u ? pte : mk_pte(0xfffff, states[i].prot);

		page[0] = i;
		KEXPECT_EQ(t, set_pte(&pt, VA, pte), 0);
		KEXPECT_EQ(t, get_pte(&pt, VA), pte);
		KEXPECT_EQ(t, read_user(VA, &v), states[i].read ? 0 : -EFAULT);
		if (states[i].read)
			KEXPECT_EQ(t, v, i);
		KEXPECT_EQ(t, write_user(VA, 100 + i), states[i].write ? 0 : -EFAULT);
		KEXPECT_EQ(t, page[0], states[i].write ? 100 + i : i);
		/* Without CONFIG_SWAP no PTE is a swap entry (the swap paths compile away). */
		if (states[i].prot == ~0u && IS_ENABLED(CONFIG_SWAP)) {
			KEXPECT(t, pte_is_swap(get_pte(&pt, VA)));
			KEXPECT_EQ(t, pte_to_swp_entry(get_pte(&pt, VA)).val, states[i].slot);
		}
		/* The same state with the largest frame number, never accessed. */
		clear_pte(&pt, VA);
		KEXPECT_EQ(t, get_pte(&pt, VA), 0);			/* empty */
		if (!states[i].read) {
			KEXPECT_EQ(t, set_pte(&pt, VA + PAGE_SIZE, top), 0);
			KEXPECT_EQ(t, get_pte(&pt, VA + PAGE_SIZE), top);
			clear_pte(&pt, VA + PAGE_SIZE);
		}
	}
	/* The canonical forms of <anvil/pgtable.h> are what makes this possible. */
	KEXPECT_EQ(t, mk_pte(pfn, PTE_WRITE | PTE_YOUNG), mk_pte(pfn, RW));
	KEXPECT_EQ(t, get_pte(&pt, VA + 2 * PAGE_SIZE), 0);	/* never set */
	switch_pgtable(NULL);
	pgtable_destroy(&pt);
	test_free_page(page);
}

/* Two address spaces, one va, two frames: each sees its own, no TLBIALL. */
KTEST(pgtable, asids_keep_spaces_apart)
{
	struct pgtable a, b;
	u32 pfa, pfb, v;
	u32 *pa = test_page(&pfa), *pb = test_page(&pfb);
	u64 gen;

	pa[0] = 0xaaaa;
	pb[0] = 0xbbbb;
	KEXPECT_EQ(t, pgtable_init(&a), 0);
	KEXPECT_EQ(t, pgtable_init(&b), 0);
	set_pte(&a, VA, mk_pte(pfa, RW));
	set_pte(&b, VA, mk_pte(pfb, RW));
	/* Give both an ASID of the current generation first. */
	switch_pgtable(&a);
	switch_pgtable(&b);
	switch_pgtable(&a);
	gen = asid_generation;
	KEXPECT(t, pgtable_asid(&a) != pgtable_asid(&b));
	for (int i = 0; i < 4; i++) {
		switch_pgtable(&a);
		KEXPECT_EQ(t, read_user(VA, &v), 0);	/* fills the TLB with a's entry */
		KEXPECT_EQ(t, v, 0xaaaa);
		switch_pgtable(&b);
		KEXPECT_EQ(t, read_user(VA, &v), 0);
		KEXPECT_EQ(t, v, 0xbbbb);
	}
	KEXPECT_EQ(t, asid_generation, gen);
	/* Changing b's PTE while a runs flushes b's entry by b's ASID. */
	switch_pgtable(&a);
	set_pte(&b, VA, mk_pte(pfa, RW));
	switch_pgtable(&b);
	KEXPECT_EQ(t, read_user(VA, &v), 0);
	KEXPECT_EQ(t, v, 0xaaaa);
	clear_pte(&a, VA);
	clear_pte(&b, VA);
	switch_pgtable(NULL);
	pgtable_destroy(&a);
	pgtable_destroy(&b);
	test_free_page(pa);
	test_free_page(pb);
}

/* More address spaces than ASIDs: the generation rolls over and all still works. */
KTEST(pgtable, asid_rollover)
{
	struct pgtable keep, pt;
	u32 pfk, pfn, v;
	u32 *pk = test_page(&pfk), *page = test_page(&pfn);
	u64 gen;

	pk[0] = 0x600d;
	KEXPECT_EQ(t, pgtable_init(&keep), 0);
	set_pte(&keep, VA, mk_pte(pfk, RW));
	switch_pgtable(&keep);
	KEXPECT_EQ(t, read_user(VA, &v), 0);
	gen = asid_generation;
	for (u32 i = 0; i < 300; i++) {
		if (pgtable_init(&pt)) {
			KEXPECT(t, !"pgtable_init failed");
			break;
		}
		page[0] = i;
		set_pte(&pt, VA, mk_pte(pfn, RW));
		switch_pgtable(&pt);
		KEXPECT_EQ(t, read_user(VA, &v), 0);
		KEXPECT_EQ(t, v, i);
		switch_pgtable(NULL);
		clear_pte(&pt, VA);
		pgtable_destroy(&pt);
	}
	KEXPECT(t, asid_generation > gen);
	switch_pgtable(&keep);				/* takes a new ASID */
	KEXPECT_EQ(t, pgtable_asid(&keep) != 0, 1);
	KEXPECT_EQ(t, read_user(VA, &v), 0);
	KEXPECT_EQ(t, v, 0x600d);
	clear_pte(&keep, VA);
	switch_pgtable(NULL);
	pgtable_destroy(&keep);
	test_free_page(pk);
	test_free_page(page);
}
