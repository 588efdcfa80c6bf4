#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Parity dual gateways (docs/protocol.md 9.2, 9.3): the even host sends
# through .254 and the odd host through .253; with ping8 -i 0.1 running,
# the primary is taken away (a) by link down and (b) by going silent with
# the carrier up, and at most 3 packets are lost each time; it comes back
# after holddown without loss; failure is detected within
# probe_interval x probe_misses + probe_interval for three settings.
# After each change the even host's whole MFT (`ipv8ctl -j mft show`)
# matches a golden file of 90-dual-gateway.golden/, where it says what the
# topology implies: which gateway is alive, which one the route uses.
#
#   ns HE 65001.192.0.2.10 (even)     ns HO 65001.192.0.2.11 (odd)
#          |  default via .254 via .253     |
#   +------+--------- ns SW: br0 -----------+------+
#          |                                       |
#   ns RA  veth-a 65001.192.0.2.254   ns RB  veth-a 65001.192.0.2.253
#          veth-b 65002.198.51.100.254       veth-b 65002.198.51.100.253
#          |                                       |
#   +------+--------- ns SW: br1 -----------+------+
#                        |
#   ns H2  65002.198.51.100.3 (odd: its primary is RB, so the
#                        return path never needs RA), default via the pair

source "${IPV8_TESTS:-$(dirname "$0")/..}/lib.sh"
source "$IPV8_TESTS/tshark-lib.sh"

cleanup() {
	capture_stop
	cleanup_all_ns
}
trap cleanup EXIT

ksft_begin dual-gateway

if ! bridge_available; then
	log_test_skip "two bridged segments" "no bridge support in this kernel"
	echo "1..$KSFT_NUM"
	exit "$KSFT_SKIP"
fi

H2_ADDR=65002.198.51.100.3
setup_ns SW HE HO RA RB H2
ip -n "$SW" link add br0 type bridge &&
	ip -n "$SW" link add br1 type bridge &&
	ip -n "$SW" link set br0 up && ip -n "$SW" link set br1 up &&
	ip -n "$SW" link set br0 type bridge stp_state 0 forward_delay 0 &&
	ip -n "$SW" link set br1 type bridge stp_state 0 forward_delay 0
check_err $? "bridges"
# port NS DEV BRIDGE: a veth from NS's DEV to a port of BRIDGE in SW.
NPORT=0
port() {
	local p="port$((NPORT += 1))"
	ip link add "$2" netns "$1" type veth peer name "$p" netns "$SW" &&
		ip -n "$SW" link set "$p" master "$3" up &&
		ip -n "$1" link set "$2" up
}
port "$HE" eth0 br0 && port "$HO" eth0 br0 &&
	port "$RA" veth-a br0 && port "$RB" veth-a br0 &&
	port "$RA" veth-b br1 && port "$RB" veth-b br1 && port "$H2" eth0 br1 &&
	# Fixed MACs, as the golden files name them.
	ip -n "$HE" link set eth0 address 02:00:00:00:00:0a &&
	ip -n "$RA" link set veth-a address 02:00:00:00:00:fe &&
	ip -n "$RB" link set veth-a address 02:00:00:00:00:fd &&
	ipv8_up "$HE" eth0 65001.192.0.2.10/24 &&
	ipv8_up "$HO" eth0 65001.192.0.2.11/24 &&
	ipv8_up "$RA" veth-a 65001.192.0.2.254/24 forwarding on &&
	ipv8_up "$RA" veth-b 65002.198.51.100.254/24 forwarding on &&
	ipv8_up "$RB" veth-a 65001.192.0.2.253/24 forwarding on &&
	ipv8_up "$RB" veth-b 65002.198.51.100.253/24 forwarding on &&
	ipv8_up "$H2" eth0 $H2_ADDR/24 &&
	ipv8ctl -n "$HE" route add default via 65001.192.0.2.254 via 65001.192.0.2.253 &&
	ipv8ctl -n "$HO" route add default via 65001.192.0.2.254 via 65001.192.0.2.253 &&
	ipv8ctl -n "$H2" route add default via 65002.198.51.100.254 via 65002.198.51.100.253
check_err $? "setup failed"
log_test "setup: two segments, two routers, three hosts"

mac() { ip -n "$1" -j link show "$2" | jq -r '.[0].address'; }
RA_MAC=$(mac "$RA" veth-a) RB_MAC=$(mac "$RB" veth-a)

# reach NS: "NEXTHOP ROLE" of the default route in NS's MFT.
reach() {
	ipv8ctl -n "$1" -j mft reach |
		jq -r '.[] | select(.dst == "default") | "\(.nexthop) \(.role)"'
}
[ "$(reach "$HE")" = "65001.192.0.2.254 primary" ] &&
	[ "$(reach "$HO")" = "65001.192.0.2.253 primary" ]
check_err $? "mft reach: even $(reach "$HE"), odd $(reach "$HO")"
log_test "parity: even host primary .254, odd host primary .253 (mft reach)"

# mft_golden NAME: the even host's MFT equals 90-dual-gateway.golden/NAME.json
# once what moves by itself is left out: timers, probe counters, NUD
# sub-states, and the link-layer address of a gateway declared dead (kept
# or forgotten depending on where its entry's timer stands).
MFT_STABLE='{
	neighbors: [.neighbors[] | {dst, dev, caps, liveness,
		lladdr: (if .liveness == "dead" then null else .lladdr end)}]
		| sort_by(.dst),
	peers,
	reach: [.reach[] | {dst, nexthop, dev, role, lladdr, caps}]
}'
mft_golden() {
	local want="$IPV8_TESTS/cases/90-dual-gateway.golden/$1.json"
	local got="$TMPDIR/mft-$1.json"

	ipv8ctl -n "$HE" -j mft show | jq -S "$MFT_STABLE" >"$got"
	diff -u "$want" "$got" | sed 's/^/# /'
	cmp -s "$want" "$got"
	check_err $? "the MFT differs from golden/$1.json"
	log_test "mft -j after $2 matches golden/$1.json"
}
TMPDIR=${TMPDIR:-/tmp}
mft_golden 1-start "setup"

# Which router's MAC do the echo requests leave for?
capture_start "$HE" eth0 even -c 5 'ether proto 0x88b5 and ether src '"$(mac "$HE" eth0)" &&
	capture_start "$HO" eth0 odd -c 5 'ether proto 0x88b5 and ether src '"$(mac "$HO" eth0)"
ping8_ok "$HE" $H2_ADDR -c 5 -i 0.1 -W 2 &&
	ping8_ok "$HO" $H2_ADDR -c 5 -i 0.1 -W 2
check_err $? "ping8 from the two hosts"
capture_wait even && capture_wait odd
dsts() { tcpdump -r "$IPV8_CAPTURES/$1.pcap" -n -e 2>/dev/null | awk '/^[0-9]/ {print $4}' | sort -u | tr -d ,; }
[ "$(dsts even)" = "$RA_MAC" ] && [ "$(dsts odd)" = "$RB_MAC" ]
check_err $? "even host sent to $(dsts even) (RA $RA_MAC), odd to $(dsts odd) (RB $RB_MAC)"
log_test "captures: the even host sends to .254, the odd host to .253"

# lost PINGOUT: transmitted - received from ping8's summary.
lost() {
	awk '/packets transmitted/ {print $1 - $4}' <<<"$1"
}

# failover HOW: ping8 -i 0.1 from the even host while RA goes away.
failover() {
	local how=$1 out n
	ip netns exec "$HE" ping8 -i 0.1 -c 60 -W 1 $H2_ADDR >"$TMPDIR/ping-$how" 2>&1 &
	local pid=$!
	sleep 2
	case $how in
	link-down) ip -n "$RA" link set veth-a down ;;
	silent) ipv8ctl -n "$RA" link set dev veth-a ipv8 off ;;
	esac
	wait $pid
	out=$(cat "$TMPDIR/ping-$how")
	n=$(lost "$out")
	echo "$out" | tail -n 2 | sed 's/^/# /'
	echo "# failover ($how): $n packets lost"
	[ -n "$n" ] && [ "$n" -le 3 ]
	check_err $? "failover ($how) lost ${n:-?} packets, the bar is 3"
	[ "$(reach "$HE")" = "65001.192.0.2.253 secondary" ]
	check_err $? "after $how: mft reach says $(reach "$HE")"
	log_test "failover by $how: $n packets lost (bar 3), now via .253"
}

failover link-down
mft_golden 2-primary-dead "link down"
# Back: link up; after holddown (3 answers) traffic returns to .254.
ip netns exec "$HE" ping8 -i 0.1 -c 40 -W 1 $H2_ADDR >"$TMPDIR/ping-back" 2>&1 &
pid=$!
sleep 1
ip -n "$RA" link set veth-a up
wait $pid
n=$(lost "$(cat "$TMPDIR/ping-back")")
[ "$n" = 0 ] && [ "$(reach "$HE")" = "65001.192.0.2.254 primary" ]
check_err $? "fail-back lost ${n:-?} packets; mft reach $(reach "$HE")"
log_test "fail-back to .254 after holddown: $n packets lost"
mft_golden 1-start "fail-back"

failover silent
mft_golden 2-primary-dead "going silent"
ipv8_up "$RA" veth-a 65001.192.0.2.254/24 forwarding on
busywait 3000 eval '[ "$(reach "$HE")" = "65001.192.0.2.254 primary" ]' >/dev/null
check_err $? "RA back (IPv8 on again) but mft reach $(reach "$HE")"
log_test "RA answering again: back to .254"
mft_golden 1-start "RA answering again"

# A route change reaches the MFT at once: the pair replaced by .253 alone.
ipv8ctl -n "$HE" route replace default via 65001.192.0.2.253
mft_golden 3-single-route "route replace"
ipv8ctl -n "$HE" route replace default via 65001.192.0.2.254 via 65001.192.0.2.253
busywait 3000 eval '[ "$(reach "$HE")" = "65001.192.0.2.254 primary" ]' >/dev/null
mft_golden 1-start "the pair again"

# Detection time for three settings: from RA going silent to the switch
# announced by the kernel (ipv8ctl monitor, time-stamped as lines arrive);
# the bar is probe_interval x probe_misses + probe_interval.
mkfifo "$TMPDIR/mon.fifo"
ipv8ctl -n "$HE" monitor >"$TMPDIR/mon.fifo" &
MONPID=$!
while IFS= read -r line; do
	echo "$(( ${EPOCHREALTIME/./} / 1000 )) $line"
done <"$TMPDIR/mon.fifo" >"$TMPDIR/mon.log" &
# switched_after T0: the time of the first "secondary" announcement after T0.
switched_after() {
	awk -v t0="$1" '$1 >= t0 && / secondary$/ {print $1; found = 1; exit}
		END {exit !found}' "$TMPDIR/mon.log"
}
for setting in 100:3 50:2 200:4; do
	IFS=: read -r ivl misses <<<"$setting"
	ipv8ctl -n "$HE" link set dev eth0 probe_interval "$ivl" probe_misses "$misses" holddown 2
	busywait 5000 eval '[ "$(reach "$HE")" = "65001.192.0.2.254 primary" ]' >/dev/null
	sleep 0.5
	ipv8ctl -n "$RA" link set dev veth-a ipv8 off
	t0=$(( ${EPOCHREALTIME/./} / 1000 ))
	t1=$(busywait 10000 switched_after "$t0")
	bar=$((ivl * misses + ivl))
	echo "# probe_interval $ivl ms, probe_misses $misses: switch announced after $((${t1:-0} - t0)) ms (bar $bar ms)"
	[ -n "$t1" ] && [ $((t1 - t0)) -le $bar ]
	check_err $? "detection took $((${t1:-0} - t0)) ms, bar $bar ms; monitor: $(tail -n 3 "$TMPDIR/mon.log" | tr '\n' '|')"
	log_test "probe_interval $ivl, probe_misses $misses: detected in $((${t1:-0} - t0)) ms (bar $bar)"
	ipv8_up "$RA" veth-a 65001.192.0.2.254/24 forwarding on
done
kill "$MONPID" 2>/dev/null

ksft_exit
