/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * User accesses for the host tests of mm/ (tests/host/user_mem.c), as the
 * CPU would make them: fault until the PTE allows the access and has its
 * accessed bit (and for a write, write permission), then load or store the page's
 * first word.  Owns nothing of mm/'s; it only calls handle_mm_fault.
 */
#ifndef HOST_USER_MEM_H
#define HOST_USER_MEM_H

#include <anvil/mm.h>
#include <anvil/vma.h>

/* The page a present PTE at addr maps, or NULL. */
struct page *user_page(struct mm_struct *mm, unsigned long addr);
/* Store word at addr: 0, or the fault's errno (nothing stored). */
int user_write(struct mm_struct *mm, unsigned long addr, u32 word);
/* Load the word at addr into *word: 0, or the fault's errno. */
int user_read(struct mm_struct *mm, unsigned long addr, u32 *word);

#endif
