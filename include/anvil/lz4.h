/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * LZ4 block format (lib/lz4.c): the raw block Linux's zram and liblz4's
 * LZ4_compress_default / LZ4_decompress_safe exchange, without a frame.
 *
 * A block is a run of sequences.  Each starts with a token byte: its high
 * nibble is the literal count, its low nibble the match length minus 4;
 * a nibble of 15 is continued by bytes of 255 and one final byte below 255.
 * The literals follow, then a 2-byte little-endian offset back into the
 * output (1 .. 65535), then the match length continuation.  The last
 * sequence has literals only.  The compressor also keeps the format's end
 * rules (the last 5 bytes are literals; no match starts in the last 12),
 * which some decoders rely on; the decompressor here does not need them.
 */
#ifndef ANVIL_LZ4_H
#define ANVIL_LZ4_H

#include <anvil/types.h>

#define LZ4_HASH_BITS		12
#define LZ4_MAX_INPUT		65536u	/* positions fit the table's u16 */

/* The compressor's scratch: 8 KiB, kept by the caller (not on a stack);
 * it needs no initialisation. */
struct lz4_workspace {
	u16 table[1u << LZ4_HASH_BITS];
};

/*
 * The worst-case compressed size of len bytes: every byte a literal, in
 * one sequence.
 */
#define LZ4_COMPRESS_BOUND(len)	((len) + (len) / 255 + 16)

/*
 * Compress len bytes (at most LZ4_MAX_INPUT) of src into dst, which has
 * room for cap bytes.  Returns the block's size, or 0 when it does not fit
 * in cap (then dst holds garbage).  ws carries hash entries from earlier
 * calls, so the same input may give a different block, always one that
 * decodes to it.
 */
u32 lz4_compress(const void *src, u32 len, void *dst, u32 cap, struct lz4_workspace *ws);

/*
 * Decompress the block src[0 .. len) into dst[0 .. cap).  Returns the
 * number of bytes written, or -EINVAL for a block that is corrupt,
 * truncated or larger than cap.  Never reads or writes outside the two
 * buffers, whatever src holds.
 */
int lz4_decompress(const void *src, u32 len, void *dst, u32 cap);

#endif
