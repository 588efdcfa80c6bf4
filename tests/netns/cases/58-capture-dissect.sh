#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The capture pipeline end to end: exact IPv8 and ARP8 frames from
# docs/test-vectors.json go from A to B over a veth, tcpdump captures them on
# both ends into $IPV8_CAPTURES, vm-run brings the pcaps home and
# 58-capture-dissect.host.sh decodes them there with tshark and
# tools/wireshark/ipv8.lua (version, IHL, checksums good, and the one
# corrupted header checksum bad).
#
#   ns A                             ns B  (IPv8 off: nothing answers)
#   +----------------------+         +----------------------+
#   | veth0  [tcpdump a-tx]+---------+ veth0  [tcpdump b-rx]|
#   | ipv8-testsend -raw   |  ---->  |                      |
#   +----------------------+         +----------------------+

source "${IPV8_TESTS:-$(dirname "$0")/..}/lib.sh"
source "${IPV8_TESTS:-$(dirname "$0")/..}/tshark-lib.sh"

# shellcheck disable=SC2317 # called by the trap
cleanup() {
	capture_stop
	cleanup_all_ns
}
trap cleanup EXIT

ksft_begin capture-dissect

# Frames after the Ethernet header, from docs/test-vectors.json: icmpv8
# echo-request, udp8 datagram, receive_checks bad-checksum (the echo request
# with header checksum 5882 instead of 5883) and arp8 arp8-request.
ECHO=870000341c464000400158830000fffdc00002010000fffdc0000202080020471c46000149507638206563686f20746573742121
UDP=8700003000014000401174bc0000fffdc00002010000fffdc00002029c4000070014d29668656c6c6f2c20697076380a
BADSUM=870000341c464000400158820000fffdc00002010000fffdc0000202080020471c46000149507638206563686f20746573742121
ARP8=000188b5060800010200000000010000fffdc00002010000000000000000fffdc000020200000000000000000000
NFRAMES=5

setup_ns A B
veth_pair "$A" veth0 "$B" veth0
check_err $? "setup failed"
mac=$(ip -n "$B" -j link show veth0 | jq -r '.[0].address')
log_test "setup"

# Only what this case sends: no IPv6 neighbour discovery or MLD.
filter='ether proto 0x88b5 or ether proto 0x0806'
capture_start "$B" veth0 b-rx -c "$NFRAMES" "$filter"
check_err $? "tcpdump on B's veth0 did not start"
capture_start "$A" veth0 a-tx -c "$NFRAMES" "$filter"
check_err $? "tcpdump on A's veth0 did not start"
log_test "tcpdump listens on both ends"

send() { # send ARGS...: one frame from A
	ip netns exec "$A" ipv8-testsend -i veth0 "$@"
}
send -dst "$mac" -raw "$ECHO" &&
	send -dst "$mac" -raw "$UDP" &&
	send -dst "$mac" -raw "$BADSUM" &&
	send -dst "$mac" -proto 253 -payload "built by ipv8-testsend" &&
	send -ethertype 0x0806 -raw "$ARP8"
check_err $? "ipv8-testsend failed"
log_test "$NFRAMES frames sent (4 IPv8, 1 ARP8)"

# tcpdump -c ends each capture by itself once all frames are in.
capture_wait b-rx 10000
check_err $? "B's capture did not see $NFRAMES frames"
capture_wait a-tx 10000
check_err $? "A's capture did not see $NFRAMES frames"
for f in a-tx b-rx; do
	[ -s "$IPV8_CAPTURES/$f.pcap" ]
	check_err $? "$IPV8_CAPTURES/$f.pcap is missing or empty"
done
log_test "both captures complete in \$IPV8_CAPTURES"

ksft_exit
