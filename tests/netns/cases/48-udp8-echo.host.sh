#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host check of 48-udp8-echo.sh: in the first 2000 frames of the client's
# link, every UDP8 datagram (both directions, sizes 0..1464) decodes with
# the project's dissector and has a good UDP8 checksum, as does every IPv8
# header; so do the empty and the largest datagram, captured apart.

source "$(dirname "$0")/../tshark-lib.sh"

host_begin udp8-echo.host

f=$(capture_file udp8-h1)

expect_some "$f" 'udp8 && ipv8.src == "65001.192.0.2.1" && udp8.dstport == 7'
expect_some "$f" 'udp8 && ipv8.src == "65002.198.51.100.1" && udp8.srcport == 7'
log_test "datagrams of both directions captured ($(tshark_count "$f" udp8) UDP8 frames)"

expect_all "$f" 'udp8.checksum.status == "Good"' 'udp8'
expect_all "$f" 'ipv8.checksum.status == "Good" && ipv8.version == 8' 'ipv8'
expect_clean "$f"
log_test "every captured UDP8 datagram has a good UDP8 checksum"

# The limits: 1464 octets of data (a 1500-octet packet, the MTU) and none.
e=$(capture_file udp8-edges)
expect_some "$e" 'udp8.length == 1472 && ipv8.len == 1500 && udp8.srcport == 7'
expect_some "$e" 'udp8.length == 1472 && ipv8.len == 1500 && udp8.dstport == 7'
expect_some "$e" 'udp8.length == 8 && udp8.srcport == 7'
expect_some "$e" 'udp8.length == 8 && udp8.dstport == 7'
expect_all "$e" 'udp8.checksum.status == "Good" && ipv8.checksum.status == "Good"' 'ipv8'
log_test "the empty and the largest datagram, both ways, with good checksums"

host_exit
