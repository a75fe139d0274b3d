#!/usr/bin/python3
"""make test: every test Anvil has, with one closing line `N passed, N failed`.

  1. host unit tests (tests/host, under AddressSanitizer and UBSan);
  2. for every configs/*_defconfig: an out-of-tree build, a QEMU boot that
     runs the in-kernel KTAP suites, and the exception-report checks; with
     CONFIG_SWAP, swap areas made by util-linux mkswap on a virtio-blk drive:
     a good one (ktest suite swap), a failing one (QEMU's blkdebug, suite
     swap_ioerr), and a missing, truncated, too short and unsigned one,
     each refused while the user tests still run;
  3. the build flows: bad board, bad .config value, randconfig replay.

Each QEMU run has a time limit; a run that hits it is a failure and its
last console lines are shown.
"""
import argparse
import glob
import os
import re
import shutil
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


SWAP_TEST_MIB = 4
# The slots the blkdebug rules fail: sector 8 * slot.
SWAP_READ_ERROR_SLOT = 10
SWAP_WRITE_ERROR_SLOT = 11
REFUSED = re.compile(r'^swap: virtio-blk0 (.*): running without swap$', re.M)


def mkswap_path():
    for p in ("/sbin/mkswap", "/usr/sbin/mkswap"):
        if os.access(p, os.X_OK):
            return p
    return shutil.which("mkswap")


def swap_images(out_dir):
    """The swap images the board tests attach, made afresh: name -> QEMU file name."""
    d = os.path.join(out_dir, "swap")
    os.makedirs(d, exist_ok=True)
    size = SWAP_TEST_MIB << 20

    def mkswap(name, truncate_to=None):
        path = os.path.join(d, name + ".img")
        with open(path, "wb") as f:
            f.truncate(size)
        subprocess.run([mkswap_path(), "-q", path], check=True, stdout=subprocess.DEVNULL)
        if truncate_to is not None:
            with open(path, "r+b") as f:
                f.truncate(truncate_to)
        return path

    imgs = {"good": mkswap("good"),
            "truncated": mkswap("truncated", size // 4),	# behind the header's last_page
            "short": mkswap("short", 2048)}			# not even the header
    imgs["unsigned"] = os.path.join(d, "unsigned.img")
    with open(imgs["unsigned"], "wb") as f:
        f.truncate(size)
    rules = os.path.join(d, "ioerr.conf")
    with open(rules, "w") as f:
        for event, slot in (("read_aio", SWAP_READ_ERROR_SLOT), ("write_aio", SWAP_WRITE_ERROR_SLOT)):
            f.write('[inject-error]\nevent = "%s"\nerrno = "5"\nsector = "%d"\n\n' % (event, 8 * slot))
    imgs["ioerr"] = "blkdebug:%s:%s" % (rules, mkswap("ioerr"))
    return imgs


def swap_tests(board, config, image, imgs):
    """A failing device, and the swap areas swapon must refuse."""
    res = qemu.run_captured(qemu.command(
        config, image, swap=imgs["ioerr"],
        append="noinit ktest=swap_ioerr swap_test_read_error=%d swap_test_write_error=%d"
        % (SWAP_READ_ERROR_SLOT, SWAP_WRITE_ERROR_SLOT)), BOOT_TIMEOUT)
    rep = ktap.parse(res.output)
    ran = [name for name, r in rep.cases if r == "pass"]
    report("%s: swap I/O errors come back as -EIO, the kernel goes on" % board,
           not res.timed_out and res.status == 0 and len(ran) == 2 and not rep.problems,
           "status %s\n%s" % (res.status, res.tail()))

    for name, why in (("truncated", "is shorter"), ("short", "is too short"),
                      ("unsigned", "has no swap signature")):
        res = qemu.run_captured(qemu.command(config, image, swap=imgs[name], append="init=runtests"),
                                BOOT_TIMEOUT)
        m = REFUSED.search(res.output)
        report("%s: a %s swap area is refused in one line" % (board, name),
               m is not None and why in m.group(1), res.tail())
        report("%s: user tests run without swap (%s area)" % (board, name),
               not res.timed_out and res.status == 0 and "not ok" not in res.output,
               "status %s\n%s" % (res.status, res.tail()))


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
    swap = qemu.read_config(config).get("CONFIG_SWAP") == "y"
    imgs = swap_images(out_dir) if swap else {}

    res = qemu.run_captured(qemu.command(config, image, append="noinit ktest", swap=imgs.get("good")),
                            BOOT_TIMEOUT)
    if swap:
        slots = (SWAP_TEST_MIB << 8) - 1
        report("%s: swap on virtio-blk0 at boot, in one line" % board,
               re.search(r'^swap: %d MiB on virtio-blk0 \(%d slots\)$' % (SWAP_TEST_MIB, slots),
                         res.output, re.M) is not None, res.tail())
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
    if swap:
        m = REFUSED.search(res.output)
        report("%s: no swap device is reported in one line" % board,
               m is not None and m.group(1) == "not found", res.tail())
        swap_tests(board, config, image, imgs)

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
