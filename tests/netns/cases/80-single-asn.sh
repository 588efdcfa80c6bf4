#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Two hosts on one link in ASN 65001: ping8 both ways, the neighbour cache
# (ARP8 resolution, gratuitous ARP8, static entries, flush), the ARP8 frames
# byte for byte against docs/protocol.md 6.5, and a neighbour nobody
# answers: three dual probes, then "Destination Host Unreachable".
#
#   ns H1                              ns H2
#   +------------------------------+   +------------------------------+
#   | veth0 02:00:00:00:00:01      +---+ veth0 02:00:00:00:00:02      |
#   | 65001.192.0.2.1/24           |   | 65001.192.0.2.2/24           |
#   | (later 65001.192.0.2.11/24)  |   |                              |
#   +------------------------------+   +------------------------------+
#   nobody holds 65001.192.0.2.99

source "${IPV8_TESTS:-$(dirname "$0")/..}/lib.sh"
source "${IPV8_TESTS:-$(dirname "$0")/..}/tshark-lib.sh"

cleanup() {
	capture_stop
	cleanup_all_ns
}
trap cleanup EXIT

ksft_begin single-asn

H1_ADDR=65001.192.0.2.1 H2_ADDR=65001.192.0.2.2
MAC1=02:00:00:00:00:01 MAC2=02:00:00:00:00:02
setup_ns H1 H2
ip link add veth0 netns "$H1" address $MAC1 type veth peer name veth0 netns "$H2" address $MAC2 &&
	ip -n "$H1" link set veth0 up && ip -n "$H2" link set veth0 up &&
	ipv8_up "$H1" veth0 $H1_ADDR/24 &&
	ipv8_up "$H2" veth0 $H2_ADDR/24
check_err $? "setup failed"
log_test "setup"

stat() { # stat NS NAME: namespace counter NAME
	ipv8ctl -n "$1" -j stats show | jq -r ".$2"
}
# frames_hex PCAP [FILTER]: one line of lower-case hex per frame (tcpdump
# -xx prints the whole frame, link header included, 16 octets a line).
frames_hex() {
	tcpdump -r "$1" -n -xx ${2:+"$2"} 2>/dev/null | awk '
		/^[0-9]/ { if (f != "") print f; f = ""; next }
		/^[ \t]+0x/ { for (i = 2; i <= NF; i++) f = f $i }
		END { if (f != "") print f }'
}
# count_frame PCAP HEX: how many frames of PCAP are exactly HEX.
count_frame() {
	frames_hex "$1" | grep -cx "$2"
}
# neigh_line NS DEV DST: the "neigh show" line of DST.
neigh_line() {
	ipv8ctl -n "$1" neigh show dev "$2" | grep "^$3 "
}

# The frames of docs/protocol.md 6.5 with the routing prefix 65001
# (00 00 fd e9) instead of 65533; the MACs and host parts are the same.
# Ethernet padding: 60 octets on the wire without FCS.
PAD=00000000000000000000	# 10 octets: ARP8 frames are 50 octets long
ARP8_REQ=ffffffffffff0200000000010806	# Ethernet
ARP8_REQ+=000188b506080001	# hrd 1, pro 88b5, hln 6, pln 8, op 1
ARP8_REQ+=0200000000010000fde9c0000201	# sha, spa 65001.192.0.2.1
ARP8_REQ+=0000000000000000fde9c0000202$PAD	# tha 0, tpa 65001.192.0.2.2
ARP8_REPLY=0200000000010200000000020806
ARP8_REPLY+=000188b506080002
ARP8_REPLY+=0200000000020000fde9c0000202
ARP8_REPLY+=0200000000010000fde9c0000201$PAD
ARP_PROBE=ffffffffffff0200000000010806
ARP_PROBE+=000108000604000102000000000100000000	# pro 0800, spa 0.0.0.0
ARP_PROBE+=000000000000c0000202	# tha 0, tpa 192.0.2.2
ARP_PROBE+=000000000000000000000000000000000000	# padding, 18 octets

# 1. ARP8 resolution on the first packet, every frame as in 6.5.
capture_start "$H1" veth0 h1-resolve --immediate-mode 'arp'
ping8_ok "$H1" $H2_ADDR -c 1 -W 5
check_err $? "first ping8 H1 -> H2 failed"
sleep 0.5
capture_stop h1-resolve
pcap=$IPV8_CAPTURES/h1-resolve.pcap
n=$(count_frame "$pcap" "$ARP8_REQ")
[ "$n" = 1 ]
check_err $? "ARP8 request as in 6.5 seen $n times, want 1; frames: $(frames_hex "$pcap" | tr '\n' ' ')"
n=$(count_frame "$pcap" "$ARP8_REPLY")
[ "$n" = 1 ]
check_err $? "ARP8 reply as in 6.5 seen $n times, want 1; frames: $(frames_hex "$pcap" | tr '\n' ' ')"
n=$(count_frame "$pcap" "$ARP_PROBE")
[ "$n" = 1 ]
check_err $? "plain ARP half of the dual probe seen $n times, want 1"
log_test "dual probe and ARP8 reply: request, reply and plain probe match docs/protocol.md 6.5"

# 2. ping8 both ways, no loss.
ping8_ok "$H1" $H2_ADDR -c 5 -i 0.2 -W 2
check_err $? "ping8 -c 5 H1 -> H2 lost packets"
log_test "ping8 -c 5 H1 -> H2: 0% loss"
ping8_ok "$H2" $H1_ADDR -c 5 -i 0.2 -W 2
check_err $? "ping8 -c 5 H2 -> H1 lost packets"
log_test "ping8 -c 5 H2 -> H1: 0% loss"

# 3. The neighbour entry: confirmed by the ARP8 reply, capability v8 only.
line=$(neigh_line "$H1" veth0 $H2_ADDR)
echo "# H1: $line"
[ "$line" = "$H2_ADDR dev veth0 lladdr $MAC2 v8 REACHABLE" ]
check_err $? "H1 neigh show: '$line', want '$H2_ADDR dev veth0 lladdr $MAC2 v8 REACHABLE'"
ipv8ctl -n "$H1" -j neigh show dev veth0 |
	jq -e --arg d $H2_ADDR '[.[] | select(.dst == $d)] | length == 1 and .[0].caps == ["v8"] and .[0].state == ["REACHABLE"]' >/dev/null
check_err $? "JSON: $(ipv8ctl -n "$H1" -j neigh show dev veth0)"
line=$(neigh_line "$H2" veth0 $H1_ADDR)
echo "# H2: $line"
[[ "$line" == "$H1_ADDR dev veth0 lladdr $MAC1 v8 "* ]]
check_err $? "H2 neigh show: '$line', want '$H1_ADDR dev veth0 lladdr $MAC1 v8 <state>'"
log_test "neigh show: $H2_ADDR lladdr $MAC2 v8 REACHABLE"

# 4. A new address is announced once with a gratuitous ARP8 (6.2).
capture_start "$H2" veth0 h2-garp --immediate-mode 'arp'
ipv8ctl -n "$H1" addr add 65001.192.0.2.11/24 dev veth0
check_err $? "addr add 65001.192.0.2.11/24 failed"
sleep 1
capture_stop h2-garp
GARP=ffffffffffff0200000000010806000188b506080001
GARP+=0200000000010000fde9c000020b0000000000000000fde9c000020b$PAD
pcap=$IPV8_CAPTURES/h2-garp.pcap
n=$(count_frame "$pcap" "$GARP")
[ "$n" = 1 ]
check_err $? "gratuitous ARP8 seen $n times, want 1; frames: $(frames_hex "$pcap" | tr '\n' ' ')"
# The same by fields: ptype 88b5, plen 8, opcode 1, sender == target.
n=$(frames_hex "$pcap" | awk '
	substr($0, 25, 4) == "0806" && substr($0, 33, 4) == "88b5" &&
	substr($0, 39, 2) == "08" && substr($0, 41, 4) == "0001" &&
	substr($0, 57, 16) == "0000fde9c000020b" && substr($0, 85, 16) == "0000fde9c000020b"' | wc -l)
[ "$n" = 1 ]
check_err $? "ARP frames with ptype 88b5 plen 8 sender == target == 65001.192.0.2.11: $n, want 1"
# A receiver updates an entry for the address but creates none.
[ -z "$(neigh_line "$H2" veth0 65001.192.0.2.11)" ]
check_err $? "H2 created an entry from a gratuitous ARP8: $(neigh_line "$H2" veth0 65001.192.0.2.11)"
log_test "addr add sends one gratuitous ARP8 (sender == target == the new address)"

# 5. A static entry with a wrong MAC: frames go to nobody, H2 drops them
# as not addressed to it; deleting the entry restores resolution.
BAD=02:00:00:00:00:99
ipv8ctl -n "$H1" neigh add $H2_ADDR lladdr $BAD dev veth0
check_err $? "neigh add static failed"
line=$(neigh_line "$H1" veth0 $H2_ADDR)
[ "$line" = "$H2_ADDR dev veth0 lladdr $BAD v8 PERMANENT" ]
check_err $? "static entry shows '$line'"
other0=$(stat "$H2" rx_drop_otherhost)
out=$(ip netns exec "$H1" ping8 -c 3 -i 0.2 -W 1 $H2_ADDR 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
[ $rc -eq 1 ] && echo "$out" | grep -q '3 packets transmitted, 0 received, 100% packet loss'
check_err $? "ping8 through a wrong static MAC: exit $rc, want 1 with 100% loss"
other=$(($(stat "$H2" rx_drop_otherhost) - other0))
[ "$other" = 3 ]
check_err $? "H2 rx_drop_otherhost +$other, want +3"
log_test "static neighbour with a wrong MAC: ping8 fails, H2 counts 3 rx_drop_otherhost"

ipv8ctl -n "$H1" neigh del $H2_ADDR dev veth0
check_err $? "neigh del failed"
[ -z "$(neigh_line "$H1" veth0 $H2_ADDR)" ]
check_err $? "entry still there after neigh del"
ping8_ok "$H1" $H2_ADDR -c 2 -i 0.2 -W 5
check_err $? "ping8 after deleting the static entry failed"
line=$(neigh_line "$H1" veth0 $H2_ADDR)
[ "$line" = "$H2_ADDR dev veth0 lladdr $MAC2 v8 REACHABLE" ]
check_err $? "after re-resolution: '$line'"
log_test "neigh del: ping8 works again, entry re-resolved by ARP8"

# 6. flush removes the dynamic entries and keeps static ones.
ipv8ctl -n "$H1" neigh add 65001.192.0.2.77 lladdr 02:00:00:00:00:77 dev veth0
check_err $? "neigh add 65001.192.0.2.77 failed"
ipv8ctl -n "$H1" neigh flush dev veth0
check_err $? "neigh flush failed"
out=$(ipv8ctl -n "$H1" neigh show dev veth0)
echo "$out" | sed 's/^/# after flush: /'
[ "$out" = "65001.192.0.2.77 dev veth0 lladdr 02:00:00:00:00:77 v8 PERMANENT" ]
check_err $? "after flush: '$out', want only the static entry"
ipv8ctl -n "$H1" neigh del 65001.192.0.2.77 dev veth0 &&
	[ -z "$(ipv8ctl -n "$H1" neigh show dev veth0)" ] &&
	[ "$(ipv8ctl -n "$H1" -j neigh show dev veth0)" = "[]" ]
check_err $? "table not empty after deleting the static entry: $(ipv8ctl -n "$H1" neigh show)"
log_test "neigh flush removes dynamic entries only"

# 7. An address nobody holds: 3 dual probes 1 s apart, then FAILED,
# the queued request dropped with host unreachable (code 1).
failed0=$(stat "$H1" tx_drop_neigh_failed)
arp0=$(stat "$H1" arp_tx_packets)
capture_start "$H1" veth0 h1-unreach --immediate-mode 'arp'
out=$(ip netns exec "$H1" ping8 -c 1 -W 8 65001.192.0.2.99 2>&1)
rc=$?
sleep 0.5
capture_stop h1-unreach
echo "$out" | sed 's/^/# /'
[ $rc -eq 1 ] && echo "$out" | grep -q '^From 65001.192.0.2.1 icmp_seq=1 Destination Host Unreachable$'
check_err $? "want 'From 65001.192.0.2.1 icmp_seq=1 Destination Host Unreachable', exit 1 (got $rc)"
failed=$(($(stat "$H1" tx_drop_neigh_failed) - failed0))
[ "$failed" = 1 ]
check_err $? "tx_drop_neigh_failed +$failed, want +1"
arp=$(($(stat "$H1" arp_tx_packets) - arp0))
[ "$arp" = 6 ]
check_err $? "arp_tx_packets +$arp, want +6 (3 dual probes)"
pcap=$IPV8_CAPTURES/h1-unreach.pcap
n8=$(frames_hex "$pcap" | awk 'substr($0, 33, 4) == "88b5" && substr($0, 85, 16) == "0000fde9c0000263"' | wc -l)
n4=$(frames_hex "$pcap" | awk 'substr($0, 33, 4) == "0800" && substr($0, 77, 8) == "c0000263"' | wc -l)
[ "$n8" = 3 ] && [ "$n4" = 3 ]
check_err $? "captured $n8 ARP8 requests and $n4 plain ARP probes for .99, want 3 and 3"
line=$(neigh_line "$H1" veth0 65001.192.0.2.99)
echo "# $line"
[[ "$line" == "65001.192.0.2.99 dev veth0 "*FAILED ]]
check_err $? "entry for .99: '$line', want FAILED"
log_test "unanswered neighbour: 3 dual probes, Destination Host Unreachable, tx_drop_neigh_failed 1"

# An address change reaches the per-packet path at once (docs 9.4): with
# its address gone H2 neither delivers nor answers (H1 still knows its MAC,
# so the request arrives and is counted as not for H2 and not forwarded),
# and H2 has no way out; with the address back, the next packet works.
ping8_ok "$H1" $H2_ADDR -c 1 -W 2	# H1 learns H2's MAC again
nf0=$(stat "$H2" rx_drop_not_forwarding)
ipv8ctl -n "$H2" addr del $H2_ADDR/24 dev veth0 &&
	! ip netns exec "$H1" ping8 -c 1 -W 1 -q $H2_ADDR >/dev/null 2>&1
check_err $? "ping8 to a deleted address was answered"
nf=$(($(stat "$H2" rx_drop_not_forwarding) - nf0))
[ "$nf" = 1 ]
check_err $? "H2 rx_drop_not_forwarding +$nf, want +1"
out=$(ip netns exec "$H2" ping8 -c 1 -W 1 $H1_ADDR 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
[ $rc -eq 1 ] && [[ "$out" == *"ping8: sendto: Network is unreachable"* ]]
check_err $? "H2 without an address: ping8 exit $rc, want 1 and 'sendto: Network is unreachable'"
ipv8ctl -n "$H2" addr add $H2_ADDR/24 dev veth0 &&
	ping8_ok "$H1" $H2_ADDR -c 1 -W 2
check_err $? "address back, ping8 fails"
log_test "addr del: not delivered (rx_drop_not_forwarding +1), no route out; addr add: the next ping8 works"

ksft_exit
