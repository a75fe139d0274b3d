// SPDX-License-Identifier: GPL-2.0-only
/* KTAP tests of vsnprintf: every conversion, flag and truncation. */
#include <anvil/ktest.h>
#include <anvil/string.h>

static const char *fmt(char *buf, size_t size, const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	vsnprintf(buf, size, f, ap);
	va_end(ap);
	return buf;
}

KTEST(vsprintf, integers)
{
	char b[64];

	KEXPECT_STREQ(t, fmt(b, sizeof(b), "%d %i %u", -42, 7, 4000000000u), "-42 7 4000000000");
	KEXPECT_STREQ(t, fmt(b, sizeof(b), "%x %X %o", 0xbeefu, 0xbeefu, 8u), "beef BEEF 10");
	KEXPECT_STREQ(t, fmt(b, sizeof(b), "%lld %llu", -(1LL << 40), ~0ULL), "-1099511627776 18446744073709551615");
	KEXPECT_STREQ(t, fmt(b, sizeof(b), "%hhu %hd %zu", 0x1ff, 0x18000, (size_t)12), "255 -32768 12");
}

KTEST(vsprintf, width_and_flags)
{
	char b[64];

	KEXPECT_STREQ(t, fmt(b, sizeof(b), "[%5d][%-5d][%05d]", 42, 42, -42), "[   42][42   ][-0042]");
	KEXPECT_STREQ(t, fmt(b, sizeof(b), "[%08x][%+d][% d]", 0xabcu, 5, 5), "[00000abc][+5][ 5]");
	KEXPECT_STREQ(t, fmt(b, sizeof(b), "[%*d][%.3d]", 4, 7, 7), "[   7][007]");
}

KTEST(vsprintf, strings_and_chars)
{
	char b[64];

	KEXPECT_STREQ(t, fmt(b, sizeof(b), "[%s][%6s][%-6s][%.2s]", "ab", "ab", "ab", "abc"),
		      "[ab][    ab][ab    ][ab]");
	KEXPECT_STREQ(t, fmt(b, sizeof(b), "%c%c%% %s", 'o', 'k', (char *)NULL), "ok% (null)");
	KEXPECT_STREQ(t, fmt(b, sizeof(b), "%p", (void *)0x1234), "0x00001234");
}

KTEST(vsprintf, truncation)
{
	char b[8];

	memset(b, 'x', sizeof(b));
	KEXPECT_EQ(t, snprintf(b, sizeof(b), "%s", "0123456789"), 10);
	KEXPECT_STREQ(t, b, "0123456");
	KEXPECT_EQ(t, snprintf(b, 0, "%d", 12345), 5);
	KEXPECT_EQ(t, b[0], '0');
}
