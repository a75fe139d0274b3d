/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The VMA layer (mm/vma.c; the calls in mm/mmap.c, mm/mprotect.c and
 * mm/mremap.c): each address space's ordered set of VMAs and the calls
 * that change it — mmap, munmap, mprotect, mremap, brk.
 *
 * Contract of every do_* call: it returns 0 or a negative errno, and it
 * is all-or-nothing (Documentation/mm/reverse-map.md, invariant 4).  It first allocates every
 * VMA it may need, then changes state; a failure (-ENOMEM) leaves the
 * VMAs, the page tables and the pages exactly as they were.  Errors:
 *   -EINVAL  misaligned address, length 0, a range that wraps or leaves
 *            user space, unknown flags
 *   -ENOMEM  out of memory; no room for a new mapping; mprotect of a
 *            range with holes (as Linux)
 *   -EFAULT  mremap of a range that is not inside one VMA (as Linux)
 * munmap of a range with nothing mapped succeeds, as POSIX says.
 *
 * User space is [PAGE_SIZE, TASK_SIZE): page 0 is never mapped, so a NULL
 * dereference always faults.  TASK_SIZE comes from the page-table backend
 * (<asm/pgtable.h>): 4 GiB >> TTBCR.N on ARM, 256 MiB by default (the
 * Kconfig choice "User address space size").
 */
#ifndef ANVIL_VMA_H
#define ANVIL_VMA_H

#include <anvil/mm_types.h>
#include <uapi/anvil/mman.h>
#include <asm/memory.h>

#define USER_BASE	PAGE_SIZE	/* lowest address a VMA may cover */

static inline unsigned long vma_pages(const struct vm_area_struct *vma)
{
	return (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
}

/* The linear page index of the page at addr (Documentation/mm/design.md); addr inside vma. */
static inline unsigned long vma_page_index(const struct vm_area_struct *vma, unsigned long addr)
{
	return ((addr - vma->vm_start) >> PAGE_SHIFT) + vma->vm_pgoff;
}

/* Boot: create the vm_area_struct slab cache (and the reverse map's). */
void vma_cache_init(void);

/* An empty address space (allocates its first-level table: -ENOMEM), and its end. */
int mm_init(struct mm_struct *mm);
void mm_destroy(struct mm_struct *mm);
/* Unmap and free every VMA and the tables left empty; the first level stays (execve, failed fork). */
void exit_mmap(struct mm_struct *mm);
/*
 * fork (mm/fork.c): copy src's address space into the empty dst: every
 * VMA, and every present page mapped read-only in both (copy-on-write).
 * All or nothing: on -ENOMEM dst is empty again and src is untouched.
 */
int dup_mm(struct mm_struct *dst, struct mm_struct *src);

/* The first VMA with vm_end > addr, or NULL: the one holding addr, or the next above. */
struct vm_area_struct *find_vma(const struct mm_struct *mm, unsigned long addr);
struct vm_area_struct *vma_first(const struct mm_struct *mm);
struct vm_area_struct *vma_last(const struct mm_struct *mm);
struct vm_area_struct *vma_next(const struct vm_area_struct *vma);
struct vm_area_struct *vma_prev(const struct vm_area_struct *vma);

#define for_each_vma(mm, vma) \
	for ((vma) = vma_first(mm); (vma); (vma) = vma_next(vma))

/*
 * A free range of len bytes: at hint (rounded up to a page) if it is free,
 * else the highest free range below mm->mmap_base.  0 or -ENOMEM.
 */
int get_unmapped_area(const struct mm_struct *mm, unsigned long hint,
		      unsigned long len, unsigned long *addr);

/* Anonymous private memory only: flags = MAP_PRIVATE | MAP_ANONYMOUS [| MAP_FIXED]. */
int do_mmap(struct mm_struct *mm, unsigned long addr, unsigned long len,
	    unsigned long prot, unsigned long flags, unsigned long *mapped);
int do_munmap(struct mm_struct *mm, unsigned long start, unsigned long len);
int do_mprotect(struct mm_struct *mm, unsigned long start, unsigned long len,
		unsigned long prot);
/* flags: 0 or MREMAP_MAYMOVE.  *new_addr gets where the mapping now is. */
int do_mremap(struct mm_struct *mm, unsigned long addr, unsigned long old_len,
	      unsigned long new_len, unsigned long flags, unsigned long *new_addr);
/*
 * Move the heap end to brk: pages [PAGE_ALIGN(start_brk), PAGE_ALIGN(brk))
 * are mapped read-write.  -EINVAL below start_brk, -ENOMEM when the heap
 * would run into another mapping or out of user space; mm->brk changes
 * only on success.
 */
int do_brk(struct mm_struct *mm, unsigned long brk);

/* For fork: a copy of vma (not linked anywhere), and linking it into mm. */
struct vm_area_struct *vm_area_dup(const struct vm_area_struct *vma);
void vm_area_free(struct vm_area_struct *vma);
void vma_link(struct mm_struct *mm, struct vm_area_struct *vma);

/* Checker: sorted, non-overlapping, in user space, merged, counts right.  0 or -EINVAL. */
int vma_check(const struct mm_struct *mm);

/*
 * The page-table side of VMA changes (mm/memory.c).  The VMA layer calls
 * them only once it can no longer fail, except vma_move_pages, which is
 * the last step that may fail and then undoes itself.
 */
/* Drop every page mapped in [start, end), and the tables left empty. */
void vma_unmap_pages(struct mm_struct *mm, unsigned long start, unsigned long end);
/*
 * The same, but the tables stay, empty or not: for teardown, where
 * pgtable_destroy frees them all next (looking for empty ones per VMA
 * cost more than all the rest of exit).
 */
void vma_unmap_pages_keep_tables(struct mm_struct *mm, unsigned long start, unsigned long end);
/* Make the pages of [start, end) follow vm_flags' access bits. */
void vma_change_protection(struct mm_struct *mm, unsigned long start, unsigned long end,
			   unsigned long vm_flags);
/* Move the PTEs of [old, old + len) to [new, ...), which maps nothing.  0 or -ENOMEM. */
int vma_move_pages(struct mm_struct *mm, unsigned long old, unsigned long new,
		   unsigned long len);
/*
 * Map the npages image pages at kaddr (<anvil/mm.h>, page_is_image) read-only
 * at addr, inside one VMA of mm where nothing is mapped yet (mm/image.c).
 * 0, -EINVAL (not image pages, not inside one VMA), -EBUSY (a PTE is
 * there) or -ENOMEM (a page table); on failure nothing is left mapped.
 */
int vma_map_image_pages(struct mm_struct *mm, unsigned long addr, const void *kaddr,
			u32 npages);

#endif
