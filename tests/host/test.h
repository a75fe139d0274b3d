/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A tiny test framework for the host unit tests.
 *
 *	TEST(name) { ... }		registers a test; each runs on a fresh mm/
 *					(host_mm_init(HOST_RAM_DEFAULT))
 *	EXPECT_TRUE(c), EXPECT_EQ(a, b), EXPECT_NE(a, b), EXPECT_NULL(p),
 *	EXPECT_NOT_NULL(p)		record a failure with file:line and values,
 *					and go on
 *	ASSERT_*			the same, then end the test
 *	EXPECT_PANIC(stmt, "text")	stmt must panic with a message containing
 *					text; mm/ state after it is undefined, so
 *					call host_mm_init() before using mm/ again
 *
 * A panic nobody expected fails the test and the run goes on.  Locals a
 * test changes inside EXPECT_PANIC's stmt and reads after must be volatile
 * (setjmp rules).
 */
#ifndef HOST_TEST_H
#define HOST_TEST_H

#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include "host.h"

struct test {
	const char *name;
	void (*fn)(void);
	struct test *next;
};

void test_register(struct test *t);
void test_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void test_abort(void) __attribute__((noreturn));
void test_check_panic(const char *file, int line, const char *stmt, const char *text);

#define TEST(name)							\
	static void test_##name(void);					\
	static struct test test_desc_##name = { #name, test_##name, NULL }; \
	__attribute__((constructor)) static void test_reg_##name(void)	\
	{								\
		test_register(&test_desc_##name);			\
	}								\
	static void test_##name(void)

#define EXPECT_CMP(a, op, b, on_fail) do {				\
	long long _a = (long long)(a), _b = (long long)(b);		\
	if (!(_a op _b)) {						\
		test_fail(__FILE__, __LINE__, "%s %s %s: %lld (0x%llx) vs %lld (0x%llx)", \
			  #a, #op, #b, _a, (unsigned long long)_a,	\
			  _b, (unsigned long long)_b);			\
		on_fail;						\
	}								\
} while (0)

#define EXPECT_EQ(a, b)		EXPECT_CMP(a, ==, b, (void)0)
#define EXPECT_NE(a, b)		EXPECT_CMP(a, !=, b, (void)0)
#define EXPECT_LE(a, b)		EXPECT_CMP(a, <=, b, (void)0)
#define EXPECT_TRUE(c)		EXPECT_CMP(!!(c), ==, 1, (void)0)
#define EXPECT_FALSE(c)		EXPECT_CMP(!!(c), ==, 0, (void)0)
#define EXPECT_NULL(p)		EXPECT_CMP((uintptr_t)(p), ==, 0, (void)0)
#define EXPECT_NOT_NULL(p)	EXPECT_CMP((uintptr_t)(p), !=, 0, (void)0)

#define ASSERT_EQ(a, b)		EXPECT_CMP(a, ==, b, test_abort())
#define ASSERT_NE(a, b)		EXPECT_CMP(a, !=, b, test_abort())
#define ASSERT_TRUE(c)		EXPECT_CMP(!!(c), ==, 1, test_abort())
#define ASSERT_NOT_NULL(p)	EXPECT_CMP((uintptr_t)(p), !=, 0, test_abort())

#define EXPECT_PANIC(stmt, text) do {					\
	jmp_buf _jb, *_saved = host_panic_jmp;				\
	host_panic_jmp = &_jb;						\
	if (setjmp(_jb) == 0) {						\
		stmt;							\
		host_panic_jmp = _saved;				\
		test_fail(__FILE__, __LINE__, "no panic from: %s", #stmt); \
	} else {							\
		host_panic_jmp = _saved;				\
		test_check_panic(__FILE__, __LINE__, #stmt, text);	\
	}								\
} while (0)

#endif
