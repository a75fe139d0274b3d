# SPDX-License-Identifier: GPL-2.0-only
"""make test's checks of the flows a user runs in a source tree.

They run on a throwaway copy of the tree: a fresh git repository under
the test directory holding the files `git add -A` would commit (tracked
and new files as they are now, not the last commit), so that `git status`
there tells what a target deleted, changed or left behind.  Builds in it
are in tree, objects beside the sources, the way a newcomer builds.

  board switch   build board A, switch to board B: every object, kernel
                 and user, is rebuilt and B's user suite passes; and back
  config edit    `.config` edited by hand (swap off, then on again): the
                 first make is right and the image boots
  unknown symbol a misspelled symbol in .config is named in one warning
  litter         make, savedefconfig and swapbench leave no untracked
                 file behind
  clean          clean and distclean, in tree and with O=, delete no
                 tracked file, leave no build output, and make builds again

test.py owns the reporting; this module gets its helpers through Flows.
"""
import os
import re
import shutil
import subprocess
import time

import ktap
import qemu

BOOT_TIMEOUT = 120


class Flows:
    """The throwaway tree and the helpers of test.py: run(cmd, cwd) -> (rc, out),
    boot(qemu command, timeout) -> qemu.Result, report(name, ok, detail)."""

    def __init__(self, srctree, testdir, run, boot, report):
        self.srctree = srctree
        self.testdir = testdir
        self.tree = os.path.join(testdir, "flows-tree")
        self.run, self.boot, self.report = run, boot, report
        self.ready = None		# None: not made yet; else True/False
        boards = sorted(f[:-len("_defconfig")] for f in os.listdir(os.path.join(srctree, "configs"))
                        if f.endswith("_defconfig"))
        # Board A is the default one; B the first other.
        self.a = "qemu_virt" if "qemu_virt" in boards else boards[0]
        self.b = next((b for b in boards if b != self.a), None)

    # ------------------------------------------------------------ the tree
    def built_tree(self):
        """The copy, built in tree for the first board; False (reported) when it cannot be."""
        if not self.make_tree():
            return False
        rc, out = self.build(self.a)
        if rc:
            self.report("flows: in tree, %s builds" % self.a, False, self.tail(out))
        return rc == 0

    def make_tree(self):
        """The copy, made once per make test; False (reported) when it cannot be."""
        if self.ready is not None:
            return self.ready
        rc, out = self.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                           self.srctree)
        if rc:
            self.report("flows: a copy of the source tree (needs a git checkout)", False, out)
            self.ready = False
            return False
        shutil.rmtree(self.tree, ignore_errors=True)
        for rel in out.split("\0"):
            src = os.path.join(self.srctree, rel)
            if not rel or not os.path.isfile(src):	# deleted, or a submodule
                continue
            dst = os.path.join(self.tree, rel)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copy2(src, dst)
        git = ["git", "-c", "user.name=make test", "-c", "user.email=test@localhost"]
        rc = 0
        for cmd in (["git", "init", "-q"], ["git", "add", "-A"], git + ["commit", "-q", "-m", "copy"]):
            r, o = self.run(cmd, self.tree)
            rc, out = rc or r, o if r else out
        self.ready = rc == 0
        if not self.ready:
            self.report("flows: a copy of the source tree in a git repository", False, out)
        return self.ready

    def make(self, *args, o=None):
        """make in the copy (in tree, or O=o)."""
        return self.run(["make"] + (["O=" + o] if o else []) + list(args), self.tree)

    def status(self, ignored=False):
        """git status of the copy: [(code, path)]."""
        rc, out = self.run(["git", "status", "--porcelain", "--untracked-files=all"]
                           + (["--ignored"] if ignored else []), self.tree)
        return [(line[:2], line[3:]) for line in out.splitlines() if line[2:3] == " "]

    def tracked_changes(self):
        return ["%s %s" % (c, p) for c, p in self.status() if c != "??"]

    def build(self, board=None, o=None):
        """Configure (when board is given) and build; (rc, output)."""
        out = ""
        if board:
            rc, out = self.make("-s", board + "_defconfig", o=o)
            if rc:
                return rc, out
        rc, more = self.make("-s", "-j2", "all", o=o)
        return rc, out + more

    def objects(self, root):
        """Every object the image is made of: the kernel's, as its link map
        (anvil.map) names them, and the user programs'."""
        with open(os.path.join(root, "anvil.map")) as f:
            kernel = set(re.findall(r'(%s/\S+?\.o)\b' % re.escape(root), f.read()))
        user = [os.path.join(d, f) for d, _dirs, files in os.walk(os.path.join(root, "user"))
                for f in files if f.endswith(".o")]
        return sorted(kernel) + sorted(user)

    def user_suite(self, label, objtree):
        """init=runtests on the copy's image: one line, ok when every case passed."""
        res = self.boot(qemu.command(os.path.join(objtree, ".config"), os.path.join(objtree, "anvil.bin"),
                                     append="init=runtests"), BOOT_TIMEOUT)
        rep = ktap.parse(res.output)
        bad = [m.group(0) for m in re.finditer(r'^\s*not ok .*$', res.output, re.M)]
        self.report(label, not res.timed_out and res.status == 0 and not bad and not rep.problems
                    and rep.cases != [],
                    "status %s%s, %d cases; failed: %s\n%s" % (
                        res.status, " (killed after %ds)" % BOOT_TIMEOUT if res.timed_out else "",
                        len(rep.cases), bad[:5], res.tail()))

    def tail(self, out, n=15):
        return "\n".join(out.splitlines()[-n:])

    # ------------------------------------------------------------ the checks
    def board_switch(self):
        """Board A, then B, then A again, in tree: each switch rebuilds every
        object (the CPU flags change) and the user suite passes on the new board."""
        if not self.make_tree():
            return
        if self.b is None:
            print("      (one board only: no board switch to check)")
            return
        rc, out = self.build(self.a)
        self.report("flows: in tree, %s builds" % self.a, rc == 0, self.tail(out))
        if rc:
            return
        for old, new in ((self.a, self.b), (self.b, self.a)):
            mark = os.path.join(self.testdir, "flows-switch-mark")
            with open(mark, "w"):
                pass
            since = os.stat(mark).st_mtime
            rc, out = self.build(new)
            self.report("flows: in tree, switching %s -> %s builds" % (old, new), rc == 0, self.tail(out))
            if rc:
                return
            stale = sorted(os.path.relpath(p, self.tree) for p in self.objects(self.tree)
                           if os.stat(p).st_mtime < since)
            self.report("flows: in tree, switching %s -> %s rebuilds every object, kernel and user"
                        % (old, new), not stale, "built for %s still: %s" % (old, " ".join(stale[:12])))
            self.user_suite("flows: in tree, %s after %s: the user suite passes" % (new, old), self.tree)

    def config_edit(self):
        """sed on .config, one make, boot: swap off, then back on."""
        if not self.built_tree():
            return
        config = os.path.join(self.tree, ".config")
        elf = os.path.join(self.tree, "anvil.elf")
        for what, old, new, rmap in (("swap off", "CONFIG_SWAP=y", "# CONFIG_SWAP is not set", False),
                                     ("swap on", "# CONFIG_SWAP is not set", "CONFIG_SWAP=y", True)):
            text = open(config).read()
            if old + "\n" not in text:
                self.report("flows: .config edited by hand (%s): %s is in .config" % (what, old), False)
                return
            with open(config, "w") as f:
                f.write(text.replace(old + "\n", new + "\n"))
            rc, out = self.make("-s", "-j2", "all")
            self.report("flows: .config edited by hand (%s): the first make builds" % what, rc == 0,
                        self.tail(out))
            if rc:
                return
            rc, nm = self.run(["arm-none-eabi-nm", elf], self.tree)
            has = re.search(r' T (rmap_walk|anon_vma_fork)$', nm, re.M) is not None
            self.report("flows: .config edited by hand (%s): the image has %s" % (
                what, "the reverse map" if rmap else "no reverse map"), rc == 0 and has == rmap)
            res = self.boot(qemu.command(config, os.path.join(self.tree, "anvil.bin"),
                                         append="noinit poweroff"), BOOT_TIMEOUT)
            self.report("flows: .config edited by hand (%s): the image boots" % what,
                        not res.timed_out and res.status == 0 and re.search(r'^Anvil ', res.output, re.M),
                        "status %s\n%s" % (res.status, res.tail()))

    def unknown_symbol(self):
        """CONFIG_SWAPP=n in .config: one line naming it, the build goes on."""
        if not self.built_tree():
            return
        with open(os.path.join(self.tree, ".config"), "a") as f:
            f.write("CONFIG_SWAPP=n\n")
        rc, out = self.make("all")
        lines = [x for x in out.splitlines() if "CONFIG_SWAPP" in x]
        self.report("flows: an unknown symbol in .config is named in one warning, the build goes on",
                    rc == 0 and len(lines) == 1 and "CONFIG_SWAP=" not in lines[0], out)
        with open(os.path.join(self.tree, ".config"), "a") as f:
            f.write("CONFIG_SWAPP=n\n")
        rc, out = self.make("olddefconfig")
        lines = [x for x in out.splitlines() if "CONFIG_SWAPP" in x]
        self.report("flows: make olddefconfig names it too", rc == 0 and len(lines) == 1, out)
        bad = os.path.join(self.tree, "typo.config")
        with open(bad, "w") as f:
            f.write("CONFIG_SWAPP=n\n")
        rc, out = self.run(["/usr/bin/python3", os.path.join(self.tree, "scripts", "kconfig.py"),
                            "defconfig", bad], self.tree)
        os.unlink(bad)
        self.report("flows: a defconfig file naming an unknown symbol is refused, naming it",
                    rc != 0 and "CONFIG_SWAPP" in out, out)

    def litter(self):
        """The documented targets write nothing git would list as untracked."""
        if not self.make_tree():
            return
        rc, out = self.build(self.a)
        runs = [("make", rc, out)]
        for args in (["savedefconfig"],
                     ["swapbench", "CONFIGS=swap-on", "CASES=tree 1 1@16M", "RUNS=1"]):
            rc, out = self.make(*args)
            runs.append(("make " + " ".join(args), rc, out))
        failed = ["%s: status %d\n%s" % (n, rc, self.tail(out)) for n, rc, out in runs if rc]
        self.report("flows: make, savedefconfig and swapbench run in tree", not failed,
                    "\n".join(failed))
        untracked = [p for c, p in self.status() if c == "??"]
        self.report("flows: they leave no untracked file in the tree (git status)", not untracked,
                    " ".join(untracked[:20]))

    def clean(self):
        """clean and distclean remove build outputs only; make builds again."""
        if not self.built_tree():
            return
        # The host test Makefile's own clean, whose output directory is tests/host in tree.
        self.run(["make", "-f", "tests/host/Makefile", "srctree=" + self.tree, "objtree=" + self.tree,
                  "clean"], self.tree)
        self.report("flows: tests/host/Makefile clean in tree deletes no tracked file",
                    not self.tracked_changes(), " ".join(self.tracked_changes()[:20]))
        self.run(["git", "checkout", "-q", "--", "."], self.tree)	# so the next check starts whole
        # What clean keeps: the configuration, what syncconfig wrote, and reports.
        kept = re.compile(r'^(\.config(\.old)?|defconfig|include/generated/.*|scripts/__pycache__/.*|'
                          r'(footprint|swapbench)\.(json|md|svg))$')
        for target, keep in (("clean", kept), ("distclean", re.compile(r'^scripts/__pycache__/'))):
            rc, out = self.make(target)
            gone = self.tracked_changes()
            self.report("flows: in tree, make %s deletes no tracked file" % target, rc == 0 and not gone,
                        "status %d; %s\n%s" % (rc, " ".join(gone[:20]), self.tail(out)))
            left = [p for c, p in self.status(ignored=True) if c in ("!!", "??") and not keep.match(p)]
            self.report("flows: in tree, make %s leaves no build output" % target, not left,
                        " ".join(left[:20]))
            if gone:	# nothing to rebuild from
                return
            rc, out = self.build()
            self.report("flows: in tree, make after make %s builds again" % target,
                        rc == 0 and os.path.exists(os.path.join(self.tree, "anvil.bin")), self.tail(out))

        o = os.path.join(self.testdir, "flows-o")
        shutil.rmtree(o, ignore_errors=True)
        rc, out = self.build(self.a, o=o)
        self.report("flows: O=dir builds", rc == 0, self.tail(out))
        if rc:
            return
        for target, keep in (("clean", re.compile(r'^(\.config|include/generated/[^/]+)$')),
                             ("distclean", None)):
            before = [p for c, p in self.status(ignored=True)]
            rc, out = self.make(target, o=o)
            gone = self.tracked_changes()
            after = [p for c, p in self.status(ignored=True)]
            self.report("flows: make O=dir %s changes nothing in the source tree" % target,
                        rc == 0 and not gone and before == after,
                        "status %d; %s\n%s" % (rc, " ".join(gone[:20] + sorted(set(before) ^ set(after))[:20]),
                                               self.tail(out)))
            left = []
            for d, dirs, files in os.walk(o):
                left += [os.path.relpath(os.path.join(d, f), o) for f in files]
            left = [p for p in left if not (keep and keep.match(p))]
            self.report("flows: make O=dir %s leaves no build output" % target, not left, " ".join(left[:20]))
            rc, out = self.build(o=o)
            self.report("flows: make O=dir after make %s builds again" % target,
                        rc == 0 and os.path.exists(os.path.join(o, "anvil.bin")), self.tail(out))


# (name, what it checks, method name), in the order make test runs them.
CHECKS = [
    ("board-switch", "in tree, board A -> B -> A: every object rebuilt, user suite on each", "board_switch"),
    ("config-edit", "in tree, .config edited by hand (swap off, on): the first make is right", "config_edit"),
    ("unknown-symbol", "a misspelled .config symbol is named; in a defconfig it is refused", "unknown_symbol"),
    ("litter", "make, savedefconfig, swapbench leave no untracked file", "litter"),
    ("clean", "clean and distclean, in tree and O=: no tracked file lost, all outputs gone", "clean"),
]
