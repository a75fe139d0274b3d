// SPDX-License-Identifier: GPL-2.0-only
/*
 * zram0: a block device in compressed RAM (<anvil/zram.h>).  Transfers
 * are whole pages (the swap code's unit); each page of the device has one
 * slot entry saying where its contents are.  Compression is lib/lz4.c,
 * storage mm/zsmalloc.c (compressed) or whole pages (huge).
 *
 * It owns its slot table, the LZ4 workspace and its pages.  It must not
 * touch swap slots or page tables: the swap code above tells it which
 * pages are garbage through the discard call.  Nothing here sleeps, so a
 * transfer is atomic in this non-preemptive kernel and the one static
 * workspace serves every caller.
 */
#include <anvil/kernel.h>
#include <anvil/blkdev.h>
#include <anvil/cycles.h>
#include <anvil/lz4.h>
#include <anvil/mm.h>
#include <anvil/printk.h>
#include <anvil/reclaim.h>
#include <anvil/slab.h>
#include <anvil/string.h>
#include <anvil/swap.h>
#include <anvil/zram.h>
#include <anvil/zsmalloc.h>

#define SECTORS_PER_PAGE	(PAGE_SIZE / SECTOR_SIZE)

enum slot_kind { SLOT_EMPTY, SLOT_SAME, SLOT_HUGE, SLOT_LZ4 };

/* One per page of the device: 8 bytes on 32-bit ARM. */
struct zram_slot {
	uintptr_t data;		/* SAME: the word; HUGE: the page; LZ4: the zs handle */
	u16 len;		/* LZ4: compressed bytes */
	u8 kind;		/* enum slot_kind */
	u8 unused;
};
#if UINTPTR_MAX == 0xffffffffu
SIZE_ASSERT(struct zram_slot, 8);
#endif

static struct zram {
	struct block_device bdev;
	struct zram_slot *slots;
	u32 nr_pages;
	struct zram_stats stats;
	struct zram_stats peak;		/* when pages_stored was highest */
	struct lz4_workspace *workspace;	/* 8 KiB */
	u8 *cbuf;			/* ZRAM_HUGE_THRESHOLD bytes: one compressed page */
} zram;

/* The word every 32-bit word of the page repeats, if there is one. */
static bool same_filled(const u32 *w, uintptr_t *word)
{
	for (u32 i = 1; i < PAGE_SIZE / 4; i++)
		if (w[i] != w[0])
			return false;
	*word = w[0];
	return true;
}

static void slot_free(struct zram_slot *s)
{
	switch (s->kind) {
	case SLOT_SAME:
		zram.stats.same_pages--;
		break;
	case SLOT_HUGE:
		zs_free_page((void *)s->data);
		zram.stats.huge_pages--;
		zram.stats.alloc_pages--;
		break;
	case SLOT_LZ4:
		zs_free(s->data);
		zram.stats.compr_bytes -= s->len;
		break;
	default:
		return;
	}
	zram.stats.pages_stored--;
	*s = (struct zram_slot){ 0 };
}

/* LZ4 into cbuf, counting the cycles; 0 when it does not fit (huge). */
static u32 compress(const void *buf)
{
	u32 t0 = cycles_now(), len;

	len = lz4_compress(buf, PAGE_SIZE, zram.cbuf, ZRAM_HUGE_THRESHOLD, zram.workspace);
	zram.stats.compress_cycles += cycles_now() - t0;
	zram.stats.compressions++;
	return len;
}

static int decompress(const struct zram_slot *s, void *buf)
{
	u32 t0 = cycles_now();
	int n = lz4_decompress(zs_map(s->data), s->len, buf, PAGE_SIZE);

	zram.stats.decompress_cycles += cycles_now() - t0;
	zram.stats.decompressions++;
	return n;
}

void zram_get_stats(struct zram_stats *stats);

/* Store one page in slot s; -ENOMEM leaves the old contents in place. */
static int write_page(struct zram_slot *s, const void *buf)
{
	struct zram_slot new = { 0 };
	uintptr_t word;
	u32 len;

	if (same_filled(buf, &word)) {
		new = (struct zram_slot){ .data = word, .kind = SLOT_SAME };
	} else if ((len = compress(buf))) {
		uintptr_t h = zs_malloc(len);

		if (!h)
			goto nomem;
		memcpy(zs_map(h), zram.cbuf, len);
		new = (struct zram_slot){ .data = h, .len = len, .kind = SLOT_LZ4 };
	} else {
		void *page;

		/*
		 * Stored whole, a page costs the page it frees: under memory
		 * pressure that is no progress, and a reclaim that counts it as
		 * progress (kswapd up to its high watermark) could go on
		 * forever on incompressible data while nothing else runs.
		 * Refused like a full device, the store ends the reclaim run and
		 * the OOM killer can act.
		 */
		if (reclaim_below_low_watermark())
			goto nomem;
		page = zs_alloc_page();
		if (!page)
			goto nomem;
		memcpy(page, buf, PAGE_SIZE);
		new = (struct zram_slot){ .data = (uintptr_t)page, .kind = SLOT_HUGE };
	}
	slot_free(s);
	*s = new;
	zram.stats.pages_stored++;
	zram.stats.writes++;
	if (new.kind == SLOT_SAME)
		zram.stats.same_pages++;
	else if (new.kind == SLOT_HUGE)
		zram.stats.huge_pages++, zram.stats.alloc_pages++;
	else
		zram.stats.compr_bytes += new.len;
	if (zram.stats.pages_stored > zram.peak.pages_stored)
		zram_get_stats(&zram.peak);	/* the most it held: for the ratio */
	return 0;
nomem:
	zram.stats.store_fails++;
	return -ENOMEM;
}

static int read_page(const struct zram_slot *s, void *buf)
{
	u32 *w = buf;

	switch (s->kind) {
	case SLOT_EMPTY:
	case SLOT_SAME:
		for (u32 i = 0; i < PAGE_SIZE / 4; i++)
			w[i] = (u32)s->data;
		break;
	case SLOT_HUGE:
		memcpy(buf, (void *)s->data, PAGE_SIZE);
		break;
	case SLOT_LZ4:
		if (decompress(s, buf) != PAGE_SIZE)
			return -EIO;	/* not reached unless memory was corrupted */
		break;
	}
	zram.stats.reads++;
	return 0;
}

/* The page range [*first, *first + *n) a transfer covers, or -EINVAL. */
static int page_range(u64 sector, u32 len, u32 *first, u32 *n)
{
	if (sector % SECTORS_PER_PAGE || len % PAGE_SIZE)
		return -EINVAL;
	if (sector / SECTORS_PER_PAGE + len / PAGE_SIZE > zram.nr_pages)
		return -EINVAL;
	*first = sector / SECTORS_PER_PAGE;
	*n = len / PAGE_SIZE;
	return 0;
}

static int zram_transfer(struct block_device *bdev, int write, u64 sector, void *buf, u32 len)
{
	u32 first, n;
	int err = page_range(sector, len, &first, &n);

	(void)bdev;		/* there is one zram */
	for (u32 i = 0; !err && i < n; i++) {
		void *page = (u8 *)buf + i * PAGE_SIZE;

		if (write)
			err = write_page(&zram.slots[first + i], page);
		else
			err = read_page(&zram.slots[first + i], page);
	}
	return err;
}

static void zram_discard(struct block_device *bdev, u64 sector, u32 len)
{
	u32 first, n;

	(void)bdev;
	if (page_range(sector, len, &first, &n))
		return;
	for (u32 i = 0; i < n; i++)
		slot_free(&zram.slots[first + i]);
}

static void *zram_refuse(const char *why)
{
	printk(KERN_WARNING "zram: %s\n", why);
	return NULL;
}

struct block_device *zram_create(u64 size)
{
	u32 nr_pages = size / PAGE_SIZE;
	struct zram_slot *slots;
	struct lz4_workspace *ws;
	void *hdr, *cbuf;
	int err;

	if (zram.slots)
		return zram_refuse(ZRAM_NAME " exists already");
	if (size % PAGE_SIZE || nr_pages < 2 || size > (u64)MiB(1024))
		return zram_refuse("size must be whole pages, 8 KiB to 1024 MiB");
	slots = kzalloc(nr_pages * sizeof(*slots));
	hdr = kmalloc(PAGE_SIZE);
	ws = kmalloc(sizeof(*ws));
	cbuf = kmalloc(ZRAM_HUGE_THRESHOLD);
	if (!slots || !hdr || !ws || !cbuf) {
		kfree(slots);
		kfree(hdr);
		kfree(ws);
		kfree(cbuf);
		return zram_refuse("out of memory for its slot table and buffers");
	}
	zs_init();
	zram = (struct zram){
		.bdev = {
			.name = ZRAM_NAME,
			.nr_sectors = (u64)nr_pages * SECTORS_PER_PAGE,
			.transfer = zram_transfer,
			.discard = zram_discard,
		},
		.slots = slots,
		.nr_pages = nr_pages,
		.stats.table_bytes = nr_pages * sizeof(*slots),
		.workspace = ws,
		.cbuf = cbuf,
	};
	swap_format_header(hdr, nr_pages - 1);
	err = write_page(&zram.slots[0], hdr);
	kfree(hdr);
	if (!err)
		err = blkdev_register(&zram.bdev);
	if (err) {
		zram_destroy(&zram.bdev);
		return zram_refuse("cannot format or register " ZRAM_NAME);
	}
	return &zram.bdev;
}

void zram_destroy(struct block_device *bdev)
{
	if (bdev != &zram.bdev || !zram.slots)
		return;
	blkdev_unregister(bdev);
	for (u32 i = 0; i < zram.nr_pages; i++)
		slot_free(&zram.slots[i]);
	kfree(zram.slots);
	kfree(zram.workspace);
	kfree(zram.cbuf);
	zs_release_reserve();
	zram = (struct zram){ 0 };
}

void zram_get_stats(struct zram_stats *stats)
{
	struct zs_stats zs;

	zs_get_stats(&zs);
	*stats = zram.stats;
	stats->alloc_pages += zs.pages + zs.reserve;
}

/* What the stored pages would take, per 100 bytes the backend holds (slot table included). */
static u32 ratio_x100(const struct zram_stats *s)
{
	u64 held = (u64)s->alloc_pages * PAGE_SIZE + s->table_bytes;

	return held ? (u32)((u64)s->pages_stored * PAGE_SIZE * 100 / held) : 0;
}

void zram_meminfo(meminfo_emit_t emit, void *arg)
{
	struct zram_stats s;
	struct zs_stats zs;
	u32 stored_bytes;

	zram_get_stats(&s);
	zs_get_stats(&zs);
	stored_bytes = s.pages_stored * PAGE_SIZE;
	emit("zram.pages_stored", s.pages_stored, arg);
	emit("zram.same_pages", s.same_pages, arg);
	emit("zram.huge_pages", s.huge_pages, arg);
	emit("zram.orig_bytes", stored_bytes, arg);
	emit("zram.compr_bytes", s.compr_bytes, arg);
	emit("zram.zs_objects", zs.objects, arg);
	emit("zram.zs_class_bytes", zs.class_bytes, arg);
	emit("zram.zs_pages", zs.pages, arg);
	emit("zram.reserve_pages", zs.reserve, arg);
	emit("zram.alloc_pages", s.alloc_pages, arg);
	emit("zram.table_bytes", s.table_bytes, arg);
	emit("zram.ratio_x100", ratio_x100(&s), arg);
	emit("zram.store_fails", s.store_fails, arg);
	emit("zram.peak_pages_stored", zram.peak.pages_stored, arg);
	emit("zram.peak_alloc_pages", zram.peak.alloc_pages, arg);
	emit("zram.peak_ratio_x100", ratio_x100(&zram.peak), arg);
	emit("zram.reads", s.reads, arg);
	emit("zram.writes", s.writes, arg);
	/* The cost of LZ4 alone: cycles (instructions under -icount) per call. */
	emit("zram.compressions", s.compressions, arg);
	emit("zram.compress_cycles_per_page",
	     s.compressions ? (u32)(s.compress_cycles / s.compressions) : 0, arg);
	emit("zram.decompressions", s.decompressions, arg);
	emit("zram.decompress_cycles_per_page",
	     s.decompressions ? (u32)(s.decompress_cycles / s.decompressions) : 0, arg);
}
