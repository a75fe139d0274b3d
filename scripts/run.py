#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""make run for scripts: the same variables, and the exit status is the program's.

  scripts/run.py [VAR=value ...]     e.g. scripts/run.py INIT='tree 16 1' RAM=64M
  printf 'ps\\nexit 3\\n' | scripts/run.py O=/tmp/b

It runs `make run` with those variables, in the current directory (so O=
and the in-tree .config mean what they mean to make), and exits with:

  N        init's own exit status (the shell's: that of `exit N`, or of its
           last command when input ends);
  128+S    init was killed by signal S (132 for SIGILL, 139 for SIGSEGV);
  70       the kernel panicked;
  124      the time limit (TIMEOUT=, 600 s when stdin is not a terminal)
           killed QEMU;
  125      make stopped before QEMU ran (a bad variable, a build error).

`make run` itself exits 0 when init exits with 0 and 2 (make's failure)
otherwise; the console's last line then says which: "init exited with
status N" or "init killed by signal S (NAME): status 128+S".
"""
import os
import subprocess
import sys
import tempfile

srctree = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    args = sys.argv[1:]
    if any(a in ("-h", "--help") for a in args):
        print(__doc__)
        return 0
    bad = [a for a in args if "=" not in a]
    if bad:
        sys.exit("*** run.py takes make run's variables (VAR=value): not %s" % " ".join(bad))
    with tempfile.TemporaryDirectory(prefix="anvil-run.") as d:
        status_file = os.path.join(d, "status")
        env = dict(os.environ, ANVIL_RUN_STATUS=status_file)
        rc = subprocess.call(["make", "-f", os.path.join(srctree, "Makefile"), "run"] + args, env=env)
        try:
            with open(status_file) as f:
                return int(f.read())
        except (OSError, ValueError):
            print("*** make run stopped (status %d) before QEMU ran" % rc, file=sys.stderr)
            return 125


if __name__ == "__main__":
    sys.exit(main())
