// SPDX-License-Identifier: GPL-2.0-only
/*
 * KTAP tests of the device-tree reader on small hand-built blobs: memory
 * with 1 and 2 address/size cells, bootargs, and refused corrupt input.
 */
#include <anvil/ktest.h>
#include <anvil/boot.h>
#include <anvil/string.h>

struct blob {
	u8 b[256];
	u32 len;		/* structure block bytes */
	char strings[64];
	u32 slen;
};

static void put32(struct blob *x, u32 v)
{
	x->b[40 + x->len++] = v >> 24;
	x->b[40 + x->len++] = v >> 16;
	x->b[40 + x->len++] = v >> 8;
	x->b[40 + x->len++] = v;
}

static void node(struct blob *x, const char *name)
{
	put32(x, 1);
	strlcpy((char *)x->b + 40 + x->len, name, 32);
	x->len += ALIGN(strlen(name) + 1, 4);
}

static u32 str(struct blob *x, const char *s)
{
	u32 off = x->slen;

	strlcpy(x->strings + off, s, sizeof(x->strings) - off);
	x->slen += strlen(s) + 1;
	return off;
}

static void prop32(struct blob *x, const char *name, const u32 *cells, u32 n)
{
	put32(x, 3);
	put32(x, 4 * n);
	put32(x, str(x, name));
	for (u32 i = 0; i < n; i++)
		put32(x, cells[i]);
}

static void finish(struct blob *x)
{
	u32 off_strings = 40 + x->len;
	u32 hdr[10] = { 0xd00dfeed, off_strings + x->slen, 40, off_strings, 0, 17, 16, 0,
			x->slen, x->len };

	for (int i = 0; i < 10; i++)
		for (int j = 0; j < 4; j++)
			x->b[4 * i + j] = hdr[i] >> (24 - 8 * j);
	memcpy(x->b + off_strings, x->strings, x->slen);
}

static void build(struct blob *x, u32 cells, u32 base, u32 size, const char *args)
{
	u32 ac[1] = { cells };
	u32 reg2[4] = { 0, base, 0, size };
	u32 reg1[2] = { base, size };

	memset(x, 0, sizeof(*x));
	node(x, "");
	prop32(x, "#address-cells", ac, 1);
	prop32(x, "#size-cells", ac, 1);
	node(x, "memory@0");
	prop32(x, "reg", cells == 2 ? reg2 : reg1, 2 * cells);
	put32(x, 2);
	node(x, "chosen");
	put32(x, 3);
	put32(x, strlen(args) + 1);
	put32(x, str(x, "bootargs"));
	strlcpy((char *)x->b + 40 + x->len, args, 64);
	x->len += ALIGN(strlen(args) + 1, 4);
	put32(x, 2);
	put32(x, 2);
	put32(x, 9);
	finish(x);
}

KTEST(fdt, memory_two_cells)
{
	static struct blob x;
	struct boot_info bi = { 0 };

	build(&x, 2, 0x40000000, 0x04000000, "ktest quiet");
	KEXPECT_EQ(t, fdt_parse(x.b, &bi), 0);
	KEXPECT_EQ(t, bi.ram_base, 0x40000000);
	KEXPECT_EQ(t, bi.ram_size, 0x04000000);
	KEXPECT_STREQ(t, bi.cmdline, "ktest quiet");
}

KTEST(fdt, memory_one_cell)
{
	static struct blob x;
	struct boot_info bi = { 0 };

	build(&x, 1, 0x60000000, 0x08000000, "");
	KEXPECT_EQ(t, fdt_parse(x.b, &bi), 0);
	KEXPECT_EQ(t, bi.ram_base, 0x60000000);
	KEXPECT_EQ(t, bi.ram_size, 0x08000000);
	KEXPECT_STREQ(t, bi.cmdline, "");
}

KTEST(fdt, refuses_bad_blob)
{
	static struct blob x;
	struct boot_info bi = { 0 };

	build(&x, 2, 0x40000000, 0x1000000, "x");
	x.b[0] = 0;				/* magic */
	KEXPECT(t, fdt_parse(x.b, &bi) != 0);
	build(&x, 2, 0x40000000, 0x1000000, "x");
	x.b[4] = 0x7f;				/* totalsize far too big */
	KEXPECT(t, fdt_parse(x.b, &bi) != 0);
	build(&x, 2, 0x40000000, 0x1000000, "x");
	x.b[40 + 3] = 7;			/* unknown token */
	KEXPECT(t, fdt_parse(x.b, &bi) != 0);
	KEXPECT_EQ(t, bi.ram_size, 0);
}

KTEST(fdt, booted_with_real_ram_size)
{
	/* The RAM the kernel runs with came from the boot loader, not Kconfig. */
	KEXPECT(t, boot_info.ram_size >= (16u << 20));
	KEXPECT(t, strcmp(boot_info.ram_source, "Kconfig default") != 0);
}
