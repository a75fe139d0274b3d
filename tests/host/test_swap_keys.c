// SPDX-License-Identifier: GPL-2.0-only
/*
 * The meminfo dump shows the swap.* keys exactly when CONFIG_SWAP is set:
 * a kernel without swap reports nothing about it.
 */
#include "test.h"
#include <anvil/kernel.h>
#include <anvil/meminfo.h>

static void count_swap_keys(const char *key, unsigned long value, void *arg)
{
	(void)value;
	if (!strncmp(key, "swap.", 5))
		(*(int *)arg)++;
}

TEST(meminfo_swap_keys_only_with_swap)
{
	int n = 0;

	meminfo_dump(count_swap_keys, &n);
	/* slots_total/used/free/bad, pages_out/in, io_errors, cache_pages */
	EXPECT_EQ(n, IS_ENABLED(CONFIG_SWAP) ? 8 : 0);
}
