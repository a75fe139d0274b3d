/* SPDX-License-Identifier: GPL-2.0-only */
/* The initramfs linked into the kernel image: a cpio "newc" archive of the user programs. */
#ifndef ANVIL_INITRAMFS_H
#define ANVIL_INITRAMFS_H

#include <anvil/types.h>

/*
 * The archive in the kernel image (kernel/initramfs_data.S): page aligned,
 * its last page padded to __initramfs_pages_end, so its pages may be mapped
 * into user space (mm/image.c).  mkinitramfs.py puts every file's data on a
 * page boundary of it.
 */
extern const char __initramfs_start[], __initramfs_end[], __initramfs_pages_end[];

struct initramfs_file {
	const char *name;	/* not NUL-terminated: name_len bytes */
	u32 name_len;
	const void *data;
	u32 size;
};

/* The file called name; 0, or -ENOENT. */
int initramfs_find(const char *name, struct initramfs_file *f);
/* Call fn for every file, in archive order; stops early when fn returns non-zero. */
int initramfs_for_each(int (*fn)(const struct initramfs_file *f, void *arg), void *arg);

#endif
