/* SPDX-License-Identifier: GPL-2.0-only */
/* The initramfs archive, built from user/ by the Makefile, as read-only data. */
	.section .rodata, "a"
	.balign 4
	.global __initramfs_start, __initramfs_end
__initramfs_start:
	.incbin INITRAMFS_PATH
__initramfs_end:
