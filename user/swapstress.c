// SPDX-License-Identifier: GPL-2.0-only
/*
 * swapstress MIB PROCS [ROUNDS]: write MIB MiB of anonymous memory spread
 * over PROCS forked processes, then verify every page; exit 0 only when
 * all are intact.  Run as init with a small RAM= and a swap
 * device, it pushes pages out and back in several times, and checks that
 * nothing is lost, torn, or seen by the wrong process.
 *
 *  - The parent writes an inherited region H (1/8 of MIB) and forks PROCS
 *    children.  Child c copy-on-write-writes every 4th page of H (pages
 *    with page % 4 == (c - 1) % 4, so that each such page has one writer
 *    and is still shared by the parent and the other children), and
 *    writes its own private region of (MIB - H) / PROCS MiB.
 *  - Then, for ROUNDS rounds, the child verifies everything it can see and
 *    rewrites its own pages (private and COWed) with the round number;
 *    after the last round it verifies once more.
 *  - The parent reaps the children, then verifies that H holds only its
 *    own data: a child's COWed page never shows in the parent.
 *
 * Every page is filled completely: a header {magic, owner, page, round,
 * checksum} and a body whose every word derives from owner, page, round
 * and its position; the checksum covers the header and the body.  Page
 * numbers are global (H first, then each child's private pages), so a page
 * found at the wrong address, from the wrong process or from a stale round
 * is told apart from a torn or zeroed one.
 *
 * RUN (default 1) makes the data compressible for compressed swap: the
 * body's words repeat in runs of RUN, so LZ4 stores about 7 bytes per run
 * of 4 * RUN bytes (RUN 1: nothing repeats; 16: about 9 to 1).  A page
 * shifted by a run or torn still fails the check.
 *
 * Exit: 0 all intact; 1 bad data; 2 usage or setup error; 3 a child was
 * killed by a signal (the OOM killer's SIGKILL when swap is full) and no
 * data was bad.  A child exits with its count of bad pages (capped at
 * CHILD_BAD_CAP, so the parent's total is a floor; the child's own line
 * gives its exact count), 0 when intact, or CHILD_SETUP_FAILED.
 *
 * It owns only its own memory: bookkeeping is a few static words (no big
 * malloc), the regions come from mmap.  It must not depend on the swap
 * counters existing (a kernel without swap runs it too).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "anvil.h"
#include "proc.h"
#include "workload.h"

#define PAGE			4096u
#define WORDS			(PAGE / 4)
#define PAGES_PER_MIB		((1u << 20) / PAGE)
#define MAGIC			0x53574150u	/* "SWAP" */
#define PARENT			0u		/* owner id of the parent; children are 1..PROCS */
#define MAX_PROCS		64
#define MAX_MIB			256
#define MAX_ROUNDS		100
#define DEFAULT_ROUNDS		2
#define MAX_RUN			1024
#define REPORT_MAX		4		/* failure lines per process */
#define CHILD_BAD_CAP		250		/* exit codes 1..250: bad pages (at least) */
#define CHILD_SETUP_FAILED	254

/* The header words at the start of every page. */
enum { W_MAGIC, W_OWNER, W_PAGE, W_ROUND, W_SUM, W_BODY };

struct layout {
	unsigned procs, rounds, mib;
	unsigned h_pages;		/* the inherited region */
	unsigned own_pages;		/* each child's private region */
	uint32_t *h;
};

static struct layout L;
static pid_t pids[MAX_PROCS];

/*
 * Per process: pages found bad (each counted once, however many checks
 * it fails: a bit per global page number, 8 KiB at MAX_MIB) and failure
 * lines printed.
 */
static uint32_t bad_map[MAX_MIB * PAGES_PER_MIB / 32];
static unsigned bad_pages, reported;
static unsigned run = 1;		/* body words repeat in runs of this many */
static const char *me_name = "parent";
static unsigned me_id = PARENT;

static uint32_t seed_of(uint32_t owner, uint32_t page, uint32_t round)
{
	uint32_t s = owner * 0x9E3779B1u ^ page * 0x85EBCA77u ^ round * 0xC2B2AE3Du;

	return s ^ s >> 15;
}

static uint32_t body_word(uint32_t seed, unsigned w)
{
	return seed + (w / run) * 0x27D4EB2Fu;
}

static uint32_t checksum(const uint32_t *p)
{
	uint32_t sum = 0x811C9DC5u;

	for (unsigned w = 0; w < WORDS; w++)
		if (w != W_SUM)
			sum = (sum ^ p[w]) * 0x01000193u;
	return sum;
}

static void fill_page(uint32_t *p, uint32_t owner, uint32_t page, uint32_t round)
{
	uint32_t seed = seed_of(owner, page, round);

	p[W_MAGIC] = MAGIC;
	p[W_OWNER] = owner;
	p[W_PAGE] = page;
	p[W_ROUND] = round;
	for (unsigned w = W_BODY; w < WORDS; w++)
		p[w] = body_word(seed, w);
	p[W_SUM] = checksum(p);
}

static void fail(const char *where, uint32_t page, const char *fmt, uint32_t a, uint32_t b, uint32_t c)
{
	if (bad_map[page / 32] & 1u << page % 32)
		return;
	bad_map[page / 32] |= 1u << page % 32;
	bad_pages++;
	if (reported++ >= REPORT_MAX)
		return;
	printf("swapstress: %s", me_name);
	if (me_id != PARENT)
		printf(" %u", me_id);
	printf(": %s page %u: ", where, (unsigned)page);
	printf(fmt, (unsigned)a, (unsigned)b, (unsigned)c);
	printf("\n");
	fflush(stdout);
}

/* Does page p hold exactly what (owner, page, round) wrote?  Reports when not. */
static bool check_page(const uint32_t *p, const char *where, uint32_t owner, uint32_t page, uint32_t round)
{
	uint32_t seed = seed_of(owner, page, round);

	if (p[W_MAGIC] != MAGIC) {
		fail(where, page, "no swapstress page here (first words %08x %08x %08x)",
		     p[0], p[1], p[2]);
		return false;
	}
	if (p[W_SUM] != checksum(p)) {
		fail(where, page, "checksum wrong: torn or corrupted (claims owner %u page %u round %u)",
		     p[W_OWNER], p[W_PAGE], p[W_ROUND]);
		return false;
	}
	if (p[W_OWNER] != owner || p[W_PAGE] != page || p[W_ROUND] != round) {
		fail(where, page, "holds owner %u page %u round %u", p[W_OWNER], p[W_PAGE], p[W_ROUND]);
		return false;
	}
	for (unsigned w = W_BODY; w < WORDS; w++)
		if (p[w] != body_word(seed, w)) {
			fail(where, page, "word %u is %08x, expected %08x", w, p[w], body_word(seed, w));
			return false;
		}
	return true;
}

static uint32_t *page_at(uint32_t *base, unsigned i)
{
	return base + (size_t)i * WORDS;
}

/* Child c's COW set in H: every 4th page, offset by the child. */
static bool cowed_by(unsigned child, unsigned page)
{
	return child != PARENT && page % 4 == (child - 1) % 4;
}

/* The global page number of child c's private page i. */
static uint32_t own_page_no(unsigned child, unsigned i)
{
	return L.h_pages + (child - 1) * L.own_pages + i;
}

/* H as process `me` must see it: its COWed pages at `round`, the rest the parent's. */
static void check_h(unsigned me, uint32_t round)
{
	for (unsigned i = 0; i < L.h_pages; i++) {
		bool mine = cowed_by(me, i);

		check_page(page_at(L.h, i), mine ? "inherited (COWed)" : "inherited",
			   mine ? me : PARENT, i, mine ? round : 0);
	}
}

static void check_own(unsigned me, uint32_t *own, uint32_t round)
{
	for (unsigned i = 0; i < L.own_pages; i++)
		check_page(page_at(own, i), "own", me, own_page_no(me, i), round);
}

static void write_mine(unsigned me, uint32_t *own, uint32_t round)
{
	for (unsigned i = 0; i < L.h_pages; i++)
		if (cowed_by(me, i))
			fill_page(page_at(L.h, i), me, i, round);
	for (unsigned i = 0; i < L.own_pages; i++)
		fill_page(page_at(own, i), me, own_page_no(me, i), round);
}

static int child(void *arg)
{
	unsigned me = (unsigned)(uintptr_t)arg;
	uint32_t *own;

	me_name = "child";
	me_id = me;
	own = mmap(NULL, (size_t)L.own_pages * PAGE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (own == MAP_FAILED) {
		printf("swapstress: child %u: mmap of %u pages failed\n", me, L.own_pages);
		fflush(stdout);
		return CHILD_SETUP_FAILED;
	}
	check_h(PARENT, 0);		/* before any COW: all the parent's */
	write_mine(me, own, 0);
	for (unsigned r = 1; r <= L.rounds; r++) {
		check_h(me, r - 1);
		check_own(me, own, r - 1);
		write_mine(me, own, r);
	}
	check_h(me, L.rounds);
	check_own(me, own, L.rounds);
	if (bad_pages) {
		printf("swapstress: child %u: %u bad pages\n", me, bad_pages);
		fflush(stdout);
	}
	return bad_pages > CHILD_BAD_CAP ? CHILD_BAD_CAP : (int)bad_pages;
}

static int usage(void)
{
	fprintf(stderr, "usage: swapstress MIB PROCS [ROUNDS [RUN]]   (MIB 1..%d, PROCS 1..%d, "
		"ROUNDS 0..%d, default %d; RUN 1..%d words repeated, default 1)\n",
		MAX_MIB, MAX_PROCS, MAX_ROUNDS, DEFAULT_ROUNDS, MAX_RUN);
	return 2;
}

int main(int argc, char **argv)
{
	long mib, procs, rounds = DEFAULT_ROUNDS, run_words = 1, out0, in0, out1, in1;
	unsigned total_pages, killed = 0, children_bad = 0, started = 0;
	bool setup_failed = false;

	if (argc < 3 || argc > 5 || !wl_parse(argv[1], 1, MAX_MIB, &mib) ||
	    !wl_parse(argv[2], 1, MAX_PROCS, &procs) ||
	    (argc >= 4 && !wl_parse(argv[3], 0, MAX_ROUNDS, &rounds)) ||
	    (argc == 5 && !wl_parse(argv[4], 1, MAX_RUN, &run_words)))
		return usage();
	run = (unsigned)run_words;

	L.mib = (unsigned)mib;
	L.procs = (unsigned)procs;
	L.rounds = (unsigned)rounds;
	total_pages = L.mib * PAGES_PER_MIB;
	L.h_pages = total_pages / 8;
	L.own_pages = (total_pages - L.h_pages) / L.procs;
	out0 = anvil_meminfo_get("swap.pages_out");
	in0 = anvil_meminfo_get("swap.pages_in");

	L.h = mmap(NULL, (size_t)L.h_pages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (L.h == MAP_FAILED) {
		printf("swapstress: mmap of %u pages failed\n", L.h_pages);
		return 2;
	}
	printf("swapstress: %u MiB over %u processes, %u rounds: %u inherited pages, %u private pages each\n",
	       L.mib, L.procs, L.rounds, L.h_pages, L.own_pages);
	for (unsigned i = 0; i < L.h_pages; i++)
		fill_page(page_at(L.h, i), PARENT, i, 0);
	fflush(stdout);		/* nothing buffered for the children to print again */

	for (unsigned c = 1; c <= L.procs; c++) {
		pids[c - 1] = spawn(child, (void *)(uintptr_t)c);
		if (pids[c - 1] < 0) {
			printf("swapstress: fork of child %u failed\n", c);
			setup_failed = true;
			break;
		}
		started++;
	}
	for (unsigned c = 1; c <= started; c++) {
		int status;

		if (waitpid(pids[c - 1], &status, 0) != pids[c - 1]) {
			printf("swapstress: waitpid for child %u failed\n", c);
			setup_failed = true;
		} else if (W_SIG(status)) {
			printf("swapstress: child %u killed by signal %d\n", c, W_SIG(status));
			killed++;
		} else if (W_CODE(status) == CHILD_SETUP_FAILED) {
			setup_failed = true;
		} else {
			children_bad += W_CODE(status);
		}
		fflush(stdout);
	}

	check_h(PARENT, 0);	/* no child's COWed page shows here */
	bad_pages += children_bad;
	printf("swapstress: %u MiB over %u processes, %u rounds: ", L.mib, L.procs, L.rounds);
	if (bad_pages)
		printf("%u bad pages", bad_pages);
	else if (killed || setup_failed)
		printf("no bad pages in what was checked");
	else
		printf("all intact");
	if (killed)
		printf(", %u %s killed", killed, killed == 1 ? "child" : "children");
	printf("\n");
	out1 = anvil_meminfo_get("swap.pages_out");
	in1 = anvil_meminfo_get("swap.pages_in");
	if (out0 >= 0 && in0 >= 0 && out1 >= 0 && in1 >= 0)
		printf("swapstress: swap.pages_out %ld swap.pages_in %ld\n", out1 - out0, in1 - in0);
	fflush(stdout);
	munmap(L.h, (size_t)L.h_pages * PAGE);
	if (bad_pages)
		return 1;
	if (killed)
		return 3;
	return setup_failed ? 2 : 0;
}
