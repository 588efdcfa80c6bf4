#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The AF_INET8 raw socket tests of go/internal/sock8 (TestKernel*) against
# the real module: socket creation and its errors, options, bind and send
# errors, deadlines and close, an echo to the socket's own address. They
# build their namespaces and links themselves.
#
#   ns sock8-XXXXXXXX (one per test, made by sock8.test)
#   +------------------------------------------+
#   | whatever each TestKernel* test sets up   |
#   +------------------------------------------+
#
# Skipped when bin/sock8.test was not built (tests/run.sh builds it).

source "${IPV8_TESTS:-$(dirname "$0")/..}/lib.sh"

cleanup() { cleanup_all_ns; }
trap cleanup EXIT

ksft_begin sock8

if ! command -v sock8.test >/dev/null; then
	log_test_skip "go/internal/sock8 kernel tests" "bin/sock8.test not built"
	echo "1..$KSFT_NUM"
	exit "$KSFT_SKIP"
fi

cd /tmp || exit 1
sock8.test -test.run Kernel -test.v >/tmp/sock8.out 2>&1
rc=$?
# One KTAP line per top-level Go test, so a failure names the test.
# (No /dev/fd in the guest: no process substitution.)
awk '/^--- (PASS|FAIL|SKIP): TestKernel/ { sub(":", "", $2); print $2, $3 }' \
	/tmp/sock8.out >/tmp/sock8.results
ran=0
while read -r verdict name; do
	ran=$((ran + 1))
	# In the guest these tests must run: a SKIP is a failure too.
	if [ "$verdict" != PASS ]; then
		awk -v t="$name" '$0 ~ "^=== RUN   "t"$" { on = 1; next }
			/^=== RUN/ && $0 !~ t { on = 0 } on' /tmp/sock8.out >/tmp/sock8.test.out
		# The first error line is the reason CI's summary keeps.
		why=$(grep -m1 -E '_test\.go:[0-9]+' /tmp/sock8.test.out | sed 's/^ *//')
		check_err 1 "$name: $verdict${why:+: $why}"
		head -n 40 /tmp/sock8.test.out | sed 's/^/# /'
	fi
	log_test "$name"
done </tmp/sock8.results

# The binary as a whole: it ran some tests and exited 0.
[ "$ran" -gt 0 ]
check_err $? "no TestKernel test reported: $(tail -n 5 /tmp/sock8.out | tr '\n' ' ')"
if [ $rc -ne 0 ]; then
	check_err $rc "sock8.test exited $rc"
	grep -E '^(FAIL|panic)|_test\.go:[0-9]+' /tmp/sock8.out | head -n 40 | sed 's/^/# /'
fi
log_test "sock8.test -test.run Kernel exits 0"

ksft_exit
