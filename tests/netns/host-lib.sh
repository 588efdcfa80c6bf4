# SPDX-License-Identifier: GPL-2.0
#
# Host-side helpers shared by vm-run, tests/run.sh, tests/check.sh and demo.sh:
# which installed kernel serves a series, and building ipv8.ko for it.
# Source it; it defines functions and IPV8_ROOT only.

IPV8_ROOT=${IPV8_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}

# kver_for_series SERIES: print the newest kernel release of SERIES ("6.1",
# "6.12") that has both an image in /boot and a headers tree in /usr/src;
# for "debug", the release of tests/debug-kernel's kernel (built if needed).
# Releases change whenever Debian moves on, so nothing here names one.
kver_for_series() {
	local series=$1 img kver
	case $series in
	debug|*-ipv8-debug)
		# The debug-kernel lane: built from source and cached.
		kver=$(debug_kernel_dir) && cat "$kver/kernel.release"
		return
		;;
	esac
	for img in /boot/vmlinuz-"$series".*; do
		[ -e "$img" ] || continue
		kver=${img#/boot/vmlinuz-}
		# The glob's dot keeps "6.1" from matching 6.12.x releases.
		[ -d "/usr/src/linux-headers-$kver" ] || continue
		echo "$kver"
	done | sort -V | tail -n 1
}

# debug_kernel_dir: the cache directory of the debug kernel (bzImage, config,
# kernel.release, build/), built first if needed: 10-20 minutes, once.
debug_kernel_dir() {
	"$IPV8_ROOT/tests/debug-kernel/build.sh"
}

# kernel_tree, kernel_image, kernel_config KVER: the tree modules for KVER
# build against, the image to boot, its .config. The debug kernel (release
# *-ipv8-debug) lives in its cache, the others in /usr/src and /boot.
kernel_tree() {
	case $1 in
	*-ipv8-debug) echo "$(debug_kernel_dir)/build" ;;
	*) echo "/usr/src/linux-headers-$1" ;;
	esac
}
kernel_image() {
	case $1 in
	*-ipv8-debug) echo "$(debug_kernel_dir)/bzImage" ;;
	*) echo "/boot/vmlinuz-$1" ;;
	esac
}
kernel_config() {
	case $1 in
	*-ipv8-debug) echo "$(debug_kernel_dir)/config" ;;
	*) echo "/boot/config-$1" ;;
	esac
}

# module_dir KVER: the per-kernel build directory.
module_dir() {
	echo "$IPV8_ROOT/build/$1"
}

# module_path KVER: where ipv8.ko for KVER ends up.
module_path() {
	echo "$(module_dir "$1")/kernel/net/ipv8/ipv8.ko"
}

# build_module KVER [MAKE ARGS...]: build ipv8.ko for KVER in build/KVER.
build_module() {
	local kver=$1
	shift
	build_module_in "$(module_dir "$kver")" "$kver" "$@"
}

# build_module_in DIR KVER [MAKE ARGS...]: copy Kbuild and kernel/ into DIR
# and build there, so several kernels (or flag sets) build side by side
# without their object files colliding. IPV8_SRCDIR overrides the tree
# copied (for harness tests). Modules carry the load-time self-tests
# (IPV8_SELFTEST=y) unless IPV8_SELFTEST is set to something else.
build_module_in() {
	local dir=$1 kver=$2 src=${IPV8_SRCDIR:-$IPV8_ROOT}
	shift 2
	mkdir -p "$dir"
	# rsync-like refresh with cp: drop stale sources, keep objects so an
	# unchanged tree rebuilds quickly.
	cp "$src/Kbuild" "$dir/Kbuild"
	mkdir -p "$dir/kernel"
	cp -a "$src/kernel/." "$dir/kernel/"
	make -s -C "$(kernel_tree "$kver")" M="$dir" \
		IPV8_SELFTEST="${IPV8_SELFTEST-y}" "$@" modules
}

# ktap_failures FILE LANE: one line per failed top-level result of a suite's
# KTAP FILE: "[LANE] case: first failed subtest: its first diagnostic".
# A case's subtests come before its own result line.
ktap_failures() {
	awk -v lane="$2" '
	/^(not )?ok [0-9]+ / {
		if ($1 == "not") {
			name = $0
			sub(/^not ok [0-9]+ /, "", name)
			sub(/ # time=.*/, "", name)
			why = ""
			for (i = 1; i <= n; i++) {
				if (buf[i] !~ /^    not ok [0-9]+ /)
					continue
				why = buf[i]
				sub(/^    not ok [0-9]+ /, "", why)
				if (i < n && buf[i + 1] ~ /^    # /) {
					d = buf[i + 1]
					sub(/^    # /, "", d)
					why = why ": " d
				}
				break
			}
			print "[" lane "] " name (why != "" ? ": " why : "")
		}
		n = 0
		next
	}
	{ buf[++n] = $0 }' "$1"
}
