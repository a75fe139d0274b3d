// SPDX-License-Identifier: GPL-2.0-only
/* User-side KTAP output: see ktap.h. */
#include <stdio.h>
#include <unistd.h>
#include "ktap.h"

static int case_no, failed;

void ktap_suite(const char *name, int cases)
{
	printf("    KTAP version 1\n    # Subtest: %s\n    1..%d\n", name, cases);
	fflush(stdout);
	case_no = failed = 0;
}

void ktap_case(const char *name, bool ok)
{
	printf("    %s %d %s\n", ok ? "ok" : "not ok", ++case_no, name);
	fflush(stdout);
	failed += !ok;
}

void ktap_skip(const char *name, const char *why)
{
	printf("    ok %d %s # SKIP %s\n", ++case_no, name, why);
	fflush(stdout);
}

int ktap_end(void)
{
	return failed ? 1 : 0;
}

bool ktap_expect(bool ok, const char *what, const char *file, int line)
{
	if (!ok) {
		printf("        # %s:%d: expected %s\n", file, line, what);
		fflush(stdout);
	}
	return ok;
}
