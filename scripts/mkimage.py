#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""make image: a bootable disk image of a board, as a board's SD card or disk.

  mkimage.py --config .config --kernel anvil.bin --out DIR [--append ARGS]
             [--swap-mib N]

Writes into DIR (make image: <build>/image/):

  anvil.its, anvil.itb   the FIT image (u-boot-tools' mkimage -f): the kernel,
                         loaded at the board's RAM base + TEXT_OFFSET
                         (CONFIG_BOARD_RAM_BASE, <asm/memory.h>), and no
                         device tree: on qemu_virt U-Boot hands on the one
                         QEMU gave it, the other boards are booted with ATAGs
  boot.cmd, boot.scr     the U-Boot boot script (mkimage -T script) that
                         distro boot finds on the boot partition: the kernel
                         command line (--append), then loads and boots the FIT
  swap.img               with CONFIG_SWAP, a swap area (util-linux mkswap)
                         of --swap-mib MiB (default CONFIG_SWAP_SIZE_MB)
  genimage.cfg, disk.img the disk (Debian's genimage, with dosfstools' mkdosfs
                         and mtools' mcopy for the FAT): an MBR, partition 1
                         FAT (type 0x0c, bootable) at 1 MiB holding anvil.itb
                         and boot.scr, partition 2 the swap area (type 0x82),
                         which the kernel finds by its type

Every tool it runs is named with its output when it fails.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemu  # noqa: E402

srctree = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BOOT_PART_MIB = 8


def text_offset():
    """TEXT_OFFSET of <asm/memory.h>: where in RAM the kernel image goes."""
    with open(os.path.join(srctree, "arch", "arm", "include", "asm", "memory.h")) as f:
        m = re.search(r'^#define\s+TEXT_OFFSET\s+UL\((0x[0-9a-fA-F]+)\)', f.read(), re.M)
    if not m:
        sys.exit("*** mkimage: no TEXT_OFFSET in <asm/memory.h>")
    return int(m.group(1), 16)


def tool(*names):
    """The first of names found on PATH or in /sbin, /usr/sbin (mkdosfs, mkswap)."""
    for n in names:
        for d in ("", "/usr/sbin/", "/sbin/"):
            p = shutil.which(d + n) if d else shutil.which(n)
            if p:
                return p
    sys.exit("*** mkimage: %s not found (scripts/ensure-tools.sh image installs it)" % names[0])


def run(cmd, cwd=None):
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode:
        sys.exit("*** mkimage: %s failed (status %d):\n%s" % (" ".join(cmd), p.returncode,
                                                              "\n".join(p.stdout.splitlines()[:10])))
    return p.stdout


def its(conf, load):
    board = conf["CONFIG_BOARD"]
    return """/dts-v1/;

/ {
	description = "Anvil for %(board)s";
	#address-cells = <1>;

	images {
		kernel {
			description = "Anvil kernel (%(cpu)s)";
			data = /incbin/("anvil.bin");
			type = "kernel";
			arch = "arm";
			os = "linux";
			compression = "none";
			load = <0x%(load)08x>;
			entry = <0x%(load)08x>;
			hash-1 {
				algo = "crc32";
			};
		};
	};

	configurations {
		default = "anvil";
		anvil {
			description = "Anvil on %(board)s";
			kernel = "kernel";
		};
	};
};
""" % {"board": board, "cpu": conf["CONFIG_ARM_CPU"], "load": load}


def boot_cmd(append):
    # U-Boot's hush: single quotes keep the line as it is.
    if "'" in append:
        sys.exit("*** mkimage: the command line may not hold a single quote: %s" % append)
    return """# Anvil's boot script (scripts/mkimage.py), run by U-Boot's distro boot
# from the boot partition it found it on.
setenv bootargs '%s'
load ${devtype} ${devnum}:${distro_bootpart} ${kernel_addr_r} anvil.itb
# The FIT's configuration by name (U-Boot's default lookup wants a device
# tree in it); the device tree U-Boot runs on (QEMU's, on virt) goes to
# the kernel, with /chosen/bootargs and /memory filled in by bootm.
bootm ${kernel_addr_r}#anvil - ${fdtcontroladdr}
""" % append


def genimage_cfg(swap):
    cfg = """# The board's disk image (scripts/mkimage.py), for Debian's genimage.
image boot.vfat {
	vfat {
		label = "ANVIL"
		files = { "anvil.itb", "boot.scr" }
	}
	size = %dM
}

image disk.img {
	hdimage {
		partition-table-type = "mbr"
	}
	partition boot {
		partition-type = 0x0c
		bootable = "true"
		offset = 1M
		image = "boot.vfat"
	}
""" % BOOT_PART_MIB
    if swap:
        cfg += """	partition swap {
		partition-type = 0x82
		image = "swap.img"
	}
"""
    return cfg + "}\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--config", required=True)
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--append", default="")
    ap.add_argument("--swap-mib", type=int)
    a = ap.parse_args()

    conf = qemu.read_config(a.config)
    if "CONFIG_BOARD_RAM_BASE" not in conf:
        sys.exit("*** mkimage: %s has no CONFIG_BOARD_RAM_BASE" % a.config)
    swap = conf.get("CONFIG_SWAP") == "y"
    swap_mib = a.swap_mib or int(conf.get("CONFIG_SWAP_SIZE_MB", "0") or 0)
    if swap and not 1 <= swap_mib <= 4096:
        sys.exit("*** mkimage: SWAP_SIZE=%s: give the swap partition's size in MiB, 1 to 4096" % swap_mib)
    load = int(conf["CONFIG_BOARD_RAM_BASE"], 16) + text_offset()

    out = os.path.abspath(a.out)
    inp = os.path.join(out, "input")
    os.makedirs(inp, exist_ok=True)
    shutil.copyfile(a.kernel, os.path.join(inp, "anvil.bin"))
    # dtc finds /incbin/ files beside the .its.
    with open(os.path.join(inp, "anvil.its"), "w") as f:
        f.write(its(conf, load))
    run([tool("mkimage"), "-f", "anvil.its", "anvil.itb"], cwd=inp)
    with open(os.path.join(out, "boot.cmd"), "w") as f:
        f.write(boot_cmd(a.append))
    run([tool("mkimage"), "-A", "arm", "-O", "linux", "-T", "script", "-C", "none", "-n", "Anvil boot script",
         "-d", os.path.join(out, "boot.cmd"), os.path.join(inp, "boot.scr")])
    if swap:
        qemu.make_swap_image(os.path.join(inp, "swap.img"), swap_mib)
    with open(os.path.join(out, "genimage.cfg"), "w") as f:
        f.write(genimage_cfg(swap))

    # genimage empties its tmppath: give it one of its own.
    tmp, root = os.path.join(out, "genimage.tmp"), os.path.join(out, "genimage.root")
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(root, exist_ok=True)
    run([tool("genimage"), "--config", os.path.join(out, "genimage.cfg"), "--rootpath", root,
         "--tmppath", tmp, "--inputpath", inp, "--outputpath", out,
         "--mkdosfs", tool("mkdosfs", "mkfs.vfat"), "--mcopy", tool("mcopy"), "--mmd", tool("mmd")])
    shutil.rmtree(tmp, ignore_errors=True)
    for f in ("anvil.its", "anvil.itb", "boot.scr"):
        shutil.copyfile(os.path.join(inp, f), os.path.join(out, f))
    print("  IMAGE   %s (FAT: anvil.itb at 0x%08x, boot.scr%s)" % (
        os.path.join(out, "disk.img"), load, "; swap partition %d MiB" % swap_mib if swap else ""))


if __name__ == "__main__":
    main()
