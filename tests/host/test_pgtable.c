// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host tests of the page-table API (<anvil/pgtable.h>) through the plain-C
 * backend (pgtable_host.c) and mm/pgtable.c: the PTE helpers, set/get/clear
 * across table boundaries, -ENOMEM that changes nothing, teardown that
 * gives every page back, the CONFIG_DEBUG_VM teardown check, freeing
 * empty tables early (directly, after munmap, after a failed mremap move),
 * and a seeded random sequence checked against an array.
 */
#include <stdlib.h>
#include <anvil/kernel.h>
#include <anvil/errno.h>
#include <anvil/fault.h>
#include <anvil/fault_inject.h>
#include <anvil/mm.h>
#include <anvil/pgtable.h>
#include <anvil/vma.h>
#include <uapi/anvil/mman.h>
#include "test.h"

#define RW	(PTE_READ | PTE_WRITE | PTE_YOUNG)
#define DIR_BYTES	((TASK_SIZE >> 20) * sizeof(pte_t *))	/* the host's first level */
#define TBL		1024u					/* one second-level table */

static u32 table_pages(void)
{
	return nr_pages_by_use(PAGE_USE_PGTABLE);
}

/* Pages of the first level: the rest of a table page count is fragment pages. */
static u32 dir_pages(void)
{
	return DIV_ROUND_UP(DIR_BYTES, PAGE_SIZE);
}

TEST(pte_helpers)
{
	pte_t pte = mk_pte(0x12345, PTE_READ | PTE_WRITE);
	swp_entry_t e = { SWP_ENTRY_LIMIT - 1 };

	EXPECT_TRUE(pte_present(pte));
	EXPECT_EQ(pte_pfn(pte), 0x12345);
	EXPECT_TRUE(pte_write(pte));
	EXPECT_FALSE(pte_exec(pte));
	EXPECT_FALSE(pte_young(pte));
	pte = pte_mkyoung(pte);
	EXPECT_TRUE(pte_young(pte) && pte_write(pte));
	EXPECT_FALSE(pte_young(pte_mkold(pte)));
	EXPECT_TRUE(pte_write(pte_mkold(pte)));
	EXPECT_FALSE(pte_write(pte_wrprotect(pte)));
	EXPECT_TRUE(pte_read(pte_wrprotect(pte)));
	EXPECT_EQ(pte_mkwrite(pte_wrprotect(pte)), pte);
	/* No dirty bit: the flags are young, exec, write, read and present. */
	EXPECT_EQ(PTE_FLAGS_MASK, PTE_PRESENT | PTE_READ | PTE_WRITE | PTE_EXEC | PTE_YOUNG);
	/* Write or exec brings read: no write-only or execute-only pages. */
	EXPECT_EQ(mk_pte(1, PTE_WRITE), mk_pte(1, PTE_READ | PTE_WRITE));
	EXPECT_EQ(mk_pte(1, PTE_EXEC), mk_pte(1, PTE_READ | PTE_EXEC));
	EXPECT_EQ(pte_prot(mk_pte(1, 0)), 0);		/* PROT_NONE stays none */
	/* mprotect keeps the frame and the young bit. */
	pte = pte_modify(pte, PTE_READ | PTE_EXEC);
	EXPECT_EQ(pte, mk_pte(0x12345, PTE_READ | PTE_EXEC | PTE_YOUNG));
	EXPECT_EQ(pte_modify(pte, PTE_READ | PTE_WRITE), mk_pte(0x12345, RW));
	EXPECT_FALSE(pte_is_swap(pte));
	EXPECT_FALSE(pte_is_swap(0));
	/* A swap entry: not present, not none, and it round-trips. */
	pte = swp_entry_to_pte(e);
	EXPECT_EQ(pte_is_swap(pte), IS_ENABLED(CONFIG_SWAP));	/* none without swap */
	EXPECT_FALSE(pte_present(pte));
	EXPECT_EQ(pte_to_swp_entry(pte).val, e.val);
	EXPECT_EQ(pte_to_swp_entry(swp_entry_to_pte((swp_entry_t){ 1 })).val, 1);
}

TEST(hardware_access_rules)
{
	u32 rwx = PTE_READ | PTE_WRITE | PTE_EXEC;

	EXPECT_FALSE(pte_access_ok(0, false, false));
	EXPECT_FALSE(pte_access_ok(mk_pte(1, rwx), false, false));		/* old */
	EXPECT_TRUE(pte_access_ok(mk_pte(1, rwx | PTE_YOUNG), false, false));
	EXPECT_TRUE(pte_access_ok(mk_pte(1, rwx | PTE_YOUNG), true, false));
	EXPECT_FALSE(pte_access_ok(mk_pte(1, PTE_READ | PTE_YOUNG), true, false));	/* read-only */
	EXPECT_FALSE(pte_access_ok(mk_pte(1, RW), false, true));			/* XN */
	EXPECT_TRUE(pte_access_ok(mk_pte(1, RW | PTE_EXEC), false, true));
	EXPECT_FALSE(pte_access_ok(mk_pte(1, PTE_YOUNG), false, false));	/* PROT_NONE */
}

/* Addresses at the edges of 1 MiB, 2 MiB and 4 MiB tables, and of user space. */
static const u32 edges[] = {
	0x00000000, 0x000ff000, 0x00100000, 0x001ff000, 0x00200000,
	0x003ff000, 0x00400000, 0x00401000, TASK_SIZE - 2 * PAGE_SIZE,
	TASK_SIZE - PAGE_SIZE,
};

TEST(set_get_clear_across_tables)
{
	struct pgtable pt;
	u32 start = table_pages();

	ASSERT_EQ(pgtable_init(&pt), 0);
	EXPECT_EQ(pgtable_bytes(&pt), DIR_BYTES);
	EXPECT_EQ(table_pages(), start + dir_pages());
	for (u32 i = 0; i < ARRAY_SIZE(edges); i++)
		ASSERT_EQ(set_pte(&pt, edges[i], mk_pte(100 + i, RW)), 0);
	for (u32 i = 0; i < ARRAY_SIZE(edges); i++)
		EXPECT_EQ(get_pte(&pt, edges[i]), mk_pte(100 + i, RW));
	/* Offsets inside the page do not matter. */
	EXPECT_EQ(get_pte(&pt, 0x00100abc), mk_pte(102, RW));
	/* Neighbours and unrelated addresses read none. */
	EXPECT_EQ(get_pte(&pt, 0x00001000), 0);
	EXPECT_EQ(get_pte(&pt, 0x00402000), 0);
	EXPECT_EQ(get_pte(&pt, 0x10000000), 0);
	EXPECT_EQ(get_pte(&pt, TASK_SIZE), 0);
	EXPECT_EQ(get_pte(&pt, 0xfffff000), 0);
	/* One 1 KiB table per MiB touched: 0, 1, 2, 3, 4 and the last; four to a page. */
	EXPECT_EQ(pgtable_bytes(&pt), DIR_BYTES + 6 * TBL);
	EXPECT_EQ(table_pages(), start + dir_pages() + 2);
	EXPECT_EQ(pgtable_stats.fragments, 6);
	EXPECT_EQ(pgtable_stats.fragment_pages, 2);
	EXPECT_EQ(pgtable_stats.bytes, pgtable_bytes(&pt));
	for (u32 i = 0; i < ARRAY_SIZE(edges); i++) {
		clear_pte(&pt, edges[i]);
		EXPECT_EQ(get_pte(&pt, edges[i]), 0);
	}
	clear_pte(&pt, 0x20000000);		/* nothing there: harmless */
	pgtable_destroy(&pt);
	EXPECT_EQ(pgtable_bytes(&pt), 0);
	EXPECT_EQ(table_pages(), start);
	EXPECT_EQ(pgtable_stats.fragments, 0);
	EXPECT_EQ(pgtable_stats.fragment_pages, 0);
	EXPECT_EQ(pgtable_stats.bytes, 0);
}

TEST(setting_none_allocates_nothing)
{
	struct pgtable pt;

	ASSERT_EQ(pgtable_init(&pt), 0);
	EXPECT_EQ(set_pte(&pt, 0x00800000, 0), 0);
	EXPECT_EQ(pgtable_bytes(&pt), DIR_BYTES);
	pgtable_destroy(&pt);
}

TEST(destroy_gives_every_page_back)
{
	struct pgtable pt;
	u32 free_start = nr_pages_by_use(PAGE_USE_FREE);

	ASSERT_EQ(pgtable_init(&pt), 0);
	for (u32 va = 0; va < 64u << 20; va += 3u << 20)
		ASSERT_EQ(set_pte(&pt, va, mk_pte(7, RW)), 0);
	EXPECT_EQ(pgtable_bytes(&pt), DIR_BYTES + 22 * TBL);
	EXPECT_EQ(nr_pages_by_use(PAGE_USE_FREE), free_start - dir_pages() - 6);
	for (u32 va = 0; va < 64u << 20; va += 3u << 20)
		clear_pte(&pt, va);
	pgtable_destroy(&pt);
	EXPECT_EQ(nr_pages_by_use(PAGE_USE_FREE), free_start);
	EXPECT_EQ(nr_pages_by_use(PAGE_USE_PGTABLE), 0);
}

/* Take every free page; give them back with release_all. */
static void **hoard;
static u32 nr_hoard;

static void exhaust_memory(void)
{
	void *p;

	hoard = malloc(nr_pages_total() * sizeof(*hoard));
	nr_hoard = 0;
	while ((p = get_free_pages(PAGE_USE_ANON, 0)))
		hoard[nr_hoard++] = p;
}

static void release_all(void)
{
	while (nr_hoard)
		free_pages(hoard[--nr_hoard], 0);
	free(hoard);
}

TEST(enomem_changes_nothing)
{
	struct pgtable pt, untouched;
	u32 used, bytes;

	ASSERT_EQ(pgtable_init(&pt), 0);
	/* Four tables: one full page of fragments, none free. */
	for (u32 mib = 4; mib < 8; mib++)
		ASSERT_EQ(set_pte(&pt, mib << 20, mk_pte(1, RW)), 0);
	used = table_pages();
	bytes = pgtable_bytes(&pt);
	exhaust_memory();
	/* No first-level table: pt untouched, nothing allocated. */
	memset(&untouched, 0xa5, sizeof(untouched));
	EXPECT_EQ(pgtable_init(&untouched), -ENOMEM);
	EXPECT_EQ(untouched.nr_bytes, 0xa5a5a5a5u);
	/* A new table is needed: nothing changes. */
	EXPECT_EQ(set_pte(&pt, 0x00800000, mk_pte(2, RW)), -ENOMEM);
	EXPECT_EQ(get_pte(&pt, 0x00800000), 0);
	EXPECT_EQ(pgtable_stats.fragments, 4);
	/* In an existing table no memory is needed: it works. */
	EXPECT_EQ(set_pte(&pt, 0x00401000, mk_pte(3, RW)), 0);
	EXPECT_EQ(get_pte(&pt, 0x00400000), mk_pte(1, RW));
	EXPECT_EQ(table_pages(), used);
	EXPECT_EQ(pgtable_bytes(&pt), bytes);
	/* A freed fragment is a table for the next one, with no page free. */
	clear_pte(&pt, 0x00500000);
	EXPECT_EQ(pgtable_free_empty(&pt, 0x00500000, 0x00600000), 1);
	EXPECT_EQ(set_pte(&pt, 0x00800000, mk_pte(2, RW)), 0);
	EXPECT_EQ(table_pages(), used);
	release_all();
	EXPECT_EQ(set_pte(&pt, 0x00900000, mk_pte(2, RW)), 0);
	for (u32 mib = 4; mib < 10; mib++)
		clear_pte(&pt, mib << 20);
	clear_pte(&pt, 0x00401000);
	pgtable_destroy(&pt);
	EXPECT_EQ(table_pages(), 0);
}

#if IS_ENABLED(CONFIG_FAULT_INJECTION)
/* The same, by injection: the one allocation set_pte makes fails. */
TEST(injected_failure_changes_nothing)
{
	struct pgtable pt;

	ASSERT_EQ(pgtable_init(&pt), 0);
	fault_inject_nth(&fail_page_alloc, 1);
	EXPECT_EQ(set_pte(&pt, 0x01000000, mk_pte(5, RW)), -ENOMEM);
	EXPECT_EQ(get_pte(&pt, 0x01000000), 0);
	EXPECT_EQ(pgtable_bytes(&pt), DIR_BYTES);
	EXPECT_EQ(pgtable_stats.fragment_pages, 0);
	EXPECT_EQ(set_pte(&pt, 0x01000000, mk_pte(5, RW)), 0);
	fault_inject_nth(&fail_page_alloc, 1);
	{
		struct pgtable other;

		EXPECT_EQ(pgtable_init(&other), -ENOMEM);
	}
	clear_pte(&pt, 0x01000000);
	pgtable_destroy(&pt);
	EXPECT_EQ(table_pages(), 0);
}
#endif

/* Tables span 1 MiB: TABLE_SPAN apart, addresses are in different tables. */
#define TABLE_SPAN	(1u << 20)

TEST(free_empty_frees_only_empty_tables)
{
	struct pgtable pt;
	const u32 a = 3 * TABLE_SPAN, b = 4 * TABLE_SPAN, c = 5 * TABLE_SPAN;

	ASSERT_EQ(pgtable_init(&pt), 0);
	ASSERT_EQ(set_pte(&pt, a + 0x1000, mk_pte(1, RW)), 0);
	ASSERT_EQ(set_pte(&pt, b, mk_pte(2, RW)), 0);
	ASSERT_EQ(set_pte(&pt, c, swp_entry_to_pte((swp_entry_t){ 9 })), 0);
	ASSERT_EQ(pgtable_bytes(&pt), DIR_BYTES + 3 * TBL);
	/* Nothing is empty yet: nothing goes, and an empty range frees nothing. */
	EXPECT_EQ(pgtable_free_empty(&pt, 0, TASK_SIZE), 0);
	EXPECT_EQ(pgtable_free_empty(&pt, a, a), 0);
	clear_pte(&pt, a + 0x1000);
	clear_pte(&pt, b);
	/* Only tables the range touches: b's stays. */
	EXPECT_EQ(pgtable_free_empty(&pt, a + 0x1000, a + 0x2000), 1);
	EXPECT_EQ(pgtable_bytes(&pt), DIR_BYTES + 2 * TBL);
	EXPECT_EQ(get_pte(&pt, a + 0x1000), 0);
	/* A swap entry keeps its table. */
	EXPECT_EQ(pgtable_free_empty(&pt, b - 1, c + 1), 1);
	EXPECT_EQ(pgtable_bytes(&pt), DIR_BYTES + TBL);
	EXPECT_EQ(get_pte(&pt, c), swp_entry_to_pte((swp_entry_t){ 9 }));
	/* A freed table comes back on demand. */
	EXPECT_EQ(set_pte(&pt, b + 0x5000, mk_pte(3, RW)), 0);
	EXPECT_EQ(get_pte(&pt, b + 0x5000), mk_pte(3, RW));
	clear_pte(&pt, b + 0x5000);
	clear_pte(&pt, c);
	EXPECT_EQ(pgtable_free_empty(&pt, 0, ~0u), 2);
	EXPECT_EQ(pgtable_bytes(&pt), DIR_BYTES);
	pgtable_destroy(&pt);
	EXPECT_EQ(table_pages(), 0);
}

/* What a write fault would do to each page (mm/fault.c is not in the host build). */
static void touch_range(struct mm_struct *mm, unsigned long start, unsigned long len)
{
	for (unsigned long a = start; a < start + len; a += PAGE_SIZE) {
		struct page *page = alloc_page(PAGE_USE_ANON);

		ASSERT_NOT_NULL(page);
		ASSERT_EQ(set_pte(&mm->pgtable, a, mk_pte(page_to_pfn(page), RW)), 0);
		page_mapcount_inc(page);
	}
}

TEST(munmap_gives_back_empty_tables)
{
	static struct mm_struct mm;
	const unsigned long base = 2 * TABLE_SPAN, len = 3 * TABLE_SPAN;
	unsigned long got;

	vma_cache_init();
	ASSERT_EQ(mm_init(&mm), 0);
	ASSERT_EQ(do_mmap(&mm, base, len, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, &got), 0);
	ASSERT_EQ(got, base);
	touch_range(&mm, base, len);
	EXPECT_EQ(pgtable_bytes(&mm.pgtable), DIR_BYTES + 3 * TBL);
	/* A hole in a table keeps it; a table emptied goes at once. */
	EXPECT_EQ(do_munmap(&mm, base + PAGE_SIZE, PAGE_SIZE), 0);
	EXPECT_EQ(pgtable_bytes(&mm.pgtable), DIR_BYTES + 3 * TBL);
	EXPECT_EQ(do_munmap(&mm, base + TABLE_SPAN, TABLE_SPAN), 0);
	EXPECT_EQ(pgtable_bytes(&mm.pgtable), DIR_BYTES + 2 * TBL);
	EXPECT_EQ(do_munmap(&mm, base, len), 0);
	EXPECT_EQ(pgtable_bytes(&mm.pgtable), DIR_BYTES);
	EXPECT_EQ(table_pages(), dir_pages());	/* the fragments' page went back */
	mm_destroy(&mm);
	EXPECT_EQ(table_pages(), 0);
}

#if IS_ENABLED(CONFIG_FAULT_INJECTION)
/*
 * An mremap move whose new range spans two tables fails at each page
 * allocation in turn: the table it allocated before the failure must not
 * stay behind, empty.
 */
TEST(failed_mremap_move_leaves_no_empty_table)
{
	static struct mm_struct mm;
	const unsigned long old = 2 * TABLE_SPAN, old_len = 16 * PAGE_SIZE;
	const unsigned long boundary = 8 * TABLE_SPAN;
	unsigned long got, to = 0;
	u32 before;
	int err = -ENOMEM;

	vma_cache_init();
	ASSERT_EQ(mm_init(&mm), 0);
	/* The move lands below mmap_base: half its pages on each side of boundary. */
	mm.mmap_base = boundary + 12 * PAGE_SIZE;
	ASSERT_EQ(do_mmap(&mm, old, old_len, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, &got), 0);
	ASSERT_EQ(do_mmap(&mm, old + old_len, PAGE_SIZE, PROT_READ,	/* no growing in place */
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, &got), 0);
	touch_range(&mm, old, old_len);
	before = pgtable_bytes(&mm.pgtable);
	for (u32 n = 1; err == -ENOMEM && n < 64; n++) {
		fault_inject_nth(&fail_page_alloc, n);
		err = do_mremap(&mm, old, old_len, old_len + 4 * PAGE_SIZE, MREMAP_MAYMOVE, &to);
		fault_inject_off_all();
		if (err == -ENOMEM)
			EXPECT_EQ(pgtable_bytes(&mm.pgtable), before);
	}
	ASSERT_EQ(err, 0);
	EXPECT_TRUE(to < boundary && to + old_len > boundary);
	/* Moved: the old table went with its last page; two new ones hold them. */
	EXPECT_EQ(before, DIR_BYTES + TBL);
	EXPECT_EQ(pgtable_bytes(&mm.pgtable), DIR_BYTES + 2 * TBL);
	mm_destroy(&mm);
	EXPECT_EQ(table_pages(), 0);
}
#endif

TEST(tlb_flush_and_switch)
{
	struct pgtable a, b;
	u32 flushes;

	ASSERT_EQ(pgtable_init(&a), 0);
	ASSERT_EQ(pgtable_init(&b), 0);
	flushes = host_tlb_flushes;
	set_pte(&a, 0x1000, mk_pte(1, RW));
	EXPECT_TRUE(host_tlb_flushes > flushes);
	flushes = host_tlb_flushes;
	clear_pte(&a, 0x1000);
	EXPECT_TRUE(host_tlb_flushes > flushes);
	switch_pgtable(&a);
	EXPECT_EQ((uintptr_t)host_active_pgtable, (uintptr_t)&a);
	switch_pgtable(&b);
	EXPECT_NE(a.asid, b.asid);
	pgtable_destroy(&b);			/* the active one: switched away first */
	EXPECT_NULL(host_active_pgtable);
	pgtable_destroy(&a);
}

TEST(destroy_with_mappings_left)
{
	struct pgtable pt;

	ASSERT_EQ(pgtable_init(&pt), 0);
	set_pte(&pt, 0x00c03000, mk_pte(9, RW));
	if (IS_ENABLED(CONFIG_DEBUG_VM)) {
		EXPECT_PANIC(pgtable_destroy(&pt), "present PTE 00009017 at 00c03000");
		host_mm_init(HOST_RAM_DEFAULT);
		ASSERT_EQ(pgtable_init(&pt), 0);
		set_pte(&pt, 0x00c04000, swp_entry_to_pte((swp_entry_t){ 3 }));
		EXPECT_PANIC(pgtable_destroy(&pt), "swap PTE 00000006 at 00c04000");
	} else {
		/* Without the check the tables are freed all the same. */
		pgtable_destroy(&pt);
		EXPECT_EQ(table_pages(), 0);
	}
}

/* xorshift32: the same sequence on every run for one seed. */
static u32 rng_state;

static u32 rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

/*
 * A seeded random sequence of set, clear and get over addresses that
 * crowd a few table boundaries, checked against an array after each step.
 */
TEST(random_against_model)
{
	enum { NR_VA = 96, STEPS = 20000 };
	static pte_t model[NR_VA];
	u32 vas[NR_VA];
	struct pgtable pt;

	rng_state = 0x2545f491;
	for (u32 i = 0; i < NR_VA; i++) {
		/* 32 pages around each of 0x00400000, 0x00c00000 and the top. */
		static const u32 bases[] = { 0x00400000, 0x00c00000, 0 };
		u32 base = bases[i / 32] ? bases[i / 32] : TASK_SIZE - 16 * PAGE_SIZE;

		vas[i] = base - 16 * PAGE_SIZE + (i % 32) * PAGE_SIZE;
		model[i] = 0;
	}
	ASSERT_EQ(pgtable_init(&pt), 0);
	for (u32 step = 0; step < STEPS; step++) {
		u32 i = rng() % NR_VA, r = rng();
		pte_t pte = r & 1 ? mk_pte(r >> 12, r & PTE_FLAGS_MASK)
				  : swp_entry_to_pte((swp_entry_t){ ((r >> 1) | 1) % SWP_ENTRY_LIMIT });

		switch (rng() % 3) {
		case 0:
			ASSERT_EQ(set_pte(&pt, vas[i], pte), 0);
			model[i] = pte;
			break;
		case 1:
			clear_pte(&pt, vas[i]);
			model[i] = 0;
			break;
		default:
			break;
		}
		ASSERT_EQ(get_pte(&pt, vas[i]), model[i]);
		if (step % 1000 == 0)
			for (u32 j = 0; j < NR_VA; j++)
				ASSERT_EQ(get_pte(&pt, vas[j]), model[j]);
	}
	/* 3 regions, 2 tables each except the top one: at most 5 + the directory. */
	EXPECT_LE(pgtable_bytes(&pt), DIR_BYTES + 5 * TBL);
	for (u32 i = 0; i < NR_VA; i++)
		clear_pte(&pt, vas[i]);
	pgtable_destroy(&pt);
	EXPECT_EQ(table_pages(), 0);
}

/* ------------------------------------------------------------ the table allocator */

/*
 * Fragments: each size at its alignment, zeroed, packed PAGE_SIZE / size
 * to a page, counted; a page goes back when its last fragment does, and
 * a freed fragment is the next one handed out.
 */
TEST(fragments_pack_align_and_give_pages_back)
{
	static const u32 sizes[] = { 512, 1024, 2048 };
	struct pgtable pt = { 0 };

	for (u32 s = 0; s < ARRAY_SIZE(sizes); s++) {
		u32 size = sizes[s], n = PAGE_SIZE / size, pages = table_pages();
		unsigned char *f[2 * 8 + 1];

		for (u32 i = 0; i < 2 * n + 1; i++) {
			f[i] = pgtable_alloc(&pt, size);
			ASSERT_NOT_NULL(f[i]);
			EXPECT_EQ((uintptr_t)f[i] % size, 0);
			for (u32 b = 0; b < size; b++)
				ASSERT_EQ(f[i][b], 0);		/* zeroed */
			memset(f[i], 0xa5, size);	/* tables in use are never zero here */
		}
		EXPECT_EQ(table_pages(), pages + 3);		/* 2 full pages and 1 fragment */
		EXPECT_EQ(pgtable_stats.fragments, 2 * n + 1);
		EXPECT_EQ(pgtable_stats.fragment_pages, 3);
		EXPECT_EQ(pgtable_stats.bytes, (2 * n + 1) * size);
		EXPECT_EQ(pt.nr_bytes, (2 * n + 1) * size);
		/* A page's fragments are one page. */
		for (u32 i = 1; i < n; i++)
			EXPECT_EQ((uintptr_t)f[i] / PAGE_SIZE, (uintptr_t)f[0] / PAGE_SIZE);
		/* Free one in the middle: it is the next one out. */
		memset(f[1], 0, size);
		pgtable_free(&pt, f[1], size);
		EXPECT_EQ(table_pages(), pages + 3);
		EXPECT_EQ((uintptr_t)pgtable_alloc(&pt, size), (uintptr_t)f[1]);
		/* Free the first page's fragments: the page goes at the last one. */
		for (u32 i = 0; i < n; i++) {
			memset(f[i], 0, size);
			pgtable_free(&pt, f[i], size);
			EXPECT_EQ(table_pages(), pages + 3 - (i == n - 1));
		}
		for (u32 i = n; i < 2 * n + 1; i++) {
			memset(f[i], 0, size);
			pgtable_free(&pt, f[i], size);
		}
		EXPECT_EQ(table_pages(), pages);
		EXPECT_EQ(pgtable_stats.fragments, 0);
		EXPECT_EQ(pgtable_stats.fragment_pages, 0);
		EXPECT_EQ(pgtable_stats.bytes, 0);
		EXPECT_EQ(pt.nr_bytes, 0);
	}
	/* Sizes of a page and more are blocks of the page allocator. */
	{
		void *p = pgtable_alloc(&pt, 2 * PAGE_SIZE);

		ASSERT_NOT_NULL(p);
		EXPECT_EQ((uintptr_t)p % (2 * PAGE_SIZE), 0);
		EXPECT_EQ(table_pages(), 2);
		EXPECT_EQ(pgtable_stats.fragments, 0);
		pgtable_free(&pt, p, 2 * PAGE_SIZE);
		EXPECT_EQ(table_pages(), 0);
	}
}

TEST(fragment_allocation_failure_changes_nothing)
{
	struct pgtable pt = { 0 };
	void *f[4];

	for (int i = 0; i < 4; i++)
		ASSERT_NOT_NULL(f[i] = pgtable_alloc(&pt, 1024));
	exhaust_memory();
	EXPECT_NULL(pgtable_alloc(&pt, 1024));
	EXPECT_EQ(pgtable_stats.fragments, 4);
	EXPECT_EQ(pgtable_stats.fragment_pages, 1);
	EXPECT_EQ(pgtable_stats.bytes, 4096);
	EXPECT_EQ(pt.nr_bytes, 4096);
	release_all();
	for (int i = 0; i < 4; i++)
		pgtable_free(&pt, f[i], 1024);
	EXPECT_EQ(table_pages(), 0);
}

/* ------------------------------------------------------------ sparse ranges */

/*
 * Sparse ranges: the loops over a VMA's pages skip MiBs with no table.
 * A 200 MiB mapping with two pages touched, at its two ends, is forked,
 * mprotected and unmapped reading a few tables' PTEs, not 51,200 per
 * walk (mm_resident_pages, in kernel/oom.c, walks the same way).
 */
TEST(sparse_range_walks_skip_absent_tables)
{
	static struct mm_struct mm, child;
	const unsigned long base = 16u << 20, len = 200u << 20;
	unsigned long got;
	u32 calls;

	vma_cache_init();
	ASSERT_EQ(mm_init(&mm), 0);
	ASSERT_EQ(mm_init(&child), 0);
	ASSERT_EQ(do_mmap(&mm, base, len, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, &got), 0);
	touch_range(&mm, base, PAGE_SIZE);
	touch_range(&mm, base + len - PAGE_SIZE, PAGE_SIZE);
	calls = host_get_pte_calls;
	ASSERT_EQ(dup_mm(&child, &mm), 0);
	EXPECT_LE(host_get_pte_calls - calls, 4 * 256);	/* 2 tables, read and write-protected */
	/* The child's copy is write-protected and old (mm/fork.c). */
	EXPECT_EQ(get_pte(&child.pgtable, base + len - PAGE_SIZE),
		  pte_mkold(pte_wrprotect(get_pte(&mm.pgtable, base + len - PAGE_SIZE))));
	calls = host_get_pte_calls;
	EXPECT_EQ(do_mprotect(&mm, base, len, PROT_READ), 0);
	EXPECT_LE(host_get_pte_calls - calls, 2 * 256);
	EXPECT_FALSE(pte_write(get_pte(&mm.pgtable, base)));
	calls = host_get_pte_calls;
	EXPECT_EQ(do_munmap(&mm, base, len), 0);
	EXPECT_LE(host_get_pte_calls - calls, 2 * 256);
	EXPECT_EQ(pgtable_bytes(&mm.pgtable), DIR_BYTES);
	mm_destroy(&child);
	mm_destroy(&mm);
	EXPECT_EQ(table_pages(), 0);
	EXPECT_EQ(nr_pages_by_use(PAGE_USE_ANON), 0);
}

/*
 * The pointer walk (pgtable_next_entries): from any address it finds the
 * next table below the end, moves the address up to it only when it was
 * in a hole, and stops at the end; entries follow in address order.
 */
TEST(next_entries_walk_tables_in_order)
{
	struct pgtable pt;
	pte_entry_t *e;
	u32 va;

	ASSERT_EQ(pgtable_init(&pt), 0);
	set_pte(&pt, (2u << 20) + 5 * PAGE_SIZE, mk_pte(7, RW));
	set_pte(&pt, (5u << 20) + 255 * PAGE_SIZE, mk_pte(8, RW));
	va = 0;
	e = pgtable_next_entries(&pt, &va, 16u << 20);
	ASSERT_NOT_NULL(e);
	EXPECT_EQ(va, 2u << 20);
	EXPECT_EQ(pte_entry_get(&e[5]), mk_pte(7, RW));
	va = (2u << 20) + 5 * PAGE_SIZE;	/* inside a table: stays */
	e = pgtable_next_entries(&pt, &va, 16u << 20);
	EXPECT_EQ(va, (2u << 20) + 5 * PAGE_SIZE);
	EXPECT_EQ(pte_entry_get(e), mk_pte(7, RW));
	va = 3u << 20;
	e = pgtable_next_entries(&pt, &va, 16u << 20);
	EXPECT_EQ(va, 5u << 20);
	EXPECT_EQ(pte_entry_get(&e[255]), mk_pte(8, RW));
	va = 3u << 20;
	EXPECT_NULL(pgtable_next_entries(&pt, &va, 5u << 20));	/* the end comes first */
	EXPECT_EQ(va, 3u << 20);
	va = 6u << 20;
	EXPECT_NULL(pgtable_next_entries(&pt, &va, TASK_SIZE));
	EXPECT_EQ(pgtable_span_end(5u << 20, 16u << 20), 6u << 20);
	EXPECT_EQ(pgtable_span_end(5u << 20, (5u << 20) + PAGE_SIZE), (5u << 20) + PAGE_SIZE);
	/* A new table through the walk, then set and read back through the API. */
	e = pgtable_entries_alloc(&pt, (9u << 20) + 3 * PAGE_SIZE);
	ASSERT_NOT_NULL(e);
	pte_entry_set(e, mk_pte(9, PTE_READ));
	EXPECT_EQ(get_pte(&pt, (9u << 20) + 3 * PAGE_SIZE), mk_pte(9, PTE_READ));
	EXPECT_EQ(pgtable_bytes(&pt), DIR_BYTES + 3 * TBL);
	clear_pte(&pt, (2u << 20) + 5 * PAGE_SIZE);
	clear_pte(&pt, (5u << 20) + 255 * PAGE_SIZE);
	clear_pte(&pt, (9u << 20) + 3 * PAGE_SIZE);
	pgtable_destroy(&pt);
	EXPECT_EQ(table_pages(), 0);
}

/*
 * Fork write-protects the parent with one flush of its address space,
 * not one per page, and only when a PTE the TLB may hold lost its write
 * bit; the child's tables are made visible once.  Pages across three
 * tables: every child PTE is the parent's, old and read-only.
 */
TEST(fork_flushes_the_parent_once)
{
	static struct mm_struct mm, child, child2;
	const unsigned long base = (1u << 20) + (128u << 12), len = 600u << 12;
	unsigned long got;
	u32 flushes, mm_flushes;

	vma_cache_init();
	ASSERT_EQ(mm_init(&mm), 0);
	ASSERT_EQ(mm_init(&child), 0);
	ASSERT_EQ(mm_init(&child2), 0);
	ASSERT_EQ(do_mmap(&mm, base, len, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, &got), 0);
	touch_range(&mm, base, len);
	ASSERT_TRUE(pte_write(get_pte(&mm.pgtable, base)));
	flushes = host_tlb_flushes;
	mm_flushes = host_tlb_mm_flushes;
	ASSERT_EQ(dup_mm(&child, &mm), 0);
	EXPECT_EQ(host_tlb_flushes, flushes);
	EXPECT_EQ(host_tlb_mm_flushes - mm_flushes, 2);	/* the parent, the child */
	for (unsigned long a = base; a < base + len; a += PAGE_SIZE) {
		pte_t p = get_pte(&mm.pgtable, a);

		ASSERT_TRUE(pte_present(p) && !pte_write(p));
		ASSERT_EQ(get_pte(&child.pgtable, a), pte_mkold(p));
		ASSERT_EQ(page_mapcount(pfn_to_page(pte_pfn(p))), 2);
	}
	/* Nothing writable left in the parent: only the new child's flush. */
	mm_flushes = host_tlb_mm_flushes;
	ASSERT_EQ(dup_mm(&child2, &mm), 0);
	EXPECT_EQ(host_tlb_mm_flushes - mm_flushes, 1);
	EXPECT_EQ(page_mapcount(pfn_to_page(pte_pfn(get_pte(&mm.pgtable, base)))), 3);
	mm_destroy(&child2);
	mm_destroy(&child);
	EXPECT_EQ(page_mapcount(pfn_to_page(pte_pfn(get_pte(&mm.pgtable, base)))), 1);
	mm_destroy(&mm);
	EXPECT_EQ(table_pages(), 0);
	EXPECT_EQ(nr_pages_by_use(PAGE_USE_ANON), 0);
}

#if IS_ENABLED(CONFIG_FAULT_INJECTION)
#include "fail_each.h"

/*
 * Fork's page-table side, all or nothing: a parent with pages in 7 MiBs
 * (its table page has one fragment free, so the child takes that one
 * first and then new pages) is copied with each allocation failing in
 * turn.  A failure leaves the parent, the page allocator and the
 * fragment counters exactly as they were.
 */
static struct mm_struct fe_parent, fe_child;
static const unsigned long fe_base = 3u << 20, fe_len = 7u << 20;

struct fe_state {
	u32 by_use[NR_PAGE_USES];
	struct pgtable_stats stats;
	u32 parent_bytes;
	pte_t ptes[7];
};

static void fe_prepare(void)
{
	unsigned long got;

	host_mm_init(HOST_RAM_DEFAULT);
	vma_cache_init();
	ASSERT_EQ(mm_init(&fe_parent), 0);
	ASSERT_EQ(do_mmap(&fe_parent, fe_base, fe_len, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, &got), 0);
	for (u32 i = 0; i < 7; i++)
		touch_range(&fe_parent, fe_base + (i << 20) + i * PAGE_SIZE, PAGE_SIZE);
}

static int fe_op(void)
{
	int err = mm_init(&fe_child);

	if (err)
		return err;
	err = dup_mm(&fe_child, &fe_parent);
	if (err)
		mm_destroy(&fe_child);
	return err;
}

static void fe_snap(void *p)
{
	struct fe_state *s = p;

	memset(s, 0, sizeof(*s));
	for (u32 i = 0; i < NR_PAGE_USES; i++)
		s->by_use[i] = nr_pages_by_use(i);
	s->stats = pgtable_stats;
	s->parent_bytes = pgtable_bytes(&fe_parent.pgtable);
	for (u32 i = 0; i < 7; i++)
		s->ptes[i] = get_pte(&fe_parent.pgtable, fe_base + (i << 20) + i * PAGE_SIZE);
}

static bool fe_same(const void *a, const void *b)
{
	return !memcmp(a, b, sizeof(struct fe_state));
}

static void fe_check(void)
{
	ASSERT_EQ(pgtable_stats.bytes, pgtable_bytes(&fe_parent.pgtable) +
		  (fe_child.pgtable.dir ? pgtable_bytes(&fe_child.pgtable) : 0));
}

static void fe_succeeded(void)
{
	for (u32 i = 0; i < 7; i++) {
		unsigned long a = fe_base + (i << 20) + i * PAGE_SIZE;

		EXPECT_EQ(get_pte(&fe_child.pgtable, a), pte_mkold(get_pte(&fe_parent.pgtable, a)));
		EXPECT_FALSE(pte_write(get_pte(&fe_parent.pgtable, a)));
	}
	EXPECT_EQ(pgtable_bytes(&fe_child.pgtable), DIR_BYTES + 7 * TBL);
	mm_destroy(&fe_child);
}

static void fe_finish(void)
{
	fe_child.pgtable.dir = NULL;
	mm_destroy(&fe_parent);
	EXPECT_EQ(table_pages(), 0);
	EXPECT_EQ(pgtable_stats.fragments, 0);
}

TEST(fork_tables_fail_each_allocation)
{
	static struct fe_state before, after;

	fe_child.pgtable.dir = NULL;
	EXPECT_TRUE(fail_each_run(&(struct fail_each){
		.prepare = fe_prepare, .op = fe_op, .snap = fe_snap, .same = fe_same,
		.before = &before, .after = &after, .check = fe_check,
		.succeeded = fe_succeeded, .finish = fe_finish,
	}) >= 4);	/* slab: the VMA; pages: the dir, then two fragment pages */
}
#endif
