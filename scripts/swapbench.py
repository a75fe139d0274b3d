#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""make swapbench: what reclaim costs through each reverse-map design, measured
in QEMU.

For one board, every config (default: the chain design with reuse and the
legacy shared anon_vma) is built out of tree the way make footprint builds
it (footprint.build/<board>/<config>/, shared with make footprint), then
booted once per case and run: a case is a standard workload and a RAM size
small enough that the workload must swap.  Every run gets a fresh swap area
made by util-linux mkswap on a virtio-blk drive.  The workload prints the
kernel's counters just before it starts and after its teardown
(user/lib/workload.c); the benchmark reports their differences over the
whole run: pages swapped out and in, reverse-map walks and the VMAs they
visited, reclaim scans, OOM kills, and the VMAs per walk (derived).

The zram column swaps to compressed RAM instead (a 64 MiB zram0, no disk)
and adds the backend's own rows: LZ4 instructions per page compressed and
decompressed over the run, and the RAM zram itself held at its fullest
(its pages and slot table).  It runs under QEMU -icount, where a cycle of
the counter zram reads is one instruction; with no disk to wait for, the
guest's clock may jump over idle time (sleep=off).  Its build adds
CONFIG_ARM_PMU_USER_CYCLES (the counter) and so has a directory of its own
(<config>-cycles), not make footprint's.
Each case runs --runs times: background reclaim (kswapd) is woken by timer
and watermarks, so the counts may differ between runs; a cell shows one
number when every run counted the same, else min / median / max.

It prints figures, never a verdict: a benchmark, not a test.  Writes
swapbench.json (every run's raw counters and QEMU command) and
swapbench.md in --out.

This file owns the swap benchmark: its cases, runs and tables.  It builds
through scripts/footprint.py and boots through scripts/qemu.py, and changes
no source file.

  swapbench.py --out DIR [--board qemu_virt] [--configs 'chain-reuse shared']
               [--cases 'tree 64 1@8M;tree 256 8@16M'] [--runs 3] [--swap-mib 64] [--jobs 2]
"""
import argparse
import concurrent.futures
import json
import os
import re
import shlex
import statistics
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import footprint  # noqa: E402
import qemu  # noqa: E402

RUN_TIMEOUT = 300
DEFAULT_CONFIGS = "chain-reuse shared zram"
# tree 64 1 does not swap at 16M (its pages fit); at 8M it does.
DEFAULT_CASES = "tree 64 1@8M;tree 256 8@16M"
# Counters over the whole run (after teardown - just before the workload).
COUNTERS = [
    ("swap.pages_out", "pages swapped out"),
    ("swap.pages_in", "pages swapped in"),
    ("rmap.walks", "rmap walks"),
    ("rmap.walk_vmas", "VMAs visited by rmap walks"),
    ("reclaim.scanned", "reclaim: pages scanned"),
    ("reclaim.reclaimed", "reclaim: pages reclaimed"),
    ("reclaim.activated", "reclaim: pages activated (referenced)"),
    ("reclaim.direct", "reclaim: direct reclaim passes"),
    ("reclaim.kswapd", "reclaim: kswapd passes"),
    ("reclaim.cache_hits", "swap-in: swap-cache hits"),
    ("oom.kills", "OOM kills"),
]
DERIVED = [("vmas_per_walk", "VMAs per walk", "rmap.walk_vmas / rmap.walks"),
           ("walk_vmas_per_page_out", "VMAs visited per page swapped out",
            "rmap.walk_vmas / swap.pages_out")]
# The zram backend's own rows (a config that swaps to zram; '-' elsewhere).
ZRAM_ROWS = [("zram.compress_per_page", "zram: LZ4 instructions per page compressed",
              "over the run, from zram.compressions and .compress_cycles_per_page"),
             ("zram.decompress_per_page", "zram: LZ4 instructions per page decompressed",
              "over the run, from zram.decompressions and .decompress_cycles_per_page"),
             ("zram.peak_kib", "zram: RAM the backend held at its fullest, KiB",
              "(zram.peak_alloc_pages x 4096 + zram.table_bytes) / 1024 at the end")]


def swaps_to_zram(col):
    """A config that swaps to zram when no disk is found: it gets no disk."""
    return footprint.read_dotconfig_text(col["config"]).get("CONFIG_ZRAM_DEFAULT") == "y"

_lock = threading.Lock()


def say(text):
    with _lock:
        print(text, flush=True)


def parse_cases(text):
    """'tree 64 1@8M;tree 256 8@16M' -> [(workload, ram)]; a bad one is an error naming it."""
    out = []
    for word in text.split(";"):
        word = " ".join(word.split())
        if not word:
            continue
        w, at, ram = word.partition("@")
        w = w.strip()
        m = re.fullmatch(r"([1-9][0-9]*)M", ram.strip())
        if not at or not m or not 4 <= int(m.group(1)) <= 768:
            raise ValueError("case '%s': expected 'workload@RAM', RAM 4M to 768M, e.g. 'tree 64 1@8M'"
                             % word)
        footprint.parse_workloads(w)
        out.append((w, "%sM" % m.group(1)))
    if not out:
        raise ValueError("no cases given")
    return out


def run_one(col, workload, ram, swap_img, swap_mib):
    zram = swaps_to_zram(col)
    if not zram:
        qemu.make_swap_image(swap_img, swap_mib)
    cmd = qemu.command(os.path.join(col["build_dir"], ".config"), col["image"], ram=ram,
                       append=footprint.qemu_append(workload), swap=None if zram else swap_img,
                       extra=footprint.QEMU_DETERMINISTIC if zram else ())
    t0 = time.monotonic()
    res = qemu.run_captured(cmd, RUN_TIMEOUT)
    if not zram:
        os.unlink(swap_img)
    r = footprint.parse_console(res.output)
    run = {"qemu": " ".join(shlex.quote(a) for a in cmd), "status": res.status,
           "seconds": round(time.monotonic() - t0, 2), "result": r["result"], "leaks": r["leaks"],
           "params": r["params"], "raw": {k: r[k] for k in ("boot", "before", "peak", "end")}}
    error = None
    if res.timed_out:
        error = "killed after %ds" % RUN_TIMEOUT
    elif not r["before"] or not r["end"]:
        error = "no counters before and after the workload (status %s)" % res.status
    elif res.status != 0 or r["result"] != "ok":
        error = "workload ended with status %s, result %s" % (res.status, r["result"])
    if error:
        # The whole console beside the swap image's name: the workload's own
        # complaint (which child, which status) comes before the counters.
        log = swap_img[:-len(".img")] + ".console.txt"
        with open(log, "w") as f:
            f.write(res.output)
        complaints = [x for x in res.output.splitlines()
                      if re.search(r"wrong data|changed|not ready|fork of|killed|panic|Oops|error", x, re.I)]
        run.update(error=error, tail=res.tail(footprint.TAIL), console=log, complaints=complaints[:10])
    if r["before"] and r["end"]:
        run["whole"] = whole_run(r["before"], r["end"], zram)
    return run


def whole_run(before, end, zram=False):
    """The counters' differences over the run and the derived rows."""
    d = {k: end.get(k, 0) - before.get(k, 0) for k, _ in COUNTERS}
    d["vmas_per_walk"] = d["rmap.walk_vmas"] / d["rmap.walks"] if d["rmap.walks"] else None
    d["walk_vmas_per_page_out"] = d["rmap.walk_vmas"] / d["swap.pages_out"] if d["swap.pages_out"] else None
    for k, _label, _how in ZRAM_ROWS:
        d[k] = None
    if zram:
        for key, calls, cycles in (("zram.compress_per_page", "zram.compressions", "zram.compress_cycles_per_page"),
                                   ("zram.decompress_per_page", "zram.decompressions",
                                    "zram.decompress_cycles_per_page")):
            # The kernel keeps an average since boot: the run's own from two of them.
            n = end.get(calls, 0) - before.get(calls, 0)
            d[key] = round((end.get(cycles, 0) * end.get(calls, 0) -
                            before.get(cycles, 0) * before.get(calls, 0)) / n) if n > 0 else None
        d["zram.peak_kib"] = (end.get("zram.peak_alloc_pages", 0) * 4096 + end.get("zram.table_bytes", 0)) / 1024
    return d


def spread(values):
    """One number when all runs agree, else 'min / median / max'; '-' without values."""
    vals = [v for v in values if v is not None]
    if not vals:
        return "-"
    if len(set(vals)) == 1:
        return fmt(vals[0])
    return "%s / %s / %s" % (fmt(min(vals)), fmt(statistics.median(vals)), fmt(max(vals)))


def fmt(v):
    if isinstance(v, float) and v != int(v):
        return "%.2f" % v
    return footprint.fmt(int(v) if isinstance(v, float) else v)


def markdown(rep):
    cols = [c for c in rep["columns"] if c["status"] == "built"]
    names = [c["name"] for c in cols]
    L = ["# Anvil swap benchmark: %s" % rep["board"], "",
         "Git revision %s%s. Each case runs %d times per config, each run with a fresh %d MiB "
         "swap area (util-linux mkswap, virtio-blk; a config that swaps to zram gets no disk and "
         "runs under QEMU -icount, so its LZ4 rows are instructions). Counted: differences of the kernel's "
         "counters from just before the workload to after its teardown; a cell is one number "
         "when every run counted the same, else min / median / max over the runs that ended ok "
         "(a failed run is listed below the table with the workload's complaint)." % (
             rep["git"]["revision"], " (dirty working tree)" if rep["git"]["dirty"] else "",
             rep["runs"], rep["swap_mib"]),
         "",
         "rmap walks count every reverse-map walk the kernel made in the run: page_referenced "
         "(aging) and try_to_unmap (reclaim), and the workload's two SYS_rmap_walk calls "
         "(walk.cowed_page, walk.shared_page).", ""]
    L += table(["config", "what"], [[c["name"], c["what"]] for c in rep["columns"]])
    for case in rep["cases"]:
        key = "%s@%s" % (case[0], case[1])
        L += ["", "## %s at RAM=%s" % (case[0], case[1]), ""]
        runs = {c["name"]: c["runs"].get(key, []) for c in cols}
        rows = []
        for k, label in COUNTERS:
            rows.append([label, "counted: %s" % k] +
                        [spread([r["whole"][k] for r in runs[n] if "whole" in r and "error" not in r])
                         for n in names])
        for k, label, formula in DERIVED:
            rows.append([label, "derived: %s" % formula] +
                        [spread([r["whole"][k] for r in runs[n] if "whole" in r and "error" not in r])
                         for n in names])
        if any(swaps_to_zram(c) for c in cols):
            for k, label, how in ZRAM_ROWS:
                rows.append([label, "counted: %s" % how] +
                            [spread([r["whole"].get(k) for r in runs[n] if "whole" in r and "error" not in r])
                             for n in names])
        rows.append(["runs ok / runs", "-"] + ["%d / %d" % (
            sum(1 for r in runs[n] if "error" not in r), len(runs[n])) for n in names])
        L += table(["row", "kind"] + names, rows)
        if rep["runs"] > 1:
            same = [n for n in names if runs[n] and all(
                "whole" in r and r["whole"] == runs[n][0].get("whole") for r in runs[n])]
            L += ["", "Identical counts in all %d runs: %s." % (rep["runs"], ", ".join(same) or "none")]
        for n in names:
            for i, r in enumerate(runs[n]):
                if "error" in r:
                    L += ["", "%s, run %d: %s (console: %s)" % (n, i + 1, r["error"], r.get("console")),
                          "", "```"] + r.get("complaints", []) + ["...", r.get("tail", ""), "```"]
        first = next((runs[n][0] for n in names if runs[n]), None)
        if first:
            L += ["", "QEMU (%s, run 1; each run gets its own fresh swap image): `%s`" % (names[0], first["qemu"])]
    return "\n".join(L) + "\n"


def table(head, rows):
    return footprint.table(head, rows)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=".")
    ap.add_argument("--board", default="qemu_virt")
    ap.add_argument("--configs", default=DEFAULT_CONFIGS)
    ap.add_argument("--cases", default=DEFAULT_CASES, help="'workload@RAM;...' (default %s)" % DEFAULT_CASES)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--swap-mib", type=int, default=64)
    ap.add_argument("--jobs", type=int, default=2, help="QEMUs at once (at most 2)")
    a = ap.parse_args(argv)
    if not os.path.isfile(os.path.join(footprint.srctree, "configs", a.board + "_defconfig")):
        sys.exit("*** swapbench: no board '%s'" % a.board)
    try:
        specs = footprint.parse_configs(a.configs)
        cases = parse_cases(a.cases)
        if not 1 <= a.runs <= 20:
            raise ValueError("--runs %d: give 1 to 20" % a.runs)
        if not 1 <= a.swap_mib <= 4096:
            raise ValueError("--swap-mib %d: give 1 to 4096" % a.swap_mib)
    except ValueError as e:
        sys.exit("*** swapbench: %s" % e)
    out = os.path.abspath(a.out)
    swapdir = os.path.join(out, "swapbench.swap")
    os.makedirs(swapdir, exist_ok=True)
    broot = os.path.join(out, "footprint.build", a.board)

    cols = []
    for spec in specs:
        bdir = os.path.join(broot, spec.name)
        if "CONFIG_ZRAM_DEFAULT=y" in spec.lines:	# zram's LZ4 rows need the cycle counter
            spec.lines.append("CONFIG_ARM_PMU_USER_CYCLES=y")
            bdir += "-cycles"
        say("  BUILD   %s: %s" % (spec.name, " ".join(spec.lines) or "(defconfig)"))
        col = footprint.build(spec, a.board, bdir)
        col.pop("static", None)
        if col["status"] == "unavailable":
            say("  SKIP    %s: %s" % (spec.name, col["reason"]))
        elif col["status"] == "failed":
            say("*** %s: %s; last lines:\n%s" % (spec.name, col["reason"], col["tail"]))
        elif not footprint.read_dotconfig_text(col["config"]).get("CONFIG_SWAP") == "y":
            col.update(status="unavailable", reason="CONFIG_SWAP is off: nothing can swap")
            say("  SKIP    %s: %s" % (spec.name, col["reason"]))
        col["runs"] = {}
        cols.append(col)
    built = [c for c in cols if c["status"] == "built"]

    tasks = [(c, w, ram, i) for (w, ram) in cases for c in built for i in range(a.runs)]
    total, done = len(tasks), [0]

    def work(c, w, ram, i):
        img = os.path.join(swapdir, "%s-%s-%s-%d.img" % (c["name"], w.replace(" ", "_"), ram, i))
        r = run_one(c, w, ram, img, a.swap_mib)
        with _lock:
            done[0] += 1
            wh = r.get("whole", {})
            print("[%d/%d] %s: %s @%s run %d  %s  (out %s, in %s, walks %s, VMAs %s; %.1f s)" % (
                done[0], total, c["name"], w, ram, i + 1, "FAILED: " + r["error"] if "error" in r else "ok",
                wh.get("swap.pages_out"), wh.get("swap.pages_in"), wh.get("rmap.walks"),
                wh.get("rmap.walk_vmas"), r["seconds"]), flush=True)
            if "error" in r:
                print("      last console lines:\n      " + r["tail"].replace("\n", "\n      "), flush=True)
        return r

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, min(2, a.jobs))) as ex:
        futs = [(t, ex.submit(work, *t)) for t in tasks]
        for (c, w, ram, _i), f in futs:
            c["runs"].setdefault("%s@%s" % (w, ram), []).append(f.result())

    rep = {"board": a.board, "git": footprint.git_info(), "tools": footprint.tool_versions(),
           "cases": cases, "runs": a.runs, "swap_mib": a.swap_mib, "columns": cols}
    with open(os.path.join(out, "swapbench.json"), "w") as f:
        json.dump(rep, f, indent=1, sort_keys=True)
        f.write("\n")
    md = markdown(rep)
    with open(os.path.join(out, "swapbench.md"), "w") as f:
        f.write(md)
    print(md)
    failed = [c["name"] for c in cols if c["status"] == "failed"] + \
        ["%s: %s" % (c["name"], k) for c in built for k, rs in c["runs"].items() if any("error" in r for r in rs)]
    say("  REPORT  %s/swapbench.{json,md}: %d configs, %d cases, %d failed" % (
        out, len(built), len(cases), len(failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
