#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-suite.sh [CASE...]: run in a vm-run guest; runs every case script in
# cases/ (or the named ones; IPV8_CASES="a b" does the same through vm-run)
# and prints KTAP: "TAP version 13", "1..N", then per case its subtests
# indented by four spaces and one "ok N name" / "not ok N name" line.
# The same KTAP goes to $IPV8_RESULTS, which vm-run's guest init sends to
# the host over ttyS1. Exit 0 when every case passed or skipped.
#
#   tests/netns/vm-run --kernel 6.1 tests/netns/run-suite.sh
set -u

here=$(cd "$(dirname "$0")" && pwd)
results=${IPV8_RESULTS:-/dev/null}
case_timeout=${IPV8_CASE_TIMEOUT:-900}
: >"$results"

[ $# -gt 0 ] || set -- ${IPV8_CASES:-}
cases=()
if [ $# -gt 0 ]; then
	for c in "$@"; do
		f=$(ls "$here/cases/"*"$c"*.sh 2>/dev/null | head -n 1)
		[ -n "$f" ] && cases+=("$f") || echo "# run-suite: no case matches $c" >&2
	done
else
	cases=("$here"/cases/*.sh)
fi

emit() { echo "$*"; echo "$*" >>"$results"; }

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

emit "TAP version 13"
emit "1..${#cases[@]}"
emit "# kernel $(uname -r)"
n=0 nfail=0
for c in "${cases[@]}"; do
	n=$((n + 1))
	name=$(basename "$c" .sh)
	# A case may have unloaded the module; every case starts with it in.
	[ -d /sys/module/ipv8 ] || insmod "$IPV8_KO" || emit "# run-suite: insmod failed"
	start=$(date +%s)
	# Subtest lines indented (nested KTAP); anything else a case prints
	# becomes a diagnostic so the stream stays valid KTAP.
	timeout -s TERM "$case_timeout" bash "$c" 2>&1 | nest
	rc=${PIPESTATUS[0]}
	secs=$(($(date +%s) - start))
	case $rc in
	0) emit "ok $n $name # time=${secs}s" ;;
	4) emit "ok $n $name # SKIP" ;;
	143|124) emit "not ok $n $name # TIMEOUT after ${case_timeout}s"; nfail=$((nfail + 1)) ;;
	*) emit "not ok $n $name # exit=$rc time=${secs}s"; nfail=$((nfail + 1)) ;;
	esac
done
emit "# $((n - nfail)) passed, $nfail failed"
[ "$nfail" -eq 0 ]
