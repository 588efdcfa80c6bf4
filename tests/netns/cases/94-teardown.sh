#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Teardown under traffic (issue 8), IPV8_TEARDOWN_CYCLES (default 50, 10
# on the debug kernel) cycles of each:
#
#  a) netns deletion: A and B with addresses, routes, a static and pending
#     neighbours, ping8 -i 0.01 (raw socket) and UDP8 senders;
#     both namespaces are deleted and their processes killed at once, so
#     the namespaces die with packets queued and timers armed.
#  b) link deletion mid-flow: a fresh veth between A and B per cycle, ping8,
#     UDP8 and AF_PACKET frames flowing over it, deleted under them; the
#     link's addresses, routes and neighbours must be gone with it.
#  c) module unload under traffic: with AF_INET8 sockets open (ping8, UDP8)
#     rmmod is refused and the module stays; with them closed it succeeds
#     while AF_PACKET frames still arrive; insmod again and the family
#     works (configuration, ping8).
#
#   ns A                                  ns B
#   +---------------------------+         +------------------------------+
#   | veth0 65001.10.0.0.1/24   +---------+ veth0 65001.10.0.0.2/24      |
#   | ping8 -> B, UDP8 -> 65003 |         | forwarding on; frames -> A   |
#   | 65003/0 via B             |         | 65003/0 via .3 (never answers)|
#   +---------------------------+         +------------------------------+
#
# Leaks are the debug kernel's per-case kmemleak scan's to find
# (run-suite.sh); the kernel log must stay clean. The module is loaded and
# working at the end.

source "${IPV8_TESTS:-$(dirname "$0")/..}/lib.sh"

# The debug kernel is ten times slower: fewer cycles keep the case within
# run-suite.sh's time limit there.
case $(uname -r) in
*-ipv8-debug) CYCLES=${IPV8_TEARDOWN_CYCLES:-10} ;;
*) CYCLES=${IPV8_TEARDOWN_CYCLES:-50} ;;
esac
PIDS=()
stop_traffic() { # kill and reap the background senders
	[ ${#PIDS[@]} -gt 0 ] || return 0
	kill -KILL "${PIDS[@]}" 2>/dev/null
	wait "${PIDS[@]}" 2>/dev/null
	PIDS=()
}
cleanup() {
	stop_traffic
	cleanup_all_ns
	ipv8_load
}
trap cleanup EXIT

ksft_begin teardown

# bg NS CMD...: run CMD in NS in the background, remembered in PIDS.
bg() {
	local ns=$1
	shift
	ip netns exec "$ns" "$@" >/dev/null 2>&1 &
	PIDS+=($!)
}

# pair DEVA DEVB: a veth between A and B with IPv8, addresses, routes and
# neighbours. Fixed MACs spare lookups: TCG makes every command count.
MAC_A=02:00:00:94:00:0a MAC_B=02:00:00:94:00:0b
pair() {
	ip link add "$1" netns "$A" address $MAC_A type veth \
		peer name "$2" netns "$B" address $MAC_B &&
		ip -n "$A" link set "$1" up && ip -n "$B" link set "$2" up &&
		ipv8_up "$A" "$1" 65001.10.0.0.1/24 &&
		ipv8_up "$B" "$2" 65001.10.0.0.2/24 forwarding on &&
		ipv8ctl -n "$A" neigh add 65001.10.0.0.2 lladdr $MAC_B dev "$1" &&
		ipv8ctl -n "$A" route add 65003.0.0.0.0/0 via 65001.10.0.0.2 dev "$1" &&
		ipv8ctl -n "$B" route add 65003.0.0.0.0/0 via 65001.10.0.0.3 dev "$2"
}

# traffic DEVB: ping8 from A to B (a raw socket; B answers in the kernel),
# UDP8 from A through B to the ASN B forwards to (a next hop that never
# answers: packets queue on its neighbour entry), AF_PACKET frames from B
# into A (delivery, ICMP errors back to B, ARP8). The first NSOCK senders
# hold AF_INET8 sockets. Few processes: each Go start is slow under TCG.
NSOCK=2
traffic() {
	bg "$A" ping8 -i 0.01 -W 1 65001.10.0.0.2
	bg "$A" ipv8-testsend -udp8 65003.198.51.100.7 -port 9 -count 0 -interval 5ms
	bg "$B" ipv8-fuzzframes -i "$1" -dst "$MAC_A" -local 65001.10.0.0.1 \
		-peer 65001.10.0.0.2 -fwd 65003.198.51.100.7 -n 1000000000 \
		-seed "$RANDOM" -gap 200us
}

# flowing DEVA DEVB: wait until both ends have received traffic (the
# senders are up: Go binaries start slowly under TCG).
rxp() { ip netns exec "$1" cat "/sys/class/net/$2/statistics/rx_packets"; }
flowing() {
	busywait 10000 eval "[ \"\$(rxp $A $1)\" -ge 20 ] && [ \"\$(rxp $B $2)\" -ge 10 ]"
}

# alive: every background sender still runs (traffic really flowed).
alive() {
	local p
	for p in "${PIDS[@]}"; do
		kill -0 "$p" 2>/dev/null || return 1
	done
}

fails=0 first=
note() { # note MSG: count a failure, keep the first message
	[ $fails -eq 0 ] && first=$1
	fails=$((fails + 1))
}
report() { # report NAME START: one KTAP line for a part
	RET=$fails RETMSG=$first
	log_test "$1: $CYCLES cycles in $(( $(date +%s) - $2 ))s"
	fails=0 first=
}

# --- a) netns deletion ---------------------------------------------------
t0=$(date +%s)
for i in $(seq 1 "$CYCLES"); do
	setup_ns A B || { note "cycle $i: setup_ns"; break; }
	pair veth0 veth0 || note "cycle $i: configuration failed"
	traffic veth0
	flowing veth0 veth0 || note "cycle $i: no traffic on the link"
	alive || note "cycle $i: a sender died before the teardown"
	# Names first, then the processes: the last reference to each
	# namespace goes with its sockets, in the middle of the traffic.
	cleanup_ns "$A" "$B" || note "cycle $i: ip netns del failed"
	stop_traffic
done
report "netns deletion with routes, neighbours, raw and UDP8 sockets, traffic" "$t0"

# --- b) link deletion mid-flow -------------------------------------------
t0=$(date +%s)
setup_ns A B
for i in $(seq 1 "$CYCLES"); do
	pair "va$i" "vb$i" || note "cycle $i: configuration failed"
	traffic "vb$i"
	flowing "va$i" "vb$i" || note "cycle $i: no traffic on the link"
	alive || note "cycle $i: a sender died before the link went"
	ip -n "$A" link del "va$i" || note "cycle $i: ip link del failed"
	# The link took its IPv8 state along (RTNL: already done); checked
	# every fifth cycle, to keep the case short.
	[ $((i % 5)) = 0 ] || { stop_traffic; continue; }
	left=$(ipv8ctl -n "$A" -j route show | jq length):$(ipv8ctl -n "$A" -j neigh show | jq length)
	[ "$left" = 0:0 ] || note "cycle $i: routes:neighbours left $left"
	stop_traffic
done
cleanup_ns
report "link deletion mid-flow" "$t0"

# --- c) module unload under traffic --------------------------------------
t0=$(date +%s)
refused_msg=
for i in $(seq 1 "$CYCLES"); do
	ipv8_load || { note "cycle $i: insmod failed"; break; }
	setup_ns A B
	pair veth0 veth0 || note "cycle $i: configuration after insmod failed"
	traffic veth0
	flowing veth0 veth0 || note "cycle $i: no traffic on the link"
	alive || note "cycle $i: a sender died (family not working?)"
	# AF_INET8 sockets open: the module is in use.
	if out=$(rmmod ipv8 2>&1); then
		note "cycle $i: rmmod succeeded with AF_INET8 sockets open"
	else
		refused_msg=$out
		ipv8_loaded || note "cycle $i: rmmod failed, yet the module went"
	fi
	# Close the sockets; the AF_PACKET sender goes on.
	kill -KILL "${PIDS[@]:0:NSOCK}" 2>/dev/null
	wait "${PIDS[@]:0:NSOCK}" 2>/dev/null
	PIDS=("${PIDS[@]:NSOCK}")
	alive || note "cycle $i: the AF_PACKET sender died"
	# Sockets may free their last module reference after an RCU grace.
	busywait 5000 rmmod ipv8 >/dev/null 2>&1 ||
		note "cycle $i: rmmod failed with the sockets closed: $(rmmod ipv8 2>&1)"
	ipv8_loaded && note "cycle $i: ipv8 still loaded after rmmod"
	alive || note "cycle $i: the AF_PACKET sender died during rmmod"
	stop_traffic
	cleanup_ns
done
ipv8_load
echo "# rmmod with sockets open said: $refused_msg"
[[ "$refused_msg" =~ (in use|busy|Resource temporarily unavailable) ]] ||
	note "rmmod refusal does not say the module is busy: '$refused_msg'"
report "rmmod refused with sockets open, done without, insmod again" "$t0"

# The module left loaded works: configuration and a ping8.
setup_ns A B
pair veth0 veth0 && ping8_ok "$A" 65001.10.0.0.2 -c 2 -i 0.2 -W 2
check_err $? "IPv8 does not work after the cycles"
log_test "module loaded and working at the end"
cleanup_all_ns

ksft_exit
