#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install everything the project needs to build, test and run its lab, from
# Debian's archive. Idempotent: a second run only refreshes the package lists
# and installs nothing new. Kernels are resolved at install time, because old
# kernel ABI versions leave the archive: for each LTS series we take the newest
# cloud image for which a matching headers package exists.
set -euo pipefail

SERIES=${IPV8_KERNEL_SERIES:-"6.1 6.12"}
export DEBIAN_FRONTEND=noninteractive

if [ "$(id -u)" != 0 ]; then
	echo "deps: must run as root (apt-get)" >&2
	exit 1
fi

apt_opts=(-y -q --no-install-recommends -o Dpkg::Use-Pty=0)
apt-get update -q >/dev/null

# newest_kernel SERIES: print the ABI string (e.g. 6.12.117+deb12-cloud-amd64)
# of the newest cloud kernel of SERIES that has both image and headers.
newest_kernel() {
	local re=${1//./\\.}
	comm -12 \
		<(apt-cache search --names-only "^linux-image-${re}\.[0-9].*-cloud-amd64\$" |
			sed -n 's/^linux-image-\([^ ]*\) .*/\1/p' | sort) \
		<(apt-cache search --names-only "^linux-headers-${re}\.[0-9].*-cloud-amd64\$" |
			sed -n 's/^linux-headers-\([^ ]*\) .*/\1/p' | sort) |
		sort -V | tail -n 1
}

pkgs=(
	build-essential bc kmod xz-utils zstd cpio flex bison libelf-dev libssl-dev
	qemu-system-x86 busybox-static
	iproute2 iputils-ping tcpdump tshark jq bind9-dnsutils sparse perl python3 gnuplot-nox
	dnsperf nsd
	linux-source-6.12
)
for s in $SERIES; do
	v=$(newest_kernel "$s")
	if [ -z "$v" ]; then
		echo "deps: no cloud kernel with headers found for Linux $s" >&2
		exit 1
	fi
	echo "deps: Linux $s -> $v"
	pkgs+=("linux-image-$v" "linux-headers-$v")
done

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "deps: installing ${missing[*]}"
	apt-get install "${apt_opts[@]}" "${missing[@]}" >/dev/null
fi
echo "deps: all present"
