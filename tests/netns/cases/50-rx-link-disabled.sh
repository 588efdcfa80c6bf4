#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Frames of ethertype 0x88B5 arriving on a link where IPv8 is off are
# dropped and counted in rx_drop_link_disabled of the receiving netns,
# exactly once each.
#
#   ns A                          ns B
#   +-------------------+         +-------------------+
#   | veth0             +---------+ veth0             |
#   | ipv8-testsend     |  veth   | ipv8 off (then on)|
#   | raw 0x88B5 frames |  ---->  | counts the drops  |
#   +-------------------+         +-------------------+

source "${IPV8_TESTS:-$(dirname "$0")/..}/lib.sh"

cleanup() { cleanup_all_ns; }
trap cleanup EXIT

ksft_begin rx-link-disabled

counter() { # counter NS NAME
	ipv8ctl -n "$1" -j stats show | jq -r ".$2"
}
counter_is() { # counter_is NS NAME VALUE
	[ "$(counter "$1" "$2")" = "$3" ]
}
# wait_stat NS NAME VALUE: the counter reaches VALUE within 5 s.
wait_stat() {
	busywait 5000 counter_is "$@"
}

setup_ns A B
veth_pair "$A" veth0 "$B" veth0
check_err $? "topology setup failed"
mac=$(ip -n "$B" -j link show veth0 | jq -r '.[0].address')
# Let IPv6 autoconfiguration traffic settle first; it is not 0x88B5 but a
# quiet link makes a failing count easier to read.
sleep 1
log_test "veth pair A <-> B"

before=$(counter "$B" rx_drop_link_disabled)
a_before=$(counter "$A" rx_drop_link_disabled)
[[ "$before" =~ ^[0-9]+$ ]]
check_err $? "rx_drop_link_disabled missing from stats show: '$before'"
log_test "stats show has rx_drop_link_disabled"

N=7
ip netns exec "$A" ipv8-testsend -i veth0 -dst "$mac" -count $N \
	-saddr 65001.10.0.0.1 -daddr 65002.10.0.0.2
check_err $? "ipv8-testsend failed"
wait_stat "$B" rx_drop_link_disabled $((before + N))
check_err $? "rx_drop_link_disabled went $before -> $(counter "$B" rx_drop_link_disabled), want +$N"
log_test "$N frames to a link with IPv8 off: counter +$N"

# Broadcast frames count the same way.
ip netns exec "$A" ipv8-testsend -i veth0 -count 3
wait_stat "$B" rx_drop_link_disabled $((before + N + 3))
check_err $? "after 3 broadcast frames: $(counter "$B" rx_drop_link_disabled), want $((before + N + 3))"
log_test "broadcast frames counted too"

[[ "$a_before" =~ ^[0-9]+$ ]] && [ "$(counter "$A" rx_drop_link_disabled)" = "$a_before" ]
check_err $? "the sender's netns counted drops"
log_test "sender's namespace unaffected"

# With IPv8 on, the same frames are IPv8's to handle: not link-disabled drops.
ipv8ctl -n "$B" link set veth0 ipv8 on
check_err $? "link set ipv8 on failed"
ip netns exec "$A" ipv8-testsend -i veth0 -dst "$mac" -count 3
sleep 1
[ "$(counter "$B" rx_drop_link_disabled)" = "$((before + N + 3))" ]
check_err $? "with IPv8 on the counter still moved: $(counter "$B" rx_drop_link_disabled)"
log_test "IPv8 on: no link-disabled drops"

ksft_exit
