// SPDX-License-Identifier: GPL-2.0-only
/*
 * The Versatile Express motherboard's system registers, shared by the
 * vexpress boards (CONFIG_VEXPRESS_SYS): a write to SYS_CFGCTRL that asks
 * the board controller to shut down.  Each board passes the register's
 * address in its own memory map (legacy for the A9 tile, RS1 for the A15).
 */
#include <anvil/kernel.h>
#include <asm/board.h>
#include <asm/io.h>

#define SYS_CFG_START		(1u << 31)
#define SYS_CFG_WRITE		(1u << 30)
#define SYS_CFG_SHUTDOWN	(8u << 20)

void vexpress_sys_power_off(phys_addr_t cfgctrl_pa)
{
	void *cfgctrl = ioremap(cfgctrl_pa, 4);

	if (cfgctrl)
		writel(SYS_CFG_START | SYS_CFG_WRITE | SYS_CFG_SHUTDOWN, cfgctrl);
}
