/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The small helpers every kernel file wants: types, printk, panic,
 * compile-time checks and arithmetic on sizes.  Nothing here knows a board
 * or an architecture.
 */
#ifndef ANVIL_KERNEL_H
#define ANVIL_KERNEL_H

#include <anvil/types.h>
#include <anvil/compiler.h>
#include <anvil/printk.h>

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define container_of(p, type, member) \
	((type *)((char *)(p) - offsetof(type, member)))

#define ALIGN(x, a)		(((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a)	((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a)	(((x) & ((__typeof__(x))(a) - 1)) == 0)
#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))

#define min(a, b)	((a) < (b) ? (a) : (b))
#define max(a, b)	((a) > (b) ? (a) : (b))

#define KiB(x)		((x) * 1024u)
#define MiB(x)		((x) * 1024u * 1024u)

/* A struct that scales with RAM or processes pins its size with this. */
#define BUILD_BUG_ON(cond)	_Static_assert(!(cond), #cond)
#define SIZE_ASSERT(type, bytes) \
	_Static_assert(sizeof(type) == (bytes), "sizeof(" #type ") != " #bytes)

/* Stop the machine with one clear line.  Never returns. */
#define PANIC_EXIT_STATUS	70	/* QEMU's exit status after a panic */
void panic(const char *fmt, ...) __printf(1, 2) __noreturn;

#define BUG_ON(cond) do {						\
	if (unlikely(cond))						\
		panic("BUG at %s:%d: %s", __FILE__, __LINE__, #cond);	\
} while (0)

#endif
