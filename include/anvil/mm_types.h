/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The address-space structures: struct vm_area_struct (one mapped range)
 * and struct mm_struct (one process's address space).  Only the types
 * live here; what may be done with them is <anvil/vma.h>.
 *
 * Both scale with processes or VMAs, so each states its size on 32-bit ARM
 * and mm/vma.c pins it with SIZE_ASSERT for every config.
 */
#ifndef ANVIL_MM_TYPES_H
#define ANVIL_MM_TYPES_H

#include <anvil/kernel.h>
#include <anvil/list.h>
#include <anvil/rbtree.h>
#include <anvil/pgtable.h>

/* vm_flags.  The access bits equal PROT_READ/WRITE/EXEC on purpose. */
#define VM_READ		0x1u
#define VM_WRITE	0x2u
#define VM_EXEC		0x4u
#define VM_ACCESS_FLAGS	(VM_READ | VM_WRITE | VM_EXEC)

/*
 * The PTE permissions a page of a VMA with vm_flags gets: the one place
 * VMA flags become PTE protection (the fault handler, swap-in and
 * mprotect all ask here).  writable: this PTE may be writable, which only
 * a write fault decides (after copy-on-write when the page is shared) or
 * mprotect keeps from the old PTE; VM_WRITE must allow it too.  Write
 * implies read, as in Linux's protection map on ARM: a page table has no
 * write-only permission (ARMv7's short descriptors have none), and a
 * write-only PTE would be unreachable for the reads every write-only
 * mapping still takes (the kernel's copy_from_user, a user load), which
 * would then fault forever.
 */
static inline u32 vm_pte_prot(unsigned long vm_flags, bool writable)
{
	return (vm_flags & (VM_READ | VM_WRITE) ? PTE_READ : 0) |
	       (vm_flags & VM_EXEC ? PTE_EXEC : 0) |
	       (writable && (vm_flags & VM_WRITE) ? PTE_WRITE : 0);
}

struct mm_struct;
struct anon_vma;
struct anon_vma_chain;

/*
 * One anonymous, private, page-aligned range [vm_start, vm_end) of user
 * space.  Size on 32-bit ARM: 32 bytes, 40 with CONFIG_SWAP.
 *
 * vm_pgoff is the linear page index of vm_start's page (see
 * Documentation/mm/reverse-map.md): vm_start >> PAGE_SHIFT when mmap creates the VMA, and from
 * then on it follows the pages, not the address.  A page at addr has index
 * (addr - vm_start) / PAGE_SIZE + vm_pgoff.
 *
 * There are no list links: neighbours come from the tree (vma_next and
 * vma_prev walk it, O(1) amortised), which keeps the struct at 32 bytes.
 */
struct vm_area_struct {
	unsigned long vm_start;		/* first byte */
	unsigned long vm_end;		/* first byte after */
	unsigned long vm_pgoff;		/* page index of vm_start, see above */
	unsigned long vm_flags;		/* VM_READ | VM_WRITE | VM_EXEC */
	struct mm_struct *vm_mm;	/* the address space it belongs to */
	struct rb_node vm_rb;		/* in vm_mm->mm_rb, ordered by vm_start */
#if IS_ENABLED(CONFIG_SWAP)
	/* The reverse map's (<anvil/rmap.h>); the VMA layer only carries them. */
	struct anon_vma *anon_vma;	/* where new anonymous pages go; NULL until first fault */
	struct anon_vma *anon_chain;	/* its chain: this, its parent, ... the root */
#endif
};

/*
 * One address space.  Size on 32-bit ARM: 40 bytes, with or without swap
 * (struct pgtable is 16 and 8-byte aligned).
 */
struct mm_struct {
	struct rb_root mm_rb;		/* the VMAs, sorted, none overlapping */
	u32 map_count;			/* VMAs in mm_rb */
	u32 total_vm;			/* pages the VMAs cover */
	unsigned long mmap_base;	/* get_unmapped_area searches down from here */
	unsigned long start_brk;	/* heap start (page aligned), set by the loader */
	unsigned long brk;		/* heap end as the program asked; mapped up to PAGE_ALIGN(brk) */
	struct pgtable pgtable;		/* the translation tables (<anvil/pgtable.h>) */
};

#endif
