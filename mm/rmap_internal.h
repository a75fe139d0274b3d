/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What mm/rmap.c shares with its checker (mm/rmap_check.c) and no one
 * else: the avc interval tree's keys and its stabbing walk.
 */
#ifndef MM_RMAP_INTERNAL_H
#define MM_RMAP_INTERNAL_H

#include <anvil/rmap.h>
#include <anvil/slab.h>
#include <anvil/vma.h>

static inline struct anon_vma_chain *rb_avc(const struct rb_node *n)
{
	return rb_entry(n, struct anon_vma_chain, rb);
}

/* An avc's key: its VMA's page-index range [start, last]. */
static inline unsigned long avc_start(const struct anon_vma_chain *avc)
{
	return avc->vma->vm_pgoff;
}

static inline unsigned long avc_last(const struct anon_vma_chain *avc)
{
	return avc->vma->vm_pgoff + vma_pages(avc->vma) - 1;
}

/* The two slab caches, whose in-use counts the checker compares with what it reached. */
extern struct kmem_cache *anon_vma_cachep, *avc_cachep;

typedef bool (*avc_fn)(struct anon_vma_chain *avc, void *arg);

/* fn on each avc under n whose range holds pgoff, in key order; false if fn stopped it. */
bool avc_stab(struct rb_node *n, unsigned long pgoff, avc_fn fn, void *arg);

/* The PTE at addr of vma's mm, when it maps page. */
static inline bool maps_page(struct vm_area_struct *vma, unsigned long addr,
			     const struct page *page, pte_t *pte)
{
	*pte = get_pte(&vma->vm_mm->pgtable, addr);
	return pte_present(*pte) && pte_pfn(*pte) == page_to_pfn(page);
}

#endif
