#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: style and static analysis, all of which must be silent.
#   - checkpatch.pl --no-tree --strict -f over kernel/**/*.[ch]
#   - module build with W=1, and with sparse (C=2: every file), against each
#     kernel series' headers: no warning lines
#   - gofmt -l go/ prints nothing; go vet ./go/... is clean
# checkpatch.pl and its data files come from Debian's linux-source tarball,
# extracted once into IPV8_CACHE (default /var/cache/ipv8), outside the tree.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
. tests/netns/host-lib.sh

SERIES=${IPV8_KERNEL_SERIES:-"6.1 6.12"}
CACHE=${IPV8_CACHE:-/var/cache/ipv8}
command -v go >/dev/null || export PATH=$PATH:/usr/local/go/bin
nfail=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; nfail=$((nfail + 1)); }
# show OUTPUT: indent a check's complaints.
show() { sed 's/^/     | /' <<<"$1" | head -n 80; }

# --- checkpatch ---------------------------------------------------------
cp_dir=$CACHE/checkpatch
if [ ! -x "$cp_dir/checkpatch.pl" ]; then
	src=$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V | tail -n 1)
	if [ -z "$src" ]; then
		bad "checkpatch: no /usr/src/linux-source-*.tar.xz (make deps)"
	else
		top=$(basename "$src" .tar.xz)
		mkdir -p "$cp_dir.tmp"
		tar -xJf "$src" -C "$cp_dir.tmp" --strip-components=2 \
			"$top/scripts/checkpatch.pl" "$top/scripts/spelling.txt" \
			"$top/scripts/const_structs.checkpatch" &&
			rm -rf "$cp_dir" && mv "$cp_dir.tmp" "$cp_dir"
	fi
fi
mapfile -t csrc < <(find kernel -name '*.[ch]' | sort)
if [ -x "$cp_dir/checkpatch.pl" ] && [ ${#csrc[@]} -gt 0 ]; then
	out=$(perl "$cp_dir/checkpatch.pl" --no-tree --strict -q --no-summary \
		--show-types -f "${csrc[@]}" 2>&1)
	if [ -z "$out" ]; then
		ok "checkpatch --strict: ${#csrc[@]} files clean"
	else
		bad "checkpatch --strict: $(grep -cE '^(ERROR|WARNING|CHECK):' <<<"$out") complaints"
		show "$out"
	fi
fi

# --- W=1 and sparse per kernel ------------------------------------------
# warnings WORDS: lines that are compiler/sparse diagnostics.
warnings() {
	grep -E 'warning:|error:|Error |: note:' | grep -v '^Skipping BTF generation'
}

# analyse KVER LABEL MAKE-ARGS...: a from-scratch build of the test module
# (self-tests included) in its own directory, since these flags differ from
# the test build's; it must exit 0 with no diagnostic line.
analyse() {
	local k=$1 label=$2 dir=$root/build/check-$1 out rc w
	shift 2
	rm -rf "$dir"
	out=$(build_module_in "$dir" "$k" "$@" 2>&1)
	rc=$?
	w=$(warnings <<<"$out")
	if [ $rc -eq 0 ] && [ -z "$w" ]; then
		ok "$label for $k: no warnings"
	else
		bad "$label for $k (exit $rc)"
		show "${w:-$out}"
	fi
}
for s in $SERIES; do
	k=$(kver_for_series "$s")
	if [ -z "$k" ]; then
		bad "kernel $s: no image with headers installed"
		continue
	fi
	analyse "$k" "W=1 build" W=1
	analyse "$k" "sparse (C=2)" C=2
done

# --- Go -------------------------------------------------------------------
out=$(gofmt -l go/ 2>&1)
if [ -z "$out" ]; then ok "gofmt -l go/: nothing to reformat"; else bad "gofmt -l go/"; show "$out"; fi
out=$(go vet ./go/... 2>&1)
if [ $? -eq 0 ] && [ -z "$out" ]; then ok "go vet ./go/...: clean"; else bad "go vet ./go/..."; show "$out"; fi

if [ $nfail -eq 0 ]; then
	echo "check: all clean"
else
	echo "check: $nfail check(s) failed"
fi
[ $nfail -eq 0 ]
