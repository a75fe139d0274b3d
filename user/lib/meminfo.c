// SPDX-License-Identifier: GPL-2.0-only
/* Reading one counter out of the kernel's "key value" accounting dump. */
#include <stdlib.h>
#include <string.h>
#include "anvil.h"

long anvil_meminfo_get(const char *key)
{
	static char buf[8192];
	size_t klen = strlen(key);
	int n = anvil_meminfo(buf, sizeof(buf) - 1);

	if (n < 0)
		return -1;
	buf[n] = '\0';
	for (char *line = buf; *line; ) {
		char *end = strchr(line, '\n');

		if (!strncmp(line, key, klen) && line[klen] == ' ')
			return strtol(line + klen + 1, NULL, 10);
		if (!end)
			break;
		line = end + 1;
	}
	return -1;
}
