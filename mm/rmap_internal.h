/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What mm/rmap.c shares with its interval tree (mm/rmap_tree.c) and its
 * checker (mm/rmap_check.c) and no one else: the avc interval tree's keys,
 * its updates and its walks.
 */
#ifndef MM_RMAP_INTERNAL_H
#define MM_RMAP_INTERNAL_H

#include <anvil/rmap.h>
#include <anvil/slab.h>
#include <anvil/vma.h>

/* An avc's key: its VMA's page-index range [start, last]. */
static inline unsigned long avc_start(const struct anon_vma_chain *avc)
{
	return avc->vma->vm_pgoff;
}

static inline unsigned long avc_last(const struct anon_vma_chain *avc)
{
	return avc->vma->vm_pgoff + vma_pages(avc->vma) - 1;
}

/*
 * The avc tree's order and heap rule (mm/rmap_tree.c), here for its
 * checker too.  A node's heap priority is a multiplicative hash of its
 * address (Knuth's golden ratio): a treap whose shape is that of a random
 * insertion order, with no field for it.  Keys are (vm_pgoff, the VMA's address).
 */
static inline u32 avc_prio(const struct anon_vma_chain *avc)
{
	return (u32)((uintptr_t)avc >> 2) * 0x9e3779b1u;
}

/* Does vma's key come before avc n's in a tree? */
static inline bool avc_key_before(const struct vm_area_struct *vma, const struct anon_vma_chain *n)
{
	unsigned long sa = vma->vm_pgoff, sb = avc_start(n);

	return sa < sb || (sa == sb && (uintptr_t)vma < (uintptr_t)n->vma);
}

/* The two slab caches, whose in-use counts the checker compares with what it reached. */
extern struct kmem_cache *anon_vma_cachep, *avc_cachep;

typedef bool (*avc_fn)(struct anon_vma_chain *avc, void *arg);

/*
 * mm/rmap_tree.c: put avc into av's tree under its VMA's key (its own bit
 * set from avc->vma->anon_vma); take vma's avc out of it, or find it.
 */
void avc_tree_insert(struct anon_vma *av, struct anon_vma_chain *avc);
struct anon_vma_chain *avc_tree_remove(struct anon_vma *av, const struct vm_area_struct *vma);
struct anon_vma_chain *avc_tree_find(const struct anon_vma *av, const struct vm_area_struct *vma);
/* fn on each avc under n whose range holds pgoff, in key order; false if fn stopped it. */
bool avc_stab(const struct anon_vma_chain *n, unsigned long pgoff, avc_fn fn, void *arg);


/* The PTE at addr of vma's mm, when it maps page. */
static inline bool maps_page(struct vm_area_struct *vma, unsigned long addr,
			     const struct page *page, pte_t *pte)
{
	*pte = get_pte(&vma->vm_mm->pgtable, addr);
	return pte_present(*pte) && pte_pfn(*pte) == page_to_pfn(page);
}

#endif
