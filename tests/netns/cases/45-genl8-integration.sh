#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The Go generic netlink client's integration tests against the real module,
# run in a fresh namespace (they create their own devices).
#
#   ns A
#   +-----------------------------------+
#   | whatever genl8.test builds itself |
#   +-----------------------------------+
#
# Skipped when bin/genl8.test was not built (no go/internal/genl8 package).

source "${IPV8_TESTS:-$(dirname "$0")/..}/lib.sh"

cleanup() { cleanup_all_ns; }
trap cleanup EXIT

ksft_begin genl8-integration

if ! command -v genl8.test >/dev/null; then
	log_test_skip "go/internal/genl8 integration tests" "bin/genl8.test not built"
	echo "1..$KSFT_NUM"
	exit "$KSFT_SKIP"
fi

setup_ns A
cd /tmp || exit 1
ip netns exec "$A" env IPV8_INTEGRATION=yesreallydoit genl8.test -test.v >/tmp/genl8.out 2>&1
rc=$?
# The Go test log as diagnostics: top-level results and the netlink
# fuzzer's counts (messages sent, refused with an extack message), and on
# failure what the failing tests logged (the whole log stays in the
# guest's /tmp).
if [ $rc -ne 0 ]; then
	grep -E -- '--- FAIL|_test\.go:[0-9]+|^(FAIL|panic)' /tmp/genl8.out |
		head -n 80 | sed 's/^/# /'
else
	grep -E '^(--- |ok|PASS|FAIL)|_test\.go:[0-9]+: netlink fuzz:' /tmp/genl8.out |
		sed 's/^ *[^ ]*_test\.go:[0-9]*: /    /; s/^/# /'
fi
# The first error line is the reason CI's summary keeps, past the
# fuzzer's "netlink fuzz:" lines, which are logged on success too.
why=
[ $rc -eq 0 ] || why=$(grep -E '_test\.go:[0-9]+' /tmp/genl8.out |
	grep -m1 -v '_test\.go:[0-9]*: netlink fuzz:' | sed 's/^ *//')
check_err $rc "genl8.test exited $rc${why:+: $why}"
log_test "go/internal/genl8 integration tests"

ksft_exit
