// SPDX-License-Identifier: GPL-2.0-only
/*
 * KTAP tests of arch/arm/lib/string.S: memset and memcpy write exactly
 * the n bytes asked for, with the right values, for every length up to
 * three 32-byte blocks and a few long ones, at every byte offset of
 * destination and source (equal and unequal alignments), and return
 * their first argument.
 */
#include <anvil/ktest.h>
#include <anvil/mm.h>
#include <anvil/string.h>

#define AREA		(2 * PAGE_SIZE)
#define GUARD		64	/* bytes checked on either side */

static const u32 lengths[] = { 0, 1, 2, 3, 4, 5, 7, 8, 15, 16, 31, 32, 33, 63, 64, 65,
			       95, 96, 127, 128, 129, 200, 255, 256, 1000, PAGE_SIZE - 1,
			       PAGE_SIZE, PAGE_SIZE + 3 };

static u8 pattern(u32 i, u32 seed)
{
	return (u8)((i * 167u + (i >> 8) * 13u + seed) | 1);	/* never 0 */
}

static void fill(u8 *a, u32 seed)
{
	for (u32 i = 0; i < AREA; i++)
		a[i] = pattern(i, seed);
}

static u8 *area_alloc(void)
{
	u8 *p = get_free_pages(PAGE_USE_ANON, 1);

	BUG_ON(!p);
	return p;
}

KTEST(string, memset_exact_bytes_every_offset)
{
	u8 *a = area_alloc();
	u32 failures = 0;

	for (u32 k = 0; k < ARRAY_SIZE(lengths); k++) {
		for (u32 off = 0; off < 8; off++) {
			u32 n = lengths[k], start = GUARD + off;
			u8 c = (u8)(0x80 + off);
			void *r;

			fill(a, k);
			r = memset(a + start, c | 0x100, n);	/* only the low byte counts */
			if (r != a + start)
				failures++;
			for (u32 i = 0; i < start + n + GUARD; i++)
				if (a[i] != (i >= start && i < start + n ? c : pattern(i, k))) {
					ktest_fail(t, __FILE__, __LINE__, "memset n %u offset %u: byte %u is %02x",
						   n, off, i - start, a[i]);
					failures++;
					break;
				}
		}
	}
	KEXPECT_EQ(t, failures, 0);
	free_pages(a, 1);
}

KTEST(string, memcpy_exact_bytes_every_alignment)
{
	u8 *src = area_alloc(), *dst = area_alloc();
	u32 failures = 0;

	fill(src, 99);
	for (u32 k = 0; k < ARRAY_SIZE(lengths); k++) {
		for (u32 doff = 0; doff < 8; doff++) {
			for (u32 soff = 0; soff < 8; soff++) {
				u32 n = lengths[k], to = GUARD + doff, from = soff;
				void *r;

				if (to + n + GUARD > AREA)
					continue;
				fill(dst, k + doff);
				r = memcpy(dst + to, src + from, n);
				if (r != dst + to)
					failures++;
				for (u32 i = 0; i < to + n + GUARD; i++) {
					u8 want = i >= to && i < to + n ? pattern(from + i - to, 99)
									: pattern(i, k + doff);
					if (dst[i] != want) {
						ktest_fail(t, __FILE__, __LINE__,
							   "memcpy n %u dst+%u src+%u: byte %u",
							   n, doff, soff, i - to);
						failures++;
						break;
					}
				}
			}
		}
	}
	for (u32 i = 0; i < AREA; i++)		/* the source is only read */
		if (src[i] != pattern(i, 99)) {
			KEXPECT_EQ(t, i, AREA);
			break;
		}
	KEXPECT_EQ(t, failures, 0);
	free_pages(src, 1);
	free_pages(dst, 1);
}

/* memmove forwards over itself goes through memcpy: it must copy forwards. */
KTEST(string, memmove_down_overlapping)
{
	u8 *a = area_alloc();
	u32 wrong = 0;

	for (u32 shift = 1; shift < 40; shift += 3) {
		fill(a, shift);
		memmove(a + 100, a + 100 + shift, 1000);
		for (u32 i = 0; i < 1000; i++)
			wrong += a[100 + i] != pattern(100 + shift + i, shift);
	}
	KEXPECT_EQ(t, wrong, 0);
	free_pages(a, 1);
}
