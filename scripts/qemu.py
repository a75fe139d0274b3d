#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Boot an Anvil image in QEMU: interactively (make run) or as a test.

The machine and CPU come from the board's Kconfig (CONFIG_QEMU_MACHINE,
CONFIG_QEMU_CPU), so a new board needs no change here; so does a machine's
one accepted RAM size (CONFIG_QEMU_RAM), when it has one: --ram then goes
to the kernel as "mem=" instead.

On a terminal the console is the terminal (Ctrl-A X quits), with a time
limit when --timeout gives one.  Otherwise the console is stdin and stdout:
what comes on stdin is typed on the console, its end is the shell's
end-of-input (Ctrl-D), and the run has a time limit (600 s unless
--timeout says), at which QEMU is killed and reported with the last
console lines.  The exit status is QEMU's, which is the kernel's: init's
status, 70 after a panic; 124 at the time limit.  With ANVIL_RUN_STATUS set
to a file name, that status is also written there (scripts/run.py).

  qemu.py --config .config --kernel anvil.bin [--ram 64M] [--append ARGS]
          [--timeout SECONDS] [--swap IMAGE]
  qemu.py --check [--ram 64M] [--init 'prog args' --programs 'a b ..']
          [--append ARGS] [--swap-size MIB]   (make run, before it builds)
  qemu.py --config .config --bios u-boot.bin --disk disk.img [--ram 64M] [--timeout SECONDS]

--swap attaches IMAGE (raw; or any QEMU file name, such as
blkdebug:rules:IMAGE) as a virtio-blk drive on the board's virtio-mmio
transport, in its virtio 1.x ("modern", register version 2) form.
--bios boots a boot loader (make run BOOT=u-boot: Debian's U-Boot) instead
of the kernel, with --disk (a board image, make image) attached the same
way and no network device.
"""
import argparse
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import termios
import time

DEFAULT_TIMEOUT = 600


def read_config(path):
    conf = {}
    with open(path) as f:
        for line in f:
            m = re.match(r'^(CONFIG_\w+)=(.*)$', line.strip())
            if m:
                v = m.group(2)
                conf[m.group(1)] = v[1:-1] if v.startswith('"') else v
    return conf


RAM_MIN_MIB, RAM_MAX_MIB = 4, 768
RAM_EXAMPLES = "64M, 256m or 512M"


def check_ram(ram):
    """RAM= as a size with a k, m or g suffix in either case (none: MiB), a
    whole number of MiB from 4M to 768M; returns it as QEMU's -m takes it."""
    hint = "give a size like %s (k, m or g in either case; %dM to %dM)" % (
        RAM_EXAMPLES, RAM_MIN_MIB, RAM_MAX_MIB)
    m = re.fullmatch(r'([1-9][0-9]{0,9})([kKmMgG]?)', ram.strip())
    if not m:
        sys.exit("*** RAM=%s: %s" % (ram, hint))
    kib = int(m.group(1)) << {"k": 0, "m": 10, "": 10, "g": 20}[m.group(2).lower()]
    if kib % 1024:
        sys.exit("*** RAM=%s: not a whole number of MiB; %s" % (ram, hint))
    mib = kib >> 10
    if not RAM_MIN_MIB <= mib <= RAM_MAX_MIB:
        sys.exit("*** RAM=%s: Anvil runs with %dM to %dM of RAM; give a size like %s"
                 % (ram, RAM_MIN_MIB, RAM_MAX_MIB, RAM_EXAMPLES))
    return "%dM" % mib


def mkswap_path():
    """util-linux mkswap: in /sbin, which a user's PATH may lack."""
    for p in ("/sbin/mkswap", "/usr/sbin/mkswap"):
        if os.access(p, os.X_OK):
            return p
    return shutil.which("mkswap")


def make_swap_image(path, mib):
    """A fresh image of mib MiB with a swap area on it, as make run makes swap.img."""
    with open(path, "wb") as f:
        f.truncate(mib << 20)
    subprocess.run([mkswap_path(), "-q", path], check=True, stdout=subprocess.DEVNULL)
    return path


def swap_drive(image, drive_id="swap", opts=""):
    """QEMU options for a virtio-blk drive on virtio-mmio, errors reported to the guest;
    opts: more -drive options (e.g. throttling.bps-write=N)."""
    return ["-global", "virtio-mmio.force-legacy=false",
            "-drive", "if=none,id=%s,format=raw,rerror=report,werror=report,%sfile=%s"
            % (drive_id, opts + "," if opts else "", image),
            "-device", "virtio-blk-device,drive=" + drive_id]


def command(config, kernel, ram=None, append="", extra=(), swap=None, bios=None, disk=None):
    """kernel (with append) booted as Linux is; or bios, a boot loader, with disk."""
    conf = read_config(config)
    fixed = conf.get("CONFIG_QEMU_RAM", "")
    if fixed:
        # The machine has one RAM size (raspi2b: 1G): a smaller RAM is mem=.
        if ram:
            append = ("mem=%s %s" % (check_ram(ram), append)).strip()
        ram = fixed
    else:
        ram = check_ram(ram) if ram else "%sM" % conf.get("CONFIG_DEFAULT_RAM_MB", "128")
    cmd = ["qemu-system-arm", "-M", conf["CONFIG_QEMU_MACHINE"], "-cpu", conf["CONFIG_QEMU_CPU"],
           "-m", ram, "-nographic", "-no-reboot",
           "-semihosting-config", "enable=on,target=native"]
    if bios:
        cmd += ["-bios", bios, "-nic", "none"]
    else:
        cmd += ["-kernel", kernel]
    if append:
        cmd += ["-append", append]
    if swap:
        cmd += swap_drive(swap)
    if disk:
        cmd += swap_drive(disk, "disk")
    return cmd + list(extra)


def check_init(init, programs, append=""):
    """INIT='prog args': prog must be one of the initramfs's programs."""
    words = init.split()
    if not words:
        return
    if any(w.startswith("init=") for w in append.split()):
        sys.exit("*** INIT='%s' and APPEND='%s' both name the init program: give one" % (init, append))
    if words[0] not in programs:
        sys.exit("*** INIT='%s': no program '%s' in the initramfs; it holds: %s"
                 % (init, words[0], " ".join(sorted(programs))))


def check_swap_size(size):
    if not re.fullmatch(r'[1-9][0-9]{0,3}', size) or int(size) > 4096:
        sys.exit("*** SWAP_SIZE=%s: give the swap area's size in MiB, 1 to 4096" % size)


class Result:
    def __init__(self, status, output, timed_out):
        self.status = status
        self.output = output
        self.timed_out = timed_out

    def tail(self, n=15):
        return "\n".join(self.output.splitlines()[-n:])


def run_captured(cmd, timeout, echo=False, console_input=None, on_output=None):
    """Run QEMU with output captured (and echoed); kill it at the limit.

    console_input: a file descriptor (a pipe or a file, never a terminal)
    whose bytes are typed on the console as they come; the console's flow
    control holds them until the guest reads.  At its end the console gets
    a newline if the last line had none, then Ctrl-D: the shell's
    end-of-input, on which it exits and, as init, powers the machine off.
    on_output, if given, is called with all the output so far after each
    new piece of it (a test that acts on the monitor when a line shows).
    """
    env = dict(os.environ, QEMU_AUDIO_DRV="none")
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL if console_input is None else subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
                            start_new_session=True)
    out = []
    deadline = time.monotonic() + timeout
    timed_out = False
    qemu_out = proc.stdout.fileno()
    pending, last, typing = b"", b"\n", console_input is not None
    while True:
        readers = [qemu_out] + ([console_input] if typing and len(pending) < 65536 else [])
        writers = [proc.stdin] if pending else []
        r, w, _ = select.select(readers, writers, [], 0.05)
        if console_input in r:
            data = os.read(console_input, 4096)
            if data:
                pending += data
                last = data[-1:]
            else:
                typing = False
                pending += (b"" if last in (b"\n", b"\r") else b"\n") + b"\x04"
        if w:
            try:
                pending = pending[os.write(proc.stdin.fileno(), pending):]
            except BrokenPipeError:
                pending = b""
        chunk = os.read(qemu_out, 65536) if qemu_out in r else b""
        if chunk:
            text = chunk.decode("utf-8", "replace")
            out.append(text)
            if echo:
                sys.stdout.write(text)
                sys.stdout.flush()
            if on_output:
                on_output("".join(out))
        elif qemu_out in r:		# end of QEMU's output: it has exited
            proc.wait()
            break
        if time.monotonic() > deadline:
            timed_out = True
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            break
    if proc.stdin:
        try:
            proc.stdin.close()
        except BrokenPipeError:
            pass
    output = "".join(out).replace("\r\n", "\n")
    return Result(proc.returncode, output, timed_out)


def run_on_terminal(cmd, timeout=None):
    """QEMU on this terminal, which it sets raw (Ctrl-A X quits), killed at
    timeout seconds if given.  Returns (status, timed_out)."""
    env = dict(os.environ, QEMU_AUDIO_DRV="none")
    saved = termios.tcgetattr(0)
    proc = subprocess.Popen(cmd, env=env)
    try:
        return proc.wait(timeout=timeout), False
    except subprocess.TimeoutExpired:
        proc.terminate()		# QEMU puts the terminal back on SIGTERM
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        return 124, True
    finally:
        termios.tcsetattr(0, termios.TCSADRAIN, saved)


def report_status(status):
    """ANVIL_RUN_STATUS=file (scripts/run.py): the run's status, written there."""
    path = os.environ.get("ANVIL_RUN_STATUS")
    if path:
        with open(path, "w") as f:
            f.write("%d\n" % status)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--config")
    ap.add_argument("--kernel")
    ap.add_argument("--bios", metavar="BOOTLOADER")
    ap.add_argument("--disk", metavar="IMAGE")
    ap.add_argument("--ram")
    ap.add_argument("--append", default="")
    ap.add_argument("--timeout", type=float)
    ap.add_argument("--swap", metavar="IMAGE")
    ap.add_argument("--check", action="store_true",
                    help="only check --ram, --init, --swap-size (make run, before it builds)")
    ap.add_argument("--init", default="", help="with --check: INIT='prog args'")
    ap.add_argument("--programs", default="", help="with --check: the initramfs's programs")
    ap.add_argument("--swap-size", help="with --check: SWAP_SIZE in MiB")
    args = ap.parse_args()

    if args.check:
        if args.ram is not None:
            check_ram(args.ram)
        check_init(args.init, args.programs.split(), args.append)
        if args.swap_size is not None:
            check_swap_size(args.swap_size)
        return
    if not args.config:
        ap.error("--config is needed")
    if args.swap and not os.path.exists(args.swap.split(":")[-1]):
        sys.exit("*** --swap %s: no such file" % args.swap)
    if bool(args.kernel) == bool(args.bios):
        sys.exit("*** qemu.py: give --kernel, or --bios with --disk")
    for opt, path in (("--bios", args.bios), ("--disk", args.disk)):
        if path and not os.path.exists(path):
            sys.exit("*** %s %s: no such file" % (opt, path))
    cmd = command(args.config, args.kernel, args.ram, args.append, swap=args.swap,
                  bios=args.bios, disk=args.disk)
    stdin_tty = sys.stdin is not None and sys.stdin.isatty()
    limit = args.timeout or DEFAULT_TIMEOUT
    if stdin_tty:
        # The console is this terminal, with a time limit only when asked for.
        print("  QEMU    %s  (Ctrl-A X quits)" % " ".join(cmd), flush=True)
        os.environ["QEMU_AUDIO_DRV"] = "none"
        if args.timeout is None and not os.environ.get("ANVIL_RUN_STATUS"):
            os.execvp(cmd[0], cmd)
        status, timed_out = run_on_terminal(cmd, args.timeout)
        if timed_out:
            print("\n*** QEMU killed at its time limit of %g s (TIMEOUT=%g; make run TIMEOUT=<seconds> "
                  "sets another)" % (limit, limit), file=sys.stderr)
        report_status(status)
        sys.exit(status)
    # Not a terminal: what comes on stdin is typed on the console.
    feed = None if sys.stdin is None else sys.stdin.fileno()
    res = run_captured(cmd, limit, echo=True, console_input=feed)
    if res.timed_out:
        how = ("TIMEOUT=%g" % limit if args.timeout else
               "the default when stdin is not a terminal")
        print("\n*** QEMU killed at its time limit of %g s (%s; make run TIMEOUT=<seconds> "
              "sets another); last console lines:\n%s" % (limit, how, res.tail()), file=sys.stderr)
        report_status(124)
        sys.exit(124)
    report_status(res.status)
    sys.exit(res.status)


if __name__ == "__main__":
    main()
