// SPDX-License-Identifier: GPL-2.0-only
/*
 * The swap area (CONFIG_SWAP): swapon of one block device in Linux's
 * on-disk format as util-linux mkswap writes it, the slot allocator with
 * its free map and 16-bit reference counts, page I/O to slots, and the
 * swap counters.  <anvil/swap.h> documents the API.
 *
 * It owns struct swap_area and its maps.  It must not touch page tables,
 * the swap cache or reclaim (they sit above it), nor a device's insides
 * (it transfers through <anvil/blkdev.h> only).
 *
 * The header (Linux's union swap_header, version 1), in page 0:
 *
 *	0	bootbits[1024]		ignored
 *	1024	u32 version		1
 *	1028	u32 last_page		the last usable page; the area is 0 .. last_page
 *	1032	u32 nr_badpages
 *	1036	u8 uuid[16], volume[16]
 *	1068	u32 padding[117]
 *	1536	u32 badpages[]		nr_badpages page numbers, never used
 *	4086	"SWAPSPACE2"		the last 10 bytes of the page
 *
 * in the CPU's byte order (mkswap writes the machine's own, and x86 and
 * ARM agree).  Page 0 itself is never a slot.
 */
#include <anvil/kernel.h>
#include <anvil/blkdev.h>
#include <anvil/boot.h>
#include <anvil/errno.h>
#include <anvil/mm.h>
#include <anvil/pgtable.h>
#include <anvil/slab.h>
#include <anvil/string.h>
#include <anvil/swap.h>
#include <anvil/zram.h>

#define SWAP_MAGIC		"SWAPSPACE2"
#define SWAP_MAGIC_OLD		"SWAP-SPACE"	/* version 0: not supported */
#define SWAP_MAGIC_LEN		10
#define HDR_VERSION		1024
#define HDR_LAST_PAGE		1028
#define HDR_NR_BADPAGES		1032
#define HDR_BADPAGES		1536
#define MAX_BADPAGES		((PAGE_SIZE - HDR_BADPAGES - SWAP_MAGIC_LEN) / 4)
#define SECTORS_PER_PAGE	(PAGE_SIZE / SECTOR_SIZE)
#define SWAP_COUNT_BAD		0xffffu		/* count of a bad page */
#define SWAP_COUNT_FAILED	0x8000u		/* flag: a write to the slot failed */
#define SWAP_COUNT_REFS		0x7fffu		/* the references, below the flag */
#define DEFAULT_SWAP_DEVICE	"virtio-blk0"
#ifndef CONFIG_ZRAM_DEFAULT_SIZE_MB
#define CONFIG_ZRAM_DEFAULT_SIZE_MB	0	/* CONFIG_ZRAM_DEFAULT=n: never read */
#endif

/*
 * The one swap area: 44 bytes on 32-bit ARM, plus its maps (2 bytes and
 * 1 bit per page of the area).  A set bit in used_map is a slot that
 * cannot be handed out: in use, bad, the header, or past last_page in the
 * last word.
 */
struct swap_area {
	struct block_device *bdev;	/* NULL: swap is off */
	u32 last_page;
	u32 *used_map;
	u16 *count;
	u32 next;			/* where the next search starts */
	struct swap_stats stats;
};

static struct swap_area swap;

static u32 map_words(u32 last_page)
{
	return DIV_ROUND_UP(last_page + 1, 32u);
}

static bool slot_taken(u32 slot)
{
	return swap.used_map[slot / 32] & (1u << (slot % 32));
}

static void set_taken(u32 slot, bool taken)
{
	if (taken)
		swap.used_map[slot / 32] |= 1u << (slot % 32);
	else
		swap.used_map[slot / 32] &= ~(1u << (slot % 32));
}

static u32 get_u32(const u8 *hdr, u32 offset)
{
	u32 v;

	memcpy(&v, hdr + offset, sizeof(v));
	return v;
}

/* Bytes as "64 MiB" or "40 KiB". */
static void format_size(char *buf, size_t len, u64 bytes)
{
	if (bytes % MiB(1) == 0)
		snprintf(buf, len, "%u MiB", (u32)(bytes >> 20));
	else
		snprintf(buf, len, "%u KiB", (u32)(bytes >> 10));
}

static int refuse(const char *dev, int err, const char *fmt, ...) __printf(3, 4);
static int refuse(const char *dev, int err, const char *fmt, ...)
{
	char why[96];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	printk(KERN_WARNING "swap: %s %s: running without swap\n", dev, why);
	return err;
}

void swap_format_header(void *page, u32 last_page)
{
	u8 *hdr = page;
	u32 version = 1, nr_bad = 0;

	memset(hdr, 0, PAGE_SIZE);
	memcpy(hdr + HDR_VERSION, &version, 4);
	memcpy(hdr + HDR_LAST_PAGE, &last_page, 4);
	memcpy(hdr + HDR_NR_BADPAGES, &nr_bad, 4);
	memcpy(hdr + PAGE_SIZE - SWAP_MAGIC_LEN, SWAP_MAGIC, SWAP_MAGIC_LEN);
}

/* Check the header page of a device of dev_pages pages; 0 or -EINVAL. */
static int check_header(const u8 *hdr, u64 dev_pages, const char *dev)
{
	u32 version = get_u32(hdr, HDR_VERSION);
	u32 last_page = get_u32(hdr, HDR_LAST_PAGE);
	u32 nr_bad = get_u32(hdr, HDR_NR_BADPAGES);
	const char *magic = (const char *)hdr + PAGE_SIZE - SWAP_MAGIC_LEN;

	if (!memcmp(magic, SWAP_MAGIC_OLD, SWAP_MAGIC_LEN))
		return refuse(dev, -EINVAL, "holds a version 0 swap area (run mkswap again)");
	if (memcmp(magic, SWAP_MAGIC, SWAP_MAGIC_LEN))
		return refuse(dev, -EINVAL, "has no swap signature (run mkswap on it)");
	if (version != 1)
		return refuse(dev, -EINVAL, "has swap header version %u, not 1", version);
	if (last_page == 0)
		return refuse(dev, -EINVAL, "holds an empty swap area");
	if (nr_bad > MAX_BADPAGES)
		return refuse(dev, -EINVAL, "lists %u bad pages, more than the %u a header holds",
			      nr_bad, (u32)MAX_BADPAGES);
	if (last_page >= dev_pages)
		return refuse(dev, -EINVAL, "is shorter (%llu pages) than its swap header says (%u)",
			      (unsigned long long)dev_pages, last_page + 1);
	for (u32 i = 0; i < nr_bad; i++) {
		u32 bad = get_u32(hdr, HDR_BADPAGES + 4 * i);

		if (bad == 0 || bad > last_page)
			return refuse(dev, -EINVAL, "lists bad page %u outside its swap area", bad);
	}
	return 0;
}

/*
 * Build the maps from a checked header; 0 or -ENOMEM with nothing changed.
 * A slot is kept in a swap PTE, which holds slots below SWP_ENTRY_LIMIT
 * (<anvil/pgtable.h>): a larger area is used only up to there, as Linux
 * truncates one past its maximum.
 */
static int build_maps(const u8 *hdr, struct block_device *bdev)
{
	u32 last_page = min(get_u32(hdr, HDR_LAST_PAGE), SWP_ENTRY_LIMIT - 1);
	u32 nr_bad = get_u32(hdr, HDR_NR_BADPAGES), bad_slots = 0;
	u32 words = map_words(last_page);
	u32 *used_map = kzalloc(words * sizeof(u32));
	u16 *count = kzalloc((last_page + 1) * sizeof(u16));

	if (!used_map || !count) {
		kfree(used_map);
		kfree(count);
		return -ENOMEM;
	}
	swap = (struct swap_area){
		.bdev = bdev,
		.last_page = last_page,
		.used_map = used_map,
		.count = count,
		.next = 1,
	};
	set_taken(0, true);			/* the header */
	for (u32 slot = last_page + 1; slot < words * 32; slot++)
		set_taken(slot, true);
	for (u32 i = 0; i < nr_bad; i++) {
		u32 bad = get_u32(hdr, HDR_BADPAGES + 4 * i);

		if (bad > last_page)		/* past the part in use */
			continue;
		if (count[bad] != SWAP_COUNT_BAD)
			bad_slots++;		/* a page listed twice is one page */
		count[bad] = SWAP_COUNT_BAD;
		set_taken(bad, true);
	}
	swap.stats.slots_total = last_page - bad_slots;
	swap.stats.slots_bad = bad_slots;
	return 0;
}

int swapon(struct block_device *bdev)
{
	u64 dev_pages;
	char size[24];
	u8 *hdr;
	int err;

	if (swap.bdev)
		return -EBUSY;
	if (!bdev)
		return -ENODEV;
	dev_pages = bdev->nr_sectors / SECTORS_PER_PAGE;
	if (dev_pages < 2)
		return refuse(bdev->name, -EINVAL, "is too short for a swap area (%llu bytes)",
			      (unsigned long long)bdev->nr_sectors * SECTOR_SIZE);
	if (bdev->read_only)
		return refuse(bdev->name, -EINVAL, "is read-only");
	hdr = kmalloc(PAGE_SIZE);
	if (!hdr)
		return refuse(bdev->name, -ENOMEM, "needs a page to read its header: out of memory");
	err = blkdev_read(bdev, 0, hdr, PAGE_SIZE);
	if (err) {
		err = refuse(bdev->name, -EIO, "cannot be read (error %d)", err);
	} else if (!(err = check_header(hdr, dev_pages, bdev->name))) {
		u32 last_page = get_u32(hdr, HDR_LAST_PAGE);

		err = build_maps(hdr, bdev);
		if (err)
			refuse(bdev->name, err, "needs %u KiB for its slot maps: out of memory",
			       DIV_ROUND_UP(map_words(last_page) * 4 + (last_page + 1) * 2, 1024u));
	}
	kfree(hdr);
	if (err)
		return err;
	format_size(size, sizeof(size), (u64)(swap.last_page + 1) * PAGE_SIZE);
	if (swap.stats.slots_bad)
		printk(KERN_NOTICE "swap: %s on %s (%u slots, %u bad pages skipped)\n", size,
		       bdev->name, swap.stats.slots_total, swap.stats.slots_bad);
	else
		printk(KERN_NOTICE "swap: %s on %s (%u slots)\n", size, bdev->name,
		       swap.stats.slots_total);
	return 0;
}

int swapoff(void)
{
	if (!swap.bdev)
		return 0;
	if (swap.stats.slots_used)
		return -EBUSY;
	kfree(swap.used_map);
	kfree(swap.count);
	swap = (struct swap_area){ 0 };
	return 0;
}

bool swap_enabled(void)
{
	return swap.bdev != NULL;
}

/* swap=zram:<size>: a compressed RAM device of that size, formatted. */
static void swapon_zram(const char *size)
{
	struct block_device *bdev;
	u32 bytes;

	if (!IS_ENABLED(CONFIG_ZRAM)) {
		refuse("zram", -ENODEV, "is not built in (CONFIG_ZRAM)");
		return;
	}
	if (cmdline_parse_size(size, &bytes) || !bytes) {
		refuse("zram", -EINVAL, "needs a size: swap=zram:16M (k, M or G)");
		return;
	}
	bdev = zram_create(bytes);
	if (bdev)
		swapon(bdev);
}

void swap_init(void)
{
	const char *name = cmdline_get("swap");
	char dev[32];
	size_t len = 0;

	blkdev_init();
	if (name && !strncmp(name, "zram:", 5)) {
		swapon_zram(name + 5);
		return;
	}
	if (!name || !*name) {
		/* A Linux swap partition, as a board image has; else the whole disk. */
		struct block_device *part = blkdev_find_type(PART_TYPE_LINUX_SWAP);

		name = part ? part->name : DEFAULT_SWAP_DEVICE;
	}
	while (name[len] && name[len] != ' ' && len < sizeof(dev) - 1)
		len++;
	memcpy(dev, name, len);
	dev[len] = '\0';
	if (!strcmp(dev, "off")) {
		printk(KERN_NOTICE "swap: off (swap=off)\n");
		return;
	}
	if (!blkdev_find(dev)) {
		/* No disk: compressed RAM instead, when the config says so. */
		if (IS_ENABLED(CONFIG_ZRAM_DEFAULT) && !cmdline_get("swap")) {
			char size[16];

			printk(KERN_NOTICE "swap: no %s: compressed RAM instead (CONFIG_ZRAM_DEFAULT)\n", dev);
			snprintf(size, sizeof(size), "%uM", (u32)CONFIG_ZRAM_DEFAULT_SIZE_MB);
			swapon_zram(size);
			return;
		}
		refuse(dev, -ENODEV, "not found");
		return;
	}
	swapon(blkdev_find(dev));
}

/* ------------------------------------------------------------ slots */

swp_entry_t get_swap_slot(void)
{
	u32 words, start, w;

	if (!swap.bdev || swap.stats.slots_used == swap.stats.slots_total)
		return (swp_entry_t){ 0 };
	words = map_words(swap.last_page);
	start = swap.next / 32;
	for (u32 i = 0; i <= words; i++) {
		w = (start + i) % words;
		if (swap.used_map[w] != ~0u) {
			u32 slot = w * 32 + (u32)__builtin_ctz(~swap.used_map[w]);

			set_taken(slot, true);
			swap.count[slot] = 1;
			swap.stats.slots_used++;
			swap.next = slot + 1 <= swap.last_page ? slot + 1 : 1;
			return (swp_entry_t){ slot };
		}
	}
	return (swp_entry_t){ 0 };	/* not reached: the counts said one is free */
}

/* A slot that holds references, or NULL. */
static u16 *slot_count(swp_entry_t entry)
{
	u32 slot = entry.val;

	if (!swap.bdev || slot == 0 || slot > swap.last_page)
		return NULL;
	if (swap.count[slot] == 0 || swap.count[slot] == SWAP_COUNT_BAD)
		return NULL;
	return &swap.count[slot];
}

int swap_duplicate(swp_entry_t entry)
{
	u16 *count = slot_count(entry);

	if (!count)
		return -EINVAL;
	if ((*count & SWAP_COUNT_REFS) >= SWAP_COUNT_MAX)
		return -ENOSPC;
	(*count)++;
	return 0;
}

/*
 * The last reference went.  A slot a write failed on is not trusted
 * again: it is retired as a bad page (taken for good) instead of going
 * back to the free pool, as if the header had listed it.
 */
static void release_slot(u32 slot)
{
	swap.stats.slots_used--;
	if (swap.count[slot] & SWAP_COUNT_FAILED) {
		swap.count[slot] = SWAP_COUNT_BAD;
		swap.stats.slots_total--;
		swap.stats.slots_bad++;
		printk(KERN_WARNING "swap: slot %u retired after a failed write\n", slot);
		return;
	}
	swap.count[slot] = 0;
	set_taken(slot, false);
	if (swap.bdev->discard)		/* zram drops the page it kept */
		swap.bdev->discard(swap.bdev, (u64)slot * SECTORS_PER_PAGE, PAGE_SIZE);
}

void swap_free(swp_entry_t entry)
{
	u16 *count = slot_count(entry);

	if (!count) {
		pr_err("swap_free: slot %u is not in use\n", entry.val);
		return;
	}
	VM_BUG_ON(!slot_taken(entry.val));	/* the map and the counts agree */
	if ((--*count & SWAP_COUNT_REFS) == 0)
		release_slot(entry.val);
}

unsigned int swap_count(swp_entry_t entry)
{
	u16 *count = slot_count(entry);

	return count ? *count & SWAP_COUNT_REFS : 0;
}

/* ------------------------------------------------------------ I/O */

static int swap_io(swp_entry_t entry, struct page *page, int write)
{
	int err;

	if (!slot_count(entry))
		return -EINVAL;
	err = swap.bdev->transfer(swap.bdev, write, (u64)entry.val * SECTORS_PER_PAGE,
				  page_address(page), PAGE_SIZE);
	if (err == -ENOMEM)
		return err;	/* zram had no memory for it: the slot is fine, the area full */
	if (err) {
		swap.stats.io_errors++;
		if (write && err != -EAGAIN)	/* the device tried and failed: */
			*slot_count(entry) |= SWAP_COUNT_FAILED;	/* retired once free */
		return -EIO;
	}
	if (write)
		swap.stats.pages_out++;
	else
		swap.stats.pages_in++;
	return 0;
}

int swap_write_page(swp_entry_t entry, struct page *page)
{
	return swap_io(entry, page, 1);
}

int swap_read_page(swp_entry_t entry, struct page *page)
{
	return swap_io(entry, page, 0);
}

/* ------------------------------------------------------------ counters */

void swap_get_stats(struct swap_stats *stats)
{
	*stats = swap.stats;
}

void swap_meminfo(meminfo_emit_t emit, void *arg)
{
	const struct swap_stats *s = &swap.stats;

	emit("swap.slots_total", s->slots_total, arg);
	emit("swap.slots_used", s->slots_used, arg);
	emit("swap.slots_free", s->slots_total - s->slots_used, arg);
	emit("swap.slots_bad", s->slots_bad, arg);
	emit("swap.pages_out", s->pages_out, arg);
	emit("swap.pages_in", s->pages_in, arg);
	emit("swap.io_errors", s->io_errors, arg);
}
