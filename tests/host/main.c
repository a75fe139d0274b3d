// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host test runner: runs every registered test on a fresh mm/, prints
 * one line per test and, last, "host/<variant>: N passed, N failed"; the
 * exit status is non-zero when any test failed.  The Makefile's run target
 * adds up the variants into the one "host: N passed, N failed" line.
 * A test name given on the command line runs only the tests it names (a
 * name no test has is an error); --list prints "<variant>/<name>" for each.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "test.h"

#ifndef HOST_VARIANT
#define HOST_VARIANT "host"
#endif

static struct test *tests, **tests_tail = &tests;
static int failures;		/* in the running test */
static jmp_buf test_jmp;	/* ends the running test */

void test_register(struct test *t)
{
	*tests_tail = t;
	tests_tail = &t->next;
}

void test_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	printf("    %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	failures++;
}

void test_abort(void)
{
	longjmp(test_jmp, 1);
}

void test_check_panic(const char *file, int line, const char *stmt, const char *text)
{
	if (!strstr(host_panic_msg, text))
		test_fail(file, line, "%s panicked with \"%s\", expected \"%s\"",
			  stmt, host_panic_msg, text);
}

static bool selected(const char *name, int argc, char **argv)
{
	int i;

	if (argc < 2)
		return true;
	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], name))
			return true;
	return false;
}

/* One test on a fresh mm/; true when it passed. */
static bool run_one(struct test *t)
{
	failures = 0;
	host_panic_msg[0] = 0;
	host_mm_init(HOST_RAM_DEFAULT);
	host_panic_jmp = &test_jmp;
	if (setjmp(test_jmp) == 0)
		t->fn();
	else if (!host_panic_jmp)	/* panic() cleared it; test_abort() does not */
		test_fail(__FILE__, __LINE__, "unexpected panic: %s", host_panic_msg);
	host_panic_jmp = NULL;
	printf("%s %s/%s\n", failures ? "FAIL" : "ok  ", HOST_VARIANT, t->name);
	return !failures;
}

/* A name on the command line that no test has: a typo, not "0 passed". */
static bool unknown_names(int argc, char **argv)
{
	bool bad = false;
	struct test *t;
	int i;

	for (i = 1; i < argc; i++) {
		for (t = tests; t && strcmp(t->name, argv[i]); t = t->next)
			;
		if (!t) {
			printf("host/%s: no test named '%s' (--list lists them)\n", HOST_VARIANT, argv[i]);
			bad = true;
		}
	}
	return bad;
}

int main(int argc, char **argv)
{
	int passed = 0, failed = 0;
	struct test *t;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 2 && !strcmp(argv[1], "--list")) {
		for (t = tests; t; t = t->next)
			printf("%s/%s\n", HOST_VARIANT, t->name);
		return 0;
	}
	if (unknown_names(argc, argv))
		return 2;
	for (t = tests; t; t = t->next) {
		if (!selected(t->name, argc, argv))
			continue;
		if (run_one(t))
			passed++;
		else
			failed++;
	}
	printf("host/%s: %d passed, %d failed\n", HOST_VARIANT, passed, failed);
	return failed ? 1 : 0;
}
