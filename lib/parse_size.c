// SPDX-License-Identifier: GPL-2.0-only
/*
 * A size on the command line, "48M" or "512k" or "1G" or bytes: what mem=
 * and swap=zram:<size> take.  It owns nothing; the host tests build it too.
 */
#include <anvil/kernel.h>
#include <anvil/boot.h>
#include <anvil/errno.h>

int cmdline_parse_size(const char *s, u32 *bytes)
{
	u64 v = 0;
	unsigned int shift = 0;
	const char *p = s;

	if (!s)
		return -EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (u64)(*p - '0');
		if (v >> 32)
			return -EINVAL;
	}
	if (p == s)
		return -EINVAL;
	switch (*p) {
	case 'k': case 'K': shift = 10; p++; break;
	case 'm': case 'M': shift = 20; p++; break;
	case 'g': case 'G': shift = 30; p++; break;
	}
	if ((*p && *p != ' ') || (v << shift) >> 32)
		return -EINVAL;
	*bytes = (u32)(v << shift);
	return 0;
}
