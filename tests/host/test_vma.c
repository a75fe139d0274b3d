// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host tests of mm/vma.c and mm/memory.c: every call's normal and error
 * cases, the pgoff rules of Documentation/mm/design.md, all-or-nothing under an allocation
 * failure at every allocation index of every operation, and a seeded
 * random run against a reference model.  Touches mm/ only through its
 * headers; owns nothing of the kernel.
 *
 * The model is an array of pages over a window of user space, each with
 * mapped / flags / pgoff, and for a page that was touched a token written
 * into it and whether its PTE may be writable.  The kernel keeps VMAs
 * merged, so its VMA set must be exactly the model's maximal runs of
 * mapped pages with equal flags and consecutive pgoffs; and every touched
 * page must be mapped by a PTE to a page holding its token, every other
 * page by none.  mmap_base is the window's top, so get_unmapped_area
 * stays inside it.
 *
 * Twins: every call runs on two address spaces built by the same calls.
 * With CONFIG_FAULT_INJECTION the first fails its 1st, 2nd, ... slab
 * allocation and the second its 1st, 2nd, ... page allocation (slab
 * growth and page tables), each until the call gets through; every
 * injected failure must give -ENOMEM and change nothing.  Then both must
 * agree with each other and with the model.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <anvil/errno.h>
#include <anvil/fault.h>
#include <anvil/fault_inject.h>
#include <anvil/mm.h>
#include <anvil/slab.h>
#include <anvil/vma.h>
#include "test.h"
#include "mm_check.h"

#define ASSERT(c)	ASSERT_TRUE(c)
#define FAIL(msg)	do { test_fail(__FILE__, __LINE__, "%s", msg); test_abort(); } while (0)

#define PG		PAGE_SIZE
#define WIN_PAGES	256u
#define WIN_TOP		(WIN_PAGES * PG)
#define MODEL_PAGES	(WIN_PAGES + 256)	/* hints and MAP_FIXED reach above the window */
#define RANDOM_LIMIT	(WIN_PAGES + 100)	/* random calls stay below this page */
#define RW		(PROT_READ | PROT_WRITE)
#define ANON		(MAP_PRIVATE | MAP_ANONYMOUS)

/* ------------------------------------------------------------ snapshots */

struct vma_dump {
	unsigned long start, end, pgoff, flags;
};

/* Everything a failed call must leave as it was: VMAs, counts, brk, and every PTE. */
struct snapshot {
	unsigned n, map_count, total_vm;
	unsigned long brk;
	struct vma_dump v[MODEL_PAGES];
	pte_t pte[MODEL_PAGES];
};

static void take_snapshot(struct mm_struct *mm, struct snapshot *s)
{
	const struct vm_area_struct *v;

	memset(s, 0, sizeof(*s));
	for_each_vma(mm, v) {
		ASSERT(s->n < MODEL_PAGES);
		s->v[s->n++] = (struct vma_dump){ v->vm_start, v->vm_end, v->vm_pgoff, v->vm_flags };
	}
	s->map_count = mm->map_count;
	s->total_vm = mm->total_vm;
	s->brk = mm->brk;
	for (unsigned long p = 0; p < MODEL_PAGES; p++)
		s->pte[p] = get_pte(&mm->pgtable, p * PG);
}

static bool same_snapshot(const struct snapshot *a, const struct snapshot *b)
{
	return !memcmp(a, b, sizeof(*a));
}

static void dump_vmas(const struct mm_struct *mm)
{
	const struct vm_area_struct *v;

	for_each_vma(mm, v)
		printf("    [%#lx, %#lx) pgoff %#lx flags %lx\n",
		       v->vm_start, v->vm_end, v->vm_pgoff, v->vm_flags);
}

/* ------------------------------------------------------------ the model */

struct mpage {
	bool mapped;
	bool writable;		/* touched while VM_WRITE, and not write-protected since */
	unsigned long flags, pgoff;
	u32 token;		/* written into the page when touched; 0: never touched */
};

static struct mpage model[MODEL_PAGES];
static unsigned long model_brk, model_start_brk;

static bool m_free(unsigned long p, unsigned long n)
{
	for (unsigned long i = p; i < p + n && i < MODEL_PAGES; i++)
		if (model[i].mapped)
			return false;
	return true;
}

static bool m_mapped(unsigned long p, unsigned long n)
{
	for (unsigned long i = p; i < p + n; i++)
		if (i >= MODEL_PAGES || !model[i].mapped)
			return false;
	return true;
}

static void m_map(unsigned long p, unsigned long n, unsigned long flags, unsigned long pgoff)
{
	ASSERT(p + n <= MODEL_PAGES);
	for (unsigned long i = 0; i < n; i++)
		model[p + i] = (struct mpage){ .mapped = true, .flags = flags, .pgoff = pgoff + i };
}

static void m_unmap(unsigned long p, unsigned long n)
{
	for (unsigned long i = p; i < p + n && i < MODEL_PAGES; i++)
		model[i] = (struct mpage){ 0 };
}

static bool m_joins(unsigned long p)	/* page p continues page p - 1's VMA */
{
	return p > 0 && model[p].mapped && model[p - 1].mapped &&
	       model[p].flags == model[p - 1].flags && model[p].pgoff == model[p - 1].pgoff + 1;
}

/* The last page + 1 of the run (VMA) holding page p. */
static unsigned long m_run_end(unsigned long p)
{
	while (p + 1 < MODEL_PAGES && m_joins(p + 1))
		p++;
	return p + 1;
}

static unsigned long m_run_start(unsigned long p)
{
	while (m_joins(p))
		p--;
	return p;
}

/* Top-down: the highest free n pages ending at or below the window top; 0 if none. */
static unsigned long m_highest_free(unsigned long n)
{
	for (unsigned long p = WIN_PAGES - n; p >= 1 && p <= WIN_PAGES; p--)
		if (m_free(p, n))
			return p;
	return 0;
}

/* The kernel's VMAs are exactly the model's runs, and pass vma_check. */
static void check_against_model(const struct mm_struct *mm)
{
	const struct vm_area_struct *v = vma_first(mm);
	unsigned long p = 1;

	ASSERT_EQ(vma_check(mm), 0);
	while (p < MODEL_PAGES) {
		unsigned long end;

		if (!model[p].mapped) {
			p++;
			continue;
		}
		end = m_run_end(p);
		if (!v || v->vm_start != p * PG || v->vm_end != end * PG ||
		    v->vm_pgoff != model[p].pgoff || v->vm_flags != model[p].flags) {
			printf("  model run [%#lx, %#lx) pgoff %#lx flags %lx, kernel:\n",
			       p * PG, end * PG, model[p].pgoff, model[p].flags);
			dump_vmas(mm);
			FAIL("VMA set differs from the model");
		}
		v = vma_next(v);
		p = end;
	}
	if (v) {
		dump_vmas(mm);
		FAIL("kernel has VMAs the model has not");
	}
	ASSERT_EQ(mm->brk, model_brk);
}

static u32 expected_prot(const struct mpage *m)
{
	return (m->flags & VM_READ ? PTE_READ : 0) | (m->flags & VM_EXEC ? PTE_EXEC : 0) |
	       (m->writable ? PTE_WRITE : 0);
}

static u32 token_at(struct mm_struct *mm, unsigned long addr)
{
	pte_t pte = get_pte(&mm->pgtable, addr);

	return pte_present(pte) ? *(u32 *)page_address(pfn_to_page(pte_pfn(pte))) : 0;
}

/* Touched pages are mapped to their own page with the right protection; no other PTE exists. */
static void check_pages(struct mm_struct *mm)
{
	for (unsigned long p = 0; p < MODEL_PAGES; p++) {
		pte_t pte = get_pte(&mm->pgtable, p * PG);
		struct page *page;

		if (!model[p].token) {
			if (pte) {
				printf("  page %#lx: PTE %08x where none should be\n", p * PG, pte);
				FAIL("stray PTE");
			}
			continue;
		}
		if (!pte_present(pte)) {
			printf("  page %#lx: token %u lost\n", p * PG, model[p].token);
			FAIL("touched page not mapped");
		}
		page = pfn_to_page(pte_pfn(pte));
		ASSERT_EQ(token_at(mm, p * PG), model[p].token);
		ASSERT_EQ(pte_prot(pte), expected_prot(&model[p]));
		ASSERT_EQ(page_count(page), 1);
		ASSERT_EQ(page_mapcount(page), 1);
	}
}

/* What a fault would do at addr in a VMA with flags: a fresh page, holding token. */
static void touch_page(struct mm_struct *mm, unsigned long addr, unsigned long flags,
		       u32 token, bool write)
{
	struct page *page = alloc_page(PAGE_USE_ANON);
	u32 prot = PTE_YOUNG;

	ASSERT_NOT_NULL(page);
	*(u32 *)page_address(page) = token;
	prot |= flags & VM_READ ? PTE_READ : 0;
	prot |= flags & VM_EXEC ? PTE_EXEC : 0;
	prot |= write ? PTE_WRITE : 0;
	ASSERT_EQ(set_pte(&mm->pgtable, addr, mk_pte(page_to_pfn(page), prot)), 0);
	page_mapcount_inc(page);
}


/* ------------------------------------------------------------ operations */

enum op_kind { OP_MMAP, OP_MUNMAP, OP_MPROTECT, OP_MREMAP, OP_BRK, NR_OPS };

struct op {
	enum op_kind kind;
	unsigned long addr, len, new_len, prot, flags;
	unsigned long result;		/* address mmap / mremap returned */
};

static int run_op(struct mm_struct *mm, struct op *op)
{
	switch (op->kind) {
	case OP_MMAP:
		return do_mmap(mm, op->addr, op->len, op->prot, op->flags, &op->result);
	case OP_MUNMAP:
		return do_munmap(mm, op->addr, op->len);
	case OP_MPROTECT:
		return do_mprotect(mm, op->addr, op->len, op->prot);
	case OP_MREMAP:
		return do_mremap(mm, op->addr, op->len, op->new_len, op->flags, &op->result);
	case OP_BRK:
		return do_brk(mm, op->addr);
	default:
		return -EINVAL;
	}
}

static bool range_ok(unsigned long start, unsigned long len)
{
	return start % PG == 0 && len && len <= TASK_SIZE && start < TASK_SIZE &&
	       ALIGN(len, PG) <= TASK_SIZE - start;
}

/*
 * What the model says op must return, applying its effect to the model.
 * For mmap without MAP_FIXED and for a moving mremap the kernel picks the
 * address: the model checks the rule (hint if free, else the highest free
 * range) against op->result.
 */
static int model_op(struct op *op, int got)
{
	unsigned long p = op->addr / PG, n = DIV_ROUND_UP(op->len, PG);

	switch (op->kind) {
	case OP_MMAP: {
		unsigned long hint = ALIGN(op->addr, PG) / PG;

		if ((op->prot & ~7ul) || (op->flags & ~MAP_FIXED) != ANON || !op->len)
			return -EINVAL;
		if (op->flags & MAP_FIXED) {
			if (op->addr % PG || !range_ok(op->addr, op->len))
				return -EINVAL;
			if (p < 1)
				return -EPERM;		/* Linux's mmap_min_addr */
		} else if (hint >= 1 && m_free(hint, n)) {
			p = hint;
		} else if (!(p = m_highest_free(n))) {
			return -ENOMEM;
		}
		m_map(p, n, op->prot, p);
		ASSERT(got || op->result == p * PG);
		return 0;
	}
	case OP_MUNMAP:
		if (!range_ok(op->addr, op->len))
			return -EINVAL;
		m_unmap(p, n);
		return 0;
	case OP_MPROTECT:
		if (op->prot & ~7ul)
			return -EINVAL;
		if (!range_ok(op->addr, op->len))	/* past user space: ENOMEM, as Linux */
			return op->addr % PG || !op->len ? -EINVAL : -ENOMEM;
		if (!m_mapped(p, n))
			return -ENOMEM;
		for (unsigned long i = p; i < p + n; i++) {
			model[i].flags = op->prot;
			model[i].writable &= !!(op->prot & VM_WRITE);
		}
		return 0;
	case OP_MREMAP: {
		unsigned long nn = DIV_ROUND_UP(op->new_len, PG), to, pgoff, flags;
		static struct mpage saved[MODEL_PAGES];

		if ((op->flags & ~MREMAP_MAYMOVE) || !range_ok(op->addr, op->len) ||
		    !op->new_len || op->new_len > TASK_SIZE)
			return -EINVAL;
		if (!m_mapped(p, n) || m_run_start(p) != m_run_start(p + n - 1))
			return -EFAULT;
		if (nn <= n) {
			m_unmap(p + nn, n - nn);
			ASSERT(got || op->result == op->addr);
			return 0;
		}
		pgoff = model[p].pgoff;
		flags = model[p].flags;
		if (m_run_end(p) == p + n && m_free(p + n, nn - n)) {
			m_map(p + n, nn - n, flags, pgoff + n);
			ASSERT(got || op->result == op->addr);
			return 0;
		}
		if (!(op->flags & MREMAP_MAYMOVE))
			return -ENOMEM;
		if (!(to = m_highest_free(nn)))
			return -ENOMEM;
		memcpy(saved, &model[p], n * sizeof(*saved));
		m_unmap(p, n);
		m_map(to, nn, flags, pgoff);
		memcpy(&model[to], saved, n * sizeof(*saved));	/* the pages move along */
		ASSERT(got || op->result == to * PG);
		return 0;
	}
	case OP_BRK: {
		unsigned long old_end = ALIGN(model_brk, PG) / PG, new_end;

		if (op->addr < model_start_brk)
			return -EINVAL;
		if (op->addr > TASK_SIZE)
			return -ENOMEM;
		new_end = ALIGN(op->addr, PG) / PG;
		if (new_end < old_end) {
			m_unmap(new_end, old_end - new_end);
		} else if (new_end > old_end) {
			if (!m_free(old_end, new_end - old_end))
				return -ENOMEM;
			m_map(old_end, new_end - old_end, RW, old_end);
		}
		model_brk = op->addr;
		return 0;
	}
	default:
		return -EINVAL;
	}
}

/* ------------------------------------------------------------ twins and failures */

static struct mm_struct twins[2];
static unsigned long injected_failures[2];	/* slab, page */

#if IS_ENABLED(CONFIG_FAULT_INJECTION)
/* Twin 0 fails its slab allocations one by one, twin 1 its page allocations. */
static struct fault_attr *twin_site(int twin)
{
	return twin ? &fail_page_alloc : &fail_slab;
}

/* Run op failing the Nth allocation at the twin's site: true when a failure was injected. */
static bool run_op_failing(struct mm_struct *mm, int twin, struct op *op, u32 nth, int *err)
{
	struct fault_attr *site = twin_site(twin);
	bool injected;

	fault_inject_nth(site, nth);
	*err = run_op(mm, op);
	injected = site->injected;
	fault_inject_off(site);
	return injected;
}
#endif

static void expect_unchanged(struct mm_struct *mm, const struct snapshot *before,
			     const struct op *op, const char *why)
{
	static struct snapshot after;

	take_snapshot(mm, &after);
	if (!same_snapshot(before, &after)) {
		printf("  op %d (%s), VMAs now:\n", op->kind, why);
		dump_vmas(mm);
		FAIL("a failed call changed the VMAs or PTEs");
	}
	ASSERT_EQ(vma_check(mm), 0);
}

/*
 * Run op on one twin with its Nth allocation failing, N = 1, 2, ..., until
 * it gets through (or fails for a reason of its own): every injected
 * failure must give -ENOMEM.  A call that fails, for whatever reason,
 * must change nothing.  Returns the last result.
 */
static int run_op_failing_each(struct mm_struct *mm, int twin, struct op *op)
{
	static struct snapshot before;
	int err;

	take_snapshot(mm, &before);
#if IS_ENABLED(CONFIG_FAULT_INJECTION)
	for (u32 nth = 1; run_op_failing(mm, twin, op, nth, &err); nth++) {
		injected_failures[twin]++;
		if (err != -ENOMEM)
			printf("  op %d: allocation %u failed, result %d\n", op->kind, nth, err);
		ASSERT_EQ(err, -ENOMEM);
		expect_unchanged(mm, &before, op, twin ? "page allocation failed" : "slab allocation failed");
	}
#else
	(void)twin;
	err = run_op(mm, op);
#endif
	if (err)
		expect_unchanged(mm, &before, op, "failed by itself");
	return err;
}

/* Run op on both twins, every way, and check them against the model and each other. */
static void check_op(const struct op *op)
{
	struct op ran[2] = { *op, *op };
	int got[2], want;

	for (int t = 0; t < 2; t++)
		got[t] = run_op_failing_each(&twins[t], t, &ran[t]);
	ASSERT_EQ(got[0], got[1]);
	ASSERT_EQ(ran[0].result, ran[1].result);
	want = model_op(&ran[0], got[0]);
	if (got[0] != want) {
		printf("  op %d addr %#lx len %#lx new_len %#lx prot %lx flags %lx: got %d, want %d\n",
		       op->kind, op->addr, op->len, op->new_len, op->prot, op->flags, got[0], want);
		dump_vmas(&twins[0]);
		FAIL("result differs from the model");
	}
	for (int t = 0; t < 2; t++) {
		check_against_model(&twins[t]);
		check_pages(&twins[t]);
	}
}

/* Touch page p in both twins, as a fault would, if it is mapped, accessible and untouched. */
static void touch(unsigned long p)
{
	static u32 next_token;
	bool write;

	if (p >= MODEL_PAGES || !model[p].mapped || !model[p].flags || model[p].token)
		return;
	write = model[p].flags & VM_WRITE;
	model[p].token = ++next_token;
	model[p].writable = write;
	for (int t = 0; t < 2; t++)
		touch_page(&twins[t], p * PG, model[p].flags, model[p].token, write);
}

static void touch_range(unsigned long start, unsigned long len)
{
	for (unsigned long p = start / PG; p < (start + len) / PG; p++)
		touch(p);
}

/* ------------------------------------------------------------ directed tests */

/* Both twins empty, with the window's top as mmap_base and a heap at page 200. */
static struct mm_struct *fresh_mm(void)
{
	vma_cache_init();	/* host_mm_init started mm/ over */
	for (int t = 0; t < 2; t++) {
		ASSERT_EQ(mm_init(&twins[t]), 0);
		twins[t].mmap_base = WIN_TOP;
		twins[t].start_brk = twins[t].brk = 200 * PG;
	}
	memset(model, 0, sizeof(model));
	model_start_brk = model_brk = 200 * PG;
	return &twins[0];
}

/* Destroying the twins gives back every VMA, page and page table. */
static void done_mm(void)
{
	struct kmem_cache *cache = find_cache("vm_area_struct");

	for (int t = 0; t < 2; t++)
		mm_destroy(&twins[t]);
	ASSERT_NOT_NULL(cache);
	ASSERT_EQ(cache->inuse, 0);
	ASSERT_EQ(nr_pages_by_use(PAGE_USE_ANON), 0);
	ASSERT_EQ(nr_pages_by_use(PAGE_USE_PGTABLE), 0);
}

static void do_op(enum op_kind kind, unsigned long addr, unsigned long len,
		  unsigned long new_len, unsigned long prot, unsigned long flags)
{
	struct op op = { kind, addr, len, new_len, prot, flags, 0 };

	check_op(&op);
}

#define MMAP(a, l, p, f)	do_op(OP_MMAP, a, l, 0, p, f)
#define MUNMAP(a, l)		do_op(OP_MUNMAP, a, l, 0, 0, 0)
#define MPROTECT(a, l, p)	do_op(OP_MPROTECT, a, l, 0, p, 0)
#define MREMAP(a, l, nl, f)	do_op(OP_MREMAP, a, l, nl, 0, f)
#define BRK(a)			do_op(OP_BRK, a, 0, 0, 0, 0)

static unsigned long count_vmas(const struct mm_struct *mm)
{
	return mm->map_count;
}

TEST(vma_mmap_hint_and_topdown)
{
	struct mm_struct *mm = fresh_mm();
	unsigned long a;

	MMAP(0, 4 * PG, RW, ANON);		/* top down: [252, 256) */
	ASSERT(model[252].mapped && !model[251].mapped);
	MMAP(10 * PG, 4 * PG, RW, ANON);	/* hint free: there */
	ASSERT(model[10].mapped);
	MMAP(10 * PG, 1, RW, ANON);		/* hint taken: top down, below the first */
	ASSERT(model[251].mapped);
	ASSERT_EQ(count_vmas(mm), 2);		/* 251 merged with 252..255 (pgoff runs on) */
	ASSERT_EQ(do_mmap(mm, 0, 0, RW, ANON, &a), -EINVAL);
	ASSERT_EQ(do_mmap(mm, 0, PG, 8, ANON, &a), -EINVAL);
	ASSERT_EQ(do_mmap(mm, 0, PG, RW, MAP_SHARED | MAP_ANONYMOUS, &a), -EINVAL);
	ASSERT_EQ(do_mmap(mm, 0, PG, RW, MAP_PRIVATE, &a), -EINVAL);
	ASSERT_EQ(do_mmap(mm, 0, WIN_TOP, RW, ANON, &a), -ENOMEM);	/* no room below mmap_base */
	ASSERT_EQ(do_mmap(mm, PG + 1, PG, RW, ANON | MAP_FIXED, &a), -EINVAL);
	ASSERT_EQ(do_mmap(mm, 0, PG, RW, ANON | MAP_FIXED, &a), -EPERM);	/* page 0: Linux's mmap_min_addr */
	ASSERT_EQ(do_mmap(mm, TASK_SIZE - PG, 2 * PG, RW, ANON | MAP_FIXED, &a), -EINVAL);
	check_against_model(mm);
	done_mm();
}

TEST(vma_mmap_fixed_replaces)
{
	struct mm_struct *mm = fresh_mm();

	MMAP(10 * PG, 20 * PG, RW, ANON | MAP_FIXED);
	MMAP(40 * PG, 10 * PG, PROT_READ, ANON | MAP_FIXED);
	touch_range(10 * PG, 40 * PG);
	MMAP(15 * PG, 5 * PG, PROT_READ, ANON | MAP_FIXED);	/* middle: 3 VMAs, fresh pages */
	ASSERT_EQ(count_vmas(mm), 4);
	MMAP(15 * PG, 5 * PG, RW, ANON | MAP_FIXED);		/* back: merges into one */
	ASSERT_EQ(count_vmas(mm), 2);
	MMAP(20 * PG, 5 * PG, RW, ANON | MAP_FIXED);		/* same mapping again: no change */
	ASSERT_EQ(count_vmas(mm), 2);
	MMAP(25 * PG, 20 * PG, PROT_EXEC, ANON | MAP_FIXED);	/* over the end of one and start of the next */
	ASSERT_EQ(count_vmas(mm), 3);
	MMAP(5 * PG, 60 * PG, PROT_NONE, ANON | MAP_FIXED);	/* over everything */
	ASSERT_EQ(count_vmas(mm), 1);
	MMAP(30 * PG, 5 * PG, PROT_NONE, ANON | MAP_FIXED);	/* inside, same: nothing changes */
	ASSERT_EQ(count_vmas(mm), 1);
	done_mm();
}

TEST(vma_munmap_splits)
{
	struct mm_struct *mm = fresh_mm();

	MMAP(10 * PG, 30 * PG, RW, ANON | MAP_FIXED);
	touch_range(10 * PG, 30 * PG);
	MUNMAP(10 * PG, 2 * PG);		/* at the start */
	MUNMAP(38 * PG, 2 * PG);		/* at the end */
	MUNMAP(20 * PG, 3 * PG);		/* in the middle: the upper piece's pgoff follows */
	ASSERT_EQ(count_vmas(mm), 2);
	ASSERT_EQ(find_vma(mm, 23 * PG)->vm_pgoff, 23);
	MUNMAP(100 * PG, 10 * PG);		/* nothing there: fine */
	MUNMAP(0, TASK_SIZE);			/* everything */
	ASSERT_EQ(count_vmas(mm), 0);
	ASSERT_EQ(do_munmap(mm, PG + 1, PG), -EINVAL);
	ASSERT_EQ(do_munmap(mm, PG, 0), -EINVAL);
	ASSERT_EQ(do_munmap(mm, TASK_SIZE - PG, 2 * PG), -EINVAL);
	ASSERT_EQ(do_munmap(mm, TASK_SIZE, PG), -EINVAL);
	ASSERT_EQ(do_munmap(mm, PG, ~0ul), -EINVAL);
	done_mm();
}

TEST(vma_mprotect_split_and_merge)
{
	struct mm_struct *mm = fresh_mm();

	MMAP(10 * PG, 30 * PG, RW, ANON | MAP_FIXED);
	touch_range(10 * PG, 30 * PG);
	MPROTECT(10 * PG, 5 * PG, PROT_READ);	/* start */
	MPROTECT(35 * PG, 5 * PG, PROT_READ);	/* end */
	MPROTECT(20 * PG, 5 * PG, PROT_READ);	/* middle */
	ASSERT_EQ(count_vmas(mm), 5);
	MPROTECT(15 * PG, 5 * PG, PROT_READ);	/* merges with both sides */
	ASSERT_EQ(count_vmas(mm), 3);
	MPROTECT(10 * PG, 30 * PG, RW);		/* across all: one again */
	ASSERT_EQ(count_vmas(mm), 1);
	MPROTECT(10 * PG, 30 * PG, RW);		/* no change */
	MPROTECT(12 * PG, 4 * PG, RW);
	ASSERT_EQ(count_vmas(mm), 1);
	MPROTECT(5 * PG, 10 * PG, PROT_READ);	/* hole below: ENOMEM, nothing changes */
	MPROTECT(35 * PG, 10 * PG, PROT_READ);	/* hole above */
	MMAP(50 * PG, 10 * PG, RW, ANON | MAP_FIXED);
	MPROTECT(30 * PG, 25 * PG, PROT_READ);	/* hole in the middle */
	MPROTECT(10 * PG, PG, 8);		/* bad prot */
	MPROTECT(10 * PG + 1, PG, PROT_READ);	/* misaligned */
	/* Not merged though adjacent and same flags: pgoffs do not run on. */
	MMAP(40 * PG, 10 * PG, PROT_READ, ANON | MAP_FIXED);
	MREMAP(40 * PG, 10 * PG, 20 * PG, MREMAP_MAYMOVE);	/* moves, keeps pgoff 40 */
	ASSERT_EQ(vma_last(mm)->vm_pgoff, 40);
	MMAP(40 * PG, 10 * PG, RW, ANON | MAP_FIXED);	/* pgoff 40 again: 10..60 are one */
	ASSERT_EQ(count_vmas(mm), 2);
	ASSERT_EQ(find_vma(mm, 0)->vm_end, 60 * PG);
	done_mm();
}

TEST(vma_mremap)
{
	struct mm_struct *mm = fresh_mm();
	struct vm_area_struct *v;

	MMAP(10 * PG, 10 * PG, RW, ANON | MAP_FIXED);
	touch_range(10 * PG, 10 * PG);
	MREMAP(10 * PG, 10 * PG, 6 * PG, 0);		/* shrink */
	MREMAP(10 * PG, 6 * PG, 12 * PG, 0);		/* grow in place */
	MMAP(22 * PG, 4 * PG, PROT_READ, ANON | MAP_FIXED);
	MREMAP(10 * PG, 12 * PG, 14 * PG, 0);		/* blocked, may not move: ENOMEM */
	MREMAP(10 * PG, 12 * PG, 14 * PG, MREMAP_MAYMOVE);	/* moves, whole VMA */
	v = find_vma(mm, 0);
	ASSERT_EQ(v->vm_start, 22 * PG);		/* the read-only one stayed */
	v = vma_last(mm);
	ASSERT_EQ(v->vm_pgoff, 10);			/* the pages keep their index */
	ASSERT_EQ(v->vm_end, WIN_TOP);
	MREMAP(v->vm_start + 4 * PG, 4 * PG, 8 * PG, MREMAP_MAYMOVE);	/* middle piece moves */
	ASSERT_EQ(count_vmas(mm), 4);
	MREMAP(50 * PG, PG, 2 * PG, MREMAP_MAYMOVE);	/* nothing there: EFAULT */
	MREMAP(22 * PG, 8 * PG, 9 * PG, MREMAP_MAYMOVE);	/* crosses a VMA end: EFAULT */
	MREMAP(22 * PG, PG, 0, 0);			/* EINVAL */
	MREMAP(22 * PG, 0, PG, 0);			/* EINVAL */
	MREMAP(22 * PG, PG, 2 * PG, MREMAP_FIXED | MREMAP_MAYMOVE);	/* not supported */
	MREMAP(22 * PG + 1, PG, 2 * PG, 0);		/* misaligned */
	MREMAP(22 * PG, 4 * PG, 4 * PG, 0);		/* same size: nothing */
	done_mm();
}

TEST(vma_mremap_pgoff_follows_pages)
{
	struct mm_struct *mm = fresh_mm();
	unsigned long to;

	MMAP(10 * PG, 10 * PG, RW, ANON | MAP_FIXED);
	touch_range(10 * PG, 10 * PG);
	MREMAP(14 * PG, 2 * PG, 2 * PG, MREMAP_MAYMOVE);
	ASSERT_EQ(do_mremap(mm, 14 * PG, 2 * PG, 2 * PG, MREMAP_MAYMOVE, &to), 0);
	ASSERT_EQ(to, 14 * PG);				/* same size: stays */
	MREMAP(14 * PG, 2 * PG, 3 * PG, MREMAP_MAYMOVE);	/* a middle piece moves out */
	ASSERT_EQ(count_vmas(mm), 3);
	to = vma_last(mm)->vm_start;
	ASSERT_EQ(find_vma(mm, to)->vm_pgoff, 14);	/* its pages keep their index */
	ASSERT_EQ(find_vma(mm, 16 * PG)->vm_pgoff, 16);
	/* A fresh mapping of the hole has pgoff 14 again (its address): all one VMA. */
	MMAP(14 * PG, 2 * PG, RW, ANON | MAP_FIXED);
	ASSERT_EQ(count_vmas(mm), 2);
	ASSERT_EQ(find_vma(mm, 10 * PG)->vm_end, 20 * PG);
	/* The moved piece grows in place; pgoff 14 + 3 pages continue. */
	MREMAP(to, 3 * PG, 5 * PG, 0);
	ASSERT_EQ(find_vma(mm, to)->vm_end, to + 5 * PG);
	ASSERT_EQ(find_vma(mm, to)->vm_pgoff, 14);
	done_mm();
}

/*
 * A moved page lands in a hole that fits it exactly, between two VMAs
 * whose page indices it continues: the one below grows over it and the
 * one above merges into it as well.
 */
TEST(vma_mremap_into_a_hole_joins_both_sides)
{
	struct mm_struct *mm = fresh_mm();
	const unsigned long w = WIN_PAGES;
	struct vm_area_struct *v;

	MMAP((w - 5) * PG, 5 * PG, RW, ANON | MAP_FIXED);	/* pgoff w-5 */
	MREMAP((w - 4) * PG, PG, 2 * PG, MREMAP_MAYMOVE);	/* to [w-7, w-5), pgoffs w-4, w-3 */
	MUNMAP((w - 3) * PG, PG);				/* the hole: [w-4, w-2) */
	ASSERT_EQ(count_vmas(mm), 3);
	MREMAP((w - 7) * PG, PG, 2 * PG, MREMAP_MAYMOVE);	/* pgoff w-4 back, into the hole */
	ASSERT_EQ(count_vmas(mm), 2);
	v = find_vma(mm, (w - 5) * PG);
	ASSERT_EQ(v->vm_start, (w - 5) * PG);
	ASSERT_EQ(v->vm_end, WIN_TOP);
	ASSERT_EQ(v->vm_pgoff, w - 5);
	done_mm();
}

TEST(vma_mprotect_never_grants_write)
{
	struct mm_struct *mm = fresh_mm();
	pte_t pte;

	MMAP(10 * PG, 4 * PG, RW, ANON | MAP_FIXED);
	touch_range(10 * PG, 4 * PG);
	ASSERT_TRUE(pte_write(get_pte(&mm->pgtable, 10 * PG)));
	MPROTECT(10 * PG, 4 * PG, PROT_READ);		/* write taken away */
	MPROTECT(10 * PG, 4 * PG, RW | PROT_EXEC);	/* not given back: the write fault does */
	pte = get_pte(&mm->pgtable, 11 * PG);
	ASSERT_TRUE(pte_present(pte) && !pte_write(pte) && pte_exec(pte) && pte_read(pte));
	MPROTECT(10 * PG, 4 * PG, PROT_NONE);
	ASSERT_EQ(pte_prot(get_pte(&mm->pgtable, 12 * PG)), 0);
	done_mm();
}

/*
 * PROT_WRITE alone maps readable, as Linux on ARM (a page table has no
 * write-only permission): a read fault must leave a PTE that allows the
 * read, or the access faults forever.  Also after
 * mprotect to write-only, and for a write fault first.
 */
TEST(vma_write_only_is_readable)
{
	struct mm_struct *mm = fresh_mm();
	unsigned long a;
	pte_t pte;

	/* Straight to mm/, not through the model: it knows nothing of these faults. */
	ASSERT_EQ(do_mmap(mm, 10 * PG, 4 * PG, PROT_WRITE, ANON | MAP_FIXED, &a), 0);
	ASSERT_EQ(handle_mm_fault(mm, 10 * PG, FAULT_USER), 0);
	pte = get_pte(&mm->pgtable, 10 * PG);
	ASSERT_TRUE(pte_present(pte) && pte_young(pte) && pte_read(pte) && !pte_write(pte));
	ASSERT_EQ(handle_mm_fault(mm, 10 * PG, FAULT_USER | FAULT_WRITE), 0);
	ASSERT_TRUE(pte_write(get_pte(&mm->pgtable, 10 * PG)));
	ASSERT_EQ(handle_mm_fault(mm, 11 * PG, FAULT_USER | FAULT_WRITE), 0);
	pte = get_pte(&mm->pgtable, 11 * PG);
	ASSERT_TRUE(pte_read(pte) && pte_write(pte));
	ASSERT_EQ(do_mprotect(mm, 10 * PG, 4 * PG, RW), 0);
	ASSERT_EQ(handle_mm_fault(mm, 12 * PG, FAULT_USER), 0);
	ASSERT_EQ(do_mprotect(mm, 10 * PG, 4 * PG, PROT_WRITE), 0);
	ASSERT_TRUE(pte_read(get_pte(&mm->pgtable, 12 * PG)));
	ASSERT_EQ(handle_mm_fault(mm, 13 * PG, FAULT_USER), 0);
	ASSERT_TRUE(pte_read(get_pte(&mm->pgtable, 13 * PG)));
	done_mm();
}

#if IS_ENABLED(CONFIG_FAULT_INJECTION)
/*
 * mremap moving touched pages to where no page table exists yet, across
 * a table boundary (1 MiB): each page allocation failing in turn must put
 * every PTE back and leave the VMA as it was.  The source's table page is
 * filled up first, so the first new table needs a new page (the second
 * is a fragment of that one).
 */
TEST(vma_mremap_move_fails_for_a_table)
{
	struct mm_struct *mm = fresh_mm();
	unsigned long to, src = 10 * PG;
	struct vm_area_struct *v;
	struct pgtable filler;
	u32 nth, injected;
	int err;

	/* Top down, the 8 new pages start 2 pages below 64 MiB: 2 PTEs in one table, 2 in the next. */
	mm->mmap_base = (64u << 20) + 6 * PG;
	ASSERT_EQ(do_mmap(mm, src, 4 * PG, RW, ANON | MAP_FIXED, &to), 0);
	ASSERT_EQ(do_mmap(mm, src + 4 * PG, PG, PROT_READ, ANON | MAP_FIXED, &to), 0);
	for (u32 i = 0; i < 4; i++)
		touch_page(mm, src + i * PG, RW, 100 + i, true);
	ASSERT_EQ(pgtable_init(&filler), 0);
	while (pgtable_stats.fragments % (PAGE_SIZE / 1024))
		ASSERT_EQ(set_pte(&filler, pgtable_stats.fragments << 20, mk_pte(1, RW)), 0);
	for (nth = 1;; nth++) {
		fault_inject_nth(&fail_page_alloc, nth);
		err = do_mremap(mm, src, 4 * PG, 8 * PG, MREMAP_MAYMOVE, &to);
		injected = fail_page_alloc.injected;
		fault_inject_off(&fail_page_alloc);
		if (!injected)
			break;
		ASSERT_EQ(err, -ENOMEM);
		v = find_vma(mm, src);
		ASSERT_TRUE(v->vm_start == src && v->vm_end == src + 4 * PG && v->vm_pgoff == 10);
		for (u32 i = 0; i < 4; i++)
			ASSERT_EQ(token_at(mm, src + i * PG), 100 + i);
		for (u32 i = 0; i < 8; i++)
			ASSERT_EQ(get_pte(&mm->pgtable, (64u << 20) - 2 * PG + i * PG), 0);
		ASSERT_EQ(vma_check(mm), 0);
	}
	ASSERT_EQ(err, 0);
	ASSERT_TRUE(nth > 1);			/* the new table page failed once */
	ASSERT_EQ(to, (64u << 20) - 2 * PG);
	v = find_vma(mm, to);
	ASSERT_TRUE(v->vm_start == to && v->vm_end == to + 8 * PG && v->vm_pgoff == 10);
	for (u32 i = 0; i < 4; i++) {
		ASSERT_EQ(token_at(mm, to + i * PG), 100 + i);
		ASSERT_EQ(get_pte(&mm->pgtable, src + i * PG), 0);
	}
	for (u32 mib = 0; mib < 4; mib++)
		clear_pte(&filler, mib << 20);
	pgtable_destroy(&filler);
	mm_destroy(&twins[1]);
	mm_destroy(mm);
	ASSERT_EQ(nr_pages_by_use(PAGE_USE_ANON), 0);
	ASSERT_EQ(nr_pages_by_use(PAGE_USE_PGTABLE), 0);
}
#endif

TEST(vma_brk)
{
	struct mm_struct *mm = fresh_mm();

	BRK(200 * PG + 100);			/* grow into a new page */
	BRK(210 * PG);
	touch_range(200 * PG, 10 * PG);
	ASSERT_EQ(count_vmas(mm), 1);
	ASSERT_EQ(find_vma(mm, 200 * PG)->vm_pgoff, 200);
	BRK(205 * PG + 1);			/* shrink */
	BRK(199 * PG);				/* below start: EINVAL */
	MMAP(220 * PG, 4 * PG, RW, ANON | MAP_FIXED);
	BRK(221 * PG);				/* runs into a mapping: ENOMEM */
	BRK(220 * PG);				/* touches it, merges (pgoffs run on) */
	ASSERT_EQ(count_vmas(mm), 1);
	BRK(200 * PG);				/* all the way back */
	BRK(TASK_SIZE + PG);
	done_mm();
}

static unsigned long rnd_state;

static unsigned long rnd(unsigned long n)
{
	rnd_state = rnd_state * 6364136223846793005ull + 1442695040888963407ull;
	return (rnd_state >> 33) % n;
}

static unsigned long rnd_len(void)
{
	unsigned long len = (1 + rnd(rnd(4) ? 8 : 40)) * PG;

	if (!rnd(20))
		len -= 1 + rnd(PG - 1);		/* unaligned length: rounded up */
	if (!rnd(50))
		len = 0;
	return len;
}

static unsigned long rnd_addr(void)
{
	unsigned long a = rnd(WIN_PAGES + 40) * PG;	/* some above mmap_base */

	if (!rnd(40))
		a += 1 + rnd(PG - 1);		/* misaligned */
	return a;
}

static void random_op(const struct mm_struct *mm, struct op *op)
{
	static const unsigned long prots[] = { PROT_NONE, PROT_READ, RW, RW | PROT_EXEC, 8 };

	memset(op, 0, sizeof(*op));
	op->kind = rnd(NR_OPS);
	op->addr = rnd_addr();
	op->len = rnd_len();
	op->prot = prots[rnd(rnd(30) ? 4 : 5)];
	switch (op->kind) {
	case OP_MMAP:
		op->flags = ANON | (rnd(2) ? MAP_FIXED : 0);
		if (!rnd(30))
			op->flags = MAP_SHARED | MAP_ANONYMOUS;
		if (!(op->flags & MAP_FIXED) && rnd(3))
			op->addr = 0;
		break;
	case OP_MREMAP: {
		struct vm_area_struct *v = find_vma(mm, op->addr);

		/* Mostly a range inside one VMA, so that the interesting cases happen. */
		if (v && rnd(4)) {
			unsigned long pages = vma_pages(v), off = rnd(pages);

			op->addr = v->vm_start + off * PG;
			op->len = (1 + rnd(pages - off)) * PG;
		}
		op->new_len = rnd_len();
		if (op->addr / PG + op->new_len / PG > RANDOM_LIMIT)
			op->new_len = op->len;	/* growing in place would creep up */
		op->flags = rnd(4) ? MREMAP_MAYMOVE : 0;
		break;
	}
	case OP_BRK:
		op->addr = model_start_brk + rnd(30 * PG) - (rnd(10) ? 0 : PG);
		break;
	default:
		break;
	}
}

/*
 * Long seeded runs of random calls (each also failed at every allocation,
 * on both twins) with random pages touched in between.  SEEDS x STEPS.
 */
#define RANDOM_SEEDS	30
#define RANDOM_STEPS	2000

TEST(vma_random_model)
{
	unsigned long steps = 0;

	memset(injected_failures, 0, sizeof(injected_failures));
	for (unsigned seed = 1; seed <= RANDOM_SEEDS; seed++) {
		struct mm_struct *mm = fresh_mm();

		rnd_state = seed;
		for (int i = 0; i < RANDOM_STEPS; i++, steps++) {
			struct op op;

			random_op(mm, &op);
			check_op(&op);
			for (int k = rnd(4); k > 0; k--)
				touch(rnd(WIN_PAGES));
		}
		done_mm();
	}
	printf("  vma_random_model: %lu steps, injected failures: %lu slab, %lu page\n",
	       steps, injected_failures[0], injected_failures[1]);
}
