// SPDX-License-Identifier: GPL-2.0-only
/*
 * The compressed-object allocator (<anvil/zsmalloc.h>): compressed pages
 * of many sizes, packed so that RAM holding them is mostly payload.
 *
 * Sizes are rounded up to a class, a multiple of ZS_CLASS_STEP.  Every
 * page belongs to one class: a 16-byte header (32-bit ARM), then as many
 * objects of the class as fit.  A free object holds the offset of the next
 * free one, so the header needs no bitmap.  Pages with a free object sit
 * on their class's list; a full page is on no list; a page whose last
 * object goes is given back at once.  So the waste is bounded per class
 * by the rounding (under ZS_CLASS_STEP bytes an object), the tail of each
 * page (under one object), and at most the free objects of partly used
 * pages: zs_get_stats() gives what is held against what is stored, and
 * meminfo shows both.  Linux's zsmalloc also chains pages into zspages so
 * that large classes waste less, and compacts; this one does neither.
 *
 * A store happens in reclaim, when free pages may have run out: the
 * allocator keeps ZS_RESERVE_PAGES pages of its own for that moment,
 * refilled from the pages it frees and, while the page allocator has
 * pages, on the next allocation.  A compressed store needs a fresh page
 * only every few objects, and each store lets reclaim free a whole page,
 * so the reserve is paid back quickly.
 *
 * It owns its pages (PAGE_USE_ZRAM) and nothing else.  A handle is the
 * object's kernel address, so zs_map() costs nothing.
 */
#include <anvil/kernel.h>
#include <anvil/list.h>
#include <anvil/mm.h>
#include <anvil/zsmalloc.h>

struct zs_page {
	struct list_head link;	/* on its class's list while it has a free object */
	u16 free;		/* offset of the first free object, 0: none */
	u16 inuse;		/* objects allocated */
	u16 class;		/* index into classes[] */
	u16 unused;
};
#if UINTPTR_MAX == 0xffffffffu
SIZE_ASSERT(struct zs_page, 16);	/* 32-bit ARM */
#endif

#define HDR		ALIGN((u32)sizeof(struct zs_page), 8u)
#define MAX_SIZE	ALIGN_DOWN(PAGE_SIZE - HDR, ZS_CLASS_STEP)
#define NR_CLASSES	(MAX_SIZE / ZS_CLASS_STEP)

static struct list_head classes[NR_CLASSES];
static struct zs_stats stats;
static void *reserve[ZS_RESERVE_PAGES];
static u32 nr_reserve;

static u32 class_size(u32 class)
{
	return (class + 1) * ZS_CLASS_STEP;
}

static struct zs_page *page_header(uintptr_t handle)
{
	return (struct zs_page *)ALIGN_DOWN(handle, (uintptr_t)PAGE_SIZE);
}

static u16 *next_free(struct zs_page *zp, u16 offset)
{
	return (u16 *)((u8 *)zp + offset);
}

void zs_init(void)
{
	for (u32 i = 0; i < NR_CLASSES; i++)
		INIT_LIST_HEAD(&classes[i]);
	stats = (struct zs_stats){ 0 };
	nr_reserve = 0;
}

/* Top the reserve up while the page allocator has pages. */
static void refill_reserve(void)
{
	while (nr_reserve < ZS_RESERVE_PAGES) {
		void *page = get_free_pages(PAGE_USE_ZRAM, 0);

		if (!page)
			return;
		reserve[nr_reserve++] = page;
	}
}

void *zs_alloc_page(void)
{
	void *page;

	refill_reserve();
	page = get_free_pages(PAGE_USE_ZRAM, 0);
	if (!page && nr_reserve)
		page = reserve[--nr_reserve];
	return page;
}

void zs_free_page(void *page)
{
	if (nr_reserve < ZS_RESERVE_PAGES)
		reserve[nr_reserve++] = page;
	else
		free_pages(page, 0);
}

void zs_release_reserve(void)
{
	while (nr_reserve)
		free_pages(reserve[--nr_reserve], 0);
}

u32 zs_max_size(void)
{
	return MAX_SIZE;
}

/* A fresh page for class, its objects chained free; NULL when none. */
static struct zs_page *grow(u32 class)
{
	u32 size = class_size(class), n = (PAGE_SIZE - HDR) / size;
	struct zs_page *zp = zs_alloc_page();

	if (!zp)
		return NULL;
	*zp = (struct zs_page){ .free = HDR, .class = class };
	for (u32 i = 0; i < n; i++)
		*next_free(zp, HDR + i * size) = i + 1 < n ? HDR + (i + 1) * size : 0;
	list_add(&zp->link, &classes[class]);
	stats.pages++;
	return zp;
}

uintptr_t zs_malloc(u32 size)
{
	u32 class = (size + ZS_CLASS_STEP - 1) / ZS_CLASS_STEP - 1;
	struct zs_page *zp;
	u16 offset;

	if (size == 0 || size > MAX_SIZE)
		return 0;
	if (list_empty(&classes[class])) {
		if (!grow(class)) {
			stats.fails++;
			return 0;
		}
	}
	zp = list_first_entry(&classes[class], struct zs_page, link);
	offset = zp->free;
	zp->free = *next_free(zp, offset);
	zp->inuse++;
	if (!zp->free)
		list_del(&zp->link);	/* full: off the list */
	stats.objects++;
	stats.class_bytes += class_size(class);
	return (uintptr_t)zp + offset;
}

void zs_free(uintptr_t handle)
{
	struct zs_page *zp;
	u16 offset;

	if (!handle)
		return;
	zp = page_header(handle);
	offset = handle - (uintptr_t)zp;
	VM_BUG_ON(offset < HDR || (offset - HDR) % class_size(zp->class) || !zp->inuse);
	if (!zp->free)
		list_add(&zp->link, &classes[zp->class]);	/* was full */
	*next_free(zp, offset) = zp->free;
	zp->free = offset;
	zp->inuse--;
	stats.objects--;
	stats.class_bytes -= class_size(zp->class);
	if (!zp->inuse) {
		list_del(&zp->link);
		zs_free_page(zp);
		stats.pages--;
	}
}

void *zs_map(uintptr_t handle)
{
	return (void *)handle;
}

void zs_get_stats(struct zs_stats *out)
{
	*out = stats;
	out->reserve = nr_reserve;
}
