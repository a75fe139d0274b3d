// SPDX-License-Identifier: GPL-2.0-only
/*
 * t_rmap: the reverse map seen from user space.  Fork trees, COW, and
 * mprotect / mremap / munmap splits in a forked child, with the kernel's
 * CONFIG_DEBUG_VM checker (vmcheck) run after each step when it is built;
 * every process reads back exactly its own data; the rmap counters appear
 * only with swap, and come back to where they were once every child is
 * reaped.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "anvil.h"
#include "ktap.h"
#include "proc.h"

#define PAGE	4096u
#define PAGES	32u
#define RW	(PROT_READ | PROT_WRITE)

static bool has_rmap;

/* The checker says all is well, or is not built. */
static bool vm_ok(void)
{
	return anvil_vmcheck() == 0 || errno == ENOSYS;
}

static uint32_t *region(void)
{
	void *p = mmap(NULL, PAGES * PAGE, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static void fill(uint32_t *p, uint32_t tag)
{
	for (unsigned i = 0; i < PAGES; i++)
		p[i * PAGE / 4] = tag + i;
}

static bool holds(const uint32_t *p, uint32_t tag, unsigned first, unsigned n)
{
	for (unsigned i = first; i < first + n; i++)
		if (p[i * PAGE / 4] != tag + i)
			return false;
	return true;
}

static bool counters(void)
{
	bool rmap = anvil_meminfo_get("rmap.anon_vmas") >= 0;
	bool cache = anvil_meminfo_get("slab.anon_vma.objsize") >= 0;

	has_rmap = rmap;
	/* Both or neither: with swap off there is no rmap object anywhere. */
	return KT_EXPECT(rmap == cache) && KT_EXPECT(!rmap || anvil_meminfo_get("rmap.avcs") > 0);
}

static uint32_t *shared;

/* A child of the tree: COW a few pages with its own tag, check, fork once more. */
static int tree_child(void *arg)
{
	uint32_t tag = (uint32_t)(uintptr_t)arg;
	uint32_t inherited = tag >= 10000 ? tag - 10000 : 1000;	/* the parent's tag */
	int status;

	for (unsigned i = 0; i < PAGES; i++)
		if (shared[i * PAGE / 4] != (i % 4 ? 1000 : inherited) + i)
			return 1;
	for (unsigned i = 0; i < PAGES; i += 4)
		shared[i * PAGE / 4] = tag + i;
	if (!vm_ok())
		return 2;
	if (tag < 3000) {
		/* A grandchild sees its parent's writes and keeps its own. */
		status = run_child(tree_child, (void *)(uintptr_t)(tag + 10000));
		if (!W_EXITED(status, 0))
			return 3;
	}
	for (unsigned i = 0; i < PAGES; i++)
		if (shared[i * PAGE / 4] != (i % 4 ? 1000 + i : tag + i))
			return 4;
	return vm_ok() ? 0 : 5;
}

static bool fork_tree(void)
{
	long av0 = anvil_meminfo_get("rmap.anon_vmas"), avc0 = anvil_meminfo_get("rmap.avcs");
	bool ok = true;

	shared = region();
	if (!KT_EXPECT(shared))
		return false;
	fill(shared, 1000);
	for (uint32_t c = 0; c < 4; c++)
		ok &= KT_EXPECT(W_EXITED(run_child(tree_child, (void *)(uintptr_t)(2000 + c * 100)), 0));
	ok &= KT_EXPECT(holds(shared, 1000, 0, PAGES));
	ok &= KT_EXPECT(vm_ok());
	munmap(shared, PAGES * PAGE);
	if (has_rmap) {
		ok &= KT_EXPECT(anvil_meminfo_get("rmap.anon_vmas") == av0);
		ok &= KT_EXPECT(anvil_meminfo_get("rmap.avcs") == avc0);
	}
	return ok;
}

/* In a forked child: split, move and punch its copy of a region, checking each step. */
static int reshape_child(void *arg)
{
	uint32_t *p = arg, *q;

	for (unsigned i = 0; i < PAGES; i += 4)
		if (mprotect(p + i * PAGE / 4, 2 * PAGE, PROT_READ) || !vm_ok())
			return 1;
	if (!holds(p, 5000, 0, PAGES))
		return 2;
	if (mprotect(p, PAGES * PAGE, RW) || !vm_ok())
		return 3;
	p[3 * PAGE / 4] = 7777;			/* COW one page */
	q = mremap(p + 8 * PAGE / 4, 8 * PAGE, 24 * PAGE, MREMAP_MAYMOVE);
	if (q == MAP_FAILED || !vm_ok())
		return 4;
	if (!holds(q, 5008, 0, 8) || q[20 * PAGE / 4] != 0)
		return 5;
	if (munmap(p + 2 * PAGE / 4, PAGE) || !vm_ok())
		return 6;
	if (p[3 * PAGE / 4] != 7777 || !holds(p, 5000, 4, 4))
		return 7;
	return 0;
}

static bool reshape_in_child(void)
{
	uint32_t *p = region();
	bool ok;

	if (!KT_EXPECT(p))
		return false;
	fill(p, 5000);
	ok = KT_EXPECT(W_EXITED(run_child(reshape_child, p), 0));
	ok &= KT_EXPECT(holds(p, 5000, 0, PAGES));	/* the parent never sees the child's changes */
	ok &= KT_EXPECT(vm_ok());
	munmap(p, PAGES * PAGE);
	return ok;
}

int main(void)
{
	ktap_suite("rmap", 3);
	ktap_case("rmap_counters_only_with_swap", counters());
	ktap_case("fork_tree_cow_and_counters_return", fork_tree());
	ktap_case("split_move_punch_in_a_child", reshape_in_child());
	return ktap_end();
}
