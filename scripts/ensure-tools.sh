#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Make sure the Debian packages a build step needs are here.
# Usage: ensure-tools.sh [kconfig] [build] [qemu] [user] [swap] [hostlibs] [plot] [image] [u-boot]
# As root, missing packages are installed with apt-get; otherwise this prints
# the one apt-get line to run and fails.
missing=""
need() { # need <test command...> -- <package>
	pkg=$1; shift
	"$@" >/dev/null 2>&1 || missing="$missing $pkg"
}
for what in "$@"; do
	case $what in
	kconfig) need python3-kconfiglib /usr/bin/python3 -c 'import kconfiglib' ;;
	build)   need gcc-arm-none-eabi command -v arm-none-eabi-gcc ;;
	user)    need libnewlib-arm-none-eabi test -f /usr/lib/arm-none-eabi/include/stdio.h ;;
	qemu)    need qemu-system-arm command -v qemu-system-arm ;;
	hostlibs) need liblz4-dev test -f /usr/include/lz4.h ;;
	swap)    need util-linux sh -c 'command -v mkswap || test -x /sbin/mkswap || test -x /usr/sbin/mkswap' ;;
	plot)    need python3-matplotlib /usr/bin/python3 -c 'import matplotlib' ;;
	image)   need genimage command -v genimage
	         need u-boot-tools command -v mkimage
	         need device-tree-compiler command -v dtc
	         need mtools command -v mcopy
	         need dosfstools sh -c 'command -v mkdosfs || test -x /sbin/mkdosfs || test -x /usr/sbin/mkdosfs'
	         need cpio command -v cpio ;;
	u-boot)  need u-boot-qemu test -f /usr/lib/u-boot/qemu_arm/u-boot.bin ;;
	esac
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
	echo "*** Installing:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2 && apt-get install -y -qq $missing >&2 && exit 0
	echo "*** apt-get failed to install:$missing" >&2
	exit 1
fi
echo "*** Missing packages:$missing. Install them with:" >&2
echo "    sudo apt-get install -y$missing" >&2
exit 1
