#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build.sh: build (once) the debug kernel of the debug-kernel lane and print
# its cache directory, which holds
#
#   bzImage         the kernel vm-run boots
#   config          its .config
#   kernel.release  its `uname -r` (6.12.N-ipv8-debug)
#   build/          the built tree: make -C DIR/build M=... builds modules
#   build.log, build-seconds
#
# The kernel is Debian's linux-source-6.12 configured by `make tinyconfig`,
# `make kvm_guest.config` and tests/debug-kernel/config.fragment. The cache
# lives outside the checkout, at $IPV8_DEBUG_KERNEL_CACHE (default
# /var/cache/ipv8/debug-kernel), in a directory named by the sha256 of the
# fragment and the source package's version: a second run, or a machine that
# built it before, does no rebuild. Progress goes to stderr; exit non-zero
# with the reason on any failure. IPV8_DEBUG_KERNEL_JOBS (default 2) sets
# make -j.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
fragment=$here/config.fragment
tarball=/usr/src/linux-source-6.12.tar.xz
base=${IPV8_DEBUG_KERNEL_CACHE:-/var/cache/ipv8/debug-kernel}
jobs=${IPV8_DEBUG_KERNEL_JOBS:-2}

die() { echo "debug-kernel: $*" >&2; exit 1; }
say() { echo "debug-kernel: $*" >&2; }

[ -r "$tarball" ] || die "$tarball missing: install linux-source-6.12 (sudo tests/deps.sh)"
version=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null) ||
	die "linux-source-6.12 is not installed as a package (sudo tests/deps.sh)"
key=$({ cat "$fragment"; echo "linux-source-6.12 $version"; } | sha256sum | cut -c1-64)
cache=$base/$key

if [ -f "$cache/ok" ]; then
	echo "$cache"
	exit 0
fi

mkdir -p "$base" || die "cannot create $base"
# One builder at a time; a waiter finds the finished cache.
exec 9>"$base/.lock"
if ! flock -n 9; then
	say "another build is running; waiting for it"
	flock 9
fi
if [ -f "$cache/ok" ]; then
	echo "$cache"
	exit 0
fi

for t in make gcc bc bison flex perl cpio xz; do
	command -v "$t" >/dev/null || die "$t is missing (sudo tests/deps.sh)"
done
for h in /usr/include/libelf.h /usr/include/openssl/ssl.h; do
	[ -e "$h" ] || die "$h is missing: install libelf-dev/libssl-dev (sudo tests/deps.sh)"
done

# A half-finished directory (no "ok") is from a failed or killed run.
rm -rf "$cache"
mkdir -p "$cache/build"
log=$cache/build.log
t0=$(date +%s)
say "building linux-source-6.12 $version in $cache (log: $log); takes 10-20 min"
tar -xJf "$tarball" -C "$cache/build" --strip-components=1 ||
	die "unpacking $tarball failed"
cd "$cache/build"

# run CMD...: into the log; on failure, its end and a clear error.
run() {
	if ! nice -n 10 "$@" >>"$log" 2>&1; then
		tail -n 40 "$log" >&2
		die "'$*' failed (log: $log)"
	fi
}
run make tinyconfig
run make kvm_guest.config
run scripts/kconfig/merge_config.sh -m .config "$fragment"
run make olddefconfig

# Every "=value" and "is not set" line of the fragment must have survived
# Kconfig's dependency resolution: a silently dropped KASAN is no lane.
bad=0
while IFS= read -r line; do
	case $line in
	CONFIG_*=*)
		opt=${line%%=*}
		have=$(grep -m1 "^$opt=" .config || echo "# $opt is not set")
		;;
	"# CONFIG_"*" is not set")
		opt=${line#\# }
		opt=${opt%% *}
		grep -q "^$opt=" .config &&
			have=$(grep -m1 "^$opt=" .config) || have=$line
		;;
	*) continue ;;
	esac
	if [ "$have" != "$line" ]; then
		echo "debug-kernel: wanted '$line', .config has '$have'" >&2
		bad=1
	fi
done <"$fragment"
[ "$bad" = 0 ] || die "the configuration lost options of $fragment (see above)"

say "configured; compiling (nice -n 10 make -j$jobs)"
run make -j"$jobs"
run make modules_prepare
[ -f arch/x86/boot/bzImage ] && [ -f Module.symvers ] ||
	die "make finished without bzImage or Module.symvers (log: $log)"
make -s kernelrelease >"$cache/kernel.release"
cp arch/x86/boot/bzImage "$cache/bzImage"
cp .config "$cache/config"
# Object files are not needed to build external modules (M=); the host
# tools under scripts/ and tools/ (fixdep, modpost, objtool) are.
find . \( -path ./scripts -o -path ./tools \) -prune -o -name '*.o' -type f -print0 |
	xargs -0 rm -f
echo $(($(date +%s) - t0)) >"$cache/build-seconds"
touch "$cache/ok"
say "built $(cat "$cache/kernel.release") in $(cat "$cache/build-seconds")s"
echo "$cache"
