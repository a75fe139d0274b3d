// SPDX-License-Identifier: GPL-2.0-only
/*
 * t_mman: the semantics of mmap, munmap, mprotect, mremap and brk as seen
 * by a program.  Every access that must fault is made in a child, which
 * must die of SIGSEGV while this process and its data go on unharmed.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "anvil.h"
#include "ktap.h"
#include "proc.h"

#define PAGE		4096u
#define RW		(PROT_READ | PROT_WRITE)
#define PA		(MAP_PRIVATE | MAP_ANONYMOUS)

static unsigned char *map(size_t pages, int prot)
{
	void *p = mmap(NULL, pages * PAGE, prot, PA, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* Page i of p holds bytes (tag + i), all of it. */
static void fill(unsigned char *p, unsigned first, unsigned pages, unsigned char tag)
{
	for (unsigned i = first; i < first + pages; i++)
		memset(p + i * PAGE, (unsigned char)(tag + i), PAGE);
}

static bool holds(const unsigned char *p, unsigned first, unsigned pages, unsigned char tag)
{
	for (unsigned i = first; i < first + pages; i++)
		for (unsigned j = 0; j < PAGE; j++)
			if (p[i * PAGE + j] != (unsigned char)(tag + i))
				return false;
	return true;
}

static bool zero(const unsigned char *p, unsigned first, unsigned pages)
{
	for (unsigned j = first * PAGE; j < (first + pages) * PAGE; j++)
		if (p[j])
			return false;
	return true;
}

/* ------------------------------------------------ accesses in a child that must die */

enum access { READ, WRITE, EXEC };

struct probe {
	volatile unsigned char *addr;
	enum access how;
};

static int do_access(void *arg)
{
	struct probe *pr = arg;

	switch (pr->how) {
	case READ:
		return pr->addr[0] == 0x5a ? 0 : 0;	/* reached: the access worked */
	case WRITE:
		pr->addr[0] = 0x5a;
		return 0;
	case EXEC:
		return ((int (*)(void))((uintptr_t)pr->addr | 1))() == 42 ? 0 : 1;
	}
	return 0;
}

/* The access made in a child kills it with SIGSEGV. */
static bool access_kills(const void *addr, enum access how)
{
	struct probe pr = { (volatile unsigned char *)addr, how };
	int status = run_child(do_access, &pr);

	if (W_SIG(status) != SIG_SEGV)
		printf("        # %s at %p: child status %#x, expected SIGSEGV\n",
		       how == READ ? "read" : how == WRITE ? "write" : "exec", addr, status);
	return W_SIG(status) == SIG_SEGV;
}

/* The access made in a child works (the child exits 0). */
static bool access_works(const void *addr, enum access how)
{
	struct probe pr = { (volatile unsigned char *)addr, how };
	int status = run_child(do_access, &pr);

	if (status != 0)
		printf("        # access at %p: child status %#x, expected exit 0\n", addr, status);
	return status == 0;
}

/* ------------------------------------------------ mmap */

static bool mmap_hint(void)
{
	unsigned char *p = map(4, RW), *q;
	bool ok = KT_EXPECT(p != NULL);

	if (!ok)
		return false;
	munmap(p, 4 * PAGE);
	/* A free hint is taken as given, even when not page aligned. */
	q = mmap(p + PAGE + 123, 2 * PAGE, RW, PA, -1, 0);
	ok &= KT_EXPECT(q == p + 2 * PAGE);
	if (q == p + 2 * PAGE) {
		ok &= KT_EXPECT(zero(q, 0, 2));
		fill(q, 0, 2, 1);
		/* A hint on a mapped range is only a hint: somewhere else, the old data kept. */
		unsigned char *r = mmap(q, PAGE, RW, PA, -1, 0);

		ok &= KT_EXPECT(r != MAP_FAILED && r != q);
		ok &= KT_EXPECT(holds(q, 0, 2, 1));
		if (r != MAP_FAILED)
			munmap(r, PAGE);
		munmap(q, 2 * PAGE);
	}
	return ok;
}

static bool mmap_fixed_replaces(void)
{
	unsigned char *p = map(4, RW), *q;
	bool ok = KT_EXPECT(p != NULL);

	if (!ok)
		return false;
	fill(p, 0, 4, 0x10);
	q = mmap(p + PAGE, 2 * PAGE, RW, PA | MAP_FIXED, -1, 0);
	ok &= KT_EXPECT(q == p + PAGE);
	ok &= KT_EXPECT(holds(p, 0, 1, 0x10) && zero(p, 1, 2) && holds(p, 3, 1, 0x10));
	/* The fixed mapping may also change the protection of what it replaces. */
	q = mmap(p + 3 * PAGE, PAGE, PROT_READ, PA | MAP_FIXED, -1, 0);
	ok &= KT_EXPECT(q == p + 3 * PAGE && zero(p, 3, 1));
	ok &= KT_EXPECT(access_kills(p + 3 * PAGE, WRITE));
	ok &= KT_EXPECT(access_works(p + 2 * PAGE, WRITE));
	munmap(p, 4 * PAGE);
	return ok;
}

/* ------------------------------------------------ munmap */

static bool munmap_middle(void)
{
	unsigned char *p = map(8, RW);
	bool ok = KT_EXPECT(p != NULL);

	if (!ok)
		return false;
	fill(p, 0, 8, 0x20);
	ok &= KT_EXPECT(munmap(p + 3 * PAGE, 2 * PAGE) == 0);
	ok &= KT_EXPECT(holds(p, 0, 3, 0x20) && holds(p, 5, 3, 0x20));
	ok &= KT_EXPECT(access_kills(p + 3 * PAGE, READ));
	ok &= KT_EXPECT(access_kills(p + 5 * PAGE - 1, READ));
	ok &= KT_EXPECT(access_kills(p + 4 * PAGE, WRITE));
	ok &= KT_EXPECT(access_works(p + 3 * PAGE - 1, WRITE));
	ok &= KT_EXPECT(access_works(p + 5 * PAGE, WRITE));
	/* Both pieces still work as mappings of their own. */
	ok &= KT_EXPECT(munmap(p, 3 * PAGE) == 0 && holds(p, 5, 3, 0x20));
	ok &= KT_EXPECT(munmap(p + 5 * PAGE, 3 * PAGE) == 0);
	ok &= KT_EXPECT(access_kills(p + 6 * PAGE, READ));
	return ok;
}

static bool munmap_across_mappings(void)
{
	unsigned char *p = map(6, RW);
	bool ok = KT_EXPECT(p != NULL);

	if (!ok)
		return false;
	fill(p, 0, 6, 0x30);
	/* Three VMAs (the middle one read-only), then one munmap across all of them. */
	ok &= KT_EXPECT(mprotect(p + 2 * PAGE, 2 * PAGE, PROT_READ) == 0);
	ok &= KT_EXPECT(munmap(p + PAGE, 4 * PAGE) == 0);
	ok &= KT_EXPECT(holds(p, 0, 1, 0x30) && holds(p, 5, 1, 0x30));
	for (int i = 1; i < 5; i++)
		ok &= KT_EXPECT(access_kills(p + i * PAGE, READ));
	munmap(p, 6 * PAGE);
	return ok;
}

/* ------------------------------------------------ mprotect */

static bool mprotect_read_only(void)
{
	unsigned char *p = map(3, RW);
	bool ok = KT_EXPECT(p != NULL);

	if (!ok)
		return false;
	fill(p, 0, 3, 0x40);
	ok &= KT_EXPECT(mprotect(p, 3 * PAGE, PROT_READ) == 0);
	ok &= KT_EXPECT(holds(p, 0, 3, 0x40));		/* still readable here */
	ok &= KT_EXPECT(access_works(p, READ));
	ok &= KT_EXPECT(access_kills(p, WRITE));
	ok &= KT_EXPECT(access_kills(p + 3 * PAGE - 1, WRITE));
	ok &= KT_EXPECT(holds(p, 0, 3, 0x40));
	munmap(p, 3 * PAGE);
	return ok;
}

static bool mprotect_none(void)
{
	unsigned char *p = map(2, RW);
	bool ok = KT_EXPECT(p != NULL);

	if (!ok)
		return false;
	fill(p, 0, 2, 0x50);
	ok &= KT_EXPECT(mprotect(p + PAGE, PAGE, PROT_NONE) == 0);
	ok &= KT_EXPECT(access_kills(p + PAGE, READ));
	ok &= KT_EXPECT(access_kills(p + PAGE, WRITE));
	ok &= KT_EXPECT(access_works(p, WRITE));
	/* Back to read-write: the data was kept all along. */
	ok &= KT_EXPECT(mprotect(p, 2 * PAGE, RW) == 0);
	ok &= KT_EXPECT(holds(p, 0, 2, 0x50));
	p[PAGE] = 1;
	ok &= KT_EXPECT(p[PAGE] == 1);
	munmap(p, 2 * PAGE);
	return ok;
}

static bool mprotect_middle_split(void)
{
	unsigned char *p = map(5, RW);
	bool ok = KT_EXPECT(p != NULL);

	if (!ok)
		return false;
	fill(p, 0, 5, 0x60);
	ok &= KT_EXPECT(mprotect(p + 2 * PAGE, PAGE, PROT_READ) == 0);
	ok &= KT_EXPECT(access_kills(p + 2 * PAGE, WRITE));
	ok &= KT_EXPECT(access_works(p + 2 * PAGE - 1, WRITE));
	ok &= KT_EXPECT(access_works(p + 3 * PAGE, WRITE));
	/* Protect the whole range back in one call: the pieces join again. */
	ok &= KT_EXPECT(mprotect(p, 5 * PAGE, RW) == 0);
	ok &= KT_EXPECT(access_works(p + 2 * PAGE, WRITE));
	ok &= KT_EXPECT(holds(p, 0, 5, 0x60));
	/* A mapping that can now move as one piece is one VMA again. */
	ok &= KT_EXPECT(mremap(p, 5 * PAGE, 5 * PAGE, 0) == p);
	munmap(p, 5 * PAGE);
	return ok;
}

/* Thumb: movs r0, #42; bx lr */
static const uint16_t ret42[] = { 0x202a, 0x4770 };
static const uint16_t ret7[] = { 0x2007, 0x4770 };	/* movs r0, #7; bx lr */

static bool mprotect_exec(void)
{
	unsigned char *p = map(1, RW);
	bool ok = KT_EXPECT(p != NULL);
	int (*fn)(void);

	if (!ok)
		return false;
	memcpy(p, ret42, sizeof(ret42));
	ok &= KT_EXPECT(access_kills(p, EXEC));		/* read-write: not executable */
	ok &= KT_EXPECT(mprotect(p, PAGE, PROT_READ | PROT_EXEC) == 0);
	fn = (int (*)(void))((uintptr_t)p | 1);
	ok &= KT_EXPECT(fn() == 42);
	ok &= KT_EXPECT(access_kills(p, WRITE));	/* and no longer writable */
	ok &= KT_EXPECT(mprotect(p, PAGE, RW) == 0);
	ok &= KT_EXPECT(access_kills(p, EXEC));		/* executable no more */
	/* New code in the same page: executable again, the new code runs. */
	memcpy(p, ret7, sizeof(ret7));
	ok &= KT_EXPECT(mprotect(p, PAGE, PROT_READ | PROT_EXEC) == 0);
	ok &= KT_EXPECT(fn() == 7);
	munmap(p, PAGE);
	return ok;
}

/*
 * Second-level tables go with the last mapping in them, not at exit:
 * touch a page every MiB of 8 MiB (a 1 KiB table each), unmap it, and
 * pgtable.bytes is back where it was; the same after mremap moves a
 * mapping away.
 */
static bool munmap_frees_page_tables(void)
{
	const size_t len = 8u << 20;
	long before, touched, moved;
	unsigned char *p, *q;
	bool ok = true;

	anvil_meminfo_get("pgtable.bytes");	/* its stack and buffer are in place */
	before = anvil_meminfo_get("pgtable.bytes");
	p = map(len / PAGE, RW);
	if (!KT_EXPECT(p != NULL))
		return false;
	for (size_t off = 0; off < len; off += 1u << 20)
		p[off] = 1;
	touched = anvil_meminfo_get("pgtable.bytes");
	ok &= KT_EXPECT(touched >= before + 8 * 1024);
	ok &= KT_EXPECT(munmap(p, len) == 0);
	ok &= KT_EXPECT(anvil_meminfo_get("pgtable.bytes") == before);
	if (!ok)
		printf("        # pgtable.bytes: %ld before, %ld touched, %ld after munmap\n",
		       before, touched, anvil_meminfo_get("pgtable.bytes"));
	/* A moved mapping leaves no empty table behind either. */
	p = q = map(2, RW);
	if (!KT_EXPECT(p != NULL))
		return false;
	p[0] = 3;
	/* Top-down: the mapping above p stops it growing in place. */
	p = mremap(p, 2 * PAGE, 4u << 20, MREMAP_MAYMOVE);
	ok &= KT_EXPECT(p != MAP_FAILED && p != q && p[0] == 3);
	moved = anvil_meminfo_get("pgtable.bytes");
	ok &= KT_EXPECT(p != MAP_FAILED && munmap(p, 4u << 20) == 0);
	ok &= KT_EXPECT(anvil_meminfo_get("pgtable.bytes") == before);
	if (!ok)
		printf("        # pgtable.bytes: %ld before, %ld moved, %ld after munmap\n",
		       before, moved, anvil_meminfo_get("pgtable.bytes"));
	return ok;
}

static bool mmap_exec(void)
{
	unsigned char *p = map(1, PROT_READ | PROT_WRITE | PROT_EXEC);
	bool ok = KT_EXPECT(p != NULL);

	if (!ok)
		return false;
	memcpy(p, ret42, sizeof(ret42));
	ok &= KT_EXPECT(((int (*)(void))((uintptr_t)p | 1))() == 42);
	munmap(p, PAGE);
	return ok;
}

/* ------------------------------------------------ mremap */

static bool mremap_shrink(void)
{
	unsigned char *p = map(4, RW);
	bool ok = KT_EXPECT(p != NULL);

	if (!ok)
		return false;
	fill(p, 0, 4, 0x70);
	ok &= KT_EXPECT(mremap(p, 4 * PAGE, 2 * PAGE, 0) == p);
	ok &= KT_EXPECT(holds(p, 0, 2, 0x70));
	ok &= KT_EXPECT(access_kills(p + 2 * PAGE, READ));
	ok &= KT_EXPECT(access_kills(p + 3 * PAGE, READ));
	munmap(p, 2 * PAGE);
	return ok;
}

static bool mremap_grow_in_place(void)
{
	unsigned char *p = map(4, RW);
	bool ok = KT_EXPECT(p != NULL);

	if (!ok)
		return false;
	fill(p, 0, 4, 0x80);
	ok &= KT_EXPECT(munmap(p + 2 * PAGE, 2 * PAGE) == 0);
	ok &= KT_EXPECT(mremap(p, 2 * PAGE, 4 * PAGE, 0) == p);
	ok &= KT_EXPECT(holds(p, 0, 2, 0x80) && zero(p, 2, 2));
	fill(p, 2, 2, 0x80);
	ok &= KT_EXPECT(holds(p, 0, 4, 0x80));
	munmap(p, 4 * PAGE);
	return ok;
}

static bool mremap_move(void)
{
	unsigned char *p = map(3, RW), *q;
	bool ok = KT_EXPECT(p != NULL);

	if (!ok)
		return false;
	fill(p, 0, 3, 0x90);
	/* Page 2 read-only: pages 0-1 are a VMA with no room to grow. */
	ok &= KT_EXPECT(mprotect(p + 2 * PAGE, PAGE, PROT_READ) == 0);
	ok &= KT_EXPECT(mremap(p, 2 * PAGE, 4 * PAGE, 0) == MAP_FAILED && errno == ENOMEM);
	ok &= KT_EXPECT(holds(p, 0, 3, 0x90));
	q = mremap(p, 2 * PAGE, 4 * PAGE, MREMAP_MAYMOVE);
	ok &= KT_EXPECT(q != MAP_FAILED && q != p);
	if (q == MAP_FAILED)
		return false;
	ok &= KT_EXPECT(holds(q, 0, 2, 0x90) && zero(q, 2, 2));
	ok &= KT_EXPECT(access_kills(p, READ));
	ok &= KT_EXPECT(access_kills(p + PAGE, READ));
	ok &= KT_EXPECT(holds(p, 2, 1, 0x90));		/* the neighbour stayed */
	fill(q, 0, 4, 0xa0);
	ok &= KT_EXPECT(holds(q, 0, 4, 0xa0));
	/* Moving a part out of the middle of a mapping. */
	{
		unsigned char *r = mremap(q + PAGE, PAGE, 3 * PAGE, MREMAP_MAYMOVE);

		ok &= KT_EXPECT(r != MAP_FAILED);
		if (r != MAP_FAILED) {
			ok &= KT_EXPECT(r[0] == (unsigned char)(0xa0 + 1));
			ok &= KT_EXPECT(r[PAGE - 1] == (unsigned char)(0xa0 + 1) && zero(r, 1, 2));
			ok &= KT_EXPECT(holds(q, 0, 1, 0xa0) && holds(q, 2, 2, 0xa0));
			ok &= KT_EXPECT(access_kills(q + PAGE, READ));
			munmap(r, 3 * PAGE);
		}
	}
	munmap(q, 4 * PAGE);
	munmap(p + 2 * PAGE, PAGE);
	return ok;
}

/* ------------------------------------------------ brk and malloc */

static bool brk_sbrk(void)
{
	unsigned char *base = sbrk(0), *top;
	unsigned char *page = (unsigned char *)(((uintptr_t)base + 2 * PAGE - 1) & ~(uintptr_t)(PAGE - 1));
	bool ok = KT_EXPECT(base != (void *)-1);

	ok &= KT_EXPECT(sbrk(4 * PAGE) == base);
	top = sbrk(0);
	ok &= KT_EXPECT(top == base + 4 * PAGE);
	memset(base, 0x33, 4 * PAGE);
	ok &= KT_EXPECT(base[4 * PAGE - 1] == 0x33);
	ok &= KT_EXPECT(access_works(page, WRITE));
	ok &= KT_EXPECT(sbrk(-4 * (int)PAGE) == top);
	ok &= KT_EXPECT(sbrk(0) == base);
	ok &= KT_EXPECT(access_kills(page, READ));	/* given back */
	/* Grown again, the pages come back zeroed. */
	ok &= KT_EXPECT(sbrk(4 * PAGE) == base);
	ok &= KT_EXPECT(page[0] == 0 && page[PAGE - 1] == 0);
	ok &= KT_EXPECT(sbrk(-4 * (int)PAGE) == top);
	/* A heap that would run into kernel memory: refused, the break unchanged. */
	ok &= KT_EXPECT(sbrk(0x7fffffff) == (void *)-1 && errno == ENOMEM);
	ok &= KT_EXPECT(sbrk(0) == base);
	return ok;
}

static bool malloc_mib(void)
{
	const size_t size = 4u << 20;
	long before = anvil_meminfo_get("pages.anon"), during;
	unsigned char *p = malloc(size);
	bool ok = KT_EXPECT(p != NULL);
	bool good = true;

	if (!ok)
		return false;
	for (size_t i = 0; i < size; i += PAGE)
		p[i] = (unsigned char)(i >> 12);
	for (size_t i = 0; i < size; i += PAGE)
		good &= p[i] == (unsigned char)(i >> 12);
	ok &= KT_EXPECT(good);
	/* Every page touched is new but maybe the first, shared with what the heap held. */
	during = anvil_meminfo_get("pages.anon");
	if (during - before < (long)(size / PAGE) - 1)
		printf("        # pages.anon %ld before, %ld with 4 MiB touched at %p, break %p\n",
		       before, during, p, sbrk(0));
	ok &= KT_EXPECT(during - before >= (long)(size / PAGE) - 1);
	free(p);
	p = malloc(3 << 20);
	ok &= KT_EXPECT(p != NULL);
	if (p) {
		memset(p, 1, 3 << 20);
		free(p);
	}
	return ok;
}

int main(void)
{
	static const struct { const char *name; bool (*fn)(void); } cases[] = {
		{ "mmap_hint", mmap_hint },
		{ "mmap_fixed_replaces", mmap_fixed_replaces },
		{ "munmap_middle", munmap_middle },
		{ "munmap_across_mappings", munmap_across_mappings },
		{ "mprotect_read_only", mprotect_read_only },
		{ "mprotect_none_then_rw", mprotect_none },
		{ "mprotect_middle_split", mprotect_middle_split },
		{ "mprotect_exec", mprotect_exec },
		{ "mmap_exec", mmap_exec },
		{ "munmap_frees_page_tables", munmap_frees_page_tables },
		{ "mremap_shrink", mremap_shrink },
		{ "mremap_grow_in_place", mremap_grow_in_place },
		{ "mremap_move", mremap_move },
		{ "brk_sbrk", brk_sbrk },
		{ "malloc_mib", malloc_mib },
	};
	const int n = sizeof(cases) / sizeof(cases[0]);

	ktap_suite("t_mman", n);
	for (int i = 0; i < n; i++)
		ktap_case(cases[i].name, cases[i].fn());
	return ktap_end();
}
