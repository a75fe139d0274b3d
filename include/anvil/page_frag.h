/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Page fragments (mm/page_frag.c): power-of-two blocks smaller than a
 * page, aligned to their size, four 1 KiB or two 2 KiB to a page.  A pool
 * serves one page use (page tables, kernel stacks): its pages are counted
 * under that use, its fragments here.
 */
#ifndef ANVIL_PAGE_FRAG_H
#define ANVIL_PAGE_FRAG_H

#include <anvil/list.h>
#include <anvil/mm.h>

#define FRAG_MIN_SHIFT	9
#define FRAG_MIN_SIZE	(1u << FRAG_MIN_SHIFT)		/* 512 bytes */
#define FRAG_NR_SIZES	(PAGE_SHIFT - FRAG_MIN_SHIFT)	/* 512, 1024, 2048 */

struct frag_pool {
	enum page_use use;			/* of the pages it cuts */
	struct list_head free[FRAG_NR_SIZES];	/* free fragments, by size */
	u32 fragments;				/* in use */
	u32 pages;				/* cut into fragments */
};

void frag_pool_init(struct frag_pool *pool, enum page_use use);
/* size: a power of two, FRAG_MIN_SIZE <= size < PAGE_SIZE.  NULL: nothing changed. */
void *frag_alloc(struct frag_pool *pool, u32 size);
void frag_free(struct frag_pool *pool, void *frag, u32 size);

#endif
