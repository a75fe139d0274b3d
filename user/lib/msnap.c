// SPDX-License-Identifier: GPL-2.0-only
/* Snapshots of the memory accounting and their differences: see msnap.h. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "anvil.h"
#include "msnap.h"

int msnap_take(struct msnap *s)
{
	static char buf[12288];
	int len;

	memset(s, 0, sizeof(*s));	/* fault the whole snapshot in first */
	len = anvil_meminfo(buf, sizeof(buf) - 1);
	if (len < 0)
		return -1;
	buf[len] = '\0';
	for (char *line = buf; *line && s->n < MSNAP_MAX; ) {
		char *end = strchr(line, '\n');
		char *sp = strchr(line, ' ');

		if (sp && (!end || sp < end) && sp - line < MSNAP_KEY) {
			memcpy(s->key[s->n], line, sp - line);
			s->key[s->n][sp - line] = '\0';
			s->val[s->n++] = strtol(sp + 1, NULL, 10);
		}
		if (!end)
			break;
		line = end + 1;
	}
	return 0;
}

long msnap_get(const struct msnap *s, const char *key)
{
	for (int i = 0; i < s->n; i++)
		if (!strcmp(s->key[i], key))
			return s->val[i];
	return -1;
}

static long before_value(const struct msnap *before, const struct msnap *after, int i)
{
	/* Same kernel, same order: look at the same index first. */
	if (i < before->n && !strcmp(before->key[i], after->key[i]))
		return before->val[i];
	return msnap_get(before, after->key[i]);
}

void msnap_print_delta(const struct msnap *before, const struct msnap *after,
		       const char *prefix)
{
	for (int i = 0; i < after->n; i++) {
		long b = before_value(before, after, i);

		printf("%s%s %ld\n", prefix, after->key[i], after->val[i] - (b < 0 ? 0 : b));
	}
	fflush(stdout);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

static long get0(const struct msnap *s, const char *key)
{
	long v = msnap_get(s, key);

	return v < 0 ? 0 : v;
}

/*
 * The pages the surviving processes own, in RAM or in swap: memory
 * pressure may move them to swap and back, but never lose or add one.
 * A swap-cache page holds a slot too, so pages.swap_cache and
 * swap.cache_pages cancel out.
 */
static long user_pages(const struct msnap *s)
{
	return get0(s, "pages.anon") + get0(s, "swap.slots_used");
}

static bool is_user_page_key(const char *key)
{
	return !strcmp(key, "pages.anon") || !strcmp(key, "pages.swap_cache");
}

/* Counters that must come back exactly. */
static bool must_return(const char *key)
{
	static const char *const exact[] = {
		"pages.pgtable", "pages.kstack",
		"kmalloc_large.inuse", "kmalloc_large.pages",
	};

	for (unsigned i = 0; i < sizeof(exact) / sizeof(exact[0]); i++)
		if (!strcmp(key, exact[i]))
			return true;
	return !strncmp(key, "slab.", 5) && ends_with(key, ".inuse");
}

static int count_leaks(const struct msnap *before, const struct msnap *after, const char *prefix,
		       bool say)
{
	int leaks = 0;
	long dfree = msnap_get(after, "pages.free") - msnap_get(before, "pages.free");
	long dslab = msnap_get(after, "pages.slab") - msnap_get(before, "pages.slab");
	long dother = 0;	/* pages of counters already reported on their own */
	long downed = user_pages(after) - user_pages(before);
	/*
	 * zram's pages hold the swapped-out user pages (counted above by their
	 * slots) compressed: how many depends on how they compress, and its
	 * allocator keeps a reserve.  They balance the free pages, no more.
	 */
	long dzram = get0(after, "pages.zram") - get0(before, "pages.zram");

	for (int i = 0; i < after->n; i++) {
		long b = before_value(before, after, i), d = after->val[i] - b;
		/*
		 * A page still in the swap cache holds one node of it: the
		 * survivors may keep pages there (one whose slot a swap PTE of
		 * theirs still holds), counted as user pages below.
		 */
		long allowed = strcmp(after->key[i], "slab.swap_cache.inuse") ? 0 :
			       get0(after, "swap.cache_pages") - get0(before, "swap.cache_pages");
		bool bad = must_return(after->key[i]) ? d != allowed :
			   !strncmp(after->key[i], "slab.", 5) && ends_with(after->key[i], ".pages") &&
			   (d < 0 || d > 1);

		if (!strncmp(after->key[i], "pages.", 6) &&
		    (must_return(after->key[i]) || is_user_page_key(after->key[i])))
			dother += d;
		if (b < 0 || bad) {
			if (say)
				printf("%s%s: %ld before, %ld after\n", prefix, after->key[i], b, after->val[i]);
			leaks++;
		}
	}
	if (downed != 0) {
		if (say)
			printf("%suser pages (pages.anon + swap.slots_used) %+ld\n", prefix, downed);
		leaks++;
	}
	if (dfree + dslab + dother + dzram != 0) {
		if (say)
			printf("%spages.free %+ld and pages.slab %+ld do not balance\n", prefix, dfree, dslab);
		leaks++;
	}
	fflush(stdout);
	return leaks;
}

int msnap_leaks(const struct msnap *before, const struct msnap *after, const char *prefix)
{
	return count_leaks(before, after, prefix, true);
}

int msnap_leaks_settled(const struct msnap *before, struct msnap *after, const char *prefix)
{
	for (int tries = 0; tries < LEAK_SETTLE_TRIES && count_leaks(before, after, prefix, false); tries++) {
		msleep(LEAK_SETTLE_MS);
		msnap_take(after);
	}
	return count_leaks(before, after, prefix, true);
}
