#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host check of 58-capture-dissect.sh: vm-run runs it on the host with
# IPV8_CAPTURES set to the pcaps that case wrote in the guest, and decodes
# them with tshark and tools/wireshark/ipv8.lua.

source "$(dirname "$0")/../tshark-lib.sh"

host_begin capture-dissect.host

rx=$(capture_file b-rx)
tx=$(capture_file a-tx)

expect_count "$rx" 'frame' 5
expect_count "$rx" 'ipv8' 4
expect_count "$rx" 'arp8' 1
expect_clean "$rx"
log_test "B captured 4 IPv8 frames and 1 ARP8 frame, all decoded"

expect_all "$rx" 'ipv8.version == 8 && ipv8.ihl == 7 && ipv8.hdr_len == 28' 'ipv8'
expect_all "$rx" 'ipv8.src == "65533.192.0.2.1" && ipv8.dst == "65533.192.0.2.2"' 'ipv8'
log_test "every IPv8 header: version 8, IHL 7, 65533.192.0.2.1 -> 65533.192.0.2.2"

expect_count "$rx" 'ipv8.checksum.status == "Good"' 3
expect_count "$rx" 'ipv8.checksum.status == "Bad"' 1
expect_values "$rx" 'ipv8.checksum.status == "Bad"' ipv8.checksum.calculated 0x5883
expect_values "$rx" 'ipv8' ipv8.checksum "0x5883 0x74bc 0x5882 $(tshark_fields "$rx" 'ipv8.proto == 253' ipv8.checksum)"
log_test "header checksums: 3 good, the corrupted one bad (should be 0x5883)"

expect_count "$rx" 'icmpv8.type == 8 && icmpv8.ident == 0x1c46 && icmpv8.seq == 1 && icmpv8.checksum.status == "Good"' 2
expect_count "$rx" 'udp8.srcport == 40000 && udp8.dstport == 7 && udp8.checksum.status == "Good"' 1
expect_count "$rx" 'ipv8.proto == 253 && ipv8.ttl == 64 && ipv8.flags.df == 1' 1
log_test "ICMPv8 echo and UDP8 checksums good, the built frame decoded"

expect_all "$rx" 'arp8.opcode == 1 && arp8.src.proto_ipv8 == "65533.192.0.2.1" && arp8.dst.proto_ipv8 == "65533.192.0.2.2"' 'arp8'
log_test "ARP8 request: who has 65533.192.0.2.2, tell 65533.192.0.2.1"

# What left A is what B got, frame by frame.
want=$(tshark_fields "$rx" '' frame.len ipv8.checksum arp8.opcode)
got=$(tshark_fields "$tx" '' frame.len ipv8.checksum arp8.opcode)
[ -n "$want" ] && [ "$got" = "$want" ]
check_err $? "A sent ($(tr '\n\t' '; ' <<<"$got")), B got ($(tr '\n\t' '; ' <<<"$want"))"
log_test "A's capture matches B's"

host_exit
