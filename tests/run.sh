#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Everything `make test` (and CI) runs, unattended:
#   1. static Go binaries (make go) and the Go integration test binary
#   2. the debug lane started in the background (see there)
#   3. go test ./go/... on the host: one result per package; then every Go
#      fuzz target for IPV8_FUZZ_EXECS inputs (default 20000); then the
#      Wireshark dissector against docs/test-vectors.json (one per vector)
#   4. for each kernel series ipv8.ko, in build/<kernel-release>/, and the
#      netns suite in a QEMU guest (tests/netns/vm-run), with the host
#      checks of cases that capture (captures kept in
#      build/logs/captures-<kernel-release>/)
# Every result line is printed prefixed by where it ran; the last line is
# exactly "N passed, N failed". Exit status is non-zero on any failure or a
# guest that did not report.
#
# Environment: IPV8_KERNEL_SERIES (default "6.1 6.12 debug"; debug is the
# KASAN/lockdep/kmemleak kernel of tests/debug-kernel), IPV8_CASES (a subset
# of case names), IPV8_SUITE_TIMEOUT (seconds per guest; default 1800, and
# 4500 for the debug kernel, which runs the same suite 3-6 times slower),
# IPV8_SERIAL_LANES (set: the debug lane waits its turn).
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
. tests/netns/host-lib.sh

SERIES=${IPV8_KERNEL_SERIES:-"6.1 6.12 debug"}
command -v go >/dev/null || export PATH=$PATH:/usr/local/go/bin
export CGO_ENABLED=0
logs=$root/build/logs
mkdir -p "$logs"

npass=0 nfail=0 nskip=0
t0=$(date +%s)
# Every failure again, with its first reason, just above the summary: CI
# keeps only the end of a run's output.
digest=$logs/failures
: >"$digest"
pass() { npass=$((npass + 1)); echo "[host] ok - $*"; }
fail() {
	nfail=$((nfail + 1))
	echo "[host] not ok - $*"
	echo "[host] $*" >>"$digest"
}
# step NAME LOG CMD...: one result for a build step; its log on failure.
step() {
	local name=$1 log=$2
	shift 2
	if "$@" >"$log" 2>&1; then
		pass "$name"
	else
		fail "$name (log: ${log#"$root"/})"
		tail -n 40 "$log" | sed 's/^/[host] # /'
		return 1
	fi
}

echo "[host] # IPv8 test run: $(date -u '+%F %T UTC'), kernels: $SERIES"

# 1. Go binaries. -k: one broken command must not hide the others.
step "build: make go" "$logs/make-go.log" make -k go
if [ -d go/internal/genl8 ]; then
	step "build: bin/genl8.test" "$logs/genl8-test.log" \
		go test -c -trimpath -o bin/genl8.test ./go/internal/genl8/
else
	rm -f bin/genl8.test
fi
step "build: bin/sock8.test" "$logs/sock8-test.log" \
	go test -c -trimpath -o bin/sock8.test ./go/internal/sock8/

# 2. The netns suite in a guest per kernel series: lane S builds S's module
# (for debug, the kernel first: built once, then cached), boots the guest
# and counts its results. A guest is one TCG process, mostly using one of
# its two vCPUs, so with two cores or more the debug lane, by far the
# longest, runs in the background from here on beside the host tests and
# the other lanes (IPV8_SERIAL_LANES=1: one after the other); its output
# is printed when it ends.
declare -A LANE_SECS
lane() {
	local s=$1 k t res con rc p f sk plan missing tmo
	t=$(date +%s)
	k=$(kver_for_series "$s")
	if [ -z "$k" ]; then
		fail "kernel $s: no installed image with headers (make deps)"
		return
	fi
	step "build: ipv8.ko for $k" "$logs/module-$k.log" build_module "$k" ||
		return
	res=$logs/suite-$k.ktap
	con=$logs/suite-$k.console
	rm -f "$res"
	tmo=1800
	[ "$s" = debug ] && tmo=4500
	tests/netns/vm-run --kernel "$k" --no-build \
		--timeout "${IPV8_SUITE_TIMEOUT:-$tmo}" \
		--results "$res" --captures "$logs/captures-$k" \
		tests/netns/run-suite.sh >"$con" 2>&1
	rc=$?
	touch "$res"
	sed "s/^/[$s] /" "$res"
	ktap_failures "$res" "$s" >>"$digest"
	# Top-level results only; nested subtests are indented.
	p=$(grep -c '^ok ' "$res")
	f=$(grep -c '^not ok ' "$res")
	sk=$(grep -c '^ok .*# SKIP' "$res")
	plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$res" | head -n 1)
	npass=$((npass + p))
	nfail=$((nfail + f))
	nskip=$((nskip + sk))
	missing=0
	if [ -n "$plan" ] && [ $((p + f)) -lt "$plan" ]; then
		missing=$((plan - p - f))
		nfail=$((nfail + missing))
		echo "[$s] # $((plan - p - f)) case(s) never reported"
		echo "[$s] $missing case(s) never reported" >>"$digest"
	fi
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		# The guest died or timed out, or the harness failed: a failure
		# of its own, with the end of the console to say why.
		[ "$missing" -eq 0 ] && nfail=$((nfail + 1))
		echo "[$s] not ok - guest $k did not complete (vm-run exit $rc)"
		echo "[$s] guest did not complete (vm-run exit $rc)" >>"$digest"
		tail -n 30 "$con" | sed "s/^/[$s] # /"
	fi
	LANE_SECS[$s]=$(($(date +%s) - t))
	echo "[$s] # lane $s: ${LANE_SECS[$s]} s (build and guest), $(grep '^vm-run:' "$con" | tail -n 1)"
}

bglane= bgpid=
if [[ " $SERIES " == *" debug "* ]] && [ "$(nproc)" -ge 2 ] &&
	[ -z "${IPV8_SERIAL_LANES:-}" ]; then
	bglane=debug
	# Its own tally, handed back in a file.
	(
		npass=0 nfail=0 nskip=0
		lane debug
		echo "$npass $nfail $nskip ${LANE_SECS[debug]:-0}" >"$logs/lane-debug.tally"
	) >"$logs/lane-debug.out" 2>&1 &
	bgpid=$!
	echo "[host] # the debug lane runs in the background (log: ${logs#"$root"/}/lane-debug.out)"
fi

# 3. Go unit tests on the host, one result per package.
t=$(date +%s)
go test ./go/... >"$logs/go-test.log" 2>&1
while IFS= read -r line; do
	set -- $line
	case $1 in
	ok) pass "go test $2" ;;
	FAIL) [ $# -ge 2 ] && fail "go test $2" ;;
	esac
done <"$logs/go-test.log"
if grep -q -- '--- FAIL\|^FAIL\|panic:\|build failed\|setup failed' "$logs/go-test.log"; then
	grep -- '--- FAIL\|build failed\|setup failed\|\.go:[0-9]' "$logs/go-test.log" |
		head -n 40 | sed 's/^/[host] # /'
fi
echo "[host] # go test took $(($(date +%s) - t))s"

# 3b. Every Go fuzz target, a bounded number of inputs each (a count, not a
# duration: time-boxed runs can end in a spurious deadline error).
t=$(date +%s)
fuzzn=${IPV8_FUZZ_EXECS:-20000}
grep -rl --include='*_test.go' '^func Fuzz' go | sort | while read -r f; do
	for fn in $(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' "$f"); do
		echo "./$(dirname "$f") $fn"
	done
done >"$logs/fuzz-targets"
while read -r pkg fn; do
	log=$logs/fuzz-${pkg//\//_}-$fn.log
	step "go fuzz $pkg $fn (${fuzzn} inputs)" "$log" \
		go test -run '^$' -fuzz "^$fn\$" -fuzztime "${fuzzn}x" "$pkg"
done <"$logs/fuzz-targets"
echo "[host] # fuzzing took $(($(date +%s) - t))s"
step "interop: dig TYPE65280 vs nslookup8" "$logs/dig-interop.log" bash tests/host/dig-interop.sh

# 3c. The Wireshark dissector (tools/wireshark/ipv8.lua) against every frame
# of docs/test-vectors.json, through tshark: one result per vector.
wslog=$logs/wireshark-vectors.log
python3 tools/wireshark/test-vectors.py >"$wslog" 2>&1
wsrc=$?
while IFS= read -r line; do
	case $line in
	"ok "*) pass "wireshark: ${line#ok * - }" ;;
	"not ok "*) fail "wireshark: ${line#not ok * - }" ;;
	"# "*) [[ $line == *"passed, "* ]] || echo "[host] $line" ;;
	esac
done <"$wslog"
if [ "$wsrc" -ne 0 ] && ! grep -q '^not ok ' "$wslog"; then
	fail "wireshark: test-vectors.py exited $wsrc (log: ${wslog#"$root"/})"
	tail -n 20 "$wslog" | sed 's/^/[host] # /'
fi

# 4. The other lanes, then the background one's results.
for s in $SERIES; do
	[ "$s" = "$bglane" ] || lane "$s"
done
# 4b. The README's first command shows what it promises (a 6.12 guest).
if [[ " $SERIES " == *" 6.12 "* ]]; then
	step "demo: make demo pings across two ASNs, frames decoded" "$logs/demo.log" \
		bash tests/host/demo-check.sh
fi
if [ -n "$bgpid" ]; then
	wait "$bgpid"
	cat "$logs/lane-debug.out"
	if read -r p f sk secs <"$logs/lane-debug.tally" 2>/dev/null; then
		npass=$((npass + p)) nfail=$((nfail + f)) nskip=$((nskip + sk))
		LANE_SECS[debug]=$secs
	else
		fail "the debug lane ended without a tally (see ${logs#"$root"/}/lane-debug.out)"
	fi
	rm -f "$logs/lane-debug.tally"
fi
[ -n "${LANE_SECS[debug]:-}" ] &&
	echo "[host] # debug lane: ${LANE_SECS[debug]}s (kernel and module build, guest)${bglane:+, beside the rest}"
echo "[host] # total $(($(date +%s) - t0))s; $nskip skipped (counted as passed)"
if [ -s "$digest" ]; then
	echo "[host] # failures ($(wc -l <"$digest")), with the first reason each:"
	head -n 30 "$digest" | cut -c1-300 | sed 's/^/[host] #   /'
fi
echo "$npass passed, $nfail failed"
[ "$nfail" -eq 0 ]
