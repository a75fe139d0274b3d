// SPDX-License-Identifier: GPL-2.0-only
/*
 * A reader for flattened device trees (the DTB QEMU passes when it boots a
 * raw image the Linux way).  It walks the structure block once and takes
 * the first /memory node's first bank and /chosen/bootargs, and, with
 * CONFIG_VIRTIO_MMIO, the reg and interrupts of the top-level nodes
 * compatible with "virtio,mmio".  Big-endian fields are read byte by
 * byte, so the blob may sit at any alignment.
 */
#include <anvil/kernel.h>
#include <anvil/boot.h>
#include <anvil/string.h>

#define FDT_MAGIC	0xd00dfeed
#define FDT_BEGIN_NODE	1
#define FDT_END_NODE	2
#define FDT_PROP	3
#define FDT_NOP		4
#define FDT_END		9
#define FDT_MAX_SIZE	(1u << 20)

static u32 be32(const void *p)
{
	const u8 *b = p;

	return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
}

/* A big-endian number of `cells` 32-bit cells; 0 when it does not fit 32 bits. */
static u32 read_cells(const u8 *p, u32 cells)
{
	u32 v = 0;

	for (u32 i = 0; i < cells; i++) {
		if (i + 1 < cells && be32(p + 4 * i))
			return 0;
		v = be32(p + 4 * i);
	}
	return v;
}

/*
 * virtio-mmio nodes (CONFIG_VIRTIO_MMIO).  Without the option the helpers
 * are empty inlines: this build keeps unreferenced static functions
 * (-fno-toplevel-reorder), so dead code would still cost bytes.
 */
#if IS_ENABLED(CONFIG_VIRTIO_MMIO)
/* Does a "compatible" string list of len bytes hold compat? */
static bool has_compatible(const char *list, u32 len, const char *compat)
{
	for (u32 pos = 0; pos < len; pos += strnlen(list + pos, len - pos) + 1)
		if (!strncmp(list + pos, compat, len - pos))
			return true;
	return false;
}

/* Take what a virtio-mmio node needs from one of a top-level node's properties. */
static void virtio_mmio_prop(struct boot_mmio_node *node, bool *is_virtio, const char *pname,
			     const u8 *val, u32 len, u32 addr_cells, u32 size_cells)
{
	if (!strcmp(pname, "compatible")) {
		*is_virtio = has_compatible((const char *)val, len, "virtio,mmio");
	} else if (!strcmp(pname, "reg") && addr_cells <= 2 && size_cells <= 2 &&
		   len >= 4 * (addr_cells + size_cells)) {
		node->base = read_cells(val, addr_cells);
		node->size = read_cells(val + 4 * addr_cells, size_cells);
	} else if (!strcmp(pname, "interrupts")) {
		for (u32 i = 0; i < 3 && 4 * i + 4 <= len; i++)
			node->intr[i] = be32(val + 4 * i);
	}
}

/* Record a virtio-mmio node in the first free entry. */
static void add_virtio_mmio(struct boot_info *bi, const struct boot_mmio_node *node)
{
	struct boot_mmio_node *slot, *end = bi->virtio_mmio + BOOT_VIRTIO_MMIO_MAX;

	for (slot = bi->virtio_mmio; slot < end; slot++) {
		if (!slot->size) {
			*slot = *node;
			return;
		}
	}
}
#else
static inline void virtio_mmio_prop(struct boot_mmio_node *node, bool *is_virtio, const char *pname,
				    const u8 *val, u32 len, u32 addr_cells, u32 size_cells) { }
static inline void add_virtio_mmio(struct boot_info *bi, const struct boot_mmio_node *node) { }
#endif

int fdt_parse(const void *blob, struct boot_info *bi)
{
	const u8 *base = blob;
	u32 total, off_struct, off_strings, size_struct;
	u32 addr_cells = 2, size_cells = 1;
	int depth = 0;
	bool in_memory = false, in_chosen = false, is_virtio = false;
	struct boot_mmio_node node = { 0 };

	if (be32(base) != FDT_MAGIC)
		return -1;
	total = be32(base + 4);
	off_struct = be32(base + 8);
	off_strings = be32(base + 12);
	size_struct = be32(base + 36);
	if (total > FDT_MAX_SIZE || off_struct >= total || off_strings >= total ||
	    size_struct > total - off_struct)
		return -1;

	for (u32 pos = 0; pos + 4 <= size_struct;) {
		const u8 *p = base + off_struct + pos;
		u32 token = be32(p);

		pos += 4;
		if (token == FDT_BEGIN_NODE) {
			const char *name = (const char *)p + 4;
			u32 len = strnlen(name, size_struct - pos);

			depth++;
			in_memory = depth == 2 && (!strcmp(name, "memory") || !strncmp(name, "memory@", 7));
			in_chosen = depth == 2 && !strcmp(name, "chosen");
			if (depth == 2) {
				is_virtio = false;
				node = (struct boot_mmio_node){ 0 };
			}
			pos += ALIGN(len + 1, 4);
		} else if (token == FDT_END_NODE) {
			if (IS_ENABLED(CONFIG_VIRTIO_MMIO) && depth == 2 && is_virtio && node.size)
				add_virtio_mmio(bi, &node);
			depth--;
			in_memory = in_chosen = false;
		} else if (token == FDT_PROP) {
			u32 len = be32(p + 4);
			const char *pname = (const char *)base + off_strings + be32(p + 8);
			const u8 *val = p + 12;

			if (len > size_struct - pos - 8)
				return -1;
			if (depth == 1 && !strcmp(pname, "#address-cells"))
				addr_cells = be32(val);
			else if (depth == 1 && !strcmp(pname, "#size-cells"))
				size_cells = be32(val);
			else if (in_memory && !strcmp(pname, "reg") && !bi->ram_size &&
				 len >= 4 * (addr_cells + size_cells) && addr_cells <= 2 && size_cells <= 2) {
				bi->ram_base = read_cells(val, addr_cells);
				bi->ram_size = read_cells(val + 4 * addr_cells, size_cells);
			} else if (in_chosen && !strcmp(pname, "bootargs") && len) {
				u32 n = min(len, (u32)sizeof(bi->cmdline) - 1);
				memcpy(bi->cmdline, val, n);
				bi->cmdline[n] = '\0';
			}
			if (IS_ENABLED(CONFIG_VIRTIO_MMIO) && depth == 2 && !in_memory)
				virtio_mmio_prop(&node, &is_virtio, pname, val, len, addr_cells, size_cells);
			pos += 8 + ALIGN(len, 4);
		} else if (token == FDT_END) {
			break;
		} else if (token != FDT_NOP) {
			return -1;
		}
	}
	return 0;
}
