#!/usr/bin/python3
"""make test: every test Anvil has, with one closing line `N passed, N failed`.

  1. host unit tests (tests/host, under AddressSanitizer and UBSan);
  2. for every configs/*_defconfig: an out-of-tree build, a QEMU boot that
     runs the in-kernel KTAP suites, and the exception-report checks; with
     CONFIG_SWAP, swap areas made by util-linux mkswap on a virtio-blk drive:
     a good one (ktest suite swap), a failing one (QEMU's blkdebug, suite
     swap_ioerr), and a missing, truncated, too short and unsigned one,
     each refused while the user tests still run;
  3. the reverse-map configs on qemu_virt: swap off (no rmap symbol in the
     image, the user suite unchanged), the shared anon_vma, and the chain
     without reuse, the last two with CONFIG_DEBUG_VM's checker;
  4. the build flows: bad board, bad .config value, randconfig replay;
  5. make footprint: its unit tests on synthetic inputs, then a quick
     report per board (two configs, small workloads) checked for what the
     report promises (scripts/footprint.py).

Each QEMU run has a time limit; a run that hits it is a failure and its
last console lines are shown.
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bloat  # noqa: E402
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


def swap_images(out_dir):
    """The swap images the board tests attach, made afresh: name -> QEMU file name."""
    d = os.path.join(out_dir, "swap")
    os.makedirs(d, exist_ok=True)
    size = SWAP_TEST_MIB << 20

    def mkswap(name, truncate_to=None):
        path = qemu.make_swap_image(os.path.join(d, name + ".img"), SWAP_TEST_MIB)
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


# swapstress and tree on a small RAM (issue 6): reclaim, swap-in, swap full
# and read errors.
SWAP_STRESS_ENABLED = True
SWAP_STRESS_TIMEOUT = 240
SWAP_STRESS_RAM = "16M"
STRESS_INTACT = re.compile(r'^swapstress: 48 MiB over 4 processes, 2 rounds: all intact$', re.M)
STRESS_COUNTERS = re.compile(r'^swapstress: swap\.pages_out (\d+) swap\.pages_in (\d+)$', re.M)
STRESS_OOM = re.compile(r'^Out of memory: killed pid \d+ \(swapstress\), \d+ pages$', re.M)
STRESS_CHILD_KILLED = re.compile(r'^swapstress: child \d+ killed by signal 9$', re.M)
# One line that names the killed process and the swap read error, in any order.
STRESS_READ_KILL = re.compile(r'^(?=.*\bpid \d+ \(swapstress\))(?=.*\bswap)(?=.*\b(read|I/O) error).*$',
                              re.M | re.I)


def swap_stress_tests(label, config, image, out_dir, full=True):
    """swapstress as init on RAM=16M: (a) 48 MiB over 4 processes with a
    64 MiB swap area is all intact and pages went out and came back in;
    (b) with a 4 MiB swap area, swap fills up: an OOM kill, no hang, status
    3; (c) with every read after the swap header failing (blkdebug: reads
    fail once the first swap-out has been written, so swapon's header read
    still works), the kernel kills the process that needed the page with a
    line naming it and the error, and goes on to init's exit."""
    d = os.path.join(out_dir, "swap")
    os.makedirs(d, exist_ok=True)

    def image_of(name, mib):
        return qemu.make_swap_image(os.path.join(d, "stress-%s.img" % name), mib)

    def boot(swap, args):
        return qemu.run_captured(qemu.command(config, image, ram=SWAP_STRESS_RAM, swap=swap,
                                              append="init=swapstress -- " + args), SWAP_STRESS_TIMEOUT)

    def detail(res, extra=""):
        return "status %s%s%s\nlast console lines:\n%s" % (
            res.status, " (killed after %ds)" % SWAP_STRESS_TIMEOUT if res.timed_out else "",
            extra, res.tail())

    # (a) and the tree are the long runs (a minute or more each on a loaded
    # host): the reduced per-board set (full=False) leaves them out.
    if full:
        # (a) Three times RAM over four processes, every page intact after swap-in.
        res = boot(image_of("big", 64), "48 4")
        m = STRESS_COUNTERS.search(res.output)
        report("%s: swapstress 48 4 at RAM=%s with 64 MiB swap: all intact" % (label, SWAP_STRESS_RAM),
               not res.timed_out and res.status == 0 and STRESS_INTACT.search(res.output) is not None
               and "Kernel panic" not in res.output, detail(res))
        report("%s: swapstress 48 4 swapped pages out and back in" % label,
               m is not None and int(m.group(1)) > 0 and int(m.group(2)) > 0,
               detail(res, ", counters: %s" % ("out %s, in %s" % m.groups() if m else "no line")))

        # Many processes swapping at once: 257 of them on 16 MiB, each faulting
        # its pages back in while others write theirs out.
        res = qemu.run_captured(qemu.command(config, image, ram=SWAP_STRESS_RAM, swap=image_of("tree", 64),
                                             append="init=tree -- 256 8"), SWAP_STRESS_TIMEOUT)
        out = re.search(r'^delta\.swap\.pages_out (\d+)$', res.output, re.M)
        report("%s: tree 256 8 at RAM=%s swaps and every child sees its own data" % (label, SWAP_STRESS_RAM),
               not res.timed_out and res.status == 0 and "result ok" in res.output and "leaks 0" in res.output
               and out is not None and int(out.group(1)) > 0 and "Out of memory" not in res.output,
               detail(res))

    # (b) Swap full: the OOM killer, not a hang; swapstress sees a child killed (3).
    res = boot(image_of("full", 4), "48 4")
    report("%s: swapstress 48 4 with 4 MiB swap: OOM kill, no hang, status 3" % label,
           not res.timed_out and res.status == 3 and STRESS_OOM.search(res.output) is not None
           and STRESS_CHILD_KILLED.search(res.output) is not None and "Kernel panic" not in res.output,
           detail(res))

    # (c) Swap-in read errors kill whoever needs the page; the kernel survives.
    rules = os.path.join(d, "stress-rerr.conf")
    with open(rules, "w") as f:
        f.write('[set-state]\nstate = "1"\nevent = "write_aio"\nnew_state = "2"\n\n'
                '[inject-error]\nevent = "read_aio"\nstate = "2"\nerrno = "5"\n')
    res = boot("blkdebug:%s:%s" % (rules, image_of("rerr", 64)), "24 2")
    # init's status: 3 when only children were killed, 128 + SIGBUS (7) when
    # init itself needed a lost page; never 1 (bad data) or a panic's.
    report("%s: swapstress 24 2 with failing swap reads: killed with a line, no panic" % label,
           not res.timed_out and res.status in (3, 128 + 7) and "Kernel panic" not in res.output
           and STRESS_READ_KILL.search(res.output) is not None, detail(res))


# The boards make test runs the whole per-board set on.  Every other board
# (a new board needs no change here) runs the reduced set: all of it but
# the two long swap stress runs, and no footprint report.  make test FULL=1
# (scripts/test.py --full) runs the whole set on every board.
FULL_SET_BOARDS = ("qemu_virt", "vexpress_a9")


def board_tests(defconfig, full=True):
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
    conf = qemu.read_config(config)
    if conf.get("CONFIG_BOARD_HAS_VIRTIO_MMIO") != "y":
        print("      %s: no virtio transport, so no swap device: it runs without swap until a compressed"
              " RAM swap exists; the swap tests are skipped" % board, flush=True)
    swap = conf.get("CONFIG_SWAP") == "y" and conf.get("CONFIG_VIRTIO_BLK") == "y"
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

    res = user_suite(board, config, image)
    if swap:
        m = REFUSED.search(res.output)
        report("%s: no swap device is reported in one line" % board,
               m is not None and m.group(1) == "not found", res.tail())
        swap_tests(board, config, image, imgs)
        if SWAP_STRESS_ENABLED:
            swap_stress_tests(board, config, image, out_dir, full)

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

    # A small RAM: the boot to "Idle." must fit the 3 s however much RAM the
    # board has (raspi2b's 768 MiB take over 3 s to set up on a loaded host).
    hang = qemu.run_captured(qemu.command(config, image, ram="48M", append="noinit"), 3)
    report("%s: runner kills a hung QEMU at its limit" % board,
           hang.timed_out and "Idle." in hang.tail(), hang.tail())


def user_suite(label, config, image, res=None):
    """Boot with init=runtests (or take res, a boot that did) and report every user KTAP case."""
    if res is None:
        res = qemu.run_captured(qemu.command(config, image, append="init=runtests"), BOOT_TIMEOUT)
    if res.timed_out:
        report("%s: user tests finished" % label, False,
               "killed after %ds; last console lines:\n%s" % (BOOT_TIMEOUT, res.tail()))
        return res
    rep = ktap.parse(res.output)
    for name, r in rep.cases:
        if r != "skip":
            report("%s: user %s" % (label, name), r == "pass")
    for m in re.finditer(r'^(not ok|ok) \d+ (\S+)(.*)$', res.output, re.M):
        report("%s: user program %s" % (label, m.group(2)), m.group(1) == "ok", m.group(3))
    for p in rep.problems:
        report("%s: user KTAP complete" % label, False, p + "\n" + res.tail())
    report("%s: user tests exit status 0" % label, res.status == 0,
           "status %s\n%s" % (res.status, res.tail()))
    return res


UBOOT_TIMEOUT = 180
UBOOT_SWAP_MIB = 4


def uboot_tests():
    """make image on qemu_virt, booted the way a board boots: Debian's U-Boot
    (-bios) runs the boot script from the FAT partition, which loads the FIT;
    Anvil finds its RAM and command line in the device tree U-Boot passes
    and its swap partition by type.  A board without a Debian U-Boot builds
    its image and make run BOOT=u-boot says it boots with -kernel only."""
    d = os.path.join(testdir, "qemu_virt")
    config = os.path.join(d, ".config")
    if not os.path.exists(os.path.join(d, "anvil.bin")):
        rc, out = make("-s", "O=" + d, "qemu_virt_defconfig")
        if rc == 0:
            rc, out = make("-s", "-j2", "O=" + d, "all")
        if rc:
            report("u-boot: qemu_virt builds", False, "\n".join(out.splitlines()[-15:]))
            return
    disk = os.path.join(d, "image", "disk.img")
    if os.path.exists(disk):
        os.unlink(disk)
    rc, out = make("-s", "O=" + d, "image", "INIT=runtests", "SWAP_SIZE=%d" % UBOOT_SWAP_MIB)
    report("u-boot: make image writes image/disk.img (genimage, mkimage)", rc == 0 and os.path.exists(disk),
           "\n".join(out.splitlines()[-15:]))
    if rc:
        return
    with open(disk, "rb") as f:
        mbr = f.read(512)
        ents = [mbr[446 + 16 * i:462 + 16 * i] for i in range(4)]
        start = [int.from_bytes(e[8:12], "little") for e in ents]
        f.seek(start[1] * 512 + 4096 - 10)
        magic = f.read(10)
    report("u-boot: the image has an MBR: FAT boot partition, then a mkswap'd swap partition",
           mbr[510:] == b"\x55\xaa" and ents[0][0] == 0x80 and ents[0][4] == 0x0c and ents[1][4] == 0x82
           and magic == b"SWAPSPACE2", "entries %s, swap magic %r" % ([e.hex() for e in ents], magic))
    mdir = subprocess.run(["mdir", "-b", "-i", "%s@@%d" % (disk, start[0] * 512), "::"],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    report("u-boot: the FAT partition holds anvil.itb and boot.scr (mtools)",
           mdir.returncode == 0 and "ANVIL.ITB" in mdir.stdout.upper() and "BOOT.SCR" in mdir.stdout.upper(),
           mdir.stdout)

    bios = "/usr/lib/u-boot/%s/u-boot.bin" % qemu.read_config(config).get("CONFIG_BOARD_UBOOT", "")
    cmd = qemu.command(config, None, bios=bios, disk=disk)
    res = qemu.run_captured(cmd, UBOOT_TIMEOUT)
    report("u-boot: QEMU runs U-Boot with the image and no network device",
           "-bios" in cmd and "-kernel" not in cmd and cmd[cmd.index("-nic") + 1] == "none"
           and re.search(r'^U-Boot 20\d\d\.', res.output, re.M) is not None, res.tail())
    report("u-boot: the boot script loads the FIT and starts the kernel",
           "Found U-Boot script /boot.scr" in res.output and "Starting kernel ..." in res.output, res.tail())
    report("u-boot: boot banner, RAM and command line from U-Boot's device tree",
           re.search(r'^Anvil \S+ on QEMU virt, .+, 128 MiB RAM at 40000000 \(device tree\)$', res.output, re.M)
           is not None and re.search(r'^Command line: init=runtests --$', res.output, re.M) is not None,
           res.tail())
    slots = (UBOOT_SWAP_MIB << 8) - 1
    report("u-boot: swap on the image's swap partition, found by its type",
           re.search(r'^swap: %d MiB on virtio-blk0p2 \(%d slots\)$' % (UBOOT_SWAP_MIB, slots),
                     res.output, re.M) is not None, res.tail())
    if res.timed_out:
        report("u-boot: user tests finished", False,
               "killed after %ds; last console lines:\n%s" % (UBOOT_TIMEOUT, res.tail()))
    else:
        user_suite("u-boot", config, None, res)

    # A board Debian has no U-Boot for: the image is built, the run refused in one line.
    d = os.path.join(testdir, "vexpress_a9")
    rc, out = make("-s", "O=" + d, "vexpress_a9_defconfig")
    if rc == 0:
        rc, out = make("-s", "-j2", "O=" + d, "run", "BOOT=u-boot")
    report("u-boot: vexpress_a9 gets its image; make run BOOT=u-boot says -kernel only",
           rc == 2 and "vexpress_a9: Debian ships no U-Boot that runs this board in QEMU" in out
           and "boots with -kernel only" in out and os.path.exists(os.path.join(d, "image", "disk.img")),
           "status %s\n%s" % (rc, "\n".join(out.splitlines()[-10:])))


def rmap_symbols(elf):
    return [name for name, _size in bloat.rmap_symbols(bloat.symbols(elf))]


def config_build(name, lines, board="qemu_virt"):
    """<board>_defconfig plus lines, in .test/<name>; the .config, or None after a report."""
    d = os.path.join(testdir, name)
    rc, out = make("-s", "O=" + d, board + "_defconfig")
    config = os.path.join(d, ".config")
    if rc == 0:
        with open(config, "a") as f:
            f.write("".join(line + "\n" for line in lines))
        rc, out = make("-s", "O=" + d, "olddefconfig")
    if rc == 0:
        text = open(config).read()
        for line in lines:
            sym, val = line.split("=")
            want = "# %s is not set\n" % sym if val == "n" else line + "\n"
            if want not in text:
                rc, out = 1, "olddefconfig did not keep " + line
    if rc == 0:
        rc, out = make("-s", "-j2", "O=" + d, "all")
    report("%s: builds" % name, rc == 0, "\n".join(out.splitlines()[-15:]))
    return None if rc else config


def rmap_config_tests():
    default_elf = os.path.join(testdir, "qemu_virt", "anvil.elf")
    if os.path.exists(default_elf):
        report("swap on: the image has the rmap symbols (the nm check's control)",
               {"anon_vma_fork", "rmap_walk", "try_to_unmap"} <= set(rmap_symbols(default_elf)))
    # The legacy design swaps on both boards too (the defconfigs are the chain).
    for name, lines, board in (
            ("swapoff", ["CONFIG_SWAP=n"], "qemu_virt"),
            ("rmap-shared", ["CONFIG_ANON_RMAP_SHARED=y", "CONFIG_DEBUG_VM=y"], "qemu_virt"),
            ("rmap-noreuse", ["CONFIG_ANON_VMA_REUSE=n", "CONFIG_DEBUG_VM=y"], "qemu_virt"),
            ("rmap-shared-vexpress", ["CONFIG_ANON_RMAP_SHARED=y"], "vexpress_a9")):
        config = config_build(name, lines, board)
        if not config:
            continue
        d = os.path.dirname(config)
        if name == "swapoff":
            syms = rmap_symbols(os.path.join(d, "anvil.elf"))
            report("swapoff: nm lists no rmap symbol", not syms, " ".join(syms))
        user_suite(name, config, os.path.join(d, "anvil.bin"))
        if name.startswith("rmap-shared") and SWAP_STRESS_ENABLED:
            swap_stress_tests(name, config, os.path.join(d, "anvil.bin"), d)


def bench_runs():
    """make bench asserts nothing, but it must build and print its figures."""
    rc, out = make("-s", "O=" + os.path.join(testdir, "bench"), "bench")
    report("make bench builds and prints its figures",
           rc == 0 and "fork_exit_wait vmas 3 touched 16 cycles_min" in out
           and "total (pages held)" in out and "bench/swap: alloc_pages" in out,
           "\n".join(out.splitlines()[-15:]))


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


def footprint_unit_tests():
    p = subprocess.run([sys.executable, os.path.join(srctree, "scripts", "footprint_test.py")],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = [x for x in p.stdout.splitlines() if x.startswith(("ok", "FAIL"))]
    for line in lines:
        report("footprint unit: " + line.split(None, 1)[1], line.startswith("ok"))
    report("footprint unit tests ran", p.returncode == 0 and lines != [],
           "\n".join(p.stdout.splitlines()[-15:]))


def footprint_tests(defconfig):
    """A quick make footprint for one board: swap off and on, two tree sizes,
    one workload that fails and one config this tree cannot build."""
    board = defconfig[:-len("_defconfig")]
    out = os.path.join(testdir, "footprint-" + board)
    for f in ("footprint.json", "footprint.md", "footprint.svg"):
        if os.path.exists(os.path.join(out, f)):
            os.unlink(os.path.join(out, f))
    cmd = [sys.executable, os.path.join(srctree, "scripts", "footprint.py"), "--out", out,
           "--board", board, "--configs", "swap-off swap-on nosuch:CONFIG_NO_SUCH_OPTION=y",
           "--workloads", "tree 1 1;tree 16 1;tree 0 1", "--repeat", "1"]
    p = subprocess.run(cmd, cwd=srctree, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    tail = "\n".join(p.stdout.splitlines()[-15:])
    name = "%s: footprint" % board
    try:
        with open(os.path.join(out, "footprint.json")) as f:
            rep = json.load(f)
        md = open(os.path.join(out, "footprint.md")).read()
        import xml.etree.ElementTree as ET
        ET.parse(os.path.join(out, "footprint.svg"))
    except (OSError, ValueError, SyntaxError) as e:
        report(name + " writes json, md and svg", False, "%s\n%s" % (e, tail))
        return
    report(name + " writes json, md and svg", True)
    report(name + ": progress lines name config and workload",
           re.search(r"^\[\d+/8\] swap-on: tree 16 1  ok", p.stdout, re.M) is not None, tail)
    cols = {c["name"]: c for c in rep["columns"]}
    report(name + ": a config this tree lacks is 'not available', not measured",
           cols["nosuch"]["status"] == "unavailable" and "CONFIG_NO_SUCH_OPTION is not a Kconfig symbol"
           in cols["nosuch"]["reason"] and "not available in this tree" in md, str(cols["nosuch"]))
    if any(cols[n]["status"] != "built" for n in ("swap-off", "swap-on")):
        report(name + ": swap-off and swap-on build", False, tail)
        return
    off, on = cols["swap-off"], cols["swap-on"]

    # A failed workload names config, workload and console, and loses no column.
    bad = [r for c in (off, on) for r in c["runs"] if r["workload"] == "tree 0 1"]
    report(name + ": a failed workload is reported with its console, other columns kept",
           p.returncode == 1 and len(bad) == 2 and all("error" in r and "usage: tree" in r["tail"] for r in bad)
           and "*** failed: swap-off: tree 0 1" in p.stdout and
           all("peak" in r for c in (off, on) for r in c["runs"] if r["workload"] != "tree 0 1"), tail)
    good = [r for c in (off, on) for r in c["runs"] if "error" not in r]

    # Swap off: zero rmap bytes in every row, no rmap symbol in the image.
    zero = all(r[ph]["rmap_bytes"] == 0 and all(v == 0 for k, v in r[ph].items() if k.startswith("rmap."))
               for r in off["runs"] for ph in ("boot", "before", "peak", "delta", "end") if ph in r)
    report(name + ": swap-off shows zero rmap bytes in every row", zero and off["absent_caches"][:2] ==
           ["anon_vma", "anon_vma_chain"], str(off["absent_caches"]))
    syms = sorted(dict(off["static"]["rmap_symbols"]))
    report(name + ": swap-off image has no rmap symbol", not syms, "rmap symbols: %s" % syms)

    # Every byte count is objects x object size of the slab statistics.
    mismatches = []
    for r in good:
        for ph in ("boot", "before", "peak", "end"):
            raw = r["raw"][ph]
            for c in ("anon_vma", "anon_vma_chain", "vm_area_struct", "task_struct", "mm_struct"):
                want = raw.get("slab.%s.inuse" % c, 0) * raw.get("slab.%s.objsize" % c, 0)
                if r[ph]["slab.%s.bytes" % c] != want or r[ph]["slab.%s.objects" % c] != \
                        raw.get("slab.%s.inuse" % c, 0):
                    mismatches.append("%s %s %s %s" % (r["config"], r["workload"], ph, c))
            if r[ph]["rmap_bytes"] != r[ph]["slab.anon_vma.bytes"] + r[ph]["slab.anon_vma_chain.bytes"]:
                mismatches.append("%s %s %s rmap" % (r["config"], r["workload"], ph))
            if r[ph]["page_array_bytes"] < r[ph]["struct_page_bytes"]:
                mismatches.append("%s %s %s page array smaller than its pages" % (r["config"], r["workload"], ph))
    report(name + ": byte counts equal objects x object size", good != [] and not mismatches,
           " ".join(mismatches[:10]))
    report(name + ": kernel deltas equal peak - before", all(r["delta_check"] == "ok" for r in good))
    report(name + ": same config twice gives identical counters",
           len(rep["repeats"]) == 2 and all(x["identical"] for x in rep["repeats"]), str(rep["repeats"]))
    sl = [s for s in on["slopes"] if s["group"] == "tree V=1"]
    report(name + ": per-child slope of tree 1..16",
           len(sl) == 1 and sl[0]["slope"]["slab.task_struct.bytes"] > 0, str(sl))
    report(name + ": records git revision, .config and QEMU command",
           len(rep["git"]["revision"]) == 40 and all("config" in c for c in (off, on)) and
           all("-append 'meminfo init=tree -- " in r["qemu"] for r in good) and "QEMU: `qemu-system-arm" in md)
    rc, dout = subprocess.getstatusoutput("%s %s --build-dir %s swap-off swap-on" % (
        sys.executable, os.path.join(srctree, "scripts", "bloat.py"),
        os.path.join(out, "footprint.build", board)))
    report(name + ": bloat diff of swap-off and swap-on", rc == 0 and dout.startswith("add/remove: "), dout)


# The parts of make test, in order; scripts/test.py --sections picks some.
SECTIONS = ("host", "boards", "uboot", "rmap", "bench", "flows", "footprint")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--full", action="store_true",
                    help="the whole per-board set on every board, not only on " + ", ".join(FULL_SET_BOARDS))
    ap.add_argument("--boards", help="only these boards (comma-separated), e.g. vexpress_a15")
    ap.add_argument("--sections", default=",".join(SECTIONS),
                    help="only these parts (comma-separated): " + ",".join(SECTIONS))
    args = ap.parse_args()
    sections = args.sections.split(",")
    for s in sections:
        if s not in SECTIONS:
            sys.exit("*** test.py: no section '%s'; sections: %s" % (s, " ".join(SECTIONS)))
    defconfigs = [os.path.basename(p) for p in sorted(glob.glob(os.path.join(srctree, "configs", "*_defconfig")))]
    if args.boards:
        wanted = args.boards.split(",")
        for b in wanted:
            if b + "_defconfig" not in defconfigs:
                sys.exit("*** test.py: no board '%s'" % b)
        defconfigs = [d for d in defconfigs if d[:-len("_defconfig")] in wanted]
    os.makedirs(testdir, exist_ok=True)

    if "host" in sections:
        host_tests()
    if "boards" in sections:
        for defconfig in defconfigs:
            full = args.full or defconfig[:-len("_defconfig")] in FULL_SET_BOARDS
            if not full:
                print("      %s: the reduced per-board set (no long swap stress runs, no footprint;"
                      " FULL=1 runs them)" % defconfig[:-len("_defconfig")], flush=True)
            board_tests(defconfig, full)
    if "uboot" in sections:
        uboot_tests()
    if "rmap" in sections:
        rmap_config_tests()
    if "bench" in sections:
        bench_runs()
    if "flows" in sections:
        build_flow_tests()
    if "footprint" in sections:
        footprint_unit_tests()
        for defconfig in defconfigs:
            if args.full or defconfig[:-len("_defconfig")] in FULL_SET_BOARDS:
                footprint_tests(defconfig)

    failed = [r for r in results if not r[1]]
    if failed:
        print("\nFailed:")
        for name, _, _ in failed:
            print("  " + name)
    print("%d passed, %d failed" % (len(results) - len(failed), len(failed)))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
