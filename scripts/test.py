#!/usr/bin/python3
"""make test: every test Anvil has, with one closing line `N passed, N failed`.

  1. host unit tests (tests/host, under AddressSanitizer and UBSan);
  2. for every configs/*_defconfig: an out-of-tree build, a QEMU boot that
     runs the in-kernel KTAP suites, and the exception-report checks;
  3. the build flows: bad board, bad .config value, randconfig replay.

Each QEMU run has a time limit; a run that hits it is a failure and its
last console lines are shown.
"""
import argparse
import glob
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ktap  # noqa: E402
import qemu  # noqa: E402

srctree = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
objtree = os.environ.get("objtree", srctree)
testdir = os.path.join(objtree, ".test")
BOOT_TIMEOUT = 120

results = []	# (name, ok, detail)


def report(name, ok, detail=""):
    results.append((name, ok, detail))
    print("%s %s" % ("ok    " if ok else "FAIL  ", name), flush=True)
    if not ok and detail:
        print("      " + detail.replace("\n", "\n      "), flush=True)


def make(*args, quiet=True):
    cmd = ["make", "-f", os.path.join(srctree, "Makefile")] + list(args)
    p = subprocess.run(cmd, cwd=srctree, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return p.returncode, p.stdout


def host_tests():
    rc, out = make("-s", "-j2", "hosttest", "O=" + os.path.join(testdir, "host"))
    m = re.search(r'^host: (\d+) passed, (\d+) failed', out, re.M)
    for line in out.splitlines():
        if line.startswith("FAIL") or "ERROR" in line or "runtime error" in line:
            print("      " + line)
    if not m:
        report("host unit tests ran", False, "\n".join(out.splitlines()[-15:]))
        return
    passed, failed = int(m.group(1)), int(m.group(2))
    print("      host: %d passed, %d failed" % (passed, failed))
    for i in range(passed):
        results.append(("host test %d" % i, True, ""))
    for i in range(failed):
        results.append(("host failure %d" % i, False, ""))
    if rc and not failed:
        report("host unit tests exit status", False, "\n".join(out.splitlines()[-15:]))


def board_tests(defconfig):
    board = defconfig[:-len("_defconfig")]
    out_dir = os.path.join(testdir, board)
    rc, out = make("-s", "O=" + out_dir, defconfig)
    if rc == 0:
        rc, out = make("-s", "-j2", "O=" + out_dir, "all")
    report("%s: builds out of tree" % board, rc == 0, "\n".join(out.splitlines()[-15:]))
    if rc:
        return
    config = os.path.join(out_dir, ".config")
    image = os.path.join(out_dir, "anvil.bin")

    res = qemu.run_captured(qemu.command(config, image, append="noinit ktest"), BOOT_TIMEOUT)
    banner = re.search(r'^Anvil \S+ on .+, .+, \d+ MiB RAM at [0-9a-f]{8} \((device tree|ATAGs)\)$',
                       res.output, re.M)
    report("%s: boot banner names version, board, CPU and RAM" % board, bool(banner), res.tail())
    if res.timed_out:
        report("%s: ktest boot finished" % board, False,
               "killed after %ds; last console lines:\n%s" % (BOOT_TIMEOUT, res.tail()))
        return
    rep = ktap.parse(res.output)
    for name, r in rep.cases:
        if r != "skip":
            report("%s: %s" % (board, name), r == "pass")
    for p in rep.problems:
        report("%s: KTAP complete" % board, False, p + "\n" + res.tail())
    report("%s: exit status says all passed" % board, (res.status == 0) == (rep.failed == 0) and
           res.status in (0, 1), "status %s" % res.status)

    res = qemu.run_captured(qemu.command(config, image, append="init=runtests"), BOOT_TIMEOUT)
    if res.timed_out:
        report("%s: user tests finished" % board, False,
               "killed after %ds; last console lines:\n%s" % (BOOT_TIMEOUT, res.tail()))
    else:
        rep = ktap.parse(res.output)
        for name, r in rep.cases:
            if r != "skip":
                report("%s: user %s" % (board, name), r == "pass")
        for m in re.finditer(r'^(not ok|ok) \d+ (\S+)(.*)$', res.output, re.M):
            report("%s: user program %s" % (board, m.group(2)), m.group(1) == "ok", m.group(3))
        for p in rep.problems:
            report("%s: user KTAP complete" % board, False, p + "\n" + res.tail())
        report("%s: user tests exit status 0" % board, res.status == 0,
               "status %s\n%s" % (res.status, res.tail()))

    # The shell as init reaps the orphans it inherits: orphan leaves one zombie behind.
    res = qemu.run_captured(qemu.command(config, image, append="init=sh -- -c orphan ; ps"), BOOT_TIMEOUT)
    zombies = re.findall(r'^\d+ \d+ Z .*$', res.output, re.M)
    report("%s: sh as init reaps orphans (sh -c orphan ; ps shows no zombie)" % board,
           res.status == 0 and "is a zombie child of init" in res.output and "PID PPID S NAME" in res.output
           and not zombies, "status %s, zombies %s\n%s" % (res.status, zombies, res.tail()))

    # Out of memory with a small RAM: the largest process dies, the rest go on.
    res = qemu.run_captured(qemu.command(config, image, ram="32M", append="init=t_oom"), BOOT_TIMEOUT)
    rep = ktap.parse(res.output)
    for name, r in rep.cases:
        report("%s: oom %s" % (board, name), r == "pass")
    kills = re.findall(r'^Out of memory: killed pid \d+ \(\S+\), \d+ pages$', res.output, re.M)
    report("%s: t_oom at RAM=32M passes, one console line per kill" % board,
           not res.timed_out and res.status == 0 and len(kills) == 2 and len(rep.cases) == 3,
           "status %s, %d kill lines\n%s" % (res.status, len(kills), res.tail()))

    ram = qemu.run_captured(qemu.command(config, image, ram="48M", append="noinit poweroff"), BOOT_TIMEOUT)
    report("%s: RAM=48M is found at boot" % board,
           re.search(r' 48 MiB RAM at ', ram.output) is not None and ram.status == 0, ram.tail())

    for kind, what in (("undef", "undefined instruction"), ("dabort", "data abort"),
                       ("pabort", "prefetch abort")):
        res = qemu.run_captured(qemu.command(config, image, append="noinit crash=" + kind), BOOT_TIMEOUT)
        ok = (("Unexpected %s in kernel mode" % what) in res.output
              and re.search(r'^  sp : [0-9a-f]{8}  lr : [0-9a-f]{8}  pc : ', res.output, re.M)
              and "Kernel panic - not syncing: unexpected %s" % what in res.output
              and res.status == 70)
        report("%s: unexpected %s gives a register dump and a panic" % (board, what), bool(ok),
               "status %s\n%s" % (res.status, res.tail()))

    hang = qemu.run_captured(qemu.command(config, image, append="noinit"), 3)
    report("%s: runner kills a hung QEMU at its limit" % board,
           hang.timed_out and "Idle." in hang.tail(), hang.tail())


def build_flow_tests():
    d = os.path.join(testdir, "flows")
    rc, out = make("O=" + d, "nosuchboard_defconfig")
    report("unknown board is refused with the list of boards",
           rc != 0 and "qemu_virt" in out and "vexpress_a9" in out, out)

    make("-s", "O=" + d, "qemu_virt_defconfig")
    with open(os.path.join(d, ".config"), "a") as f:
        f.write("CONFIG_HZ=5000\n")
    rc, out = make("O=" + d, "all")
    report("an out-of-range .config value stops the build",
           rc != 0 and "HZ" in out and "10, 1000" in out, out)
    rc, out = make("-s", "O=" + d, "olddefconfig")
    report("olddefconfig repairs it", rc == 0 and "CONFIG_HZ=100\n" in open(os.path.join(d, ".config")).read(), out)

    configs = []
    for _ in range(2):
        make("-s", "O=" + d, "randconfig", "SEED=7")
        configs.append(open(os.path.join(d, ".config")).read())
    report("randconfig SEED=7 gives the same .config twice", configs[0] == configs[1])

    for seed in (1, 2, 3):
        rc, out = make("-s", "O=" + d, "randconfig", "SEED=%d" % seed)
        if rc == 0:
            rc, out = make("-s", "-j2", "O=" + d, "all")
        report("randconfig SEED=%d builds" % seed, rc == 0, "\n".join(out.splitlines()[-15:]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--verbose", action="store_true")
    ap.parse_args()
    os.makedirs(testdir, exist_ok=True)

    host_tests()
    for path in sorted(glob.glob(os.path.join(srctree, "configs", "*_defconfig"))):
        board_tests(os.path.basename(path))
    build_flow_tests()

    failed = [r for r in results if not r[1]]
    if failed:
        print("\nFailed:")
        for name, _, _ in failed:
            print("  " + name)
    print("%d passed, %d failed" % (len(results) - len(failed), len(failed)))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
