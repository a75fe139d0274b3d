// SPDX-License-Identifier: GPL-2.0-only
/*
 * t_cow: copy-on-write across fork.  Parent and child each see only their
 * own writes, in anonymous mappings, the heap, data and the stack; at
 * every depth of a fork tree every process sees its ancestors' pages as
 * they were when it was forked and never a sibling's or a descendant's
 * writes; a page keeps one copy per writer and is taken over in place by
 * its last mapper; and the memory counters come back once every child is
 * reaped.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "anvil.h"
#include "ktap.h"
#include "msnap.h"
#include "proc.h"

#define PAGE		4096u
#define WORDS		(PAGE / 4)

static uint32_t *map(size_t pages)
{
	void *p = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* Every word of a page gets a value made from the writer's marker. */
static uint32_t word_value(uint32_t marker, unsigned page, unsigned word)
{
	return marker ? marker * 0x9E3779B1u ^ (page << 12 | word) : 0;
}

static void fill(uint32_t *p, unsigned first_page, unsigned pages, uint32_t marker)
{
	for (unsigned pg = first_page; pg < first_page + pages; pg++)
		for (unsigned w = 0; w < WORDS; w++)
			p[pg * WORDS + w] = word_value(marker, pg, w);
}

/* The pages hold marker's values (0: zero), every word of them. */
static bool holds(const uint32_t *p, unsigned first_page, unsigned pages, uint32_t marker)
{
	for (unsigned pg = first_page; pg < first_page + pages; pg++)
		for (unsigned w = 0; w < WORDS; w++)
			if (p[pg * WORDS + w] != word_value(marker, pg, w))
				return false;
	return true;
}

/* ---------------------------------------------------------------- parent and child */

static int global_data = 1111;
static int global_bss;

struct pc {
	uint32_t *p;
	char *heap;
};

static int pc_child(void *arg)
{
	struct pc *pc = arg;
	volatile int on_stack = 77;
	int bad = 0;

	bad |= !holds(pc->p, 0, 8, 1) << 0;		/* the parent's pre-fork values */
	bad |= (global_data != 1111 || global_bss != 2222 || pc->heap[100] != 'h') << 1;
	fill(pc->p, 0, 8, 2);
	global_data = 3333;
	global_bss = 4444;
	pc->heap[100] = 'c';
	on_stack = 88;
	msleep(30);					/* the parent writes meanwhile */
	bad |= !holds(pc->p, 0, 8, 2) << 2;
	bad |= (global_data != 3333 || global_bss != 4444 || pc->heap[100] != 'c') << 3;
	bad |= (on_stack != 88) << 4;
	return bad;
}

static bool parent_child_writes(void)
{
	struct pc pc = { map(8), malloc(4096) };
	volatile int on_stack = 77;
	int status = -1;
	bool ok = KT_EXPECT(pc.p && pc.heap);
	pid_t pid;

	if (!ok)
		return false;
	fill(pc.p, 0, 8, 1);
	global_data = 1111;
	global_bss = 2222;
	pc.heap[100] = 'h';
	pid = spawn(pc_child, &pc);
	ok &= KT_EXPECT(pid > 0);
	fill(pc.p, 0, 8, 3);				/* while the child runs */
	global_data = 5555;
	pc.heap[100] = 'p';
	ok &= KT_EXPECT(waitpid(pid, &status, 0) == pid);
	if (!W_EXITED(status, 0))
		printf("        # child status %#x\n", status);
	ok &= KT_EXPECT(W_EXITED(status, 0));
	ok &= KT_EXPECT(holds(pc.p, 0, 8, 3));
	ok &= KT_EXPECT(global_data == 5555 && global_bss == 2222);
	ok &= KT_EXPECT(pc.heap[100] == 'p' && on_stack == 77);
	munmap(pc.p, 8 * PAGE);
	free(pc.heap);
	return ok;
}

/* ---------------------------------------------------------------- the fork tree */

/*
 * A binary fork tree TREE_DEPTH levels deep below the root.  Region d (two
 * pages) belongs to the process at depth d; one more page, common, is
 * written by every process.  A process with node number id (root 1,
 * children 2id and 2id+1) writes marker(id, k) into its region and into
 * common, and rewrites both with marker(id, k + 1) right after forking its
 * k-th child, so each child knows exactly what its ancestors held when it
 * was forked.
 */
#define TREE_DEPTH	4
#define REGION_PAGES	2
#define COMMON_PAGE	((TREE_DEPTH + 1) * REGION_PAGES)
#define TREE_PAGES	(COMMON_PAGE + 1)

static uint32_t *tree;

static uint32_t marker(int id, int k)
{
	return (uint32_t)id << 8 | (uint32_t)(k + 1);
}

/* Regions below depth hold expect[], the rest are zero; common holds common. */
static bool tree_view_ok(int depth, const uint32_t *expect, uint32_t common)
{
	for (int d = 0; d <= TREE_DEPTH; d++)
		if (!holds(tree, d * REGION_PAGES, REGION_PAGES, d <= depth ? expect[d] : 0))
			return false;
	return holds(tree, COMMON_PAGE, 1, common);
}

static int tree_node(int depth, int id, uint32_t *expect, uint32_t common)
{
	pid_t kids[2];
	int bad = 0;

	expect[depth] = 0;
	if (!tree_view_ok(depth, expect, common))
		return 1;		/* what my parent held when it forked me, nothing else */
	expect[depth] = common = marker(id, 0);
	fill(tree, depth * REGION_PAGES, REGION_PAGES, expect[depth]);
	fill(tree, COMMON_PAGE, 1, common);
	for (int k = 0; k < 2 && depth < TREE_DEPTH; k++) {
		kids[k] = fork();
		if (kids[k] == 0)
			_exit(tree_node(depth + 1, 2 * id + k, expect, common));
		if (kids[k] < 0)
			return 2;
		expect[depth] = common = marker(id, k + 1);
		fill(tree, depth * REGION_PAGES, REGION_PAGES, expect[depth]);
		fill(tree, COMMON_PAGE, 1, common);
	}
	if (depth == TREE_DEPTH)
		msleep(20);	/* let siblings and cousins write meanwhile */
	for (int k = 0; k < 2 && depth < TREE_DEPTH; k++) {
		int status = -1;

		if (waitpid(kids[k], &status, 0) != kids[k] || status != 0)
			bad = 3;
	}
	if (!tree_view_ok(depth, expect, common))
		bad = 4;	/* a descendant's or a sibling's write showed through */
	return bad;
}

static int tree_root(void *arg)
{
	uint32_t expect[TREE_DEPTH + 1];

	(void)arg;
	return tree_node(0, 1, expect, 0);
}

static bool fork_tree(void)
{
	int status;

	tree = map(TREE_PAGES);
	if (!KT_EXPECT(tree != NULL))
		return false;
	status = run_child(tree_root, NULL);
	if (status != 0)
		printf("        # fork tree root status %#x\n", status);
	munmap(tree, TREE_PAGES * PAGE);
	return KT_EXPECT(status == 0);
}

/* ---------------------------------------------------------------- siblings */

#define SIBLINGS	8

static uint32_t *sib;

static int sibling(void *arg)
{
	uint32_t me = (uint32_t)(intptr_t)arg;

	if (!holds(sib, 0, 2, 1))
		return 1;
	fill(sib, 0, 1, me);		/* page 1 stays shared with everyone */
	for (int i = 0; i < 5; i++) {
		msleep(5);
		if (!holds(sib, 0, 1, me) || !holds(sib, 1, 1, 1))
			return 2;
	}
	return 0;
}

static bool siblings_private(void)
{
	pid_t pids[SIBLINGS];
	bool ok;

	sib = map(2);
	if (!KT_EXPECT(sib != NULL))
		return false;
	fill(sib, 0, 2, 1);
	for (int i = 0; i < SIBLINGS; i++)
		pids[i] = spawn(sibling, (void *)(intptr_t)(100 + i));
	ok = KT_EXPECT(holds(sib, 0, 2, 1));
	for (int i = 0; i < SIBLINGS; i++) {
		int status = -1;

		ok &= KT_EXPECT(pids[i] > 0 && waitpid(pids[i], &status, 0) == pids[i]);
		ok &= KT_EXPECT(W_EXITED(status, 0));
	}
	ok &= KT_EXPECT(holds(sib, 0, 2, 1));
	munmap(sib, 2 * PAGE);
	return ok;
}

/* ---------------------------------------------------------------- one copy per writer */

static uint32_t *one;

/* Write page 0 only: exactly one new anonymous page, then wait to be killed. */
static int write_one_page(void *arg)
{
	long before, after;

	(void)arg;
	/* Take our own copies of the stack and bss the counter reads touch. */
	anvil_meminfo_get("pages.anon");
	before = anvil_meminfo_get("pages.anon");
	fill(one, 0, 1, 2);
	after = anvil_meminfo_get("pages.anon");
	if (after - before != 1 || !holds(one, 1, 1, 1))
		return 1;
	return sleep_until_killed(NULL);
}

static bool child_writes_only(void)
{
	long before, after;
	int status = -1;
	bool ok;
	pid_t pid;

	one = map(2);
	if (!KT_EXPECT(one != NULL))
		return false;
	fill(one, 0, 2, 1);
	pid = spawn(write_one_page, NULL);
	ok = KT_EXPECT(pid > 0 && wait_task_settled(pid, 5000) == 'S');

	/* Page 0: the child has its copy, ours has one mapper and is taken over in place. */
	anvil_meminfo_get("pages.anon");
	before = anvil_meminfo_get("pages.anon");
	fill(one, 0, 1, 3);
	after = anvil_meminfo_get("pages.anon");
	if (after != before)
		printf("        # write to a page only we map: pages.anon %+ld\n", after - before);
	ok &= KT_EXPECT(after == before);
	/* Page 1: still shared with the child, so writing it copies. */
	before = after;
	fill(one, 1, 1, 3);
	after = anvil_meminfo_get("pages.anon");
	if (after != before + 1)
		printf("        # write to a shared page: pages.anon %+ld\n", after - before);
	ok &= KT_EXPECT(after == before + 1);

	ok &= KT_EXPECT(kill(pid, SIG_KILL) == 0);
	ok &= KT_EXPECT(waitpid(pid, &status, 0) == pid);
	ok &= KT_EXPECT(W_SIG(status) == SIG_KILL);	/* not exit 1: the child's count was right */
	ok &= KT_EXPECT(holds(one, 0, 2, 3));
	munmap(one, 2 * PAGE);
	return ok;
}

/* A page written before fork, then by the child only: the parent never sees it. */
static int write_then_exit(void *arg)
{
	(void)arg;
	fill(one, 0, 1, 9);
	return holds(one, 0, 1, 9) ? 0 : 1;
}

static bool written_before_fork_child_only(void)
{
	long before, after;
	bool ok;

	one = map(1);
	if (!KT_EXPECT(one != NULL))
		return false;
	fill(one, 0, 1, 4);
	ok = KT_EXPECT(W_EXITED(run_child(write_then_exit, NULL), 0));
	ok &= KT_EXPECT(holds(one, 0, 1, 4));
	/* The child is gone: our write takes the page over, no copy. */
	anvil_meminfo_get("pages.anon");
	before = anvil_meminfo_get("pages.anon");
	fill(one, 0, 1, 5);
	after = anvil_meminfo_get("pages.anon");
	ok &= KT_EXPECT(after == before);
	ok &= KT_EXPECT(holds(one, 0, 1, 5));
	munmap(one, PAGE);
	return ok;
}

/* ---------------------------------------------------------------- counters */

static struct msnap snap_before, snap_after;

static int burst(void *arg)
{
	pid_t pids[SIBLINGS];
	int bad = 0;

	(void)arg;
	for (int i = 0; i < SIBLINGS; i++)
		pids[i] = spawn(sibling, (void *)(intptr_t)(200 + i));
	for (int i = 0; i < SIBLINGS; i++) {
		int status = -1;

		if (pids[i] < 0 || waitpid(pids[i], &status, 0) != pids[i] || status != 0)
			bad = 1;
	}
	return bad;
}

static bool counters_return(void)
{
	bool ok = true;
	int leaks;

	tree = map(TREE_PAGES);
	sib = map(2);
	if (!KT_EXPECT(tree && sib))
		return false;
	fill(sib, 0, 2, 1);
	/* Once untimed, so that every cache has its pages; then measured. */
	ok &= KT_EXPECT(run_child(tree_root, NULL) == 0);
	msnap_take(&snap_after);
	msnap_take(&snap_before);
	ok &= KT_EXPECT(run_child(tree_root, NULL) == 0);
	ok &= KT_EXPECT(run_child(burst, NULL) == 0);
	msnap_take(&snap_after);
	leaks = msnap_leaks(&snap_before, &snap_after, "        # ");
	ok &= KT_EXPECT(leaks == 0);
	ok &= KT_EXPECT(snap_before.n > 10 && msnap_get(&snap_before, "pages.anon") > 0);
	munmap(tree, TREE_PAGES * PAGE);
	munmap(sib, 2 * PAGE);
	return ok;
}

int main(void)
{
	static const struct { const char *name; bool (*fn)(void); } cases[] = {
		{ "parent_child_own_writes", parent_child_writes },
		{ "fork_tree_depth4", fork_tree },
		{ "siblings_private", siblings_private },
		{ "copy_per_writer_reuse_last", child_writes_only },
		{ "written_before_fork_child_only", written_before_fork_child_only },
		{ "counters_return_after_reap", counters_return },
	};
	const int n = sizeof(cases) / sizeof(cases[0]);

	stack_prefault(32 * 1024);
	ktap_suite("t_cow", n);
	for (int i = 0; i < n; i++)
		ktap_case(cases[i].name, cases[i].fn());
	return ktap_end();
}
