#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Teardown under traffic (issue 8), IPV8_TEARDOWN_CYCLES (default 50) cycles
# of each:
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
#     (once B's pending neighbour entry holding their last UDP8
#     datagrams is deleted) while AF_PACKET frames still arrive, with A
#     and B and their veth alive; insmod again and the family works
#     (configuration of the links that outlived the module, ping8 and
#     UDP8 traffic).
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
#
# Time: a process start costs 30-50 ms under TCG and 150-300 ms on the
# debug kernel, so a cycle starts as few as it can: namespaces and links in
# one `ip -batch`, A's and B's configuration side by side, waits that read
# /proc and sleep without starting anything. ipv8.ko's load-time
# self-tests take 6 s of each insmod on the debug kernel: when the module
# has a "selftest" parameter, the re-loads of c) pass selftest=0 (the
# guest's first load ran them); when it has none, c) runs 15 cycles there
# unless IPV8_TEARDOWN_CYCLES is set.

source "${IPV8_TESTS:-$(dirname "$0")/..}/lib.sh"

CYCLES=${IPV8_TEARDOWN_CYCLES:-50}
reload=()
[ -e /sys/module/ipv8/parameters/selftest ] && reload=(selftest=0)
RCYCLES=$CYCLES
case $(uname -r) in
*-ipv8-debug)
	[ ${#reload[@]} -gt 0 ] || RCYCLES=${IPV8_TEARDOWN_CYCLES:-15}
	;;
esac
PIDS=()
stop_traffic() { # kill and reap the background senders
	[ ${#PIDS[@]} -gt 0 ] || return 0
	kill -KILL "${PIDS[@]}" 2>/dev/null
	wait "${PIDS[@]}" 2>/dev/null
	PIDS=()
}
HOLD=()
cleanup() {
	stop_traffic
	[ ${#HOLD[@]} -eq 0 ] || kill -KILL "${HOLD[@]}" 2>/dev/null
	cleanup_all_ns
	ipv8_load
}
trap cleanup EXIT

ksft_begin teardown

# nap: sleep 50 ms without a process: a read that times out on a FIFO
# nobody writes to.
tick=$(mktemp -u /tmp/ipv8-94-tick.XXXXXX)
mkfifo "$tick" && exec {TICK}<>"$tick" && rm -f "$tick" || exit 1
nap() { read -r -t 0.05 -u "$TICK"; }
now_ms() { NOW=${EPOCHREALTIME/./}; NOW=$((NOW / 1000)); }

# bg NS CMD...: run CMD in NS in the background, remembered in PIDS
# (nsenter: cheaper than ip netns exec, which remounts /sys).
bg() {
	local ns=$1
	shift
	nsenter --net="/run/netns/$ns" "$@" >/dev/null 2>&1 &
	PIDS+=($!)
}

# Namespace names of our own (setup_ns costs two processes per namespace).
nsnames() {
	A=a94-$$-$1 B=b94-$$-$1
	NS_LIST+=("$A" "$B")
}
# del_ns: delete A and B with one process.
del_ns() {
	local ns keep=()
	for ns in "${NS_LIST[@]}"; do
		[ "$ns" = "$A" ] || [ "$ns" = "$B" ] || keep+=("$ns")
	done
	NS_LIST=("${keep[@]}")
	printf 'netns del %s\n' "$A" "$B" | ip -batch -
}

# conf DEVA DEVB: bring B's end of the veth up and configure IPv8 on both
# with addresses, routes and neighbours; A's and B's halves run side by
# side. Fixed MACs spare lookups.
MAC_A=02:00:00:94:00:0a MAC_B=02:00:00:94:00:0b
conf() {
	local pa rb
	{
		ipv8_up "$A" "$1" 65001.10.0.0.1/24 &&
			ipv8ctl -n "$A" neigh add 65001.10.0.0.2 lladdr $MAC_B dev "$1" &&
			ipv8ctl -n "$A" route add 65003.0.0.0.0/0 via 65001.10.0.0.2 dev "$1"
	} &
	pa=$!
	ip -n "$B" link set "$2" up &&
		ipv8_up "$B" "$2" 65001.10.0.0.2/24 forwarding on &&
		ipv8ctl -n "$B" route add 65003.0.0.0.0/0 via 65001.10.0.0.3 dev "$2"
	rb=$?
	wait $pa && [ $rb -eq 0 ]
}
# veth DEVA DEVB: a veth between A and B, A's end up (the peer's end
# cannot be set up in the same request: its peer is not there yet).
vethcmd() {
	echo "link add $1 netns $A address $MAC_A up type veth peer name $2 netns $B address $MAC_B"
}
veth() { vethcmd "$@" | ip -batch -; }
# nsveth: create A and B with a veth0 between them, in one process.
nsveth() {
	{ printf 'netns add %s\n' "$A" "$B"; vethcmd veth0 veth0; } | ip -batch -
}

# traffic DEVB: ping8 from A to B (a raw socket; B answers in the kernel),
# UDP8 from A through B to the ASN B forwards to (a next hop that never
# answers: packets queue on its neighbour entry), AF_PACKET frames from B
# into A (delivery, ICMP errors back to B, ARP8). The first NSOCK senders
# hold AF_INET8 sockets; PIDS[0] runs in A, the last one in B.
NSOCK=2
traffic() {
	bg "$A" ping8 -i 0.01 -W 1 65001.10.0.0.2
	bg "$A" ipv8-testsend -udp8 65003.198.51.100.7 -port 9 -count 0 -interval 5ms
	bg "$B" ipv8-fuzzframes -i "$1" -dst "$MAC_A" -local 65001.10.0.0.1 \
		-peer 65001.10.0.0.2 -fwd 65003.198.51.100.7 -n 1000000000 \
		-seed "$RANDOM" -gap 200us
}

# rx PID DEV: RX = received packets of DEV in the network namespace of
# PID, from /proc without a process start; 0 while PID is not in there.
rx() {
	local l
	RX=0
	while read -r l; do
		case $l in "$2:"*)
			# "dev: bytes packets ...", bytes may touch the colon
			read -r _ RX _ <<<"${l#*:}"
			return 0
			;;
		esac
	done 2>/dev/null <"/proc/$1/net/dev"
}

# flowing PIDA DEVA PIDB DEVB [BASEA BASEB]: wait until DEVA in PIDA's
# namespace has received 20 packets more than BASEA and DEVB in PIDB's 10
# more than BASEB (the senders are up), 15 s at most.
flowing() {
	local a b end
	now_ms
	end=$((NOW + 15000))
	while :; do
		rx "$1" "$2"
		a=$RX
		rx "$3" "$4"
		b=$RX
		[ "$a" -ge $((${5:-0} + 20)) ] && [ "$b" -ge $((${6:-0} + 10)) ] && return 0
		now_ms
		[ "$NOW" -lt "$end" ] || {
			echo "# $2 received $a packets, $4 $b"
			return 1
		}
		nap
	done
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
report() { # report NAME START [CYCLES]: one KTAP line for a part
	RET=$fails RETMSG=$first
	log_test "$1: ${3:-$CYCLES} cycles in $(( $(date +%s) - $2 ))s"
	fails=0 first=
}

# --- a) netns deletion ---------------------------------------------------
t0=$(date +%s)
for i in $(seq 1 "$CYCLES"); do
	nsnames "$i"
	nsveth || { note "cycle $i: namespaces or veth"; break; }
	conf veth0 veth0 || note "cycle $i: configuration failed"
	traffic veth0
	flowing "${PIDS[0]}" veth0 "${PIDS[-1]}" veth0 ||
		note "cycle $i: no traffic on the link"
	alive || note "cycle $i: a sender died before the teardown"
	# Names first, then the processes: the last reference to each
	# namespace goes with its sockets, in the middle of the traffic.
	del_ns || note "cycle $i: ip netns del failed"
	stop_traffic
done
report "netns deletion with routes, neighbours, raw and UDP8 sockets, traffic" "$t0"

# --- b) link deletion mid-flow -------------------------------------------
t0=$(date +%s)
nsnames b
printf 'netns add %s\n' "$A" "$B" | ip -batch - || note "namespaces"
for i in $(seq 1 "$CYCLES"); do
	veth "va$i" "vb$i" || { note "cycle $i: ip link add failed"; break; }
	conf "va$i" "vb$i" || note "cycle $i: configuration failed"
	traffic "vb$i"
	flowing "${PIDS[0]}" "va$i" "${PIDS[-1]}" "vb$i" ||
		note "cycle $i: no traffic on the link"
	alive || note "cycle $i: a sender died before the link went"
	ip -n "$A" link del "va$i" || note "cycle $i: ip link del failed"
	# The link took its IPv8 state along (RTNL: already done); checked
	# every fifth cycle, to keep the case short.
	[ $((i % 5)) = 0 ] || { stop_traffic; continue; }
	left=$(ipv8ctl -n "$A" -j route show):$(ipv8ctl -n "$A" -j neigh show)
	[ "$left" = "[]:[]" ] || note "cycle $i: routes:neighbours left $left"
	stop_traffic
done
del_ns
report "link deletion mid-flow" "$t0"

# --- c) module unload under traffic --------------------------------------
# A and B and their veth outlive every unload; a process in each (HOLD)
# lets the waits read their counters.
t0=$(date +%s)
[ "$RCYCLES" = "$CYCLES" ] ||
	echo "# $RCYCLES cycles: every insmod runs the self-tests (no selftest parameter)"
refused_msg=
nsnames c
nsveth || note "namespaces or veth"
nsenter --net="/run/netns/$A" sleep 100000 &
HOLD+=($!)
nsenter --net="/run/netns/$B" sleep 100000 &
HOLD+=($!)
for i in $(seq 1 "$RCYCLES"); do
	ipv8_loaded || insmod "$IPV8_KO" "${reload[@]}" ||
		{ note "cycle $i: insmod failed"; break; }
	conf veth0 veth0 || note "cycle $i: configuration after insmod failed"
	rx "${HOLD[0]}" veth0
	ra=$RX
	rx "${HOLD[1]}" veth0
	traffic veth0
	flowing "${HOLD[0]}" veth0 "${HOLD[1]}" veth0 "$ra" "$RX" ||
		note "cycle $i: no traffic on the link"
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
	# Their last datagrams wait in B's queue for .3 and keep the
	# sockets, and so the module, until the entry fails (3 s): delete
	# the entry (gone already if it just failed). The sockets may free
	# their last module reference after an RCU grace.
	ipv8ctl -n "$B" neigh del 65001.10.0.0.3 dev veth0 2>/dev/null
	now_ms
	end=$((NOW + 5000))
	until rmmod ipv8 2>/dev/null; do
		now_ms
		[ "$NOW" -lt "$end" ] || {
			note "cycle $i: rmmod failed with the sockets closed: $(rmmod ipv8 2>&1)"
			break
		}
		nap
	done
	ipv8_loaded && note "cycle $i: ipv8 still loaded after rmmod"
	alive || note "cycle $i: the AF_PACKET sender died during rmmod"
	stop_traffic
done
ipv8_load
PIDS+=("${HOLD[@]}")
HOLD=()
stop_traffic
del_ns
echo "# rmmod with sockets open said: $refused_msg"
[[ "$refused_msg" =~ (in use|busy|Resource temporarily unavailable) ]] ||
	note "rmmod refusal does not say the module is busy: '$refused_msg'"
report "rmmod refused with sockets open, done without, insmod again" "$t0" "$RCYCLES"

# The module left loaded works: configuration and a ping8.
nsnames end
nsveth && conf veth0 veth0 && ping8_ok "$A" 65001.10.0.0.2 -c 2 -i 0.2 -W 2
check_err $? "IPv8 does not work after the cycles"
log_test "module loaded and working at the end"
cleanup_all_ns

ksft_exit
