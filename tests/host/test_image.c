// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host tests of image pages (mm/image.c): pages of the kernel image mapped
 * read-only into user space in place of a copy, as exec maps program text.
 * Each PTE holds one reference and one map count, the image one reference
 * for good: fork shares them, a write (after mprotect for text) copies,
 * unmap and exit give back only the PTEs' counts, and nothing of them
 * reaches the free lists; pages.image_mapped counts each page once
 * however many map it.  With fault injection, every allocation failure
 * of the mapping and of the copy leaves everything as it was.
 */
#include <anvil/kernel.h>
#include <anvil/errno.h>
#include <anvil/fault.h>
#include <anvil/mm.h>
#include <anvil/pgtable.h>
#include <anvil/rmap.h>
#include <anvil/string.h>
#include <anvil/vma.h>
#include <uapi/anvil/mman.h>
#include "test.h"
#include "host.h"
#include "mm_check.h"
#if IS_ENABLED(CONFIG_FAULT_INJECTION)
#include "fail_each.h"
#endif

#define IMG_PAGES	4u
#define RX		(PROT_READ | PROT_EXEC)
#define RW		(PROT_READ | PROT_WRITE)
#define ANON_FIXED	(MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED)
#define BASE		(8ul << 20)

/* The last IMG_PAGES pages of the pretend kernel image play the initramfs. */
static u8 *img;

static void setup_image(void)
{
	img = __va(phys_offset + 0x10000 + (HOST_KERNEL_PAGES - IMG_PAGES) * PAGE_SIZE);
	for (u32 i = 0; i < IMG_PAGES; i++)
		memset(img + i * PAGE_SIZE, 0xa0 + i, PAGE_SIZE);
	image_pages_init(img, img + IMG_PAGES * PAGE_SIZE);
	vma_cache_init();
}

static struct page *img_page(u32 i)
{
	return virt_to_page(img + i * PAGE_SIZE);
}

static struct page *mapped(struct mm_struct *mm, unsigned long addr)
{
	pte_t pte = get_pte(&mm->pgtable, addr);

	return pte_present(pte) ? pfn_to_page(pte_pfn(pte)) : NULL;
}

/* Fault as the CPU would until the access is allowed; 0 or the fault's error. */
static int access(struct mm_struct *mm, unsigned long addr, unsigned int flags)
{
	for (int i = 0; i < 4; i++) {
		pte_t pte = get_pte(&mm->pgtable, addr);
		int err;

		if (pte_present(pte) && pte_young(pte) &&
		    (!(flags & FAULT_WRITE) || pte_write(pte)))
			return 0;
		err = handle_mm_fault(mm, addr, flags | FAULT_USER);
		if (err)
			return err;
	}
	return -EFAULT;
}

static void expect_counts(u32 i, u32 mapcount)
{
	EXPECT_EQ(page_mapcount(img_page(i)), mapcount);
	EXPECT_EQ(page_count(img_page(i)), 1 + mapcount);
	EXPECT_TRUE(page_is_image(img_page(i)));
	EXPECT_FALSE(img_page(i)->flags & PG_buddy);	/* never on the free lists */
	EXPECT_EQ(img_page(i)->use, PAGE_USE_KERNEL);
}

/* A fresh address space with one VMA of pages pages at BASE. */
static void new_mm(struct mm_struct *mm, u32 pages, unsigned long prot)
{
	unsigned long got;

	ASSERT_EQ(mm_init(mm), 0);
	ASSERT_EQ(do_mmap(mm, BASE, pages * PAGE_SIZE, prot, ANON_FIXED, &got), 0);
}

static int check_rmap(struct mm_struct *a, struct mm_struct *b)
{
	struct mm_struct *mms[2] = { a, b };

	return IS_ENABLED(CONFIG_DEBUG_VM) ? rmap_check(mms, b ? 2 : 1) : 0;
}

TEST(image_pages_are_kernel_pages_marked_once)
{
	u32 kernel = nr_pages_by_use(PAGE_USE_KERNEL);

	setup_image();
	EXPECT_EQ(nr_image_pages(), IMG_PAGES);
	EXPECT_EQ(nr_image_pages_mapped(), 0);
	EXPECT_EQ(nr_pages_by_use(PAGE_USE_KERNEL), kernel);
	EXPECT_TRUE(image_range_ok(img, IMG_PAGES));
	EXPECT_FALSE(image_range_ok(img, IMG_PAGES + 1));
	EXPECT_FALSE(image_range_ok(img + PAGE_SIZE / 2, 1));
	EXPECT_FALSE(image_range_ok(img - PAGE_SIZE, 1));
	EXPECT_FALSE(page_is_image(virt_to_page(img - PAGE_SIZE)));
	for (u32 i = 0; i < IMG_PAGES; i++)
		expect_counts(i, 0);
}

TEST(map_fork_exit_share_the_pages_and_count_them_once)
{
	static struct mm_struct a, b;
	u32 anon;

	setup_image();
	anon = nr_pages_by_use(PAGE_USE_ANON);
	new_mm(&a, IMG_PAGES, RX);
	ASSERT_EQ(vma_map_image_pages(&a, BASE, img, IMG_PAGES), 0);
	for (u32 i = 0; i < IMG_PAGES; i++) {
		EXPECT_EQ(mapped(&a, BASE + i * PAGE_SIZE), img_page(i));
		EXPECT_FALSE(pte_write(get_pte(&a.pgtable, BASE + i * PAGE_SIZE)));
		expect_counts(i, 1);
	}
	EXPECT_EQ(nr_image_pages_mapped(), IMG_PAGES);
	EXPECT_EQ(access(&a, BASE, FAULT_EXEC), 0);
	EXPECT_EQ(check_rmap(&a, NULL), 0);

	ASSERT_EQ(mm_init(&b), 0);
	ASSERT_EQ(dup_mm(&b, &a), 0);
	for (u32 i = 0; i < IMG_PAGES; i++) {
		EXPECT_EQ(mapped(&b, BASE + i * PAGE_SIZE), img_page(i));
		expect_counts(i, 2);
	}
	EXPECT_EQ(nr_image_pages_mapped(), IMG_PAGES);	/* once, however many map them */
	EXPECT_EQ(nr_pages_by_use(PAGE_USE_ANON), anon);	/* nothing copied */
	EXPECT_EQ(check_rmap(&a, &b), 0);

	/* Text is not writable: the write fails and changes nothing. */
	EXPECT_EQ(access(&b, BASE, FAULT_WRITE), -EACCES);
	expect_counts(0, 2);

	ASSERT_EQ(do_munmap(&b, BASE + PAGE_SIZE, PAGE_SIZE), 0);
	expect_counts(1, 1);
	exit_mmap(&a);
	mm_destroy(&a);
	expect_counts(0, 1);
	expect_counts(1, 0);
	EXPECT_EQ(nr_image_pages_mapped(), IMG_PAGES - 1);
	exit_mmap(&b);
	mm_destroy(&b);
	for (u32 i = 0; i < IMG_PAGES; i++)
		expect_counts(i, 0);
	EXPECT_EQ(nr_image_pages_mapped(), 0);
	EXPECT_EQ(nr_pages_by_use(PAGE_USE_ANON), anon);
	EXPECT_EQ(nr_pages_by_use(PAGE_USE_PGTABLE), 0);
	EXPECT_BUDDY_OK();
	EXPECT_EQ(img[0], 0xa0);
}

TEST(a_write_after_mprotect_copies_and_leaves_the_image)
{
	static struct mm_struct a, b;
	u32 anon = nr_pages_by_use(PAGE_USE_ANON);
	struct page *copy;

	setup_image();
	new_mm(&a, 2, RX);
	ASSERT_EQ(vma_map_image_pages(&a, BASE, img, 2), 0);
	ASSERT_EQ(mm_init(&b), 0);
	ASSERT_EQ(dup_mm(&b, &a), 0);

	ASSERT_EQ(do_mprotect(&b, BASE, PAGE_SIZE, RW), 0);
	EXPECT_FALSE(pte_write(get_pte(&b.pgtable, BASE)));	/* mprotect grants no write */
	ASSERT_EQ(access(&b, BASE, FAULT_WRITE), 0);
	copy = mapped(&b, BASE);
	ASSERT_NOT_NULL(copy);
	EXPECT_NE(copy, img_page(0));
	EXPECT_FALSE(page_is_image(copy));
	EXPECT_EQ(copy->use, PAGE_USE_ANON);
	EXPECT_EQ(((u8 *)page_address(copy))[PAGE_SIZE - 1], 0xa0);	/* a copy of the image */
	((u8 *)page_address(copy))[0] = 0x55;
	EXPECT_EQ(img[0], 0xa0);
	EXPECT_EQ(nr_pages_by_use(PAGE_USE_ANON), anon + 1);
	expect_counts(0, 1);
	expect_counts(1, 2);
	EXPECT_EQ(mapped(&a, BASE), img_page(0));
	EXPECT_EQ(check_rmap(&a, &b), 0);

	/* Writable data from the image: the first write copies, the original stays. */
	ASSERT_EQ(do_mprotect(&a, BASE + PAGE_SIZE, PAGE_SIZE, RW), 0);
	ASSERT_EQ(access(&a, BASE + PAGE_SIZE, FAULT_WRITE), 0);
	EXPECT_NE(mapped(&a, BASE + PAGE_SIZE), img_page(1));
	expect_counts(1, 1);
	EXPECT_EQ(check_rmap(&a, &b), 0);

	exit_mmap(&a);
	mm_destroy(&a);
	exit_mmap(&b);
	mm_destroy(&b);
	expect_counts(0, 0);
	expect_counts(1, 0);
	EXPECT_EQ(nr_pages_by_use(PAGE_USE_ANON), anon);
	EXPECT_BUDDY_OK();
}

TEST(bad_mappings_are_refused_and_leave_nothing)
{
	static struct mm_struct a;

	setup_image();
	new_mm(&a, 4, RW);
	/* Not image pages; past the image; past the VMA. */
	EXPECT_EQ(vma_map_image_pages(&a, BASE, img - PAGE_SIZE, 1), -EINVAL);
	EXPECT_EQ(vma_map_image_pages(&a, BASE, img + PAGE_SIZE, IMG_PAGES), -EINVAL);
	EXPECT_EQ(vma_map_image_pages(&a, BASE + 2 * PAGE_SIZE, img, 3), -EINVAL);
	EXPECT_EQ(vma_map_image_pages(&a, BASE + 8 * PAGE_SIZE, img, 1), -EINVAL);
	/* A page already there: -EBUSY, and the pages before it are unmapped again. */
	ASSERT_EQ(access(&a, BASE + 2 * PAGE_SIZE, FAULT_WRITE), 0);
	EXPECT_EQ(vma_map_image_pages(&a, BASE, img, 3), -EBUSY);
	EXPECT_NULL(mapped(&a, BASE));
	EXPECT_NULL(mapped(&a, BASE + PAGE_SIZE));
	for (u32 i = 0; i < IMG_PAGES; i++)
		expect_counts(i, 0);
	EXPECT_EQ(nr_image_pages_mapped(), 0);
	exit_mmap(&a);
	mm_destroy(&a);
}

#if IS_ENABLED(CONFIG_FAULT_INJECTION)
/* Every allocation failure of mapping image pages and of copying one leaves all as it was. */
static struct mm_struct fa, fb;

struct image_snap {
	struct mm_snapshot mm;
	pte_t ptes[2][IMG_PAGES];
	u32 counts[IMG_PAGES], mapcounts[IMG_PAGES];
	bool anon_vma;
};

static void take(void *p)
{
	struct image_snap *s = p;

	memset(s, 0, sizeof(*s));
	mm_snapshot_take(&s->mm);
	for (u32 i = 0; i < IMG_PAGES; i++) {
		s->ptes[0][i] = get_pte(&fa.pgtable, BASE + i * PAGE_SIZE);
		s->ptes[1][i] = get_pte(&fb.pgtable, BASE + i * PAGE_SIZE);
		s->counts[i] = page_count(img_page(i));
		s->mapcounts[i] = page_mapcount(img_page(i));
	}
	s->anon_vma = find_vma(&fb, BASE) && vma_has_anon_vma(find_vma(&fb, BASE));
}

static bool same(const void *a, const void *b)
{
	const struct image_snap *x = a, *y = b;

	/* Objects in use, not the pages the caches keep. */
	if (x->mm.nr_caches != y->mm.nr_caches)
		return false;
	for (u32 i = 0; i < x->mm.nr_caches; i++)
		if (x->mm.caches[i].inuse != y->mm.caches[i].inuse)
			return false;
	return x->mm.by_use[PAGE_USE_ANON] == y->mm.by_use[PAGE_USE_ANON] &&
	       x->mm.by_use[PAGE_USE_PGTABLE] == y->mm.by_use[PAGE_USE_PGTABLE] &&
	       !memcmp(x->ptes, y->ptes, sizeof(x->ptes)) &&
	       !memcmp(x->counts, y->counts, sizeof(x->counts)) &&
	       !memcmp(x->mapcounts, y->mapcounts, sizeof(x->mapcounts)) &&
	       x->anon_vma == y->anon_vma;
}

static void check(void)
{
	EXPECT_EQ(check_rmap(&fa, &fb), 0);
}

static void finish(void)
{
	exit_mmap(&fa);
	mm_destroy(&fa);
	exit_mmap(&fb);
	mm_destroy(&fb);
	for (u32 i = 0; i < IMG_PAGES; i++)
		expect_counts(i, 0);
}

/* a maps the image pages at BASE; b is its fork, with BASE writable, far from any table. */
static void prepare(void)
{

	host_mm_init(HOST_RAM_DEFAULT);
	setup_image();
	new_mm(&fa, IMG_PAGES, RW);
	ASSERT_EQ(mm_init(&fb), 0);
}

static int map_op(void)
{
	return vma_map_image_pages(&fa, BASE, img, IMG_PAGES);
}

static void prepare_cow(void)
{
	prepare();
	ASSERT_EQ(vma_map_image_pages(&fa, BASE, img, IMG_PAGES), 0);
	ASSERT_EQ(dup_mm(&fb, &fa), 0);
}

static int cow_op(void)
{
	return handle_mm_fault(&fb, BASE + PAGE_SIZE, FAULT_WRITE | FAULT_USER);
}

TEST(image_mapping_and_copy_are_all_or_nothing)
{
	static struct image_snap before, after;
	struct fail_each f = {
		.prepare = prepare, .op = map_op, .snap = take, .same = same,
		.before = &before, .after = &after, .check = check, .finish = finish,
	};

	/* The mapping needs a page table (a page, or a fragment of a slab page). */
	EXPECT_TRUE(fail_each_run(&f) >= 1);
	/* The copy needs a page and, for the VMA's first anonymous page, an anon_vma. */
	f.prepare = prepare_cow;
	f.op = cow_op;
	EXPECT_TRUE(fail_each_run(&f) >= (IS_ENABLED(CONFIG_SWAP) ? 2u : 1u));
}
#endif
