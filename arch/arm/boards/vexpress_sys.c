// SPDX-License-Identifier: GPL-2.0-only
/*
 * The Versatile Express motherboard, shared by the vexpress boards
 * (CONFIG_VEXPRESS_SYS): a write to SYS_CFGCTRL that asks the board
 * controller to shut down, and QEMU's four virtio-mmio slots (0x200 apart,
 * SPIs 40..43).  Each board passes the addresses in its own memory map
 * (legacy for the A9 tile, RS1 for the A15).
 */
#include <anvil/kernel.h>
#include <asm/board.h>
#include <asm/io.h>
#include <anvil/virtio.h>

#define SYS_CFG_START		(1u << 31)
#define SYS_CFG_WRITE		(1u << 30)
#define SYS_CFG_SHUTDOWN	(8u << 20)
#define V2M_VIRTIO_SLOTS	4
#define V2M_VIRTIO_SPI		40

void vexpress_sys_power_off(phys_addr_t cfgctrl_pa)
{
	void *cfgctrl = ioremap(cfgctrl_pa, 4);

	if (cfgctrl)
		writel(SYS_CFG_START | SYS_CFG_WRITE | SYS_CFG_SHUTDOWN, cfgctrl);
}

#if IS_ENABLED(CONFIG_VIRTIO_MMIO)
int vexpress_virtio_mmio_slots(phys_addr_t first, struct virtio_mmio_slot *slots, int max)
{
	int n = min(max, V2M_VIRTIO_SLOTS);

	for (int i = 0; i < n; i++) {
		slots[i].base = first + i * VIRTIO_MMIO_SLOT_SIZE;
		slots[i].irq = 32 + V2M_VIRTIO_SPI + i;
	}
	return n;
}
#endif
