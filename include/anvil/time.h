/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The periodic tick.  A timer driver calls tick() CONFIG_HZ times a second;
 * jiffies counts them.
 */
#ifndef ANVIL_TIME_H
#define ANVIL_TIME_H

#include <anvil/types.h>

extern volatile u64 jiffies;

void tick(void);
/* Sleep (wfi) until jiffies reaches target. */
void wait_until(u64 target);

#endif
