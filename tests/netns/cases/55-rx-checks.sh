#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The receive checks of docs/protocol.md section 4, one crafted frame kind
# at a time: each is dropped and counted under its own reason, on the link
# (ipv8ctl -s link show) and in the namespace (ipv8ctl stats show); a good
# frame for B is delivered, one for another host is not forwarded (B's link
# does not forward), and rx_packets equals delivered plus the drops.
#
#   ns A                          ns B
#   +-------------------+         +-------------------------+
#   | veth0             +---------+ veth0  ipv8 on          |
#   | ipv8-testsend -raw|  ---->  | 65002.10.0.0.2/24       |
#   +-------------------+         +-------------------------+

source "${IPV8_TESTS:-$(dirname "$0")/..}/lib.sh"

cleanup() { cleanup_all_ns; }
trap cleanup EXIT

ksft_begin rx-checks

# 28-octet headers from 65001.10.0.0.1 to 65002.10.0.0.2, protocol 253,
# payload "ping"; computed with RFC 1071 (docs/tools/vectors.py's method).
# Frames are padded to Ethernet's 60 octets on the way, as a NIC would, so
# TRUNC is a header whose total length (200) runs past the frame.
GOOD=870000200000400040fde8090000fde90a0000010000fdea0a00000270696e67
OTHER=870000200000400040fde8020000fde90a0000010000fdea0a00000970696e67
BADSUM=870000200000400040fde8f60000fde90a0000010000fdea0a00000270696e67
V4=470000200000400040fd280a0000fde90a0000010000fdea0a00000270696e67
IHL5=850000200000400040fdea090000fde90a0000010000fdea0a00000270696e67
FRAG=870000200000200040fd080a0000fde90a0000010000fdea0a00000270696e67
BADSRC=870000200000400040fde5f3ffff00000a0000010000fdea0a00000270696e67
TRUNC=870000c80000400040fde7610000fde90a0000010000fdea0a00000270696e67

setup_ns A B
veth_pair "$A" veth0 "$B" veth0 &&
	ipv8ctl -n "$B" link set dev veth0 ipv8 on &&
	ipv8ctl -n "$B" addr add 65002.10.0.0.2/24 dev veth0
check_err $? "setup failed"
mac=$(ip -n "$B" -j link show veth0 | jq -r '.[0].address')
log_test "setup"

link_stat() { # link_stat NAME: counter NAME of B's veth0
	ipv8ctl -n "$B" -s -j link show dev veth0 | jq -r ".[0].stats.$1"
}
ns_stat() { # ns_stat NAME: counter NAME of netns B
	ipv8ctl -n "$B" -j stats show | jq -r ".$1"
}
send() { # send HEX COUNT
	ip netns exec "$A" ipv8-testsend -i veth0 -dst "$mac" -raw "$1" -count "$2"
}

[ "$(link_stat rx_packets)" = 0 ]
check_err $? "a fresh link has rx_packets $(link_stat rx_packets)"
log_test "per-link counters start at zero"

# frame kind, how many, counter it must land in
cases="GOOD:3:rx_delivered OTHER:2:rx_drop_not_forwarding BADSUM:2:rx_drop_checksum V4:2:rx_drop_version
IHL5:1:rx_drop_ihl FRAG:2:rx_drop_fragment BADSRC:1:rx_drop_bad_source
TRUNC:4:rx_drop_truncated"
total=0
for c in $cases; do
	IFS=: read -r kind n counter <<<"$c"
	ns_before=$(ns_stat "$counter")
	send "${!kind}" "$n"
	check_err $? "ipv8-testsend $kind failed"
	total=$((total + n))
	busywait 5000 eval '[ "$(link_stat rx_packets)" = '$total' ]'
	check_err $? "$kind: link rx_packets $(link_stat rx_packets), want $total"
	[ "$(link_stat "$counter")" = "$n" ]
	check_err $? "$kind: link $counter $(link_stat "$counter"), want $n"
	[ "$(ns_stat "$counter")" = $((ns_before + n)) ]
	check_err $? "$kind: netns $counter $(ns_stat "$counter"), want $((ns_before + n))"
	log_test "$n x $kind -> $counter (link and netns)"
done

# Every frame accounted for: rx_packets = delivered + forwarded + drops.
sum=$(ipv8ctl -n "$B" -s -j link show dev veth0 |
	jq '[.[0].stats | to_entries[] | select(.key | test("^rx_(drop_|delivered$|forwarded$)")) | .value] | add')
[ "$sum" = "$total" ] && [ "$(link_stat rx_packets)" = "$total" ]
check_err $? "delivered + drops = $sum, rx_packets $(link_stat rx_packets), sent $total"
log_test "rx_packets equals delivered plus the drops ($total)"

# Text form: -s prints the counters under the link, plain show does not.
ipv8ctl -n "$B" -s link show dev veth0 | grep -qx '    rx_drop_checksum 2'
check_err $? "-s text lacks '    rx_drop_checksum 2'"
! ipv8ctl -n "$B" link show dev veth0 | grep -q rx_packets
check_err $? "plain link show prints counters"
log_test "ipv8ctl -s link show prints the counters, plain show does not"

ksft_exit
