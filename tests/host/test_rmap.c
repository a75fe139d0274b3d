// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host tests of the reverse map (mm/rmap.c) with the VMA layer, the fault
 * handler and fork it is wired into, for whichever design the variant
 * builds (chain with or without reuse, or shared): the walks' reach,
 * all-or-nothing under an allocation failure at every index of each
 * operation, and a seeded random model run checked by rmap_check after
 * every step.  Built with CONFIG_SWAP and CONFIG_DEBUG_VM.
 *
 * The model knows, per process and page, whether the page is mapped and
 * with which protection, and the token its contents must hold (0: never
 * written, reads as zero).  The kernel's results decide whether a call
 * succeeded (tests/host/test_vma.c checks the VMA semantics themselves);
 * the model then follows, and every page of every process must read back
 * its token: a child never sees a COW copy of its parent or siblings, and
 * try_to_unmap drops a page from every process that mapped it.
 *
 * RMAP_STEPS (default 50000) and RMAP_SEED (default 1) set the random
 * run; `make soak` runs many seeds of many steps.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <anvil/errno.h>
#include <anvil/fault.h>
#include <anvil/fault_inject.h>
#include <anvil/mm.h>
#include <anvil/rmap.h>
#include <anvil/slab.h>
#include <anvil/vma.h>
#include "test.h"
#include "mm_check.h"
#include "fail_each.h"
#include "fake_disk.h"
#include "swap_backend.h"
#include "user_mem.h"
#include "../../mm/reclaim_internal.h"
#include <anvil/swap.h>

#define PG		PAGE_SIZE
#define WIN		64u			/* pages of each process's window */
#define NPROC		6
#define RW		(PROT_READ | PROT_WRITE)
#define ANON		(MAP_PRIVATE | MAP_ANONYMOUS)
#define FAIL_NOW()	do { test_fail(__FILE__, __LINE__, "see above"); test_abort(); } while (0)
#define CHAIN		IS_ENABLED(CONFIG_ANON_RMAP_CHAIN)
#define REUSE		IS_ENABLED(CONFIG_ANON_VMA_REUSE)

/* ------------------------------------------------------------ processes and the model */

struct proc {
	bool alive;
	struct mm_struct mm;
	u32 token[WIN];		/* what page p must read; 0 = zero */
};

static struct proc procs[NPROC];
static u32 next_token;

static struct mm_struct *all_mms[NPROC];

static unsigned int live_mms(void)
{
	unsigned int n = 0;

	for (int i = 0; i < NPROC; i++)
		if (procs[i].alive)
			all_mms[n++] = &procs[i].mm;
	return n;
}

static void check_slots(void);

static void check_all(void)
{
	unsigned int n = live_mms();

	for (unsigned int i = 0; i < n; i++)
		ASSERT_EQ(vma_check(all_mms[i]), 0);
	ASSERT_EQ(rmap_check(all_mms, n), 0);
	check_slots();
}

/* A process with an empty address space; NULL when mm_init runs out of memory. */
static struct proc *new_proc(void)
{
	for (int i = 0; i < NPROC; i++) {
		struct proc *p = &procs[i];

		if (p->alive)
			continue;
		memset(p, 0, sizeof(*p));
		if (mm_init(&p->mm))
			return NULL;
		p->mm.mmap_base = WIN * PG;
		p->alive = true;
		return p;
	}
	ASSERT_TRUE(false);	/* callers check there is a free slot */
	return NULL;
}

static void exit_proc(struct proc *p)
{
	mm_destroy(&p->mm);
	p->alive = false;
}

/* A fresh mm/ and no processes. */
#define SWAP_PAGES	512u		/* the swap device: room for every window */

/* A fresh mm/, a swap area to reclaim to, and no processes. */
static void start(void)
{
	if (swap_enabled())
		swapoff();	/* before its maps' RAM starts over */
	swap_backend_free();	/* likewise */
	host_mm_init(HOST_RAM_DEFAULT);
	vma_cache_init();
	memset(procs, 0, sizeof(procs));
	next_token = 0;
	ASSERT_EQ(swapon(swap_backend_new(SWAP_PAGES)), 0);
}

/* Every process gone: every rmap object, VMA, page and table back (invariant 5). */
static void finish(void)
{
	for (int i = 0; i < NPROC; i++)
		if (procs[i].alive)
			exit_proc(&procs[i]);
	ASSERT_EQ(find_cache("anon_vma")->inuse, 0);
	ASSERT_EQ(find_cache("anon_vma_chain")->inuse, 0);
	ASSERT_EQ(find_cache("vm_area_struct")->inuse, 0);
	ASSERT_EQ(nr_pages_by_use(PAGE_USE_ANON), 0);
	ASSERT_EQ(nr_pages_by_use(PAGE_USE_SWAP_CACHE), 0);
	ASSERT_EQ(nr_pages_by_use(PAGE_USE_PGTABLE), 0);
	ASSERT_EQ(swap_cache_pages(), 0);
	if (swap_enabled())
		ASSERT_EQ(swapoff(), 0);	/* no slot left in use */
}

static struct page *page_at(struct mm_struct *mm, unsigned long addr)
{
	return user_page(mm, addr);
}

/* A write by the process at page p, as the CPU would do it: fault, then store. */
static int write_page(struct proc *p, unsigned long pg, u32 token)
{
	return user_write(&p->mm, pg * PG, token);
}

/* A read: fault in if needed, then what the page holds. */
static int read_page(struct proc *p, unsigned long pg, u32 *val)
{
	return user_read(&p->mm, pg * PG, val);
}

/* A swapped-out page's first word: in the swap cache if there, else on the device. */
static u32 swapped_word(swp_entry_t entry)
{
	struct page *page = swap_cache_lookup(entry);

	if (page)
		return *(u32 *)page_address(page);
	ASSERT_TRUE(swap_count(entry) > 0);
	return swap_backend_word(entry);
}

/*
 * Slot references: one per swap PTE and one per swap-cache page, no more;
 * and the reclaim clock agrees with its counts.
 */
static void check_slots(void)
{
	u32 refs = 0, ptes = 0;

	for (u32 slot = 1; slot < SWAP_PAGES; slot++)
		refs += swap_count((swp_entry_t){ slot });
	for (int i = 0; i < NPROC; i++)
		for (unsigned long pg = 0; procs[i].alive && pg < WIN; pg++)
			ptes += pte_is_swap(get_pte(&procs[i].mm.pgtable, pg * PG));
	if (refs != ptes + swap_cache_pages()) {
		printf("    %u slot references for %u swap PTEs and %u cache pages\n",
		       refs, ptes, swap_cache_pages());
		FAIL_NOW();
	}
	EXPECT_CLOCK_OK();
}

/* Every present page of every process holds its token, and so does every swapped one. */
static void check_contents(void)
{
	for (int i = 0; i < NPROC; i++) {
		struct proc *p = &procs[i];

		if (!p->alive)
			continue;
		for (unsigned long pg = 1; pg < WIN; pg++) {
			pte_t pte = get_pte(&p->mm.pgtable, pg * PG);
			u32 v;

			if (pte_present(pte))
				v = *(u32 *)page_address(pfn_to_page(pte_pfn(pte)));
			else if (pte_is_swap(pte))
				v = swapped_word(pte_to_swp_entry(pte));
			else
				continue;
			if (v != p->token[pg]) {
				printf("    proc %d page %lu (pte %08x) holds %u, want %u\n", i, pg,
				       pte, v, p->token[pg]);
				FAIL_NOW();
			}
		}
	}
}

/* ------------------------------------------------------------ snapshots for failures */

struct vsnap {
	unsigned long start, end, pgoff, flags;
	const struct anon_vma *anon_vma, *chain[8];
};

struct full_snapshot {
	u32 nvmas[NPROC];
	struct vsnap v[NPROC][WIN];
	pte_t pte[NPROC][WIN];
	u32 mapcount[NPROC][WIN], refcount[NPROC][WIN];
	u32 caches[4];
	u32 anon_pages, pgtable_pages;
};

static void snap(struct full_snapshot *s)
{
	static const char *names[] = { "anon_vma", "anon_vma_chain", "vm_area_struct", "mm_struct" };

	memset(s, 0, sizeof(*s));
	for (int i = 0; i < NPROC; i++) {
		struct vm_area_struct *v;
		u32 n = 0;

		if (!procs[i].alive)
			continue;
		for_each_vma(&procs[i].mm, v) {
			struct vsnap *d = &s->v[i][n++];
			int k = 0;

			*d = (struct vsnap){ v->vm_start, v->vm_end, v->vm_pgoff, v->vm_flags,
					     v->anon_vma, { 0 } };
			for (struct anon_vma *av = v->anon_chain; av && k < 8; av = av->parent)
				d->chain[k++] = av;
		}
		s->nvmas[i] = n;
		for (unsigned long pg = 0; pg < WIN; pg++) {
			struct page *page = page_at(&procs[i].mm, pg * PG);

			s->pte[i][pg] = get_pte(&procs[i].mm.pgtable, pg * PG);
			if (page) {
				s->mapcount[i][pg] = page_mapcount(page);
				s->refcount[i][pg] = page_count(page);
			}
		}
	}
	for (int c = 0; c < 4; c++) {
		struct kmem_cache *k = find_cache(names[c]);

		s->caches[c] = k ? k->inuse : 0;
	}
	s->anon_pages = nr_pages_by_use(PAGE_USE_ANON);
	s->pgtable_pages = nr_pages_by_use(PAGE_USE_PGTABLE);
}

static void forget_pages(struct full_snapshot *a, struct full_snapshot *b)
{
	for (struct full_snapshot *s = a; s; s = s == a ? b : NULL) {
		memset(s->pte, 0, sizeof(s->pte));
		memset(s->mapcount, 0, sizeof(s->mapcount));
		memset(s->refcount, 0, sizeof(s->refcount));
		s->anon_pages = 0;
	}
}

static void (*fail_setup)(void);

/* A fresh world without swap, so that a fault cannot reclaim its way past a failure. */
static void fail_prepare(void)
{
	start();
	fail_setup();
	ASSERT_EQ(swapoff(), 0);
}

static void snap_any(void *s)
{
	snap(s);
}

static bool same_snap(const void *a, const void *b)
{
	return !memcmp(a, b, sizeof(struct full_snapshot));
}

/*
 * Build a world with setup, then run op with its 1st, 2nd, ... slab
 * allocation failing, and again with its 1st, 2nd, ... page allocation
 * failing (tests/host/fail_each.c): every injected failure must return
 * -ENOMEM and leave every VMA, PTE, page count and rmap object as it was.
 * Returns the failures injected.
 */
static u32 fail_each(void (*setup)(void), int (*op)(void))
{
	static struct full_snapshot before, after;

	fail_setup = setup;
	return fail_each_run(&(struct fail_each){
		.prepare = fail_prepare, .op = op, .snap = snap_any, .same = same_snap,
		.before = &before, .after = &after, .check = check_all, .finish = finish,
	});
}

/* ------------------------------------------------------------ operations */

static struct proc *P(int i)
{
	return &procs[i];
}

static int do_map(struct proc *p, unsigned long pg, unsigned long n, unsigned long prot)
{
	unsigned long got;
	int err = do_mmap(&p->mm, pg * PG, n * PG, prot, ANON | MAP_FIXED, &got);

	if (!err)
		for (unsigned long i = pg; i < pg + n; i++)
			p->token[i] = 0;
	return err;
}

static void map(struct proc *p, unsigned long pg, unsigned long n, unsigned long prot)
{
	ASSERT_EQ(do_map(p, pg, n, prot), 0);
}

static void write_tok(struct proc *p, unsigned long pg)
{
	u32 t = ++next_token;

	ASSERT_EQ(write_page(p, pg, t), 0);
	p->token[pg] = t;
}

static void write_range(struct proc *p, unsigned long pg, unsigned long n)
{
	for (unsigned long i = pg; i < pg + n; i++)
		write_tok(p, i);
}

/* fork: the child's index, or a negative errno (and no child). */
static int fork_proc(struct proc *parent)
{
	struct proc *c = new_proc();
	int err;

	if (!c)
		return -ENOMEM;
	err = dup_mm(&c->mm, &parent->mm);
	if (err) {
		exit_proc(c);
		return err;
	}
	memcpy(c->token, parent->token, sizeof(c->token));
	return (int)(c - procs);
}

static struct proc *fork_ok(struct proc *parent)
{
	int c = fork_proc(parent);

	ASSERT_TRUE(c >= 0);
	return P(c);
}

/* Drop the reference try_to_unmap's caller holds, and the model's copies of the page. */
static u32 unmap_page(struct page *page)
{
	u32 pfn = page_to_pfn(page), done;

	/* The model: whoever maps this page loses it (reads zero after). */
	for (int i = 0; i < NPROC; i++) {
		if (!procs[i].alive)
			continue;
		for (unsigned long pg = 0; pg < WIN; pg++) {
			pte_t pte = get_pte(&procs[i].mm.pgtable, pg * PG);

			if (pte_present(pte) && pte_pfn(pte) == pfn)
				procs[i].token[pg] = 0;
		}
	}
	get_page(page);
	done = try_to_unmap(page, 0);
	ASSERT_EQ(page_mapcount(page), 0);
	put_page(page);
	return done;
}

/* VMAs visited by one walk of page. */
static u32 walk_cost(struct page *page)
{
	u32 before = rmap_stats.walk_vmas;

	page_referenced(page);
	return rmap_stats.walk_vmas - before;
}

/* ------------------------------------------------------------ directed tests */

TEST(rmap_first_fault_gives_anon_vma)
{
	struct vm_area_struct *v;

	start();
	new_proc();
	map(P(0), 8, 8, RW);
	v = find_vma(&P(0)->mm, 8 * PG);
	EXPECT_NULL(v->anon_vma);
	write_tok(P(0), 9);
	ASSERT_NOT_NULL(v->anon_vma);
	EXPECT_EQ(anon_vma_chain_len(v), 1);
	EXPECT_EQ(page_anon_vma(page_at(&P(0)->mm, 9 * PG)), v->anon_vma);
	EXPECT_EQ(page_at(&P(0)->mm, 9 * PG)->index, 9);
	check_all();
	finish();
}

TEST(rmap_fork_links_child_to_parent)
{
	struct vm_area_struct *pv, *cv;
	struct proc *c;

	start();
	new_proc();
	map(P(0), 8, 8, RW);
	write_range(P(0), 8, 8);
	c = fork_ok(P(0));
	pv = find_vma(&P(0)->mm, 8 * PG);
	cv = find_vma(&c->mm, 8 * PG);
	if (CHAIN) {
		EXPECT_NE(cv->anon_vma, pv->anon_vma);
		EXPECT_EQ(anon_vma_chain_len(cv), 2);
		EXPECT_EQ(vma_root_anon_vma(cv), pv->anon_vma);
	} else {
		EXPECT_EQ(cv->anon_vma, pv->anon_vma);
		EXPECT_EQ(anon_vma_chain_len(cv), 1);
	}
	/* The shared page still points at the parent's (oldest) anon_vma. */
	EXPECT_EQ(page_anon_vma(page_at(&c->mm, 9 * PG)), pv->anon_vma);
	write_tok(c, 9);	/* COW: the copy is the child's */
	EXPECT_EQ(page_anon_vma(page_at(&c->mm, 9 * PG)), cv->anon_vma);
	write_tok(P(0), 9);	/* the parent is now the only mapper: reuse in place */
	EXPECT_EQ(page_anon_vma(page_at(&P(0)->mm, 9 * PG)), pv->anon_vma);
	check_all();
	check_contents();
	finish();
}

/*
 * No reference count keeps a root alive and no field names it: both rest
 * on every chain that holds an anon_vma continuing with its whole line of
 * ancestors.  A parent pointer cut short breaks that (the child's VMA
 * stays in the root's tree, but the root is off its chain), and the
 * checker must say so.
 */
TEST(rmap_check_catches_a_chain_without_its_root)
{
	struct vm_area_struct *cv;
	struct anon_vma *cut;
	struct proc *c;

	if (!CHAIN)
		return;		/* one avc per VMA: nothing to cut */
	start();
	new_proc();
	map(P(0), 8, 8, RW);
	write_range(P(0), 8, 8);
	c = fork_ok(P(0));
	cv = find_vma(&c->mm, 8 * PG);
	ASSERT_EQ(anon_vma_chain_len(cv), 2);
	cut = cv->anon_chain->parent;
	cv->anon_chain->parent = NULL;	/* the child's chain without the root */
	EXPECT_EQ(rmap_check(all_mms, live_mms()), -EINVAL);
	cv->anon_chain->parent = cut;
	check_all();
	finish();
}

/* A page one child COWed: the chain design walks that child alone. */
TEST(rmap_walk_of_cowed_page_visits_one_vma)
{
	struct proc *c[5];
	struct page *page;

	start();
	new_proc();
	map(P(0), 8, 16, RW);
	write_range(P(0), 8, 16);
	for (int i = 0; i < 5; i++)
		c[i] = fork_ok(P(0));
	write_tok(c[2], 12);
	page = page_at(&c[2]->mm, 12 * PG);
	EXPECT_EQ(walk_cost(page), CHAIN ? 1 : 6);
	/* The parent's page is still mapped by the parent and four children. */
	page = page_at(&P(0)->mm, 12 * PG);
	EXPECT_EQ(page_mapcount(page), 5);
	EXPECT_EQ(walk_cost(page), 6);
	check_all();
	finish();
}

/* A fresh start and one process whose 60 written pages are split into 31 VMAs of one anon_vma. */
static void start_split(void)
{
	start();
	new_proc();
	map(P(0), 1, 60, RW);
	write_range(P(0), 1, 60);
	for (unsigned long pg = 2; pg + 2 <= 61; pg += 4)
		ASSERT_EQ(do_mprotect(&P(0)->mm, pg * PG, 2 * PG, PROT_READ), 0);
}

/* split K: however many pieces, a walk visits the one that holds the page. */
TEST(rmap_split_walk_stays_small)
{
	start_split();
	EXPECT_TRUE(P(0)->mm.map_count >= 25);
	for (unsigned long pg = 1; pg < 61; pg += 7)
		EXPECT_EQ(walk_cost(page_at(&P(0)->mm, pg * PG)), 1);
	check_all();
	check_contents();
	finish();
}

/*
 * The avc tree keeps no parent pointers and no colour (mm/rmap_tree.c):
 * what keeps it right is its order, its heap rule and its subtree_last,
 * and the checker must notice a wrong subtree_last, which a walk trusts.
 */
TEST(rmap_check_catches_a_mis_augmented_tree)
{
	struct anon_vma *av;
	unsigned long saved;

	start_split();
	av = find_vma(&P(0)->mm, PG)->anon_vma;
	ASSERT_NOT_NULL(av->tree);
	ASSERT_TRUE(av->tree->left || av->tree->right);
	saved = av->tree->subtree_last;
	av->tree->subtree_last = saved + 1;	/* walks still find all: only the check sees it */
	EXPECT_EQ(rmap_check(all_mms, live_mms()), -EINVAL);
	av->tree->subtree_last = saved;
	check_all();
	finish();
}

/*
 * Reuse on fork reads two bits of the tree's augmentation (mm/rmap.c):
 * whether any avc is its VMA's own, and how many avcs (to 3).  A wrong own
 * bit would let a fork reuse an anon_vma some VMA still puts pages in, so
 * the checker must see one.
 */
TEST(rmap_check_catches_a_wrong_own_bit)
{
	struct anon_vma *av;

	start_split();
	av = find_vma(&P(0)->mm, PG)->anon_vma;
	ASSERT_NOT_NULL(av->tree);
	ASSERT_TRUE(av->tree->own);
	av->tree->own = 0;
	EXPECT_EQ(rmap_check(all_mms, live_mms()), -EINVAL);
	av->tree->own = 1;
	check_all();
	finish();
}

/* A fork never reuses an anon_vma that a live VMA owns; one left without owner, it does. */
TEST(rmap_reuse_takes_no_owned_anon_vma)
{
	struct vm_area_struct *pv, *cv, *gv, *g2v;
	struct anon_vma *cav;
	struct proc *c, *g, *g2;

	if (!REUSE)
		return;
	start();
	new_proc();
	map(P(0), 8, 4, RW);
	write_range(P(0), 8, 4);
	c = fork_ok(P(0));
	write_tok(c, 9);
	g = fork_ok(c);		/* c's and P(0)'s anon_vmas are owned: g gets a fresh one */
	pv = find_vma(&P(0)->mm, 8 * PG);
	cv = find_vma(&c->mm, 8 * PG);
	gv = find_vma(&g->mm, 8 * PG);
	cav = cv->anon_vma;
	EXPECT_TRUE(gv->anon_vma != pv->anon_vma && gv->anon_vma != cav);
	EXPECT_EQ(anon_vma_chain_len(gv), 3);
	exit_proc(c);		/* c's anon_vma: no owner, g's avc alone in its tree */
	ASSERT_TRUE(!cav->tree->subtree_own);
	g2 = fork_ok(g);
	g2v = find_vma(&g2->mm, 8 * PG);
	EXPECT_EQ(g2v->anon_vma, cav);			/* reused ... */
	EXPECT_EQ(anon_vma_chain_len(g2v), 3);		/* ... so the chain grew not */
	EXPECT_TRUE(cav->tree->subtree_own);		/* and it is owned again */
	check_all();
	check_contents();
	finish();
}

/* chain G: fork-and-exit generations; with reuse the anon_vmas stay bounded. */
TEST(rmap_chain_reuse_bounds_anon_vmas)
{
	int cur = 0, g, gens = 20;
	u32 after5 = 0;

	start();
	new_proc();
	map(P(0), 8, 8, RW);
	write_range(P(0), 8, 8);
	cur = fork_ok(P(0)) - procs;
	for (g = 0; g < gens; g++) {
		int next;

		write_tok(P(cur), 8 + g % 8);
		next = fork_ok(P(cur)) - procs;
		if (cur != 0)
			exit_proc(P(cur));
		cur = next;
		check_all();
		if (g == 5)
			after5 = find_cache("anon_vma")->inuse;
	}
	if (REUSE)
		EXPECT_EQ(find_cache("anon_vma")->inuse, after5);
	else if (CHAIN)
		EXPECT_TRUE(find_cache("anon_vma")->inuse >= after5 + gens - 6);
	else
		EXPECT_EQ(find_cache("anon_vma")->inuse, 1);
	check_contents();
	finish();
}

TEST(rmap_try_to_unmap_and_referenced)
{
	struct proc *a, *b;
	struct page *page;
	u32 v;

	start();
	new_proc();
	map(P(0), 8, 4, RW);
	write_range(P(0), 8, 4);
	a = fork_ok(P(0));
	b = fork_ok(a);
	page = page_at(&b->mm, 10 * PG);
	ASSERT_EQ(page_mapcount(page), 3);
	/* Only the writer's PTE is young: fork gives children old copies (mm/fork.c). */
	EXPECT_EQ(page_referenced(page), 1);
	EXPECT_EQ(page_referenced(page), 0);	/* aged: no longer young */
	ASSERT_EQ(read_page(b, 10, &v), 0);	/* both children touch it */
	ASSERT_EQ(read_page(a, 10, &v), 0);
	EXPECT_EQ(page_referenced(page), 2);
	ASSERT_EQ(read_page(a, 10, &v), 0);	/* a touches it again */
	EXPECT_EQ(page_referenced(page), 1);
	EXPECT_EQ(unmap_page(page), 3);
	EXPECT_EQ(get_pte(&P(0)->mm.pgtable, 10 * PG), 0);
	ASSERT_EQ(read_page(b, 10, &v), 0);
	EXPECT_EQ(v, 0);
	check_all();
	check_contents();
	finish();
}

/*
 * The page at W-4 moves out (grown to two pages, pgoffs W-4 and W-3), and
 * fresh VMAs without an anon_vma come at [W-5, W-4) and [W-2, W): a hole
 * of two pages whose indices the moved page's continue on both sides.
 */
static void setup_hole(void)
{
	struct proc *p = new_proc();
	unsigned long to;
	u32 tok;

	map(p, WIN - 5, 5, RW);				/* pgoff WIN-5 */
	write_tok(p, WIN - 4);
	tok = p->token[WIN - 4];
	ASSERT_EQ(do_mremap(&p->mm, (WIN - 4) * PG, PG, 2 * PG, MREMAP_MAYMOVE, &to), 0);
	ASSERT_EQ(to, (WIN - 7) * PG);
	p->token[WIN - 4] = 0;
	p->token[WIN - 7] = tok;
	ASSERT_EQ(do_munmap(&p->mm, (WIN - 5) * PG, 5 * PG), 0);
	map(p, WIN - 5, 1, RW);
	map(p, WIN - 2, 2, RW);
}

/* The moved page back into the hole, with room for one more: top down, the hole is the spot. */
static int op_mremap_into_hole(void)
{
	unsigned long to;

	return do_mremap(&P(0)->mm, (WIN - 7) * PG, PG, 2 * PG, MREMAP_MAYMOVE, &to);
}

/*
 * The VMA below grows over the moved range and adopts its anon_vma; the
 * one above then merges into it too (plan_map's join_above, judged on
 * the VMA below as it will be after adopting).
 */
TEST(rmap_mremap_into_a_hole_joins_both_sides)
{
	struct vm_area_struct *v;
	struct proc *p;

	start();
	setup_hole();
	p = P(0);
	ASSERT_EQ(op_mremap_into_hole(), 0);
	p->token[WIN - 4] = p->token[WIN - 7];
	p->token[WIN - 7] = 0;
	v = find_vma(&p->mm, (WIN - 5) * PG);
	EXPECT_EQ(v->vm_start, (WIN - 5) * PG);
	EXPECT_EQ(v->vm_end, WIN * PG);
	EXPECT_EQ(v->vm_pgoff, WIN - 5);
	ASSERT_NOT_NULL(v->anon_vma);
	EXPECT_EQ(page_anon_vma(page_at(&p->mm, (WIN - 4) * PG)), v->anon_vma);
	EXPECT_EQ(p->mm.map_count, 2);			/* and [WIN-6, WIN-5), pgoff WIN-3 */
	check_all();
	check_contents();
	finish();

	/* The VMA above has an anon_vma of its own: the grown one below (with the moved one's) stays apart. */
	start();
	setup_hole();
	p = P(0);
	write_tok(p, WIN - 1);
	ASSERT_EQ(op_mremap_into_hole(), 0);
	p->token[WIN - 4] = p->token[WIN - 7];
	p->token[WIN - 7] = 0;
	v = find_vma(&p->mm, (WIN - 5) * PG);
	ASSERT_EQ(v->vm_end, (WIN - 2) * PG);
	EXPECT_NE(vma_next(v)->anon_vma, v->anon_vma);
	EXPECT_EQ(p->mm.map_count, 3);
	check_all();
	check_contents();
	finish();
}

/* ------------------------------------------------------------ failures at every index */

static void setup_one(void)
{
	new_proc();
	map(P(0), 8, 8, RW);
}

static void setup_forked(void)
{
	struct proc *c;

	new_proc();
	map(P(0), 4, 16, RW);
	map(P(0), 20, 6, PROT_READ);
	map(P(0), 26, 6, RW);
	map(P(0), 32, 6, PROT_READ);	/* adjacent, alternating: no merges */
	write_range(P(0), 4, 12);
	write_range(P(0), 26, 6);
	ASSERT_EQ(read_page(P(0), 21, &(u32){ 0 }), 0);
	c = fork_ok(P(0));
	write_tok(c, 6);
	write_tok(c, 27);
}

static int op_first_fault(void)
{
	return write_page(P(0), 13, 77);
}

static int op_fork(void)
{
	int c = fork_proc(P(1));

	return c < 0 ? c : 0;
}

static int op_split(void)
{
	return do_munmap(&P(1)->mm, 8 * PG, 2 * PG);
}

static int op_mprotect_several(void)
{
	return do_mprotect(&P(1)->mm, 10 * PG, 24 * PG, PROT_READ | PROT_EXEC);
}

static int op_mremap_move(void)
{
	unsigned long to;

	return do_mremap(&P(1)->mm, 6 * PG, 4 * PG, 8 * PG, MREMAP_MAYMOVE, &to);
}

static int op_cow(void)
{
	return write_page(P(1), 28, 99);
}

static void setup_split_for_merge(void)
{
	new_proc();
	map(P(0), 8, 12, RW);
	write_range(P(0), 8, 12);
	ASSERT_EQ(do_mprotect(&P(0)->mm, 11 * PG, 3 * PG, PROT_READ), 0);
	fork_ok(P(0));
}

static int op_merge(void)
{
	return do_mprotect(&P(1)->mm, 11 * PG, 3 * PG, RW);
}

TEST(rmap_every_failure_changes_nothing)
{
	EXPECT_TRUE(fail_each(setup_one, op_first_fault) >= 3);	/* page, anon_vma, avc, table */
	EXPECT_TRUE(fail_each(setup_forked, op_fork) >= 4);
	EXPECT_TRUE(fail_each(setup_forked, op_split) >= 2);
	EXPECT_TRUE(fail_each(setup_forked, op_mprotect_several) >= 2);
	EXPECT_TRUE(fail_each(setup_forked, op_mremap_move) >= 2);
	EXPECT_TRUE(fail_each(setup_forked, op_cow) >= 1);
	EXPECT_EQ(fail_each(setup_split_for_merge, op_merge), 0);	/* merging allocates nothing */
	EXPECT_TRUE(fail_each(setup_hole, op_mremap_into_hole) >= 1);	/* the avc of the adoption */
}

/* ------------------------------------------------------------ the random model run */

static u64 rng;

static unsigned long rnd(unsigned long n)
{
	return test_rand_below(&rng, (u32)n);
}

static struct proc *random_proc(void)
{
	int n = 0, pick;

	for (int i = 0; i < NPROC; i++)
		n += procs[i].alive;
	pick = (int)rnd((unsigned long)n);
	for (int i = 0; i < NPROC; i++)
		if (procs[i].alive && !pick--)
			return &procs[i];
	return NULL;
}

static unsigned long random_prot(void)
{
	static const unsigned long prots[] = { RW, RW, PROT_READ, RW | PROT_EXEC, PROT_NONE };

	return prots[rnd(5)];
}

/* The model's side of a successful mremap from [old, old + ol) to [to, to + nl). */
static void model_mremap(struct proc *p, unsigned long old, unsigned long ol,
			 unsigned long nl, unsigned long to)
{
	u32 saved[WIN];

	memcpy(saved, p->token, sizeof(saved));
	for (unsigned long i = old; i < old + ol && i < WIN; i++)
		p->token[i] = 0;
	for (unsigned long i = 0; i < nl && to + i < WIN; i++)
		p->token[to + i] = i < ol ? saved[old + i] : 0;
}

struct run_stats {
	u64 steps, injected, ooms, swapped_out, swapped_in;
};

/* One random step; returns the errno of the call, 0 for none. */
static int random_step(struct run_stats *st)
{
	struct proc *p = random_proc();
	unsigned long pg = 1 + rnd(WIN - 2), n = 1 + rnd(WIN - 1 - pg);
	unsigned long to;
	struct page *page;
	u32 v;
	int err = 0;

	switch (rnd(18)) {
	case 0:
		err = do_map(p, pg, n, random_prot());
		break;
	case 1:
		err = do_munmap(&p->mm, pg * PG, n * PG);
		if (!err)
			for (unsigned long i = pg; i < pg + n; i++)
				p->token[i] = 0;
		break;
	case 2: case 3:
		err = do_mprotect(&p->mm, pg * PG, n * PG, random_prot());
		break;
	case 4: {
		unsigned long nl = 1 + rnd(8);

		n = min(n, 8ul);
		err = do_mremap(&p->mm, pg * PG, n * PG, nl * PG, rnd(2) ? MREMAP_MAYMOVE : 0, &to);
		if (!err)
			model_mremap(p, pg, n, nl, to / PG);
		break;
	}
	case 5:
		if (live_mms() < NPROC) {
			int c = fork_proc(p);

			err = c < 0 ? c : 0;
		}
		break;
	case 6:
		if (live_mms() > 1 && p != P(0))
			exit_proc(p);
		break;
	case 7: case 8: case 9: case 10:
		err = write_page(p, pg, next_token + 1);
		if (!err)
			p->token[pg] = ++next_token;
		break;
	case 11: case 12:
		err = read_page(p, pg, &v);
		if (!err && v != p->token[pg]) {
			printf("    read %u at page %lu, want %u\n", v, pg, p->token[pg]);
			FAIL_NOW();
		}
		break;
	case 13: case 14:
		page = page_at(&p->mm, pg * PG);
		if (page)
			EXPECT_TRUE(page_referenced(page) <= page_mapcount(page));
		break;
	case 15:
		page = page_at(&p->mm, pg * PG);
		if (page)
			unmap_page(page);
		break;
	case 16: case 17:
		try_to_free_pages(1 + rnd(8));	/* swap out; faults read back */
		break;
	}
	if (err == -ENOMEM)
		st->ooms++;
	return err;
}

static void random_run(u64 seed, u64 steps, struct run_stats *st)
{
	rng = seed * 0x9e3779b97f4a7c15ull + 1;
	start();
	new_proc();
	fault_inject_random(&fail_slab, 20000, seed);
	fault_inject_random(&fail_page_alloc, 10000, seed + 1);
	for (u64 i = 0; i < steps; i++) {
		static struct full_snapshot before, after;
		int err;

		u32 scanned = reclaim_stats.scanned;

		snap(&before);
		err = random_step(st);
		if (err) {
			/*
			 * Any failed call (ENOMEM, EINVAL, EACCES...) changed nothing;
			 * but reclaim on the way may have swapped pages out and aged
			 * them: then the pages are compared by contents (check_contents)
			 * and only the rest here.
			 */
			snap(&after);
			if (reclaim_stats.scanned != scanned)
				forget_pages(&before, &after);
			if (memcmp(&before, &after, sizeof(before))) {
				printf("    seed %llu step %llu: a call that failed with %d changed state\n",
				       (unsigned long long)seed, (unsigned long long)i, err);
				FAIL_NOW();
			}
		}
		check_all();
		if (i % 64 == 0)
			check_contents();
		st->steps++;
	}
	st->injected += fail_slab.injected + fail_page_alloc.injected;
	st->swapped_out += reclaim_stats.reclaimed;
	st->swapped_in += swapin_stats.swapins + swapin_stats.cache_hits;
	reclaim_stats = (struct reclaim_stats){ 0 };
	swapin_stats = (struct swapin_stats){ 0 };
	fault_inject_off_all();
	check_contents();
	finish();
}

static u64 env_u64(const char *name, u64 dflt)
{
	const char *s = getenv(name);

	return s && *s ? strtoull(s, NULL, 0) : dflt;
}

/* RMAP_STEPS steps from each of RMAP_SEEDS seeds starting at RMAP_SEED. */
TEST(rmap_random_model)
{
	u64 steps = env_u64("RMAP_STEPS", 50000), seeds = env_u64("RMAP_SEEDS", 1);
	u64 seed0 = env_u64("RMAP_SEED", 1);
	struct run_stats st = { 0 };

	for (u64 s = seed0; s < seed0 + seeds; s++)
		random_run(s, steps, &st);
	printf("    rmap model (%s): %llu steps, %llu seeds, %llu injected failures, %llu ENOMEM, "
	       "%llu pages swapped out, %llu read back\n",
	       CHAIN ? (REUSE ? "chain" : "chain, no reuse") : "shared",
	       (unsigned long long)st.steps, (unsigned long long)seeds,
	       (unsigned long long)st.injected, (unsigned long long)st.ooms,
	       (unsigned long long)st.swapped_out, (unsigned long long)st.swapped_in);
	EXPECT_TRUE(st.swapped_out > 0 && st.swapped_in > 0);
	EXPECT_EQ(st.steps, steps * seeds);
	EXPECT_TRUE(st.injected > 0);
}

/*
 * The same model over zram0 (tests/host/swap_backend.c): its stores take
 * pages from the allocator the model is short of, and fail as a full
 * swap area does when they find none.
 */
#if IS_ENABLED(CONFIG_ZRAM)
TEST(rmap_random_model_on_zram)
{
	swap_backend_use_zram(true);
	test_rmap_random_model();
	EXPECT_TRUE(swap_backend_zram_stores() > 0);
	swap_backend_use_zram(false);
	swap_backend_free();
}
#endif
