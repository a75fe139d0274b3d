// SPDX-License-Identifier: GPL-2.0-only
/*
 * ATAGs: the boot data QEMU passes on boards it has no device tree for
 * (vexpress without -dtb).  A list of tagged records; we read the memory
 * bank and the command line.
 */
#include <anvil/kernel.h>
#include <anvil/boot.h>
#include <anvil/string.h>

#define ATAG_NONE	0x00000000
#define ATAG_CORE	0x54410001
#define ATAG_MEM	0x54410002
#define ATAG_CMDLINE	0x54410009

struct atag_header {
	u32 size;	/* in words, header included */
	u32 tag;
};

int atags_parse(const void *p, struct boot_info *bi);

int atags_parse(const void *p, struct boot_info *bi)
{
	const struct atag_header *h = p;

	if (h->tag != ATAG_CORE)
		return -1;
	for (int n = 0; n < 64 && h->size >= 2 && h->tag != ATAG_NONE; n++) {
		const u32 *body = (const u32 *)(h + 1);

		if (h->tag == ATAG_MEM && !bi->ram_size) {
			bi->ram_size = body[0];
			bi->ram_base = body[1];
		} else if (h->tag == ATAG_CMDLINE) {
			strlcpy(bi->cmdline, (const char *)body, sizeof(bi->cmdline));
		}
		h = (const struct atag_header *)((const u32 *)h + h->size);
	}
	return 0;
}
