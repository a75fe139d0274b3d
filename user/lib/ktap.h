/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * KTAP from user test programs, the same format as the kernel's runner.
 * A test program is one suite:
 *
 *	int main(void) {
 *		ktap_suite("mman", 2);
 *		ktap_case("mmap_basic", mmap_basic());	// a case returns true = ok
 *		ktap_case("munmap_hole", munmap_hole());
 *		return ktap_end();			// 0 when every case passed
 *	}
 *
 * KT_EXPECT(cond) prints the failed condition as a KTAP diagnostic and
 * makes the enclosing case fail (it evaluates to cond).
 */
#ifndef USER_KTAP_H
#define USER_KTAP_H

#include <stdbool.h>

void ktap_suite(const char *name, int cases);
void ktap_case(const char *name, bool ok);
void ktap_skip(const char *name, const char *why);
int ktap_end(void);
bool ktap_expect(bool ok, const char *what, const char *file, int line);

#define KT_EXPECT(cond) ktap_expect(!!(cond), #cond, __FILE__, __LINE__)

#endif
