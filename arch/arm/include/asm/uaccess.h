/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Accesses that may fault.  probe_read_u32 reads a word from any address;
 * a fault (unmapped, no permission) returns -EFAULT instead of oopsing,
 * through an exception-table fixup.  The user-copy routines build on this.
 */
#ifndef ASM_UACCESS_H
#define ASM_UACCESS_H

#include <anvil/types.h>

int probe_read_u32(u32 *dst, const void *addr);
int probe_write_u32(void *addr, u32 val);

#endif
