#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Host tests of the footprint report's logic (scripts/bloat.py, scripts/footprint.py)
and of the swap benchmark's (scripts/swapbench.py) on small synthetic inputs:
the link-map parser, the size tree, the symbol diff, the console parser, the
derived rows, the slopes, the config words, the reverse-map tables and walk
targets, and the swap benchmark's cases, counters and spreads.

Plain asserts; `footprint_test.py` runs them all and prints one line per test.
make test (scripts/test.py) runs them as "footprint unit: <name>".  Nothing
here builds or boots anything.
"""
import os
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bloat  # noqa: E402
import footprint  # noqa: E402
import qemu  # noqa: E402
import swapbench  # noqa: E402

MAP = """\
Memory Configuration

Linker script and memory map

LOAD /b/kernel/main.o
                0xc0010000                _text = .

.text           0xc0010000      0x140
 *(.head.text)
 .head.text     0xc0010000       0x20 /b/arch/arm/kernel/head.o
                0xc0010000                _start
 .text          0xc0010020       0x60 /b/kernel/main.o
                0xc0010020                start_kernel
 *fill*         0xc0010080        0x8 
 .text          0xc0010088       0x40 /b/mm/rmap.o
 .text.very_long_section_name
                0xc00100c8       0x38 /b/mm/rmap.o
 .text          0xc0010100       0x40 /usr/lib/gcc/arm-none-eabi/12.2.1/libgcc.a(_udivsi3.o)

.rodata         0xc0011000       0x30
 .rodata.str1.4
                0xc0011000       0x2d /b/kernel/main.o
                                 0x31 (size before relaxing)
 *fill*         0xc001102d        0x3 

.data           0xc0012000       0x10
 .data          0xc0012000       0x10 /b/mm/rmap.o

.bss            0xc0013000      0x100
 .bss           0xc0013000      0x100 /b/kernel/main.o

.debug_info     0x00000000      0x999
 .debug_info    0x00000000      0x999 /b/kernel/main.o
"""

SECTIONS = [(".text", "text", 0xc0010000, 0x140), (".rodata", "text", 0xc0011000, 0x30),
            (".data", "data", 0xc0012000, 0x10), (".bss", "bss", 0xc0013000, 0x100)]

SYMS = [(0xc0010000, 0x20, "T", "_start"), (0xc0010020, 0x50, "T", "start_kernel"),
        (0xc0010088, 0x40, "T", "rmap_walk"), (0xc00100c8, 0x38, "t", "anon_vma_fork"),
        (0xc0010100, 0x40, "T", "__udivsi3"), (0xc0012000, 0x10, "d", "anon_vma_count"),
        (0xc0013000, 0x100, "b", "boot_stack")]


def test_parse_map():
    e = bloat.parse_map(MAP, "/b")
    owners = [(x[0], x[1], x[4], x[3]) for x in e]
    assert (".text", ".head.text", "arch/arm/kernel/head.o", 0x20) in owners
    assert (".text", ".text.very_long_section_name", "mm/rmap.o", 0x38) in owners, owners
    assert (".text", "*fill*", "(fill)", 8) in owners
    assert (".text", ".text", "libgcc.a/_udivsi3.o", 0x40) in owners
    assert (".rodata", ".rodata.str1.4", "kernel/main.o", 0x2d) in owners
    assert sum(x[3] for x in e if x[0] in (".text", ".rodata", ".data", ".bss")) == \
        0x140 + 0x30 + 0x10 + 0x100


def test_tree_adds_up():
    t = bloat.build_tree(SECTIONS, bloat.parse_map(MAP, "/b"), SYMS)
    assert t.total() == 0x140 + 0x30 + 0x10 + 0x100
    mm = t.children["mm"]
    assert mm.sizes == {"text": 0x78, "data": 0x10, "bss": 0}, mm.sizes
    main = t.children["kernel"].children["main.o"]
    assert main.children["start_kernel"].sizes["text"] == 0x50
    # 0x60 of .text, of which 0x50 is start_kernel; 0x2d of strings: no symbol
    assert main.children["(no symbol)"].sizes["text"] == 0x10 + 0x2d
    assert main.children["boot_stack"].sizes["bss"] == 0x100
    d = bloat.by_directory(t)
    assert d["mm"]["total"] == 0x88 and d["kernel"]["total"] == 0x60 + 0x2d + 0x100, d
    assert d["(top)"]["total"] == 8 + 3, d
    lines = bloat.format_tree(t, depth=1)
    assert lines[1].split()[0] == "image" and len(lines) == 2 + len(t.children)


def test_rmap_symbols():
    assert bloat.rmap_symbols(SYMS) == [("anon_vma_count", 0x10), ("anon_vma_fork", 0x38),
                                        ("rmap_walk", 0x40)]


def test_diff():
    old = [(0, 100, "T", "same"), (0, 40, "T", "grows"), (0, 30, "t", "shrinks"),
           (0, 12, "t", "gone"), (0, 8, "d", "table"), (4, 8, "d", "table")]
    new = [(0, 100, "T", "same"), (0, 52, "T", "grows"), (0, 20, "t", "shrinks"),
           (0, 64, "t", "anon_vma_fork"), (0, 16, "r", "names"), (0, 16, "d", "table")]
    d = bloat.diff(old, new)
    assert (d["add"], d["remove"], d["grow"], d["shrink"]) == (2, 1, 1, 1), d
    assert d["up"] == 12 + 64 + 16 and d["down"] == -10 - 12
    assert d["net"] == sum(x[1] for x in new) - sum(x[1] for x in old)
    rows = {r[1]: r for r in d["rows"]}
    assert "same" not in rows and "table" not in rows      # two statics of 8 = one of 16
    assert rows["anon_vma_fork"][2:] == (None, 64, 64) and rows["gone"][2:] == (12, None, -12)
    assert d["rows"][0][1] == "anon_vma_fork"              # biggest change first
    text = bloat.format_diff(d, 1000, 1070)
    assert text[0] == "add/remove: 2/1 grow/shrink: 1/1 up/down: 92/-22 (70)", text[0]
    assert text[-1] == "Total: Before=1000, After=1070, chg +7.00%"
    assert any(x.startswith("RO Data") for x in text)


CONSOLE = """\
Anvil x on QEMU virt
Command line: meminfo init=tree -- 2 1
page.size 24
pages.total 100
pages.free 60
pages.page_array 1
pages.anon 0
pages.swap_cache 0
pages.pgtable 0
slab.anon_vma.objsize 40
slab.anon_vma.inuse 0
workload tree
n 2
delta.pages.free -10
delta.slab.anon_vma.inuse 3
before.page.size 24
before.pages.total 100
before.pages.free 50
before.pages.anon 0
before.slab.anon_vma.objsize 40
before.slab.anon_vma.inuse 1
peak.page.size 24
peak.pages.total 100
peak.pages.free 40
peak.pages.anon 6
peak.slab.anon_vma.objsize 40
peak.slab.anon_vma.inuse 4
peak.rmap.walks 7
end.pages.free 50
# not back after teardown: nothing
leaks 0
result ok
"""


def test_parse_console_and_metrics():
    r = footprint.parse_console(CONSOLE)
    assert r["boot"]["pages.free"] == 60 and "n" not in r["boot"]
    assert r["params"] == {"workload": "tree", "n": 2}
    assert r["delta"]["slab.anon_vma.inuse"] == 3 and r["peak"]["pages.free"] == 40
    assert r["end"] == {"pages.free": 50} and r["leaks"] == 0 and r["result"] == "ok"
    m = footprint.metrics(r["peak"])
    assert m["slab.anon_vma.bytes"] == 160 and m["slab.anon_vma_chain.bytes"] == 0
    assert m["rmap_bytes"] == 160 and m["rmap.walks"] == 7
    assert m["kernel_ram_bytes"] == (100 - 40 - 6) * 4096
    assert m["struct_page_bytes"] == 2400
    assert footprint.metrics(r["boot"])["page_array_bytes"] == 4096


def run(workload, delta):
    return {"workload": workload, "delta": delta}


def test_slopes():
    runs = [run("tree 1 1", {"rmap_bytes": 100}), run("tree 256 1", {"rmap_bytes": 100 + 255 * 208}),
            run("tree 16 1", {"rmap_bytes": 5}), run("chain 10 1", {"rmap_bytes": 50}),
            run("chain 1000 1", {"rmap_bytes": 50}), run("split 4", {"rmap_bytes": 9}),
            dict(run("tree 1 8", {"rmap_bytes": 1}), error="x"), run("tree 256 8", {"rmap_bytes": 2})]
    s = {x["group"]: x for x in footprint.slopes(runs)}
    assert set(s) == {"tree V=1", "chain V=1"}, s      # tree V=8 has one good point only
    assert s["tree V=1"]["slope"]["rmap_bytes"] == 208 and s["tree V=1"]["per"] == "child"
    assert s["chain V=1"]["slope"]["rmap_bytes"] == 0 and s["chain V=1"]["per"] == "generation"


def test_parse_configs(tmp="/tmp"):
    specs = footprint.parse_configs("swap-off, small:CONFIG_HZ=100+CONFIG_SWAP=n")
    assert [s.name for s in specs] == ["swap-off", "small"]
    assert specs[1].lines == ["CONFIG_HZ=100", "CONFIG_SWAP=n"]
    path = os.path.join(tmp, "fp-unit-%d.config" % os.getpid())
    with open(path, "w") as f:
        f.write("# a comment\nCONFIG_SWAP=y\n# CONFIG_DEBUG_VM is not set\n")
    try:
        s = footprint.parse_configs(path)[0]
        assert s.name.startswith("fp-unit-") and s.lines == ["CONFIG_SWAP=y", "CONFIG_DEBUG_VM=n"]
    finally:
        os.unlink(path)
    for bad in ("nosuch", "x:HZ=1", "swap-off swap-off", ""):
        try:
            footprint.parse_configs(bad)
        except ValueError:
            continue
        raise AssertionError("accepted %r" % bad)


def plot_report(tmp):
    col = {"name": "a", "status": "built", "config": "CONFIG_SWAP=y\n",
           "static": {"sizes": {"total": 1000}, "rmap_symbol_bytes": 10,
                      "test_code": {"kernel_bytes": 100, "user_bytes": 50}},
           "boot": {"kernel_ram_bytes": 8192, "struct_page_bytes": 4096, "page_size": 24},
           "runs": [run("tree 1 1", {"rmap_bytes": 10, "kernel_ram_bytes": 100}),
                    run("tree 16 1", {"rmap_bytes": 400, "kernel_ram_bytes": 1600}),
                    run("chain 10 1", {"rmap_bytes": 0, "kernel_ram_bytes": 0})]}
    off = dict(col, name="b<&>", config="# CONFIG_SWAP is not set\n",
               runs=[run("tree 1 1", {"rmap_bytes": 0, "kernel_ram_bytes": 90}),
                     run("tree 16 1", {"rmap_bytes": 0, "kernel_ram_bytes": 1590})])
    rep = {"board": "b", "git": {"revision": "0" * 40}, "columns": [off, col],
           "capacity": [{"config": "a", "case": "tree N 1", "ram": "4M", "largest": 7},
                        {"config": "b<&>", "case": "tree N 1", "ram": "4M", "largest": 3}]}
    for c in rep["columns"]:
        c["slopes"] = footprint.slopes(c["runs"])
    return rep


def test_plots(tmp="/tmp"):
    d = os.path.join(tmp, "fp-plots-%d" % os.getpid())
    os.makedirs(d, exist_ok=True)
    try:
        files, axes = footprint.plots(plot_report(d), d)
        assert files == ["footprint.png", "footprint.svg"], files
        with open(os.path.join(d, "footprint.png"), "rb") as f:
            assert f.read(8) == b"\x89PNG\r\n\x1a\n"
        ET.parse(os.path.join(d, "footprint.svg"))
        assert len(axes) == 4, axes
        for title, xlabel, ylabel, outside in axes:
            assert xlabel and ylabel and title, (title, xlabel, ylabel)
        # every y axis names its unit; every legend sits outside the data
        assert all("(" in y and ")" in y for _t, _x, y, _o in axes), axes
        assert all(o for _t, _x, _y, o in axes), axes
        s = footprint.plot_series(plot_report(d))
        assert s["rmap"][("a", 1)] == [(2, 10), (17, 400)], s["rmap"]
        assert s["per_child"]["a"][1] == 100.0 and s["static"]["a"] == (850, 8192), s
    finally:
        for f in os.listdir(d):
            os.unlink(os.path.join(d, f))
        os.rmdir(d)


def test_summary_first():
    rep = plot_report("/tmp")
    rows = {r[0]: r for r in footprint.summary_rows(rep)}
    assert rows["image, text + data + bss without test code"][2] == ["850", "850"], rows
    assert rows["image against b<&>"][2] == ["+0 (+0.0%)", "+0 (+0.0%)"]
    assert rows["struct page, per page of RAM"][3] == "32"
    assert rows["rmap bytes per forked process (tree N 1)"][2] == ["0", "26"], rows
    assert rows["rmap bytes per forked process (tree N 1)"][3] == "720"
    assert rows["kernel RAM per VMA of a child (tree N 8 - tree N 1) / 7"][2] == ["-", "-"]
    for figure, unit, _v, _l in footprint.summary_rows(rep):
        assert unit.startswith("bytes"), (figure, unit)     # one unit per row
    text = footprint.summary(rep)
    assert text[0] == "## What CONFIG_SWAP costs on b with ? of RAM", text[0]
    assert "Linux 6.1" in text[2] and "recorded by hand" in text[-1]


def test_targets_not_measured():
    chain = {"name": "chain-reuse", "config": CHAIN_CONFIG, "runs": [], "slopes": []}
    t = {x[0]: x[1:] for x in footprint.targets(chain)}
    assert t["rmap bytes per extra child, tree N 1 <= 200 bytes"] == (None, 200, None), t
    assert t["kernel RAM per extra child, tree N 1 <= 8192 bytes"] == (None, 8192, None), t
    assert t["kernel RAM per extra child, tree N 8 <= 9216 bytes"] == (None, 9216, None), t
    assert t["struct page with swap <= 16 bytes"] == (None, 16, None), t
    assert footprint.target_status(None) == "not measured in this run"
    assert footprint.target_status(False) == "**missed**" and footprint.target_status(True) == "met"
    off = {"name": "swap-off", "config": "# CONFIG_SWAP is not set\n", "runs": [], "slopes": [],
           "static": {"rmap_symbol_bytes": 0}}
    t = {x[0]: x[1:] for x in footprint.targets(off)}
    assert t["struct page <= 8 bytes"] == (None, 8, None), t


def test_same_text_counted_once():
    def col(delta, peak):
        run = {"workload": "same 16", "peak": {"image_mapped_pages": peak}, "boot": {"page_size": 16},
               "delta": {"image_mapped_pages": delta}}
        return {"name": "swap-on", "config": "CONFIG_SWAP=y\n", "runs": [run], "slopes": []}
    name = "program text counted once: pages.image_mapped grows by 0 in same 16"
    assert {x[0]: x[1:] for x in footprint.targets(col(0, 5))}[name] == (0, 0, True)
    assert {x[0]: x[1:] for x in footprint.targets(col(80, 85))}[name] == (80, 0, False)
    assert {x[0]: x[1:] for x in footprint.targets(col(0, 0))}[name] == (0, 0, False)   # no counter


def test_cpio_and_test_code(tmp="/tmp"):
    import mkinitramfs
    d = os.path.join(tmp, "fp-cpio-%d" % os.getpid())
    os.makedirs(d, exist_ok=True)
    try:
        paths = []
        for name, size in (("t_cow", 5), ("sh", 7), ("runtests", 3), ("tree", 1)):
            paths.append(os.path.join(d, name))
            with open(paths[-1], "wb") as f:
                f.write(b"x" * size)
        cpio = os.path.join(d, "initramfs.cpio")
        sys.argv = ["mkinitramfs.py", cpio] + paths
        mkinitramfs.main()
        assert footprint.cpio_files(cpio) == {"t_cow": 5, "sh": 7, "runtests": 3, "tree": 1}
        tree = bloat.build_tree(SECTIONS, bloat.parse_map(MAP.replace("main.o", "ktest.o"), "/b"), SYMS)
        tc = footprint.test_code(tree, cpio)
        assert tc["user_bytes"] == 8 and tc["initramfs_other_bytes"] == 8, tc
        assert tc["kernel_objects"] == {"kernel/ktest.o": 0x2d + 0x100 + 0x50 + 0x10}, tc
    finally:
        for f in os.listdir(d):
            os.unlink(os.path.join(d, f))
        os.rmdir(d)


def test_no_traceback_when_piped_to_head():
    """A reader that has gone (head after its lines): the script stops quietly."""
    import subprocess
    here = os.path.dirname(os.path.abspath(__file__))
    for args in (["bloat.py", "--help"], ["footprint.py", "--help"], ["srccheck.py"]):
        p = subprocess.Popen([sys.executable, os.path.join(here, args[0])] + args[1:],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        p.stdout.close()		# before the script writes: every write fails with EPIPE
        err = p.stderr.read().decode()
        p.wait()
        assert "Traceback" not in err and "BrokenPipeError" not in err, (args, err)


def test_bisect_largest():
    for limit in (0, 1, 37, 1023, 1024):
        seen = []

        def passes(n):
            seen.append(n)
            return n <= limit
        largest, probes = footprint.bisect_largest(passes, 1, 1024)
        assert largest == limit, (limit, largest, probes)
        tried = dict(probes)
        assert [n for n, _ok in probes] == seen and len(seen) <= 11, seen
        if 0 < limit:
            assert tried[limit] is True
        if limit < 1024:
            assert tried[limit + 1] is False, (limit, probes)   # N passes, N + 1 does not


def test_capacity_table():
    rep = {"board": "b", "columns": [{"name": "off", "status": "built"}, {"name": "on", "status": "built"}],
           "capacity": [dict(config="off", case="tree", ram="4M", largest=5, at_limit=False, exact=True,
                             swap_mib=0),
                        dict(config="on", case="tree", ram="4M", largest=1024, at_limit=True, exact=True,
                             swap_mib=64, next_failure=None),
                        dict(config="on", case="swapstress", ram="16M", largest=40, at_limit=False,
                             exact=False, swap_mib=64)]}
    text = "\n".join(footprint.capacity_table(rep))
    assert text.startswith("## What swap buys: capacity on b"), text
    rep["capacity"][0]["next_failure"] = "OOM kill"
    text = "\n".join(footprint.capacity_table(rep))
    assert "| tree N 1: largest N (children) | 4 MiB | 5 (N+1: OOM kill) | >= 1024 |" in text, text
    assert footprint.failure_reason("x\nOut of memory: killed pid 3 (tree), 9 pages\n", 2, False) == "OOM kill"
    assert footprint.failure_reason("pid 4 (tree): killed by SIGBUS: swap read error at", 135, False) == \
        "swap I/O error"
    assert footprint.failure_reason("", None, True).startswith("hung")
    assert "| swapstress M 4: largest M (MiB) | 16 MiB | - | 40 (not exact) |" in text, text
    assert "fresh 64 MiB swap area" in text
    assert footprint.parse_capacity("tree@4M,8m;swapstress") == [
        ("tree", "4M", None), ("tree", "8M", None), ("swapstress", "4M", None), ("swapstress", "8M", None),
        ("swapstress", "16M", None)]
    assert footprint.parse_capacity("tree@8M=swap-off+shared") == [("tree", "8M", ["swap-off", "shared"])]
    assert footprint.parse_capacity("none") == []
    for bad in ("tree@3M", "nosuch@4M", "tree@4G"):
        try:
            footprint.parse_capacity(bad)
        except ValueError:
            continue
        raise AssertionError("accepted %r" % bad)


CHAIN_CONFIG = "CONFIG_SWAP=y\nCONFIG_ANON_RMAP_CHAIN=y\nCONFIG_ANON_VMA_REUSE=y\n"
SHARED_CONFIG = "CONFIG_SWAP=y\nCONFIG_ANON_RMAP_SHARED=y\n"


def rmap_run(workload, av, avc, walks=None, **params):
    d = {"slab.anon_vma.objects": av, "slab.anon_vma_chain.objects": avc,
         "slab.anon_vma.bytes": av * 24, "slab.anon_vma_chain.bytes": avc * 28,
         "rmap_bytes": av * 24 + avc * 28, "kernel_ram_bytes": 4096 * av}
    p = dict(params, **(walks or {}))
    return {"workload": workload, "delta": d, "peak": d, "params": p}


def rmap_columns():
    chain = [rmap_run("tree 1 1", 5, 9, {"walk.cowed_page": 1, "walk.shared_page": 2}),
             rmap_run("tree 256 1", 1025, 2049, {"walk.cowed_page": 1, "walk.shared_page": 257}),
             rmap_run("chain 10 1", 9, 13), rmap_run("chain 1000 1", 9, 13),
             rmap_run("split 16", 64, 64, {"walk.split_page": 1}, vmas=64)]
    shared = [rmap_run("tree 1 1", 1, 5, {"walk.cowed_page": 2, "walk.shared_page": 2}),
              rmap_run("tree 256 1", 1, 1025, {"walk.cowed_page": 257, "walk.shared_page": 257}),
              rmap_run("chain 10 1", 41, 45), rmap_run("chain 1000 1", 4001, 4005),
              dict(rmap_run("split 16", 1, 64, {"walk.split_page": 3}, vmas=64))]
    cols = [{"name": "chain-reuse", "config": CHAIN_CONFIG, "runs": chain},
            {"name": "shared", "config": SHARED_CONFIG, "runs": shared}]
    for c in cols:
        c["slopes"] = footprint.slopes(c["runs"])
    return cols


def test_design():
    assert footprint.design({"config": CHAIN_CONFIG}) == "chain"
    assert footprint.design({"config": SHARED_CONFIG}) == "shared"
    assert footprint.design({"config": "CONFIG_SWAP=y\nCONFIG_ANON_RMAP_CHAIN=y\n"}) == "chain-noreuse"
    assert footprint.design({"config": "# CONFIG_SWAP is not set\n"}) == "swap-off"


def test_walk_rows():
    cols = rmap_columns()
    rows = footprint.walk_table(cols, ["tree 1 1", "tree 256 1", "chain 10 1", "split 16"])
    got = {(r[0], r[1]): r[2:] for r in rows}
    assert got[("tree 256 1", "walk.cowed_page")] == ["1", "257"], rows
    assert got[("tree 256 1", "walk.shared_page")] == ["257", "257"]
    assert got[("split 16", "walk.split_page")] == ["1", "3"]
    assert not any(r[0] == "chain 10 1" for r in rows)         # it prints no walk


def test_rmap_tables():
    text = "\n".join(footprint.rmap_tables(rmap_columns()))
    # tree N 1: objects, bytes and the per-child slope (2049 - 9 avcs over 255 children = 8)
    assert "| chain-reuse | 256 | 1025 | 2049 | 24600 | 57372 | 81972 |" in text, text
    assert "| chain-reuse | per extra child (1..256) | 4 | 8 | 96 | 224 | 320 |" in text, text
    assert "| tree N 1 | chain-reuse | 320 | 200 | 720 | **over** |" in text, text
    assert "| tree N 1 | shared | 112 | 200 | 720 | met |" in text, text
    assert "| tree 256 1 | 257 | 1 / 257 | 257 / 257 |" in text, text
    assert "| growth, chain 10 1 -> chain 1000 1 | 0 / 0 | 3960 / 3960 |" in text, text
    assert "| split 16 | 64 | 1 | 3 |" in text, text
    assert "tree N 8" not in text                               # not run: no table
    assert footprint.rmap_tables([{"name": "x", "config": "", "runs": []}]) == []


def test_walk_targets():
    chain, shared = rmap_columns()
    for c in (chain, shared):
        c["runs"] = [dict(r, boot=r["delta"]) for r in c["runs"]]
    t = {x[0]: x[1:] for x in footprint.targets(chain)}
    assert t["VMAs visited for a COWed page, tree 256 1 <= 2"] == (1, 2, True), t
    assert t["VMAs visited per walk, split 16 <= 2"] == (1, 2, True), t
    t = {x[0]: x[1:] for x in footprint.targets(shared)}
    assert not any(k.startswith("VMAs visited for a COWed") for k in t), t  # legacy: shown, no target
    assert t["VMAs visited per walk, split 16 <= 2"] == (3, 2, False), t


def test_swapbench_cases():
    assert swapbench.parse_cases("tree 64 1@8M; tree  256 8 @16M") == [("tree 64 1", "8M"),
                                                                     ("tree 256 8", "16M")]
    for bad in ("tree 64 1", "tree 64 1@8", "tree 64 1@2M", "tree 64 1@1G", "nosuch 1@8M", ";"):
        try:
            swapbench.parse_cases(bad)
        except ValueError:
            continue
        raise AssertionError("accepted %r" % bad)


def test_swapbench_counters():
    before = {"swap.pages_out": 5, "swap.pages_in": 1, "rmap.walks": 10, "rmap.walk_vmas": 20}
    end = {"swap.pages_out": 105, "swap.pages_in": 51, "rmap.walks": 60, "rmap.walk_vmas": 520,
           "oom.kills": 0}
    w = swapbench.whole_run(before, end)
    assert (w["swap.pages_out"], w["swap.pages_in"], w["rmap.walks"], w["rmap.walk_vmas"]) == \
        (100, 50, 50, 500), w
    assert w["vmas_per_walk"] == 10 and w["walk_vmas_per_page_out"] == 5
    assert w["reclaim.scanned"] == 0
    z = swapbench.whole_run({}, {})
    assert z["vmas_per_walk"] is None and z["walk_vmas_per_page_out"] is None
    assert z["zram.compress_per_page"] is None and z["zram.peak_kib"] is None
    # zram's averages since boot give the run's own: (20 x 150 - 10 x 100) / 10.
    z = swapbench.whole_run({"zram.compressions": 10, "zram.compress_cycles_per_page": 100},
                            {"zram.compressions": 20, "zram.compress_cycles_per_page": 150,
                             "zram.peak_alloc_pages": 3, "zram.table_bytes": 2048}, zram=True)
    assert z["zram.compress_per_page"] == 200 and z["zram.decompress_per_page"] is None, z
    assert z["zram.peak_kib"] == 14, z
    assert swapbench.spread([7, 7, 7]) == "7"
    assert swapbench.spread([9, 3, 5]) == "3 / 5 / 9"
    assert swapbench.spread([1.0, 2.5]) == "1 / 1.75 / 2.50"
    assert swapbench.spread([None]) == "-"


def test_swapbench_small_ram(tmp="/tmp"):
    """swapbench's small RAM sizes go through qemu.command as they are."""
    path = os.path.join(tmp, "sb-unit-%d.config" % os.getpid())
    with open(path, "w") as f:
        f.write('CONFIG_QEMU_MACHINE="virt"\nCONFIG_QEMU_CPU="cortex-a15"\n')
    try:
        cmd = qemu.command(path, "k.bin", ram="8M", append="meminfo init=tree -- 64 1", swap="s.img")
    finally:
        os.unlink(path)
    assert cmd[cmd.index("-m") + 1] == "8M" and cmd.count("-m") == 1, cmd
    assert "if=none,id=swap,format=raw,rerror=report,werror=report,file=s.img" in cmd, cmd
    try:
        qemu.check_ram("3M")
    except SystemExit as e:
        assert "4M to 768M" in str(e), e
    else:
        raise AssertionError("RAM=3M accepted")


def main():
    failed = 0
    for name, fn in sorted(globals().items()):
        if name.startswith("test_") and callable(fn):
            try:
                fn()
                print("ok    %s" % name[5:])
            except Exception as e:      # noqa: BLE001 -- report every failure, keep going
                failed += 1
                print("FAIL  %s: %s: %s" % (name[5:], type(e).__name__, e))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
