// SPDX-License-Identifier: GPL-2.0-only
/*
 * KTAP tests of what the OOM killer relies on: a task that has been killed
 * stops asking for memory at once (it used to reclaim
 * up to 16 more rounds, evicting other processes' pages for memory it was
 * about to give back).  Without swap reclaim_retry is always false.
 */
#include <anvil/ktest.h>
#include <anvil/reclaim.h>
#include <anvil/sched.h>

KTEST(oom, killed_task_does_not_reclaim)
{
	u32 flags = current->flags;
	bool retry;

	current->flags |= TF_KILLED;
	retry = reclaim_retry();
	current->flags = flags;
	KEXPECT(t, !retry);
}
