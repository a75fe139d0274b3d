// SPDX-License-Identifier: GPL-2.0-only
/*
 * LZ4 block compression and safe decompression (format in <anvil/lz4.h>).
 * Written for one 4 KiB page at a time: the match finder is a single
 * 4096-entry hash table of u16 positions, the decompressor checks every
 * length against both buffers before it copies.
 *
 * It owns nothing but its arguments: no allocation, no global state, so
 * the kernel and the host tests run it unchanged.
 *
 * Speed (a page is compressed on every swap-out and decompressed on every
 * swap-in): words are read and written unaligned, four to sixteen bytes at
 * a time, which ARMv7 does in hardware for normal memory (lib/Makefile builds this file with
 * -munaligned-access; the rest of the kernel keeps byte accesses).  Both
 * the kernel and the host are little-endian, the byte order of LZ4's
 * offsets.  The hash table is never cleared: a position found there is
 * used only if it lies before the current one and the four bytes there
 * match, so a stale entry from an earlier page costs a miss, never a
 * wrong block.
 */
#include <anvil/kernel.h>
#include <anvil/errno.h>
#include <anvil/lz4.h>
#include <anvil/string.h>

#define MINMATCH	4
#define LAST_LITERALS	5	/* the block's last 5 bytes are literals */
#define MF_LIMIT	12	/* no match starts in the last 12 bytes */
#define MAX_OFFSET	65535u
#define RUN_MASK	15u
/* After 2^SKIP_SHIFT misses in a row the search steps 2 bytes, then 3...:
 * incompressible data is crossed quickly. */
#define SKIP_SHIFT	6

static inline u32 read32(const void *p)
{
	u32 v;

	__builtin_memcpy(&v, p, 4);
	return v;
}

static inline void write32(void *p, u32 v)
{
	__builtin_memcpy(p, &v, 4);
}

/*
 * Copy n bytes forward from s to d, where s may overlap d from below by
 * dist bytes (dist = d - s, or any value >= 4 when they do not overlap):
 * a match repeats its last dist bytes.
 */
static inline void copy_forward(u8 *d, const u8 *s, u32 n, u32 dist)
{
	/* Each word is read after the one before it was written: dist >= 4 will do. */
	if (dist >= 4) {
		for (; n >= 16; n -= 16, d += 16, s += 16) {
			write32(d, read32(s));
			write32(d + 4, read32(s + 4));
			write32(d + 8, read32(s + 8));
			write32(d + 12, read32(s + 12));
		}
		if (n >= 8) {
			write32(d, read32(s));
			write32(d + 4, read32(s + 4));
			n -= 8, d += 8, s += 8;
		}
		if (n >= 4) {
			write32(d, read32(s));
			n -= 4, d += 4, s += 4;
		}
	}
	while (n--)
		*d++ = *s++;
}

static inline u32 hash4(u32 seq)
{
	return (seq * 2654435761u) >> (32 - LZ4_HASH_BITS);
}

/* Write the continuation bytes of a length whose nibble was 15. */
static inline u8 *put_length(u8 *op, u32 n)
{
	for (; n >= 255; n -= 255)
		*op++ = 255;
	*op++ = (u8)n;
	return op;
}

/* Bytes needed by a sequence of lit literals and a match of mlen (0: none). */
static inline u32 sequence_bytes(u32 lit, u32 mlen)
{
	u32 n = 1 + lit + (lit >= RUN_MASK ? (lit - RUN_MASK) / 255 + 1 : 0);

	if (mlen) {
		mlen -= MINMATCH;
		n += 2 + (mlen >= RUN_MASK ? (mlen - RUN_MASK) / 255 + 1 : 0);
	}
	return n;
}

static u8 *put_sequence(u8 *op, const u8 *lit, u32 nlit, u32 offset, u32 mlen)
{
	u8 *token = op++;
	u32 m = mlen ? mlen - MINMATCH : 0;

	*token = (u8)((nlit >= RUN_MASK ? RUN_MASK : nlit) << 4);
	if (nlit >= RUN_MASK)
		op = put_length(op, nlit - RUN_MASK);
	copy_forward(op, lit, nlit, 8);
	op += nlit;
	if (!mlen)
		return op;
	*op++ = (u8)offset;
	*op++ = (u8)(offset >> 8);
	*token |= (u8)(m >= RUN_MASK ? RUN_MASK : m);
	if (m >= RUN_MASK)
		op = put_length(op, m - RUN_MASK);
	return op;
}

u32 lz4_compress(const void *src_, u32 len, void *dst_, u32 cap, struct lz4_workspace *ws)
{
	const u8 *src = src_, *ip = src, *anchor = src, *iend = src + len;
	u8 *dst = dst_, *op = dst;

	if (len > LZ4_MAX_INPUT)
		return 0;
	if (len > MF_LIMIT) {
		const u8 *mf_limit = iend - MF_LIMIT;
		const u8 *match_limit = iend - LAST_LITERALS;

		ws->table[hash4(read32(ip))] = 0;
		ip++;
		while (ip <= mf_limit) {
			u32 seq = read32(ip), h = hash4(seq), pos = ws->table[h];
			const u8 *ref = src + pos;
			const u8 *start;
			u32 mlen;

			ws->table[h] = (u16)(ip - src);
			if (pos >= (u32)(ip - src) || read32(ref) != seq) {
				ip += 1 + ((ip - anchor) >> SKIP_SHIFT);
				continue;
			}
			while (ip > anchor && ref > src && ip[-1] == ref[-1]) {
				ip--;
				ref--;
			}
			start = ip;
			ip += MINMATCH;
			ref += MINMATCH;
			while (ip + 4 <= match_limit && read32(ip) == read32(ref)) {
				ip += 4;
				ref += 4;
			}
			while (ip < match_limit && *ip == *ref) {
				ip++;
				ref++;
			}
			mlen = ip - start;
			if (op + sequence_bytes(start - anchor, mlen) > dst + cap)
				return 0;
			op = put_sequence(op, anchor, start - anchor, ip - ref, mlen);
			anchor = ip;
			/* The position two back often starts the next repeat. */
			if (ip - 2 > src)
				ws->table[hash4(read32(ip - 2))] = (u16)(ip - 2 - src);
		}
	}
	if (op + sequence_bytes(iend - anchor, 0) > dst + cap)
		return 0;
	op = put_sequence(op, anchor, iend - anchor, 0, 0);
	return op - dst;
}

/*
 * Add a length's continuation bytes to *n.  False when the block ends
 * first or the length passes limit (which also keeps *n from wrapping).
 */
static inline bool get_length(const u8 **ip, const u8 *iend, u32 *n, u32 limit)
{
	u32 b;

	do {
		if (*ip >= iend)
			return false;
		b = *(*ip)++;
		*n += b;
		if (*n > limit)
			return false;
	} while (b == 255);
	return true;
}

/*
 * The decompressor's fast paths write in whole 16-byte chunks, past the
 * end of what a sequence needs ("wild" copies, as liblz4 does), but only
 * where the buffer has WILD bytes of room beyond it: the next sequence
 * overwrites the excess, and near the end of either buffer the exact,
 * byte-counted copy_forward takes over.  Nothing is read or written
 * outside the buffers, and the bytes a block defines come out the same.
 */
#define WILD		16u

/*
 * n bytes (n + WILD - 1 may be written) from s, which does not overlap d
 * or lies at least 4 bytes below it: each word is read after the one
 * before it was written.
 */
static inline void wild_copy(u8 *d, const u8 *s, u32 n)
{
	u8 *end = d + n;

	do {
		write32(d, read32(s));
		write32(d + 4, read32(s + 4));
		write32(d + 8, read32(s + 8));
		write32(d + 12, read32(s + 12));
		d += 16;
		s += 16;
	} while (d < end);
}

/*
 * A match: n bytes at op repeating the output from offset bytes back.
 * Offsets 1, 2 and 4 (a repeated byte, halfword or word, the common runs
 * of anonymous memory) fill with the pattern word, stores only; others of
 * 4 and more copy words, each read from output already written.
 */
static inline void wild_match(u8 *op, u32 offset, u32 n)
{
	u8 *end = op + n;
	const u8 *s = op - offset;
	u32 w;

	if (offset == 4 || offset == 2 || offset == 1) {
		if (offset == 4)
			w = read32(s);
		else if (offset == 2)
			w = (s[0] | s[1] << 8) * 0x10001u;
		else
			w = s[0] * 0x01010101u;
		do {
			write32(op, w);
			write32(op + 4, w);
			write32(op + 8, w);
			write32(op + 12, w);
			op += 16;
		} while (op < end);
		return;
	}
	wild_copy(op, s, n);
}

/*
 * A match of n bytes at op that ends less than WILD bytes before the end
 * of the buffer: whole chunks as far as they go, then the exact copy.  A
 * page's last match ends 5 bytes before its end (the format's last
 * literals), so a long run there (the zeros of a mostly empty page) still
 * goes by chunks.
 */
static void copy_match_near_end(u8 *op, u32 offset, u32 n)
{
	u32 chunks = offset == 3 ? 0 : n & ~(WILD - 1);	/* offset 3: no word pattern */

	if (chunks)
		wild_match(op, offset, chunks);		/* exactly chunks bytes */
	copy_forward(op + chunks, op + chunks - offset, n - chunks, offset);
}

int lz4_decompress(const void *src, u32 len, void *dst, u32 cap)
{
	const u8 *ip = src, *iend = ip + len;
	u8 *op = dst, *oend = op + cap;

	for (;;) {
		u32 token, lit, mlen, offset;

		if (ip >= iend)
			return -EINVAL;		/* a block ends with literals */
		token = *ip++;
		lit = token >> 4;
		if (lit == RUN_MASK && !get_length(&ip, iend, &lit, cap))
			return -EINVAL;
		if (lit > (u32)(iend - ip) || lit > (u32)(oend - op))
			return -EINVAL;
		if ((u32)(iend - ip) - lit >= WILD && (u32)(oend - op) - lit >= WILD)
			wild_copy(op, ip, lit);
		else
			copy_forward(op, ip, lit, 8);
		op += lit;
		ip += lit;
		if (ip == iend)
			return op - (u8 *)dst;
		if (iend - ip < 2)
			return -EINVAL;
		offset = ip[0] | ip[1] << 8;
		ip += 2;
		if (offset == 0 || offset > (u32)(op - (u8 *)dst))
			return -EINVAL;
		mlen = token & RUN_MASK;
		if (mlen == RUN_MASK && !get_length(&ip, iend, &mlen, cap))
			return -EINVAL;
		mlen += MINMATCH;
		if (mlen > (u32)(oend - op))
			return -EINVAL;
		if ((u32)(oend - op) - mlen >= WILD && offset != 3)
			wild_match(op, offset, mlen);
		else
			copy_match_near_end(op, offset, mlen);
		op += mlen;
	}
}
