/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Snapshots of the kernel's memory accounting (every "key value" line of
 * anvil_meminfo), their differences, and the check that a piece of work
 * left nothing behind.
 *
 * A snapshot lives in the caller's memory: take a throw-away snapshot into
 * every struct msnap a measurement will use before the first real one, so
 * that faulting them in is not part of what is measured.
 */
#ifndef USER_MSNAP_H
#define USER_MSNAP_H

#define MSNAP_MAX	256
#define MSNAP_KEY	48

struct msnap {
	int n;
	char key[MSNAP_MAX][MSNAP_KEY];
	long val[MSNAP_MAX];
};

/* Read every counter: 0, or -1 when the call failed. */
int msnap_take(struct msnap *s);
/* One counter's value, or -1 when the snapshot has no such key. */
long msnap_get(const struct msnap *s, const char *key);
/* "<prefix><key> <after - before>" for every key of after, in the kernel's order. */
void msnap_print_delta(const struct msnap *before, const struct msnap *after,
		       const char *prefix);
/*
 * Compare two snapshots taken with nothing alive in between that was not
 * alive at the first: objects in use of every slab cache and large
 * kmalloc, pages of anonymous memory, page tables, kernel stacks and the
 * swap cache must be back; free pages too, except for at most one spare
 * empty slab per cache (the slab keeps one) and the pages of the counters
 * above, which are reported on their own.  Prints each difference on a
 * line of its own that starts with prefix (a test passes a KTAP diagnostic
 * prefix) and returns how many counters did not come back.
 */
int msnap_leaks(const struct msnap *before, const struct msnap *after, const char *prefix);
/*
 * The same, once background reclaim has had time to settle: a page of a
 * process that just died may still be on its way to swap (kswapd's write
 * in flight holds its slot until it completes), so while the counts differ
 * it waits LEAK_SETTLE_MS and takes *after again, LEAK_SETTLE_TRIES times
 * at most; a real leak stays and is reported.
 */
#define LEAK_SETTLE_TRIES	20
#define LEAK_SETTLE_MS		50
int msnap_leaks_settled(const struct msnap *before, struct msnap *after, const char *prefix);

#endif
