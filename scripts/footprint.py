#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""make footprint: what each config costs in image size and RAM, measured in QEMU.

For one board, every config of the set is built out of tree
(footprint.build/<board>/<config>/), its image measured from the ELF
(scripts/bloat.py), then booted once per standard workload with
"meminfo init=<workload>": the kernel prints its accounting at boot, the
workload prints every counter just before it starts, at its peak (all its
processes alive) and after teardown (user/lib/workload.c).  The results go
to DIR/footprint.build/<board>/ (DIR is --out), beside the builds, so two
boards' reports never overwrite each other: footprint.json (everything, raw
counters included), footprint.md (the summary of what each config costs
first, then the long tables, each with its units) and footprint.png and
footprint.svg (the plots, made with matplotlib).  The method is
Documentation/footprint.md.

This file owns the report: choosing configs and workloads, building,
running, parsing, deriving and writing.  It changes no source file and
reads the kernel only through its console and its ELF image.

  footprint.py --out DIR --board qemu_virt [--configs 'swap-off chain-reuse my.config']
               [--workloads 'tree 1 1;tree 16 1'] [--quick] [--jobs 2] [--repeat N]
  footprint.py --out DIR --render JSON     (tables and plots again into DIR, nothing run)

A config is a name of the standard set (CONFIG_SETS below), a defconfig
fragment file (its CONFIG_ lines; the file name is the column's name), or
"name:CONFIG_A=y+CONFIG_B=n".  Each is applied on top of the board's
defconfig with olddefconfig; when the resulting .config does not hold
every requested value, the column says "not available in this tree" and
why, and nothing is measured for it.
"""
import argparse
import concurrent.futures
import json
import os
import re
import shlex
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bloat  # noqa: E402
import mkinitramfs  # noqa: E402
import qemu  # noqa: E402

srctree = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAGE = 4096
RUN_TIMEOUT = 180
TAIL = 15

# name -> (what it is, the defconfig fragment on top of the board's defconfig)
CONFIG_SETS = {
    "swap-off": ("swap off: no reverse map at all", ["CONFIG_SWAP=n"]),
    "shared": ("swap on, legacy shared anon_vma (one per fork tree, pre-2.6.34)",
               ["CONFIG_SWAP=y", "CONFIG_ANON_RMAP_SHARED=y"]),
    "chain-noreuse": ("swap on, anon_vma_chain without anon_vma reuse",
                      ["CONFIG_SWAP=y", "CONFIG_ANON_RMAP_CHAIN=y", "CONFIG_ANON_VMA_REUSE=n"]),
    "chain-reuse": ("swap on, anon_vma_chain with anon_vma reuse (Linux 4.0)",
                    ["CONFIG_SWAP=y", "CONFIG_ANON_RMAP_CHAIN=y", "CONFIG_ANON_VMA_REUSE=y"]),
    "zram": ("swap on to compressed RAM (a 64 MiB zram0, no disk), anon_vma_chain with reuse",
             ["CONFIG_SWAP=y", "CONFIG_ANON_RMAP_CHAIN=y", "CONFIG_ANON_VMA_REUSE=y", "CONFIG_ZRAM=y",
              "CONFIG_ZRAM_DEFAULT=y", "CONFIG_ZRAM_DEFAULT_SIZE_MB=64"]),
    "swap-on": ("swap on, every other option at its default", ["CONFIG_SWAP=y"]),
    "defconfig": ("the board's defconfig as it is", []),
}
STANDARD_CONFIGS = ["swap-off", "shared", "chain-noreuse", "chain-reuse", "zram"]

# The standard workloads (Documentation/footprint.md); tree and prot N=1..256 give the per-child slope.
STANDARD_WORKLOADS = [
    "tree 1 1", "tree 16 1", "tree 64 1", "tree 256 1",
    "tree 1 8", "tree 16 8", "tree 64 8", "tree 256 8",
    "prot 1", "prot 256",
    "chain 10 1", "chain 100 1", "chain 1000 1", "chain 10 8", "chain 1000 8",
    "split 1", "split 16", "same 16",
]
QUICK_WORKLOADS = ["tree 1 1", "tree 16 1", "same 16"]
PROGRAMS = ("tree", "chain", "prot", "split", "same")

# The slab caches the report names, and the reverse map's two.
CACHES = ["anon_vma", "anon_vma_chain", "vm_area_struct", "task_struct", "mm_struct"]
RMAP_CACHES = ["anon_vma", "anon_vma_chain"]

# Every runtime row: key -> (label, "counted" or "derived", formula).
METRICS = [
    ("free_pages", "free pages", "counted", "pages.free"),
    ("page_array_bytes", "per-page array bytes", "derived", "pages.page_array x 4096"),
    ("struct_page_bytes", "struct page bytes in use", "derived", "page.size x pages.total"),
    ("page_size", "struct page size, bytes", "counted", "page.size"),
    ("pgtable_bytes", "page-table bytes", "derived", "pages.pgtable x 4096"),
    ("kstack_bytes", "kernel stack bytes", "derived", "pages.kstack x 4096"),
    ("pgtable_table_bytes", "page-table bytes in use (tables, not pages)", "counted", "pgtable.bytes"),
    ("slab_page_bytes", "slab page bytes", "derived", "pages.slab x 4096"),
] + [m for c in CACHES for m in (
    ("slab.%s.objects" % c, "%s objects" % c, "counted", "slab.%s.inuse (0 when the build has no such cache)" % c),
    ("slab.%s.bytes" % c, "%s bytes" % c, "derived", "slab.%s.inuse x slab.%s.objsize" % (c, c)),
)] + [
    ("rmap_bytes", "rmap bytes (anon_vma + avc)", "derived",
     "anon_vma bytes + anon_vma_chain bytes"),
    ("kernel_ram_bytes", "kernel RAM in use, bytes", "derived",
     "(pages.total - pages.free - pages.anon - pages.swap_cache) x 4096"),
    ("anon_pages", "user anonymous pages", "counted", "pages.anon"),
    ("ram_bytes", "RAM in use, bytes", "derived", "(pages.total - pages.free) x 4096"),
    ("image_mapped_pages", "initramfs pages mapped as program text, each counted once", "counted",
     "pages.image_mapped"),
]

METRIC_INFO = {k: (label, kind, formula) for k, label, kind, formula in METRICS}
# The walk figures the workloads print (user/lib/workload.c, user/split.c), each
# counted by the kernel (SYS_rmap_walk: VMAs a reverse-map walk of that page visits).
WALKS = [
    ("walk.cowed_page", "a page the last child COWed (all N children alive)"),
    ("walk.shared_page", "a page still shared by the parent and every child"),
    ("walk.split_page", "a page of the split region"),
]
# The reverse map's targets: rmap bytes per extra child (Linux 6.1 on the same
# workload in brackets), VMAs per walk of a COWed page (chain) and of a split page.
SLOPE_TARGETS = {1: (200, 720), 8: (480, 1560)}
COW_WALK_LIMIT = 2
SPLIT_WALK_LIMIT = 2
KERNEL_RAM_PER_CHILD_LIMIT = 8192	# bytes, tree N 1
KERNEL_RAM_PER_CHILD_LIMIT_V8 = 9216	# bytes, tree N 8
# The summary tables (one row per workload) and the slope rows.
SUMMARY = [("rmap_bytes", "rmap bytes"), ("kernel_ram_bytes", "Kernel RAM bytes"),
           ("slab.vm_area_struct.bytes", "vm_area_struct bytes")]
SLOPE_ROWS = ["rmap_bytes", "slab.anon_vma.objects", "slab.anon_vma_chain.objects",
              "slab.vm_area_struct.bytes", "slab.task_struct.bytes", "slab.mm_struct.bytes",
              "pgtable_bytes", "pgtable_table_bytes", "kstack_bytes", "kernel_ram_bytes"]

# Linux 6.1 on 32-bit ARM, the reference column of the summary.  Recorded by
# hand, not measured by this script: sizeof() of struct page, anon_vma,
# anon_vma_chain and vm_area_struct in a 32-bit ARM build of Linux 6.1, and
# the rmap slab bytes (anon_vma + anon_vma_chain) and kernel RAM per extra
# child of the same tree N 1 / tree N 8 workloads run on Linux 6.1.
LINUX_6_1 = {
    "struct_page": 32,
    "anon_vma": 56,
    "anon_vma_chain": 32,
    "vm_area_struct": 72,
    "rmap_per_child_tree_1": 720,
    "rmap_per_child_tree_8": 1560,
    "kernel_ram_per_child": 33 * 1024,		# "about 33 KiB"
}
LINUX_6_1_SOURCE = ("32-bit ARM, recorded by hand (not measured here): struct sizes of a "
                    "32-bit ARM build; rmap bytes and kernel RAM per extra child of the same tree "
                    "workloads; kernel RAM per child is about 33 KiB")

_print_lock = threading.Lock()


def say(text):
    with _print_lock:
        print(text, flush=True)


# ---------------------------------------------------------------- configs

class ConfigSpec:
    def __init__(self, name, what, lines):
        self.name, self.what, self.lines = name, what, lines


def parse_fragment_line(line):
    line = line.strip()
    m = re.match(r"^# (CONFIG_\w+) is not set$", line)
    if m:
        return "%s=n" % m.group(1)
    if re.match(r"^CONFIG_\w+=.+$", line):
        return line
    return None


def parse_configs(text):
    """The --configs words -> [ConfigSpec]; a bad word is an error naming it."""
    specs = []
    for word in text.replace(",", " ").split():
        if word in CONFIG_SETS:
            what, lines = CONFIG_SETS[word]
            specs.append(ConfigSpec(word, what, list(lines)))
        elif ":" in word:
            name, _, body = word.partition(":")
            lines = [parse_fragment_line(x) for x in body.split("+")]
            if not name or None in lines or not lines:
                raise ValueError("config '%s': expected name:CONFIG_A=y+CONFIG_B=n" % word)
            specs.append(ConfigSpec(name, "custom: " + " ".join(lines), lines))
        elif os.path.isfile(word):
            with open(word) as f:
                raw = [x for x in f.read().splitlines() if x.strip() and
                       (not x.startswith("#") or "is not set" in x)]
            lines = [parse_fragment_line(x) for x in raw]
            if None in lines:
                raise ValueError("%s: line '%s' is not CONFIG_X=value or '# CONFIG_X is not set'"
                                 % (word, raw[lines.index(None)]))
            name = os.path.splitext(os.path.basename(word))[0]
            specs.append(ConfigSpec(name, "fragment %s" % word, lines))
        else:
            raise ValueError("config '%s': not one of %s, not a fragment file, not name:CONFIG_X=y"
                             % (word, " ".join(CONFIG_SETS)))
    names = [s.name for s in specs]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        raise ValueError("config names given twice: %s" % " ".join(sorted(dup)))
    if not specs:
        raise ValueError("no configs given")
    return specs


def parse_workloads(text):
    out = []
    for w in text.split(";"):
        w = " ".join(w.split())
        if not w:
            continue
        if w.split()[0] not in PROGRAMS:
            raise ValueError("workload '%s': the programs are %s" % (w, " ".join(PROGRAMS)))
        out.append(w)
    if not out:
        raise ValueError("no workloads given")
    return out


def read_dotconfig(path):
    vals = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            m = re.match(r"^(CONFIG_\w+)=(.*)$", line)
            if m:
                vals[m.group(1)] = m.group(2)
            m = re.match(r"^# (CONFIG_\w+) is not set$", line)
            if m:
                vals[m.group(1)] = "n"
    return vals


_kconf = None


def kconfig_symbols():
    """Every symbol the tree's Kconfig defines (kconfiglib, as scripts/kconfig.py)."""
    global _kconf
    if _kconf is None:
        os.environ["srctree"] = srctree
        try:
            import kconfiglib
        except ImportError:
            sys.exit("*** kconfiglib missing: apt-get install -y python3-kconfiglib "
                     "(and run with /usr/bin/python3)")
        _kconf = kconfiglib.Kconfig(os.path.join(srctree, "Kconfig"), warn_to_stderr=False)
    return _kconf


def check_requested(lines, dotconfig):
    """None when .config holds every requested value, else why not."""
    vals = read_dotconfig(dotconfig)
    problems = []
    for line in lines:
        sym, _, want = line.partition("=")
        got = vals.get(sym, "n")
        if got == want or (want.strip('"') == got.strip('"')):
            continue
        kconf = kconfig_symbols()
        s = kconf.syms.get(sym[len("CONFIG_"):])
        if s is None or not s.nodes:
            problems.append("%s is not a Kconfig symbol in this tree" % sym)
        else:
            import kconfiglib
            dep = kconfiglib.expr_str(s.direct_dep)
            problems.append("%s=%s requested, Kconfig gave %s (depends on: %s)" % (sym, want, got, dep))
    return "; ".join(problems) if problems else None


# ---------------------------------------------------------------- building

def make(args, log):
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAKEFLAGS", "MAKEOVERRIDES", "MFLAGS", "MAKELEVEL", "BOARD", "O")}
    cmd = ["nice", "make", "-f", os.path.join(srctree, "Makefile")] + args
    p = subprocess.run(cmd, cwd=srctree, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, env=env)
    log.append("$ " + " ".join(shlex.quote(a) for a in cmd[1:]))
    log.append(p.stdout)
    return p.returncode == 0


def build(spec, board, bdir):
    """Configure and build one column; returns a dict with status and, if built, the image's numbers."""
    col = {"name": spec.name, "what": spec.what, "requested": spec.lines, "build_dir": bdir}
    log = []
    os.makedirs(bdir, exist_ok=True)
    dotconfig = os.path.join(bdir, ".config")
    ok = make(["-s", "O=" + bdir, board + "_defconfig"], log)
    if ok:
        with open(dotconfig, "a") as f:
            f.write("".join(x + "\n" for x in spec.lines))
        ok = make(["-s", "O=" + bdir, "olddefconfig"], log)
    if not ok:
        return dict(col, status="failed", reason="configuration failed", tail=tail_of(log))
    with open(dotconfig) as f:
        col["config"] = f.read()
    why = check_requested(spec.lines, dotconfig)
    if why:
        return dict(col, status="unavailable", reason="not available in this tree: " + why)
    if not make(["-s", "-j2", "O=" + bdir, "all"], log):
        return dict(col, status="failed", reason="build failed", tail=tail_of(log))
    elf = os.path.join(bdir, "anvil.elf")
    syms = bloat.symbols(elf)
    tree = bloat.image_tree(elf)
    rmap = bloat.rmap_symbols(syms)
    col.update(status="built", elf=elf, image=os.path.join(bdir, "anvil.bin"),
               static={"sizes": bloat.image_sizes(elf),
                       "test_code": test_code(tree, os.path.join(bdir, "user", "initramfs.cpio")),
                       "rmap_symbols": rmap,
                       "rmap_symbol_bytes": sum(s for _n, s in rmap),
                       "symbols": {n: sz for (_k, n), sz in bloat.symbol_sizes(syms).items()},
                       "directories": bloat.by_directory(tree),
                       "tree": tree.to_dict()})
    return col


# Test code in an image: the in-kernel KTAP suites, and the user test programs
# of the initramfs (user/tests.list, the runner, and those make test runs alone).
KERNEL_TEST_OBJECT = re.compile(r"(^ktest|_test)\.o$")
USER_TEST_PROGRAM = re.compile(r"^(t_\w+|runtests|orphan|hello)$")


def cpio_files(path):
    """{name: bytes} of a cpio "newc" archive (scripts/mkinitramfs.py writes them)."""
    with open(path, "rb") as f:
        return {name: size for name, _off, size in mkinitramfs.entries(f.read())}


def test_code(tree, cpio):
    """Bytes of test code in the image: in-kernel tests (objects), user test
    programs (files of the initramfs), and the initramfs's other programs."""
    kernel = {}

    def walk(node, path):
        for c in node.children.values():
            if c.name.endswith(".o"):
                if KERNEL_TEST_OBJECT.search(c.name):
                    kernel["/".join(path + [c.name])] = c.total()
            else:
                walk(c, path + [c.name])
    walk(tree, [])
    files = cpio_files(cpio) if os.path.isfile(cpio) else {}
    user = {n: s for n, s in files.items() if USER_TEST_PROGRAM.match(n)}
    return {"kernel_objects": kernel, "kernel_bytes": sum(kernel.values()),
            "user_programs": user, "user_bytes": sum(user.values()),
            "initramfs_other_bytes": sum(s for n, s in files.items() if n not in user),
            "initramfs_files": files}


def image_for(name, broot):
    """The anvil.elf of config name under broot (footprint.build/<board>): built
    already, or a config of the standard set that builds to the same .config as a
    built one (swap-on is chain-reuse in this tree), or else built now.
    Returns (path, note) or (None, why)."""
    elf = os.path.join(broot, name, "anvil.elf")
    if os.path.isfile(elf):
        return elf, None
    if name not in CONFIG_SETS:
        return None, "not a config of make footprint (%s) and not built under %s" % (
            " ".join(CONFIG_SETS), broot)
    board = os.path.basename(os.path.normpath(broot))
    if not os.path.isfile(os.path.join(srctree, "configs", board + "_defconfig")):
        return None, "%s: not a footprint build directory (no board '%s')" % (broot, board)
    spec = parse_configs(name)[0]
    bdir = os.path.join(broot, name)
    log = []
    os.makedirs(bdir, exist_ok=True)
    ok = make(["-s", "O=" + bdir, board + "_defconfig"], log)
    if ok:
        with open(os.path.join(bdir, ".config"), "a") as f:
            f.write("".join(x + "\n" for x in spec.lines))
        ok = make(["-s", "O=" + bdir, "olddefconfig"], log)
    if not ok:
        return None, "configuration failed:\n" + tail_of(log)
    why = check_requested(spec.lines, os.path.join(bdir, ".config"))
    if why:
        return None, "not available in this tree: " + why
    with open(os.path.join(bdir, ".config")) as f:
        text = f.read()
    for other in sorted(os.listdir(broot)):
        o = os.path.join(broot, other)
        if other != name and os.path.isfile(os.path.join(o, "anvil.elf")) and \
                os.path.isfile(os.path.join(o, ".config")):
            with open(os.path.join(o, ".config")) as f:
                if f.read() == text:
                    return os.path.join(o, "anvil.elf"), "%s has the same .config as %s: its image" % (name, other)
    if not make(["-s", "-j2", "O=" + bdir, "all"], log):
        return None, "build failed:\n" + tail_of(log)
    return elf, "%s built now under %s" % (name, bdir)


def tail_of(log):
    return "\n".join("\n".join(log).splitlines()[-TAIL:])


def config_lines(text, requested):
    """The .config lines worth printing beside a column: requested symbols, board, rmap, swap."""
    want = {x.partition("=")[0] for x in requested}
    out = []
    for line in text.splitlines():
        m = re.match(r"^(?:# )?(CONFIG_\w+)", line)
        if m and (m.group(1) in want or re.search(r"SWAP|RMAP|ANON|_BOARD$|DEBUG_VM|FAULT_INJ",
                                                  m.group(1))):
            out.append(line)
    return out


# ---------------------------------------------------------------- running

KV = re.compile(r"^([A-Za-z_][\w.\-]*) (-?\d+)$")
PHASES = ("delta.", "before.", "peak.", "end.")


def parse_console(text):
    """A boot's console -> boot dump, the workload's parameters and its four snapshots."""
    r = {"boot": {}, "params": {}, "delta": {}, "before": {}, "peak": {}, "end": {},
         "leaks": None, "result": None, "notes": []}
    in_workload = False
    for line in text.splitlines():
        if line.startswith("workload "):
            in_workload = True
            r["params"]["workload"] = line.split(" ", 1)[1]
            continue
        if line.startswith("result "):
            r["result"] = line.split(" ", 1)[1].strip()
            continue
        if line.startswith("# ") and in_workload:
            r["notes"].append(line[2:])
            continue
        m = KV.match(line)
        if not m:
            continue
        key, val = m.group(1), int(m.group(2))
        if not in_workload:
            if "." in key:
                r["boot"][key] = val
            continue
        for p in PHASES:
            if key.startswith(p):
                r[p[:-1]][key[len(p):]] = val
                break
        else:
            if key == "leaks":
                r["leaks"] = val
            else:
                r["params"][key] = val
    return r


def metrics(s):
    """The report's rows from one snapshot of counters (see METRICS)."""
    def g(k):
        return s.get(k, 0)
    m = {
        "free_pages": g("pages.free"),
        "page_array_bytes": g("pages.page_array") * PAGE,
        "struct_page_bytes": g("page.size") * g("pages.total"),
        "page_size": g("page.size"),
        "pgtable_bytes": g("pages.pgtable") * PAGE,
        "kstack_bytes": g("pages.kstack") * PAGE,
        "pgtable_table_bytes": g("pgtable.bytes"),
        "slab_page_bytes": g("pages.slab") * PAGE,
        "kernel_ram_bytes": (g("pages.total") - g("pages.free") - g("pages.anon") -
                             g("pages.swap_cache")) * PAGE,
        "anon_pages": g("pages.anon"),
        "ram_bytes": (g("pages.total") - g("pages.free")) * PAGE,
        "image_mapped_pages": g("pages.image_mapped"),
    }
    for c in CACHES:
        m["slab.%s.objects" % c] = g("slab.%s.inuse" % c)
        m["slab.%s.bytes" % c] = g("slab.%s.inuse" % c) * g("slab.%s.objsize" % c)
    m["rmap_bytes"] = sum(m["slab.%s.bytes" % c] for c in RMAP_CACHES)
    for k, v in s.items():		# the reverse map's own counters, as the kernel names them
        if k.startswith("rmap."):
            m[k] = v
    return m


def qemu_append(workload):
    prog, _, args = workload.partition(" ")
    return "meminfo init=%s -- %s" % (prog, args)


# Deterministic runs: with -icount the guest's clock counts instructions, so
# timer ticks, and with them the scheduling, fall at the same points in every
# run however loaded the host is (sleep=off: idle time passes at once).
# Without it, the order in which children exit could differ between two runs
# and leave the buddy free lists split differently.
QEMU_DETERMINISTIC = ["-icount", "shift=0,sleep=off"]


def run_one(col, workload):
    cmd = qemu.command(os.path.join(col["build_dir"], ".config"), col["image"],
                       append=qemu_append(workload), extra=QEMU_DETERMINISTIC)
    t0 = time.monotonic()
    res = qemu.run_captured(cmd, RUN_TIMEOUT)
    r = parse_console(res.output)
    swap = re.search(r"^swap: .*$", res.output, re.M)
    run = {"config": col["name"], "workload": workload, "qemu": " ".join(shlex.quote(a) for a in cmd),
           "swap": swap.group(0) if swap else "no swap line (built without swap)",
           "status": res.status, "seconds": round(time.monotonic() - t0, 2),
           "params": r["params"], "leaks": r["leaks"], "result": r["result"], "notes": r["notes"],
           "raw": {k: r[k] for k in ("boot", "before", "peak", "delta", "end")}}
    error = None
    if res.timed_out:
        error = "killed after %ds" % RUN_TIMEOUT
    elif not r["boot"]:
        error = "no accounting dump at boot (status %s)" % res.status
    elif not r["peak"]:
        error = "no measurement from the workload (status %s)" % res.status
    elif res.status != 0 or r["result"] != "ok":
        error = "workload ended with status %s, result %s" % (res.status, r["result"])
    if error:
        run.update(error=error, tail=res.tail(TAIL))
    if r["boot"]:
        run["boot"] = metrics(r["boot"])
    if r["peak"] and r["before"]:
        run["before"] = metrics(r["before"])
        run["peak"] = metrics(r["peak"])
        run["delta"] = {k: run["peak"][k] - run["before"].get(k, 0) for k in run["peak"]}
        # The kernel-side delta lines and peak - before must agree, counter by counter.
        bad = [k for k, v in r["delta"].items() if r["peak"].get(k, 0) - r["before"].get(k, 0) != v]
        run["delta_check"] = "ok" if not bad else "differs: " + " ".join(bad)
    if r["end"]:
        run["end"] = metrics(r["end"])
    return run


# ---------------------------------------------------------------- capacity

# What swap buys: the largest size of a workload that completes on a small RAM.
#   name -> (row label, what one size means, the size's range, init command, passes?)
def _tree_ok(out, status):
    return status == 0 and "result ok" in out and "Out of memory" not in out


def _stress_ok(out, status):
    return status == 0 and re.search(r"^swapstress: .*: all intact$", out, re.M) is not None


CAPACITY_CASES = {
    "tree": ("tree N 1: largest N", "children, each writing 31 of its 256 inherited pages (124 KiB); "
             "the parent maps and writes 1 MiB", 1, 1024, "tree -- %d 1", _tree_ok),
    "swapstress": ("swapstress M 4: largest M", "MiB written over 4 processes and read back "
                   "intact, 2 rounds", 1, 96, "swapstress -- %d 4", _stress_ok),
}
CAPACITY_RAMS = ["4M", "8M", "16M"]
STANDARD_CAPACITY = "tree@4M,8M,16M;swapstress@4M,8M,16M"
QUICK_CAPACITY = "tree@8M"
CAPACITY_SWAP_MIB = 64
CAPACITY_TIMEOUT = 60		# seconds; a probe that completes takes a few


def failure_reason(output, status, timed_out):
    """Why a capacity probe did not complete, in a few words."""
    if timed_out:
        return "hung, killed at the time limit"
    if re.search(r"swap read error|swap I/O|no free request slot", output):
        return "swap I/O error"
    if "Out of memory: killed" in output:
        return "OOM kill"
    if re.search(r"bad page|not intact|wrong data", output, re.I):
        return "data error"
    return "exit status %s" % status


def parse_capacity(text):
    """'tree@4M,8M;swapstress@16M=swap-off+shared' -> [(case, ram, configs or None)];
    'none' -> [].  '=a+b' limits a part to those configs."""
    out = []
    if text.strip() in ("", "none"):
        return out
    for part in text.split(";"):
        part, _, only = part.partition("=")
        only = [x for x in only.split("+") if x] or None
        case, _, rams = part.strip().partition("@")
        if case not in CAPACITY_CASES:
            raise ValueError("capacity '%s': the cases are %s" % (part, " ".join(CAPACITY_CASES)))
        for ram in (rams or ",".join(CAPACITY_RAMS)).split(","):
            ram = ram.strip().upper()
            if not re.fullmatch(r"\d+M", ram) or not 4 <= int(ram[:-1]) <= 768:
                raise ValueError("capacity '%s': RAM '%s' is not 4M to 768M" % (part, ram))
            out.append((case, ram, only))
    return out


def bisect_largest(passes, lo, hi):
    """The largest n in [lo, hi] with passes(n), assuming passes holds up to some
    point and not beyond; 0 if passes(lo) does not hold.  Every n tried is in the
    returned list of (n, ok), in order, so the answer can be checked: n passed
    and n + 1 failed (unless n is hi)."""
    probes = []
    good, bad = lo - 1, hi + 1		# good passes (or is below the range), bad fails (or is above)
    while bad - good > 1:
        mid = (good + bad) // 2
        ok = passes(mid)
        probes.append((mid, ok))
        if ok:
            good = mid
        else:
            bad = mid
    return max(good, 0), probes


def capacity_cell(col, case, ram, swap_dir):
    """Bisect one (config, case, RAM): the cell of the capacity table."""
    label, _what, lo, hi, fmt_cmd, ok_fn = CAPACITY_CASES[case]
    dotconfig = read_dotconfig_text(col.get("config", ""))
    # A config that swaps to zram when no disk is found gets no disk.
    swap = dotconfig.get("CONFIG_SWAP") == "y" and dotconfig.get("CONFIG_ZRAM_DEFAULT") != "y"
    runs = []

    def passes(n):
        img = None
        if swap:
            img = qemu.make_swap_image(os.path.join(swap_dir, "%s-%s-%s.img" % (col["name"], case, ram)),
                                       CAPACITY_SWAP_MIB)
        cmd = qemu.command(os.path.join(col["build_dir"], ".config"), col["image"], ram=ram, swap=img,
                           append="init=" + fmt_cmd % n, extra=QEMU_DETERMINISTIC)
        t0 = time.monotonic()
        res = qemu.run_captured(cmd, CAPACITY_TIMEOUT)
        ok = not res.timed_out and ok_fn(res.output, res.status)
        runs.append({"n": n, "ok": ok, "status": res.status, "timed_out": res.timed_out,
                     "oom_kill": "Out of memory: killed" in res.output,
                     "seconds": round(time.monotonic() - t0, 2),
                     "why": None if ok else failure_reason(res.output, res.status, res.timed_out),
                     "tail": "" if ok else res.tail(6)})
        if img:
            os.unlink(img)
        return ok
    largest, probes = bisect_largest(passes, lo, hi)
    tried = dict(probes)
    exact = (largest == 0 and tried.get(lo) is False) or \
        (largest > 0 and tried.get(largest) is True and (largest == hi or tried.get(largest + 1) is False))
    nxt = next((p for p in runs if p["n"] == largest + 1), None)
    return {"config": col["name"], "case": case, "ram": ram, "label": label, "largest": largest,
            "next_failure": nxt["why"] if nxt else None,
            "at_limit": largest == hi, "limit": hi, "swap_mib": CAPACITY_SWAP_MIB if swap else 0,
            "exact": exact, "probes": runs}


def capacity_table(rep):
    """Markdown lines: the capacity of every config, after the summary."""
    cap = rep.get("capacity") or []
    built = [c["name"] for c in rep["columns"] if c["status"] == "built"]
    L = ["## What swap buys: capacity on %s" % rep["board"], ""]
    if not cap:
        return L + ["Capacity was not measured in this run (footprint.py --capacity none)."]
    cells = {(x["config"], x["case"], x["ram"]): x for x in cap}
    keys = sorted({(x["case"], x["ram"]) for x in cap}, key=lambda k: (list(CAPACITY_CASES).index(k[0]),
                                                                      ram_mib_of(k[1])))
    rows = []
    for case, ram in keys:
        row = ["%s (%s)" % (CAPACITY_CASES[case][0], "children" if case == "tree" else "MiB"),
               "%d MiB" % ram_mib_of(ram)]
        for n in built:
            x = cells.get((n, case, ram))
            row.append("-" if x is None else ("%s%d" % (">= " if x["at_limit"] else "", x["largest"]) +
                                               ("" if x["exact"] else " (not exact)") +
                                               (" (N+1: %s)" % x["next_failure"] if x.get("next_failure") else "")))
        rows.append(row)
    L += table(["workload: largest size that completes", "RAM"] + built, rows)
    swaps = sorted({x["swap_mib"] for x in cap if x["swap_mib"]})
    L += ["", "Found by bisection, each probe one QEMU run under -icount; every cell's N passed and N+1 failed (footprint.json keeps every probe and its console "
          "tail; after each cell, why N+1 failed). tree N 1: %s; it completes when every process saw its own data and no process was "
          "killed for memory. swapstress M 4: %s. Configs with swap get a fresh %s MiB swap area on "
          "virtio-blk per probe; swap-off has no swap code at all. '>= X': the largest size tried "
          "(X) completed. Without a swap disk every probe repeats exactly; with one, the disk "
          "completes its I/O in host time while -icount skips the guest's idle time, so a probe near "
          "the limit can end differently on another run, and the kernel's swap I/O time-out (guest "
          "time) can fire while the host disk is still working ('swap I/O error')." % (CAPACITY_CASES["tree"][1], CAPACITY_CASES["swapstress"][1],
                              "/".join(str(s) for s in swaps) or "-")]
    return L


# ---------------------------------------------------------------- derived tables

def workload_key(w):
    f = w.split()
    return f[0], [int(x) for x in f[1:]]


def slopes(runs):
    """Per-child (tree, prot) and per-generation (chain) slopes of every delta row:
    (delta at the largest N - delta at the smallest N) / (N_max - N_min)."""
    groups = {}
    for r in runs:
        if "delta" not in r or "error" in r:
            continue
        prog, args = workload_key(r["workload"])
        if prog in ("tree", "prot"):
            v = args[1] if prog == "tree" else 8
            groups.setdefault(("%s V=%d" % (prog, v), "child"), []).append((args[0], r))
        elif prog == "chain":
            groups.setdefault(("chain V=%d" % args[1], "generation"), []).append((args[0], r))
    out = []
    for (label, per), pts in sorted(groups.items()):
        pts.sort(key=lambda p: p[0])
        (n0, r0), (n1, r1) = pts[0], pts[-1]
        if n1 == n0:
            continue
        out.append({"group": label, "per": per, "from": n0, "to": n1,
                    "formula": "(delta at %d - delta at %d) / %d" % (n1, n0, n1 - n0),
                    "slope": {k: (r1["delta"][k] - r0["delta"].get(k, 0)) / (n1 - n0)
                              for k in r1["delta"]}})
    return out


def targets(col):
    """The footprint targets that apply to this column: [(target, value, limit, met)]."""
    out = []
    runs = [r for r in col.get("runs", []) if "peak" in r]
    sl = {s["group"]: s["slope"] for s in col.get("slopes", [])}
    vals = read_dotconfig_text(col.get("config", ""))
    swap_off = vals.get("CONFIG_SWAP", "n") == "n"
    reuse = vals.get("CONFIG_ANON_VMA_REUSE") == "y" and vals.get("CONFIG_ANON_RMAP_CHAIN") == "y"
    if swap_off:
        st = col["static"]
        out.append(("rmap bytes in the image = 0", st["rmap_symbol_bytes"], 0,
                    st["rmap_symbol_bytes"] == 0))
        peak = max([max(r["peak"]["rmap_bytes"], r["boot"]["rmap_bytes"]) for r in runs]) if runs else None
        out.append(("rmap bytes in RAM at every peak = 0", peak, 0, None if peak is None else peak == 0))
        ps = runs[0]["boot"]["page_size"] if runs else None
        out.append(("struct page <= 8 bytes", ps, 8, None if ps is None else ps <= 8))
    else:
        ps = runs[0]["boot"].get("page_size") if runs else None
        out.append(("struct page with swap <= 16 bytes", ps, 16, None if ps is None else ps <= 16))
    if design(col) in ("chain", "chain-noreuse"):
        for r in runs:
            prog, args = workload_key(r["workload"])
            if prog == "tree" and args[0] == 256 and "walk.cowed_page" in r["params"]:
                val = r["params"]["walk.cowed_page"]
                out.append(("VMAs visited for a COWed page, %s <= %d" % (r["workload"], COW_WALK_LIMIT),
                            val, COW_WALK_LIMIT, val <= COW_WALK_LIMIT))
    if not swap_off:
        for r in runs:
            if r["workload"].startswith("split ") and "walk.split_page" in r["params"]:
                val = r["params"]["walk.split_page"]
                out.append(("VMAs visited per walk, %s <= %d" % (r["workload"], SPLIT_WALK_LIMIT),
                            val, SPLIT_WALK_LIMIT, val <= SPLIT_WALK_LIMIT))
    if reuse:
        # A slope needs tree N V at two N: without them the target was not measured (None).
        for v, (limit, _linux) in sorted(SLOPE_TARGETS.items()):
            s = sl.get("tree V=%d" % v)
            val = s["rmap_bytes"] if s else None
            out.append(("rmap bytes per extra child, tree N %d <= %d bytes" % (v, limit), val, limit,
                        None if val is None else val <= limit))
    # Kernel RAM and page tables per extra child, in every config.
    for v, limit in ((1, KERNEL_RAM_PER_CHILD_LIMIT), (8, KERNEL_RAM_PER_CHILD_LIMIT_V8)):
        s = sl.get("tree V=%d" % v)
        val = s["kernel_ram_bytes"] if s else None
        out.append(("kernel RAM per extra child, tree N %d <= %d bytes" % (v, limit), val, limit,
                    None if val is None else val <= limit))
    # Program text mapped from the initramfs: N more processes running it map no more of it.
    for r in runs:
        if r["workload"].startswith("same ") and "delta" in r:
            val = r["delta"]["image_mapped_pages"]
            out.append(("program text counted once: pages.image_mapped grows by 0 in %s" % r["workload"],
                        val, 0, val == 0 and r["peak"]["image_mapped_pages"] > 0))
    n = vals.get("CONFIG_TTBCR_N")
    if n and n.isdigit():
        l1 = 16384 >> int(n)
        out.append(("first-level table bytes per process <= 2048 bytes", l1, 2048, l1 <= 2048))
        s = sl.get("tree V=1")
        l2 = s["pgtable_table_bytes"] - l1 if s and "pgtable_table_bytes" in s else None
        out.append(("second-level table bytes per extra child, tree N 1 <= 3072 bytes", l2, 3072,
                    None if l2 is None else l2 <= 3072))
    return out


def target_status(met):
    """A target's verdict: met, missed, or not measured in this run."""
    return {True: "met", False: "**missed**", None: "not measured in this run"}[met]


def read_dotconfig_text(text):
    vals = {}
    for line in text.splitlines():
        m = re.match(r"^(CONFIG_\w+)=(.*)$", line.strip())
        if m:
            vals[m.group(1)] = m.group(2)
    return vals


def design(col):
    """swap-off, shared (legacy), chain-noreuse or chain, from the column's .config."""
    vals = read_dotconfig_text(col.get("config", ""))
    if vals.get("CONFIG_SWAP", "n") == "n":
        return "swap-off"
    if vals.get("CONFIG_ANON_RMAP_SHARED") == "y":
        return "shared"
    return "chain" if vals.get("CONFIG_ANON_VMA_REUSE") == "y" else "chain-noreuse"


def run_walks(run):
    """The walk.* figures a run printed: {key: VMAs visited}; {} without a reverse map."""
    return {k: v for k, v in run.get("params", {}).items() if k.startswith("walk.")}


def walk_table(built, workloads):
    """Counted rows: every walk figure of every workload, one column per config."""
    runs = {(c["name"], r["workload"]): r for c in built for r in c["runs"]}
    rows = []
    for w in workloads:
        for key, what in WALKS:
            vals = [run_walks(runs[(c["name"], w)]).get(key) if (c["name"], w) in runs else None
                    for c in built]
            if any(v is not None for v in vals):
                rows.append([w, key] + [fmt(v) for v in vals])
    return rows


def _delta(run, key):
    return run["delta"].get(key) if run and "delta" in run and "error" not in run else None


def rmap_tables(built):
    """The reverse map's tables, from the runs the report already has:
    tree N V objects, bytes and slopes; walks of a COWed page; chain G growth;
    split K walks.  Lines of markdown; a table whose workloads were not run is left out."""
    L = []
    names = [c["name"] for c in built]
    runs = {(c["name"], r["workload"]): r for c in built for r in c["runs"]}
    have = {w for (_n, w) in runs}

    def trees(v):
        return sorted({workload_key(w)[1][0] for w in have
                       if workload_key(w)[0] == "tree" and workload_key(w)[1][1] == v})

    for v in (1, 8):
        ns = trees(v)
        if not ns:
            continue
        L += ["", "### tree N %d: rmap objects and bytes at the peak (difference from before)" % v, "",
              "Counted: slab.anon_vma.inuse, slab.anon_vma_chain.inuse; bytes derived: "
              "objects x slab objsize.", ""]
        rows = []
        for c in built:
            for n in ns:
                r = runs.get((c["name"], "tree %d %d" % (n, v)))
                rows.append([c["name"], n] + [fmt(_delta(r, k)) for k in (
                    "slab.anon_vma.objects", "slab.anon_vma_chain.objects", "slab.anon_vma.bytes",
                    "slab.anon_vma_chain.bytes", "rmap_bytes")])
            sl = next((x for x in c.get("slopes", []) if x["group"] == "tree V=%d" % v), None)
            if sl:
                rows.append([c["name"], "per extra child (%d..%d)" % (sl["from"], sl["to"])] + [
                    fmt(sl["slope"].get(k)) for k in (
                        "slab.anon_vma.objects", "slab.anon_vma_chain.objects", "slab.anon_vma.bytes",
                        "slab.anon_vma_chain.bytes", "rmap_bytes")])
        L += table(["config", "N", "anon_vma objects", "avc objects", "anon_vma bytes", "avc bytes",
                    "rmap bytes"], rows)
    slope_rows = []
    for v, (limit, linux) in sorted(SLOPE_TARGETS.items()):
        for c in built:
            sl = next((x for x in c.get("slopes", []) if x["group"] == "tree V=%d" % v), None)
            if sl:
                val = sl["slope"].get("rmap_bytes")
                slope_rows.append(["tree N %d" % v, c["name"], fmt(val), limit, linux,
                                   "met" if val is not None and val <= limit else "**over**"])
    if slope_rows:
        L += ["", "### rmap bytes per extra child against the target", "",
              "Derived: (rmap bytes at N_max - at N_min) / (N_max - N_min). The target is for "
              "the chain design with reuse; the other columns are shown against it for comparison.", ""]
        L += table(["workload", "config", "bytes per extra child", "target", "Linux 6.1", ""], slope_rows)

    rows = []
    for v in (1, 8):
        for n in trees(v):
            w = "tree %d %d" % (n, v)
            cells = []
            for c in built:
                wk = run_walks(runs.get((c["name"], w), {}))
                cells.append("%s / %s" % (fmt(wk.get("walk.cowed_page")), fmt(wk.get("walk.shared_page")))
                             if wk else "-")
            rows.append([w, n + 1] + cells)
    if any(cell != "-" for r in rows for cell in r[2:]):
        L += ["", "### VMAs a reverse-map walk visits in tree N V: COWed page / shared page", "",
              "Counted by the kernel (SYS_rmap_walk from the last child, all N children alive). "
              "Target at N=256 for a COWed page: at most %d with the chain design; the legacy "
              "shared anon_vma visits every process's VMA." % COW_WALK_LIMIT, ""]
        L += table(["workload", "processes"] + names, rows)

    chains = sorted((w for w in have if workload_key(w)[0] == "chain"),
                    key=lambda w: (workload_key(w)[1][1], workload_key(w)[1][0]))
    if chains:
        L += ["", "### chain G V: anon_vma and avc objects at the peak (difference from before)", "",
              "Counted: slab.anon_vma.inuse / slab.anon_vma_chain.inuse with the parent and C_G alive. "
              "With reuse the anon_vma count must not grow with G.", ""]
        rows = [[w] + ["%s / %s" % (fmt(_delta(runs.get((n, w)), "slab.anon_vma.objects")),
                                    fmt(_delta(runs.get((n, w)), "slab.anon_vma_chain.objects")))
                       for n in names] for w in chains]
        for v in sorted({workload_key(w)[1][1] for w in chains}):
            gs = [w for w in chains if workload_key(w)[1][1] == v]
            if len(gs) > 1:
                lo, hi = gs[0], gs[-1]

                def grow(n, k):
                    a, b = _delta(runs.get((n, lo)), k), _delta(runs.get((n, hi)), k)
                    return None if a is None or b is None else b - a
                rows.append(["growth, %s -> %s" % (lo, hi)] + [
                    "%s / %s" % (fmt(grow(n, "slab.anon_vma.objects")),
                                 fmt(grow(n, "slab.anon_vma_chain.objects"))) for n in names])
        L += table(["workload: anon_vmas / avcs"] + names, rows)

    splits = sorted((w for w in have if workload_key(w)[0] == "split"), key=lambda w: workload_key(w)[1])
    if splits:
        L += ["", "### split K: VMAs a reverse-map walk visits", "",
              "Counted (SYS_rmap_walk on a page in the middle of the region, after the splits); "
              "target at most %d however many pieces. VMAs: the number of pieces the workload made." %
              SPLIT_WALK_LIMIT, ""]
        rows = []
        for w in splits:
            r0 = next((runs[(n, w)] for n in names if (n, w) in runs), {})
            rows.append([w, fmt(r0.get("params", {}).get("vmas"))] + [
                fmt(run_walks(runs.get((n, w), {})).get("walk.split_page")) for n in names])
        L += table(["workload", "VMAs"] + names, rows)
    return L


# ---------------------------------------------------------------- output: markdown

def image_bytes(static):
    """text + data + bss without the test code (in-kernel tests, user test programs)."""
    tc = static.get("test_code") or {}
    return static["sizes"]["total"] - tc.get("kernel_bytes", 0) - tc.get("user_bytes", 0)


def fmt(v):
    if v is None:
        return "-"
    if isinstance(v, float):
        return ("%.1f" % v).rstrip("0").rstrip(".") if v != int(v) else "%d" % v
    return "%d" % v


def table(head, rows):
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" if i == 0 else "--:"
                                                         for i in range(len(head))) + "|"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return out


def ram_mib(built):
    """The RAM the runs had, from the boot dump: pages.total x 4096, in MiB."""
    for c in built:
        for r in c.get("runs", []):
            total = r.get("raw", {}).get("boot", {}).get("pages.total")
            if total:
                return total * PAGE >> 20
    return None


def boot_raw(col):
    return next((r["raw"]["boot"] for r in col.get("runs", []) if r.get("raw", {}).get("boot")), {})


def slope_of(col, group, key):
    s = next((x for x in col.get("slopes", []) if x["group"] == group), None)
    return s["slope"].get(key) if s else None


def pct(v, base):
    if v is None or base is None:
        return "-"
    d = v - base
    return "%+d (%+.1f%%)" % (d, 100.0 * d / base) if base else "%+d" % d


def summary_rows(rep):
    """The summary: [(figure, unit, [value per built column], Linux 6.1)], values as text."""
    built = [c for c in rep["columns"] if c["status"] == "built"]
    base = next((c for c in built if design(c) == "swap-off"), built[0] if built else None)
    rows = []

    def row(figure, unit, values, linux=None):
        rows.append((figure, unit, [v if isinstance(v, str) else fmt(v) for v in values],
                     "-" if linux is None else fmt(linux)))

    img = [image_bytes(c["static"]) for c in built]
    row("image, text + data + bss without test code", "bytes", img)
    row("image against %s" % base["name"] if base else "image change", "bytes (%)",
        [pct(v, image_bytes(base["static"])) for v in img])
    row("reverse-map symbols in the image", "bytes", [c["static"]["rmap_symbol_bytes"] for c in built])
    boot = [c.get("boot") or {} for c in built]
    row("kernel RAM at boot", "bytes", [b.get("kernel_ram_bytes") for b in boot])
    row("of which struct page", "bytes", [b.get("struct_page_bytes") for b in boot])
    row("struct page, per page of RAM", "bytes", [b.get("page_size") for b in boot],
        LINUX_6_1["struct_page"])
    row("kernel RAM per forked process (tree N 1)", "bytes per child",
        [slope_of(c, "tree V=1", "kernel_ram_bytes") for c in built], LINUX_6_1["kernel_ram_per_child"])
    per_vma = []
    for c in built:
        a, b = slope_of(c, "tree V=1", "kernel_ram_bytes"), slope_of(c, "tree V=8", "kernel_ram_bytes")
        per_vma.append(None if a is None or b is None else (b - a) / 7)
    row("kernel RAM per VMA of a child (tree N 8 - tree N 1) / 7", "bytes per VMA", per_vma)
    row("rmap bytes per forked process (tree N 1)", "bytes per child",
        [slope_of(c, "tree V=1", "rmap_bytes") for c in built], LINUX_6_1["rmap_per_child_tree_1"])
    row("rmap bytes per forked process (tree N 8)", "bytes per child",
        [slope_of(c, "tree V=8", "rmap_bytes") for c in built], LINUX_6_1["rmap_per_child_tree_8"])
    same = [next((r for r in c.get("runs", []) if r["workload"] == "same 16" and "delta" in r), None)
            for c in built]
    row("RAM for 16 more processes running the same program (same 16)", "bytes",
        [r["delta"]["ram_bytes"] if r else None for r in same])
    row("program text the 17 share from the initramfs (counted once, not in the row above)", "bytes",
        [r["peak"]["image_mapped_pages"] * PAGE if r else None for r in same])
    for cache in ("vm_area_struct", "anon_vma", "anon_vma_chain"):
        row("%s object" % cache, "bytes",
            [boot_raw(c).get("slab.%s.objsize" % cache, "none") for c in built], LINUX_6_1[cache])
    return rows


def summary(rep):
    """Markdown lines: what each config costs, first thing in the report and on the terminal."""
    built = [c for c in rep["columns"] if c["status"] == "built"]
    if not built:
        return ["Nothing was built: no summary."]
    mib = ram_mib(built)
    L = ["## What CONFIG_SWAP costs on %s with %s of RAM" % (rep["board"], "%d MiB" % mib if mib else "?"), ""]
    L += table(["figure", "unit"] + [c["name"] for c in built] + ["Linux 6.1"],
               [[f, u] + v + [lx] for f, u, v, lx in summary_rows(rep)])
    L += ["", "Counted by the kernel or from the ELF; per child: the slope (delta at the largest N - "
          "delta at the smallest N) / (N_max - N_min); per VMA: the difference of the per-child "
          "slopes of tree N 8 and tree N 1 (seven more VMAs per child) / 7; '-': not measured in this "
          "run. Test code (in-kernel KTAP suites, user test programs) is left out of the image "
          "figure and counted on its own lines under Image. Linux 6.1: %s." % LINUX_6_1_SOURCE]
    return L


def markdown(rep):
    cols = rep["columns"]
    built = [c for c in cols if c["status"] == "built"]
    names = [c["name"] for c in built]
    swaps = sorted({r.get("swap", "-") for c in built for r in c.get("runs", [])})
    L = ["# Anvil footprint: %s" % rep["board"], ""]
    L += summary(rep)
    L += [""] + capacity_table(rep)
    L += ["", "Git revision %s%s. Workloads: %s. Every number is counted (by the kernel's "
          "accounting or from the ELF) or marked derived with its formula; bytes from "
          "pages are pages x 4096." % (rep["git"]["revision"],
                                       " (dirty working tree)" if rep["git"]["dirty"] else "",
                                       "; ".join(rep["workloads"])), "",
          "Swap: these runs attach no swap disk, so they measure what the code and its structures "
          "cost, not swapping; the kernels said: %s." % ("; ".join("`%s`" % s for s in swaps) or "-"), "",
          "Tools: %s." % "; ".join(rep["tools"].values()), ""]
    if rep.get("swap_device"):
        L += ["Swap device: %s." % rep["swap_device"], ""]
    if rep.get("plots"):
        L += ["![%s](%s)" % ("footprint plots", rep["plots"][0]), ""]
    L += ["## Configs", ""]
    L += table(["config", "what", "requested", "status"],
               [[c["name"], c["what"], " ".join(c["requested"]) or "-",
                 c["reason"] if c["status"] != "built" else
                 "built; no slab cache " + ", ".join(c["absent_caches"]) if c.get("absent_caches")
                 else c["status"]] for c in cols])
    L.append("")
    if not built:
        L.append("Nothing was built.")
    else:
        L += ["## Targets: rmap bytes, walks, struct page and kernel RAM per child", ""]
        rows = []
        for c in built:
            for t, val, limit, met in c["targets"]:
                rows.append([c["name"], t, fmt(val), target_status(met)])
        L += table(["config", "target", "measured", ""], rows) if rows else \
            ["No target applies to the configs measured."]
        wrows = walk_table(built, rep["workloads"])
        if wrows:
            L += ["", "## Reverse-map walks (counted: VMAs visited, SYS_rmap_walk)", ""]
            L += ["- %s: %s" % x for x in WALKS] + [""]
            L += table(["workload", "page walked"] + names, wrows)
        rtables = rmap_tables(built)
        if rtables:
            L += ["", "## The reverse map's tables"] + rtables
        L += ["", "## Image (counted from the ELF: section headers, nm, link map)", ""]
        st = [c["static"] for c in built]
        rows = [[k] + [fmt(s["sizes"][k]) for s in st] for k in ("text", "data", "bss", "total")]
        rows.append(["of which: in-kernel tests (ktest.o, *_test.o)"] +
                    [fmt(s.get("test_code", {}).get("kernel_bytes")) for s in st])
        rows.append(["of which: user test programs in the initramfs (t_*, runtests, orphan, hello)"] +
                    [fmt(s.get("test_code", {}).get("user_bytes")) for s in st])
        rows.append(["of which: other initramfs programs (sh, workloads, benchmarks)"] +
                    [fmt(s.get("test_code", {}).get("initramfs_other_bytes")) for s in st])
        rows.append(["total without test code"] + [fmt(image_bytes(s)) for s in st])
        rows.append(["rmap symbol bytes"] + [fmt(s["rmap_symbol_bytes"]) for s in st])
        L += table(["image, bytes"] + names, rows)
        for c in built:
            if c["static"]["rmap_symbols"]:
                L.append("")
                L.append("All %d rmap symbols in %s, bytes: %s" % (
                    len(c["static"]["rmap_symbols"]), c["name"], ", ".join(
                        "%s (%d)" % tuple(x) for x in c["static"]["rmap_symbols"])))
        dirs = sorted({d for s in st for d in s["directories"]},
                      key=lambda d: -max(s["directories"].get(d, {}).get("total", 0) for s in st))
        L += ["", "By directory (text + data + bss; `scripts/bloat.py --tree` gives objects "
              "and symbols):", ""]
        L += table(["directory"] + names,
                   [[d] + [fmt(s["directories"].get(d, {}).get("total", 0)) for s in st] for d in dirs])
        every = sorted({n for s in st for n in s["symbols"]},
                       key=lambda n: (-max(s["symbols"].get(n, 0) for s in st), n))
        top = every[:15]
        L += ["", "The %d largest of %d symbols, bytes (nm -S; %d more in footprint.json, "
              "`scripts/bloat.py --tree` lists them):" % (len(top), len(every), len(every) - len(top)), ""]
        L += table(["symbol"] + names, [[n] + [fmt(s["symbols"].get(n)) for s in st] for n in top])
        for d in rep["diffs"]:
            L += ["", "Symbols, %s -> %s (bloat-o-meter style; `make footprint-diff A=%s B=%s`):"
                  % (d["old"], d["new"], d["old"], d["new"]), "", "```"]
            L += d["lines"][:25] + (["... %d more" % (len(d["lines"]) - 25)] if len(d["lines"]) > 25 else [])
            L.append("```")
        L += ["", "## RAM at boot (just before init)", ""]
        L += metric_table(built, lambda c: c["boot"])
        runs = {(c["name"], r["workload"]): r for c in built for r in c["runs"]}
        for key, title in SUMMARY:
            kind, formula = METRIC_INFO[key][1:]
            L += ["", "## %s at each workload's peak, difference from just before it (%s: %s)"
                  % (title, kind, formula), ""]
            L += table(["workload"] + names, [[w] + [
                fmt(runs[(n, w)]["delta"].get(key)) if "delta" in runs.get((n, w), {}) else "failed"
                for n in names] for w in rep["workloads"]])
        groups = sorted({s["group"] for c in built for s in c["slopes"]})
        if groups:
            L += ["", "## Slopes: cost of one more child (tree, prot) or generation (chain)", "",
                  "Derived: (delta at the largest N - delta at the smallest N) / (N_max - N_min).", ""]
            rows = []
            for g in groups:
                sl = {c["name"]: next((x for x in c["slopes"] if x["group"] == g), None) for c in built}
                any_sl = next(x for x in sl.values() if x)
                for key in SLOPE_ROWS:
                    rows.append(["%s, N %d..%d" % (g, any_sl["from"], any_sl["to"]),
                                 METRIC_INFO[key][0]] +
                                [fmt(sl[n]["slope"].get(key)) if sl[n] else "-" for n in names])
            L += table(["group", "row (its unit) per extra child or generation"] + names, rows)
    L += ["", "## Repeatability", ""]
    if rep["repeats"]:
        for x in rep["repeats"]:
            L.append("- %s, %s, run twice: %s" % (x["config"], x["workload"], x["verdict"]))
    else:
        L.append("No repeat runs (--repeat 0).")
    fails = [c for c in cols if c["status"] == "failed"] + \
        [r for c in built for r in c["runs"] if "error" in r]
    if fails:
        L += ["", "## Failures", ""]
        for f in fails:
            what = f["name"] + ": build" if "runs" not in f and "workload" not in f else \
                "%s: %s" % (f.get("config", f.get("name")), f.get("workload", "build"))
            L += ["%s: %s" % (what, f.get("error") or f.get("reason")), "", "```", f.get("tail", ""), "```", ""]
    if built:
        L += ["", "## Every row at each workload's peak", "",
              "Difference from just before the workload; after it, `leaks` counts the counters "
              "that did not come back after teardown (user/lib/msnap.c).", ""]
        for w in rep["workloads"]:
            L += ["### %s" % w, ""]
            L += metric_table(built, lambda c: runs.get((c["name"], w), {}).get("delta"))
            L += [""] + ["- %s: processes %s, leaks after teardown %s%s" % (
                r["config"], r["params"].get("processes", "-"), fmt(r["leaks"]),
                ", FAILED: " + r["error"] if "error" in r else "")
                for r in (runs.get((n, w)) for n in names) if r] + [""]
    L += ["", "## Columns: .config and QEMU command", ""]
    for c in cols:
        L.append("- **%s** (%s): %s" % (c["name"], c["status"], ", ".join(
            "`%s`" % x for x in config_lines(c.get("config", ""), c["requested"])) or "-"))
        if c["status"] == "built" and c["runs"]:
            L.append("  QEMU: `%s`" % c["runs"][0]["qemu"])
    return "\n".join(L) + "\n"


def metric_table(built, get):
    head = ["row", "kind: formula"] + [c["name"] for c in built]
    data = [get(c) for c in built]
    extra = sorted({k for d in data if d for k in d if k.startswith("rmap.")})
    rows = []
    for key, label, kind, formula in METRICS + [(k, k, "counted", k) for k in extra]:
        rows.append([label, "%s: %s" % (kind, formula)] +
                    [fmt(d.get(key)) if d else "-" for d in data])
    return table(head, rows)


# ---------------------------------------------------------------- output: plots

def plot_series(rep):
    """What the plots draw, as plain data (the unit tests read it):
    {"rmap": {(config, V): [(processes, bytes)]}, "per_child": {config: {V: bytes}},
     "static": {config: (image bytes, kernel RAM at boot)}, "capacity": [...]}"""
    built = [c for c in rep["columns"] if c["status"] == "built"]
    s = {"rmap": {}, "per_child": {}, "static": {}, "capacity": rep.get("capacity", [])}
    for c in built:
        for r in c.get("runs", []):
            if "delta" not in r or "error" in r:
                continue
            prog, args = workload_key(r["workload"])
            if prog == "tree":
                s["rmap"].setdefault((c["name"], args[1]), []).append((args[0] + 1, r["delta"]["rmap_bytes"]))
        for v in (1, 8):
            val = slope_of(c, "tree V=%d" % v, "kernel_ram_bytes")
            if val is not None:
                s["per_child"].setdefault(c["name"], {})[v] = val
        s["static"][c["name"]] = (image_bytes(c["static"]), (c.get("boot") or {}).get("kernel_ram_bytes"))
    for k in s["rmap"]:
        s["rmap"][k].sort()
    return s


def plots(rep, rdir):
    """footprint.png and footprint.svg in rdir, made with matplotlib: rmap bytes
    against processes beside Linux 6.1, kernel RAM per child against Linux, image
    and boot RAM per config, and the capacity table.  Returns (files, axes), axes
    being [(title, xlabel, ylabel, legend outside?)] for the tests."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        say("*** footprint: no plots: python3-matplotlib is missing (sudo apt-get install -y python3-matplotlib)")
        return [], []
    matplotlib.rcParams["svg.hashsalt"] = "anvil-footprint"	# the same ids every time
    s = plot_series(rep)
    configs = [c["name"] for c in rep["columns"] if c["status"] == "built"]
    colours = {n: "C%d" % (i % 10) for i, n in enumerate(configs)}
    fig, axs = plt.subplots(2, 2, figsize=(15, 10))
    fig.suptitle("Anvil on %s: what CONFIG_SWAP and the reverse-map designs cost (git %s)"
                 % (rep["board"], rep["git"]["revision"][:12]))
    info = []

    def finish(ax, title, xlabel, ylabel, legend=True):
        ax.set_title(title)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.grid(True, which="major", alpha=0.3)
        outside = False
        if legend and ax.get_legend_handles_labels()[0]:
            ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0, fontsize="small")
            outside = True
        info.append((title, xlabel, ylabel, outside))

    # 1. rmap bytes against processes, log-log; Linux 6.1's per-child cost as a line.
    ax = axs[0][0]
    xs_all = sorted({x for pts in s["rmap"].values() for x, _ in pts})
    for (name, v), pts in sorted(s["rmap"].items(), key=lambda kv: (configs.index(kv[0][0]), kv[0][1])):
        ax.plot([x for x, _ in pts], [y for _, y in pts], marker="o", color=colours[name],
                linestyle="-" if v == 1 else "--", label="%s, tree N %d" % (name, v))
    if xs_all:
        for v, key in ((1, "rmap_per_child_tree_1"), (8, "rmap_per_child_tree_8")):
            ax.plot(xs_all, [LINUX_6_1[key] * (x - 1) for x in xs_all], color="black",
                    linestyle="-" if v == 1 else "--", linewidth=1,
                    label="Linux 6.1, %d bytes per child (tree N %d)" % (LINUX_6_1[key], v))
        ax.set_xscale("log")
        ax.set_yscale("symlog", linthresh=100)	# swap-off's zeros stay visible
        ax.set_ylim(bottom=0)
    else:
        ax.text(0.5, 0.5, "no tree workload in this run", ha="center", transform=ax.transAxes)
    finish(ax, "Reverse-map slab bytes at the peak of tree N V", "processes (N + 1, log scale)",
           "anon_vma + anon_vma_chain (bytes, symlog scale)")

    # 2. kernel RAM per extra child against Linux.
    ax = axs[0][1]
    names = [n for n in configs if n in s["per_child"]]
    for j, v in enumerate((1, 8)):
        ax.bar([i + 0.4 * j for i in range(len(names))], [s["per_child"][n].get(v, 0) for n in names],
               width=0.4, label="tree N %d" % v, color="C%d" % j)
    ax.axhline(LINUX_6_1["kernel_ram_per_child"], color="black", linewidth=1,
               label="Linux 6.1, about 33 KiB per child")
    ax.set_xticks([i + 0.2 for i in range(len(names))], names)
    finish(ax, "Kernel RAM per extra child (slope over N)", "config", "kernel RAM (bytes per child)")

    # 3. image and kernel RAM at boot per config.
    ax = axs[1][0]
    names = list(s["static"])
    ax.bar([i for i in range(len(names))], [s["static"][n][0] for n in names], width=0.4,
           label="image without test code (text + data + bss)", color="C0")
    ax.bar([i + 0.4 for i in range(len(names))], [s["static"][n][1] or 0 for n in names], width=0.4,
           label="kernel RAM at boot", color="C1")
    ax.set_xticks([i + 0.2 for i in range(len(names))], names)
    ax.ticklabel_format(style="plain", axis="y")
    finish(ax, "Image and kernel RAM at boot", "config", "size (bytes)")

    # 4. capacity: the largest N (or MiB) that completes, per config and RAM.
    ax = axs[1][1]
    cap = [x for x in s["capacity"] if x.get("largest") is not None]
    if cap:
        cases = sorted({(x["case"], x["ram"]) for x in cap}, key=lambda k: (k[0], ram_mib_of(k[1])))
        cnames = [n for n in configs if any(x["config"] == n for x in cap)]
        width = 0.8 / max(1, len(cnames))
        for j, n in enumerate(cnames):
            vals = {(x["case"], x["ram"]): x["largest"] for x in cap if x["config"] == n}
            ax.bar([i + width * j for i in range(len(cases))], [vals.get(k, 0) for k in cases],
                   width=width, label=n, color=colours[n])
        ax.set_xticks([i + 0.4 - width / 2 for i in range(len(cases))],
                      ["%s\nRAM %s" % (c, r) for c, r in cases], fontsize="small")
        ax.set_yscale("log")
    else:
        ax.text(0.5, 0.5, "capacity not measured in this run", ha="center", transform=ax.transAxes)
    finish(ax, "Capacity: the largest size that completes with no OOM kill",
           "workload and RAM", "largest N, or MiB for swapstress (log scale)")

    fig.tight_layout()
    files = []
    for ext, kw in (("png", {"dpi": 80, "metadata": {"Software": None}}),
                    ("svg", {"metadata": {"Date": None}})):
        path = os.path.join(rdir, "footprint." + ext)
        fig.savefig(path, bbox_inches="tight", **kw)
        files.append(os.path.basename(path))
    plt.close(fig)
    return files, info


def ram_mib_of(ram):
    m = re.fullmatch(r"(\d+)([MG]?)", ram)
    return int(m.group(1)) * (1024 if m.group(2) == "G" else 1) if m else 0


# ---------------------------------------------------------------- main

def git_info():
    def git(*a):
        p = subprocess.run(["git", "-C", srctree] + list(a), stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, text=True)
        return p.stdout.strip() if p.returncode == 0 else None
    rev = git("rev-parse", "HEAD") or "unknown"
    dirty = bool(git("status", "--porcelain", "--untracked-files=no"))
    return {"revision": rev, "describe": git("describe", "--always", "--dirty", "--tags") or rev,
            "dirty": dirty}


def tool_versions():
    out = {}
    for tool in ("qemu-system-arm", "arm-none-eabi-gcc"):
        try:
            p = subprocess.run([tool, "--version"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            out[tool] = p.stdout.splitlines()[0] if p.stdout else "unknown"
        except OSError:
            out[tool] = "missing"
    return out


def render(path, out):
    """The tables and the plot again from a footprint.json (its revision and runs as
    they were measured); slopes and targets are derived again by this script."""
    try:
        with open(path) as f:
            rep = json.load(f)
        for c in rep["columns"]:
            if c["status"] == "built":
                c["slopes"] = slopes(c["runs"])
                c["targets"] = targets(c)
    except (OSError, ValueError, KeyError) as e:
        sys.exit("*** footprint --render %s: not a footprint.json (%s)" % (path, e))
    os.makedirs(out, exist_ok=True)
    files = write_report(rep, out, with_json=False)
    say("  REPORT  %s/{%s} from %s" % (out, ",".join(files), path))
    if rep.get("swap_device"):
        print("Swap device: " + rep["swap_device"], flush=True)
    return 0


def write_report(rep, rdir, with_json):
    """footprint.{json,md,png,svg} in rdir; the names written."""
    os.makedirs(rdir, exist_ok=True)
    rep["plots"], _axes = plots(rep, rdir)
    files = []
    if with_json:
        with open(os.path.join(rdir, "footprint.json"), "w") as f:
            json.dump(rep, f, indent=1, sort_keys=True)
            f.write("\n")
        files.append("footprint.json")
    with open(os.path.join(rdir, "footprint.md"), "w") as f:
        f.write(markdown(rep))
    return files + ["footprint.md"] + rep["plots"]


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=".")
    ap.add_argument("--board", default="qemu_virt")
    ap.add_argument("--configs")
    ap.add_argument("--workloads")
    ap.add_argument("--quick", action="store_true", help="workloads %s" % "; ".join(QUICK_WORKLOADS))
    ap.add_argument("--jobs", type=int, default=2, help="QEMUs at once (at most 2)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="run the first workload of each config this many extra times and compare")
    ap.add_argument("--capacity", metavar="SPEC",
                    help="capacity cells, 'case@RAM,RAM;case@RAM' with cases %s, or none (default: "
                    "%s; with --quick %s)" % (" ".join(CAPACITY_CASES), STANDARD_CAPACITY, QUICK_CAPACITY))
    ap.add_argument("--render", metavar="JSON",
                    help="measure nothing: rewrite footprint.md, .png and .svg in --out from a footprint.json")
    a = ap.parse_args(argv)
    if a.render:
        return render(a.render, os.path.abspath(a.out))
    if not os.path.isfile(os.path.join(srctree, "configs", a.board + "_defconfig")):
        boards = sorted(f[:-len("_defconfig")] for f in os.listdir(os.path.join(srctree, "configs")))
        sys.exit("*** footprint: no board '%s'. Boards: %s" % (a.board, " ".join(boards)))
    try:
        specs = parse_configs(a.configs or " ".join(STANDARD_CONFIGS))
        workloads = parse_workloads(a.workloads or ";".join(QUICK_WORKLOADS if a.quick else STANDARD_WORKLOADS))
        capacity = parse_capacity(a.capacity if a.capacity is not None else
                                  QUICK_CAPACITY if a.quick else STANDARD_CAPACITY)
    except ValueError as e:
        sys.exit("*** footprint: %s" % e)
    jobs = max(1, min(2, a.jobs))
    out = os.path.abspath(a.out)
    os.makedirs(out, exist_ok=True)
    broot = os.path.join(out, "footprint.build", a.board)

    cols = []
    for spec in specs:
        say("  BUILD   %s: %s" % (spec.name, " ".join(spec.lines) or "(defconfig)"))
        col = build(spec, a.board, os.path.join(broot, spec.name))
        if col["status"] == "unavailable":
            say("  SKIP    %s: %s" % (spec.name, col["reason"]))
        elif col["status"] == "failed":
            say("*** %s: %s; last lines:\n%s" % (spec.name, col["reason"], col["tail"]))
        cols.append(col)
    built = [c for c in cols if c["status"] == "built"]

    tasks = [(c, w) for c in built for w in workloads]
    tasks += [(c, workloads[0]) for c in built for _ in range(a.repeat)]
    total, done = len(tasks), [0]
    results = {}

    def work(i, c, w):
        r = run_one(c, w)
        with _print_lock:
            done[0] += 1
            print("[%d/%d] %s: %s  %s (%.1f s)" % (done[0], total, c["name"], w,
                                                  "FAILED: " + r["error"] if "error" in r else "ok",
                                                  r["seconds"]), flush=True)
            if "error" in r:
                print("      last console lines:\n      " + r["tail"].replace("\n", "\n      "), flush=True)
        results[i] = r

    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
        for f in [ex.submit(work, i, c, w) for i, (c, w) in enumerate(tasks)]:
            f.result()

    cells = [(c, case, ram) for c in built for case, ram, only in capacity if not only or c["name"] in only]
    cap_results = {}
    swap_dir = os.path.join(broot, "capacity-swap")
    if cells:
        os.makedirs(swap_dir, exist_ok=True)

    def cap_work(i, c, case, ram):
        x = capacity_cell(c, case, ram, swap_dir)
        with _print_lock:
            print("[capacity %d/%d] %s: %s at RAM=%s: largest %s%d (%d runs)%s" % (
                len(cap_results) + 1, len(cells), c["name"], case, ram, ">= " if x["at_limit"] else "",
                x["largest"], len(x["probes"]), "" if x["exact"] else ", NOT EXACT"), flush=True)
        cap_results[i] = x

    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
        for f in [ex.submit(cap_work, i, *cell) for i, cell in enumerate(cells)]:
            f.result()

    repeats = []
    n_main = len(built) * len(workloads)
    for c in built:
        c["runs"] = [results[i] for i, (cc, _w) in enumerate(tasks[:n_main]) if cc is c]
        c["boot"] = next((r["boot"] for r in c["runs"] if "boot" in r), None)
        raw = next((r["raw"]["boot"] for r in c["runs"] if r["raw"]["boot"]), {})
        c["absent_caches"] = [x for x in CACHES if raw and "slab.%s.objsize" % x not in raw]
        c["slopes"] = slopes(c["runs"])
        c["targets"] = targets(c)
        first = c["runs"][0]
        for i in range(n_main, len(tasks)):
            if tasks[i][0] is c:
                again = results[i]
                diff = sorted("%s.%s" % (ph, k) for ph in ("boot", "before", "peak", "delta", "end")
                              for k in set(first["raw"][ph]) | set(again["raw"][ph])
                              if first["raw"][ph].get(k) != again["raw"][ph].get(k)
                              and not k.startswith("cycles."))  # make bench's, timing-dependent
                verdict = "identical counters" if not diff and "error" not in again and \
                    "error" not in first else "DIFFERENT: " + (" ".join(diff[:20]) or again.get("error", ""))
                repeats.append({"config": c["name"], "workload": first["workload"], "verdict": verdict,
                                "identical": verdict == "identical counters"})
    diffs = []
    for c in built[1:]:
        d = bloat.diff(bloat.symbols(built[0]["elf"]), bloat.symbols(c["elf"]))
        diffs.append({"old": built[0]["name"], "new": c["name"],
                      "lines": bloat.format_diff(d, built[0]["static"]["sizes"]["total"],
                                                 c["static"]["sizes"]["total"]),
                      "net": d["net"]})
    # A board without a virtio transport has no swap disk (raspi2b).
    swap_device = None
    if built and "CONFIG_BOARD_HAS_VIRTIO_MMIO=y\n" not in built[0]["config"]:
        swap_device = ("no disk: %s has no virtio transport, so the configs with swap have no swap disk; "
                       "with CONFIG_ZRAM_DEFAULT they swap to compressed RAM (zram)" % a.board)
    rep = {"board": a.board, "git": git_info(), "tools": tool_versions(), "workloads": workloads, "columns": cols,
           "swap_device": swap_device, "diffs": diffs, "repeats": repeats, "capacity": [cap_results[i] for i in range(len(cells))],
           "metrics": [{"key": k, "label": lbl, "kind": kind, "formula": f} for k, lbl, kind, f in METRICS]}
    write_report(rep, broot, with_json=True)
    failed = [c["name"] for c in cols if c["status"] == "failed"] + \
        ["%s: %s" % (r["config"], r["workload"]) for c in built for r in c["runs"] if "error" in r] + \
        ["repeat of %s: %s" % (x["config"], x["workload"]) for x in repeats if not x["identical"]] + \
        ["capacity of %s: %s@%s is not exact" % (x["config"], x["case"], x["ram"])
         for x in rep["capacity"] if not x["exact"]]
    unavailable = [c["name"] for c in cols if c["status"] == "unavailable"]
    say("")
    say("\n".join(summary(rep)[:-2]))
    say("")
    say("\n".join(capacity_table(rep)[:-2]))
    say("")
    say("  REPORT  %s/footprint.{json,md,png,svg}: %d measured, %d not available in this tree%s, %d failed"
        % (broot, len(built), len(unavailable), " (%s)" % " ".join(unavailable) if unavailable else "",
           len(failed)))
    for f in failed:
        say("*** failed: %s" % f)
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BrokenPipeError:		# piped to head: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
