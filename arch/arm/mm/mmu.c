// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel's own translation table (swapper_pg_dir, in TTBR1): the linear
 * map of RAM and the device window, both in 1 MiB sections.  head.S fills
 * the first entries; paging_init() maps all of RAM, drops the identity map
 * and splits the address space so TTBR0 serves user space.  Per-process
 * tables live in the page-table API, not here.
 */
#include <anvil/kernel.h>
#include <anvil/string.h>
#include <asm/cp15.h>
#include <asm/memory.h>
#include <asm/pgtable-hwdef.h>
#include <asm/io.h>
#include <asm/mmu.h>

u32 swapper_pg_dir[L1_ENTRIES] __aligned(L1_TABLE_SIZE) __section(".bss.pgdir");
phys_addr_t phys_offset;

/* TTBR0's table while no process runs: all faults. */
static u32 empty_user_pgd[L1_ENTRIES >> CONFIG_TTBCR_N] __aligned(L1_TABLE_SIZE >> CONFIG_TTBCR_N);

static u32 io_next = IO_VIRT_BASE;

static void set_section(u32 va, u32 desc)
{
	swapper_pg_dir[va >> SECTION_SHIFT] = desc;
}

static void flush_kernel_tlb(void)
{
	dsb();
	write_tlbiall(0);
	write_bpiall(0);
	dsb();
	isb();
}

void *ioremap(phys_addr_t pa, u32 size)
{
	phys_addr_t base = pa & SECTION_MASK;
	u32 span = ALIGN(pa + size - base, SECTION_SIZE);
	u32 va = io_next;

	if (span > IO_VIRT_END - io_next)
		return NULL;
	for (u32 off = 0; off < span; off += SECTION_SIZE)
		set_section(va + off, (base + off) | L1_SECT_KERNEL_DEV);
	io_next += span;
	flush_kernel_tlb();
	return (void *)(va + (pa - base));
}

u32 paging_init(phys_addr_t ram_base, u32 ram_size)
{
	u32 lowmem = min(ram_size, LOWMEM_MAX) & SECTION_MASK;

	for (u32 off = 0; off < lowmem; off += SECTION_SIZE)
		set_section(PAGE_OFFSET + off, (ram_base + off) | L1_SECT_KERNEL_MEM);
	/* Everything below PAGE_OFFSET was head.S's identity map. */
	memset(swapper_pg_dir, 0, (PAGE_OFFSET >> SECTION_SHIFT) * sizeof(u32));
	dsb();

	write_ttbr0(__pa(empty_user_pgd) | TTBR_FLAGS);
	write_ttbr1(__pa(swapper_pg_dir) | TTBR_FLAGS);
	write_ttbcr(CONFIG_TTBCR_N);
	write_contextidr(0);
	flush_kernel_tlb();
	return lowmem;
}
