// SPDX-License-Identifier: GPL-2.0-only
/*
 * lib/lz4.c against Debian's liblz4: blocks Anvil compresses decode with
 * LZ4_decompress_safe, blocks LZ4_compress_default makes decode with
 * lz4_decompress, on zeros, text, programs, random bytes and page tables.
 * Then hostile input: every truncation and many corruptions of real
 * blocks, in buffers of their exact size, so AddressSanitizer sees any
 * read or write outside them.
 */
#include "test.h"
#include <stdlib.h>
#include <lz4.h>
#include <anvil/kernel.h>
#include <anvil/errno.h>
#include <anvil/lz4.h>

#define PAGE	4096u

static struct lz4_workspace ws;
static u32 rng = 12345;

static u32 next_rand(void)
{
	rng = rng * 1103515245u + 12345u;
	return rng >> 8;
}

/* Samples of one page each, by kind; returns how many it filled. */
enum { S_ZERO, S_WORD, S_TEXT, S_PROGRAM, S_RANDOM, S_PGTABLE, S_MIXED, S_TINY, NR_SAMPLES };

static u32 fill_sample(int kind, u8 *buf)
{
	static const char words[] = "the anon_vma of a forked child links to its parent's "
		"through an anon_vma_chain; reclaim walks them to unmap a page. ";
	FILE *f;
	u32 i, n = PAGE;

	switch (kind) {
	case S_ZERO:
		memset(buf, 0, PAGE);
		break;
	case S_WORD:
		for (i = 0; i < PAGE; i += 4)
			memcpy(buf + i, "\xde\xad\xbe\xef", 4);
		break;
	case S_TEXT:
		for (i = 0; i < PAGE; i++)
			buf[i] = words[(i * 7 / 5) % (sizeof(words) - 1)];
		break;
	case S_PROGRAM:	/* this test's own machine code */
		f = fopen("/proc/self/exe", "rb");
		if (!f || fseek(f, 8192, SEEK_SET) || fread(buf, 1, PAGE, f) != PAGE)
			memset(buf, 0x5a, PAGE);
		if (f)
			fclose(f);
		break;
	case S_RANDOM:
		for (i = 0; i < PAGE; i++)
			buf[i] = (u8)next_rand();
		break;
	case S_PGTABLE:	/* small-page descriptors of consecutive frames */
		for (i = 0; i < PAGE; i += 4) {
			u32 d = (i / 4) % 3 ? (0x40100000u + i * 1024) | 0x7e : 0;

			memcpy(buf + i, &d, 4);
		}
		break;
	case S_MIXED:	/* half text, half random, runs in between */
		fill_sample(S_TEXT, buf);
		for (i = PAGE / 2; i < PAGE; i++)
			buf[i] = i % 64 < 16 ? 0 : (u8)next_rand();
		break;
	case S_TINY:
		n = 13;
		memcpy(buf, "abcdabcdabcda", n);
		break;
	}
	return n;
}

static u32 compress_ours(const u8 *in, u32 n, u8 *out, u32 cap)
{
	return lz4_compress(in, n, out, cap, &ws);
}

TEST(lz4_roundtrip_with_liblz4)
{
	u8 in[PAGE], out[PAGE];
	u8 *block = malloc(LZ4_COMPRESS_BOUND(PAGE));

	for (int kind = 0; kind < NR_SAMPLES; kind++) {
		u32 n = fill_sample(kind, in);
		u32 clen = compress_ours(in, n, block, LZ4_COMPRESS_BOUND(PAGE));
		int dlen;

		ASSERT_NE(clen, 0);
		EXPECT_LE(clen, LZ4_COMPRESS_BOUND(n));
		EXPECT_LE(clen, (u32)LZ4_compressBound(n));
		/* Ours to liblz4. */
		memset(out, 0xcc, sizeof(out));
		dlen = LZ4_decompress_safe((const char *)block, (char *)out, clen, n);
		EXPECT_EQ(dlen, n);
		EXPECT_EQ(memcmp(in, out, n), 0);
		/* Ours to ours. */
		memset(out, 0xcc, sizeof(out));
		EXPECT_EQ(lz4_decompress(block, clen, out, n), n);
		EXPECT_EQ(memcmp(in, out, n), 0);
		/* liblz4 to ours. */
		clen = LZ4_compress_default((const char *)in, (char *)block, n,
					    LZ4_COMPRESS_BOUND(PAGE));
		ASSERT_NE(clen, 0);
		memset(out, 0xcc, sizeof(out));
		EXPECT_EQ(lz4_decompress(block, clen, out, n), n);
		EXPECT_EQ(memcmp(in, out, n), 0);
	}
	free(block);
}

TEST(lz4_compresses_what_repeats)
{
	u8 in[PAGE], block[LZ4_COMPRESS_BOUND(PAGE)];

	fill_sample(S_ZERO, in);
	EXPECT_LE(compress_ours(in, PAGE, block, sizeof(block)), 32);
	fill_sample(S_TEXT, in);
	EXPECT_LE(compress_ours(in, PAGE, block, sizeof(block)), PAGE / 4);
	fill_sample(S_RANDOM, in);
	EXPECT_LE(compress_ours(in, PAGE, block, sizeof(block)), LZ4_COMPRESS_BOUND(PAGE));
	EXPECT_TRUE(compress_ours(in, PAGE, block, sizeof(block)) > PAGE);
}

TEST(lz4_every_length)
{
	u8 in[600], out[600], block[LZ4_COMPRESS_BOUND(600)];

	for (u32 n = 0; n <= sizeof(in); n++) {
		for (u32 i = 0; i < n; i++)
			in[i] = i % 7 == 0 ? (u8)next_rand() : (u8)"xyzzy"[i % 5];
		u32 clen = compress_ours(in, n, block, sizeof(block));

		ASSERT_NE(clen, 0);
		EXPECT_EQ(LZ4_decompress_safe((const char *)block, (char *)out, clen, n), n);
		EXPECT_EQ(lz4_decompress(block, clen, out, n), n);
		EXPECT_EQ(memcmp(in, out, n), 0);
	}
}

/* A block that does not fit is refused, and nothing past cap is written. */
TEST(lz4_compress_respects_cap)
{
	u8 in[PAGE];
	u32 full;

	fill_sample(S_MIXED, in);
	{
		u8 big[LZ4_COMPRESS_BOUND(PAGE)];

		full = compress_ours(in, PAGE, big, sizeof(big));
	}
	ASSERT_NE(full, 0);
	for (u32 cap = 0; cap < full; cap += 1 + cap / 8) {
		u8 *exact = malloc(cap ? cap : 1);

		EXPECT_EQ(compress_ours(in, PAGE, exact, cap), 0);
		free(exact);
	}
	u8 *exact = malloc(full);
	EXPECT_EQ(compress_ours(in, PAGE, exact, full), full);
	free(exact);
}

/* Every truncation of every sample's block, in exact-size buffers. */
TEST(lz4_truncated_blocks_are_refused)
{
	u8 in[PAGE], block[LZ4_COMPRESS_BOUND(PAGE)];

	for (int kind = 0; kind < NR_SAMPLES; kind++) {
		u32 n = fill_sample(kind, in);
		u32 clen = compress_ours(in, n, block, sizeof(block));

		for (u32 cut = 0; cut < clen; cut++) {
			u8 *src = malloc(cut ? cut : 1);
			u8 *dst = malloc(n);
			int r;

			memcpy(src, block, cut);
			r = lz4_decompress(src, cut, dst, n);
			/* A prefix may happen to be a shorter valid block. */
			if (r >= 0) {
				EXPECT_TRUE((u32)r < n);
				EXPECT_EQ(memcmp(dst, in, r), 0);
			} else {
				EXPECT_EQ(r, -EINVAL);
			}
			free(src);
			free(dst);
		}
		/* The whole block into a buffer one byte too small. */
		if (n) {
			u8 *dst = malloc(n - 1 ? n - 1 : 1);

			EXPECT_EQ(lz4_decompress(block, clen, dst, n - 1), -EINVAL);
			free(dst);
		}
	}
}

/* Random corruption: never outside the buffers, never more than cap. */
TEST(lz4_corrupt_blocks_stay_in_bounds)
{
	u8 in[PAGE], block[LZ4_COMPRESS_BOUND(PAGE)];
	int refused = 0, trials = 0;

	for (int kind = 0; kind < NR_SAMPLES; kind++) {
		u32 n = fill_sample(kind, in);
		u32 clen = compress_ours(in, n, block, sizeof(block));

		for (int t = 0; t < 300; t++, trials++) {
			u8 *src = malloc(clen);
			u8 *dst = malloc(PAGE);
			int flips = 1 + next_rand() % 4, r;

			memcpy(src, block, clen);
			while (flips--)
				src[next_rand() % clen] ^= (u8)(1 + next_rand() % 255);
			r = lz4_decompress(src, clen, dst, PAGE);
			EXPECT_TRUE(r == -EINVAL || (r >= 0 && (u32)r <= PAGE));
			refused += r < 0;
			/* liblz4's safe decoder agrees on what is decodable. */
			if (r >= 0) {
				u8 *ref = malloc(PAGE);
				int lr = LZ4_decompress_safe((const char *)src, (char *)ref, clen, PAGE);

				if (lr >= 0) {
					EXPECT_EQ(lr, r);
					EXPECT_EQ(memcmp(ref, dst, r), 0);
				}
				free(ref);
			}
			free(src);
			free(dst);
		}
	}
	printf("    lz4: %d of %d corrupted blocks refused\n", refused, trials);
	EXPECT_TRUE(refused > 0);
}

/* Hand-made hostile blocks. */
TEST(lz4_hostile_blocks)
{
	u8 out[64];
	/* offset 0 */
	static const u8 zero_offset[] = { 0x14, 'a', 0x00, 0x00, 0x00 };
	/* offset past the start of the output */
	static const u8 far_offset[] = { 0x14, 'a', 0x05, 0x00, 0x00 };
	/* a literal length of 15 + 255 + 255 ... running off the block */
	static const u8 long_run[] = { 0xf0, 0xff, 0xff, 0xff };
	/* match length that would overflow the output */
	static const u8 long_match[] = { 0x1f, 'a', 0x01, 0x00, 0xff, 0xff, 0x10, 0x00 };
	/* ends after a match, without the closing literals */
	static const u8 no_last[] = { 0x14, 'a', 0x01, 0x00 };
	/* a good one: "a" then 8 more by overlap, then "b" */
	static const u8 good[] = { 0x14, 'a', 0x01, 0x00, 0x10, 'b' };

	EXPECT_EQ(lz4_decompress(zero_offset, sizeof(zero_offset), out, sizeof(out)), -EINVAL);
	EXPECT_EQ(lz4_decompress(far_offset, sizeof(far_offset), out, sizeof(out)), -EINVAL);
	EXPECT_EQ(lz4_decompress(long_run, sizeof(long_run), out, sizeof(out)), -EINVAL);
	EXPECT_EQ(lz4_decompress(long_match, sizeof(long_match), out, sizeof(out)), -EINVAL);
	EXPECT_EQ(lz4_decompress(no_last, sizeof(no_last), out, sizeof(out)), -EINVAL);
	EXPECT_EQ(lz4_decompress(good, 0, out, sizeof(out)), -EINVAL);
	ASSERT_EQ(lz4_decompress(good, sizeof(good), out, sizeof(out)), 10);
	EXPECT_EQ(memcmp(out, "aaaaaaaaab", 10), 0);
	EXPECT_EQ(lz4_decompress(good, sizeof(good), out, 9), -EINVAL);
}

/*
 * The decompressor's fast paths (whole-chunk copies, pattern fills for
 * offsets 1, 2 and 4) against the exact tail: every match offset from 1
 * to 20 and length from 4 to 70, followed by 0 to 20 literals, decoded
 * into a buffer of the exact size, so a chunk written past the end is
 * caught, and checked byte by byte against the format's definition.
 */
TEST(lz4_every_offset_length_and_tail)
{
	for (u32 offset = 1; offset <= 20; offset++)
		for (u32 mlen = 4; mlen <= 70; mlen++)
			for (u32 tail = 0; tail <= 20; tail++) {
				u32 lit = offset + 3, n = lit + mlen + tail, m = mlen - 4, clen = 0;
				u8 *src = malloc(lit + tail + 8), *dst = malloc(n), *want = malloc(n);

				src[clen++] = (u8)(15 << 4 | (m < 15 ? m : 15));
				src[clen++] = (u8)(lit - 15);
				for (u32 i = 0; i < lit; i++)
					src[clen++] = want[i] = (u8)next_rand();
				src[clen++] = (u8)offset;
				src[clen++] = 0;
				if (m >= 15)
					src[clen++] = (u8)(m - 15);
				for (u32 i = lit; i < lit + mlen; i++)
					want[i] = want[i - offset];
				src[clen++] = (u8)((tail < 15 ? tail : 15) << 4);
				if (tail >= 15)
					src[clen++] = (u8)(tail - 15);
				for (u32 i = lit + mlen; i < n; i++)
					src[clen++] = want[i] = (u8)next_rand();
				if (lit < 15) {	/* the literal count fits the token */
					memmove(src + 1, src + 2, clen - 2);
					src[0] = (u8)(lit << 4 | (m < 15 ? m : 15));
					clen--;
				}
				EXPECT_EQ(lz4_decompress(src, clen, dst, n), n);
				EXPECT_EQ(memcmp(dst, want, n), 0);
				/* liblz4 also wants the end rules kept: a long tail keeps them. */
				if (tail >= 12)
					EXPECT_EQ(LZ4_decompress_safe((const char *)src, (char *)dst, clen, n), n);
				EXPECT_EQ(lz4_decompress(src, clen, dst, n - 1), -EINVAL);
				free(src);
				free(dst);
				free(want);
			}
}
