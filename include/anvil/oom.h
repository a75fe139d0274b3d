/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The out-of-memory killer (kernel/oom.c): the policy for a user page
 * fault that finds no memory.
 */
#ifndef ANVIL_OOM_H
#define ANVIL_OOM_H

#include <anvil/types.h>

struct mm_struct;

/*
 * Current found no memory for a user page.  Kill the process whose death
 * frees the most: user pages resident and in swap, page tables, kernel
 * stack (never init while another one is left), with
 * one console line.  true: another process died and gave its memory back,
 * retry the access.  false: current is the one killed (TF_KILLED set):
 * it must not retry, and exits at its next return to user mode.
 */
bool out_of_memory(void);

/* Present user PTEs of mm. */
u32 mm_resident_pages(struct mm_struct *mm);
/* Swap entries in mm's PTEs (0 without CONFIG_SWAP).  The killer ranks by both, plus kernel memory. */
u32 mm_swap_ptes(struct mm_struct *mm);

/* Processes killed by it since boot. */
extern u32 oom_kills;

#endif
