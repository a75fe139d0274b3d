// SPDX-License-Identifier: GPL-2.0-only
/* KTAP tests of the tick: it runs, and at about CONFIG_HZ. */
#include <anvil/ktest.h>
#include <anvil/time.h>

KTEST(time, tick_advances)
{
	u64 start = jiffies;

	wait_until(start + 3);
	KEXPECT(t, jiffies >= start + 3);
}
