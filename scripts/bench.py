#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""make bench, the QEMU half: figures from the default board, no pass/fail.

  1. forkbench under QEMU -icount shift=0,sleep=off: PMU cycles (one per
     instruction, so they repeat exactly) of fork + exit + wait, and how
     they grow with VMAs and touched pages;
  2. kernel RAM per extra forked child in `tree N 1`: the slope, from N=1
     to N=16, of everything the kernel holds for a process but its user
     pages (page tables, kernel stacks, slab pages, large kmallocs), from
     the workload's own delta.* counters, with the per-object breakdown;
  3. zram: LZ4 instructions per page compressed and decompressed, and the
     compression ratio, over swapstress runs whose data compresses in
     different degrees.

The image is built out of tree under .bench/<board>.
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemu  # noqa: E402

srctree = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
objtree = os.environ.get("objtree", srctree)
BOARD = os.environ.get("BENCH_BOARD", "qemu_virt")
TIMEOUT = 300
N_LOW, N_HIGH = 1, 16
PAGE = 4096


def build(out):
    for args in ([BOARD + "_defconfig"], ["-j2", "all"]):
        p = subprocess.run(["make", "-s", "-f", os.path.join(srctree, "Makefile"), "O=" + out] + args,
                           cwd=srctree, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if p.returncode:
            sys.exit("bench: build failed:\n" + p.stdout)


def boot(out, append, extra=()):
    res = qemu.run_captured(qemu.command(os.path.join(out, ".config"), os.path.join(out, "anvil.bin"),
                                         append=append, extra=extra), TIMEOUT)
    if res.timed_out or res.status != 0:
        sys.exit("bench: '%s' failed (status %s):\n%s" % (append, res.status, res.tail()))
    return res.output


def counters(text, prefix):
    return {m.group(1): int(m.group(2))
            for m in re.finditer(r'^%s(\S+) (-?\d+)$' % re.escape(prefix), text, re.M)}


def main():
    out = os.path.join(objtree, ".bench", BOARD)
    build(out)

    print("forkbench (%s, QEMU -icount shift=0,sleep=off: 1 cycle = 1 instruction)" % BOARD)
    text = boot(out, "init=forkbench", ["-icount", "shift=0,sleep=off"])
    for line in text.splitlines():
        if line.startswith(("fork_exit_wait", "base ", "#", "forkbench")):
            print("  " + line)

    runs = {n: counters(boot(out, "init=tree -- %d 1" % n), "delta.") for n in (N_LOW, N_HIGH)}
    sizes = {k[:-len(".objsize")]: v for k, v in counters(boot(out, "init=sh -- -c slabinfo"), "").items()
             if k.endswith(".objsize")}
    lo, hi = runs[N_LOW], runs[N_HIGH]
    per = lambda key: (hi.get(key, 0) - lo.get(key, 0)) / (N_HIGH - N_LOW)
    print("\nkernel RAM per extra child in `tree N 1`, slope from N=%d to N=%d:" % (N_LOW, N_HIGH))
    total = 0.0
    for key in ("pages.pgtable", "pages.kstack", "pages.slab", "kmalloc_large.pages"):
        b = per(key) * PAGE
        total += b
        print("  %-24s %6.2f pages  %8.0f bytes" % (key, per(key), b))
    print("  %-24s %6.2f KiB  (target: at most 12 KiB)" % ("total (pages held)", total / 1024))
    print("  objects per child (bytes = inuse x objsize):")
    for key in sorted(k for k in hi if k.startswith("slab.") and k.endswith(".inuse")):
        name = key[:-len(".inuse")]
        if per(key):
            print("    %-28s %6.2f x %4d = %7.1f bytes" % (name[5:], per(key), sizes.get(name, 0),
                                                       per(key) * sizes.get(name, 0)))
    print("  user pages per child (not counted above): pages.anon %.2f" % per("pages.anon"))
    zram_bench(out)


# Compressed RAM swap: LZ4's cost per page and the ratio, on swapstress's
# data made compressible in runs of RUN repeated words (RUN 1, its
# default, does not compress at all: every page is stored whole).
ZRAM_TARGETS = {"compress": 30000, "decompress": 8000}
ZRAM_CASES = ((16, "swap=zram:64M"), (4, "swap=zram:64M"), (1, "swap=zram:64M"))


def zram_bench(out):
    config = qemu.read_config(os.path.join(out, ".config"))
    if config.get("CONFIG_ZRAM") != "y":
        print("\nzram: not in this config (CONFIG_ZRAM)")
        return
    print("\nzram, swapstress 24 4 2 RUN at RAM=16M, QEMU -icount (instructions per 4 KiB page):")
    print("  %-4s %10s %10s %10s %10s %8s %8s %s" % ("RUN", "pages out", "pages in", "compress",
                                                     "decompr.", "stored", "backend", "ratio at peak"))
    for run, swap in ZRAM_CASES:
        res = qemu.run_captured(qemu.command(os.path.join(out, ".config"), os.path.join(out, "anvil.bin"),
                                             ram="16M", append="%s init=sh -- -c swapstress 24 4 2 %d ; meminfo"
                                             % (swap, run), extra=["-icount", "shift=0,sleep=off"]), TIMEOUT)
        # The dump after the workload: the last value of each key.
        z = {}
        for m in re.finditer(r'^(zram\.\S+|swap\.pages_(?:out|in)) (\d+)$', res.output, re.M):
            z[m.group(1)] = int(m.group(2))
        intact = "all intact" in res.output
        print("  %-4d %10d %10d %10d %10d %8d %8d %.2f%s" % (
            run, z.get("swap.pages_out", 0), z.get("swap.pages_in", 0),
            z.get("zram.compress_cycles_per_page", 0), z.get("zram.decompress_cycles_per_page", 0),
            z.get("zram.peak_pages_stored", 0), z.get("zram.peak_alloc_pages", 0),
            z.get("zram.peak_ratio_x100", 0) / 100.0, "" if intact else "  (not intact: OOM)"))
    print("  targets: compress <= %d, decompress <= %d instructions per page" %
          (ZRAM_TARGETS["compress"], ZRAM_TARGETS["decompress"]))


if __name__ == "__main__":
    main()
