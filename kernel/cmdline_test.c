// SPDX-License-Identifier: GPL-2.0-only
/*
 * KTAP tests of the command line (suite "cmdline"): the kernel's words and
 * init's after "--"; the sizes mem= accepts and refuses, and that the RAM
 * the kernel booted with obeys it.
 */
#include <anvil/ktest.h>
#include <anvil/boot.h>
#include <anvil/errno.h>
#include <anvil/mm.h>
#include <anvil/string.h>

KTEST(cmdline, finds_words_and_values)
{
	const char *line = "meminfo swap=off ktest=vsprintf,fdt";

	/* A word alone: a pointer just past it, at the space or the end. */
	KEXPECT(t, cmdline_find(line, "meminfo") == line + 7);
	KEXPECT(t, !strncmp(cmdline_find(line, "swap"), "off ", 4));
	KEXPECT_STREQ(t, cmdline_find(line, "ktest"), "vsprintf,fdt");
	KEXPECT(t, cmdline_find(line, "mem") == NULL);
	KEXPECT(t, cmdline_find("", "ktest") == NULL);
}

KTEST(cmdline, words_after_separator_are_inits)
{
	const char *line = "meminfo init=sh -- -c poweroff ktest";

	KEXPECT(t, cmdline_find(line, "meminfo") == line + 7);
	KEXPECT(t, !strncmp(cmdline_find(line, "init"), "sh ", 3));
	KEXPECT(t, cmdline_find(line, "poweroff") == NULL);
	KEXPECT(t, cmdline_find(line, "ktest") == NULL);
	KEXPECT(t, cmdline_find(line, "-c") == NULL);
	KEXPECT_STREQ(t, cmdline_init_args(line), "-c poweroff ktest");
}

KTEST(cmdline, separator_is_a_whole_word)
{
	KEXPECT(t, cmdline_init_args("init=tree") == NULL);
	KEXPECT_STREQ(t, cmdline_init_args("init=tree --"), "");
	KEXPECT_STREQ(t, cmdline_init_args("-- 1 1"), "1 1");
	KEXPECT(t, cmdline_init_args("init=tree --x 1") == NULL);
	KEXPECT_STREQ(t, cmdline_find("a --x b", "b"), "");
	KEXPECT(t, cmdline_find("a -- b", "b") == NULL);
}

KTEST(cmdline, sizes)
{
	u32 v = 1;

	KEXPECT_EQ(t, cmdline_parse_size("48M", &v), 0);
	KEXPECT_EQ(t, v, MiB(48));
	KEXPECT_EQ(t, cmdline_parse_size("4096K init=sh", &v), 0);
	KEXPECT_EQ(t, v, MiB(4));
	KEXPECT_EQ(t, cmdline_parse_size("4096k", &v), 0);
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
