// SPDX-License-Identifier: GPL-2.0-only
/*
 * KTAP tests of the initramfs: the user programs are in it, as ARM ELF
 * executables, each file's data on a page, every page of it an image page.
 */
#include <anvil/ktest.h>
#include <anvil/errno.h>
#include <anvil/initramfs.h>
#include <anvil/mm.h>
#include <anvil/string.h>
#include <asm/elf.h>

static int count(const struct initramfs_file *f, void *arg)
{
	(*(int *)arg)++;
	return 0;
}

KTEST(initramfs, lists_programs)
{
	int n = 0;

	KEXPECT_EQ(t, initramfs_for_each(count, &n), 0);
	KEXPECT(t, n >= 1);
}

KTEST(initramfs, finds_hello_as_elf)
{
	struct initramfs_file f;
	const u8 *e;

	KEXPECT_EQ(t, initramfs_find("hello", &f), 0);
	e = f.data;
	KEXPECT(t, f.size > 52);
	KEXPECT(t, !memcmp(e, "\177ELF", 4));
	KEXPECT_EQ(t, e[4], ELF_CLASS);
	KEXPECT_EQ(t, e[18], ELF_MACHINE);	/* e_machine, little-endian: its low byte */
}

KTEST(initramfs, missing_file)
{
	struct initramfs_file f;

	KEXPECT_EQ(t, initramfs_find("no-such-program", &f), -ENOENT);
	KEXPECT_EQ(t, initramfs_find("hell", &f), -ENOENT);
}

static int check_aligned(const struct initramfs_file *f, void *arg)
{
	int *bad = arg;

	/* mkinitramfs.py: data on a page; the name's NUL padding is not part of it. */
	if ((f->size && !IS_ALIGNED((uintptr_t)f->data, PAGE_SIZE)) || strnlen(f->name, f->name_len) != f->name_len)
		(*bad)++;
	return 0;
}

KTEST(initramfs, file_data_on_pages)
{
	int bad = 0;

	KEXPECT_EQ(t, initramfs_for_each(check_aligned, &bad), 0);
	KEXPECT_EQ(t, bad, 0);
	KEXPECT(t, IS_ALIGNED((uintptr_t)__initramfs_start, PAGE_SIZE));
}

/* Every page of the archive may be mapped as text (mm/image.c); none around it. */
KTEST(initramfs, pages_are_image_pages)
{
	u32 pages = (u32)(__initramfs_pages_end - __initramfs_start) / PAGE_SIZE;
	u32 first = PFN_DOWN(__pa(__initramfs_start)), end = first + pages;

	KEXPECT_EQ(t, nr_image_pages(), pages);
	KEXPECT(t, image_range_ok(__initramfs_start, pages));
	KEXPECT(t, !image_range_ok(__initramfs_start, pages + 1));
	KEXPECT(t, page_is_image(pfn_to_page(first)) && page_is_image(pfn_to_page(end - 1)));
	KEXPECT(t, !page_is_image(pfn_to_page(first - 1)) && !page_is_image(pfn_to_page(end)));
}
