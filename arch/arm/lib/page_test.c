// SPDX-License-Identifier: GPL-2.0-only
/*
 * KTAP tests of arch/arm/lib/page.S: clear_page and copy_page write every
 * byte of the page and no byte outside it, at every word offset of a
 * 32-byte block (one multi-register store), page aligned first, as every
 * caller passes.  The host tests run the same checks on the portable C
 * pair (tests/host/test_page_copy.c).
 */
#include <anvil/ktest.h>
#include <anvil/mm.h>
#include <asm/page.h>

#define AREA_ORDER	2
#define AREA		(PAGE_SIZE << AREA_ORDER)

/* A word pattern where no two words of the area are equal. */
static u32 pattern(u32 word, u32 seed)
{
	return ((word + 1) * 0x9e3779b9u) ^ seed;
}

static void fill(u32 *area, u32 seed)
{
	for (u32 w = 0; w < AREA / 4; w++)
		area[w] = pattern(w, seed);
}

static u8 pattern_byte(u32 off, u32 seed)
{
	return pattern(off / 4, seed) >> (8 * (off % 4));	/* little endian */
}

static u8 *area_alloc(void)
{
	u8 *p = get_free_pages(PAGE_USE_ANON, AREA_ORDER);

	BUG_ON(!p);
	return p;
}

KTEST(page, clear_page_every_byte_and_no_other)
{
	u8 *area = area_alloc();

	for (u32 off = 0; off < 64; off += 4) {
		u32 start = PAGE_SIZE + off;
		long wrong = -1;

		fill((u32 *)area, off);
		clear_page(area + start);
		for (u32 i = 0; i < AREA && wrong < 0; i++)
			if (area[i] != (i >= start && i < start + PAGE_SIZE ? 0 : pattern_byte(i, off)))
				wrong = i;
		KEXPECT_EQ(t, wrong, -1);
	}
	free_pages(area, AREA_ORDER);
}

KTEST(page, copy_page_every_byte_and_no_other)
{
	static const u32 from_offs[] = { 0, 4, 12, 28 };
	u8 *src = area_alloc(), *dst = area_alloc();

	fill((u32 *)src, 0x5a5a5a5au);
	for (u32 k = 0; k < ARRAY_SIZE(from_offs); k++) {
		for (u32 off = 0; off < 64; off += 4) {
			u32 to = PAGE_SIZE + off, from = PAGE_SIZE + from_offs[k];
			long wrong = -1;

			fill((u32 *)dst, off);
			copy_page(dst + to, src + from);
			for (u32 i = 0; i < AREA && wrong < 0; i++) {
				u8 want = i >= to && i < to + PAGE_SIZE ? src[from + i - to]
								       : pattern_byte(i, off);
				if (dst[i] != want)
					wrong = i;
			}
			KEXPECT_EQ(t, wrong, -1);
		}
	}
	for (u32 w = 0; w < AREA / 4; w++)	/* the source is only read */
		if (((u32 *)src)[w] != pattern(w, 0x5a5a5a5au)) {
			KEXPECT_EQ(t, w, AREA / 4);
			break;
		}
	free_pages(src, AREA_ORDER);
	free_pages(dst, AREA_ORDER);
}
