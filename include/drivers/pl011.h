/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DRIVERS_PL011_H
#define DRIVERS_PL011_H
#include <anvil/types.h>
/* Map the PL011 at pa and make it the console. */
void pl011_init(phys_addr_t pa);
#endif
