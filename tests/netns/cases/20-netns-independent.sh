#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Network namespaces are independent: the same device name in three
# namespaces, configured differently, each sees only its own state.
#
#   ns A                ns B                 ns C
#   +------------+      +------------+       +------------+
#   | veth0      +------+ veth0      |       | veth0      |
#   | ipv8 on    | veth | ipv8 off   |       | (dummy)    |
#   | 2 addrs    |      | no addrs   |       | ipv8 on    |
#   +------------+      +------------+       | 1 addr     |
#                                            +------------+
#
# Then ns A is deleted with its configuration in place: B and C keep
# theirs and the kernel log stays clean.

source "${IPV8_TESTS:-$(dirname "$0")/..}/lib.sh"

cleanup() { cleanup_all_ns; }
trap cleanup EXIT

ksft_begin netns-independent

# addrs NS: the netns' addresses as compact JSON: [{"ifname","addrs":[...]}]
addrs() {
	ipv8ctl -n "$1" -j addr show |
		jq -c '[.[] | {ifname, ipv8, addrs: [.addr_info[] | "\(.local)/\(.prefixlen)"]}]'
}
# ipv8_state NS DEV: true/false from link show
ipv8_state() {
	ipv8ctl -n "$1" -j link show dev "$2" | jq -c '.[0].ipv8'
}
expect_eq() { # expect_eq WHAT GOT WANT
	if [ "$2" != "$3" ]; then
		check_err 1 "$1: got $2, want $3"
	fi
}

setup_ns A B C
veth_pair "$A" veth0 "$B" veth0 &&
	ip -n "$C" link add veth0 type dummy && ip -n "$C" link set veth0 up
check_err $? "topology setup failed"
log_test "three namespaces, each with a veth0"

ipv8ctl -n "$A" link set veth0 ipv8 on &&
	ipv8ctl -n "$A" addr add 65001.10.0.0.1/24 dev veth0 &&
	ipv8ctl -n "$A" addr add 65001.10.0.0.2/32 dev veth0 &&
	ipv8ctl -n "$C" link set veth0 ipv8 on &&
	ipv8ctl -n "$C" addr add 65003.10.0.0.1/16 dev veth0
check_err $? "configuration failed"
log_test "configure A and C"

expect_eq "A link" "$(ipv8_state "$A" veth0)" true
expect_eq "B link" "$(ipv8_state "$B" veth0)" false
expect_eq "C link" "$(ipv8_state "$C" veth0)" true
log_test "link state of veth0 is per namespace"

a_want='[{"ifname":"veth0","ipv8":true,"addrs":["65001.10.0.0.1/24","65001.10.0.0.2/32"]}]'
c_want='[{"ifname":"veth0","ipv8":true,"addrs":["65003.10.0.0.1/16"]}]'
expect_eq "A addr show" "$(addrs "$A")" "$a_want"
expect_eq "B addr show" "$(addrs "$B")" "[]"
expect_eq "C addr show" "$(addrs "$C")" "$c_want"
log_test "addr show sees only its own namespace"

# The same address may exist in two namespaces: no EEXIST across them.
ipv8ctl -n "$C" addr add 65001.10.0.0.1/24 dev veth0
check_err $? "adding A's address in C failed"
expect_eq "A addr show after C add" "$(addrs "$A")" "$a_want"
log_test "same address in two namespaces"

ip netns del "$A"
check_err $? "ip netns del A failed"
NS_LIST=("$B" "$C")
# Namespace teardown runs in a workqueue; give it time to finish (and to
# complain) before the kernel log is checked.
sleep 2
# B's veth0 was A's peer and went with it; lo stays.
expect_eq "B links after A deleted" "$(ipv8ctl -n "$B" -j link show | jq -c '[.[].ifname]')" '["lo"]'
expect_eq "C link after A deleted" "$(ipv8_state "$C" veth0)" true
expect_eq "C addr show after A deleted" "$(addrs "$C" | jq -c '.[0].addrs | length')" 2
log_test "delete a configured namespace"

ksft_exit
