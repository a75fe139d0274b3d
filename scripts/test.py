#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""make test: every test Anvil has, with one closing line `N passed, N failed`.

  1. host unit tests (tests/host, under AddressSanitizer and UBSan);
  2. for every configs/*_defconfig: an out-of-tree build, a QEMU boot that
     runs the in-kernel KTAP suites, and the exception-report checks; with
     CONFIG_SWAP, swap areas made by util-linux mkswap on a virtio-blk drive:
     a good one (ktest suite swap), a failing one (QEMU's blkdebug, suite
     swap_ioerr), and a missing, truncated, too short and unsigned one,
     each refused while the user tests still run; `make run` as a script
     or a terminal drives it (RAM=, INIT=, SWAP_SIZE= refused before the
     build, piped input, init's exit status, scripts/run.py), and the
     undefined-instruction report in ARM and Thumb state;
  3. the reverse-map configs on qemu_virt: swap off (no rmap symbol in the
     image, the user suite unchanged), the shared anon_vma, and the chain
     without reuse, the last two with CONFIG_DEBUG_VM's checker;
  4. make bench builds and prints its figures; the build flows: bad
     board, bad .config value, randconfig replay, and on a throwaway copy
     of the tree (scripts/test_flows.py) board switches in tree, .config
     edited by hand, unknown symbols, untracked outputs, clean, distclean;
  5. make footprint: its unit tests on synthetic inputs, then a quick
     report per board (two configs, small workloads) checked for what the
     report promises (scripts/footprint.py).

Each QEMU run has a time limit; a run that hits it is a failure and its
last console lines are shown.

A part can be run alone: `make test T='<name or glob> ...'` (T=flows runs
every flows/... check, T=host/swap-debug/rmap_random_model one host test),
`make test BOARD=vexpress_a9` the checks of one board; `make test-list`
lists the names.  A name that selects nothing is an error.  V=1 shows each
check's commands (make, QEMU, the host test binaries) and their output.
"""
import argparse
import concurrent.futures
import fnmatch
import glob
import io
import json
import os
import re
import select
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bloat  # noqa: E402
import ktap  # noqa: E402
import qemu  # noqa: E402
import test_flows  # noqa: E402

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


VERBOSE = False		# V=1: each command and its whole output


def run(cmd, cwd=srctree):
    """A command, its output captured (and shown with V=1): a CompletedProcess."""
    if VERBOSE:
        print("    $ %s%s" % ("cd %s && " % shlex.quote(cwd) if cwd != srctree else "",
                              " ".join(shlex.quote(a) for a in cmd)), flush=True)
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if VERBOSE:
        if p.stdout:
            print("      " + p.stdout.rstrip("\n").replace("\n", "\n      "))
        print("      (exit status %s)" % p.returncode, flush=True)
    return p


_qemu_run_captured = qemu.run_captured


def boot_verbose(cmd, timeout, echo=False):
    """qemu.run_captured with V=1: the QEMU command, then the console as it comes."""
    print("    $ " + " ".join(shlex.quote(a) for a in cmd), flush=True)
    res = _qemu_run_captured(cmd, timeout, echo=True)
    print("\n      (exit status %s%s)" % (res.status, ", killed after %ds" % timeout if res.timed_out else ""),
          flush=True)
    return res


def make(*args, quiet=True):
    p = run(["make", "-f", os.path.join(srctree, "Makefile")] + list(args))
    return p.returncode, p.stdout


def host_build():
    """Build the host tests; their binaries, or None after a report."""
    out = os.path.join(testdir, "host")
    p = run(["make", "-s", "-j2", "-f", os.path.join(srctree, "tests", "host", "Makefile"),
             "srctree=" + srctree, "objtree=" + out, "all"])
    if p.returncode:
        report("host unit tests build", False, "\n".join(p.stdout.splitlines()[-15:]))
        return None
    return sorted(b for b in glob.glob(os.path.join(out, "tests", "host", "test-*")) if os.access(b, os.X_OK))


def host_names(binaries):
    """binary -> ["host/<variant>/<test>", ...], as the binary lists them."""
    names = {}
    for b in binaries:
        p = subprocess.run([b, "--list"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        names[b] = ["host/" + x for x in p.stdout.split()]
    return names


def host_tests(selected=None):
    """Every host test, or those whose name "host/<variant>/<test>" selected() takes,
    each reported by its name; how many ran (None when they did not build)."""
    binaries = host_build()
    if binaries is None:
        return None
    names = host_names(binaries)
    passed = failed = 0
    for b, tests in names.items():
        args = [] if selected is None else [n.split("/", 2)[2] for n in tests if selected(n)]
        if selected is not None and not args:
            continue
        p = run([b] + args, os.path.dirname(b))
        variant = os.path.basename(b)[len("test-"):]
        pending = []	# a failing test's lines come before its FAIL line
        for line in p.stdout.splitlines():
            m = re.match(r'^(ok  |FAIL) (\S+)$', line)
            if m:
                ok = m.group(1) == "ok  "
                report("host: " + m.group(2), ok, "\n".join(pending[-20:]))
                passed, failed = passed + ok, failed + (not ok)
                pending = []
            else:
                pending.append(line)
        if not re.search(r'^host/%s: \d+ passed, \d+ failed$' % re.escape(variant), p.stdout, re.M):
            report("host/%s ran to its last line" % variant, False,
                   "status %s\n%s" % (p.returncode, "\n".join(p.stdout.splitlines()[-15:])))
        elif p.returncode and "FAIL" not in p.stdout:
            report("host/%s exit status" % variant, False, "status %s" % p.returncode)
    print("      host: %d passed, %d failed" % (passed, failed))
    return passed + failed


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


# swapstress and tree on a small RAM: reclaim, swap-in, swap full
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


def swap_stress_tests(label, config, image, out_dir, full=True, stall=True):
    """swapstress as init on RAM=16M: (a) 48 MiB over 4 processes with a
    64 MiB swap area is all intact and pages went out and came back in;
    (b) with a 4 MiB swap area, 48 MiB over 2 processes fills it up: an
    OOM kill, no hang, status 3; (c) with every read after the swap header failing (blkdebug: reads
    fail once the first swap-out has been written, so swapon's header read
    still works), the kernel kills the process that needed the page with a
    line naming it and the error, and goes on to init's exit; (d) a disk
    that stalls past the driver's timeout and comes back (swap_stall_test)."""
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

    # (a), the tree and the stall (d) are the long runs (a minute or more
    # each on a loaded host): the reduced per-board set (full=False) leaves
    # them out.
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
    # Each of the two children alone needs 21 MiB beside the 6 MiB they
    # inherit: more than RAM and swap together, however the scheduler runs
    # them (with four, one could finish before the next began, and fit).
    res = boot(image_of("full", 4), "48 2")
    report("%s: swapstress 48 2 with 4 MiB swap: OOM kill, no hang, status 3" % label,
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

    # (d) A disk that stalls past the request timeout, then comes back: a
    # long run too (about 100 s), left to the whole set.
    if full and stall:
        swap_stall_test(label, config, image, image_of("stall", 64))


STALL_LATE = re.compile(r'^virtio-blk0: (\d+) timed-out requests completed late: their slots are back$', re.M)
STALL_TIMEOUT = 360	# 10 s timeouts, then two swapstress runs: ~100 s alone, more under load
STALL_INTACT = re.compile(r'^swapstress: 24 MiB over 2 processes, 2 rounds: all intact$', re.M)


def swap_stall_test(label, config, image, swap_image):
    """A swap disk that stops answering for longer than the driver's 10 s
    request timeout, then comes back.  QEMU throttles the
    drive's writes to 1 byte/s from boot, so the first swap-outs stall and
    time out until every virtio-blk request slot is lost ("no free request
    slot"); then the monitor lifts the throttle and the device completes
    them late.  The driver must take the slots back: init is `sh -c
    swapstress 24 2 ; swapstress 24 2` at RAM=16M, and the second
    swapstress, which runs after the stall, must find every page intact
    (the first may lose a child to the stall), and init end with status 0.
    Before the fix every later swap I/O failed and init died of SIGBUS."""
    sockdir = tempfile.mkdtemp(prefix="anvil-mon-")
    sock = os.path.join(sockdir, "mon")
    state = {"lifted": False}

    def lift_stall(text):
        if state["lifted"] or "no free request slot" not in text:
            return
        state["lifted"] = True
        try:
            with socket.socket(socket.AF_UNIX) as s:
                s.connect(sock)
                s.sendall(b"block_set_io_throttle swap 0 0 0 0 0 0\n")
                time.sleep(0.5)
        except OSError as e:
            state["error"] = str(e)

    cmd = qemu.command(config, image, ram=SWAP_STRESS_RAM,
                       append="init=sh -- -c swapstress 24 2 ; swapstress 24 2",
                       extra=["-monitor", "unix:%s,server=on,wait=off" % sock])
    cmd += qemu.swap_drive(swap_image, opts="throttling.bps-write=1")
    res = qemu.run_captured(cmd, STALL_TIMEOUT, on_output=lift_stall)
    shutil.rmtree(sockdir, ignore_errors=True)
    late = STALL_LATE.search(res.output)
    report("%s: a swap disk stalled past the request timeout comes back: slots reclaimed, "
           "swapstress 24 2 intact after it" % label,
           not res.timed_out and res.status == 0 and state["lifted"] and late is not None
           and len(STALL_INTACT.findall(res.output)) >= 1
           and res.output.rfind("all intact") > res.output.find("no free request slot")
           and "Kernel panic" not in res.output,
           "status %s%s, stall %s%s\nlast console lines:\n%s" % (
               res.status, " (killed after %ds)" % STALL_TIMEOUT if res.timed_out else "",
               "lifted" if state["lifted"] else "never reached every slot lost",
               " (monitor: %s)" % state["error"] if "error" in state else "", res.tail()))


FORKBOMB_TIMEOUT = 120	# a few seconds alone; before the task and kernel-memory limits it was not done after 600 s
FORKBOMB_DONE = re.compile(r'^forkbomb: (\d+) children, then fork failed with (EAGAIN|ENOMEM)$', re.M)


def forkbomb_tests(label, config, image, out_dir, swap):
    """forkbomb as init at RAM=32M, with a 64 MiB swap
    area when the config has swap and with swap off: fork must fail (EAGAIN
    at the task limit or the kernel-memory watermark, or ENOMEM) within the
    time limit, every child be killed and reaped, and nothing leak."""
    runs = [("swap off", None, " swap=off")]
    if swap:
        d = os.path.join(out_dir, "swap")
        os.makedirs(d, exist_ok=True)
        runs.append(("64 MiB swap", qemu.make_swap_image(os.path.join(d, "forkbomb.img"), 64), ""))
    for what, img, extra in runs:
        res = qemu.run_captured(qemu.command(config, image, ram="32M", swap=img,
                                             append="init=forkbomb" + extra), FORKBOMB_TIMEOUT)
        m = FORKBOMB_DONE.search(res.output)
        report("%s: a fork bomb at RAM=32M with %s ends in %d s, every child reaped, leaks 0"
               % (label, what, FORKBOMB_TIMEOUT),
               not res.timed_out and res.status == 0 and m is not None and int(m.group(1)) > 0
               and "forkbomb: result ok" in res.output and "\nleaks 0\n" in res.output
               and "Kernel panic" not in res.output,
               "status %s%s\nlast console lines:\n%s" % (
                   res.status, " (killed after %ds)" % FORKBOMB_TIMEOUT if res.timed_out else "",
                   res.tail()))


def oom_swap_test(label, config, image, out_dir):
    """oomswap as init at RAM=16M with 32 MiB of swap: a
    sleeper swapped out holds more than an eater that has more resident;
    the OOM killer must kill the sleeper (it frees the most) and the eater
    get all its pages."""
    d = os.path.join(out_dir, "swap")
    os.makedirs(d, exist_ok=True)
    res = qemu.run_captured(qemu.command(config, image, ram="16M",
                                         swap=qemu.make_swap_image(os.path.join(d, "oomswap.img"), 32),
                                         append="init=oomswap"), SWAP_STRESS_TIMEOUT)
    report("%s: with swap the OOM killer kills what frees the most, swapped pages counted" % label,
           not res.timed_out and res.status == 0 and "oomswap: result ok" in res.output
           and "Kernel panic" not in res.output,
           "status %s%s\nlast console lines:\n%s" % (
               res.status, " (killed after %ds)" % SWAP_STRESS_TIMEOUT if res.timed_out else "",
               res.tail()))


ZRAM_INTACT = re.compile(r'^swapstress: 48 MiB over 4 processes, 2 rounds: all intact$', re.M)
ZRAM_ON = re.compile(r'^swap: (\d+) MiB on zram0 \((\d+) slots\)$', re.M)


def zram_tests(label, config, image, full=True):
    """Compressed RAM swap at RAM=16M, no disk attached: swapstress 48 4
    with data that compresses (runs of 16 repeated words) intact through
    zram; tree 256 8 right and leaving nothing behind; a zram too small for
    the load, or data that does not compress, ends in an OOM kill, not a
    hang.  The reduced set (full=False) leaves the tree out: a minute on
    a slow board."""
    def boot(append, extra=()):
        return qemu.run_captured(qemu.command(config, image, ram=SWAP_STRESS_RAM, append=append,
                                              extra=extra), SWAP_STRESS_TIMEOUT)

    def detail(res):
        return "status %s%s\nlast console lines:\n%s" % (
            res.status, " (killed after %ds)" % SWAP_STRESS_TIMEOUT if res.timed_out else "", res.tail())

    res = boot("swap=zram:64M init=swapstress -- 48 4 2 16")
    m = STRESS_COUNTERS.search(res.output)
    report("%s: zram: swapstress 48 4 (compressible data) at RAM=%s intact" % (label, SWAP_STRESS_RAM),
           not res.timed_out and res.status == 0 and ZRAM_INTACT.search(res.output) is not None
           and ZRAM_ON.search(res.output) is not None and m is not None and int(m.group(1)) > 0
           and int(m.group(2)) > 0, detail(res))
    # Many processes swapping to zram: 257 of them on 16 MiB, under -icount
    # (about 10 s): the children's 500 ms between checks is then 500 M
    # instructions.  On a loaded host without it, TCG runs so much slower
    # than the clock that reclaim's aging sees nothing used and tree 256 8
    # thrashes (Documentation/mm/zram.md).
    if full:
        res = boot("swap=zram:64M init=tree -- 256 8", extra=["-icount", "shift=0,sleep=off"])
        out = re.search(r'^delta\.swap\.pages_out (\d+)$', res.output, re.M)
        report("%s: zram: tree 256 8 at RAM=%s (-icount) swaps, every child sees its own data, "
               "nothing leaks" % (label, SWAP_STRESS_RAM),
               not res.timed_out and res.status == 0 and "result ok" in res.output and "leaks 0" in res.output
               and out is not None and int(out.group(1)) > 0 and "Out of memory" not in res.output,
               detail(res))
    # The OOM runs give each child alone more than RAM and zram can hold
    # (21 + 6 MiB here, 14 + 4 MiB below), so that the kill does not depend
    # on the children overlapping: run one after another, four smaller ones
    # once all fitted and exited 0.
    res = boot("swap=zram:4M init=swapstress -- 48 2 2 16")
    report("%s: zram: a full zram (4 MiB) ends in an OOM kill, no hang, status 3" % label,
           not res.timed_out and res.status == 3 and STRESS_OOM.search(res.output) is not None
           and "Kernel panic" not in res.output, detail(res))
    # Data that does not compress: storing it whole frees nothing, so zram
    # refuses it under pressure and the OOM killer acts (it once livelocked).
    res = boot("swap=zram:64M init=swapstress -- 32 2 2 1")
    report("%s: zram: incompressible data ends in an OOM kill, no hang, status 3" % label,
           not res.timed_out and res.status == 3 and STRESS_OOM.search(res.output) is not None
           and "Kernel panic" not in res.output, detail(res))


# The boards make test runs the whole per-board set on.  Every other board
# (a new board needs no change here) runs the reduced set: all of it but
# the two long swap stress runs, and no footprint report.  make test FULL=1
# (scripts/test.py --full) runs the whole set on every board.
FULL_SET_BOARDS = ("qemu_virt", "vexpress_a9")
FULL = [False]		# make test FULL=1: the whole set on every board


def full_set(board):
    return FULL[0] or board in FULL_SET_BOARDS


def board_tests(defconfig, full=True):
    board = defconfig[:-len("_defconfig")]
    if not full:
        print("      %s: the reduced per-board set (no long swap stress runs, no footprint;"
              " FULL=1 runs them)" % board, flush=True)
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
    zram_default = conf.get("CONFIG_ZRAM_DEFAULT") == "y"
    if conf.get("CONFIG_BOARD_HAS_VIRTIO_MMIO") != "y":
        print("      %s: no virtio transport, so no swap disk: %s" % (
            board, "it swaps to compressed RAM (zram); the disk swap tests are skipped" if zram_default
            else "it runs without swap; the swap tests are skipped"), flush=True)
    swap = conf.get("CONFIG_SWAP") == "y" and conf.get("CONFIG_VIRTIO_BLK") == "y"
    imgs = swap_images(out_dir) if swap else {}

    res = qemu.run_captured(qemu.command(config, image, append="noinit ktest", swap=imgs.get("good")),
                            BOOT_TIMEOUT)
    if swap:
        slots = (SWAP_TEST_MIB << 8) - 1
        report("%s: swap on virtio-blk0 at boot, in one line" % board,
               re.search(r'^swap: %d MiB on virtio-blk0 \(%d slots\)$' % (SWAP_TEST_MIB, slots),
                         res.output, re.M) is not None, res.tail())
    elif zram_default and conf.get("CONFIG_VIRTIO_BLK") != "y":
        report("%s: no swap disk: swap on zram0 at boot, in two lines" % board,
               "swap: no virtio-blk0: compressed RAM instead (CONFIG_ZRAM_DEFAULT)" in res.output
               and ZRAM_ON.search(res.output) is not None, res.tail())
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
        if SWAP_STRESS_ENABLED and full and qemu.read_config(config).get("CONFIG_ZRAM") == "y":
            zram_tests(board, config, image)
    elif zram_default and SWAP_STRESS_ENABLED:
        zram_tests(board, config, image, full)	# its only swap: tested on the reduced set too
    forkbomb_tests(board, config, image, out_dir, swap)
    if swap:
        oom_swap_test(board, config, image, out_dir)

    # The shell as init reaps the orphans it inherits: orphan leaves one zombie behind.
    res = qemu.run_captured(qemu.command(config, image, append="init=sh -- -c orphan ; ps"), BOOT_TIMEOUT)
    zombies = re.findall(r'^\d+ \d+ Z .*$', res.output, re.M)
    report("%s: sh as init reaps orphans (sh -c orphan ; ps shows no zombie)" % board,
           res.status == 0 and "is a zombie child of init" in res.output and "PID PPID S NAME" in res.output
           and not zombies, "status %s, zombies %s\n%s" % (res.status, zombies, res.tail()))

    # Out of memory with a small RAM: the largest process dies, the rest go on.
    res = qemu.run_captured(qemu.command(config, image, ram="32M", append="swap=off init=t_oom"), BOOT_TIMEOUT)
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

    # A kernel stack whose guard word is overwritten panics at the next exception return.
    res = qemu.run_captured(qemu.command(config, image, append="noinit crash=kstack"), BOOT_TIMEOUT)
    report("%s: an overwritten kernel stack guard panics at the next exception return" % board,
           "Kernel panic - not syncing: kernel stack overflow in pid 0 (idle)" in res.output
           and "No exception returned" not in res.output and res.status == 70,
           "status %s\n%s" % (res.status, res.tail()))

    # A small RAM: the boot to "Idle." must fit the 3 s however much RAM the
    # board has (raspi2b's 768 MiB take over 3 s to set up on a loaded host).
    hang = qemu.run_captured(qemu.command(config, image, ram="48M", append="noinit"), 3)
    report("%s: runner kills a hung QEMU at its limit" % board,
           hang.timed_out and "Idle." in hang.tail(), hang.tail())
    run_flow_tests(board, out_dir)


def make_run(out_dir, *variables, stdin=b"", limit=BOOT_TIMEOUT):
    """make run in out_dir as a script runs it: stdin a pipe, a time limit.
    Returns (make's status, stdout, stderr)."""
    cmd = ["make", "-f", os.path.join(srctree, "Makefile"), "O=" + out_dir, "run",
           "TIMEOUT=%d" % limit] + list(variables)
    try:
        p = subprocess.run(cmd, cwd=srctree, input=stdin, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=limit + 60)
    except subprocess.TimeoutExpired as e:
        return None, (e.stdout or b"").decode("utf-8", "replace"), "make run hung past its TIMEOUT"
    return (p.returncode, p.stdout.decode("utf-8", "replace").replace("\r\n", "\n"),
            p.stderr.decode("utf-8", "replace"))


def make_run_on_terminal(out_dir, keys, limit=20):
    """make run on a pseudo-terminal, as a person at a terminal runs it: type
    keys at the shell's first prompt.  Returns (make's status, what the terminal showed)."""
    import pty
    try:
        master, slave = pty.openpty()
    except OSError as e:
        return None, "no pseudo-terminal: %s" % e
    cmd = ["make", "-f", os.path.join(srctree, "Makefile"), "O=" + out_dir, "run", "TIMEOUT=%d" % limit]
    p = subprocess.Popen(cmd, cwd=srctree, stdin=slave, stdout=slave, stderr=slave, start_new_session=True)
    os.close(slave)
    shown, typed = b"", False
    deadline = time.monotonic() + limit + 30
    while time.monotonic() < deadline:
        r, _, _ = select.select([master], [], [], 0.5)
        if r:
            try:
                data = os.read(master, 4096)
            except OSError:		# EIO: every writer has gone
                data = b""
            if not data:
                break
            shown += data
        if not typed and b"anvil$ " in shown:
            os.write(master, keys)
            typed = True
    os.close(master)
    try:
        rc = p.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        rc = None
    return rc, shown.decode("utf-8", "replace").replace("\r\n", "\n")


def ram_check_tests():
    """RAM= takes k, m, g in either case; every size a refusal suggests is accepted."""
    good = {"64m": "64M", "64M": "64M", "65536k": "64M", "65536K": "64M", "4m": "4M", "768M": "768M",
            "64": "64M"}
    for ram, want in sorted(good.items()):
        try:
            got = qemu.check_ram(ram)
        except SystemExit as e:
            got = str(e)
        report("RAM=%s is accepted as %s" % (ram, want), got == want, got)
    for ram in ("banana", "1G", "1g", "3M", "769M", "1000k", "64MB", "-1M"):
        try:
            qemu.check_ram(ram)
            msg = None
        except SystemExit as e:
            msg = str(e)
        suggested = re.findall(r'\b\d+[kKmMgG]\b', msg.split(":", 1)[1]) if msg else []
        ok = msg is not None and suggested != []
        for size in suggested:
            try:
                qemu.check_ram(size)
            except SystemExit:
                ok = False
        report("RAM=%s is refused with sizes that are accepted" % ram, ok, "%s; suggested %s" % (msg, suggested))


def run_flow_tests(board, out_dir):
    """make run as a script or a newcomer drives it, on the board built in out_dir."""
    # Bad variables are refused before anything is built, made or booted.
    for var, want in (("RAM=banana", "64M"), ("RAM=1G", "768M"), ("INIT=nosuchprog", "it holds: "),
                      ("SWAP_SIZE=0", "1 to 4096"), ("APPEND=init=sh", "both name the init program")):
        rc, out, err = make_run(out_dir, var, *(["INIT=tree 1 1"] if var.startswith("APPEND") else []))
        report("%s: make run %s is refused before building or booting" % (board, var),
               rc not in (0, None) and want in err and "MKSWAP" not in out and "Anvil " not in out,
               "status %s\n%s%s" % (rc, out[-800:], err))
    rc, out, err = make_run(out_dir, "INIT=nosuchprog")
    m = re.search(r"it holds: (.*)$", err, re.M)
    report("%s: make run INIT=nosuchprog lists the initramfs's programs" % board,
           m is not None and {"sh", "tree", "runtests", "t_cow"} <= set(m.group(1).split()), err)

    rc, out, err = make_run(out_dir, "RAM=64m", "APPEND=poweroff")
    report("%s: make run RAM=64m boots with 64 MiB" % board,
           rc == 0 and re.search(r" 64 MiB RAM at ", out) is not None, "status %s\n%s%s" % (rc, out[-800:], err))

    # A scripted session: stdin is typed on the console; `exit 3` ends it.
    rc, out, err = make_run(out_dir, stdin=b"ps\nmeminfo\nexit 3\n")
    report("%s: printf 'ps\\nmeminfo\\nexit 3\\n' | make run runs each line and ends" % board,
           rc == 2 and "PID PPID S NAME" in out and re.search(r"^pages\.free \d+$", out, re.M) is not None
           and "anvil$ exit 3" in out and "killed" not in err, "status %s\n%s%s" % (rc, out[-800:], err))
    # End of input without exit (and without a last newline): the shell exits, the machine powers off.
    rc, out, err = make_run(out_dir, stdin=b"ps")
    report("%s: make run with input that ends without exit powers off with status 0" % board,
           rc == 0 and "PID PPID S NAME" in out, "status %s\n%s%s" % (rc, out[-800:], err))

    # At a terminal with TIMEOUT=, the console is still the terminal.
    rc, out = make_run_on_terminal(out_dir, b"exit 7\r")
    report("%s: make run TIMEOUT=20 at a terminal takes what is typed (exit 7)" % board,
           rc == 2 and "init exited with status 7" in out and "time limit" not in out,
           "status %s\n%s" % (rc, out[-800:]))

    rc, out, err = make_run(out_dir, "APPEND=noinit", limit=3)
    report("%s: make run at its time limit names the limit and how to change it" % board,
           rc == 2 and "time limit of 3 s" in err and "TIMEOUT=<seconds>" in err, err)

    # The kernel's words go before init=; INIT's own arguments alone follow "--".
    rc, out, err = make_run(out_dir, "INIT=tree 1 1", "APPEND=meminfo")
    report("%s: make run INIT='tree 1 1' APPEND=meminfo: meminfo at boot, tree gets 1 1" % board,
           rc == 0 and "Command line: meminfo init=tree -- 1 1\n" in out and "result ok" in out
           and re.search(r"^pages\.free \d+$", out, re.M) is not None, "status %s\n%s%s" % (rc, out[-800:], err))


    # The exit status: make run's is make's (0 or 2), the console's last line
    # says init's; scripts/run.py exits with init's own.
    rc, out, err = make_run(out_dir, "INIT=sh -c exit 3")
    last = out.strip().splitlines()[-1:] if out.strip() else []
    report("%s: make run INIT='sh -c exit 3': status 2, last line 'init exited with status 3'" % board,
           rc == 2 and last == ["init exited with status 3"], "status %s, last %s" % (rc, last))
    for init, want in (("sh -c exit 3", 3), ("sh -c exit 0", 0)):
        p = subprocess.run([sys.executable, os.path.join(srctree, "scripts", "run.py"), "O=" + out_dir,
                            "INIT=" + init, "TIMEOUT=%d" % BOOT_TIMEOUT], cwd=srctree,
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=BOOT_TIMEOUT + 60)
        report("%s: scripts/run.py INIT='%s' exits %d" % (board, init, want), p.returncode == want,
               "status %s\n%s" % (p.returncode, p.stdout.decode("utf-8", "replace")[-800:]))
    p = subprocess.run([sys.executable, os.path.join(srctree, "scripts", "run.py"), "O=" + out_dir,
                        "RAM=banana"], cwd=srctree, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=60)
    report("%s: scripts/run.py exits 125 when make stops before QEMU" % board, p.returncode == 125,
           "status %s" % p.returncode)

    # The kernel: no word after "--" is its own; a missing init names what there is.
    config, image = os.path.join(out_dir, ".config"), os.path.join(out_dir, "anvil.bin")
    res = qemu.run_captured(qemu.command(config, image, append="init=sh -- -c exit 5 poweroff"), BOOT_TIMEOUT)
    report("%s: init=sh -- -c exit 5 poweroff: poweroff is the shell's word, status 5" % board,
           res.status == 5 and res.output.rstrip().endswith("init exited with status 5"),
           "status %s\n%s" % (res.status, res.tail()))
    res = qemu.run_captured(qemu.command(config, image, append="init=nosuchprog"), BOOT_TIMEOUT)
    m = re.search(r"^init: no program 'nosuchprog' in the initramfs; it holds: (.*)$", res.output, re.M)
    report("%s: a kernel booted with init=nosuchprog lists the initramfs's programs and panics" % board,
           res.status == 70 and m is not None and {"sh", "tree", "runtests"} <= set(m.group(1).split())
           and "Kernel panic - not syncing: cannot run init program 'nosuchprog'" in res.output,
           "status %s\n%s" % (res.status, res.tail()))
    undef_report_tests(board, config, image)


def undef_report_tests(board, config, image):
    """An undefined instruction is reported at its own address, ARM or Thumb, user or kernel."""
    res = qemu.run_captured(qemu.command(config, image, append="init=sh -- -c t_undef arm ; "
                                         "t_undef thumb ; t_undef thumb32"), BOOT_TIMEOUT)
    for kind in ("arm", "thumb", "thumb32"):
        m = re.search(r"^t_undef: %s udf at ([0-9a-f]{8})\n.*killed by SIGILL: undefined instruction "
                      r"at address ([0-9a-f]{8}), pc ([0-9a-f]{8})$" % kind, res.output, re.M)
        report("%s: user %s undefined instruction reported at its address" % (board, kind),
               m is not None and m.group(1) == m.group(2) == m.group(3), res.tail())
    for kind, state in (("undef", "arm"), ("undef-thumb", "thumb")):
        res = qemu.run_captured(qemu.command(config, image, append="noinit crash=" + kind), BOOT_TIMEOUT)
        at = re.search(r"^Crashing on purpose: %s udf at ([0-9a-f]{8})$" % state, res.output, re.M)
        pc = re.search(r"^Kernel panic - not syncing: unexpected undefined instruction at pc ([0-9a-f]{8})$",
                       res.output, re.M)
        report("%s: kernel %s undefined instruction reported at its address" % (board, state),
               res.status == 70 and at is not None and pc is not None and at.group(1) == pc.group(1),
               "status %s\n%s" % (res.status, res.tail()))
    res = qemu.run_captured(qemu.command(config, image, append="init=t_undef -- thumb"), BOOT_TIMEOUT)
    report("%s: init killed by SIGILL: last line says so, status 132" % board,
           res.status == 132 and res.output.rstrip().endswith("init killed by signal 4 (SIGILL): status 132"),
           "status %s\n%s" % (res.status, res.tail()))

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
    d = os.path.join(testdir, "uboot")	# its own build: the board's part may run at the same time
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
           is not None and re.search(r'^Command line: init=runtests( --)?$', res.output, re.M) is not None,
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


# The legacy design swaps on both boards too (the defconfigs are the chain).
RMAP_CONFIGS = (
    ("swapoff", ["CONFIG_SWAP=n"], "qemu_virt"),
    ("rmap-shared", ["CONFIG_ANON_RMAP_SHARED=y", "CONFIG_DEBUG_VM=y"], "qemu_virt"),
    ("rmap-noreuse", ["CONFIG_ANON_VMA_REUSE=n", "CONFIG_DEBUG_VM=y"], "qemu_virt"),
    ("rmap-shared-vexpress", ["CONFIG_ANON_RMAP_SHARED=y"], "vexpress_a9"))


def rmap_config_tests(names=None):
    for name, lines, board in RMAP_CONFIGS:
        if names is not None and name not in names:
            continue
        config = config_build(name, lines, board)
        if not config:
            continue
        d = os.path.dirname(config)
        if name == "swapoff":
            syms = rmap_symbols(os.path.join(d, "anvil.elf"))
            report("swapoff: nm lists no rmap symbol", not syms, " ".join(syms))
        if name == "rmap-noreuse":
            report("swap on: the image has the rmap symbols (the nm check's control)",
                   {"anon_vma_fork", "rmap_walk", "try_to_unmap"} <=
                   set(rmap_symbols(os.path.join(d, "anvil.elf"))))
        user_suite(name, config, os.path.join(d, "anvil.bin"))
        if name.startswith("rmap-shared") and SWAP_STRESS_ENABLED:
            # The stalled disk is the driver's, the same in every design: boards only.
            swap_stress_tests(name, config, os.path.join(d, "anvil.bin"), d, stall=False)


def bench_runs():
    """make bench asserts nothing, but it must build and print its figures."""
    rc, out = make("-s", "O=" + os.path.join(testdir, "bench"), "bench")
    report("make bench builds and prints its figures",
           rc == 0 and "fork_exit_wait vmas 3 touched 16 cycles_min" in out
           and "| COW fault after fork (per page) |" in out
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


def make_test_tests():
    """make test's own selection, run as a user runs it: T=, BOARD=, V=1, the
    list, and names that select nothing."""
    def make_test(*args):
        p = run(["make", "-f", os.path.join(srctree, "Makefile"), "test"] + list(args))
        return p.returncode, p.stdout

    def tail(out):
        return "\n".join(out.splitlines()[-15:])

    rc, out = make_test("T=footprint/unit")
    m = re.search(r'^(\d+) passed, 0 failed$', out, re.M)
    parts = re.findall(r'^== (\S+)$', out, re.M)
    report("make test T=footprint/unit runs that part alone", rc == 0 and m is not None and int(m.group(1)) > 0
           and parts == ["footprint/unit"], tail(out))
    rc, out = make_test("T=footprint/unit", "V=1")
    report("make test V=1 shows each check's command and its output",
           rc == 0 and re.search(r'^    \$ \S*python3 \S*/footprint_test\.py$', out, re.M) is not None
           and re.search(r'^      ok +\w', out, re.M) is not None and "(exit status 0)" in out, tail(out))
    rc, out = make_test("T=list")
    names = [x.split()[0] for x in out.splitlines() if x.strip()]
    report("make test T=list lists every part and every host test by name",
           rc == 0 and {"host", "flows/clean", "footprint/unit", "host/swap-debug/rmap_random_model"} <= set(names),
           tail(out))
    rc, out = make_test("T=list", "BOARD=vexpress_a9")
    names = [x.split()[0] for x in out.splitlines() if x.strip()]
    report("make test T=list BOARD=vexpress_a9 lists that board's parts only",
           rc == 0 and "vexpress_a9" in names and not [n for n in names if "qemu_virt" in n or n.startswith("host")],
           tail(out))
    for args, why in ((["T=footprint/unitt"], "'footprint/unitt'"),
                      (["T=host/swap-debug/no_such_test"], "no host test"),
                      (["BOARD=no_such_board"], "qemu_virt"),
                      (["BOARD=vexpress_a9", "T=footprint/unit"], "'footprint/unit'")):
        rc, out = make_test(*args)
        report("make test %s is an error that says why" % " ".join(args),
               rc != 0 and why in out and not re.search(r'^\d+ passed', out, re.M), tail(out))


def footprint_unit_tests():
    p = run([sys.executable, os.path.join(srctree, "scripts", "footprint_test.py")])
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
    rdir = os.path.join(out, "footprint.build", board)	# the report sits beside its builds
    for f in ("footprint.json", "footprint.md", "footprint.svg", "footprint.png"):
        if os.path.exists(os.path.join(rdir, f)):
            os.unlink(os.path.join(rdir, f))
    cmd = [sys.executable, os.path.join(srctree, "scripts", "footprint.py"), "--out", out,
           "--board", board, "--configs", "swap-off swap-on nosuch:CONFIG_NO_SUCH_OPTION=y",
           "--workloads", "tree 1 1;tree 16 1;tree 0 1", "--repeat", "1", "--capacity", "tree@8M=swap-off"]
    p = run(cmd)
    tail = "\n".join(p.stdout.splitlines()[-15:])
    name = "%s: footprint" % board
    try:
        with open(os.path.join(rdir, "footprint.json")) as f:
            rep = json.load(f)
        md = open(os.path.join(rdir, "footprint.md")).read()
        import xml.etree.ElementTree as ET
        ET.parse(os.path.join(rdir, "footprint.svg"))
        png = open(os.path.join(rdir, "footprint.png"), "rb").read(8)
    except (OSError, ValueError, SyntaxError) as e:
        report(name + " writes json, md, png and svg in footprint.build/" + board, False, "%s\n%s" % (e, tail))
        return
    report(name + " writes json, md, png and svg in footprint.build/" + board, png == b"\x89PNG\r\n\x1a\n")
    report(name + ": the summary comes first, on the terminal too",
           md.split("\n")[2].startswith("## What CONFIG_SWAP costs on %s with " % board) and
           "| figure | unit | swap-off | swap-on | Linux 6.1 |" in md.split("## Configs")[0] and
           re.search(r"^## What CONFIG_SWAP costs on %s with \d+ MiB of RAM$" % board, p.stdout, re.M)
           is not None, md[:2000])
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
    cap = {x["config"]: x for x in rep.get("capacity", [])}
    exact = [(n, x["largest"], sorted((p["n"], p["ok"]) for p in x["probes"])) for n, x in cap.items()]
    # swap-off: no disk, so -icount makes every probe repeat exactly (swap I/O completes in host time).
    report(name + ": capacity of tree N 1 at 8 MiB by bisection: N passes, N+1 fails",
           set(cap) == {"swap-off"} and all(
               x["exact"] and not x["at_limit"] and x["largest"] > 0 and
               {(p["n"], p["ok"]) for p in x["probes"]} >= {(x["largest"], True), (x["largest"] + 1, False)}
               for x in cap.values()) and "## What swap buys: capacity on " + board in md.split("## Configs")[0],
           str(exact))
    report(name + ": bloat diff of swap-off and swap-on", rc == 0 and dout.startswith("add/remove: "), dout)
    # A config make footprint did not build: found by its .config, or built.
    rc, dout = subprocess.getstatusoutput("%s %s --build-dir %s swap-off chain-reuse" % (
        sys.executable, os.path.join(srctree, "scripts", "bloat.py"),
        os.path.join(out, "footprint.build", board)))
    report(name + ": bloat diff names a standard config the run did not build",
           rc == 0 and "NOTE    chain-reuse has the same .config as swap-on" in dout, dout)
    # Piped to head: no traceback (the tree is longer than a pipe holds).
    p2 = subprocess.run("%s %s --tree %s --depth 9 | head -1" % (
        sys.executable, os.path.join(srctree, "scripts", "bloat.py"), on["elf"]),
        shell=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    report(name + ": bloat.py --tree piped to head ends without a traceback",
           p2.stdout.startswith("path") and "Traceback" not in p2.stderr, p2.stderr)


def source_tree_tests():
    """Every source file has an SPDX line; none points outside the repository
    or names an issue number (scripts/srccheck.py), and the check can fail."""
    import srccheck
    import tempfile
    _n, nsrc, problems = srccheck.check_tree(srctree)
    lines = ["%s:%d: %s" % p for p in problems]
    report("source tree: all %d source files carry an SPDX-License-Identifier" % nsrc,
           not [x for x in lines if "SPDX" in x], "\n".join(x for x in lines if "SPDX" in x))
    report("source tree: no file points to a document outside it or names an issue number",
           not [x for x in lines if "SPDX" not in x], "\n".join(x for x in lines if "SPDX" not in x))
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "bad.c"), "w") as f:
            f.write("/* See DESIGN" + ".md and issue" + " 5. */\n")
        found = [w for _r, _l, w in srccheck.check_file(d, "bad.c")]
    report("source tree check catches a file without SPDX, with a note reference and an issue number",
           len(found) == 3, str(found))


def initramfs_cpio_tests():
    """mkinitramfs.py's archive, whose file data sits on page boundaries (NUL
    padding after each name), is still a cpio archive GNU cpio reads: -t lists
    every file, -i extracts each byte for byte."""
    import mkinitramfs
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        src, out = os.path.join(d, "src"), os.path.join(d, "out")
        os.mkdir(src)
        os.mkdir(out)
        files = {}
        for i, size in enumerate((1, 3, 4095, 4096, 4097, 20000, 0)):
            name = "f%d_%s" % (i, "n" * (i * 13))
            files[name] = bytes((i * 7 + k) & 0xff for k in range(size))
            with open(os.path.join(src, name), "wb") as f:
                f.write(files[name])
        cpio = os.path.join(d, "initramfs.cpio")
        argv = sys.argv
        sys.argv = ["mkinitramfs.py", cpio] + [os.path.join(src, n) for n in files]
        try:
            mkinitramfs.main()
        finally:
            sys.argv = argv
        with open(cpio, "rb") as f:
            data = f.read()
        offsets = {name: off for name, off, _size in mkinitramfs.entries(data)}
        misplaced = [n for n in files if files[n] and offsets.get(n, 1) % 4096]
        report("initramfs: every file's data starts on a page of the archive", not misplaced,
               "not page aligned: %s" % misplaced)
        p = subprocess.run(["cpio", "-t"], input=data, capture_output=True)
        listed = p.stdout.decode(errors="replace").split()
        report("initramfs: GNU cpio -t lists every file of the archive",
               p.returncode == 0 and sorted(listed) == sorted(files),
               "status %d, listed %s\n%s" % (p.returncode, listed, p.stderr.decode(errors="replace")))
        p = subprocess.run(["cpio", "-i", "--quiet"], input=data, cwd=out, capture_output=True)
        got = {n: open(os.path.join(out, n), "rb").read() if os.path.exists(os.path.join(out, n)) else None
               for n in files}
        bad = [n for n in files if got[n] != files[n]]
        report("initramfs: GNU cpio -i extracts every file byte for byte",
               p.returncode == 0 and not bad and sorted(os.listdir(out)) == sorted(files),
               "status %d, wrong or missing: %s\n%s" % (p.returncode, bad, p.stderr.decode(errors="replace")))


class Group:
    """A selectable part of make test: its name, the board it needs (None: no
    board's own), what it checks, and the function that runs it."""
    def __init__(self, name, board, what, fn):
        self.name, self.board, self.what, self.fn = name, board, what, fn


def groups():
    """Every part of make test, in the order it runs."""
    boards = [os.path.basename(p)[:-len("_defconfig")]
              for p in sorted(glob.glob(os.path.join(srctree, "configs", "*_defconfig")))]
    flows = test_flows.Flows(srctree, testdir, lambda cmd, cwd: (lambda p: (p.returncode, p.stdout))(run(cmd, cwd)),
                             lambda cmd, timeout: qemu.run_captured(cmd, timeout), report)
    g = [Group("source", None, "every source file has an SPDX line and points nowhere outside the tree",
               source_tree_tests),
         Group("host", None, "host unit tests of mm/ (ASan, UBSan); host/<variant>/<test> is one",
               host_tests),
         Group("flows/ram", None, "make run's RAM= sizes: accepted forms and the refusals' suggestions",
               ram_check_tests)]
    g += [Group(b, b, "out-of-tree build, ktest, user suite, swap, OOM, RAM, crash reports%s"
                % ("" if b in FULL_SET_BOARDS else " (reduced set unless FULL=1)"),
                lambda b=b: board_tests(b + "_defconfig", full_set(b))) for b in boards]
    g += [Group("uboot", "qemu_virt", "make image booted through Debian's U-Boot; BOOT=u-boot elsewhere",
                uboot_tests)]
    g += [Group("rmap/" + re.sub(r'^rmap-', '', n), b, "%s: %s, user suite" % (b, " ".join(lines)),
                lambda n=n: rmap_config_tests([n])) for n, lines, b in RMAP_CONFIGS if b in boards]
    g += [Group("bench", None, "make bench builds and prints its figures", bench_runs),
          Group("flows/config", None, "unknown board, bad .config value, randconfig replay and builds",
                build_flow_tests),
          Group("flows/make-test", None, "make test's T=, BOARD=, V=1, T=list and misspelled names",
                make_test_tests)]
    g += [Group("flows/" + n, None, what, getattr(flows, m)) for n, what, m in test_flows.CHECKS]
    g += [Group("footprint/unit", None, "footprint.py's parsers on synthetic inputs", footprint_unit_tests)]
    g += [Group("initramfs/cpio", None, "the page-aligned initramfs archive reads with GNU cpio -t and -i",
                initramfs_cpio_tests)]
    g += [Group("footprint/" + b, b, "a quick make footprint, its promises checked",
                lambda d=b + "_defconfig": footprint_tests(d)) for b in boards if full_set(b)]
    return g


def matches(pattern, name):
    """T=<pattern>: a glob, or a name and everything under it (T=flows is flows/*)."""
    return fnmatch.fnmatchcase(name, pattern) or name.startswith(pattern.rstrip("/") + "/")


def usage_error(msg):
    print("*** " + msg, file=sys.stderr)
    sys.exit(2)


def select_groups(all_groups, patterns, board):
    """The groups to run and the host-test filter (None: all); exits 2 on a name nothing has."""
    boards = sorted({g.board for g in all_groups if g.board})
    if board and board not in boards:
        usage_error("make test BOARD=%s: no such board; boards: %s" % (board, " ".join(boards)))
    chosen = [g for g in all_groups if not board or g.board == board]
    if not patterns:
        if not chosen:
            usage_error("make test BOARD=%s: no test is that board's" % board)
        return chosen, None
    host_patterns = [p for p in patterns if p.startswith("host/")]
    unknown = [p for p in patterns if p not in host_patterns and not any(matches(p, g.name) for g in chosen)]
    if unknown:
        usage_error("make test%s T=%s: no test is named %s; `make test T=list` lists them" % (
            " BOARD=" + board if board else "", " ".join(patterns), ", ".join(repr(p) for p in unknown)))
    host_all = any(matches(p, "host") for p in patterns if p not in host_patterns)
    picked = [g for g in chosen if any(matches(p, g.name) for p in patterns)
              or (g.name == "host" and host_patterns)]
    host_filter = None
    if host_patterns and not host_all:
        def host_filter(name):
            return any(fnmatch.fnmatchcase(name, p) or name.startswith(p.rstrip("/") + "/")
                       for p in host_patterns)
    return picked, host_filter


def list_tests(all_groups):
    for g in all_groups:
        print("%-26s %s" % (g.name, g.what))
    if not any(g.name == "host" for g in all_groups):
        return
    print("(building the host tests to list their names)", flush=True)
    binaries = host_build()
    if binaries is not None:
        for names in host_names(binaries).values():
            for n in names:
                print(n)




class GroupOutput:
    """sys.stdout for groups run in threads: a thread that runs a group
    writes to its own buffer, shown whole when the group is done."""
    def __init__(self, real):
        self.real = real
        self.local = threading.local()

    def write(self, text):
        buf = getattr(self.local, "buf", None)
        return (buf if buf is not None else self.real).write(text)

    def flush(self):
        if getattr(self.local, "buf", None) is None:
            self.real.flush()

    def __getattr__(self, name):
        return getattr(self.real, name)


def run_parallel(gs, run_group, jobs):
    """Run the groups jobs at a time; print each one's output in order.
    The flows/* groups share one throwaway tree: they run one after the
    other, as one unit."""
    if jobs <= 1 or len(gs) <= 1:
        for g in gs:
            run_group(g)
        return
    units = []
    for g in gs:
        if g.name.startswith("flows/") and units and units[-1][0].name.startswith("flows/"):
            units[-1].append(g)
        else:
            units.append([g])
    out = GroupOutput(sys.stdout)
    sys.stdout = out

    def one(unit):
        out.local.buf = io.StringIO()
        for g in unit:
            try:
                run_group(g)
            except SystemExit as e:		# a usage error inside a group
                out.local.buf.write("*** %s\n" % e)
            except Exception:
                out.local.buf.write(traceback.format_exc())
                report("%s: the group ran to its end" % g.name, False)
        text = out.local.buf.getvalue()
        out.local.buf = None
        return text

    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
            for text in pool.map(one, units):
                out.real.write(text)
                out.real.flush()
    finally:
        sys.stdout = out.real


def main():
    global VERBOSE
    ap = argparse.ArgumentParser(description="make test [T=<pattern>...] [BOARD=<board>] [V=1]")
    ap.add_argument("--verbose", action="store_true", help="each check's commands and their output")
    ap.add_argument("--select", default="", help="names or globs, space or comma separated; 'list' lists")
    ap.add_argument("--board", default="", help="only the checks of this board")
    ap.add_argument("--jobs", type=int, default=max(1, min(2, os.cpu_count() or 1)),
                    help="test groups run at once (default: the cores, at most 2)")
    ap.add_argument("--full", action="store_true",
                    help="the whole per-board set on every board, not only on " + ", ".join(FULL_SET_BOARDS))
    a = ap.parse_args()
    VERBOSE = a.verbose
    FULL[0] = a.full
    if VERBOSE:
        qemu.run_captured = boot_verbose
    os.makedirs(testdir, exist_ok=True)
    patterns = [p for p in re.split(r'[\s,]+', a.select) if p]
    all_groups = groups()
    if patterns == ["list"]:
        list_tests([g for g in all_groups if not a.board or g.board == a.board])
        return
    picked, host_filter = select_groups(all_groups, patterns, a.board)

    def run_group(g):
        if patterns or a.board:
            print("== %s" % g.name, flush=True)
        if g.name == "host":
            if g.fn(host_filter) == 0 and host_filter is not None:
                usage_error("make test T=%s: no host test is named so; `make test T=list` lists them"
                            % a.select)
        else:
            g.fn()

    # The source check and the host tests first, alone (the host build is
    # what `make test T=list` reuses); then the rest, JOBS groups at a time
    # (each QEMU run takes one core), each group's lines shown together, in
    # order, once it is done.
    first = [g for g in picked if g.name in ("source", "host")]
    for g in first:
        run_group(g)
    run_parallel([g for g in picked if g not in first], run_group, a.jobs)

    failed = [r for r in results if not r[1]]
    if failed:
        print("\nFailed:")
        for name, _, _ in failed:
            print("  " + name)
    print("%d passed, %d failed" % (len(results) - len(failed), len(failed)))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
