// SPDX-License-Identifier: GPL-2.0-only
/*
 * The swap cache and swap-in (CONFIG_SWAP), see <anvil/reclaim.h>.
 *
 * Owns: the swap cache (which page holds which slot's contents), the
 * PG_swapcache and PG_locked bits, and the fault path for swap PTEs.
 * Must not touch: slot allocation and I/O (mm/swapfile.c's), the LRU
 * (mm/vmscan.c's, through lru_add), the rmap objects (through rmap.h).
 *
 * The cache is two small hash tables of 16-byte nodes, one by slot and one
 * by page, so struct page spends no field on it.  A node exists only while
 * a page is on its way out or in, or is mapped by some processes while
 * others still hold the slot's entry; so the tables stay short.
 *
 * Swap-in sleeps on I/O; a second fault on the same slot meanwhile finds
 * the page in the cache, locked, and waits for it.  After any sleep the
 * PTE is looked at again: if it changed, the fault simply returns and the
 * access is retried.  The VMA cannot have changed: only the faulting task
 * changes its VMAs (<anvil/mm_sleep.h>).  The update after the last
 * sleep (PTE, rmap, LRU) is bracketed by mm_update_begin/end.
 */
#include <anvil/kernel.h>
#include <anvil/errno.h>
#include <anvil/mm_sleep.h>
#include <anvil/cycles.h>
#include "reclaim_internal.h"
#include <anvil/rmap.h>
#include <anvil/slab.h>
#include <anvil/string.h>
#include <anvil/vma.h>

struct swap_cache_node {
	struct swap_cache_node *next_by_slot, *next_by_page;
	swp_entry_t entry;
	struct page *page;
};

#define CACHE_BUCKETS	64u

static struct swap_cache_node *by_slot[CACHE_BUCKETS], *by_page[CACHE_BUCKETS];
static struct kmem_cache *node_cachep;
struct swapin_stats swapin_stats;

static u32 bucket(u32 key)
{
	return (key * 2654435761u) >> 26;	/* Fibonacci hashing into 64 buckets */
}

static struct swap_cache_node **slot_link(swp_entry_t entry)
{
	struct swap_cache_node **link = &by_slot[bucket(entry.val)];

	while (*link && (*link)->entry.val != entry.val)
		link = &(*link)->next_by_slot;
	return link;
}

static struct swap_cache_node **page_link(const struct page *page)
{
	struct swap_cache_node **link = &by_page[bucket(page_to_pfn(page))];

	while (*link && (*link)->page != page)
		link = &(*link)->next_by_page;
	return link;
}

struct page *swap_cache_lookup(swp_entry_t entry)
{
	struct swap_cache_node *n = *slot_link(entry);

	return n ? n->page : NULL;
}

swp_entry_t swap_cache_entry(const struct page *page)
{
	struct swap_cache_node *n = *page_link(page);

	VM_BUG_ON(!n || !(page->flags & PG_swapcache));
	return n->entry;
}

/*
 * Reclaim must be able to swap a page out when no page is free at all, so
 * nodes freed while the reserve is short go back to it, and only reclaim
 * (pageout) may take from it.  32 nodes: 512 bytes, enough for a direct
 * reclaim run of 32 pages, which frees the pages to refill it.
 */
#define NODE_RESERVE	32u

static struct swap_cache_node *reserve;	/* linked by next_by_slot */
static u32 nr_reserve;

static void node_free(struct swap_cache_node *n)
{
	if (nr_reserve < NODE_RESERVE) {
		n->next_by_slot = reserve;
		reserve = n;
		nr_reserve++;
	} else {
		kmem_cache_free(node_cachep, n);
	}
}

static struct swap_cache_node *node_alloc(bool for_reclaim)
{
	struct swap_cache_node *n = kmem_cache_alloc(node_cachep);

	if (!n && for_reclaim && reserve) {
		n = reserve;
		reserve = n->next_by_slot;
		nr_reserve--;
	}
	return n;
}

/* Boot (and each host test, after mem_init started over): empty cache, full reserve, empty LRU. */
void swap_cache_init(void)
{
	memset(by_slot, 0, sizeof(by_slot));
	memset(by_page, 0, sizeof(by_page));
	reserve = NULL;
	nr_reserve = 0;
	lru_init();
	node_cachep = kmem_cache_create("swap_cache", sizeof(struct swap_cache_node));
	if (!node_cachep)
		panic("swap: no swap cache");
	while (nr_reserve < NODE_RESERVE) {
		struct swap_cache_node *n = kmem_cache_alloc(node_cachep);

		if (!n)
			panic("swap: no swap cache reserve");
		node_free(n);
	}
}

int add_to_swap_cache(struct page *page, swp_entry_t entry, bool for_reclaim)
{
	struct swap_cache_node *n = node_alloc(for_reclaim);

	if (!n)
		return -ENOMEM;
	VM_BUG_ON(page->flags & PG_swapcache || *slot_link(entry));
	*n = (struct swap_cache_node){ NULL, NULL, entry, page };
	*slot_link(entry) = n;
	*page_link(page) = n;
	page->flags |= PG_swapcache;
	get_page(page);
	page_set_use(page, PAGE_USE_SWAP_CACHE);
	return 0;
}

void delete_from_swap_cache(struct page *page)
{
	struct swap_cache_node **pl = page_link(page), *n = *pl;
	struct swap_cache_node **sl = slot_link(n->entry);

	VM_BUG_ON(page->flags & PG_locked);
	*pl = n->next_by_page;
	*sl = n->next_by_slot;
	page->flags &= ~PG_swapcache;
	page_set_use(page, PAGE_USE_ANON);
	swap_free(n->entry);		/* the cache's slot reference */
	node_free(n);
	put_page(page);			/* and its page reference */
}

/* Every page in the cache, and only those, is counted as PAGE_USE_SWAP_CACHE. */
u32 swap_cache_pages(void)
{
	return nr_pages_by_use(PAGE_USE_SWAP_CACHE);
}

/* The slot is down to the cache's own reference: nobody needs it, drop both. */
static void drop_if_unused(swp_entry_t entry)
{
	struct page *page;

	if (swap_count(entry) != 1)
		return;
	page = swap_cache_lookup(entry);
	if (page && !(page->flags & PG_locked))
		delete_from_swap_cache(page);
}

void free_swap_and_cache(swp_entry_t entry)
{
	swap_free(entry);
	drop_if_unused(entry);
}

int swap_pte_dup(swp_entry_t entry)
{
	return swap_duplicate(entry) ? -ENOMEM : 0;
}

/*
 * Instructions of swap-in faults (do_swap_page) and the pages they mapped;
 * the sleeps on reads (and on pages locked for I/O) left out.
 */
static struct phase_cycles swap_in_cycles;

/*
 * The page of entry, in the cache and unlocked, with a reference for the
 * caller.  A page found locked is on its way out (a write) or in (a
 * read); once unlocked it may have left the cache (written and freed, or
 * its read failed), and then the lookup starts over.
 */
static int find_or_read_swap_page(swp_entry_t entry, struct page **pagep, u32 *t)
{
	struct page *page, *fresh;
	int err;

	while ((page = swap_cache_lookup(entry))) {
		get_page(page);
		phase_add(&swap_in_cycles, t);
		wait_on_page_locked(page);
		*t = cycles_now();
		if ((page->flags & PG_swapcache) && swap_cache_lookup(entry) == page) {
			swapin_stats.cache_hits++;
			*pagep = page;
			return 0;
		}
		put_page(page);
	}
	fresh = alloc_page(PAGE_USE_ANON);
	if (!fresh)
		return -ENOMEM;
	err = swap_duplicate(entry);		/* the cache's reference */
	if (!err) {
		err = add_to_swap_cache(fresh, entry, false);
		if (err)
			swap_free(entry);
	}
	if (err) {
		put_page(fresh);
		return -ENOMEM;
	}
	fresh->flags |= PG_locked;
	phase_add(&swap_in_cycles, t);
	err = swap_read_page(entry, fresh);
	*t = cycles_now();
	fresh->flags &= ~PG_locked;
	wake_up_page(fresh);
	if (err) {
		swapin_stats.read_errors++;
		delete_from_swap_cache(fresh);
		put_page(fresh);
		return -EIO;
	}
	swapin_stats.swapins++;
	*pagep = fresh;
	return 0;
}

int do_swap_page(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr,
		 pte_t pte, bool write)
{
	swp_entry_t entry = pte_to_swp_entry(pte);
	u32 prot = PTE_YOUNG, t = cycles_now();
	struct page *page;
	bool exclusive;
	int err;

	err = find_or_read_swap_page(entry, &page, &t);
	if (err)
		return err;
	mm_update_begin();	/* no sleep from here on */
	if (get_pte(&mm->pgtable, addr) != pte) {
		/*
		 * Someone was here while we slept: the access is retried.  If
		 * the PTE went (munmap, exit) and nobody else holds the slot,
		 * the page we read for it goes with the slot.
		 */
		drop_if_unused(entry);
		if ((page->flags & PG_swapcache) && !(page->flags & PG_lru))
			lru_add(page);	/* still wanted by other PTEs: reclaimable */
		put_page(page);
		mm_update_end();
		return 0;
	}
	err = anon_vma_prepare(vma);
	if (err) {
		/*
		 * The page stays in the cache for the next try (the PTE still
		 * holds the slot), on the LRU so that reclaim can take it back.
		 */
		if (!(page->flags & PG_lru))
			lru_add(page);
		put_page(page);
		mm_update_end();
		return err;
	}
	/* No other PTE holds the slot and no one maps the page: it is ours alone. */
	exclusive = swap_count(entry) == 2 && !page_mapcount(page);
	prot |= vm_pte_prot(vma->vm_flags, write && exclusive);
	/* The swap PTE's table is there: set_pte cannot fail.  Our reference becomes the PTE's. */
	BUG_ON(set_pte(&mm->pgtable, addr, mk_pte(page_to_pfn(page), prot)));
	page_add_anon_rmap(page, vma, addr, exclusive);
	if (!(page->flags & PG_lru))
		lru_add(page);
	free_swap_and_cache(entry);
	mm_update_end();
	phase_add(&swap_in_cycles, &t);
	swap_in_cycles.count++;
	return 0;
}

void swap_cache_meminfo(meminfo_emit_t emit, void *arg)
{
	emit("swap.cache_pages", swap_cache_pages(), arg);
	emit("reclaim.swapins", swapin_stats.swapins, arg);
	emit("reclaim.cache_hits", swapin_stats.cache_hits, arg);
	emit("reclaim.read_errors", swapin_stats.read_errors, arg);
	emit("cycles.swap_in", swap_in_cycles.cycles, arg);
	emit("cycles.swap_in_pages", swap_in_cycles.count, arg);
}
