/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the VMA layer shares inside mm/ and with no one else (Linux keeps
 * the same in its mm/vma.h): the rule for when two VMAs continue each
 * other, and the reverse-map links a VMA starts with.  The API for the
 * rest of the kernel is <anvil/vma.h>.
 */
#ifndef MM_VMA_H
#define MM_VMA_H

#include <anvil/vma.h>

/*
 * lo ends where hi starts and the page indices run on without a gap: the
 * one adjacency rule, used by merging (with equal flags and compatible
 * anon_vmas) and by mm/rmap.c when a fresh VMA looks for a neighbour's
 * anon_vma to share (any flags, as Linux's anon_vma_compatible).
 */
static inline bool vma_adjacent(const struct vm_area_struct *lo, const struct vm_area_struct *hi)
{
	return lo->vm_end == hi->vm_start && lo->vm_pgoff + vma_pages(lo) == hi->vm_pgoff;
}

/* A VMA not yet linked anywhere: no avcs of its own (mm/rmap.c's field, CONFIG_SWAP only). */
#if IS_ENABLED(CONFIG_SWAP)
static inline void vma_clear_anon_chain(struct vm_area_struct *vma)
{
	vma->anon_vma_chain = NULL;
}
#else
static inline void vma_clear_anon_chain(struct vm_area_struct *vma) { (void)vma; }
#endif

#endif
