/* SPDX-License-Identifier: GPL-2.0-only */
/* The kernel's translation table: see arch/arm/mm/mmu.c. */
#ifndef ASM_MMU_H
#define ASM_MMU_H

#include <anvil/types.h>

extern u32 swapper_pg_dir[];

/* Map all RAM linearly and drop the boot identity map; returns bytes mapped. */
u32 paging_init(phys_addr_t ram_base, u32 ram_size);

#endif
