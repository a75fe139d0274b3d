// SPDX-License-Identifier: GPL-2.0-only
/* String copies from user space, on top of the architecture's __copy_user. */
#include <anvil/kernel.h>
#include <anvil/uaccess.h>

long strncpy_from_user(char *dst, const char *usrc, size_t size)
{
	for (size_t i = 0; i < size; i++) {
		if (!access_ok((unsigned long)usrc + i, 1) || __copy_user(dst + i, usrc + i, 1))
			return -EFAULT;
		if (!dst[i])
			return i;
	}
	return -E2BIG;
}
