// SPDX-License-Identifier: GPL-2.0-only
/* Cache maintenance by virtual address (ARMv7, CP15 c7). */
#include <anvil/kernel.h>
#include <asm/cacheflush.h>
#include <asm/cp15.h>

static u32 dcache_line_size(void)
{
	u32 ctr;

	__asm__ __volatile__("mrc p15, 0, %0, c0, c0, 1" : "=r"(ctr));
	return 4u << ((ctr >> 16) & 0xf);	/* CTR.DminLine: log2 words */
}

void flush_icache_user_range(unsigned long start, unsigned long end)
{
	flush_icache_range(start, end);
}

void flush_icache_range(unsigned long start, unsigned long end)
{
	u32 line = dcache_line_size();

	for (unsigned long a = ALIGN_DOWN(start, line); a < end; a += line)
		__asm__ __volatile__("mcr p15, 0, %0, c7, c11, 1" :: "r"(a) : "memory");	/* DCCMVAU */
	dsb();
	write_iciallu(0);
	write_bpiall(0);
	dsb();
	isb();
}
