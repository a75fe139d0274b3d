// SPDX-License-Identifier: GPL-2.0-only
/* KTAP tests of the initramfs: the user programs are in it, as ARM ELF executables. */
#include <anvil/ktest.h>
#include <anvil/errno.h>
#include <anvil/initramfs.h>
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
