#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# FIB8: the load-time differential self-test ran and met every outcome, and
# routes configured through ipv8ctl are chosen by longest prefix within the
# exact ASN, with "default" only for ASNs that no route names.
#
#   ns A
#   +------------------------------------------------+
#   | veth0  65001.10.0.0.1/24    (peer in ns B)     |
#   | 65002.10.1.0.0/16 via 65001.10.0.0.254         |
#   | 65002.10.1.2.0/24 via 65001.10.0.0.253         |
#   | default           via 65001.10.0.0.254         |
#   +------------------------------------------------+

source "${IPV8_TESTS:-$(dirname "$0")/..}/lib.sh"

cleanup() { cleanup_all_ns; }
trap cleanup EXIT

ksft_begin fib8

# The module in the guest is built with IPV8_SELFTEST=y; a failing self-test
# would have refused the load. Reload it to see this case's own run.
rmmod ipv8 && ipv8_load
check_err $? "reloading ipv8.ko failed"
tally=$(dmesg | grep 'ipv8: fib selftest: [0-9]* lookups' | tail -n 1)
dmesg | grep 'ipv8: fib selftest:' | tail -n 1 | grep -q 'pass$'
check_err $? "no passing FIB self-test in the kernel log"
# Every outcome met at least once: "N routed, N default, N host miss, N ASN miss".
echo "$tally" | grep -Eq ' [1-9][0-9]* routed, [1-9][0-9]* default, [1-9][0-9]* host miss, [1-9][0-9]* ASN miss'
check_err $? "self-test tally lacks an outcome: $tally"
log_test "load-time FIB self-test passed (${tally#*selftest: })"

setup_ns A B
veth_pair "$A" veth0 "$B" veth0 &&
	ipv8ctl -n "$A" link set dev veth0 ipv8 on &&
	ipv8ctl -n "$A" addr add 65001.10.0.0.1/24 dev veth0
check_err $? "setup failed"
log_test "setup"

expect_cmd 0 "" ipv8ctl -n "$A" route add 65002.10.1.0.0/16 via 65001.10.0.0.254
expect_cmd 0 "" ipv8ctl -n "$A" route add 65002.10.1.2.0/24 via 65001.10.0.0.253
expect_cmd 0 "" ipv8ctl -n "$A" route add default via 65001.10.0.0.254 metric 5
log_test "route add: prefixes and default"

# route get ADDR -> "DST via GW" (first two words and the gateway).
get() {
	ipv8ctl -n "$A" route get "$1" | awk '{print $1, $3}'
}
[ "$(get 65002.10.1.2.9)" = "65002.10.1.2.0/24 65001.10.0.0.253" ]
check_err $? "longest prefix: got '$(get 65002.10.1.2.9)'"
[ "$(get 65002.10.1.3.9)" = "65002.10.1.0.0/16 65001.10.0.0.254" ]
check_err $? "shorter prefix: got '$(get 65002.10.1.3.9)'"
[ "$(get 65003.10.1.2.9)" = "default 65001.10.0.0.254" ]
check_err $? "unnamed ASN takes default: got '$(get 65003.10.1.2.9)'"
log_test "route get: longest prefix in the exact ASN, default for others"

# ASN 65002 is named, so its uncovered hosts do not fall to default.
expect_cmd 2 "no route in the destination ASN covers the host" \
	ipv8ctl -n "$A" route get 65002.10.2.0.1
expect_cmd 0 "" ipv8ctl -n "$A" route del default
expect_cmd 2 "no route names the destination ASN" \
	ipv8ctl -n "$A" route get 65003.1.2.3.4
log_test "route get misses: host (EHOSTUNREACH), ASN (ENETUNREACH)"

expect_cmd 2 "host bits" ipv8ctl -n "$A" route add 65002.10.1.2.1/24 dev veth0
expect_cmd 2 "route exists" ipv8ctl -n "$A" route add 65002.10.1.0.0/16 via 65001.10.0.0.253
expect_cmd 0 "" ipv8ctl -n "$A" route replace 65002.10.1.0.0/16 via 65001.10.0.0.253
[ "$(get 65002.10.1.3.9)" = "65002.10.1.0.0/16 65001.10.0.0.253" ]
check_err $? "replace did not take: got '$(get 65002.10.1.3.9)'"
log_test "host bits refused, duplicate EEXIST, replace"

# Turning IPv8 off takes the link's routes with it.
expect_cmd 0 "" ipv8ctl -n "$A" link set dev veth0 ipv8 off
[ "$(ipv8ctl -n "$A" -j route show)" = "[]" ]
check_err $? "routes left after ipv8 off: $(ipv8ctl -n "$A" route show)"
log_test "ipv8 off removes the link's routes"

ksft_exit
