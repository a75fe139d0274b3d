#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Pack files into a cpio "newc" archive (the initramfs format of Linux).

  mkinitramfs.py OUT FILE...    each FILE is stored under its base name

Every header field is fixed (inode numbers, times, owners), so the same
programs always give the same archive, byte for byte.

Every file's data starts on a page (4 KiB) boundary of the archive, which
the kernel links in on a page boundary: it maps program text from there
instead of copying it (mm/image.c).  The gap before the data is taken up by
NUL bytes after the name's terminating NUL, counted in the header's
namesize: standard readers (GNU cpio -t / -i, Linux's initramfs) read the
name up to its first NUL and find the data where the header says.
"""
import os
import sys


PAGE = 4096
NEWC_HDR_LEN = 110


def entry(name, data, ino, mode, pos=0):
    """The entry at archive offset pos (a multiple of 4); a file's data page aligned."""
    name_b = name.encode() + b"\0"
    if data:
        name_b += b"\0" * (-(pos + NEWC_HDR_LEN + len(name_b)) % PAGE)
    fields = [ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name_b), 0]
    hdr = b"070701" + b"".join(b"%08X" % f for f in fields)
    out = hdr + name_b
    out += b"\0" * (-len(out) % 4)
    out += data
    out += b"\0" * (-len(out) % 4)
    return out


def entries(data):
    """(name, data offset, size) of every file of a newc archive, as a reader sees it."""
    pos = 0
    while pos + NEWC_HDR_LEN <= len(data) and data[pos:pos + 6] == b"070701":
        size, namesize = int(data[pos + 54:pos + 62], 16), int(data[pos + 94:pos + 102], 16)
        name = data[pos + NEWC_HDR_LEN:pos + NEWC_HDR_LEN + namesize].split(b"\0")[0].decode()
        if name == "TRAILER!!!":
            return
        pos += NEWC_HDR_LEN + namesize
        pos += -pos % 4
        yield name, pos, size
        pos += size
        pos += -pos % 4


def main():
    out, files = sys.argv[1], sys.argv[2:]
    blob = b""
    for ino, path in enumerate(sorted(files, key=os.path.basename), 1):
        with open(path, "rb") as f:
            blob += entry(os.path.basename(path), f.read(), ino, 0o100755, len(blob))
    blob += entry("TRAILER!!!", b"", 0, 0)
    blob += b"\0" * (-len(blob) % 512)
    with open(out + ".tmp", "wb") as f:
        f.write(blob)
    os.replace(out + ".tmp", out)


if __name__ == "__main__":
    main()
