#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host check of 82-two-asn-one-router.sh: every IPv8 frame captured on
# either side of the router decodes as version 8, IHL 7 with a good header
# checksum, and echo requests and replies carry a TTL one lower behind the
# router than in front of it.

source "$(dirname "$0")/../tshark-lib.sh"

host_begin two-asn-one-router.host

h1=$(capture_file h1)
h2=$(capture_file h2)
H1=65001.192.0.2.1 H2=65002.198.51.100.1

for f in "$h1" "$h2"; do
	expect_some "$f" 'ipv8'
	expect_all "$f" 'ipv8.version == 8 && ipv8.ihl == 7 && ipv8.checksum.status == "Good" && ipv8.flags.df == 1' 'ipv8'
	expect_all "$f" 'icmpv8.checksum.status == "Good"' 'icmpv8'
	expect_clean "$f"
done
log_test "every IPv8 frame on both sides: version 8, IHL 7, DF, good checksums"

# The 20 echo requests of the first ping8: TTL 64 leaving H1, 63 at H2.
# (Fields match anywhere in a frame: errors quoting a request have two
# IPv8 headers and are left out.)
req="count(ipv8.ttl) == 1 && icmpv8.type == 8 && ipv8.src == \"$H1\" && ipv8.dst == \"$H2\""
expect_count "$h1" "$req && ipv8.ttl == 64" 20
expect_count "$h2" "$req && ipv8.ttl == 63" 20
expect_none "$h2" "$req && ipv8.ttl != 63"
log_test "echo requests H1 -> H2: TTL 64 in front of the router, 63 behind"

rep="count(ipv8.ttl) == 1 && icmpv8.type == 0 && ipv8.src == \"$H2\" && ipv8.dst == \"$H1\""
expect_count "$h2" "$rep && ipv8.ttl == 64" 20
expect_count "$h1" "$rep && ipv8.ttl == 63" 20
log_test "echo replies H2 -> H1: TTL 64 at H2, 63 at H1"

# The TTL-1 probe: time exceeded from the router, quoting the request.
expect_count "$h1" 'icmpv8.type == 11 && icmpv8.code == 0 && ipv8.src == "65001.192.0.2.254"' 1
expect_count "$h1" 'icmpv8.type == 3 && icmpv8.code == 16 && ipv8.src == "65001.192.0.2.254"' 1
log_test "time exceeded and ASN unreachable (code 16) from the router"

expect_some "$h1" 'arp8.opcode == 2 && arp8.src.proto_ipv8 == "65001.192.0.2.254"'
log_test "the router answered ARP8"

host_exit
