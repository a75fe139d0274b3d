#!/usr/bin/python3
"""make footprint: what each config costs in image size and RAM, measured in QEMU.

For one board, every config of the set is built out of tree
(footprint.build/<board>/<config>/), its image measured from the ELF
(scripts/bloat.py), then booted once per standard workload with
"meminfo init=<workload>": the kernel prints its accounting at boot, the
workload prints every counter just before it starts, at its peak (all its
processes alive) and after teardown (user/lib/workload.c).  The results go
to footprint.json (everything, raw counters included), footprint.md
(tables) and footprint.svg (rmap bytes against processes) in --out.

This file owns the report: choosing configs and workloads, building,
running, parsing, deriving and writing.  It changes no source file and
reads the kernel only through its console and its ELF image.

  footprint.py --out DIR --board qemu_virt [--configs 'swap-off chain-reuse my.config']
               [--workloads 'tree 1 1;tree 16 1'] [--quick] [--jobs 2] [--repeat N]
  footprint.py --out DIR --render DIR/footprint.json     (tables and plot again, no run)

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
    "swap-on": ("swap on, every other option at its default", ["CONFIG_SWAP=y"]),
    "defconfig": ("the board's defconfig as it is", []),
}
STANDARD_CONFIGS = ["swap-off", "shared", "chain-noreuse", "chain-reuse"]

# DESIGN.md's standard workloads; tree and prot N=1..256 give the per-child slope.
STANDARD_WORKLOADS = [
    "tree 1 1", "tree 16 1", "tree 64 1", "tree 256 1",
    "tree 1 8", "tree 16 8", "tree 64 8", "tree 256 8",
    "prot 1", "prot 256",
    "chain 10 1", "chain 100 1", "chain 1000 1", "chain 10 8", "chain 1000 8",
    "split 1", "split 16",
]
QUICK_WORKLOADS = ["tree 1 1", "tree 16 1"]
PROGRAMS = ("tree", "chain", "prot", "split")

# The slab caches the report names, and the reverse map's two.
CACHES = ["anon_vma", "anon_vma_chain", "vm_area_struct", "task_struct", "mm_struct"]
RMAP_CACHES = ["anon_vma", "anon_vma_chain"]

# Every runtime row: key -> (label, "counted" or "derived", formula).
METRICS = [
    ("free_pages", "free pages", "counted", "pages.free"),
    ("page_array_bytes", "per-page array bytes", "derived", "pages.page_array x 4096"),
    ("struct_page_bytes", "struct page bytes in use", "derived", "page.size x pages.total"),
    ("page_size", "struct page size", "counted", "page.size"),
    ("pgtable_bytes", "page tables", "derived", "pages.pgtable x 4096"),
    ("kstack_bytes", "kernel stacks", "derived", "pages.kstack x 4096"),
    ("slab_page_bytes", "slab pages held", "derived", "pages.slab x 4096"),
] + [m for c in CACHES for m in (
    ("slab.%s.objects" % c, "%s objects" % c, "counted", "slab.%s.inuse (0 when the build has no such cache)" % c),
    ("slab.%s.bytes" % c, "%s bytes" % c, "derived", "slab.%s.inuse x slab.%s.objsize" % (c, c)),
)] + [
    ("rmap_bytes", "rmap bytes (anon_vma + avc)", "derived",
     "anon_vma bytes + anon_vma_chain bytes"),
    ("kernel_ram_bytes", "kernel RAM in use", "derived",
     "(pages.total - pages.free - pages.anon - pages.swap_cache) x 4096"),
    ("anon_pages", "user anonymous pages", "counted", "pages.anon"),
]

METRIC_INFO = {k: (label, kind, formula) for k, label, kind, formula in METRICS}
# The walk figures the workloads print (user/lib/workload.c, user/split.c), each
# counted by the kernel (SYS_rmap_walk: VMAs a reverse-map walk of that page visits).
WALKS = [
    ("walk.cowed_page", "a page the last child COWed (all N children alive)"),
    ("walk.shared_page", "a page still shared by the parent and every child"),
    ("walk.split_page", "a page of the split region"),
]
# Issue 5's targets: rmap bytes per extra child (Linux 6.1 on the same
# workload in brackets), VMAs per walk of a COWed page (chain) and of a split page.
SLOPE_TARGETS = {1: (240, 720), 8: (520, 1560)}
COW_WALK_LIMIT = 2
SPLIT_WALK_LIMIT = 2
# The summary tables (one row per workload) and the slope rows.
SUMMARY = [("rmap_bytes", "rmap bytes"), ("kernel_ram_bytes", "Kernel RAM"),
           ("slab.vm_area_struct.bytes", "vm_area_struct bytes")]
SLOPE_ROWS = ["rmap_bytes", "slab.anon_vma.objects", "slab.anon_vma_chain.objects",
              "slab.vm_area_struct.bytes", "slab.task_struct.bytes", "slab.mm_struct.bytes",
              "pgtable_bytes", "kstack_bytes", "kernel_ram_bytes"]

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
                       "rmap_symbols": rmap,
                       "rmap_symbol_bytes": sum(s for _n, s in rmap),
                       "symbols": {n: sz for (_k, n), sz in bloat.symbol_sizes(syms).items()},
                       "directories": bloat.by_directory(tree),
                       "tree": tree.to_dict()})
    return col


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
        "slab_page_bytes": g("pages.slab") * PAGE,
        "kernel_ram_bytes": (g("pages.total") - g("pages.free") - g("pages.anon") -
                             g("pages.swap_cache")) * PAGE,
        "anon_pages": g("pages.anon"),
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
    run = {"config": col["name"], "workload": workload, "qemu": " ".join(shlex.quote(a) for a in cmd),
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
    """Issue 7's targets that apply to this column: [(target, value, limit, met)]."""
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
        peak = max([max(r["peak"]["rmap_bytes"], r["boot"]["rmap_bytes"]) for r in runs] or [0])
        out.append(("rmap bytes in RAM at every peak = 0", peak, 0, peak == 0 and bool(runs)))
        ps = runs[0]["boot"]["page_size"] if runs else None
        out.append(("struct page <= 8 bytes", ps, 8, ps is not None and ps <= 8))
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
        for v, limit in ((1, 240), (8, 520)):
            s = sl.get("tree V=%d" % v)
            val = s["rmap_bytes"] if s else None
            out.append(("rmap bytes per extra child, tree V=%d <= %d" % (v, limit), val, limit,
                        val is not None and val <= limit))
        for v in (1, 8):
            s = sl.get("tree V=%d" % v)
            val = s["kernel_ram_bytes"] if s else None
            out.append(("kernel RAM per extra child, tree V=%d <= 12 KiB" % v, val, 12288,
                        val is not None and val <= 12288))
    return out


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
    """Issue 5's "Measure" tables, from the runs the report already has:
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
        L += ["", "### rmap bytes per extra child against issue 5's target", "",
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


def markdown(rep):
    cols = rep["columns"]
    built = [c for c in cols if c["status"] == "built"]
    names = [c["name"] for c in built]
    L = ["# Anvil footprint: %s" % rep["board"], "",
         "Git revision %s%s. Workloads: %s. Every number is counted (by the kernel's "
         "accounting or from the ELF) or marked derived with its formula; bytes from "
         "pages are pages x 4096." % (rep["git"]["revision"],
                                      " (dirty working tree)" if rep["git"]["dirty"] else "",
                                      "; ".join(rep["workloads"])), "",
         "Tools: %s." % "; ".join(rep["tools"].values()), ""]
    if rep.get("swap_device"):
        L += ["Swap device: %s." % rep["swap_device"], ""]
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
        L += ["## Targets (issues 5 and 7)", ""]
        rows = []
        for c in built:
            for t, val, limit, met in c["targets"]:
                rows.append([c["name"], t, fmt(val), "met" if met else "**MISSED**"])
        L += table(["config", "target", "measured", ""], rows) if rows else \
            ["No target applies to the configs measured."]
        wrows = walk_table(built, rep["workloads"])
        if wrows:
            L += ["", "## Reverse-map walks (counted: VMAs visited, SYS_rmap_walk)", ""]
            L += ["- %s: %s" % x for x in WALKS] + [""]
            L += table(["workload", "page walked"] + names, wrows)
        issue5 = rmap_tables(built)
        if issue5:
            L += ["", "## The reverse map's tables (issue 5)"] + issue5
        L += ["", "## Image (counted from the ELF: section headers, nm, link map)", ""]
        st = [c["static"] for c in built]
        rows = [[k] + [fmt(s["sizes"][k]) for s in st] for k in ("text", "data", "bss", "total")]
        rows.append(["rmap symbols (count)"] + [fmt(len(s["rmap_symbols"])) for s in st])
        rows.append(["rmap symbol bytes"] + [fmt(s["rmap_symbol_bytes"]) for s in st])
        L += table(["bytes"] + names, rows)
        for c in built:
            if c["static"]["rmap_symbols"]:
                L.append("")
                L.append("rmap symbols in %s: %s" % (c["name"], ", ".join(
                    "%s (%d)" % tuple(x) for x in c["static"]["rmap_symbols"][:20])))
        dirs = sorted({d for s in st for d in s["directories"]},
                      key=lambda d: -max(s["directories"].get(d, {}).get("total", 0) for s in st))
        L += ["", "By directory (text + data + bss; `scripts/bloat.py --tree` gives objects "
              "and symbols):", ""]
        L += table(["directory"] + names,
                   [[d] + [fmt(s["directories"].get(d, {}).get("total", 0)) for s in st] for d in dirs])
        top = sorted({n for s in st for n in s["symbols"]},
                     key=lambda n: (-max(s["symbols"].get(n, 0) for s in st), n))[:15]
        L += ["", "Largest symbols (nm -S; the whole tree is in footprint.json):", ""]
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
            L += table(["group", "bytes per extra child/generation"] + names, rows)
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


# ---------------------------------------------------------------- output: SVG

COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]


def svg_plot(rep):
    """rmap bytes at the peak (delta) against processes, one panel per workload family."""
    built = [c for c in rep["columns"] if c["status"] == "built"]
    panels = {}
    for c in built:
        for r in c["runs"]:
            if "delta" not in r:
                continue
            prog, args = workload_key(r["workload"])
            if prog in ("tree", "prot"):
                title = "%s, V=%d" % (prog, args[1] if prog == "tree" else 8)
                x = args[0] + 1
            elif prog == "chain":
                title, x = "chain, V=%d (x: generations G)" % args[1], args[0]
            else:
                continue
            panels.setdefault(title, {}).setdefault(c["name"], []).append((x, r["delta"]["rmap_bytes"]))
    titles = sorted(panels)
    W, H, pad = 420, 280, 60
    width = W * max(1, min(2, len(titles)))
    height = H * ((len(titles) + 1) // 2) + 40
    o = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" '
         'font-size="11">' % (width, height),
         '<rect width="100%" height="100%" fill="white"/>',
         '<text x="10" y="20" font-size="14">Anvil %s: rmap bytes (anon_vma + anon_vma_chain slab '
         'bytes, difference at the peak) against processes</text>' % esc(rep["board"])]
    for i, t in enumerate(titles):
        ox, oy = (i % 2) * W, 40 + (i // 2) * H
        series = panels[t]
        xs = [x for s in series.values() for x, _ in s]
        ys = [y for s in series.values() for _, y in s]
        xmax, ymax = max(xs), nice_ceiling(max(ys + [5]))	# 1, 2 or 5 x 10^k: 5 whole steps

        def px(x):
            return ox + pad + (W - pad - 20) * x / xmax

        def py(y):
            return oy + H - 40 - (H - 80) * y / ymax
        o.append('<text x="%d" y="%d" font-size="12">%s</text>' % (ox + pad, oy + 20, esc(t)))
        o.append('<line x1="%g" y1="%g" x2="%g" y2="%g" stroke="black"/>' % (px(0), py(0), px(xmax), py(0)))
        o.append('<line x1="%g" y1="%g" x2="%g" y2="%g" stroke="black"/>' % (px(0), py(0), px(0), py(ymax)))
        for k in range(6):
            y = ymax * k // 5
            o.append('<text x="%g" y="%g" text-anchor="end">%s</text>' % (px(0) - 4, py(y) + 4, fmt(y)))
        for x in sorted(set(xs)):
            o.append('<text x="%g" y="%g" text-anchor="middle">%d</text>' % (px(x), py(0) + 14, x))
        for j, c in enumerate(built):
            pts = sorted(series.get(c["name"], []))
            if not pts:
                continue
            col = COLOURS[j % len(COLOURS)]
            o.append('<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>' % (
                col, " ".join("%g,%g" % (px(x), py(y)) for x, y in pts)))
            for x, y in pts:
                o.append('<circle cx="%g" cy="%g" r="3" fill="%s"><title>%s: %d bytes</title></circle>'
                         % (px(x), py(y), col, esc(c["name"]), y))
            o.append('<text x="%d" y="%d" fill="%s">%s</text>' % (ox + pad + 10, oy + 36 + 13 * j,
                                                                 col, esc(c["name"])))
    if not titles:
        o.append('<text x="10" y="60">no tree, prot or chain measurement</text>')
    o.append("</svg>")
    return "\n".join(o) + "\n"


def nice_ceiling(v):
    m = 1
    while m * 10 <= v:
        m *= 10
    for f in (1, 2, 5, 10):
        if f * m >= v:
            return f * m
    return 10 * m


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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
    with open(os.path.join(out, "footprint.md"), "w") as f:
        f.write(markdown(rep))
    if swap_device:
        print("Swap device: " + swap_device, flush=True)
    with open(os.path.join(out, "footprint.svg"), "w") as f:
        f.write(svg_plot(rep))
    say("  REPORT  %s/footprint.{md,svg} from %s" % (out, path))
    return 0


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
    ap.add_argument("--render", metavar="JSON",
                    help="measure nothing: rewrite footprint.md and .svg in --out from a footprint.json")
    a = ap.parse_args(argv)
    if a.render:
        return render(a.render, os.path.abspath(a.out))
    if not os.path.isfile(os.path.join(srctree, "configs", a.board + "_defconfig")):
        boards = sorted(f[:-len("_defconfig")] for f in os.listdir(os.path.join(srctree, "configs")))
        sys.exit("*** footprint: no board '%s'. Boards: %s" % (a.board, " ".join(boards)))
    try:
        specs = parse_configs(a.configs or " ".join(STANDARD_CONFIGS))
        workloads = parse_workloads(a.workloads or ";".join(QUICK_WORKLOADS if a.quick else STANDARD_WORKLOADS))
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
                              if first["raw"][ph].get(k) != again["raw"][ph].get(k))
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
    # A board without a virtio transport has no swap device (raspi2b).
    swap_device = None
    if built and "CONFIG_BOARD_HAS_VIRTIO_MMIO=y\n" not in built[0]["config"]:
        swap_device = ("none: %s has no virtio transport, so the configs with swap run without a swap "
                       "device (nothing is swapped out) until a compressed RAM swap exists" % a.board)
    rep = {"board": a.board, "git": git_info(), "tools": tool_versions(), "workloads": workloads, "columns": cols,
           "swap_device": swap_device, "diffs": diffs, "repeats": repeats,
           "metrics": [{"key": k, "label": lbl, "kind": kind, "formula": f} for k, lbl, kind, f in METRICS]}
    with open(os.path.join(out, "footprint.json"), "w") as f:
        json.dump(rep, f, indent=1, sort_keys=True)
        f.write("\n")
    with open(os.path.join(out, "footprint.md"), "w") as f:
        f.write(markdown(rep))
    with open(os.path.join(out, "footprint.svg"), "w") as f:
        f.write(svg_plot(rep))
    failed = [c["name"] for c in cols if c["status"] == "failed"] + \
        ["%s: %s" % (r["config"], r["workload"]) for c in built for r in c["runs"] if "error" in r] + \
        ["repeat of %s: %s" % (x["config"], x["workload"]) for x in repeats if not x["identical"]]
    unavailable = [c["name"] for c in cols if c["status"] == "unavailable"]
    say("  REPORT  %s/footprint.{json,md,svg}: %d measured, %d not available in this tree%s, %d failed"
        % (out, len(built), len(unavailable), " (%s)" % " ".join(unavailable) if unavailable else "",
           len(failed)))
    for f in failed:
        say("*** failed: %s" % f)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
