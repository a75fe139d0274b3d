/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reaching user memory from the kernel.  Every user pointer a system call
 * gets goes through these: the range must lie inside user space without
 * wrapping, and a fault that no VMA resolves gives -EFAULT instead of a
 * kernel oops (exception-table fixups in arch/arm/kernel/uaccess.S).
 */
#ifndef ANVIL_UACCESS_H
#define ANVIL_UACCESS_H

#include <anvil/kernel.h>
#include <anvil/errno.h>
#include <anvil/pgtable.h>

/* Bytes not copied; the architecture's fault-tolerant copy. */
size_t __copy_user(void *dst, const void *src, size_t n);

static inline bool access_ok(unsigned long addr, size_t n)
{
	return addr < TASK_SIZE && n <= TASK_SIZE - addr;
}

static inline int copy_from_user(void *dst, const void *usrc, size_t n)
{
	if (!access_ok((unsigned long)usrc, n))
		return -EFAULT;
	return __copy_user(dst, usrc, n) ? -EFAULT : 0;
}

static inline int copy_to_user(void *udst, const void *src, size_t n)
{
	if (!access_ok((unsigned long)udst, n))
		return -EFAULT;
	return __copy_user(udst, src, n) ? -EFAULT : 0;
}

/*
 * Copy a NUL-terminated string of at most size - 1 characters; its length,
 * -EFAULT, or -E2BIG when it does not fit.
 */
long strncpy_from_user(char *dst, const char *usrc, size_t size);

#endif
