#!/usr/bin/python3
"""make bench, the QEMU half: figures from the default board, no pass/fail.

  1. forkbench under QEMU -icount shift=0,sleep=off: PMU cycles (one per
     instruction, so they repeat exactly) of fork + exit + wait, and how
     they grow with VMAs and touched pages;
  2. kernel RAM per extra forked child in `tree N 1`: the slope, from N=1
     to N=16, of everything the kernel holds for a process but its user
     pages (page tables, kernel stacks, slab pages, large kmallocs), from
     the workload's own delta.* counters, with the per-object breakdown.

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
    print("  %-24s %6.2f KiB  (target: at most 8 KiB; Linux 6.1: about 33 KiB)" % ("total (pages held)", total / 1024))
    print("  page tables in use      %8.0f bytes per child (pgtable.bytes: %.2f fragments;"
          " second level target <= 3 KiB, first level <= 2 KiB)" % (per("pgtable.bytes"), per("pgtable.fragments")))
    print("  objects per child (bytes = inuse x objsize):")
    for key in sorted(k for k in hi if k.startswith("slab.") and k.endswith(".inuse")):
        name = key[:-len(".inuse")]
        if per(key):
            print("    %-28s %6.2f x %4d = %7.1f bytes" % (name[5:], per(key), sizes.get(name, 0),
                                                       per(key) * sizes.get(name, 0)))
    print("  user pages per child (not counted above): pages.anon %.2f" % per("pages.anon"))


if __name__ == "__main__":
    main()
