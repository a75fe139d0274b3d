// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host tests of the portable clear_page and copy_page (<asm/page.h>):
 * every byte of the page is written, no byte outside it, at every word
 * offset of a 32-byte block (the ARM versions' unit; the kernel's KTAP
 * suite "page" runs the same checks on arch/arm/lib/page.S).
 */
#include <stdlib.h>
#include "test.h"
#include <anvil/mm.h>

#define AREA	(4 * PAGE_SIZE)

/* A word pattern where no two words of the area are equal. */
static u32 pattern(u32 word, u32 seed)
{
	return (word + 1) * 0x9e3779b9u ^ seed;
}

static void fill(u8 *area, u32 seed)
{
	for (u32 w = 0; w < AREA / 4; w++) {
		u32 v = pattern(w, seed);
		memcpy(area + 4 * w, &v, 4);
	}
}

static u8 pattern_byte(u32 off, u32 seed)
{
	u32 v = pattern(off / 4, seed);

	return ((u8 *)&v)[off % 4];
}

/* The first byte of area that is not what it should be, or -1. */
static long first_wrong_clear(const u8 *area, u32 start, u32 seed)
{
	for (u32 i = 0; i < AREA; i++) {
		u8 want = i >= start && i < start + PAGE_SIZE ? 0 : pattern_byte(i, seed);
		if (area[i] != want)
			return i;
	}
	return -1;
}

TEST(clear_page_every_byte_and_no_other)
{
	u8 *area = aligned_alloc(PAGE_SIZE, AREA);

	ASSERT_NOT_NULL(area);
	/* Page aligned (every caller), then each word offset of a 32-byte block. */
	for (u32 off = 0; off < 64; off += 4) {
		u32 start = PAGE_SIZE + off;

		fill(area, off);
		clear_page(area + start);
		EXPECT_EQ(first_wrong_clear(area, start, off), -1);
	}
	free(area);
}

static long first_wrong_copy(const u8 *dst, u32 to, const u8 *src, u32 from, u32 seed)
{
	for (u32 i = 0; i < AREA; i++) {
		u8 want = i >= to && i < to + PAGE_SIZE ? src[from + i - to] : pattern_byte(i, seed);
		if (dst[i] != want)
			return i;
	}
	return -1;
}

TEST(copy_page_every_byte_and_no_other)
{
	u8 *src = aligned_alloc(PAGE_SIZE, AREA), *dst = aligned_alloc(PAGE_SIZE, AREA);
	static const u32 from_offs[] = { 0, 4, 12, 28 };

	ASSERT_NOT_NULL(src);
	ASSERT_NOT_NULL(dst);
	fill(src, 0x5a5a5a5au);
	for (u32 i = 0; i < sizeof(from_offs) / sizeof(from_offs[0]); i++) {
		for (u32 off = 0; off < 64; off += 4) {
			u32 to = PAGE_SIZE + off, from = PAGE_SIZE + from_offs[i];

			fill(dst, off);
			copy_page(dst + to, src + from);
			EXPECT_EQ(first_wrong_copy(dst, to, src, from, off), -1);
		}
	}
	/* The source is only read. */
	for (u32 w = 0; w < AREA / 4; w++) {
		u32 v;
		memcpy(&v, src + 4 * w, 4);
		if (v != pattern(w, 0x5a5a5a5au)) {
			EXPECT_EQ(w, AREA / 4);		/* names the changed word */
			break;
		}
	}
	free(src);
	free(dst);
}
