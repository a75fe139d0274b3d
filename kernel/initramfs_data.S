/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The initramfs archive, built from user/ by the Makefile, as read-only
 * data.  It starts on a page and its last page is padded with zeros, so
 * that user space may map its pages (program text, mm/image.c) and see
 * nothing of the kernel's other data.
 */
	.section .rodata, "a"
	.balign 4096
	.global __initramfs_start, __initramfs_end, __initramfs_pages_end
__initramfs_start:
	.incbin INITRAMFS_PATH
__initramfs_end:
	.balign 4096
__initramfs_pages_end:
