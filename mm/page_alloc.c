// SPDX-License-Identifier: GPL-2.0-only
/*
 * The physical page allocator: a binary buddy system over every page of
 * RAM, and the count of pages by use.  It owns mem_map, the free lists and
 * the page counters; it does not know what a page is used for beyond the
 * use its caller names.
 *
 * A free block of 2^k pages starts at a pfn that is a multiple of 2^k; its
 * buddy is the block at pfn ^ 2^k.  Freeing merges a block with its buddy
 * while the buddy is free and of the same order, so allocation and free
 * each take at most NR_PAGE_ORDERS steps.  The free lists are doubly
 * linked through a list_head stored in the first bytes of each free block,
 * so a block leaves its list in O(1) when its buddy merges with it, and
 * struct page needs no link fields.
 */
#include <anvil/kernel.h>
#include <anvil/mm.h>
#include "reclaim_internal.h"
#include <anvil/string.h>
#include <anvil/fault_inject.h>

struct page *mem_map;
u32 mem_map_first_pfn, mem_map_end_pfn;

struct free_area {
	struct list_head blocks;	/* links live in the free pages */
	u32 nr_free;			/* blocks on the list */
};

static struct free_area free_area[NR_PAGE_ORDERS];
static u32 pages_by_use[NR_PAGE_USES];
static u32 alloc_fails;

static const char *const use_names[NR_PAGE_USES] = {
	[PAGE_USE_FREE]		= "free",
	[PAGE_USE_KERNEL]	= "kernel",
	[PAGE_USE_PAGE_ARRAY]	= "page_array",
	[PAGE_USE_PGTABLE]	= "pgtable",
	[PAGE_USE_SLAB]		= "slab",
	[PAGE_USE_ANON]		= "anon",
	[PAGE_USE_SWAP_CACHE]	= "swap_cache",
	[PAGE_USE_KSTACK]	= "kstack",
	[PAGE_USE_ZRAM]		= "zram",
};

/* ------------------------------------------------------------ free lists */

static struct list_head *block_link(struct page *page)
{
	return page_address(page);
}

static struct page *link_block(struct list_head *link)
{
	return virt_to_page(link);
}

static void add_free_block(struct page *page, unsigned int order)
{
	page->flags = PG_buddy;
	page->order = order;
	page->use = PAGE_USE_FREE;
	list_add(block_link(page), &free_area[order].blocks);
	free_area[order].nr_free++;
}

static void del_free_block(struct page *page, unsigned int order)
{
	list_del(block_link(page));
	free_area[order].nr_free--;
	page->flags = 0;
	page->order = 0;
}

/* A free-list entry that is not a free block head of that order: the list is trashed. */
static void check_free_block(struct page *page, unsigned int order)
{
	u32 pfn = page_to_pfn(page);

	if (!pfn_valid(pfn) || !(page->flags & PG_buddy) || page->order != order)
		panic("page allocator: corrupted free list of order %u at pfn 0x%x",
		      order, pfn);
}

/* ------------------------------------------------------------ the buddy core */

/* Take a free block of exactly 2^order pages, splitting a larger one. */
static struct page *take_block(unsigned int order)
{
	unsigned int k;
	struct page *page;

	for (k = order; k < NR_PAGE_ORDERS; k++)
		if (!list_empty(&free_area[k].blocks))
			break;
	if (k == NR_PAGE_ORDERS)
		return NULL;

	page = link_block(free_area[k].blocks.next);
	if (IS_ENABLED(CONFIG_DEBUG_VM))
		check_free_block(page, k);
	del_free_block(page, k);
	/* Give back the upper halves, largest first. */
	while (k > order) {
		k--;
		add_free_block(page + (1u << k), k);
	}
	return page;
}

/* Put a block back, merging it with its buddy for as long as it can. */
static void give_block(struct page *page, unsigned int order)
{
	u32 pfn = page_to_pfn(page);

	page->flags = 0;
	page->order = 0;
	page->use = PAGE_USE_FREE;
	while (order < MAX_PAGE_ORDER) {
		u32 buddy_pfn = pfn ^ (1u << order);
		struct page *buddy;

		if (!pfn_valid(buddy_pfn))
			break;
		buddy = pfn_to_page(buddy_pfn);
		if (!(buddy->flags & PG_buddy) || buddy->order != order)
			break;
		del_free_block(buddy, order);
		pfn &= ~(1u << order);
		order++;
	}
	add_free_block(pfn_to_page(pfn), order);
}

/* ------------------------------------------------------------ boot */

/* Free [start, end) in the largest aligned blocks, merging as they go. */
static void free_range(u32 start, u32 end)
{
	while (start < end) {
		unsigned int order = MAX_PAGE_ORDER;

		while ((start & ((1u << order) - 1)) || start + (1u << order) > end)
			order--;
		give_block(pfn_to_page(start), order);
		pages_by_use[PAGE_USE_FREE] += 1u << order;
		start += 1u << order;
	}
}

/* Pages that never go back: one reference each, so freeing one is caught. */
static void reserve_range(u32 start, u32 end, enum page_use use)
{
	u32 pfn;

	for (pfn = start; pfn < end; pfn++) {
		struct page *page = pfn_to_page(pfn);

		page->use = use;
		page->_refcount = 1;
	}
	pages_by_use[use] += end - start;
}

void mem_init(phys_addr_t ram_start, u32 ram_size,
	      phys_addr_t kernel_start, phys_addr_t kernel_end)
{
	u32 first = PFN_UP(ram_start);
	u32 end = PFN_DOWN(ram_start) + PFN_DOWN(ram_size);
	u32 kfirst = PFN_DOWN(kernel_start), kend = PFN_UP(kernel_end);
	u32 npages = end - first, map_pages;
	unsigned int k;

	if (first >= end || kfirst < first || kend > end || kfirst > kend)
		panic("mem_init: kernel %08x-%08x is not inside RAM %08x+%08x",
		      kernel_start, kernel_end, ram_start, ram_size);
	map_pages = DIV_ROUND_UP(npages * (u32)sizeof(struct page), (u32)PAGE_SIZE);
	if (end - kend < map_pages)
		panic("mem_init: no room for the per-page array (%u pages)", map_pages);

	mem_map = __va(PFN_PHYS(kend));
	mem_map_first_pfn = first;
	mem_map_end_pfn = end;
	memset(mem_map, 0, (size_t)npages * sizeof(struct page));
	for (k = 0; k < NR_PAGE_ORDERS; k++) {
		INIT_LIST_HEAD(&free_area[k].blocks);
		free_area[k].nr_free = 0;
	}
	memset(pages_by_use, 0, sizeof(pages_by_use));
	alloc_fails = 0;

	reserve_range(kfirst, kend, PAGE_USE_KERNEL);
	reserve_range(kend, kend + map_pages, PAGE_USE_PAGE_ARRAY);
	free_range(first, kfirst);
	free_range(kend + map_pages, end);
}

/* ------------------------------------------------------------ allocation */

struct page *alloc_pages(enum page_use use, unsigned int order)
{
	struct page *page;

	VM_BUG_ON(use == PAGE_USE_FREE || use >= NR_PAGE_USES);
	if (order > MAX_PAGE_ORDER || should_fail_alloc_pages())
		goto fail;
	page = take_block(order);
	if (!page)
		goto fail;
	page->order = order;
	page->use = use;
	page->_refcount = 1;
	pages_by_use[PAGE_USE_FREE] -= 1u << order;
	pages_by_use[use] += 1u << order;
	return page;
fail:
	alloc_fails++;
	return NULL;
}

void *get_free_pages(enum page_use use, unsigned int order)
{
	struct page *page = alloc_pages(use, order);

	return page ? page_address(page) : NULL;
}

void *get_zeroed_page(enum page_use use)
{
	void *p = get_free_pages(use, 0);

	if (p)
		clear_page(p);
	return p;
}

/* ------------------------------------------------------------ free */

/* CONFIG_DEBUG_VM: a block may go back only if it is what it claims to be. */
static void check_free_pages(struct page *page, unsigned int order)
{
	u32 pfn = page_to_pfn(page);

	if (!pfn_valid(pfn) || (pfn & ((1u << order) - 1)))
		panic("free_pages: pfn 0x%x is not the start of a block of order %u",
		      pfn, order);
	if ((page->flags & PG_buddy) || page->_refcount == 0)
		panic("free_pages: double free of page pfn 0x%x", pfn);
	if (page->order != order)
		panic("free_pages: page pfn 0x%x freed with order %u, allocated with %u",
		      pfn, order, page->order);
	/* An image page loses its PTEs' references, never the image's own. */
	if ((page->use == PAGE_USE_KERNEL || page->use == PAGE_USE_PAGE_ARRAY) &&
	    (page->_refcount == 1 || !page_is_image(page)))
		panic("free_pages: page pfn 0x%x is %s, never freed",
		      pfn, use_names[page->use]);
}

/* The last reference is gone: account and merge. */
static void release_block(struct page *page, unsigned int order)
{
	if (IS_ENABLED(CONFIG_DEBUG_VM) && page->_mapcount)
		panic("free_pages: page pfn 0x%x freed with mapcount %u",
		      page_to_pfn(page), page->_mapcount);
	if (page->flags & PG_lru)
		lru_remove(page);
	VM_BUG_ON(page->flags & (PG_swapcache | PG_locked));
	pages_by_use[page->use] -= 1u << order;
	pages_by_use[PAGE_USE_FREE] += 1u << order;
	give_block(page, order);
}

void __free_pages(struct page *page, unsigned int order)
{
	if (IS_ENABLED(CONFIG_DEBUG_VM))
		check_free_pages(page, order);
	if (--page->_refcount == 0)
		release_block(page, order);
}

void free_pages(void *addr, unsigned int order)
{
	if (addr)
		__free_pages(virt_to_page(addr), order);
}

void page_set_use(struct page *page, enum page_use use)
{
	u32 n = 1u << page->order;

	VM_BUG_ON(page->_refcount == 0 || use == PAGE_USE_FREE || use >= NR_PAGE_USES);
	pages_by_use[page->use] -= n;
	pages_by_use[use] += n;
	page->use = use;
}

/* ------------------------------------------------------------ accounting */

u32 nr_pages_total(void)
{
	return mem_map_end_pfn - mem_map_first_pfn;
}

u32 nr_pages_by_use(enum page_use use)
{
	return use < NR_PAGE_USES ? pages_by_use[use] : 0;
}

u32 nr_free_blocks(unsigned int order)
{
	return order < NR_PAGE_ORDERS ? free_area[order].nr_free : 0;
}

u32 nr_page_alloc_fails(void)
{
	return alloc_fails;
}

const char *page_use_name(enum page_use use)
{
	return use < NR_PAGE_USES ? use_names[use] : "?";
}
