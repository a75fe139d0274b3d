// SPDX-License-Identifier: GPL-2.0-only
/*
 * Page fragments (<anvil/page_frag.h>): blocks of a power-of-two size from
 * FRAG_MIN_SIZE to half a page, aligned to their size, cut from pages of
 * the page allocator.  Page tables (mm/pgtable.c) and kernel stacks
 * (kernel/fork.c) are each one pool, so every byte stays counted under
 * its page use.
 *
 * A page serves fragments of one size; its struct page keeps which are
 * free (page->frag_free: a free mask of up to 8 bits, and the size's log2
 * above it).  The free fragments of every partly used page of one size sit
 * on the pool's list for that size, linked through the free fragments
 * themselves (a free fragment's first 8 bytes are ours), so allocation
 * takes the first one in O(1); when the last fragment of a page is freed,
 * its siblings leave the list and the page goes back to the page
 * allocator.  Allocation failure (no page for a new fragment page)
 * returns NULL with nothing changed.  Fragments are not zeroed.
 */
#include <anvil/kernel.h>
#include <anvil/mm.h>
#include <anvil/page_frag.h>

#define MASK_BITS	12		/* page->frag_free: mask below, log2 above */

BUILD_BUG_ON(FRAG_MIN_SIZE != 1u << FRAG_MIN_SHIFT);
BUILD_BUG_ON((PAGE_SIZE >> FRAG_MIN_SHIFT) > MASK_BITS);
BUILD_BUG_ON(FRAG_NR_SIZES != PAGE_SHIFT - FRAG_MIN_SHIFT);

/* A free fragment's first bytes: its links on the free list of its size. */
struct free_frag {
	struct list_head list;
};

void frag_pool_init(struct frag_pool *pool, enum page_use use)
{
	pool->use = use;
	for (u32 i = 0; i < FRAG_NR_SIZES; i++)
		INIT_LIST_HEAD(&pool->free[i]);
	pool->fragments = 0;
	pool->pages = 0;
}

static u32 frag_shift(u32 size)
{
	u32 shift = FRAG_MIN_SHIFT;

	BUG_ON(size < FRAG_MIN_SIZE || size >= PAGE_SIZE || (size & (size - 1)));
	while ((1u << shift) < size)
		shift++;
	return shift;
}

static u32 free_mask(const struct page *page)
{
	return page->frag_free & ((1u << MASK_BITS) - 1);
}

static u32 frag_index(const void *frag, u32 shift)
{
	return ((uintptr_t)frag & (PAGE_SIZE - 1)) >> shift;
}

void *frag_alloc(struct frag_pool *pool, u32 size)
{
	u32 shift = frag_shift(size), n = PAGE_SIZE >> shift, i;
	struct list_head *head = &pool->free[shift - FRAG_MIN_SHIFT];
	struct free_frag *f;
	struct page *page;

	if (list_empty(head)) {
		char *base = get_free_pages(pool->use, 0);

		if (!base)
			return NULL;
		page = virt_to_page(base);
		page->frag_free = (u16)((shift << MASK_BITS) | ((1u << n) - 1));
		for (i = 0; i < n; i++)
			list_add_tail(&((struct free_frag *)(base + (i << shift)))->list, head);
		pool->pages++;
	}
	f = list_first_entry(head, struct free_frag, list);
	list_del(&f->list);
	page = virt_to_page(f);
	i = frag_index(f, shift);
	VM_BUG_ON(!(free_mask(page) & (1u << i)) || page->frag_free >> MASK_BITS != shift);
	page->frag_free &= (u16)~(1u << i);
	pool->fragments++;
	return f;
}

void frag_free(struct frag_pool *pool, void *frag, u32 size)
{
	u32 shift = frag_shift(size), n = PAGE_SIZE >> shift, i = frag_index(frag, shift);
	char *base = (char *)((uintptr_t)frag & ~(uintptr_t)(PAGE_SIZE - 1));
	struct list_head *head = &pool->free[shift - FRAG_MIN_SHIFT];
	struct page *page = virt_to_page(frag);

	BUG_ON(page->use != pool->use || page->frag_free >> MASK_BITS != shift);
	BUG_ON(free_mask(page) & (1u << i));		/* freed twice */
	page->frag_free |= (u16)(1u << i);
	pool->fragments--;
	if (free_mask(page) != (1u << n) - 1) {
		list_add(&((struct free_frag *)frag)->list, head);
		return;
	}
	/* All free: the siblings leave the list, the page goes back. */
	for (u32 j = 0; j < n; j++)
		if (j != i)
			list_del(&((struct free_frag *)(base + (j << shift)))->list);
	page->frag_free = 0;
	free_pages(base, 0);
	pool->pages--;
}
