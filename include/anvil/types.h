/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fixed-width types for the kernel.  The kernel is built freestanding, but
 * <stdint.h>, <stddef.h> and <stdbool.h> come with the compiler itself and
 * are the same on the host, so mm/ and kernel/ compile unchanged there.
 */
#ifndef ANVIL_TYPES_H
#define ANVIL_TYPES_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

/* As in Linux: u32 is unsigned int on every target, so "%x" fits it. */
typedef unsigned char		u8;
typedef unsigned short		u16;
typedef unsigned int		u32;
typedef unsigned long long	u64;
typedef signed char		s8;
typedef short			s16;
typedef int			s32;
typedef long long		s64;

/* A physical address.  32 bits: Anvil uses no LPAE. */
typedef u32 phys_addr_t;

#endif
