// SPDX-License-Identifier: GPL-2.0-only
/*
 * The memory accounting dump: reads the page allocator's and every slab
 * cache's counters (and the swap area's, with CONFIG_SWAP) and hands them out as key/value pairs, in the order
 * <anvil/meminfo.h> documents.  It owns no state and changes none.
 */
#include <anvil/kernel.h>
#include <anvil/cycles.h>
#include <anvil/meminfo.h>
#include <anvil/mm.h>
#include <anvil/oom.h>
#include <anvil/pgtable.h>
#include "reclaim_internal.h"
#include <anvil/rmap.h>
#include <anvil/slab.h>
#include <anvil/swap.h>
#include <anvil/zram.h>

static void emit_slab(meminfo_emit_t emit, void *arg, const char *name,
		      const char *field, unsigned long value)
{
	char key[64];

	snprintf(key, sizeof(key), "slab.%s.%s", name, field);
	emit(key, value, arg);
}

static void dump_pages(meminfo_emit_t emit, void *arg)
{
	char key[32];
	unsigned int i;

	emit("page.size", sizeof(struct page), arg);
	emit("pages.total", nr_pages_total(), arg);
	for (i = 0; i < NR_PAGE_USES; i++) {
		snprintf(key, sizeof(key), "pages.%s", page_use_name(i));
		emit(key, nr_pages_by_use(i), arg);
	}
	emit("pages.alloc_fails", nr_page_alloc_fails(), arg);
	emit("pages.image", nr_image_pages(), arg);
	emit("pages.image_mapped", nr_image_pages_mapped(), arg);
	for (i = 0; i < NR_PAGE_ORDERS; i++) {
		snprintf(key, sizeof(key), "buddy.order%u", i);
		emit(key, nr_free_blocks(i), arg);
	}
}

static void dump_slabs(meminfo_emit_t emit, void *arg)
{
	struct kmem_cache *c = NULL;

	while ((c = kmem_cache_next(c))) {
		emit_slab(emit, arg, c->name, "objsize", c->size);
		emit_slab(emit, arg, c->name, "inuse", c->inuse);
		emit_slab(emit, arg, c->name, "pages", c->pages);
		emit_slab(emit, arg, c->name, "allocs", c->allocs);
		emit_slab(emit, arg, c->name, "fails", c->fails);
	}
	emit("kmalloc_large.inuse", kmalloc_large_stats.inuse, arg);
	emit("kmalloc_large.pages", kmalloc_large_stats.pages, arg);
	emit("kmalloc_large.allocs", kmalloc_large_stats.allocs, arg);
	emit("kmalloc_large.fails", kmalloc_large_stats.fails, arg);
}

void meminfo_dump(meminfo_emit_t emit, void *arg)
{
	dump_pages(emit, arg);
	emit("pgtable.fragments", pgtable_stats.fragments, arg);
	emit("pgtable.fragment_pages", pgtable_stats.fragment_pages, arg);
	emit("pgtable.bytes", pgtable_stats.bytes, arg);
	swap_meminfo(emit, arg);	/* nothing with CONFIG_SWAP=n */
	zram_meminfo(emit, arg);	/* nothing with CONFIG_ZRAM=n */
	swap_cache_meminfo(emit, arg);	/* nor these */
	reclaim_meminfo(emit, arg);
	emit("oom.kills", oom_kills, arg);
	emit("cycles.boot_to_user", boot_cycles_to_user, arg);
	emit("tasks.nr", nr_tasks, arg);
	emit("tasks.max", CONFIG_MAX_TASKS, arg);
	emit("kstack.max_used", kstack_max_used(), arg);
	dump_slabs(emit, arg);
	rmap_meminfo(emit, arg);
}

static void emit_printk(const char *key, unsigned long value, void *arg)
{
	(void)arg;
	printk("%s %lu\n", key, value);
}

void meminfo_printk(void)
{
	meminfo_dump(emit_printk, NULL);
}
