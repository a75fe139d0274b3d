// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host tests of mm/memory.c's unmapping and teardown: a table goes when an
 * unmap empties it and stays while anything is left in it; munmap of pages
 * never touched (which skips the search for empty tables) frees no table
 * and leaves none behind; teardown, which leaves the tables to
 * pgtable_destroy, gives back every table and page.
 */
#include <anvil/kernel.h>
#include <anvil/fault.h>
#include <anvil/mm.h>
#include <anvil/pgtable.h>
#include <anvil/rmap.h>
#include <anvil/vma.h>
#include <uapi/anvil/mman.h>
#include "test.h"

#define RW_PROT		(PROT_READ | PROT_WRITE)
#define ANON_FIXED	(MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED)
#define BASE		(8ul << 20)	/* aligned to any backend's table span */

static void touch(struct mm_struct *mm, unsigned long addr)
{
	ASSERT_EQ(handle_mm_fault(mm, addr, FAULT_WRITE | FAULT_USER), 0);
}

/* Second-level tables mm holds: its table bytes past the first level, in tables of one size. */
static u32 first_level, table_size;

static u32 tables(struct mm_struct *mm)
{
	return (pgtable_bytes(&mm->pgtable) - first_level) / table_size;
}

/* After mm_init: the first level's size; after the first touch, a table's. */
static void measure_first_level(struct mm_struct *mm)
{
	first_level = pgtable_bytes(&mm->pgtable);
	table_size = 1;
}

TEST(munmap_frees_a_table_when_it_clears_its_last_pte)
{
	static struct mm_struct mm;
	unsigned long got;

	vma_cache_init();
	ASSERT_EQ(mm_init(&mm), 0);
	ASSERT_EQ(do_mmap(&mm, BASE, 8 * PAGE_SIZE, RW_PROT, ANON_FIXED, &got), 0);
	measure_first_level(&mm);
	EXPECT_EQ(tables(&mm), 0);
	touch(&mm, BASE);
	table_size = pgtable_bytes(&mm.pgtable) - first_level;
	ASSERT_TRUE(table_size > 0);
	touch(&mm, BASE + 4 * PAGE_SIZE);
	EXPECT_EQ(tables(&mm), 1);
	/* Pages never touched: nothing to clear, and the table serves the others. */
	EXPECT_EQ(do_munmap(&mm, BASE + PAGE_SIZE, 3 * PAGE_SIZE), 0);
	EXPECT_EQ(tables(&mm), 1);
	/* One of the two touched pages: the table stays. */
	EXPECT_EQ(do_munmap(&mm, BASE, PAGE_SIZE), 0);
	EXPECT_EQ(tables(&mm), 1);
	/* The last one, in a range with untouched pages around it: the table goes. */
	EXPECT_EQ(do_munmap(&mm, BASE + 4 * PAGE_SIZE, 4 * PAGE_SIZE), 0);
	EXPECT_EQ(tables(&mm), 0);
	EXPECT_EQ(nr_pages_by_use(PAGE_USE_ANON), 0);
	mm_destroy(&mm);
	EXPECT_EQ(nr_pages_by_use(PAGE_USE_PGTABLE), 0);
}

TEST(teardown_gives_back_every_table_and_page)
{
	static struct mm_struct mm;
	const unsigned long far = 64ul << 20;
	unsigned long got;

	vma_cache_init();
	ASSERT_EQ(mm_init(&mm), 0);
	measure_first_level(&mm);
	ASSERT_EQ(do_mmap(&mm, BASE, 4 * PAGE_SIZE, RW_PROT, ANON_FIXED, &got), 0);
	ASSERT_EQ(do_mmap(&mm, far, 2 * PAGE_SIZE, RW_PROT, ANON_FIXED, &got), 0);
	ASSERT_EQ(do_mmap(&mm, 2 * far, PAGE_SIZE, RW_PROT, ANON_FIXED, &got), 0);	/* never touched */
	for (int i = 0; i < 4; i++)
		touch(&mm, BASE + i * PAGE_SIZE);
	table_size = pgtable_bytes(&mm.pgtable) - first_level;
	ASSERT_TRUE(table_size > 0);
	touch(&mm, far + PAGE_SIZE);
	EXPECT_EQ(tables(&mm), 2);
	EXPECT_EQ(nr_pages_by_use(PAGE_USE_ANON), 5);
	mm_destroy(&mm);
	EXPECT_EQ(nr_pages_by_use(PAGE_USE_ANON), 0);
	EXPECT_EQ(nr_pages_by_use(PAGE_USE_PGTABLE), 0);
}

/*
 * VMA flags to PTE protection, the one rule every path asks
 * (vm_pte_prot): read with read or write, exec with exec, write only when
 * the caller may make this PTE writable and VM_WRITE allows it.
 */
TEST(vm_pte_prot_is_the_protection_rule)
{
	for (unsigned long flags = 0; flags <= VM_ACCESS_FLAGS; flags++) {
		for (int writable = 0; writable < 2; writable++) {
			u32 prot = vm_pte_prot(flags, writable);

			EXPECT_EQ(!!(prot & PTE_READ), !!(flags & (VM_READ | VM_WRITE)));
			EXPECT_EQ(!!(prot & PTE_EXEC), !!(flags & VM_EXEC));
			EXPECT_EQ(!!(prot & PTE_WRITE), writable && (flags & VM_WRITE));
			EXPECT_EQ(prot & ~PTE_PROT_MASK, 0);
		}
	}
}

/*
 * vma_has_anon_vma says whether the VMA has an anon_vma: none before its
 * first fault, and none ever without swap (there are no anon_vmas then).
 */
TEST(vma_has_anon_vma_only_after_a_fault_with_swap)
{
	static struct mm_struct mm;
	unsigned long got;

	vma_cache_init();
	ASSERT_EQ(mm_init(&mm), 0);
	ASSERT_EQ(do_mmap(&mm, BASE, PAGE_SIZE, RW_PROT, ANON_FIXED, &got), 0);
	EXPECT_FALSE(vma_has_anon_vma(find_vma(&mm, BASE)));
	touch(&mm, BASE);
	EXPECT_EQ(vma_has_anon_vma(find_vma(&mm, BASE)), IS_ENABLED(CONFIG_SWAP));
	mm_destroy(&mm);
}
