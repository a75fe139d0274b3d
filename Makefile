# SPDX-License-Identifier: GPL-2.0-only
# Anvil: the one entry point.  Kbuild conventions; `make help` lists targets.
#
#   make <board>_defconfig   write .config (and include/generated/autoconf.h)
#   make                     build the kernel image
#   make run / make test     boot the board / run every test
#   make O=dir ... V=1       out-of-tree build, full commands
#
# The build is one non-recursive make: each directory's Makefile fragment
# lists its objects as obj-y / obj-$(CONFIG_X) relative to itself.

MAKEFLAGS += -rR --no-print-directory
.SUFFIXES:

srctree := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
ifeq ($(O),)
objtree := $(CURDIR)
else
objtree := $(abspath $(O))
$(shell mkdir -p $(objtree))
endif
export srctree objtree

ifeq ($(V),1)
Q :=
else
Q := @
endif
# $(call cmd,x): print quiet_cmd_x (or the full cmd_x with V=1), then run cmd_x.
cmd = @$(if $(Q),printf '  %s\n' "$(quiet_cmd_$(1))";,printf '%s\n' '$(cmd_$(1))';) $(cmd_$(1))
unquote = $(patsubst "%",%,$(1))

PYTHON := /usr/bin/python3
KCONFIG := $(PYTHON) $(srctree)/scripts/kconfig.py
KCONFIG_CONFIG := $(objtree)/.config
export KCONFIG_CONFIG
DEFAULT_DEFCONFIG := qemu_virt_defconfig
BOARDS := $(patsubst %_defconfig,%,$(notdir $(wildcard $(srctree)/configs/*_defconfig)))

config-targets := menuconfig guiconfig oldconfig olddefconfig savedefconfig \
	allnoconfig allyesconfig alldefconfig randconfig listnewconfig %_defconfig
no-tools-targets := help clean distclean mrproper test-list
goals := $(or $(MAKECMDGOALS),all)

# Check for (and as root install) the Debian packages a target needs.
ifneq ($(filter-out $(no-tools-targets),$(goals)),)
need := kconfig
ifneq ($(filter-out $(config-targets),$(goals)),)
need += build user
endif
ifneq ($(filter run test footprint swapbench,$(goals)),)
need += build user
need += qemu swap
endif
ifneq ($(filter test hosttest bench soak,$(goals)),)
need += hostlibs
endif
ifneq ($(filter test footprint,$(goals)),)
need += plot
endif
ifneq ($(filter image test,$(goals))$(filter u-boot,$(BOOT)),)
need += build user swap image
endif
ifneq ($(filter test,$(goals))$(filter u-boot,$(BOOT)),)
need += u-boot
endif
ifneq ($(shell $(srctree)/scripts/ensure-tools.sh $(need) >&2 && echo ok),ok)
$(error missing tools, see above)
endif
endif

# Mixed goals (`make qemu_virt_defconfig all`): run them one by one, in order.
ifneq ($(filter $(config-targets),$(goals)),)
ifneq ($(filter-out $(config-targets),$(goals)),)
mixed := 1
endif
ifneq ($(words $(filter $(config-targets),$(goals))),1)
mixed := 1
endif
endif

ifeq ($(mixed),1)
$(goals): __sequential ; @:
__sequential:
	$(Q)set -e; for t in $(goals); do $(MAKE) -f $(srctree)/Makefile $$t; done
.PHONY: __sequential $(goals)
else

.DEFAULT_GOAL := all
.PHONY: all help clean distclean mrproper run image fuzz test test-list hosttest bench footprint footprint-diff swapbench \
	FORCE $(config-targets)

# ---------------------------------------------------------------- Kconfig
%_defconfig:
	$(Q)if [ ! -f $(srctree)/configs/$@ ]; then \
		echo "*** No board '$*'. Boards: $(BOARDS)" >&2; \
		echo "*** Use: make <board>_defconfig, e.g. make $(DEFAULT_DEFCONFIG)" >&2; exit 1; fi
	$(Q)$(KCONFIG) defconfig $(srctree)/configs/$@

menuconfig guiconfig oldconfig olddefconfig savedefconfig allnoconfig \
allyesconfig alldefconfig listnewconfig:
	$(Q)$(KCONFIG) $@

randconfig:
	$(Q)$(KCONFIG) randconfig $(SEED)

# The rest needs a configuration: the default board's when there is none.
# make test configures its own builds under .test/.
AUTOCONF := $(objtree)/include/generated/autoconf.h
AUTO_CONF := $(objtree)/include/generated/auto.conf
ifeq ($(filter $(config-targets) $(no-tools-targets) test test-list hosttest bench footprint footprint-diff swapbench,$(goals)),)
ifeq ($(wildcard $(KCONFIG_CONFIG)),)
$(info *** No .config: using $(DEFAULT_DEFCONFIG))
$(shell srctree=$(srctree) KCONFIG_CONFIG=$(KCONFIG_CONFIG) \
	$(KCONFIG) defconfig $(srctree)/configs/$(DEFAULT_DEFCONFIG) >&2)
endif
# The symbols below (obj-$(CONFIG_X), the CPU, swap) come from auto.conf,
# which syncconfig writes together with autoconf.h, never from .config
# itself: a .config edited by hand may hold values Kconfig changes (a symbol
# whose dependency went away).  auto.conf is a makefile with a rule, so make
# remakes it first when .config changed, then reads everything again.
include $(AUTO_CONF)
else
-include $(KCONFIG_CONFIG)
endif

KCONFIG_FILES := $(shell find $(srctree) -name 'Kconfig*' -not -path '$(srctree)/.*' \
	-not -path '$(objtree)/.*' 2>/dev/null)

# syncconfig refuses invalid values; autoconf.h changes only when its text does.
# File times have the kernel's tick granularity, so a .config edited in the
# same tick as the last syncconfig looks no newer: compare the text too,
# with the copy syncconfig last accepted.
AUTOCONF_USED := $(objtree)/include/generated/config.used
ifneq ($(shell cmp -s $(KCONFIG_CONFIG) $(AUTOCONF_USED) && echo same),same)
$(AUTO_CONF): FORCE
endif
$(AUTO_CONF): $(KCONFIG_CONFIG) $(KCONFIG_FILES)
	$(Q)$(KCONFIG) syncconfig
	$(Q)cp $(KCONFIG_CONFIG) $(AUTOCONF_USED)
$(AUTOCONF): $(AUTO_CONF) ;

# ---------------------------------------------------------------- toolchain
CROSS_COMPILE ?= arm-none-eabi-
CC      := $(CROSS_COMPILE)gcc
OBJCOPY := $(CROSS_COMPILE)objcopy
NM      := $(CROSS_COMPILE)nm
SIZE    := $(CROSS_COMPILE)size

BOARD   := $(call unquote,$(CONFIG_BOARD))
ARM_CPU := $(call unquote,$(CONFIG_ARM_CPU))

KBUILD_CPPFLAGS := -nostdinc -isystem $(shell $(CC) -print-file-name=include) \
	-I$(srctree)/include -I$(srctree)/arch/arm/include -I$(objtree)/include \
	-include $(AUTOCONF)
KBUILD_CFLAGS := -std=gnu11 -mcpu=$(ARM_CPU) -marm -mfloat-abi=soft -mno-unaligned-access \
	-ffreestanding -fno-builtin -fno-common -fno-strict-aliasing \
	-fno-pic -fno-stack-protector -fno-omit-frame-pointer -fno-tree-loop-distribute-patterns \
	--param=min-pagesize=0 -fno-toplevel-reorder -O2 -g \
	-Wall -Wextra -Werror -Wno-unused-parameter -Wmissing-prototypes -Wstrict-prototypes
KBUILD_AFLAGS := -mcpu=$(ARM_CPU) -marm -mfloat-abi=soft -D__ASSEMBLER__ -g
LDFLAGS := -nostdlib -static -Wl,--build-id=none -Wl,-z,noexecstack -Wl,--no-warn-rwx-segments
# The link map (anvil.map) says which object every byte of the image comes from.
LDMAP = -Wl,-Map=$(objtree)/anvil.map
LIBGCC = $(shell $(CC) -mcpu=$(ARM_CPU) -marm -mfloat-abi=soft -print-libgcc-file-name)

# ---------------------------------------------------------------- objects
# Every object compiled into this tree, one path a line (make clean reads it).
BUILT_OBJECTS := $(objtree)/.built-objects
kernel-dirs := arch/arm kernel mm drivers lib
objs :=
define include-dir
obj-y :=
include $(srctree)/$(1)/Makefile
objs += $$(addprefix $(1)/,$$(obj-y))
endef
$(foreach d,$(kernel-dirs),$(eval $(call include-dir,$(d))))
kobjs := $(addprefix $(objtree)/,$(objs))

# ---------------------------------------------------------------- user programs
prog-y :=
ulib-y :=
include $(srctree)/user/Makefile
uprogs := $(addprefix $(objtree)/user/,$(prog-y))
ulib := $(addprefix $(objtree)/user/,$(ulib-y))
uobjs := $(addsuffix .o,$(uprogs)) $(ulib)
INITRAMFS := $(objtree)/user/initramfs.cpio

USER_CFLAGS := -std=gnu11 -mcpu=$(ARM_CPU) -mthumb -mfloat-abi=soft --specs=nano.specs \
	-Os -g -ffunction-sections -fdata-sections -Wall -Wextra -Werror \
	-I$(srctree)/include/uapi -I$(srctree)/user/lib
USER_LDFLAGS := -nostartfiles -static -Wl,--gc-sections -Wl,--build-id=none \
	-Wl,--no-warn-rwx-segments -T $(srctree)/user/user.lds

# Objects also depend on their compiler flags (which name the board's CPU):
# one flags file for the kernel's, one for the user programs', each
# rewritten only when its text changes.  Defined before any rule uses them:
# make expands a rule's prerequisites when it reads the rule.
FLAGS_STAMP := $(objtree)/include/generated/kbuild-flags
USER_FLAGS_STAMP := $(objtree)/include/generated/user-flags
$(FLAGS_STAMP): FORCE
	@mkdir -p $(dir $@)
	@echo '$(CC) $(KBUILD_CPPFLAGS) $(KBUILD_CFLAGS) $(KBUILD_AFLAGS) $(LDFLAGS) $(LDMAP)' > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@
$(USER_FLAGS_STAMP): FORCE
	@mkdir -p $(dir $@)
	@echo '$(CC) $(USER_CFLAGS) $(USER_LDFLAGS)' > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@

quiet_cmd_ucc = CC [U]  $(patsubst $(objtree)/%,%,$@)
      cmd_ucc = $(CC) $(USER_CFLAGS) -MMD -MP -c -o $@ $<
quiet_cmd_uld = LD [U]  $(patsubst $(objtree)/%,%,$@)
      cmd_uld = $(CC) $(USER_CFLAGS) $(USER_LDFLAGS) -o $@ $< $(ulib)
quiet_cmd_strip = STRIP   $(patsubst $(objtree)/%,%,$@)
      cmd_strip = $(OBJCOPY) --strip-all $< $@
quiet_cmd_cpio = CPIO    $(patsubst $(objtree)/%,%,$@)
      cmd_cpio = $(PYTHON) $(srctree)/scripts/mkinitramfs.py $@ $(urootfs) $(badelf)
# The initramfs holds stripped copies; user/<prog> keeps its debug info.
urootfs := $(addprefix $(objtree)/user/rootfs/,$(prog-y))

uobjs-S := $(patsubst $(srctree)/%.S,$(objtree)/%.o,$(wildcard $(patsubst $(objtree)/%.o,$(srctree)/%.S,$(uobjs))))
$(filter-out $(uobjs-S),$(uobjs)): $(objtree)/user/%.o: $(srctree)/user/%.c $(USER_FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(call cmd,ucc)
	@echo $@ >> $(BUILT_OBJECTS)
$(uobjs-S): $(objtree)/user/%.o: $(srctree)/user/%.S $(USER_FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(call cmd,ucc)
	@echo $@ >> $(BUILT_OBJECTS)
$(uprogs): %: %.o $(ulib) $(srctree)/user/user.lds $(USER_FLAGS_STAMP)
	$(call cmd,uld)
$(urootfs): $(objtree)/user/rootfs/%: $(objtree)/user/%
	@mkdir -p $(dir $@)
	$(call cmd,strip)
# Corrupt copies of hello that execve must refuse (user/t_harden.c).
badelf := $(addprefix $(objtree)/user/rootfs/,bad-memsz0 bad-memsz-huge bad-filesz)
quiet_cmd_badelf = BADELF  $(patsubst $(objtree)/%,%,$(dir $@))bad-*
      cmd_badelf = $(PYTHON) $(srctree)/scripts/mkbadelf.py $< $(dir $@)
$(badelf) &: $(objtree)/user/rootfs/hello $(srctree)/scripts/mkbadelf.py
	$(call cmd,badelf)
$(INITRAMFS): $(urootfs) $(badelf) $(srctree)/scripts/mkinitramfs.py
	$(call cmd,cpio)
$(objtree)/kernel/initramfs_data.o: $(INITRAMFS)
$(objtree)/kernel/initramfs_data.o: KBUILD_AFLAGS += -DINITRAMFS_PATH='"$(INITRAMFS)"'

VERSION_H := $(objtree)/include/generated/version.h
ANVIL_VERSION := $(shell cd $(srctree) && git describe --always --dirty --tags 2>/dev/null || echo unknown)

quiet_cmd_cc = CC      $(patsubst $(objtree)/%,%,$@)
      cmd_cc = $(CC) $(KBUILD_CPPFLAGS) $(KBUILD_CFLAGS) -MMD -MP -c -o $@ $<
quiet_cmd_as = AS      $(patsubst $(objtree)/%,%,$@)
      cmd_as = $(CC) $(KBUILD_CPPFLAGS) $(KBUILD_AFLAGS) -MMD -MP -c -o $@ $<
quiet_cmd_cpp_lds = LDS     $(patsubst $(objtree)/%,%,$@)
      cmd_cpp_lds = $(CC) -E -P -x c $(KBUILD_CPPFLAGS) -D__ASSEMBLER__ -MMD -MP -MT $@ -o $@ $<
quiet_cmd_link = LD      $(patsubst $(objtree)/%,%,$@)
      cmd_link = $(CC) $(LDFLAGS) $(LDMAP) -T $(LDS) -o $@ $(kobjs) $(LIBGCC)
quiet_cmd_objcopy = OBJCOPY $(patsubst $(objtree)/%,%,$@)
      cmd_objcopy = $(OBJCOPY) -O binary $< $@

$(objtree)/%.o: $(srctree)/%.c $(AUTOCONF) $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(call cmd,cc)
	@echo $@ >> $(BUILT_OBJECTS)
$(objtree)/%.o: $(srctree)/%.S $(AUTOCONF) $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(call cmd,as)
	@echo $@ >> $(BUILT_OBJECTS)

# The version header is rewritten only when `git describe` changes.
$(VERSION_H): FORCE
	@mkdir -p $(dir $@)
	@echo '#define ANVIL_VERSION "$(ANVIL_VERSION)"' > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@
$(objtree)/kernel/version.o: $(VERSION_H)

LDS := $(objtree)/arch/arm/kernel/anvil.lds
$(LDS): $(srctree)/arch/arm/kernel/anvil.lds.S $(AUTOCONF) $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(call cmd,cpp_lds)

$(objtree)/anvil.elf: $(kobjs) $(LDS) $(FLAGS_STAMP)
	$(call cmd,link)
$(objtree)/anvil.bin: $(objtree)/anvil.elf
	$(call cmd,objcopy)

all: $(objtree)/anvil.bin

-include $(kobjs:.o=.d) $(uobjs:.o=.d) $(LDS:=.d) $(LDS:.lds=.d)

# ---------------------------------------------------------------- run, test
QEMU_RUN_BOARD := $(PYTHON) $(srctree)/scripts/qemu.py --config $(KCONFIG_CONFIG) \
	$(if $(RAM),--ram $(RAM)) $(if $(TIMEOUT),--timeout $(TIMEOUT))
QEMU_RUN := $(QEMU_RUN_BOARD) --kernel $(objtree)/anvil.bin

# With CONFIG_SWAP=y every run gets a fresh swap area: $(objtree)/swap.img,
# SWAP_SIZE MiB (default CONFIG_SWAP_SIZE_MB) formatted by util-linux mkswap
# (in /sbin, off a normal user's PATH), attached as a virtio-blk drive
# (CONFIG_VIRTIO_BLK: a board with no virtio transport runs without).
ifeq ($(CONFIG_VIRTIO_BLK),y)
SWAP_SIZE ?= $(CONFIG_SWAP_SIZE_MB)
SWAP_IMG := $(objtree)/swap.img
MKSWAP := $(firstword $(wildcard /sbin/mkswap /usr/sbin/mkswap) $(shell command -v mkswap 2>/dev/null))
quiet_cmd_mkswap = MKSWAP  $(patsubst $(objtree)/%,%,$(SWAP_IMG)) ($(SWAP_SIZE) MiB)
      cmd_mkswap = rm -f $(SWAP_IMG) && truncate -s $(SWAP_SIZE)M $(SWAP_IMG) && \
		chmod 600 $(SWAP_IMG) && $(MKSWAP) -q $(SWAP_IMG)
endif

# make run checks RAM=, INIT= and SWAP_SIZE= before it builds anything:
# INIT's program must be one of the initramfs's (prog-y).
shquote = '$(subst ','\'',$(1))'
ifneq ($(filter run image,$(goals)),)
run-check := $(shell $(PYTHON) $(srctree)/scripts/qemu.py --check $(if $(RAM),--ram=$(call shquote,$(RAM))) \
	--init=$(call shquote,$(INIT)) --programs='$(prog-y)' --append=$(call shquote,$(APPEND)) \
	$(if $(SWAP_SIZE),--swap-size=$(call shquote,$(SWAP_SIZE))) >&2 && echo ok)
ifneq ($(run-check),ok)
$(error make run: nothing built or booted, see above)
endif
endif

# INIT='prog args' runs prog as init.  The kernel's own words (APPEND) come
# first: everything after " -- " is init's, so "APPEND init=prog -- args".
run-append := $(strip $(APPEND) $(if $(INIT),init=$(firstword $(INIT))$(if $(word 2,$(INIT)), -- $(wordlist 2,$(words $(INIT)),$(INIT)))))

# make image: the board's disk image, $(objtree)/image/disk.img (scripts/mkimage.py):
# an MBR, a FAT boot partition with Anvil as a FIT image (anvil.itb) and a
# U-Boot boot script holding the command line (APPEND=, INIT=), and with
# CONFIG_SWAP a swap partition of SWAP_SIZE MiB formatted by mkswap.
IMAGE_DIR := $(objtree)/image
UBOOT := $(call unquote,$(CONFIG_BOARD_UBOOT))
UBOOT_BIN := $(if $(UBOOT),/usr/lib/u-boot/$(UBOOT)/u-boot.bin)
image: all
	$(Q)$(PYTHON) $(srctree)/scripts/mkimage.py --config $(KCONFIG_CONFIG) --kernel $(objtree)/anvil.bin \
		--out $(IMAGE_DIR) --append $(call shquote,$(run-append)) $(if $(SWAP_SIZE),--swap-mib $(SWAP_SIZE))

ifeq ($(BOOT),u-boot)
# make run BOOT=u-boot: the board's U-Boot (Debian's u-boot-qemu) boots the image.
run: image
	$(Q)if [ -z "$(UBOOT_BIN)" ]; then echo "*** $(BOARD): Debian ships no U-Boot that runs this board in QEMU;" \
		"it boots with -kernel only (make run without BOOT=). make image built $(IMAGE_DIR)/disk.img." >&2; exit 2; fi
	$(Q)$(QEMU_RUN_BOARD) --bios $(UBOOT_BIN) --disk $(IMAGE_DIR)/disk.img
else
ifneq ($(BOOT),)
$(error BOOT=$(BOOT): give BOOT=u-boot, or no BOOT= for QEMU's -kernel)
endif
run: all
ifeq ($(CONFIG_VIRTIO_BLK),y)
	$(Q)if [ -z "$(MKSWAP)" ]; then \
		echo "*** mkswap not found (util-linux): sudo apt-get install -y util-linux" >&2; exit 1; fi
	$(call cmd,mkswap)
endif
	$(Q)$(QEMU_RUN) $(if $(run-append),--append $(call shquote,$(run-append))) $(if $(SWAP_IMG),--swap $(SWAP_IMG))
endif

# make fuzz SEED=n COUNT=n: the seeded syscall fuzzer (user/fuzz.c) as init,
# a long run; it ends with KTAP, "leaks N", and make's status.
fuzz:
	$(Q)$(MAKE) -f $(srctree)/Makefile run INIT='fuzz $(or $(SEED),1) $(or $(COUNT),100000)' \
		TIMEOUT=$(or $(TIMEOUT),1800)


# make test T='<name or glob> ...' BOARD=<board> V=1: a part of the tests, on
# one board, showing each check's commands and output; T=list lists them.
# The sub-makes must not inherit this make's command line (BOARD=, T=).
test test-list:
	$(Q)env -u MAKEFLAGS -u MAKEOVERRIDES -u MFLAGS -u MAKELEVEL \
		$(PYTHON) $(srctree)/scripts/test.py $(if $(filter 1,$(V)),--verbose) \
		$(if $(filter test-list,$@),--select list,$(if $(T),--select '$(T)')) \
		$(if $(filter command line,$(origin BOARD)),--board '$(BOARD)') $(if $(filter 1,$(FULL)),--full)

# make footprint: builds its own configs under footprint.build/<board>/ and
# writes footprint.{json,md,png,svg} there (see scripts/footprint.py).
# The sub-makes must not inherit this make's command line (BOARD=, CONFIGS=).
footprint:
	$(Q)env -u MAKEFLAGS -u MAKEOVERRIDES -u MFLAGS -u MAKELEVEL $(PYTHON) \
		$(srctree)/scripts/footprint.py --out $(objtree) \
		--board $(or $(BOARD),$(patsubst %_defconfig,%,$(DEFAULT_DEFCONFIG))) \
		$(if $(CONFIGS),--configs '$(CONFIGS)') $(if $(WORKLOADS),--workloads '$(WORKLOADS)') \
		$(if $(QUICK),--quick) $(if $(JOBS),--jobs $(JOBS))

# make swapbench: the reclaim benchmark, reclaim through each rmap design on a
# small RAM; builds (shared with make footprint) and writes swapbench.json
# and swapbench.md here (see scripts/swapbench.py).
swapbench:
	$(Q)env -u MAKEFLAGS -u MAKEOVERRIDES -u MFLAGS -u MAKELEVEL $(PYTHON) \
		$(srctree)/scripts/swapbench.py --out $(objtree) \
		--board $(or $(BOARD),$(patsubst %_defconfig,%,$(DEFAULT_DEFCONFIG))) \
		$(if $(CONFIGS),--configs '$(CONFIGS)') $(if $(CASES),--cases '$(CASES)') \
		$(if $(RUNS),--runs $(RUNS)) $(if $(JOBS),--jobs $(JOBS))

# make footprint-diff A=old B=new: bloat-o-meter style diff of two images
# (ELF files, or config names of the last make footprint).
footprint-diff:
	$(Q)$(if $(and $(A),$(B)),,echo "*** usage: make footprint-diff A=old.elf B=new.elf" >&2; exit 1;) \
	$(PYTHON) $(srctree)/scripts/bloat.py --build-dir $(objtree)/footprint.build/$(or $(BOARD),$(patsubst %_defconfig,%,$(DEFAULT_DEFCONFIG))) '$(A)' '$(B)'

hosttest bench soak:
	$(Q)$(MAKE) -f $(srctree)/tests/host/Makefile srctree=$(srctree) objtree=$(objtree) \
		$(if $(filter hosttest,$@),run,$@)
	$(if $(filter bench,$@),$(Q)objtree=$(objtree) $(PYTHON) $(srctree)/scripts/bench.py)

help:
	@echo 'Configuration:'
	@echo '  <board>_defconfig  - .config for a board: $(BOARDS)'
	@echo '  menuconfig         - terminal menus (Kconfiglib); guiconfig needs python3-tk'
	@echo '  oldconfig          - ask about new options; olddefconfig takes their defaults'
	@echo '  savedefconfig      - minimal config to ./defconfig'
	@echo '  allnoconfig allyesconfig alldefconfig'
	@echo '  randconfig         - random config; SEED=n replays one'
	@echo '  listnewconfig      - options .config has not set yet'
	@echo 'Build and run:'
	@echo '  all (default)      - anvil.elf and anvil.bin'
	@echo '  run                - boot in QEMU (RAM=64M, APPEND="...", TIMEOUT=s); Ctrl-A X quits'
	@echo '                       with CONFIG_SWAP, a fresh swap.img of SWAP_SIZE=<MiB> is attached'
	@echo "                       INIT='tree 16 1' runs that program as init; stdin, if not a"
	@echo "                       terminal, is typed on the console; scripts/run.py exits with init's status"
	@echo '  image              - image/disk.img: MBR, FAT with a FIT image and boot.scr, swap partition'
	@echo '  run BOOT=u-boot    - boot image/disk.img with the board'"'"'s U-Boot (qemu_virt)'
	@echo '  fuzz               - seeded syscall fuzzer as init: SEED=n COUNT=n (default 1, 100000)'
	@echo '  test               - host unit tests and a QEMU boot of every defconfig'
	@echo "                       T='flows qemu_virt/*' or T=host/swap-debug/rmap_random_model: a part;"
	@echo '                       BOARD=vexpress_a9: that board only; V=1: commands and output'
	@echo '  test-list          - the names T= selects (also make test T=list)'
	@echo '                       FULL=1: the whole per-board set on every board, not only qemu_virt and vexpress_a9'
	@echo '  hosttest           - only the host unit tests (ASan, UBSan)'
	@echo '  bench              - host benchmarks of mm/, forkbench and per-child RAM in QEMU'
	@echo '  soak               - the rmap model run, SOAK_STEPS (5000000) per design'
	@echo '  footprint          - image size and RAM of each config, measured in QEMU:'
	@echo '                       footprint.build/<board>/footprint.{json,md,png,svg} (BOARD=, CONFIGS=, WORKLOADS=, QUICK=1)'
	@echo '  footprint-diff     - A=old.elf B=new.elf (or config names): symbol size diff'
	@echo '  swapbench          - swap-out/in and rmap walks under reclaim, chain vs legacy vs zram:'
	@echo "                       swapbench.json/.md (BOARD=, CONFIGS=, CASES='tree 64 1@8M', RUNS=3)"
	@echo '  clean / distclean  - remove build outputs (never a source) / also .config and reports'
	@echo 'Options: O=dir (out-of-tree build), V=1 (full commands)'
	@echo 'Default board (no .config): $(DEFAULT_DEFCONFIG)'

# clean removes what the build wrote, by name, never by walking a directory:
# in tree the objects sit beside the sources they come from.  Every object
# (and its .d) is named in $(BUILT_OBJECTS) as it is compiled, whatever the
# config was, so a board switch leaves none behind.
# It keeps .config and what syncconfig wrote; distclean removes those too,
# and the reports of make footprint and make swapbench.
clean-files := $(addprefix $(objtree)/,anvil.elf anvil.bin anvil.map swap.img \
	include/generated/version.h include/generated/kbuild-flags include/generated/user-flags) \
	$(LDS) $(LDS:.lds=.d) $(uprogs) $(INITRAMFS)
clean-trees := $(addprefix $(objtree)/,user/rootfs tests/host/obj footprint.build swapbench.swap image \
	.test .bench build-host)
distclean-files := $(addprefix $(objtree)/,.config .config.old defconfig \
	footprint.json footprint.md footprint.svg swapbench.json swapbench.md)
# Out of tree, the directories the build made go too, when nothing else is in them.
clean:
	$(Q)if [ -f $(BUILT_OBJECTS) ]; then sort -u $(BUILT_OBJECTS) | \
		while read -r o; do rm -f "$$o" "$${o%.o}.d"; done; rm -f $(BUILT_OBJECTS); fi
	$(Q)rm -f $(clean-files) $(filter-out %.c %.h,$(wildcard $(objtree)/tests/host/test-* $(objtree)/tests/host/bench-*))
	$(Q)rm -rf $(clean-trees)
ifneq ($(objtree),$(srctree))
	$(Q)for d in $(wildcard $(sort $(foreach d,$(kernel-dirs) user tests,$(objtree)/$(firstword $(subst /, ,$(d)))))); do \
		find $$d -depth -type d -empty -delete; done
endif

distclean mrproper: clean
	$(Q)rm -f $(distclean-files)
	$(Q)rm -rf $(objtree)/include/generated
ifeq ($(objtree),$(srctree))
	$(Q)rm -rf $(srctree)/scripts/__pycache__
else
	$(Q)rmdir $(objtree)/include $(objtree)/tests 2>/dev/null || true
endif

FORCE:
endif
