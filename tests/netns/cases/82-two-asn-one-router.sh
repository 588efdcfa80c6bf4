#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Two ASNs through one router: ping8 crosses it without loss, every frame
# on either side is well-formed IPv8 with the TTL one lower behind the
# router, a TTL-limited ping8 gets time exceeded from the router, and a
# destination in an ASN no route names gets "ASN unreachable" (code 16).
#
#   ns H1 (ASN 65001)        ns R (forwarding on both links)      ns H2 (ASN 65002)
#   +------------------+     +-------------------------------+     +--------------------+
#   | veth0            +-----+ veth1 65001.192.0.2.254/24     |     |                    |
#   | 65001.192.0.2.1  |     |       65002.198.51.100.254/24  +-----+ veth0              |
#   | default via .254 |     |                         veth2  |     | 65002.198.51.100.1 |
#   +------------------+     +-------------------------------+     | default via .254   |
#                                                                   +--------------------+

source "${IPV8_TESTS:-$(dirname "$0")/..}/lib.sh"
source "$IPV8_TESTS/tshark-lib.sh"

cleanup() {
	capture_stop
	cleanup_all_ns
}
trap cleanup EXIT

ksft_begin two-asn-one-router

H1_ADDR=65001.192.0.2.1 H2_ADDR=65002.198.51.100.1
setup_ns H1 R H2
two_asn_one_router
check_err $? "setup failed"
log_test "setup"

capture_start "$H1" veth0 h1 &&
	capture_start "$H2" veth0 h2
check_err $? "tcpdump did not start"

ping8_ok "$H1" $H2_ADDR -c 20 -i 0.1 -W 2
check_err $? "ping8 -c 20 across the router lost packets"
log_test "ping8 -c 20 65001 -> 65002 through one router: 0% loss"

ping8_ok "$H2" $H1_ADDR -c 5 -i 0.1 -W 2
check_err $? "ping8 back from 65002 lost packets"
log_test "ping8 -c 5 65002 -> 65001: 0% loss"

# Time exceeded from the router for TTL 1.
out=$(ip netns exec "$H1" ping8 -c 1 -t 1 -W 2 $H2_ADDR 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
[ $rc -eq 1 ] && echo "$out" | grep -q '^From 65001.192.0.2.254 icmp_seq=1 Time to live exceeded'
check_err $? "ping8 -t 1: want 'From 65001.192.0.2.254 ... Time to live exceeded', exit 1 (got $rc)"
log_test "ping8 -t 1 gets time exceeded from the router"

# No route in R names ASN 65003 and R has no default: code 16.
ipv8ctl -n "$H1" route add 65003.0.0.0.0/0 via 65001.192.0.2.254
out=$(ip netns exec "$H1" ping8 -c 1 -W 2 65003.203.0.113.1 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
[ $rc -eq 1 ] && echo "$out" | grep -q '^From 65001.192.0.2.254 icmp_seq=1 Destination ASN Unreachable'
check_err $? "want 'Destination ASN Unreachable' from the router, exit 1 (got $rc)"
log_test "an ASN no route names: destination unreachable code 16"

# Neighbours: the router answered ARP8 on both sides.
ipv8ctl -n "$H1" neigh show dev veth0 | grep -q '^65001.192.0.2.254 dev veth0 lladdr [0-9a-f:]* .*v8'
check_err $? "H1 has no v8 neighbour entry for the router: $(ipv8ctl -n "$H1" neigh show)"
log_test "ARP8 resolved the router (capability v8)"

fwd=$(ipv8ctl -n "$R" -j stats show | jq .rx_forwarded)
[ "$fwd" -ge 50 ]
check_err $? "router rx_forwarded $fwd, want >= 50"
log_test "router counted $fwd forwarded packets"

capture_stop
# The host decodes the captures with tshark and the project's dissector
# (82-two-asn-one-router.host.sh).

ksft_exit
