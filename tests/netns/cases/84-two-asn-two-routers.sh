#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Two ASNs, two routers joined by a RINE peering link (an ASN border):
# ping8 crosses both without loss, replies arrive with TTL 62, TTL-limited
# ping8 gets time exceeded from each router (R2 answers from its 65002
# address, never from its RINE one), and captures on both sides show the
# echo requests leaving with TTL 64 and arriving with TTL 62.
#
#   ns H1 (65001)       ns R1                            ns R2                            ns H2 (65002)
#   +--------------+    +-----------------------------+  +-----------------------------+  +-------------------+
#   | veth0        +----+ veth1 65001.192.0.2.254/24  |  |  65002.198.51.100.254/24    +--+ veth0             |
#   | 65001.       |    |                       veth2 +--+ veth1                 veth2 |  | 65002.198.51.100.1|
#   |  192.0.2.1   |    | 100.0.0.1.0.0.0.1/30 border |  | 100.0.0.1.0.0.0.2/30 border |  | default via .254  |
#   | default via  |    | 65002.0.0.0.0/0 via         |  | 65001.0.0.0.0/0 via         |  +-------------------+
#   |  .254        |    |   100.0.0.1.0.0.0.2         |  |   100.0.0.1.0.0.0.1         |
#   +--------------+    +-----------------------------+  +-----------------------------+
#   forwarding on every router link

source "${IPV8_TESTS:-$(dirname "$0")/..}/lib.sh"
source "${IPV8_TESTS:-$(dirname "$0")/..}/tshark-lib.sh"

cleanup() {
	capture_stop
	cleanup_all_ns
}
trap cleanup EXIT

ksft_begin two-asn-two-routers

H1_ADDR=65001.192.0.2.1 H2_ADDR=65002.198.51.100.1
RINE1=100.0.0.1.0.0.0.1 RINE2=100.0.0.1.0.0.0.2
setup_ns H1 R1 R2 H2
veth_pair "$H1" veth0 "$R1" veth1 &&
	veth_pair "$R1" veth2 "$R2" veth1 &&
	veth_pair "$R2" veth2 "$H2" veth0 &&
	ipv8_up "$H1" veth0 $H1_ADDR/24 &&
	ipv8_up "$R1" veth1 65001.192.0.2.254/24 forwarding on &&
	ipv8_up "$R1" veth2 $RINE1/30 forwarding on border on &&
	ipv8_up "$R2" veth1 $RINE2/30 forwarding on border on &&
	ipv8_up "$R2" veth2 65002.198.51.100.254/24 forwarding on &&
	ipv8_up "$H2" veth0 $H2_ADDR/24 &&
	ipv8ctl -n "$H1" route add default via 65001.192.0.2.254 &&
	ipv8ctl -n "$R1" route add 65002.0.0.0.0/0 via $RINE2 &&
	ipv8ctl -n "$R2" route add 65001.0.0.0.0/0 via $RINE1 &&
	ipv8ctl -n "$H2" route add default via 65002.198.51.100.254
check_err $? "setup failed"
log_test "setup"

# The addresses print in canonical form: RINE as 8-octet dotted.
ipv8ctl -n "$R1" addr show dev veth2 | grep -qx "    inet8 $RINE1/30"
check_err $? "R1 veth2: $(ipv8ctl -n "$R1" addr show dev veth2)"
log_test "RINE address on the border link"

stat() { # stat NS NAME: namespace counter NAME
	ipv8ctl -n "$1" -j stats show | jq -r ".$2"
}
# count PCAP FILTER: frames of PCAP matching the BPF FILTER.
count() {
	tcpdump -r "$1" -n "$2" 2>/dev/null | grep -c '^[0-9]'
}

# Warm the neighbour caches so the measured run has nothing to resolve.
ping8_ok "$H1" $H2_ADDR -c 1 -W 5
check_err $? "first ping8 across both routers failed"
log_test "ping8 H1 -> H2 resolves every hop"

fwd1=$(stat "$R1" rx_forwarded) fwd2=$(stat "$R2" rx_forwarded)
capture_start "$H1" veth0 two-routers-h1 'ether proto 0x88b5'
capture_start "$H2" veth0 two-routers-h2 'ether proto 0x88b5'
out=$(ip netns exec "$H1" ping8 -c 20 -i 0.1 -W 2 $H2_ADDR 2>&1)
rc=$?
sleep 0.5
capture_stop two-routers-h1 two-routers-h2
echo "$out" | sed 's/^/# /'
[ $rc -eq 0 ] && echo "$out" | grep -q '^20 packets transmitted, 20 received, 0% packet loss'
check_err $? "ping8 -c 20: exit $rc, want 20 of 20 received"
log_test "ping8 -c 20 -i 0.1 65001 -> 65002 through two routers: 0% loss"

n=$(echo "$out" | grep -c "^64 bytes from $H2_ADDR: icmp_seq=[0-9]* ttl=62 ")
[ "$n" = 20 ]
check_err $? "$n replies with ttl=62, want 20"
log_test "every reply arrives with TTL 62"

d1=$(($(stat "$R1" rx_forwarded) - fwd1)) d2=$(($(stat "$R2" rx_forwarded) - fwd2))
[ "$d1" = 40 ] && [ "$d2" = 40 ]
check_err $? "rx_forwarded R1 +$d1, R2 +$d2, want +40 each"
log_test "each router forwarded exactly 40 packets"

# Byte 22 of the frame is the TTL (14 + 8), 42 the ICMP type (14 + 28).
h1=$IPV8_CAPTURES/two-routers-h1.pcap h2=$IPV8_CAPTURES/two-routers-h2.pcap
req=$(count "$h1" 'ether proto 0x88b5 and ether[42] = 8')
req64=$(count "$h1" 'ether proto 0x88b5 and ether[42] = 8 and ether[22] = 64')
rep62=$(count "$h1" 'ether proto 0x88b5 and ether[42] = 0 and ether[22] = 62')
[ "$req" = 20 ] && [ "$req64" = 20 ] && [ "$rep62" = 20 ]
check_err $? "H1 side: $req requests ($req64 with TTL 64), $rep62 replies with TTL 62; want 20 each"
log_test "H1 side: 20 echo requests with TTL 64, 20 replies with TTL 62"
req=$(count "$h2" 'ether proto 0x88b5 and ether[42] = 8')
req62=$(count "$h2" 'ether proto 0x88b5 and ether[42] = 8 and ether[22] = 62')
rep64=$(count "$h2" 'ether proto 0x88b5 and ether[42] = 0 and ether[22] = 64')
[ "$req" = 20 ] && [ "$req62" = 20 ] && [ "$rep64" = 20 ]
check_err $? "H2 side: $req requests ($req62 with TTL 62), $rep64 replies with TTL 64; want 20 each"
log_test "H2 side: 20 echo requests with TTL 62, 20 replies with TTL 64"

# TTL 1 dies at R1, TTL 2 at R2; each answers with time exceeded.
ttl1=$(stat "$R1" rx_drop_ttl)
out=$(ip netns exec "$H1" ping8 -c 1 -t 1 -W 3 $H2_ADDR 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
[ $rc -eq 1 ] && echo "$out" | grep -qx 'From 65001.192.0.2.254 icmp_seq=1 Time to live exceeded'
check_err $? "ping8 -t 1: want 'From 65001.192.0.2.254 icmp_seq=1 Time to live exceeded', exit 1 (got $rc)"
[ $(($(stat "$R1" rx_drop_ttl) - ttl1)) = 1 ]
check_err $? "R1 rx_drop_ttl +$(($(stat "$R1" rx_drop_ttl) - ttl1)), want +1"
log_test "ping8 -t 1: time exceeded from R1 (65001.192.0.2.254)"

ttl2=$(stat "$R2" rx_drop_ttl)
out=$(ip netns exec "$H1" ping8 -c 1 -t 2 -W 3 $H2_ADDR 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
# The way back to H1 is the RINE link, whose only address is RINE: it is
# never the source of a packet leaving its subnet (docs/protocol.md 1.4).
[ $rc -eq 1 ] && echo "$out" | grep -qx 'From 65002.198.51.100.254 icmp_seq=1 Time to live exceeded'
check_err $? "ping8 -t 2: want 'From 65002.198.51.100.254 icmp_seq=1 Time to live exceeded', exit 1 (got $rc)"
! echo "$out" | grep -q "$RINE2\|100\.0\.0\.1\."
check_err $? "R2 answered from its RINE address"
[ $(($(stat "$R2" rx_drop_ttl) - ttl2)) = 1 ]
check_err $? "R2 rx_drop_ttl +$(($(stat "$R2" rx_drop_ttl) - ttl2)), want +1"
log_test "ping8 -t 2: time exceeded from R2's 65002 address, not its RINE address"

ping8_ok "$H1" $H2_ADDR -c 1 -t 3 -W 3
check_err $? "ping8 -t 3 should reach H2"
log_test "ping8 -t 3 reaches H2"

ksft_exit
