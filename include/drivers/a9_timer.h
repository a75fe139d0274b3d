/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DRIVERS_A9_TIMER_H
#define DRIVERS_A9_TIMER_H
#include <anvil/types.h>
/* The Cortex-A9 MPCore private timer at pa, clocked at clock_hz, as the tick. */
void a9_timer_init(phys_addr_t pa, unsigned int irq, u32 clock_hz, unsigned int hz);
#endif
