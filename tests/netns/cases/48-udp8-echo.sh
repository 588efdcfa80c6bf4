#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# UDP8 through a router (issue 5, "Done when"): an echo server in ASN 65002
# and a client in ASN 65001 exchange UDP8_ECHO_COUNT (100000; 20000 on the
# debug kernel) datagrams of every size from 0 to 1464 octets (a
# 1500-octet packet, the MTU edge).
# Each datagram is either echoed or dropped with a reason: the client's
# "lost" equals what the kernel's drop counters grew by on the two hosts
# and the router, and it is small. The first 2000 frames on the client's
# link are captured, and apart the four at the size limits; the host check
# (48-udp8-echo.host.sh) verifies the UDP8 checksum of every datagram in
# them with the project's dissector.
#
#   ns H1 (ASN 65001)        ns R (forwarding on both links)      ns H2 (ASN 65002)
#   +------------------+     +-------------------------------+     +--------------------+
#   | veth0            +-----+ veth1 65001.192.0.2.254/24     |     |                    |
#   | 65001.192.0.2.1  |     |       65002.198.51.100.254/24  +-----+ veth0              |
#   | udp8-echo client |     |                         veth2  |     | 65002.198.51.100.1 |
#   +------------------+     +-------------------------------+     | udp8-echo server:7 |
#                                                                   +--------------------+

source "${IPV8_TESTS:-$(dirname "$0")/..}/lib.sh"
source "$IPV8_TESTS/tshark-lib.sh"

SERVER_PID=
cleanup() {
	[ -z "$SERVER_PID" ] || kill "$SERVER_PID" 2>/dev/null
	capture_stop
	cleanup_all_ns
}
trap cleanup EXIT

ksft_begin udp8-echo

# The debug kernel runs ten times slower: 20000 datagrams still take every
# size through every path there, in a fifth of the time.
case $(uname -r) in
*-ipv8-debug) COUNT=${UDP8_ECHO_COUNT:-20000} ;;
*) COUNT=${UDP8_ECHO_COUNT:-100000} ;;
esac
H1_ADDR=65001.192.0.2.1 H2_ADDR=65002.198.51.100.1

if ! command -v udp8-echo >/dev/null; then
	log_test_skip "udp8-echo" "bin/udp8-echo not built"
	echo "1..$KSFT_NUM"
	exit "$KSFT_SKIP"
fi

setup_ns H1 R H2
two_asn_one_router
check_err $? "setup failed"
# Neighbours resolved before the run, so that it measures UDP8 only.
ping8_ok "$H1" $H2_ADDR -c 2 -i 0.2 -W 2
check_err $? "ping8 across the router failed"
log_test "setup: two ASNs, one router, ping8 across"

# stats_snapshot FILE: every ipv8 counter of the three namespaces as
# "ns name value" lines, and the drop counters of their links as
# "ns dev:rx_dropped value" (a veth that drops is a loss too).
stats_snapshot() {
	local ns
	for ns in "$H1" "$R" "$H2"; do
		ipv8ctl -n "$ns" -j stats show |
			jq -r --arg ns "$ns" 'to_entries[] | "\($ns) \(.key) \(.value)"'
		ip -n "$ns" -s -j link show |
			jq -r --arg ns "$ns" '.[] | select(.ifname != "lo") |
				"\($ns) \(.ifname):rx_dropped \(.stats64.rx.dropped)",
				"\($ns) \(.ifname):tx_dropped \(.stats64.tx.dropped)"'
	done
}

# Two captures of the client's link for the host check: a bounded sample
# of the traffic (tcpdump may miss some of it on a busy host: the host
# check reads what it got), and the four frames at the size limits, the
# empty datagram (a 50-octet frame) and the largest (1514: a 1500-octet
# packet) each way, picked by the kernel's filter so that tcpdump has no
# chance to fall behind.
capture_start "$H1" veth0 udp8-h1 -c 2000 'ether proto 0x88b5'
check_err $? "tcpdump did not start"
capture_start "$H1" veth0 udp8-edges -c 4 \
	'ether proto 0x88b5 and ether[23] == 17 and (len == 50 or len == 1514)'
check_err $? "tcpdump did not start"

stats_snapshot >/tmp/udp8-before
ip netns exec "$H2" udp8-echo server $H2_ADDR:7 >/tmp/udp8-server.out 2>&1 &
SERVER_PID=$!
busywait 10000 grep -q '^listening on' /tmp/udp8-server.out >/dev/null
check_err $? "udp8-echo server did not start: $(cat /tmp/udp8-server.out)"
log_test "udp8-echo server listening on $H2_ADDR:7"

start=$(date +%s.%N)
out=$(ip netns exec "$H1" udp8-echo client -n "$COUNT" $H2_ADDR:7 2>&1)
rc=$?
end=$(date +%s.%N)
echo "$out" | sed 's/^/# client: /'
kill -TERM "$SERVER_PID"
wait "$SERVER_PID"
SERVER_PID=
sed 's/^/# server: /' /tmp/udp8-server.out
stats_snapshot >/tmp/udp8-after

line=$(echo "$out" | grep '^sent ')
field() { echo "$line" | awk -v k="$1" '{ for (i = 1; i < NF; i++) if ($i == k) print $(i + 1) }'; }
sent=$(field sent) echoed=$(field echoed) lost=$(field lost)
[ $rc -eq 0 ] && [ -n "$sent" ] && [ "$(field bad)" = 0 ] && [ "$(field send_errors)" = 0 ]
check_err $? "udp8-echo client exited $rc, want 0 with no bad echo and no send error"
[ "${sent:-0}" -eq "$COUNT" ] && [ $((sent - echoed)) -eq "$lost" ]
check_err $? "client sent ${sent:-?} of $COUNT datagrams, echoed ${echoed:-?}, lost ${lost:-?}"
log_test "client: sent ${sent:-?} echoed ${echoed:-?} lost ${lost:-?} in $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }') s"

# What grew: "ns name delta" for every counter that changed.
awk 'NR == FNR { v[$1 " " $2] = $3; next }
	$3 != v[$1 " " $2] { print $1, $2, $3 - v[$1 " " $2] }' \
	/tmp/udp8-before /tmp/udp8-after >/tmp/udp8-delta
sed 's/^/# grew: /' /tmp/udp8-delta
delta() { awk -v ns="$1" -v k="$2" '$1 == ns && $2 == k { d = $3 } END { print d + 0 }' /tmp/udp8-delta; }
drops=$(awk '$2 ~ /drop/ { s += $3 } END { print s + 0 }' /tmp/udp8-delta)
echo "# lost $lost, drop counters grew by $drops:" \
	"$(awk '$2 ~ /drop/ { printf " %s/%s +%d", $1, $2, $3 }' /tmp/udp8-delta)"
[ "${lost:-x}" = "$drops" ]
check_err $? "client lost ${lost:-?} datagrams but the drop counters grew by $drops"
log_test "every lost datagram has a drop counter: lost $lost = drops $drops"

# Losses are rare: at most 1%.
[ "${lost:-$COUNT}" -le $((COUNT / 100)) ]
check_err $? "lost $lost of $COUNT datagrams, want at most 1%"
log_test "lost $lost of $COUNT datagrams (at most 1%)"

# The UDP8 counters of the two hosts match the programs' own counts.
srv=$(grep '^received ' /tmp/udp8-server.out)
received=$(echo "$srv" | awk '{ print $2 }') srv_echoed=$(echo "$srv" | awk '{ print $4 }')
[ "$(delta "$H1" udp_tx_datagrams)" = "$sent" ] &&
	[ "$(delta "$H2" udp_rx_datagrams)" = "$received" ] &&
	[ "$(delta "$H2" udp_tx_datagrams)" = "$srv_echoed" ] &&
	[ "$(delta "$H1" udp_rx_datagrams)" = "$echoed" ]
check_err $? "udp counters: H1 tx $(delta "$H1" udp_tx_datagrams) (sent $sent)," \
	"H2 rx $(delta "$H2" udp_rx_datagrams) (received $received)," \
	"H2 tx $(delta "$H2" udp_tx_datagrams) (echoed $srv_echoed)," \
	"H1 rx $(delta "$H1" udp_rx_datagrams) (echoed back $echoed)"
log_test "udp_tx/rx_datagrams match: client $sent sent, server $received received, $srv_echoed echoed"

capture_wait udp8-h1 1000 || capture_stop udp8-h1
# The host checks the checksums with tshark (48-udp8-echo.host.sh).
capture_wait udp8-edges 1000
check_err $? "the four frames at the size limits were not all captured"
log_test "the empty and the largest datagram captured, both ways"

ksft_exit
