#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Privilege: changing IPv8 state needs CAP_NET_ADMIN over the netns; reading
# it does not. A user namespace that owns its netns may configure it.
#
#   ns A (owned by the initial user ns)       unshare -Urn (own userns+netns)
#   +------------------------------+          +----------------------+
#   | veth0 ====== veth1           |          | d0 (dummy)           |
#   | ipv8 on      ipv8 off        |          | ipv8 on, 1 addr, set |
#   | 65001.10.0.0.1/24            |          | up by uid 0 of the   |
#   +------------------------------+          | userns               |
#     changed by: root (ok), root without     +----------------------+
#     CAP_NET_ADMIN (EPERM), userns root (EPERM)

source "${IPV8_TESTS:-$(dirname "$0")/..}/lib.sh"

cleanup() { cleanup_all_ns; }
trap cleanup EXIT

ksft_begin privilege

# The bounding set drop makes exec drop the capability from root, too.
NOCAP=(setpriv --inh-caps=-net_admin --bounding-set=-net_admin --)
EPERM="Error: Operation not permitted."

setup_ns A
ip -n "$A" link add veth0 type veth peer name veth1 &&
	ip -n "$A" link set veth0 up && ip -n "$A" link set veth1 up &&
	ipv8ctl -n "$A" link set veth0 ipv8 on &&
	ipv8ctl -n "$A" addr add 65001.10.0.0.1/24 dev veth0
check_err $? "setup as root failed"
log_test "root configures ns A"

# The helper itself really lost the capability.
capeff=$(ip netns exec "$A" "${NOCAP[@]}" awk '/^CapEff/ { print $2 }' /proc/self/status)
(( (0x$capeff >> 12) & 1 ))
check_fail $? "CAP_NET_ADMIN still effective under setpriv (CapEff $capeff)"
log_test "setpriv drops CAP_NET_ADMIN"

expect_cmd 2 "$EPERM" ip netns exec "$A" "${NOCAP[@]}" ipv8ctl addr add 65001.10.0.0.2/24 dev veth0
expect_cmd 2 "$EPERM" ip netns exec "$A" "${NOCAP[@]}" ipv8ctl addr del 65001.10.0.0.1/24 dev veth0
log_test "addr add/del without CAP_NET_ADMIN: exit 2, Operation not permitted"

expect_cmd 2 "$EPERM" ip netns exec "$A" "${NOCAP[@]}" ipv8ctl link set veth1 ipv8 on
expect_cmd 2 "$EPERM" ip netns exec "$A" "${NOCAP[@]}" ipv8ctl link set veth0 ipv8 off
log_test "link set without CAP_NET_ADMIN: exit 2, Operation not permitted"

expect_cmd 0 "inet8 65001.10.0.0.1/24" ip netns exec "$A" "${NOCAP[@]}" ipv8ctl addr show
expect_cmd 0 "veth1: ipv8 off" ip netns exec "$A" "${NOCAP[@]}" ipv8ctl link show
expect_cmd 0 "" ip netns exec "$A" "${NOCAP[@]}" ipv8ctl stats show
log_test "show works without CAP_NET_ADMIN"

got=$(ipv8ctl -n "$A" -j addr show | jq -c '[.[].addr_info[].local]')
[ "$got" = '["65001.10.0.0.1"]' ]
check_err $? "addresses changed by refused requests: $got"
[ "$(ipv8ctl -n "$A" -j link show dev veth1 | jq '.[0].ipv8')" = false ]
check_err $? "veth1 changed by a refused request"
log_test "refused requests changed nothing"

# uid 0 of a fresh user namespace has CAP_NET_ADMIN only there: not over A.
expect_cmd 2 "$EPERM" ip netns exec "$A" unshare -Ur ipv8ctl addr add 65001.10.0.0.3/24 dev veth0
log_test "user namespace root cannot change a netns it does not own"

# ...but over a netns its user namespace owns, it can.
run_cmd unshare -Urn bash -c '
	set -e
	ip link set lo up
	ip link add d0 type dummy
	ip link set d0 up
	ipv8ctl link set d0 ipv8 on
	ipv8ctl addr add 65533.10.0.0.1/24 dev d0
	ipv8ctl -j addr show dev d0'
check_err $CMD_RC "unshare -Urn configuration failed: ${CMD_ERR:0:200}"
got=$(echo "$CMD_OUT" | jq -c '[.[] | .ifname, .ipv8, (.addr_info[] | "\(.local)/\(.prefixlen)")]')
[ "$got" = '["d0",true,"65533.10.0.0.1/24"]' ]
check_err $? "unshare -Urn: addr show gave $got"
log_test "unshare -Urn: configure an own dummy device"

ksft_exit
