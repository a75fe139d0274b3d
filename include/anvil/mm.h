/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Physical pages: struct page (one per page of RAM, in the per-page array
 * mem_map), the buddy page allocator's API (mm/page_alloc.c) and the
 * accounting of pages by use.  This header owns the layout of struct page;
 * it knows no architecture beyond <asm/memory.h>'s __va/__pa and PAGE_SIZE.
 *
 * Block rules, relied on by mm/page_alloc.c and mm/slab.c:
 *  - a block of 2^order pages starts at a pfn that is a multiple of 2^order;
 *  - only the first page of a block carries its order, use and refcount;
 *    the other pages of an allocated block read zero (slab pages excepted,
 *    see PG_slab);
 *  - PG_buddy marks the first page of a free block; the free-list links
 *    live inside the free page itself, reached through the linear map, so
 *    struct page spends no bytes on them.
 */
#ifndef ANVIL_MM_H
#define ANVIL_MM_H

#include <anvil/kernel.h>
#include <anvil/list.h>
#include <asm/memory.h>
#include <asm/page.h>		/* clear_page, copy_page */

/* What a page is used for.  Every page of RAM is counted under exactly one. */
enum page_use {
	PAGE_USE_FREE,		/* in the buddy free lists */
	PAGE_USE_KERNEL,	/* the kernel image (and anything below it not freed) */
	PAGE_USE_PAGE_ARRAY,	/* mem_map itself */
	PAGE_USE_PGTABLE,	/* translation tables */
	PAGE_USE_SLAB,		/* slab caches and large kmalloc blocks */
	PAGE_USE_ANON,		/* user anonymous memory */
	PAGE_USE_SWAP_CACHE,	/* pages in the swap cache */
	PAGE_USE_KSTACK,	/* kernel stacks of tasks */
	PAGE_USE_ZRAM,		/* compressed swap: zsmalloc and whole pages */
	NR_PAGE_USES
};

#define NR_PAGE_ORDERS	11			/* orders 0 .. 10: up to 4 MiB */
#define MAX_PAGE_ORDER	(NR_PAGE_ORDERS - 1)

/* page->flags */
#define PG_buddy	(1u << 0)	/* first page of a free block */
#define PG_slab		(1u << 1)	/* every page of a slab; order = the slab's */
#define PG_kmalloc	(1u << 2)	/* first page of a large kmalloc block */
/* Reclaim's (CONFIG_SWAP, <anvil/reclaim.h>); never set without swap. */
#define PG_lru		(1u << 3)	/* on the reclaim clock (mm/vmscan.c) */
#define PG_active	(1u << 4)	/* an active page of it: not yet aged */
#define PG_swapcache	(1u << 5)	/* in the swap cache */
#define PG_locked	(1u << 6)	/* swap I/O in flight: wait_on_page_locked */
/* A page of the kernel image user space may map: program text (mm/image.c). */
#define PG_image	(1u << 7)

/* page->mapping's low bit: the pointer is an anon_vma (CONFIG_SWAP). */
#define PAGE_MAPPING_ANON	1u

/*
 * struct page: 8 bytes on 32-bit ARM with CONFIG_SWAP=n (0.2% of RAM),
 * 16 bytes with CONFIG_SWAP=y (0.4%).  Keep it so: it scales with RAM.
 *
 * Without swap a page needs only what allocation, reference counting and
 * copy-on-write read: the reference count, the number of PTEs mapping it,
 * and for the first page of a block its order and use.
 *
 * _mapcount counts the PTEs that map the page; a page can be mapped at most
 * once per address space, so it stays below 65535 because the kernel runs
 * fewer tasks than that (CONFIG_MAX_TASKS, kernel/fork.c; CONFIG_DEBUG_VM
 * checks it too).
 *
 * With swap, the reverse map needs mapping and index (8 bytes).  Reclaim
 * needs no list: its clock finds its pages by sweeping mem_map and keeps
 * its state in PG_lru and PG_active (mm/vmscan.c).
 */
struct page {
	u32 _refcount;		/* references; 0 when free or a block's tail */
	union {
		u16 _mapcount;	/* user PTEs that map this page */
		/*
		 * A page cut into fragments (mm/page_frag.c): bit i set =
		 * fragment i is free; the fragment size's log2 in bits
		 * 12..15.  Never mapped, so _mapcount is free.
		 */
		u16 frag_free;
	};
	u8 flags;		/* PG_* */
	u8 order : 4;		/* first page of a block: the block's order */
	u8 use : 4;		/* first page of a block: enum page_use */
#if IS_ENABLED(CONFIG_SWAP)
	/* For the reverse map (<anvil/rmap.h>) and reclaim (<anvil/reclaim.h>). */
	uintptr_t mapping;	/* anon_vma | PAGE_MAPPING_ANON, or 0 */
	u32 index;		/* linear page index within the anon_vma */
#endif
};

#if !IS_ENABLED(CONFIG_SWAP)
SIZE_ASSERT(struct page, 8);		/* the same on 32- and 64-bit */
#elif UINTPTR_MAX == 0xffffffffu
SIZE_ASSERT(struct page, 16);		/* 32-bit ARM */
#endif
BUILD_BUG_ON(NR_PAGE_USES > 16 || NR_PAGE_ORDERS > 16);	/* 4-bit fields */

/* VM_BUG_ON: a check that costs nothing without CONFIG_DEBUG_VM. */
#define VM_BUG_ON(cond) do {						\
	if (IS_ENABLED(CONFIG_DEBUG_VM))				\
		BUG_ON(cond);						\
} while (0)

/* The per-page array and the pfns it covers: [mem_map_first_pfn, mem_map_end_pfn). */
extern struct page *mem_map;
extern u32 mem_map_first_pfn, mem_map_end_pfn;

#define PFN_UP(x)	(((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)
#define PFN_DOWN(x)	((x) >> PAGE_SHIFT)
#define PFN_PHYS(pfn)	((phys_addr_t)(pfn) << PAGE_SHIFT)

static inline bool pfn_valid(u32 pfn)
{
	return pfn >= mem_map_first_pfn && pfn < mem_map_end_pfn;
}

static inline struct page *pfn_to_page(u32 pfn)
{
	return mem_map + (pfn - mem_map_first_pfn);
}

static inline u32 page_to_pfn(const struct page *page)
{
	return mem_map_first_pfn + (u32)(page - mem_map);
}

static inline void *page_address(const struct page *page)
{
	return __va(PFN_PHYS(page_to_pfn(page)));
}

static inline struct page *virt_to_page(const void *addr)
{
	return pfn_to_page(PFN_DOWN(__pa(addr)));
}

/* The smallest order whose block holds size bytes (size > 0). */
static inline unsigned int get_order(size_t size)
{
	unsigned int order = 0;

	for (size = (size - 1) >> PAGE_SHIFT; size; size >>= 1)
		order++;
	return order;
}

/* Reference and map counts. */
static inline u32 page_count(const struct page *page)
{
	return page->_refcount;
}

static inline void get_page(struct page *page)
{
	VM_BUG_ON(page->_refcount == 0);
	page->_refcount++;
}

static inline u32 page_mapcount(const struct page *page)
{
	return page->_mapcount;
}

static inline void page_mapcount_inc(struct page *page)
{
	VM_BUG_ON(page->_mapcount == 0xffff);
	page->_mapcount++;
}

static inline void page_mapcount_dec(struct page *page)
{
	VM_BUG_ON(page->_mapcount == 0);
	page->_mapcount--;
}

/*
 * Boot: take over RAM [ram_start, ram_start + ram_size).  The kernel image
 * [kernel_start, kernel_end) (physical) is counted as kernel; the per-page
 * array goes in the pages right after it; everything else, including RAM
 * below the kernel, is freed.  Boot data in RAM must be consumed before.
 * Calling it again starts over (the host tests do).
 */
void mem_init(phys_addr_t ram_start, u32 ram_size,
	      phys_addr_t kernel_start, phys_addr_t kernel_end);

/*
 * Allocate 2^order contiguous pages for use; NULL when there is no block
 * that large (or an injected failure).  The first page has refcount 1.
 * The memory is not zeroed.
 */
struct page *alloc_pages(enum page_use use, unsigned int order);
void *get_free_pages(enum page_use use, unsigned int order);	/* its address */
void *get_zeroed_page(enum page_use use);

static inline struct page *alloc_page(enum page_use use)
{
	return alloc_pages(use, 0);
}

/*
 * Drop a reference to a block from alloc_pages; the last one frees it.
 * order must be the order it was allocated with.
 */
void __free_pages(struct page *page, unsigned int order);
void free_pages(void *addr, unsigned int order);
/*
 * The same, order read from the page.  Inline for the common case, a
 * reference that is not the last (fork's and exit's per-page work): only
 * the count changes, and CONFIG_DEBUG_VM's checks run in __free_pages.
 */
static inline void put_page(struct page *page)
{
	if (!IS_ENABLED(CONFIG_DEBUG_VM) && page->_refcount > 1)
		page->_refcount--;
	else
		__free_pages(page, page->order);
}

/*
 * Image pages (mm/image.c): the pages of the initramfs, which is part of
 * the kernel image, mapped read-only into user space in place of a copy.
 * One such page is counted as kernel and is never freed: the image holds
 * one reference for good, and every PTE that maps it holds one reference
 * and one map count as for an anonymous page (so fork and unmap treat both
 * alike).  It has no anon_vma, is never on an LRU list and is never
 * written: a write fault copies it into an anonymous page.
 */
static inline bool page_is_image(const struct page *page)
{
	return page->flags & PG_image;
}

/* Boot: [start, end) (page aligned, inside the kernel image) may be mapped into user space. */
void image_pages_init(const void *start, const void *end);
/* Whether [kaddr, kaddr + npages pages) is image pages (kaddr page aligned). */
bool image_range_ok(const void *kaddr, u32 npages);
/* Image pages there are, and of them those mapped by at least one PTE (meminfo). */
u32 nr_image_pages(void);
u32 nr_image_pages_mapped(void);

/* Move an allocated block to another use, e.g. anonymous to swap cache. */
void page_set_use(struct page *page, enum page_use use);

/* Accounting, read by the meminfo dump and the tests. */
u32 nr_pages_total(void);
u32 nr_pages_by_use(enum page_use use);
u32 nr_free_blocks(unsigned int order);		/* free blocks of exactly this order */
u32 nr_page_alloc_fails(void);
const char *page_use_name(enum page_use use);

#endif
