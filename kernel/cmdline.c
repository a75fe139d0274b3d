// SPDX-License-Identifier: GPL-2.0-only
/* The kernel command line: space-separated "name" and "name=value" words. */
#include <anvil/kernel.h>
#include <anvil/boot.h>
#include <anvil/string.h>

const char *cmdline_get(const char *name)
{
	size_t len = strlen(name);
	const char *p = boot_info.cmdline;

	while (*p) {
		while (*p == ' ')
			p++;
		if (!strncmp(p, name, len) && (p[len] == '=' || p[len] == ' ' || !p[len]))
			return p[len] == '=' ? p + len + 1 : p + len;
		while (*p && *p != ' ')
			p++;
	}
	return NULL;
}
