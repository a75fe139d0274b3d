/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The all-or-nothing check of one mm/ operation, shared by the host tests
 * (tests/host/fail_each.c): for each allocation site, the slab caches and
 * then the page allocator, fail the operation's 1st, 2nd, ... allocation
 * there, each time on a fresh world, until a run injects nothing.  Every
 * injected failure must return -ENOMEM and leave the state the test
 * snapshots exactly as it was; the run that gets through must succeed.
 */
#ifndef HOST_FAIL_EACH_H
#define HOST_FAIL_EACH_H

#include <stdbool.h>
#include <anvil/types.h>

struct fail_each {
	void (*prepare)(void);		/* a fresh world, ready for op */
	int (*op)(void);		/* 0 or a negative errno */
	void (*snap)(void *state);	/* what a failed op must not change */
	bool (*same)(const void *a, const void *b);
	void *before, *after;		/* two buffers for snap */
	void (*check)(void);		/* invariants, after every run */
	void (*succeeded)(void);	/* after the run that got through; may be NULL */
	void (*finish)(void);		/* the world ends (and checks for leaks) */
};

/* Returns how many failures were injected. */
u32 fail_each_run(const struct fail_each *f);

#endif
