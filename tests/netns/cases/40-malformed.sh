#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Malformed and refused requests get the agreed exit status and message,
# and change nothing.
#
#   ns A
#   +--------------------------------+
#   | veth0 ======== veth1           |
#   | ipv8 on        ipv8 off        |
#   | 65001.10.0.0.1/24              |
#   +--------------------------------+
#
# Exit statuses: 255 usage (bad address, unknown command), 1 unknown device
# or object, 2 kernel refused (EOPNOTSUPP with IPv8 off, EEXIST).

source "${IPV8_TESTS:-$(dirname "$0")/..}/lib.sh"

cleanup() { cleanup_all_ns; }
trap cleanup EXIT

ksft_begin malformed

setup_ns A
ip -n "$A" link add veth0 type veth peer name veth1 &&
	ip -n "$A" link set veth0 up && ip -n "$A" link set veth1 up &&
	ipv8ctl -n "$A" link set veth0 ipv8 on &&
	ipv8ctl -n "$A" addr add 65001.10.0.0.1/24 dev veth0
check_err $? "setup failed"
log_test "setup"

C=(ipv8ctl -n "$A")

expect_cmd 255 '"300"' "${C[@]}" addr add 65001.300.0.0.1/24 dev veth0
expect_cmd 255 'Error: invalid prefix "65001.300.0.0.1/24": octet "300" is above 255.' \
	"${C[@]}" addr add 65001.300.0.0.1/24 dev veth0
log_test "octet above 255: exit 255 naming 300"

expect_cmd 255 "" "${C[@]}" addr add 65001.10.0.0.1/33 dev veth0
expect_cmd 255 "" "${C[@]}" addr add 4294967296.10.0.0.1/24 dev veth0
expect_cmd 255 "" "${C[@]}" addr add 65001.010.0.0.1 dev veth0
expect_cmd 255 "" "${C[@]}" addr add 65001.10.0.0.1/24
expect_cmd 255 "" "${C[@]}" addr frobnicate
log_test "other usage errors: exit 255"

expect_cmd 1 'Cannot find device "veth9"' "${C[@]}" addr add 65001.10.0.0.9/24 dev veth9
expect_cmd 1 'Cannot find device "veth9"' "${C[@]}" link set veth9 ipv8 on
log_test "unknown device: exit 1, Cannot find device"

expect_cmd 1 'Object "foo" is unknown, try "ipv8ctl help".' "${C[@]}" foo
log_test "unknown object: exit 1"

expect_cmd 2 "Error: " "${C[@]}" addr add 65001.10.1.0.1/24 dev veth1
log_test "addr add with IPv8 off: exit 2 with an error message"

expect_cmd 2 "Error: " "${C[@]}" addr add 65001.10.0.0.1/24 dev veth0
log_test "duplicate addr add: exit 2"

# Routing prefix 0 is IPv4's business: refused, by the CLI or the kernel.
run_cmd "${C[@]}" addr add 10.0.0.1/24 dev veth0
[ "$CMD_RC" -ne 0 ] && [[ "$CMD_ERR" == Error:* ]]
check_err $? "routing prefix 0 accepted (rc $CMD_RC, '$CMD_ERR')"
log_test "routing prefix 0 refused"

expect_cmd 0 "" "${C[@]}" help
log_test "help: exit 0"

got=$("${C[@]}" -j addr show | jq -c '[.[] | .ifname as $d | .addr_info[] | "\($d) \(.local)/\(.prefixlen)"]')
[ "$got" = '["veth0 65001.10.0.0.1/24"]' ]
check_err $? "addresses after refused requests: $got"
log_test "refused requests changed nothing"

ksft_exit
