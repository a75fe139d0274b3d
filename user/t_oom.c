// SPDX-License-Identifier: GPL-2.0-only
/*
 * t_oom: out of memory kills the largest process and nothing else (run by
 * scripts/test.py as init with a small RAM=, so that memory runs out in a
 * fraction of a second).
 *
 *  - an eater that touches pages until it dies is killed (SIGKILL), and
 *    this process goes on;
 *  - a hog fills memory almost up and waits; a small process then needs
 *    memory: the hog, the largest, is killed, and the small one gets its
 *    pages and exits 0;
 *  - afterwards every memory counter is back where it started.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "anvil.h"
#include "ktap.h"
#include "msnap.h"
#include "proc.h"

#define PAGE		4096u
#define HUGE		(128u << 20)	/* more than the RAM= the test boots with; fits in 256 MiB of user space */
#define LOW_WATER	192		/* free pages the hog leaves */
#define SMALL_PAGES	(2 * LOW_WATER)	/* more than that: the small one needs the hog's */

static unsigned char *map_huge(void)
{
	void *p = mmap(NULL, HUGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static int eat_everything(void *arg)
{
	unsigned char *p = map_huge();

	(void)arg;
	if (!p)
		return 2;
	for (unsigned long off = 0; off < HUGE; off += PAGE)
		p[off] = 1;
	return 3;	/* never: there is not that much RAM */
}

/* Fill memory until LOW_WATER pages are left, then wait to be killed. */
static int hog(void *arg)
{
	unsigned char *p = map_huge();

	(void)arg;
	if (!p)
		return 2;
	for (unsigned long off = 0; off < HUGE; off += PAGE) {
		long free_pages;

		p[off] = 1;
		if ((off / PAGE) % 16)
			continue;
		free_pages = anvil_meminfo_get("pages.free");
		if (free_pages >= 0 && free_pages < LOW_WATER)
			break;
	}
	return sleep_until_killed(NULL);
}

static int small(void *arg)
{
	static unsigned char buf[SMALL_PAGES * PAGE];

	(void)arg;
	for (unsigned i = 0; i < SMALL_PAGES; i++)
		buf[i * PAGE] = (unsigned char)i;
	for (unsigned i = 0; i < SMALL_PAGES; i++)
		if (buf[i * PAGE] != (unsigned char)i)
			return 1;
	return 0;
}

static bool eater_is_killed(void)
{
	int status = run_child(eat_everything, NULL);

	if (W_SIG(status) != SIG_KILL)
		printf("        # eater status %#x\n", status);
	return KT_EXPECT(W_SIG(status) == SIG_KILL);
}

static bool largest_is_killed(void)
{
	pid_t big = spawn(hog, NULL), little;
	int s_big = -1, s_little = -1;
	bool ok = KT_EXPECT(big > 0);

	if (!ok)
		return false;
	ok &= KT_EXPECT(wait_task_settled(big, 20000) == 'S');
	ok &= KT_EXPECT(anvil_meminfo_get("pages.free") < LOW_WATER);
	little = spawn(small, NULL);
	ok &= KT_EXPECT(little > 0);
	ok &= KT_EXPECT(waitpid(little, &s_little, 0) == little);
	ok &= KT_EXPECT(waitpid(big, &s_big, 0) == big);
	if (!W_EXITED(s_little, 0) || W_SIG(s_big) != SIG_KILL)
		printf("        # small: status %#x, hog: status %#x\n", s_little, s_big);
	ok &= KT_EXPECT(W_EXITED(s_little, 0));
	ok &= KT_EXPECT(W_SIG(s_big) == SIG_KILL);
	return ok;
}

static struct msnap before, after;

int main(void)
{
	stack_prefault(32 * 1024);
	task_state(getpid(), NULL);	/* its buffer, before the counters are read */
	ktap_suite("t_oom", 3);
	msnap_take(&after);
	msnap_take(&before);
	ktap_case("eater_alone_is_killed", eater_is_killed());
	ktap_case("largest_is_killed_small_survives", largest_is_killed());
	msnap_take(&after);
	ktap_case("counters_return", KT_EXPECT(msnap_leaks(&before, &after, "        # ") == 0));
	return ktap_end();
}
