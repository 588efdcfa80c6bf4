#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# One Ethernet segment shared by two IPv8 hosts and an IPv4-only host
# (docs/protocol.md section 5): IPv4 between A and C works, A and B talk
# IPv8, an IPv8 packet for C's host part leaves A as stripped IPv4 (C's
# neighbour entry settles as v4 only), a destination in another ASN behind
# C gets "No IPv8 Path" (code 17), and C never receives an 0x88B5 frame.
#
#   ns A                       ns S                        ns B
#   +--------------------+     +----------------------+     +--------------------+
#   | veth0 ...:0a       +-----+ pa                pb +-----+ veth0 ...:0b       |
#   | 65001.192.0.2.1/24 |     |    br0 (bridge)      |     | 65001.192.0.2.2/24 |
#   | 192.0.2.1/24 (ip)  |     |          pc          |     | 192.0.2.2/24 (ip)  |
#   +--------------------+     +----------+-----------+     +--------------------+
#                                         |
#                              +----------+-----------+
#                              | veth0 ...:0c   ns C  |
#                              | 192.0.2.3/24, no IPv8|
#                              +----------------------+

source "${IPV8_TESTS:-$(dirname "$0")/..}/lib.sh"
source "${IPV8_TESTS:-$(dirname "$0")/..}/tshark-lib.sh"

cleanup() {
	capture_stop
	cleanup_all_ns
}
trap cleanup EXIT

ksft_begin mixed-ipv4-only

stat() { # stat NS NAME: namespace counter NAME
	ipv8ctl -n "$1" -j stats show | jq -r ".$2"
}
link_stat() { # link_stat NS NAME: counter NAME of NS's veth0
	ipv8ctl -n "$1" -s -j link show dev veth0 | jq -r ".[0].stats.$2"
}
neigh_line() { # neigh_line NS DST
	ipv8ctl -n "$1" neigh show dev veth0 | grep "^$2 "
}
count() { # count PCAP FILTER [TCPDUMP OPTIONS]: matching frames
	tcpdump -r "$1" -n $3 "$2" 2>/dev/null | grep -c '^[0-9]'
}

# The bridge is a module (llc, stp, bridge) that mkinitramfs ships when
# the kernel has it; the guest does not load it by default.
setup_ns S
if ! bridge_available || ! ip -n "$S" link add br0 type bridge 2>/dev/null; then
	log_test_skip "bridged segment" "no bridge support in this kernel"
	echo "1..$KSFT_NUM"
	exit "$KSFT_SKIP"
fi

setup_ns A B C
ip -n "$S" link set br0 type bridge stp_state 0 forward_delay 0 &&
	ip -n "$S" link set br0 up
check_err $? "bridge setup failed"
for h in A:0a:pa B:0b:pb C:0c:pc; do
	IFS=: read -r var mac port <<<"$h"
	ip link add veth0 netns "${!var}" address 02:00:00:00:00:$mac type veth \
		peer name $port netns "$S" &&
		ip -n "$S" link set $port master br0 &&
		ip -n "$S" link set $port up &&
		ip -n "${!var}" link set veth0 up
	check_err $? "link of $var failed"
done
ip -n "$A" addr add 192.0.2.1/24 dev veth0 &&
	ip -n "$B" addr add 192.0.2.2/24 dev veth0 &&
	ip -n "$C" addr add 192.0.2.3/24 dev veth0
check_err $? "IPv4 addresses failed"
# C captures everything it is given, from before anyone speaks IPv8.
capture_start "$C" veth0 c-all --immediate-mode
check_err $? "capture on C failed"
ipv8_up "$A" veth0 65001.192.0.2.1/24 &&
	ipv8_up "$B" veth0 65001.192.0.2.2/24
check_err $? "IPv8 setup failed"
log_test "setup: A and B dual-stack, C IPv4 only, one bridge"

# 1. Plain IPv4 between A and C (ping8 hands prefix-0 destinations to
# AF_INET), and back with busybox ping.
ping8_ok "$A" 192.0.2.3 -c 3 -i 0.2 -W 2
check_err $? "IPv4 ping A -> C failed"
if command -v ping >/dev/null; then
	ip netns exec "$C" ping -c 2 -W 2 192.0.2.1 >/dev/null 2>&1
	check_err $? "IPv4 ping C -> A failed"
fi
log_test "IPv4 ping between A and C"

# 2. A -> B is IPv8: delivered by B's IPv8 stack, nothing downgraded.
del0=$(link_stat "$B" rx_delivered) down0=$(stat "$A" tx_downgraded)
ping8_ok "$A" 65001.192.0.2.2 -c 3 -i 0.2 -W 5
check_err $? "ping8 A -> B failed"
d=$(($(link_stat "$B" rx_delivered) - del0))
[ "$d" = 3 ]
check_err $? "B rx_delivered +$d, want +3"
[ "$(stat "$A" tx_downgraded)" = "$down0" ]
check_err $? "A tx_downgraded moved for an IPv8 neighbour"
# B's IPv4 stack answered the plain half of the probe as well.
line=$(neigh_line "$A" 65001.192.0.2.2)
echo "# $line"
[ "$line" = "65001.192.0.2.2 dev veth0 lladdr 02:00:00:00:00:0b v8+v4 REACHABLE" ]
check_err $? "A's entry for B: '$line', want 'lladdr 02:00:00:00:00:0b v8+v4 REACHABLE'"
log_test "ping8 A -> B as IPv8; B's entry v8+v4"

# 3. A -> 65001.192.0.2.3: C answers only plain ARP; the request leaves as
# IPv4 (routing prefixes stripped). C's reply goes to A's IPv4 stack, so
# ping8 itself sees no reply (section 5).
down0=$(link_stat "$A" tx_downgraded) tx0=$(link_stat "$A" tx_packets)
capture_start "$C" veth0 c-downgrade --immediate-mode 'icmp'
out=$(ip netns exec "$A" ping8 -c 1 -W 3 65001.192.0.2.3 2>&1)
rc=$?
sleep 0.5
capture_stop c-downgrade
echo "$out" | sed 's/^/# /'
[ $rc -eq 1 ] && echo "$out" | grep -q '^1 packets transmitted, 0 received'
check_err $? "ping8 to C's IPv8 form: exit $rc, want 1 and no reply through AF_INET8"
d=$(($(link_stat "$A" tx_downgraded) - down0))
[ "$d" = 1 ] && [ "$(link_stat "$A" tx_packets)" = "$tx0" ]
check_err $? "A veth0 tx_downgraded +$d (want +1), tx_packets +$(($(link_stat "$A" tx_packets) - tx0)) (want +0)"
line=$(neigh_line "$A" 65001.192.0.2.3)
echo "# $line"
[ "$line" = "65001.192.0.2.3 dev veth0 lladdr 02:00:00:00:00:0c v4 REACHABLE" ]
check_err $? "A's entry for C: '$line', want 'lladdr 02:00:00:00:00:0c v4 REACHABLE'"
log_test "ping8 A -> 65001.192.0.2.3: entry settles v4, tx_downgraded 1"

pcap=$IPV8_CAPTURES/c-downgrade.pcap
tcpdump -r "$pcap" -n -v 2>/dev/null | sed 's/^/# c: /'
req=$(tcpdump -r "$pcap" -n 2>/dev/null | grep -c ' IP 192\.0\.2\.1 > 192\.0\.2\.3: ICMP echo request, id [0-9]*, seq 1, length 64$')
rep=$(tcpdump -r "$pcap" -n 2>/dev/null | grep -c ' IP 192\.0\.2\.3 > 192\.0\.2\.1: ICMP echo reply, id [0-9]*, seq 1, length 64$')
all=$(count "$pcap" '')
ttl=$(count "$pcap" 'ip[8] = 64 and ip[0] = 0x45 and ip[6:2] & 0x4000 != 0 and ip[2:2] = 84 and icmp[icmptype] = icmp-echo')
bad=$(tcpdump -r "$pcap" -n -v 2>/dev/null | grep -c 'bad cksum\|wrong icmp cksum')
[ "$req" = 1 ] && [ "$rep" = 1 ] && [ "$all" = 2 ] && [ "$ttl" = 1 ] && [ "$bad" = 0 ]
check_err $? "C saw $req echo requests 192.0.2.1 > 192.0.2.3 (want 1; $ttl with IHL 5, DF, TTL 64, length 84), $rep replies (want 1), $all ICMP frames (want 2), $bad bad checksums"
log_test "C receives one IPv4 echo request 192.0.2.1 > 192.0.2.3 (IHL 5, DF, TTL 64) and answers it"

# 4. Another ASN behind the IPv4-only C: no IPv8 path (code 17), the
# error generated by A itself for its own raw socket.
ipv8ctl -n "$A" route add 65009.0.0.0.0/0 via 65001.192.0.2.3
check_err $? "route add 65009 via C failed"
nov8=$(link_stat "$A" tx_drop_no_v8_path) down0=$(link_stat "$A" tx_downgraded)
out=$(ip netns exec "$A" ping8 -c 1 -W 3 65009.10.0.0.1 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
[ $rc -eq 1 ] && echo "$out" | grep -qx 'From 65001.192.0.2.1 icmp_seq=1 No IPv8 Path'
check_err $? "want 'From 65001.192.0.2.1 icmp_seq=1 No IPv8 Path', exit 1 (got $rc)"
d=$(($(link_stat "$A" tx_drop_no_v8_path) - nov8))
[ "$d" = 1 ] && [ "$(link_stat "$A" tx_downgraded)" = "$down0" ]
check_err $? "A tx_drop_no_v8_path +$d (want +1), tx_downgraded +$(($(link_stat "$A" tx_downgraded) - down0)) (want +0)"
[ "$(stat "$A" tx_drop_no_v8_path)" = 1 ]
check_err $? "netns tx_drop_no_v8_path $(stat "$A" tx_drop_no_v8_path), want 1"
log_test "65009 via IPv4-only C: No IPv8 Path (code 17), tx_drop_no_v8_path 1"

# 5. Nothing with ethertype 0x88B5 ever reached C; ARP8 (an ARP frame)
# did, and so did the IPv4 traffic.
sleep 0.5
capture_stop c-all
pcap=$IPV8_CAPTURES/c-all.pcap
v8=$(count "$pcap" 'ether proto 0x88b5')
arp8=$(count "$pcap" 'arp and ether[16:2] = 0x88b5')
v4=$(count "$pcap" 'ip')
to65009=$(count "$pcap" 'ip dst 10.0.0.1')
echo "# C saw $v8 IPv8 frames, $arp8 ARP8 frames, $v4 IPv4 packets"
[ "$v8" = 0 ] && [ "$arp8" -gt 0 ] && [ "$v4" -gt 0 ] && [ "$to65009" = 0 ]
check_err $? "C received $v8 frames of ethertype 0x88B5 (want 0), $arp8 ARP8, $v4 IPv4, $to65009 for 10.0.0.1 (want 0)"
log_test "C never received an 0x88B5 frame"

ksft_exit
