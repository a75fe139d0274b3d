/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ARMv7 short-descriptor translation table formats (ARM ARM B3.5).
 * Only what Anvil uses: 1 MiB sections and 4 KiB small pages.
 */
#ifndef ASM_PGTABLE_HWDEF_H
#define ASM_PGTABLE_HWDEF_H

#define SECTION_SHIFT		20
#define SECTION_SIZE		(1 << SECTION_SHIFT)
#define SECTION_MASK		(~(SECTION_SIZE - 1))
#define L1_ENTRIES		4096
#define L1_TABLE_SIZE		(L1_ENTRIES * 4)	/* 16 KiB, 16 KiB aligned */

/* First-level descriptors */
#define L1_TYPE_FAULT		0x0
#define L1_TYPE_TABLE		0x1
#define L1_TYPE_SECTION		0x2
#define L1_SECT_B		(1 << 2)
#define L1_SECT_C		(1 << 3)
#define L1_SECT_XN		(1 << 4)
#define L1_SECT_AP0		(1 << 10)	/* AP[1:0] = 01: privileged RW, no user access */
#define L1_SECT_TEX1		(1 << 12)	/* TEX = 001 */
#define L1_SECT_AP2		(1 << 15)
#define L1_SECT_S		(1 << 16)
#define L1_SECT_NG		(1 << 17)

/* Normal memory, write-back write-allocate (TEX=001 C=1 B=1), kernel RW. */
#define L1_SECT_KERNEL_MEM	(L1_TYPE_SECTION | L1_SECT_B | L1_SECT_C | L1_SECT_AP0 | L1_SECT_TEX1)
/* Shareable device (TEX=000 C=0 B=1), kernel RW, never executable. */
#define L1_SECT_KERNEL_DEV	(L1_TYPE_SECTION | L1_SECT_B | L1_SECT_XN | L1_SECT_AP0)

/* TTBR walk attributes: inner and outer write-back write-allocate, shareable. */
#define TTBR_FLAGS		0x6A

#define DACR_CLIENT_ALL		0x55555555

#endif
