#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Checks of the source tree itself, run by make test:

  1. every source file carries an SPDX-License-Identifier line near its top
     (the first three lines: after a #! line and an encoding line at most);
  2. no file points to a document outside the repository (the working
     notes the project grew from) or names a tracker's issue number
     instead of saying what it means.

The files are those git tracks plus those it would track (new, not
ignored), so a file added on any branch is caught before it is committed.
Outside a git checkout every file under the source tree is read, build
outputs (.gitignore's patterns are not read then) and dot-directories left
out.

  srccheck.py [--root DIR]      prints one line per problem, exits 1 if any
"""
import argparse
import os
import re
import subprocess
import sys

SPDX = re.compile(r"SPDX-License-Identifier: [A-Za-z0-9.+-]+( (AND|OR|WITH) [A-Za-z0-9.+-]+)*")
SPDX_LINES = 3

# Source files by name: the kinds the build and the scripts are made of.
SOURCE_SUFFIXES = (".c", ".h", ".S", ".s", ".lds", ".py", ".sh", ".mk", ".list")
SOURCE_NAMES = ("Makefile", "Kconfig")
SOURCE_PATTERNS = (re.compile(r"_defconfig$"), re.compile(r"^Kconfig\."))

# What no file may say.  Spelled in pieces so that this file does not match itself.
OUTSIDE_DOC = re.compile("|".join([
    r"\bDESIGN" + r"\.md\b",
    r"\.\./" + r"shared\b",
    r"/work/" + r"shared\b",
    r"\bHARDWARE" + r"\.md\b",
    r"\bSTYLE" + r"\.md\b",
]))
ISSUE_NUMBER = re.compile(r"\b[Ii]ssues?\s+#?\d+|\b[Ii]ssue\s*#\d+")

BUILD_OUTPUT_DIRS = {"footprint.build", "build-host", "rootfs", "generated", "__pycache__"}
BINARY_SUFFIXES = (".o", ".d", ".elf", ".bin", ".img", ".cpio", ".png", ".pyc", ".map")


def is_source(path):
    name = os.path.basename(path)
    if name.endswith(SOURCE_SUFFIXES) or name in SOURCE_NAMES:
        return True
    if any(p.search(name) for p in SOURCE_PATTERNS):
        return True
    try:
        with open(path, "rb") as f:
            return f.read(2) == b"#!"
    except OSError:
        return False


def tree_files(root):
    """The files of the tree, relative to root."""
    try:
        p = subprocess.run(["git", "-C", root, "ls-files", "-z", "--cached", "--others",
                            "--exclude-standard"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        if p.returncode == 0:
            return sorted({f for f in p.stdout.decode().split("\0")
                           if f and os.path.isfile(os.path.join(root, f))})
    except OSError:
        pass
    out = []
    for d, dirs, files in os.walk(root):
        dirs[:] = [x for x in dirs if not x.startswith(".") and x not in BUILD_OUTPUT_DIRS]
        for f in files:
            if not f.endswith(BINARY_SUFFIXES):
                out.append(os.path.relpath(os.path.join(d, f), root))
    return sorted(out)


def check_file(root, rel):
    """The problems of one file: [(rel, line number, what)]."""
    path = os.path.join(root, rel)
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError):
        return []		# binary or unreadable: nothing to say about it
    problems = []
    lines = text.splitlines()
    if is_source(path) and not any(SPDX.search(x) for x in lines[:SPDX_LINES]):
        problems.append((rel, 1, "no SPDX-License-Identifier line in its first %d lines" % SPDX_LINES))
    for i, line in enumerate(lines, 1):
        m = OUTSIDE_DOC.search(line)
        if m:
            problems.append((rel, i, "points to '%s', a document outside the repository" % m.group(0)))
        m = ISSUE_NUMBER.search(line)
        if m:
            problems.append((rel, i, "names '%s': say what it is about instead" % m.group(0)))
    return problems


def check_tree(root):
    """(files checked, source files among them, problems)."""
    files = tree_files(root)
    problems = []
    for rel in files:
        problems += check_file(root, rel)
    return len(files), sum(is_source(os.path.join(root, f)) for f in files), problems


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    a = ap.parse_args(argv)
    n, nsrc, problems = check_tree(a.root)
    for rel, line, what in problems:
        print("%s:%d: %s" % (rel, line, what))
    print("srccheck: %d files, %d source files, %d problems" % (n, nsrc, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BrokenPipeError:		# piped to head
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
