#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Pack files into a cpio "newc" archive (the initramfs format of Linux).

  mkinitramfs.py OUT FILE...    each FILE is stored under its base name

Every header field is fixed (inode numbers, times, owners), so the same
programs always give the same archive, byte for byte.
"""
import os
import sys


def entry(name, data, ino, mode):
    name_b = name.encode() + b"\0"
    fields = [ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name_b), 0]
    hdr = b"070701" + b"".join(b"%08X" % f for f in fields)
    out = hdr + name_b
    out += b"\0" * (-len(out) % 4)
    out += data
    out += b"\0" * (-len(out) % 4)
    return out


def main():
    out, files = sys.argv[1], sys.argv[2:]
    blob = b""
    for ino, path in enumerate(sorted(files, key=os.path.basename), 1):
        with open(path, "rb") as f:
            blob += entry(os.path.basename(path), f.read(), ino, 0o100755)
    blob += entry("TRAILER!!!", b"", 0, 0)
    blob += b"\0" * (-len(blob) % 512)
    with open(out + ".tmp", "wb") as f:
        f.write(blob)
    os.replace(out + ".tmp", out)


if __name__ == "__main__":
    main()
