#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host check of 84-two-asn-two-routers.sh: the frames of ping8 -c 20 across
# two routers, captured at both ends, decode as version 8, IHL 7 with good
# checksums, and the TTL is two lower at the far end in each direction.

source "$(dirname "$0")/../tshark-lib.sh"

host_begin two-asn-two-routers.host

h1=$(capture_file two-routers-h1)
h2=$(capture_file two-routers-h2)
H1=65001.192.0.2.1 H2=65002.198.51.100.1

for f in "$h1" "$h2"; do
	expect_count "$f" 'ipv8' 40
	expect_all "$f" 'ipv8.version == 8 && ipv8.ihl == 7 && ipv8.checksum.status == "Good" && icmpv8.checksum.status == "Good"' 'ipv8'
	expect_clean "$f"
done
log_test "40 IPv8 frames on each side: version 8, IHL 7, good checksums"

req="icmpv8.type == 8 && ipv8.src == \"$H1\" && ipv8.dst == \"$H2\""
rep="icmpv8.type == 0 && ipv8.src == \"$H2\" && ipv8.dst == \"$H1\""
expect_count "$h1" "$req && ipv8.ttl == 64" 20
expect_count "$h2" "$req && ipv8.ttl == 62" 20
expect_count "$h2" "$rep && ipv8.ttl == 64" 20
expect_count "$h1" "$rep && ipv8.ttl == 62" 20
log_test "TTL 64 at the sender, 62 behind two routers, both directions"

host_exit
