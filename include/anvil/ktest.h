/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * In-kernel tests, reported as KTAP (the format of Linux's KUnit).
 *
 *	KTEST(suite, name) { KEXPECT_EQ(t, 1 + 1, 2); }
 *
 * Cases live in the .ktest section; cases of one suite are consecutive
 * (one file, in order).  Booting with "ktest" on the command line runs
 * them all, or only the suites named by "ktest=a,b", and powers off with
 * status 0 when all passed, 1 otherwise.
 */
#ifndef ANVIL_KTEST_H
#define ANVIL_KTEST_H

#include <anvil/kernel.h>

struct ktest_ctx {
	bool failed;
	const char *skip;	/* reason, when the case cannot run here */
};

struct ktest_case {
	const char *suite;
	const char *name;
	void (*fn)(struct ktest_ctx *t);
};

#define KTEST(suite, name)						\
	static void ktest_##suite##_##name(struct ktest_ctx *t);	\
	static const struct ktest_case ktest_case_##suite##_##name	\
	__used __section(".ktest") __aligned(4) =			\
		{ #suite, #name, ktest_##suite##_##name };		\
	static void ktest_##suite##_##name(struct ktest_ctx *t)

void ktest_fail(struct ktest_ctx *t, const char *file, int line, const char *fmt, ...)
	__printf(4, 5);

#define KEXPECT(t, cond) do {						\
	if (!(cond))							\
		ktest_fail(t, __FILE__, __LINE__, "expected %s", #cond);\
} while (0)

#define KEXPECT_EQ(t, a, b) do {					\
	long long _a = (long long)(a), _b = (long long)(b);		\
	if (_a != _b)							\
		ktest_fail(t, __FILE__, __LINE__, "%s == %s: %lld != %lld", \
			   #a, #b, _a, _b);				\
} while (0)

#define KEXPECT_STREQ(t, a, b) do {					\
	const char *_a = (a), *_b = (b);				\
	if (strcmp(_a, _b))						\
		ktest_fail(t, __FILE__, __LINE__, "%s == %s: \"%s\" != \"%s\"", \
			   #a, #b, _a, _b);				\
} while (0)

/* Run the selected suites; returns the number of failed cases. */
/*
 * Take an unexpected exception of the given kind ("undef", "dabort",
 * "pabort"), so a test can watch the kernel report it and panic.
 */
#if IS_ENABLED(CONFIG_KTEST)
int ktest_run(const char *filter);
void ktest_crash(const char *kind);
#else
static inline int ktest_run(const char *filter) { return 0; }
static inline void ktest_crash(const char *kind) { }
#endif

#endif
