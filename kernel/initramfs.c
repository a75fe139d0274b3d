// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading the initramfs: a cpio "newc" archive (scripts/mkinitramfs.py)
 * linked into the image by initramfs_data.S.  Files are used in place; the
 * archive is read-only data.  A malformed header ends the walk.  A name
 * may carry NUL padding after its terminating NUL (namesize counts it):
 * that is how mkinitramfs.py puts each file's data on a page boundary.
 */
#include <anvil/kernel.h>
#include <anvil/errno.h>
#include <anvil/initramfs.h>
#include <anvil/string.h>

#define NEWC_HDR_LEN	110

static u32 hex8(const char *p, bool *ok)
{
	u32 v = 0;

	for (int i = 0; i < 8; i++) {
		char c = p[i];
		u32 d = c >= '0' && c <= '9' ? (u32)(c - '0') :
			c >= 'A' && c <= 'F' ? (u32)(c - 'A' + 10) :
			c >= 'a' && c <= 'f' ? (u32)(c - 'a' + 10) : 16;
		if (d == 16)
			*ok = false;
		v = v << 4 | (d & 15);
	}
	return v;
}

int initramfs_for_each(int (*fn)(const struct initramfs_file *f, void *arg), void *arg)
{
	const char *p = __initramfs_start, *end = __initramfs_end;

	while (end - p >= NEWC_HDR_LEN && !memcmp(p, "070701", 6)) {
		bool ok = true;
		u32 size = hex8(p + 54, &ok), namesize = hex8(p + 94, &ok);
		const char *name = p + NEWC_HDR_LEN;
		const char *data = p + ALIGN(NEWC_HDR_LEN + namesize, 4);
		struct initramfs_file f = { name, 0, data, size };
		int r;

		if (!ok || namesize == 0 || namesize > (u32)(end - name) || size > (u32)(end - data) ||
		    name[namesize - 1])
			return -EINVAL;
		f.name_len = strnlen(name, namesize);
		if (f.name_len == 10 && !memcmp(name, "TRAILER!!!", 10))
			return 0;
		r = fn(&f, arg);
		if (r)
			return r;
		p = data + ALIGN(size, 4);
	}
	return 0;
}

struct find_arg {
	const char *name;
	struct initramfs_file *out;
};

static int match(const struct initramfs_file *f, void *arg)
{
	struct find_arg *a = arg;

	if (f->name_len != strlen(a->name) || memcmp(f->name, a->name, f->name_len))
		return 0;
	*a->out = *f;
	return 1;
}

int initramfs_find(const char *name, struct initramfs_file *f)
{
	struct find_arg a = { name, f };

	return initramfs_for_each(match, &a) == 1 ? 0 : -ENOENT;
}
