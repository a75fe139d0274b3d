/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What an ELF executable for this architecture says in its header, for the
 * loader (kernel/exec.c): 32-bit, little-endian, ARM.
 */
#ifndef ASM_ELF_H
#define ASM_ELF_H

#define ELF_CLASS	1	/* ELFCLASS32 */
#define ELF_DATA	1	/* ELFDATA2LSB */
#define ELF_MACHINE	40	/* EM_ARM */

#endif
