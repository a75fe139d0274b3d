/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Slab caches: every kernel object comes from one, and kmalloc serves the
 * rest from power-of-two caches (kmalloc-8 .. kmalloc-2048) or, above
 * that, straight from the page allocator.  The implementation is
 * mm/slab.c; the layout of a slab is described there.
 *
 * struct kmem_cache is public so that the meminfo dump and the tests can
 * read its counters; only mm/slab.c writes it.
 */
#ifndef ANVIL_SLAB_H
#define ANVIL_SLAB_H

#include <anvil/kernel.h>
#include <anvil/list.h>
#include <anvil/fault_inject.h>

struct slab;

struct kmem_cache {
	const char *name;	/* not copied: a string that outlives the cache */
	u32 object_size;	/* bytes asked for */
	u32 size;		/* bytes per object in the slab (aligned, padded) */
	u16 objs_per_slab;
	u8 order;		/* a slab is a block of 2^order pages */
	/* Counters */
	u32 inuse;		/* objects allocated now */
	u32 pages;		/* pages held, partial, full and spare slabs */
	u32 allocs;		/* successful allocations, ever */
	u32 fails;		/* failed allocations, ever */
	/* Slabs */
	struct list_head partial;	/* some objects free */
	struct list_head full;		/* no object free */
	struct slab *spare;		/* one empty slab kept against thrashing */
	struct list_head list;		/* on the list of every cache */
#if IS_ENABLED(CONFIG_FAULT_INJECTION)
	struct fault_attr fail;
#endif
};

/* Boot, after mem_init(): the cache of caches and the kmalloc caches. */
void kmem_cache_init(void);

/*
 * A cache of objects of size bytes, aligned to 8 bytes when size is a
 * multiple of 8 (what a C object with u64 members has), else to a
 * pointer's size; NULL on -ENOMEM or
 * when size is 0 or too large for a slab (see KMEM_CACHE_MAX_SIZE).
 */
#define KMEM_CACHE_MAX_SIZE	(8u * 4096u - 64u)
struct kmem_cache *kmem_cache_create(const char *name, u32 size);
/* 0, or -EBUSY (and nothing changes) while objects are still allocated. */
int kmem_cache_destroy(struct kmem_cache *cache);
void *kmem_cache_alloc(struct kmem_cache *cache);	/* NULL on failure */
void *kmem_cache_zalloc(struct kmem_cache *cache);
void kmem_cache_free(struct kmem_cache *cache, void *obj);	/* obj may be NULL */
/* Give the cache's empty slabs back to the page allocator. */
void kmem_cache_shrink(struct kmem_cache *cache);
void kmem_cache_shrink_all(void);

/* Iterate over every cache: pass NULL for the first; NULL after the last. */
struct kmem_cache *kmem_cache_next(struct kmem_cache *prev);

#define KMALLOC_MAX_CACHE_SIZE	2048u
void *kmalloc(size_t size);	/* NULL on failure or when size is 0 */
void *kzalloc(size_t size);
void kfree(void *p);		/* p may be NULL */

/* Large kmalloc blocks (above KMALLOC_MAX_CACHE_SIZE), counted apart. */
struct kmalloc_large_stats {
	u32 inuse;	/* blocks allocated now */
	u32 pages;	/* pages they hold */
	u32 allocs;
	u32 fails;
};
extern struct kmalloc_large_stats kmalloc_large_stats;

#endif
