#!/usr/bin/python3
"""Boot an Anvil image in QEMU: interactively (make run) or as a test.

The machine and CPU come from the board's Kconfig (CONFIG_QEMU_MACHINE,
CONFIG_QEMU_CPU), so a new board needs no change here; so does a machine's
one accepted RAM size (CONFIG_QEMU_RAM), when it has one: --ram then goes
to the kernel as "mem=" instead.  Every run that is
not an interactive terminal session has a time limit; a run that hits it
is killed and reported with the last console lines.

  qemu.py --config .config --kernel anvil.bin [--ram 64M] [--append ARGS]
          [--timeout SECONDS] [--swap IMAGE]
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
import shutil
import signal
import subprocess
import sys
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


def check_ram(ram):
    """RAM= as QEMU's -m takes it: MiB, or with an M or G suffix."""
    m = re.fullmatch(r'([1-9][0-9]*)([MG]?)', ram)
    if not m:
        sys.exit("*** RAM=%s: give a size like 64M or 1G" % ram)
    mib = int(m.group(1)) * (1024 if m.group(2) == "G" else 1)
    if not 4 <= mib <= 768:
        sys.exit("*** RAM=%s: Anvil runs with 4M to 768M of RAM" % ram)
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


def swap_drive(image, drive_id="swap"):
    """QEMU options for a virtio-blk drive on virtio-mmio, errors reported to the guest."""
    return ["-global", "virtio-mmio.force-legacy=false",
            "-drive", "if=none,id=%s,format=raw,rerror=report,werror=report,file=%s" % (drive_id, image),
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


class Result:
    def __init__(self, status, output, timed_out):
        self.status = status
        self.output = output
        self.timed_out = timed_out

    def tail(self, n=15):
        return "\n".join(self.output.splitlines()[-n:])


def run_captured(cmd, timeout, echo=False):
    """Run QEMU with output captured (and echoed); kill it at the limit."""
    env = dict(os.environ, QEMU_AUDIO_DRV="none")
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, env=env, start_new_session=True)
    out = []
    deadline = time.monotonic() + timeout
    timed_out = False
    os.set_blocking(proc.stdout.fileno(), False)
    while True:
        chunk = proc.stdout.read()
        if chunk:
            text = chunk.decode("utf-8", "replace")
            out.append(text)
            if echo:
                sys.stdout.write(text)
                sys.stdout.flush()
        if proc.poll() is not None:
            rest = proc.stdout.read()
            if rest:
                out.append(rest.decode("utf-8", "replace"))
                if echo:
                    sys.stdout.write(out[-1])
            break
        if time.monotonic() > deadline:
            timed_out = True
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            break
        time.sleep(0.02)
    output = "".join(out).replace("\r\n", "\n")
    return Result(proc.returncode, output, timed_out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--config", required=True)
    ap.add_argument("--kernel")
    ap.add_argument("--bios", metavar="BOOTLOADER")
    ap.add_argument("--disk", metavar="IMAGE")
    ap.add_argument("--ram")
    ap.add_argument("--append", default="")
    ap.add_argument("--timeout", type=float)
    ap.add_argument("--swap", metavar="IMAGE")
    args = ap.parse_args()

    if args.swap and not os.path.exists(args.swap.split(":")[-1]):
        sys.exit("*** --swap %s: no such file" % args.swap)
    if bool(args.kernel) == bool(args.bios):
        sys.exit("*** qemu.py: give --kernel, or --bios with --disk")
    for opt, path in (("--bios", args.bios), ("--disk", args.disk)):
        if path and not os.path.exists(path):
            sys.exit("*** %s %s: no such file" % (opt, path))
    cmd = command(args.config, args.kernel, args.ram, args.append, swap=args.swap,
                  bios=args.bios, disk=args.disk)
    interactive = sys.stdin.isatty() and args.timeout is None
    if interactive:
        print("  QEMU    %s  (Ctrl-A X quits)" % " ".join(cmd), flush=True)
        os.environ["QEMU_AUDIO_DRV"] = "none"
        os.execvp(cmd[0], cmd)
    res = run_captured(cmd, args.timeout or DEFAULT_TIMEOUT, echo=True)
    if res.timed_out:
        print("\n*** QEMU killed after %gs (TIMEOUT=); last console lines:\n%s"
              % (args.timeout or DEFAULT_TIMEOUT, res.tail()), file=sys.stderr)
        sys.exit(124)
    sys.exit(res.status)


if __name__ == "__main__":
    main()
