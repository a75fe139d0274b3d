// SPDX-License-Identifier: GPL-2.0-only
/*
 * Slab caches and kmalloc.  This file owns struct slab, every cache's slab
 * lists and counters, and the kmalloc size classes; it gets its pages from
 * the page allocator (counted as PAGE_USE_SLAB) and nothing else.
 *
 * A slab is one block of 2^order pages:
 *
 *	[struct slab][obj 0][obj 1] ... [obj n-1][unused tail]
 *
 * The header at the start says which cache the slab belongs to, so struct
 * page spends nothing on slabs: every page of a slab is marked PG_slab and
 * carries the slab's order, and a pointer finds its slab by rounding its
 * pfn down to the block.  A free object holds the pointer to the next free
 * object of its slab in its first word; with CONFIG_DEBUG_VM its second word
 * holds a check value derived from that pointer and the object's address,
 * so a write to a freed object or a wild free-list pointer is caught when
 * the object is handed out again.
 *
 * A cache keeps its slabs on two lists, partial and full, and at most one
 * empty slab (spare), so that a cache which allocates and frees one object
 * at a slab boundary does not go to the page allocator every time; more
 * empty slabs go straight back.  kmem_cache_shrink returns the spare.
 */
#include <anvil/kernel.h>
#include <anvil/errno.h>
#include <anvil/mm.h>
#include <anvil/slab.h>
#include <anvil/string.h>

struct slab {
	struct kmem_cache *cache;
	struct list_head list;		/* on cache->partial or ->full */
	void *freelist;			/* first free object, or NULL */
	u32 inuse;			/* objects allocated */
};

struct free_object {
	struct free_object *next;
	uintptr_t check;		/* CONFIG_DEBUG_VM: see free_check() */
};

#define OBJ_ALIGN	8u	/* the most any object needs (u64 members) */
#define SLAB_HEADER	ALIGN((u32)sizeof(struct slab), OBJ_ALIGN)
#define SLAB_MAX_ORDER	3u
#define FREE_CANARY	((uintptr_t)0x5a17c0deu)

BUILD_BUG_ON(KMEM_CACHE_MAX_SIZE > (PAGE_SIZE << SLAB_MAX_ORDER) - SLAB_HEADER);

/* kmalloc size classes: 8, 16, ... 2048 bytes. */
#define KMALLOC_MIN_SHIFT	3u
#define KMALLOC_CLASSES		9u
BUILD_BUG_ON((1u << (KMALLOC_MIN_SHIFT + KMALLOC_CLASSES - 1)) != KMALLOC_MAX_CACHE_SIZE);

static const char *const kmalloc_names[KMALLOC_CLASSES] = {
	"kmalloc-8", "kmalloc-16", "kmalloc-32", "kmalloc-64", "kmalloc-128",
	"kmalloc-256", "kmalloc-512", "kmalloc-1024", "kmalloc-2048",
};

static struct list_head all_caches = LIST_HEAD_INIT(all_caches);
static struct kmem_cache cache_cache;		/* where struct kmem_cache comes from */
static struct kmem_cache *kmalloc_caches[KMALLOC_CLASSES];
struct kmalloc_large_stats kmalloc_large_stats;

/* ------------------------------------------------------------ objects in a slab */

static char *slab_objects(struct slab *slab)
{
	return (char *)slab + SLAB_HEADER;
}

/* The index of the object that starts at p in slab, or -1 if none does. */
static int object_index(const struct kmem_cache *cache, struct slab *slab, const void *p)
{
	uintptr_t first = (uintptr_t)slab_objects(slab), off = (uintptr_t)p - first;

	if ((uintptr_t)p < first || off % cache->size || off / cache->size >= cache->objs_per_slab)
		return -1;
	return (int)(off / cache->size);
}

static uintptr_t free_check(const struct free_object *obj, const struct free_object *next)
{
	return (uintptr_t)next ^ (uintptr_t)obj ^ FREE_CANARY;
}

/* CONFIG_DEBUG_VM: obj is about to be handed out; its free-list entry must be intact. */
static void check_free_object(struct kmem_cache *cache, struct slab *slab,
			      struct free_object *obj)
{
	if (obj->check != free_check(obj, obj->next) ||
	    (obj->next && object_index(cache, slab, obj->next) < 0))
		panic("kmem_cache_alloc(%s): corrupted free list at object %p",
		      cache->name, (void *)obj);
}

static void slab_push(struct slab *slab, void *p)
{
	struct free_object *obj = p;

	obj->next = slab->freelist;
	if (IS_ENABLED(CONFIG_DEBUG_VM))
		obj->check = free_check(obj, obj->next);
	slab->freelist = obj;
	slab->inuse--;
}

static void *slab_pop(struct kmem_cache *cache, struct slab *slab)
{
	struct free_object *obj = slab->freelist;

	if (IS_ENABLED(CONFIG_DEBUG_VM)) {
		check_free_object(cache, slab, obj);
		obj->check = 0;		/* no longer looks free: see object_is_free() */
	}
	slab->freelist = obj->next;
	slab->inuse++;
	return obj;
}

/* The slab holding p: round p's pfn down to the slab's block. */
static struct slab *virt_to_slab(const void *p)
{
	struct page *page = virt_to_page(p);
	u32 pfn = page_to_pfn(page) & ~((1u << page->order) - 1);

	return page_address(pfn_to_page(pfn));
}

/* ------------------------------------------------------------ slabs */

static struct slab *slab_create(struct kmem_cache *cache)
{
	struct page *page = alloc_pages(PAGE_USE_SLAB, cache->order);
	u32 i, n = 1u << cache->order;
	struct slab *slab;

	if (!page)
		return NULL;
	for (i = 0; i < n; i++) {
		page[i].flags = PG_slab;
		page[i].order = cache->order;
	}
	slab = page_address(page);
	slab->cache = cache;
	slab->freelist = NULL;
	slab->inuse = cache->objs_per_slab;
	INIT_LIST_HEAD(&slab->list);
	/* Push from the end, so that objects go out in address order. */
	for (i = cache->objs_per_slab; i-- > 0; )
		slab_push(slab, slab_objects(slab) + i * cache->size);
	cache->pages += n;
	return slab;
}

static void slab_destroy(struct kmem_cache *cache, struct slab *slab)
{
	struct page *page = virt_to_page(slab);
	u32 i, n = 1u << cache->order;

	for (i = 0; i < n; i++) {
		page[i].flags = 0;
		page[i].order = 0;
	}
	page->order = cache->order;		/* the block's head keeps its order */
	cache->pages -= n;
	__free_pages(page, cache->order);
}

static void list_move(struct list_head *entry, struct list_head *head)
{
	list_del(entry);
	list_add(entry, head);
}

/* A slab with a free object, on the partial list: an old one, the spare, or a new one. */
static struct slab *slab_with_room(struct kmem_cache *cache)
{
	struct slab *slab;

	if (!list_empty(&cache->partial))
		return list_first_entry(&cache->partial, struct slab, list);
	slab = cache->spare;
	if (slab)
		cache->spare = NULL;
	else
		slab = slab_create(cache);
	if (slab)
		list_add(&slab->list, &cache->partial);
	return slab;
}

/* The last object of slab came back: keep it as the spare, or free it. */
static void slab_now_empty(struct kmem_cache *cache, struct slab *slab)
{
	list_del(&slab->list);
	if (!cache->spare)
		cache->spare = slab;
	else
		slab_destroy(cache, slab);
}

/* ------------------------------------------------------------ caches */

/* The smallest order that wastes at most 1/8 of a slab, header included. */
static unsigned int slab_order(u32 size)
{
	unsigned int order;

	for (order = 0; order < SLAB_MAX_ORDER; order++) {
		u32 bytes = PAGE_SIZE << order;
		u32 n = (bytes - SLAB_HEADER) / size;

		if (n && bytes - n * size <= bytes / 8)
			break;
	}
	return order;
}

/*
 * A C object needs 8-byte alignment only if it has 8-byte members, and
 * then its size is a multiple of 8; anything else needs a pointer's.  So
 * a 28-byte object of pointers takes 28 bytes of its slab on 32-bit ARM, not 32.
 */
static u32 obj_align(u32 size)
{
	return size % OBJ_ALIGN ? (u32)sizeof(void *) : OBJ_ALIGN;
}

static void cache_setup(struct kmem_cache *cache, const char *name, u32 size)
{
	/* A free object holds the free-list link, and with DEBUG_VM its check. */
	u32 min_size = IS_ENABLED(CONFIG_DEBUG_VM) ? sizeof(struct free_object)
						   : sizeof(struct free_object *);

	memset(cache, 0, sizeof(*cache));
	cache->name = name;
	cache->object_size = size;
	cache->size = ALIGN(max(size, min_size), obj_align(max(size, min_size)));
	cache->order = slab_order(cache->size);
	cache->objs_per_slab = ((PAGE_SIZE << cache->order) - SLAB_HEADER) / cache->size;
	INIT_LIST_HEAD(&cache->partial);
	INIT_LIST_HEAD(&cache->full);
	list_add_tail(&cache->list, &all_caches);
}

struct kmem_cache *kmem_cache_create(const char *name, u32 size)
{
	struct kmem_cache *cache;

	if (!size || size > KMEM_CACHE_MAX_SIZE)
		return NULL;
	cache = kmem_cache_alloc(&cache_cache);
	if (cache)
		cache_setup(cache, name, size);
	return cache;
}

void kmem_cache_shrink(struct kmem_cache *cache)
{
	if (cache->spare) {
		slab_destroy(cache, cache->spare);
		cache->spare = NULL;
	}
}

void kmem_cache_shrink_all(void)
{
	struct kmem_cache *cache;

	list_for_each_entry(cache, &all_caches, list)
		kmem_cache_shrink(cache);
}

int kmem_cache_destroy(struct kmem_cache *cache)
{
	if (!cache)
		return 0;
	if (cache->inuse)
		return -EBUSY;
	VM_BUG_ON(cache == &cache_cache);
	/* No object in use: no partial or full slab, at most the spare. */
	kmem_cache_shrink(cache);
	list_del(&cache->list);
	kmem_cache_free(&cache_cache, cache);
	return 0;
}

struct kmem_cache *kmem_cache_next(struct kmem_cache *prev)
{
	struct list_head *next = prev ? prev->list.next : all_caches.next;

	return next == &all_caches ? NULL : list_entry(next, struct kmem_cache, list);
}

/* ------------------------------------------------------------ alloc and free */

void *kmem_cache_alloc(struct kmem_cache *cache)
{
	struct slab *slab;
	void *obj;

	if (should_fail_cache(cache))
		goto fail;
	slab = slab_with_room(cache);
	if (!slab)
		goto fail;
	obj = slab_pop(cache, slab);
	if (!slab->freelist)
		list_move(&slab->list, &cache->full);
	cache->inuse++;
	cache->allocs++;
	return obj;
fail:
	cache->fails++;
	return NULL;
}

void *kmem_cache_zalloc(struct kmem_cache *cache)
{
	void *obj = kmem_cache_alloc(cache);

	if (obj)
		memset(obj, 0, cache->object_size);
	return obj;
}

/* Is obj on its slab's free list?  Cheap unless obj looks free. */
static bool object_is_free(struct kmem_cache *cache, struct slab *slab, void *obj)
{
	struct free_object *f = obj, *p;
	u32 steps = 0;

	if (f->check != free_check(f, f->next))
		return false;
	for (p = slab->freelist; p; p = p->next) {
		if (p == f)
			return true;
		if (++steps > cache->objs_per_slab)
			panic("kmem_cache_free(%s): corrupted free list in slab %p",
			      cache->name, (void *)slab);
	}
	return false;
}

/* CONFIG_DEBUG_VM: obj must be an allocated object of this cache. */
static void check_object_free(struct kmem_cache *cache, void *obj)
{
	u32 pfn = PFN_DOWN(__pa(obj));
	struct slab *slab;

	if (!pfn_valid(pfn) || !(pfn_to_page(pfn)->flags & PG_slab))
		panic("kmem_cache_free(%s): %p is not a slab object", cache->name, obj);
	slab = virt_to_slab(obj);
	if (slab->cache != cache)
		panic("kmem_cache_free(%s): %p belongs to cache %s",
		      cache->name, obj, slab->cache->name);
	if (object_index(cache, slab, obj) < 0)
		panic("kmem_cache_free(%s): %p is not the start of an object", cache->name, obj);
	if (object_is_free(cache, slab, obj))
		panic("kmem_cache_free(%s): double free of %p", cache->name, obj);
}

void kmem_cache_free(struct kmem_cache *cache, void *obj)
{
	struct slab *slab;

	if (!obj)
		return;
	if (IS_ENABLED(CONFIG_DEBUG_VM))
		check_object_free(cache, obj);
	slab = virt_to_slab(obj);
	if (!slab->freelist)
		list_move(&slab->list, &cache->partial);	/* was full */
	slab_push(slab, obj);
	cache->inuse--;
	if (!slab->inuse)
		slab_now_empty(cache, slab);
}

/* ------------------------------------------------------------ kmalloc */

static unsigned int kmalloc_class(size_t size)
{
	if (size <= (1u << KMALLOC_MIN_SHIFT))
		return 0;
	/* ceil(log2(size)) - KMALLOC_MIN_SHIFT */
	return 32 - __builtin_clz((u32)size - 1) - KMALLOC_MIN_SHIFT;
}

static void *kmalloc_large(size_t size)
{
	struct page *page = alloc_pages(PAGE_USE_SLAB, get_order(size));

	if (!page) {
		kmalloc_large_stats.fails++;
		return NULL;
	}
	page->flags = PG_kmalloc;
	kmalloc_large_stats.inuse++;
	kmalloc_large_stats.pages += 1u << page->order;
	kmalloc_large_stats.allocs++;
	return page_address(page);
}

void *kmalloc(size_t size)
{
	if (!size)
		return NULL;
	if (size <= KMALLOC_MAX_CACHE_SIZE)
		return kmem_cache_alloc(kmalloc_caches[kmalloc_class(size)]);
	return kmalloc_large(size);
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

/* CONFIG_DEBUG_VM: p must be a slab object or the start of a live large block. */
static void check_kfree(const void *p)
{
	phys_addr_t pa = __pa(p);
	struct page *page;

	if (!pfn_valid(PFN_DOWN(pa)))
		panic("kfree: %p is not a kmalloc object", p);
	page = pfn_to_page(PFN_DOWN(pa));
	if (!(page->flags & PG_slab) && (!(page->flags & PG_kmalloc) || (pa & ~PAGE_MASK)))
		panic("kfree: %p is not an allocated kmalloc object (pfn 0x%x)",
		      p, PFN_DOWN(pa));
}

void kfree(void *p)
{
	struct page *page;
	unsigned int order;

	if (!p)
		return;
	if (IS_ENABLED(CONFIG_DEBUG_VM))
		check_kfree(p);
	page = virt_to_page(p);
	if (page->flags & PG_slab) {
		kmem_cache_free(virt_to_slab(p)->cache, p);
		return;
	}
	order = page->order;
	page->flags = 0;
	kmalloc_large_stats.inuse--;
	kmalloc_large_stats.pages -= 1u << order;
	__free_pages(page, order);
}

/* ------------------------------------------------------------ boot */

void kmem_cache_init(void)
{
	unsigned int i;

	INIT_LIST_HEAD(&all_caches);
	cache_setup(&cache_cache, "kmem_cache", sizeof(struct kmem_cache));
	for (i = 0; i < KMALLOC_CLASSES; i++) {
		kmalloc_caches[i] = kmem_cache_create(kmalloc_names[i],
						      1u << (KMALLOC_MIN_SHIFT + i));
		if (!kmalloc_caches[i])
			panic("kmem_cache_init: out of memory for %s", kmalloc_names[i]);
	}
	memset(&kmalloc_large_stats, 0, sizeof(kmalloc_large_stats));
}
