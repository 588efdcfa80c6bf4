#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Frame fuzzing (issue 8): ipv8-fuzzframes puts random and mutated IPv8 and
# ARP8 frames on R's veth0 through AF_PACKET (bad versions, IHLs, lengths,
# checksums, truncation, oversize, forbidden classes, fragments, options,
# and valid packets for delivery, ICMP errors and forwarding). Afterwards
# every frame is accounted for on R's veth0: rx_packets grew by the IPv8
# frames sent, arp_rx_packets by the ARP frames naming protocol 0x88B5, and
# the drops plus delivered plus forwarded equal rx_packets. Nothing on the
# way may drop a frame before IPv8 sees it, and the kernel log stays clean.
# 1,000,000 frames on the debug kernel, 100,000 on the others
# (IPV8_FUZZ_FRAMES); the seed is printed (IPV8_FUZZ_SEED repeats a run).
#
#   ns I (IPv8 off)          ns R                              ns S (IPv8 off)
#   +---------------+        +-------------------------------+  +---------+
#   | veth0         +--------+ veth0  65002.10.0.0.2/24      |  |         |
#   | ipv8-fuzzframes  --->  |        forwarding on          |  |         |
#   +---------------+        | veth1  65002.20.0.0.1/24 mtu  +--+ veth0   |
#                            |        1280; 65003/0 via .9   |  |         |
#                            +-------------------------------+  +---------+
#
# I and S have IPv8 off so that nothing but the fuzzer's frames reaches R's
# IPv8 counters; static neighbours let R's answers and forwarded packets go
# out at once.

source "${IPV8_TESTS:-$(dirname "$0")/..}/lib.sh"

cleanup() { cleanup_all_ns; }
trap cleanup EXIT

ksft_begin frame-fuzz

case $(uname -r) in
*-ipv8-debug) frames=${IPV8_FUZZ_FRAMES:-1000000} ;;
*) frames=${IPV8_FUZZ_FRAMES:-100000} ;;
esac
seed=${IPV8_FUZZ_SEED:-$(( $(date +%s) % 1000000 ))}

setup_ns I R S
veth_pair "$I" veth0 "$R" veth0 &&
	veth_pair "$R" veth1 "$S" veth0 &&
	ip -n "$R" link set veth1 mtu 1280 &&
	ipv8_up "$R" veth0 65002.10.0.0.2/24 forwarding on &&
	ipv8_up "$R" veth1 65002.20.0.0.1/24 &&
	mac_i=$(ip -n "$I" -j link show veth0 | jq -r '.[0].address') &&
	mac_r=$(ip -n "$R" -j link show veth0 | jq -r '.[0].address') &&
	mac_s=$(ip -n "$S" -j link show veth0 | jq -r '.[0].address') &&
	ipv8ctl -n "$R" neigh add 65002.20.0.0.9 lladdr "$mac_s" dev veth1 &&
	ipv8ctl -n "$R" neigh add 65002.10.0.0.1 lladdr "$mac_i" dev veth0 &&
	ipv8ctl -n "$R" route add 65003.0.0.0.0/0 via 65002.20.0.0.9 dev veth1
check_err $? "setup failed"
log_test "setup: injector, receiver (forwarding), sink"

stats() { # stats: R's veth0 counters as one JSON object
	ipv8ctl -n "$R" -s -j link show dev veth0 | jq -c '.[0].stats'
}
# Frames the stack dropped before any protocol handler: veth's and the
# backlog's drops (softnet_stat column 2, per CPU, in hex).
predrops() {
	local veth sn
	veth=$(ip -n "$R" -j -s link show veth0 | jq '.[0].stats64.rx.dropped')
	sn=0
	while read -r _ d _; do sn=$((sn + 16#$d)); done </proc/net/softnet_stat
	echo $((veth + sn))
}

before=$(stats)
[ "$(jq '.rx_packets + .arp_rx_packets' <<<"$before")" = 0 ]
check_err $? "R's veth0 counters are not zero before the run: $before"
pre0=$(predrops)

echo "# $frames frames, seed $seed (IPV8_FUZZ_SEED=$seed repeats the run)"
out=$(ip netns exec "$I" ipv8-fuzzframes -i veth0 -dst "$mac_r" \
	-local 65002.10.0.0.2 -peer 65002.10.0.0.1 -fwd 65003.198.51.100.7 \
	-n "$frames" -seed "$seed" 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
summary=$(echo "$out" | grep '^ipv8-fuzzframes: seed=' | tail -n 1)
[ $rc -eq 0 ] && [ -n "$summary" ]
check_err $? "ipv8-fuzzframes failed (exit $rc)"
field() { sed -n "s|.* $1=\([0-9.]*\).*|\1|p" <<<"$summary"; }
sent=$(field frames) n_ipv8=$(field ipv8) n_arp8=$(field arp8)
n_short=$(field arp_short) refused=$(field refused)
[ "$sent" = "$frames" ] && [ "$refused" = 0 ]
check_err $? "sent $sent of $frames frames, $refused refused by the link"
log_test "$sent frames injected at $(field 'frames/s') frames/s"

# The counters settle once R's softirq has caught up.
busywait 20000 eval '[ "$(stats | jq .rx_packets)" = "$n_ipv8" ] &&
	[ "$(stats | jq .arp_rx_packets)" = "$n_arp8" ]' >/dev/null
after=$(stats)
echo "# R veth0: $(jq -c 'with_entries(select(.value != 0))' <<<"$after")"
pre=$(( $(predrops) - pre0 ))
[ "$pre" = 0 ]
check_err $? "$pre frames dropped by veth or the backlog before IPv8 saw them"
log_test "no frame lost before the IPv8 handlers"

rx=$(jq .rx_packets <<<"$after")
[ "$rx" = "$n_ipv8" ]
check_err $? "rx_packets $rx, IPv8 frames sent $n_ipv8"
log_test "rx_packets = IPv8 frames injected ($n_ipv8)"

arp=$(jq .arp_rx_packets <<<"$after")
[ "$arp" = "$n_arp8" ]
check_err $? "arp_rx_packets $arp, ARP8 frames sent $n_arp8"
log_test "arp_rx_packets = ARP8 frames injected ($n_arp8; $n_short ARP frames too short to name a protocol)"

sum=$(jq '[to_entries[] | select(.key | test("^rx_(drop_|delivered$|forwarded$)")) | .value] | add' <<<"$after")
[ "$sum" = "$rx" ]
check_err $? "drops + delivered + forwarded = $sum, rx_packets $rx"
log_test "every IPv8 frame accounted for: drops + delivered + forwarded = $sum"

# The mix reached every check of the receive path and both good outcomes.
missing=
for c in rx_delivered rx_forwarded rx_drop_otherhost rx_drop_truncated \
	rx_drop_version rx_drop_ihl rx_drop_checksum rx_drop_fragment \
	rx_drop_bad_source rx_drop_no_route rx_drop_ttl rx_drop_too_big \
	arp_rx_drop; do
	[ "$(jq ".$c" <<<"$after")" -gt 0 ] || missing+=" $c"
done
[ -z "$missing" ]
check_err $? "counters that never moved:$missing"
log_test "the frames reached every receive check, delivery and forwarding"

# The stack still works: R answers a ping8 from S's side.
ipv8_up "$S" veth0 65002.20.0.0.9/24 &&
	ping8_ok "$S" 65002.20.0.0.1 -c 2 -i 0.2 -W 2
check_err $? "ping8 to R after the run failed"
log_test "R still answers ping8"

ksft_exit
