/*
 * KTAP tests of the command line's sizes (suite "cmdline"): what mem=
 * accepts and refuses, and that the RAM the kernel booted with obeys it.
 */
#include <anvil/ktest.h>
#include <anvil/boot.h>
#include <anvil/errno.h>
#include <anvil/mm.h>

KTEST(cmdline, sizes)
{
	u32 v = 1;

	KEXPECT_EQ(t, cmdline_parse_size("48M", &v), 0);
	KEXPECT_EQ(t, v, MiB(48));
	KEXPECT_EQ(t, cmdline_parse_size("4096K init=sh", &v), 0);
	KEXPECT_EQ(t, v, MiB(4));
	KEXPECT_EQ(t, cmdline_parse_size("1G", &v), 0);
	KEXPECT_EQ(t, v, MiB(1024));
	KEXPECT_EQ(t, cmdline_parse_size("12345", &v), 0);
	KEXPECT_EQ(t, v, 12345);
	v = 7;
	KEXPECT_EQ(t, cmdline_parse_size("", &v), -EINVAL);
	KEXPECT_EQ(t, cmdline_parse_size("M", &v), -EINVAL);
	KEXPECT_EQ(t, cmdline_parse_size("48T", &v), -EINVAL);
	KEXPECT_EQ(t, cmdline_parse_size("48Mx", &v), -EINVAL);
	KEXPECT_EQ(t, cmdline_parse_size("4G", &v), -EINVAL);
	KEXPECT_EQ(t, cmdline_parse_size("99999999999", &v), -EINVAL);
	KEXPECT_EQ(t, cmdline_parse_size(NULL, &v), -EINVAL);
	KEXPECT_EQ(t, v, 7);		/* refused: left alone */
}

KTEST(cmdline, booted_within_mem)
{
	u32 limit;
	const char *arg = cmdline_get("mem");

	if (!arg || cmdline_parse_size(arg, &limit) || limit < MiB(4)) {
		t->skip = "booted without a valid mem=";
		return;
	}
	KEXPECT(t, boot_info.ram_size <= limit);
	KEXPECT_EQ(t, cmdline_mem_limit(boot_info.ram_size), boot_info.ram_size);
}
