#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Anvil's Kconfig front end, on Debian's python3-kconfiglib.

Every command that changes the configuration writes $KCONFIG_CONFIG (.config)
and include/generated/autoconf.h next to it, so the build never sees one
without the other.

  kconfig.py defconfig FILE     kconfig.py randconfig [SEED]
  kconfig.py olddefconfig | savedefconfig | allnoconfig | allyesconfig |
             alldefconfig | listnewconfig | oldconfig | menuconfig | guiconfig
  kconfig.py syncconfig         check .config strictly, refresh autoconf.h and
                                auto.conf (the values the Makefile reads)

Run with /usr/bin/python3: that interpreter's dist-packages hold kconfiglib.
"""
import os
import random
import subprocess
import sys

srctree = os.environ.get("srctree") or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.environ["srctree"] = srctree
config = os.path.abspath(os.environ.get("KCONFIG_CONFIG", ".config"))
objtree = os.path.dirname(config)
autoconf = os.path.join(objtree, "include", "generated", "autoconf.h")
auto_conf = os.path.join(objtree, "include", "generated", "auto.conf")
kconfig_top = os.path.join(srctree, "Kconfig")

try:
    import kconfiglib
except ImportError:
    sys.exit("*** kconfiglib missing: apt-get install -y python3-kconfiglib (and run with /usr/bin/python3)")


def load(strict=False):
    kconf = kconfiglib.Kconfig(kconfig_top, warn_to_stderr=False)
    if os.path.exists(config):
        load_config(kconf, config)
    return kconf


def load_config(kconf, path, unknown_is_error=False):
    """Load a .config or defconfig; name each assignment to a symbol Kconfig
    does not have (a typo would otherwise vanish: CONFIG_SWAPP=n leaves swap
    on).  In a .config it is a warning and the line is dropped; in a
    defconfig file, a board's recipe, it stops the command."""
    kconf.load_config(path)
    name = os.path.relpath(path) if path != config else ".config"
    for sym, val in kconf.missing_syms:
        print("*** %s: CONFIG_%s=%s: no such Kconfig symbol, %s" % (
            name, sym, val, "refused" if unknown_is_error else "ignored"), file=sys.stderr)
    if unknown_is_error and kconf.missing_syms:
        sys.exit("*** %s names symbols this tree does not have" % name)


def write_if_changed(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    try:
        with open(path) as f:
            if f.read() == text:
                return
    except FileNotFoundError:
        pass
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.replace(path + ".tmp", path)


def header_text(kconf):
    tmp = autoconf + ".gen"
    os.makedirs(os.path.dirname(autoconf), exist_ok=True)
    kconf.write_autoconf(tmp)
    with open(tmp) as f:
        text = f.read()
    os.remove(tmp)
    return text


def save(kconf, quiet=False):
    tmp = config + ".gen"
    kconf.write_config(tmp, save_old=False)
    with open(tmp) as f:
        text = f.read()
    os.remove(tmp)
    write_if_changed(config, text)
    write_if_changed(autoconf, header_text(kconf))
    if not quiet:
        print("  GEN     %s" % os.path.relpath(config))


def problems(kconf):
    """Warnings that mean .config asks for something Kconfig will not give."""
    for sym in kconf.unique_defined_syms:
        sym.str_value  # evaluating reports out-of-range values
    for choice in kconf.unique_choices:
        choice.str_value
    return [w for w in kconf.warnings if "set more than once" not in w]


def randconfig(kconf, seed):
    """Pick every visible symbol and choice at random, in menu order.

    Several passes, because a choice made late can make earlier symbols
    visible.  Int and hex symbols take a random value inside their range."""
    rng = random.Random(seed)
    kconf.unset_values()
    for _ in range(4):
        for node in kconf.node_iter():
            item = node.item
            if isinstance(item, kconfiglib.Choice):
                syms = [s for s in item.syms if s.visibility]
                if syms:
                    rng.choice(syms).set_value(2)
                continue
            if not isinstance(item, kconfiglib.Symbol) or not item.visibility:
                continue
            if item.orig_type in (kconfiglib.BOOL, kconfiglib.TRISTATE):
                if item.choice is None and item.assignable:
                    item.set_value(rng.choice(item.assignable))
            elif item.orig_type in (kconfiglib.INT, kconfiglib.HEX):
                rng_ = active_range(item)
                if rng_:
                    low, high = rng_
                    val = rng.randint(low, high)
                    item.set_value(str(val) if item.orig_type == kconfiglib.INT else hex(val))


def active_range(sym):
    base = 16 if sym.orig_type == kconfiglib.HEX else 10
    for low, high, cond in sym.ranges:
        if kconfiglib.expr_value(cond):
            return int(low.str_value, base), int(high.str_value, base)
    return None


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd in ("menuconfig", "guiconfig", "oldconfig"):
        if cmd == "menuconfig" and not sys.stdout.isatty():
            sys.exit("*** make menuconfig needs a terminal")
        rc = subprocess.call([sys.executable, "-m", cmd, kconfig_top])
        if rc == 0 and os.path.exists(config):
            kconf = load()
            write_if_changed(autoconf, header_text(kconf))
        sys.exit(rc)

    if cmd == "listnewconfig":
        kconf = load()
        for sym in kconf.unique_defined_syms:
            if sym.visibility and sym.user_value is None and sym.type != kconfiglib.UNKNOWN \
                    and sym.choice is None and sym.nodes[0].prompt:
                print("CONFIG_%s=%s" % (sym.name, sym.str_value))
        return

    kconf = kconfiglib.Kconfig(kconfig_top, warn_to_stderr=False)
    if cmd == "defconfig":
        load_config(kconf, args[0], unknown_is_error=True)
        bad = problems(kconf)
        if bad:
            sys.exit("*** %s:\n%s" % (args[0], "\n".join(bad)))
        save(kconf)
    elif cmd == "syncconfig":
        load_config(kconf, config)
        bad = problems(kconf)
        if bad:
            print("*** %s has values Kconfig refuses:" % config, file=sys.stderr)
            for w in bad:
                print("    " + w, file=sys.stderr)
            sys.exit("*** Fix them (make menuconfig), or accept the defaults with make olddefconfig")
        # New options take their defaults, as Linux's syncconfig does.
        save(kconf, quiet=True)
        # auto.conf: the values the Makefile reads (obj-$(CONFIG_X)), as
        # Kconfig resolved them.  Rewritten every time, after .config, so
        # that make sees it newer than .config and does not ask again.
        tmp = auto_conf + ".tmp"
        kconf.write_config(tmp, header="# Written by syncconfig from .config; do not edit\n",
                           save_old=False)
        os.replace(tmp, auto_conf)
    elif cmd in ("olddefconfig", "alldefconfig"):
        if cmd == "olddefconfig" and os.path.exists(config):
            load_config(kconf, config)
        save(kconf)
    elif cmd == "savedefconfig":
        load_config(kconf, config)
        out = os.path.join(objtree, "defconfig")
        kconf.write_min_config(out)
        print("  GEN     %s" % os.path.relpath(out))
    elif cmd == "allnoconfig":
        kconf.warn = False
        for sym in kconf.unique_defined_syms:
            sym.set_value(0 if sym.orig_type in (kconfiglib.BOOL, kconfiglib.TRISTATE) else sym.str_value)
        for sym in kconf.unique_defined_syms:  # allnoconfig_y symbols stay on
            if sym.is_allnoconfig_y:
                sym.set_value(2)
        save(kconf)
    elif cmd == "allyesconfig":
        kconf.warn = False
        for _ in range(3):
            for sym in kconf.unique_defined_syms:
                if sym.orig_type in (kconfiglib.BOOL, kconfiglib.TRISTATE) and sym.choice is None:
                    sym.set_value(2)
            for choice in kconf.unique_choices:
                choice.set_value(2)
        save(kconf)
    elif cmd == "randconfig":
        seed = int(args[0], 0) if args and args[0] else random.SystemRandom().randrange(1 << 32)
        randconfig(kconf, seed)
        print("  KCONFIG_SEED=%d (replay with SEED=%d)" % (seed, seed))
        save(kconf)
    else:
        sys.exit("*** unknown kconfig command '%s'" % cmd)


if __name__ == "__main__":
    main()
