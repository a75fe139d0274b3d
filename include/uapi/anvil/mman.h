/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mmap, mprotect and mremap constants, shared by the kernel and user space
 * (newlib has no <sys/mman.h> for bare-metal ARM).  Linux's values, so
 * programs written against Linux read the same.
 */
#ifndef UAPI_ANVIL_MMAN_H
#define UAPI_ANVIL_MMAN_H

#define PROT_NONE	0x0
#define PROT_READ	0x1
#define PROT_WRITE	0x2
#define PROT_EXEC	0x4

#define MAP_SHARED	0x01	/* not supported: only private anonymous memory */
#define MAP_PRIVATE	0x02
#define MAP_FIXED	0x10	/* exactly at addr, replacing what was there */
#define MAP_ANONYMOUS	0x20
#define MAP_ANON	MAP_ANONYMOUS

#define MAP_FAILED	((void *)-1)

#define MREMAP_MAYMOVE	0x1	/* may move when it cannot grow in place */
#define MREMAP_FIXED	0x2	/* not supported */

#endif
