// SPDX-License-Identifier: GPL-2.0-only
/* KTAP tests of the command line: the kernel's words, and init's after "--". */
#include <anvil/ktest.h>
#include <anvil/boot.h>
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
