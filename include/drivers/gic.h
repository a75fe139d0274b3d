/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DRIVERS_GIC_H
#define DRIVERS_GIC_H
#include <anvil/types.h>
/* Map a GICv2 (distributor, CPU interface) and make it the irqchip. */
void gic_init(phys_addr_t dist, phys_addr_t cpu);
#endif
