// SPDX-License-Identifier: GPL-2.0-only
/*
 * The in-kernel test runner: walks the .ktest section and prints KTAP:
 * a top-level plan of suites, each suite a nested subtest with its cases.
 */
#include <anvil/kernel.h>
#include <anvil/ktest.h>
#include <anvil/string.h>

extern const struct ktest_case __ktest_start[], __ktest_end[];

void ktest_fail(struct ktest_ctx *t, const char *file, int line, const char *fmt, ...)
{
	char buf[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printk("        # %s:%d: %s\n", file, line, buf);
	t->failed = true;
}

/* Is suite in the comma-separated list (which ends at a space or NUL)? */
static bool selected(const char *filter, const char *suite)
{
	size_t len = strlen(suite);

	if (!filter || !*filter)
		return true;
	for (const char *p = filter; *p && *p != ' ';) {
		if (!strncmp(p, suite, len) && (p[len] == ',' || p[len] == ' ' || !p[len]))
			return true;
		while (*p && *p != ',' && *p != ' ')
			p++;
		if (*p == ',')
			p++;
	}
	return false;
}

static const struct ktest_case *suite_end(const struct ktest_case *c)
{
	const struct ktest_case *e = c;

	while (e < __ktest_end && !strcmp(e->suite, c->suite))
		e++;
	return e;
}

int ktest_run(const char *filter)
{
	int nr_suites = 0, suite_no = 0, failed_cases = 0;

	for (const struct ktest_case *c = __ktest_start; c < __ktest_end; c = suite_end(c))
		nr_suites += selected(filter, c->suite);

	printk("KTAP version 1\n1..%d\n", nr_suites);
	for (const struct ktest_case *c = __ktest_start; c < __ktest_end;) {
		const struct ktest_case *end = suite_end(c);
		bool suite_failed = false;
		int n = 1;

		if (!selected(filter, c->suite)) {
			c = end;
			continue;
		}
		printk("    KTAP version 1\n    # Subtest: %s\n    1..%d\n", c->suite, (int)(end - c));
		for (const struct ktest_case *k = c; k < end; k++, n++) {
			struct ktest_ctx t = { 0 };

			k->fn(&t);
			if (t.skip) {
				printk("    ok %d %s # SKIP %s\n", n, k->name, t.skip);
			} else {
				printk("    %s %d %s\n", t.failed ? "not ok" : "ok", n, k->name);
				failed_cases += t.failed;
				suite_failed |= t.failed;
			}
		}
		printk("%s %d %s\n", suite_failed ? "not ok" : "ok", ++suite_no, c->suite);
		c = end;
	}
	return failed_cases;
}
