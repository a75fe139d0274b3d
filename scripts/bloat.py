#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Where the bytes of a kernel image go, and how two images differ.

This file owns the static half of the footprint report: reading an ELF
image (its section headers, parsed here; its symbols, through nm), the
link map the Makefile writes beside it (anvil.map), the tree of sizes by
directory, object file and symbol (in the manner of Zephyr's ram_report),
and the symbol diff of two images (in the manner of Linux's
scripts/bloat-o-meter).  It runs nothing in QEMU and builds nothing.

  bloat.py OLD.elf NEW.elf          added/removed/grown/shrunk symbols, net change
  bloat.py --tree IMAGE.elf [--depth N] [--map anvil.map]
                                    the image by directory/object/symbol
  bloat.py --build-dir DIR OLD NEW  OLD and NEW may name configs under DIR
                                    (DIR/<name>/anvil.elf, as make footprint builds)

Sizes are counted, not estimated: text/data/bss are the Berkeley figures
of arm-none-eabi-size (text = allocated read-only or executable sections,
data = allocated writable with contents, bss = allocated without
contents); a tree node's size is the sum of the link map's input sections
it owns, so the tree's total equals the image's text + data + bss.
"""
import bisect
import os
import re
import struct
import subprocess
import sys

NM = os.environ.get("NM", "arm-none-eabi-nm")

# The symbols of the reverse map (Documentation/mm/reverse-map.md): an image built without swap has none.
RMAP_SYMBOL = re.compile(r"anon_vma|avc|rmap|try_to_unmap|page_referenced")

SHF_WRITE, SHF_ALLOC, SHF_EXECINSTR = 0x1, 0x2, 0x4
SHT_NOBITS = 8


# ---------------------------------------------------------------- ELF sections

def elf_sections(path):
    """[(name, kind, addr, size)] of the allocated sections; kind: text, data or bss."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"\x7fELF" or data[4] != 1:
        raise ValueError("%s: not a 32-bit ELF file" % path)
    end = "<" if data[5] == 1 else ">"
    shoff, = struct.unpack_from(end + "I", data, 0x20)
    shentsize, shnum, shstrndx = struct.unpack_from(end + "HHH", data, 0x2E)
    heads = [struct.unpack_from(end + "IIIIIIIIII", data, shoff + i * shentsize) for i in range(shnum)]
    stroff = heads[shstrndx][4]
    out = []
    for h in heads:
        name_off, typ, flags, addr, _off, size = h[:6]
        if not flags & SHF_ALLOC or size == 0:
            continue
        name = data[stroff + name_off:data.index(b"\0", stroff + name_off)].decode()
        out.append((name, section_kind(typ, flags), addr, size))
    return out


def section_kind(typ, flags):
    """Berkeley size's classes."""
    if typ == SHT_NOBITS:
        return "bss"
    if flags & SHF_WRITE and not flags & SHF_EXECINSTR:
        return "data"
    return "text"


def image_sizes(path):
    """{'text', 'data', 'bss', 'total'} of an image, from its section headers."""
    s = {"text": 0, "data": 0, "bss": 0}
    for _name, kind, _addr, size in elf_sections(path):
        s[kind] += size
    s["total"] = s["text"] + s["data"] + s["bss"]
    return s


# ---------------------------------------------------------------- symbols

def parse_nm(text):
    """nm -S --defined-only output -> [(addr, size, type, name)] of sized symbols."""
    syms = []
    for line in text.splitlines():
        f = line.split()
        if len(f) == 4 and f[2].isalpha():
            syms.append((int(f[0], 16), int(f[1], 16), f[2], f[3]))
    return syms


def symbols(path):
    out = subprocess.run([NM, "-S", "--defined-only", path], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    if out.returncode:
        raise ValueError("%s: %s" % (path, out.stderr.strip()))
    return parse_nm(out.stdout)


def rmap_symbols(syms):
    """The reverse map's symbols of an image: [(name, size)]."""
    return sorted((name, size) for _a, size, _t, name in syms if RMAP_SYMBOL.search(name))


# ---------------------------------------------------------------- link map

_OUT = re.compile(r"^(\.\S+)(?:\s+0x([0-9a-f]+)\s+0x([0-9a-f]+))?\s*$")
_IN = re.compile(r"^ (\S+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s*(.*)$")
_IN_NAME = re.compile(r"^ (\.\S+)$")
_IN_CONT = re.compile(r"^\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$")


def parse_map(text, objtree=""):
    """GNU ld map -> [(out_section, in_section, addr, size, owner)] of non-empty
    input sections.  owner is the object relative to objtree, "libgcc.a/x.o"
    for an archive member, "(fill)" for padding."""
    out = []
    start = text.find("Linker script and memory map")
    lines = text[start:].splitlines() if start >= 0 else []
    osec, pending = None, None
    for line in lines:
        if pending is not None:
            m = _IN_CONT.match(line)
            if m:
                out.append((osec, pending, int(m.group(1), 16), int(m.group(2), 16),
                            owner_name(m.group(3), objtree)))
            pending = None
            if m:
                continue
        m = _OUT.match(line)
        if m:
            osec = m.group(1)
            continue
        if line.startswith(" *fill*"):
            f = line.split()
            if len(f) >= 3 and osec:
                out.append((osec, "*fill*", int(f[1], 16), int(f[2], 16), "(fill)"))
            continue
        m = _IN.match(line)
        if m and osec:
            owner = m.group(4).strip()
            if owner and not owner.startswith("("):
                out.append((osec, m.group(1), int(m.group(2), 16), int(m.group(3), 16),
                            owner_name(owner, objtree)))
            continue
        m = _IN_NAME.match(line)
        if m and osec:
            pending = m.group(1)
    return [e for e in out if e[3] > 0]


def owner_name(path, objtree):
    m = re.match(r"^(.*/)?([^/]+\.a)\((.+)\)$", path)
    if m:
        return "%s/%s" % (m.group(2), m.group(3))
    if path == "linker stubs":
        return "(linker stubs)"
    if objtree and path.startswith(objtree.rstrip("/") + "/"):
        return path[len(objtree.rstrip("/")) + 1:]
    return path


# ---------------------------------------------------------------- the tree

class Node:
    __slots__ = ("name", "sizes", "children")

    def __init__(self, name):
        self.name = name
        self.sizes = {"text": 0, "data": 0, "bss": 0}
        self.children = {}

    def total(self):
        return sum(self.sizes.values())

    def child(self, name):
        if name not in self.children:
            self.children[name] = Node(name)
        return self.children[name]

    def add(self, path, kind, size):
        node = self
        node.sizes[kind] += size
        for part in path:
            node = node.child(part)
            node.sizes[kind] += size

    def to_dict(self, depth=None):
        d = {"name": self.name, **self.sizes, "total": self.total()}
        if self.children and (depth is None or depth > 0):
            d["children"] = [c.to_dict(None if depth is None else depth - 1)
                             for c in sorted(self.children.values(), key=lambda n: (-n.total(), n.name))]
        return d


def build_tree(sections, map_entries, syms):
    """The image as root -> directories -> object -> symbol.

    Every byte of an allocated section belongs to the input section the
    link map places there; a sized symbol inside it is a leaf under that
    object; what no symbol covers is "(no symbol)" (assembly without
    .size, merged strings, alignment)."""
    kinds = {name: kind for name, kind, _a, _s in sections}
    entries = sorted((e for e in map_entries if e[0] in kinds), key=lambda e: e[2])
    starts = [e[2] for e in entries]
    covered = [0] * len(entries)
    root = Node("image")
    sym_in = [[] for _ in entries]
    seen = set()
    for addr, size, _typ, name in sorted(syms):
        if (addr, name) in seen:
            continue
        seen.add((addr, name))
        i = bisect.bisect_right(starts, addr) - 1
        if i < 0:
            continue
        e = entries[i]
        if not (e[2] <= addr and addr + size <= e[2] + e[3]):
            continue
        sym_in[i].append((name, size))
        covered[i] += size
    for i, (osec, _isec, _addr, size, owner) in enumerate(entries):
        kind = kinds[osec]
        path = owner_path(owner)
        for name, ssize in sym_in[i]:
            root.add(path + [name], kind, ssize)
        rest = size - covered[i]
        if rest > 0:
            root.add(path + ["(no symbol)"], kind, rest)
    return root


def owner_path(owner):
    if owner.startswith("("):
        return [owner]
    return owner.split("/")


def image_tree(elf, map_path=None, objtree=None):
    map_path = map_path or os.path.splitext(elf)[0] + ".map"
    objtree = objtree or os.path.dirname(os.path.abspath(elf))
    with open(map_path) as f:
        entries = parse_map(f.read(), objtree)
    return build_tree(elf_sections(elf), entries, symbols(elf))


def format_tree(node, depth=3, min_bytes=0):
    """Indented lines, biggest first, down to depth levels below node."""
    lines = ["%-52s %8s %8s %8s %8s" % ("path", "text", "data", "bss", "total")]

    def walk(n, level):
        lines.append("%-52s %8d %8d %8d %8d" % (("  " * level + n.name)[:52], n.sizes["text"],
                                              n.sizes["data"], n.sizes["bss"], n.total()))
        if level < depth:
            for c in sorted(n.children.values(), key=lambda c: (-c.total(), c.name)):
                if c.total() >= min_bytes:
                    walk(c, level + 1)
    walk(node, 0)
    return lines


def by_directory(tree):
    """{dir: sizes} with each object's directory path (arch/arm/mm, mm, ...)."""
    out = {}

    def walk(node, path):
        for c in node.children.values():
            if c.name.endswith(".o") or c.name.startswith("("):
                d = "/".join(path) or "(top)"
                acc = out.setdefault(d, {"text": 0, "data": 0, "bss": 0})
                for k in acc:
                    acc[k] += c.sizes[k]
            else:
                walk(c, path + [c.name])
    walk(tree, [])
    for v in out.values():
        v["total"] = v["text"] + v["data"] + v["bss"]
    return out


# ---------------------------------------------------------------- the diff

def symbol_kind(typ):
    t = typ.lower()
    if t in "tw":
        return "Function"
    if t == "r":
        return "RO Data"
    return "Data"


def symbol_sizes(syms):
    """{(kind, name): size}; same-named statics of several files add up."""
    out = {}
    for _addr, size, typ, name in syms:
        key = (symbol_kind(typ), name)
        out[key] = out.get(key, 0) + size
    return out


def diff(old_syms, new_syms):
    """bloat-o-meter's comparison: {'rows': [(kind, name, old, new, delta)],
    'add', 'remove', 'grow', 'shrink', 'up', 'down', 'net'}; old or new is
    None for an added or removed symbol."""
    old, new = symbol_sizes(old_syms), symbol_sizes(new_syms)
    rows = []
    r = {"add": 0, "remove": 0, "grow": 0, "shrink": 0, "up": 0, "down": 0}
    for key in set(old) | set(new):
        o, n = old.get(key), new.get(key)
        d = (n or 0) - (o or 0)
        if o is None:
            r["add"] += 1
        elif n is None:
            r["remove"] += 1
        elif d > 0:
            r["grow"] += 1
        elif d < 0:
            r["shrink"] += 1
        if d > 0:
            r["up"] += d
        else:
            r["down"] += d
        if d or o is None or n is None:
            rows.append((key[0], key[1], o, n, d))
    rows.sort(key=lambda x: (-abs(x[4]), x[0], x[1]))
    r["rows"] = rows
    r["net"] = r["up"] + r["down"]
    return r


def format_diff(d, old_total=None, new_total=None):
    lines = ["add/remove: %d/%d grow/shrink: %d/%d up/down: %d/%d (%d)" %
             (d["add"], d["remove"], d["grow"], d["shrink"], d["up"], d["down"], d["net"])]
    for kind in ("Function", "Data", "RO Data"):
        rows = [x for x in d["rows"] if x[0] == kind]
        if not rows:
            continue
        lines.append("%-40s %7s %7s %+7s" % (kind, "old", "new", "delta"))
        for _k, name, o, n, delta in rows:
            lines.append("%-40s %7s %7s %+7d" % (name[:40], "-" if o is None else o,
                                                 "-" if n is None else n, delta))
    if old_total is not None and new_total is not None:
        chg = 100.0 * (new_total - old_total) / old_total if old_total else 0.0
        lines.append("Total: Before=%d, After=%d, chg %+.2f%%" % (old_total, new_total, chg))
    return lines


# ---------------------------------------------------------------- command line

def resolve(arg, build_dir):
    """An ELF file, or a config name under build_dir (footprint.build/<board>): one
    make footprint built, or one of its named configs, found or built now."""
    if os.path.isfile(arg):
        return arg
    if build_dir:
        import footprint		# it imports this file: import it only when needed
        p, note = footprint.image_for(arg, build_dir)
        if p:
            if note:
                print("  NOTE    %s" % note, file=sys.stderr)
            return p
        sys.exit("*** %s: no such image file, and as a config: %s" % (arg, note))
    sys.exit("*** %s: no such image file (give --build-dir to name configs)" % arg)


def main(argv):
    import argparse
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("images", nargs="+")
    ap.add_argument("--tree", action="store_true")
    ap.add_argument("--depth", type=int, default=3)
    ap.add_argument("--map")
    ap.add_argument("--build-dir")
    a = ap.parse_args(argv)
    if a.tree:
        if len(a.images) != 1:
            ap.error("--tree takes one image")
        elf = resolve(a.images[0], a.build_dir)
        print("\n".join(format_tree(image_tree(elf, a.map), a.depth)))
        return 0
    if len(a.images) != 2:
        ap.error("give two images: OLD NEW")
    old, new = (resolve(x, a.build_dir) for x in a.images)
    d = diff(symbols(old), symbols(new))
    print("\n".join(format_diff(d, image_sizes(old)["total"], image_sizes(new)["total"])))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BrokenPipeError:		# piped to head: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
