#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Corrupt copies of a good ELF executable, for the tests of execve's checks.

  mkbadelf.py GOOD OUTDIR

writes into OUTDIR, each with its first PT_LOAD segment changed:
  bad-memsz0       p_filesz = p_memsz = 0
  bad-memsz-huge   p_memsz = 0xffffffff
  bad-filesz       p_filesz = p_memsz + 4096
execve must refuse each with ENOEXEC (user/t_harden.c).
"""
import os
import struct
import sys

PT_LOAD = 1


def first_load(data):
    phoff, = struct.unpack_from("<I", data, 28)
    phentsize, phnum = struct.unpack_from("<HH", data, 42)
    for i in range(phnum):
        off = phoff + i * phentsize
        if struct.unpack_from("<I", data, off)[0] == PT_LOAD:
            return off
    sys.exit("mkbadelf: no PT_LOAD segment")


def main():
    good, outdir = sys.argv[1], sys.argv[2]
    with open(good, "rb") as f:
        data = f.read()
    ph = first_load(data)
    filesz, memsz = struct.unpack_from("<II", data, ph + 16)
    variants = {
        "bad-memsz0": (0, 0),
        "bad-memsz-huge": (filesz, 0xffffffff),
        "bad-filesz": (memsz + 4096, memsz),
    }
    for name, (fs, ms) in variants.items():
        out = bytearray(data)
        struct.pack_into("<II", out, ph + 16, fs, ms)
        path = os.path.join(outdir, name)
        with open(path + ".tmp", "wb") as f:
            f.write(out)
        os.replace(path + ".tmp", path)


if __name__ == "__main__":
    main()
