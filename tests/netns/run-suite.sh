#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-suite.sh [CASE...]: run in a vm-run guest; runs every case script in
# cases/ (or the named ones; IPV8_CASES="a b" does the same through vm-run)
# and prints KTAP: "TAP version 13", "1..N", then per case its subtests
# indented by four spaces and one "ok N name" / "not ok N name" line.
# The same KTAP goes to $IPV8_RESULTS, which vm-run's guest init sends to
# the host over ttyS1. Exit 0 when every case passed or skipped.
# A case's captures go to $IPV8_CAPTURES_ROOT/NAME (as $IPV8_CAPTURES); a
# cases/NAME.host.sh beside it is not a case but its host check (vm-run).
#
#   tests/netns/vm-run --kernel 6.1 tests/netns/run-suite.sh
set -u

here=$(cd "$(dirname "$0")" && pwd)
results=${IPV8_RESULTS:-/dev/null}
case_timeout=${IPV8_CASE_TIMEOUT:-900}
: >"$results"

[ $# -gt 0 ] || set -- ${IPV8_CASES:-}
# Guest cases only: cases/NN-name.host.sh are their host-side checks.
all=()
for f in "$here"/cases/*.sh; do
	case $f in *.host.sh) ;; *) all+=("$f") ;; esac
done
cases=()
if [ $# -gt 0 ]; then
	for c in "$@"; do
		f=
		for g in "${all[@]}"; do
			case ${g##*/} in *"$c"*) f=$g; break ;; esac
		done
		[ -n "$f" ] && cases+=("$f") || echo "# run-suite: no case matches $c" >&2
	done
else
	cases=("${all[@]}")
fi

emit() { echo "$*"; echo "$*" >>"$results"; }

# The debug kernel (tests/debug-kernel) has kmemleak without its scanning
# thread: a scan before the first case forgets what boot left behind, one
# after each case blames it for new unreferenced objects, and a last test
# (after the 5 s kmemleak waits before reporting an object) catches the
# rest and any KASAN, UBSAN, lockdep or RCU report outside the cases.
kml=/sys/kernel/debug/kmemleak
[ -w "$kml" ] || kml=
extra=0
if [ -n "$kml" ]; then
	extra=1
	# Ten times slower than the cloud kernels: fewer lifecycle cycles
	# (each is an insmod with self-tests) and more time per case.
	export IPV8_LIFECYCLE_CYCLES=${IPV8_LIFECYCLE_CYCLES:-5}
	case_timeout=${IPV8_CASE_TIMEOUT:-1800}
fi
# kmemleak_new: scan, print the new leak reports, forget them.
kmemleak_new() {
	echo scan >"$kml"
	cat "$kml"
	echo clear >"$kml"
}

# nest: indent a case's KTAP by four spaces, line by line as it comes.
nest() {
	local line
	while IFS= read -r line; do
		case $line in
		KTAP*|TAP*|"ok "*|"not ok "*|1..*|"#"*) ;;
		*) line="# $line" ;;
		esac
		emit "    $line"
	done
}

# guest-init made a capture directory named after this script: unused.
[ -z "${IPV8_CAPTURES:-}" ] || rmdir "$IPV8_CAPTURES" 2>/dev/null
emit "TAP version 13"
emit "1..$((${#cases[@]} + extra))"
emit "# kernel $(uname -r)"
n=0 nfail=0
carry=
if [ -n "$kml" ]; then
	# Boot's own objects are not ours; those of ipv8.ko's load are.
	boot_leaks=$(kmemleak_new)
	if grep -q '\[ipv8\]' <<<"$boot_leaks"; then
		carry=$boot_leaks
	elif [ -n "$boot_leaks" ]; then
		emit "# kmemleak: $(grep -c '^unreferenced object' <<<"$boot_leaks") object(s) from boot, not counted"
	fi
fi
for c in "${cases[@]}"; do
	n=$((n + 1))
	name=$(basename "$c" .sh)
	# A case may have unloaded the module; every case starts with it in.
	[ -d /sys/module/ipv8 ] || insmod "$IPV8_KO" || emit "# run-suite: insmod failed"
	# Each case's captures in a directory of its own, which vm-run brings
	# back to the host for the case's host check (cases/NAME.host.sh).
	export IPV8_CAPTURES=${IPV8_CAPTURES_ROOT:-/tmp/ipv8-captures}/$name
	mkdir -p "$IPV8_CAPTURES"
	start=$(date +%s)
	# Subtest lines indented (nested KTAP); anything else a case prints
	# becomes a diagnostic so the stream stays valid KTAP.
	timeout -s TERM "$case_timeout" bash "$c" 2>&1 | nest
	rc=${PIPESTATUS[0]}
	secs=$(($(date +%s) - start))
	if [ -n "$kml" ] && leaks=$(kmemleak_new) && [ -n "$leaks" ]; then
		sed 's/^/    # kmemleak: /' <<<"$leaks" | head -n 60 | while IFS= read -r l; do emit "$l"; done
		emit "not ok $n $name # kmemleak: $(grep -c '^unreferenced object' <<<"$leaks") new unreferenced object(s)"
		nfail=$((nfail + 1))
		continue
	fi
	case $rc in
	0) emit "ok $n $name # time=${secs}s" ;;
	4) emit "ok $n $name # SKIP" ;;
	143|124) emit "not ok $n $name # TIMEOUT after ${case_timeout}s"; nfail=$((nfail + 1)) ;;
	*) emit "not ok $n $name # exit=$rc time=${secs}s"; nfail=$((nfail + 1)) ;;
	esac
done
if [ -n "$kml" ]; then
	n=$((n + 1))
	sleep 6
	leaks=$carry$(kmemleak_new)
	. "$here/lib.sh"
	# kmemleak's own lines ("N new suspected memory leaks") were judged above.
	bad=$(dmesg | grep -E "$KMSG_BAD" | grep -v 'kmemleak: ')
	if [ -n "$leaks$bad" ]; then
		{ sed 's/^/    # kmemleak: /' <<<"$leaks"; sed 's/^/    # kmsg: /' <<<"$bad"; } |
			grep -v '^    # [a-z]*: $' | head -n 80 | while IFS= read -r l; do emit "$l"; done
		emit "not ok $n debug-kernel-reports"
		nfail=$((nfail + 1))
	else
		emit "ok $n debug-kernel-reports"
	fi
fi
emit "# $((n - nfail)) passed, $nfail failed"
[ "$nfail" -eq 0 ]
