// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel command line: space-separated "name" and "name=value" words,
 * then, after a word "--", the init program's arguments.  As in Linux, the
 * kernel never reads a word after "--" as its own: `make run INIT='sh -c
 * poweroff'` hands "poweroff" to the shell, it does not power off.
 */
#include <anvil/kernel.h>
#include <anvil/boot.h>
#include <anvil/errno.h>
#include <anvil/string.h>

/* The least RAM mem= may leave: what the kernel boots on. */
#define MEM_LIMIT_MIN	MiB(4)

static bool is_separator(const char *p)
{
	return p[0] == '-' && p[1] == '-' && (p[2] == ' ' || !p[2]);
}

const char *cmdline_find(const char *cmdline, const char *name)
{
	size_t len = strlen(name);
	const char *p = cmdline;

	while (*p) {
		while (*p == ' ')
			p++;
		if (is_separator(p))
			return NULL;
		if (!strncmp(p, name, len) && (p[len] == '=' || p[len] == ' ' || !p[len]))
			return p[len] == '=' ? p + len + 1 : p + len;
		while (*p && *p != ' ')
			p++;
	}
	return NULL;
}

const char *cmdline_init_args(const char *cmdline)
{
	const char *p = cmdline;

	while (*p) {
		while (*p == ' ')
			p++;
		if (is_separator(p))
			return p[2] ? p + 3 : p + 2;
		while (*p && *p != ' ')
			p++;
	}
	return NULL;
}

const char *cmdline_get(const char *name)
{
	return cmdline_find(boot_info.cmdline, name);
}

u32 cmdline_mem_limit(u32 ram_size)
{
	const char *arg = cmdline_get("mem");
	u32 limit;

	if (!arg)
		return ram_size;
	if (cmdline_parse_size(arg, &limit)) {
		pr_warn("mem=: not a size like 48M: ignored\n");
		return ram_size;
	}
	if (limit < MEM_LIMIT_MIN) {
		pr_warn("mem=%u KiB: the kernel needs at least %u MiB: ignored\n", limit >> 10,
			MEM_LIMIT_MIN >> 20);
		return ram_size;
	}
	return min(limit, ram_size);
}
