/*
 * What every page-table backend shares (<anvil/pgtable.h>): the table
 * allocator, and the CONFIG_DEBUG_VM check that a table about to be freed
 * maps nothing, and the emptiness test of pgtable_free_empty.  The table
 * formats are the backends' own.
 *
 * The allocator hands out zeroed tables of any power-of-two size from
 * PGTABLE_MIN_SIZE up, aligned to their size (the hardware wants a
 * second-level table at its 1 KiB and a first-level table at its own size).
 * A table of a page or more is a block of the page allocator.  A smaller
 * one is a fragment: a table page (PAGE_USE_PGTABLE, like every table
 * byte) is cut into PAGE_SIZE / size fragments of one size, and its
 * struct page keeps which are free (page->pgtable_frags: a free mask of up
 * to 8 bits and the size's log2).  The free fragments of every partly
 * used page of one size sit on that size's list, linked through the free
 * fragments themselves (a free table maps nothing, so its first 8 bytes
 * are ours), so allocation takes the first one in O(1); when the last
 * fragment of a page is freed, its siblings leave the list and the page
 * goes back to the page allocator.  Allocation failure (no page for a new
 * table page) returns NULL with nothing changed.
 *
 * The counters (pgtable_stats, meminfo's pgtable.*) count fragments in
 * use, pages cut into fragments, and bytes of tables in use.
 */
#include <anvil/kernel.h>
#include <anvil/list.h>
#include <anvil/mm.h>
#include <anvil/pgtable.h>
#include <anvil/string.h>

#define MIN_SHIFT	9				/* PGTABLE_MIN_SIZE */
#define NR_FRAG_SIZES	(PAGE_SHIFT - MIN_SHIFT)	/* 512, 1024, 2048 */
#define FRAG_MASK_BITS	12				/* pgtable_frags: mask below, log2 above */

BUILD_BUG_ON(PGTABLE_MIN_SIZE != 1u << MIN_SHIFT);
BUILD_BUG_ON((PAGE_SIZE >> MIN_SHIFT) > FRAG_MASK_BITS);

struct pgtable_stats pgtable_stats;

/* A free fragment's first bytes: its links on the free list of its size. */
struct free_frag {
	struct list_head list;
};

static struct list_head free_frags[NR_FRAG_SIZES];

static struct list_head *frag_list(u32 shift)
{
	return &free_frags[shift - MIN_SHIFT];
}

/* Boot, after mem_init (and each host test, after mem_init started over). */
void pgtable_cache_init(void)
{
	for (u32 i = 0; i < NR_FRAG_SIZES; i++)
		INIT_LIST_HEAD(&free_frags[i]);
	pgtable_stats = (struct pgtable_stats){ 0 };
}

static u32 size_shift(u32 size)
{
	u32 shift = MIN_SHIFT;

	BUG_ON(size < PGTABLE_MIN_SIZE || (size & (size - 1)));
	while ((1u << shift) < size)
		shift++;
	return shift;
}

static u32 frag_mask(const struct page *page)
{
	return page->pgtable_frags & ((1u << FRAG_MASK_BITS) - 1);
}

static void *alloc_frag(u32 shift)
{
	struct list_head *head = frag_list(shift);
	u32 n = PAGE_SIZE >> shift, i;
	struct free_frag *f;
	struct page *page;
	char *base;

	if (list_empty(head)) {
		base = get_free_pages(PAGE_USE_PGTABLE, 0);
		if (!base)
			return NULL;
		page = virt_to_page(base);
		page->pgtable_frags = (u16)((shift << FRAG_MASK_BITS) | ((1u << n) - 1));
		for (i = 0; i < n; i++)
			list_add_tail(&((struct free_frag *)(base + (i << shift)))->list, head);
		pgtable_stats.fragment_pages++;
	}
	f = list_first_entry(head, struct free_frag, list);
	list_del(&f->list);
	page = virt_to_page(f);
	i = ((uintptr_t)f & (PAGE_SIZE - 1)) >> shift;
	VM_BUG_ON(!(frag_mask(page) & (1u << i)) || page->pgtable_frags >> FRAG_MASK_BITS != shift);
	page->pgtable_frags &= (u16)~(1u << i);
	pgtable_stats.fragments++;
	return f;
}

static void free_frag(void *table, u32 shift)
{
	struct page *page = virt_to_page(table);
	u32 n = PAGE_SIZE >> shift, i = ((uintptr_t)table & (PAGE_SIZE - 1)) >> shift;
	char *base = (char *)((uintptr_t)table & ~(uintptr_t)(PAGE_SIZE - 1));

	BUG_ON(page->use != PAGE_USE_PGTABLE || page->pgtable_frags >> FRAG_MASK_BITS != shift);
	BUG_ON(frag_mask(page) & (1u << i));		/* freed twice */
	page->pgtable_frags |= (u16)(1u << i);
	pgtable_stats.fragments--;
	if (frag_mask(page) != (1u << n) - 1) {
		list_add(&((struct free_frag *)table)->list, frag_list(shift));
		return;
	}
	/* All free: the siblings leave the list, the page goes back. */
	for (u32 j = 0; j < n; j++)
		if (j != i)
			list_del(&((struct free_frag *)(base + (j << shift)))->list);
	page->pgtable_frags = 0;
	free_pages(base, 0);
	pgtable_stats.fragment_pages--;
}

void *pgtable_alloc(struct pgtable *pt, u32 size)
{
	u32 shift = size_shift(size);
	void *p;

	if (shift < PAGE_SHIFT)
		p = alloc_frag(shift);
	else
		p = get_free_pages(PAGE_USE_PGTABLE, shift - PAGE_SHIFT);
	if (!p)
		return NULL;
	memset(p, 0, size);	/* a new table maps nothing */
	pt->nr_bytes += size;
	pgtable_stats.bytes += size;
	return p;
}

void pgtable_free(struct pgtable *pt, void *table, u32 size)
{
	u32 shift = size_shift(size);

	if (shift < PAGE_SHIFT)
		free_frag(table, shift);
	else
		free_pages(table, shift - PAGE_SHIFT);
	pt->nr_bytes -= size;
	pgtable_stats.bytes -= size;
}

/*
 * A PTE left behind at teardown leaks its page (present) or its swap slot
 * (swap entry): whoever unmapped the range forgot it.
 */
void pgtable_check_clear(pte_t pte, u32 va)
{
	if (!IS_ENABLED(CONFIG_DEBUG_VM))
		return;
	if (pte_present(pte))
		panic("pgtable: present PTE %08x at %08x when the table is freed", pte, va);
	if (!pte_none(pte))		/* a swap entry, or garbage */
		panic("pgtable: swap PTE %08x at %08x when the table is freed", pte, va);
}

bool pgtable_ptes_none(const pte_t *ptes, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		if (!pte_none(ptes[i]))
			return false;
	return true;
}
