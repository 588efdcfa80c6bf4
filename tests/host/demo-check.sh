#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make demo` is the README's first command: run it (tests/netns/demo.sh,
# a 6.12 guest) and check that it shows what it promises: ping8 across two
# ASNs without loss, the router's time exceeded, ARP8 having resolved the
# router, and both captures decoded by our dissector down to good
# checksums, with the TTL one lower behind the router. Exit 0 on success;
# otherwise every missing line is named.
set -uo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mktemp)
trap 'rm -f "$out"' EXIT

bash "$root/tests/netns/demo.sh" >"$out" 2>&1
rc=$?
cat "$out"
echo "--- demo-check"
[ $rc -eq 0 ] || { echo "demo-check: demo.sh exited $rc"; exit 1; }

bad=0
# want N REGEX WHAT: REGEX matches exactly N lines of the output.
want() {
	local n
	n=$(grep -c -E -- "$2" "$out")
	if [ "$n" -ne "$1" ]; then
		echo "demo-check: $3: $n line(s) match, want $1: $2"
		bad=1
	fi
}
want 1 '^2: veth1: ipv8 on <FORWARDING> state UP ' "the router's links are up"
want 1 '^3: veth2: ipv8 on <FORWARDING> state UP ' "the router's links are up"
want 4 '^64 bytes from 65002\.198\.51\.100\.1: icmp_seq=[1-4] ttl=63 ' "ping8 replies"
want 1 '^4 packets transmitted, 4 received, 0% packet loss' "ping8 summary"
want 1 '^From 65001\.192\.0\.2\.254 icmp_seq=1 Time to live exceeded$' "time exceeded from the router"
want 1 '^65001\.192\.0\.2\.254 dev veth0 lladdr ([0-9a-f]{2}:){5}[0-9a-f]{2} v8 REACHABLE$' "ARP8 entry"
# tshark, one line per frame: 4 requests leave h1 and reach h2.
want 8 ' ICMPv8 106 65001\.192\.0\.2\.1 → 65002\.198\.51\.100\.1 Echo \(ping\) request .*seq=[1-4], ttl=6[34]$' "echo requests in the captures"
want 1 ' ICMPv8 .* 65001\.192\.0\.2\.254 → 65001\.192\.0\.2\.1 Time-to-live exceeded' "time exceeded in h1's capture"
want 1 ' ARP8 60 65001\.192\.0\.2\.254 is at ' "ARP8 reply in h1's capture"
# The detailed decode of the first echo request, once per side.
want 2 '^Internet Protocol Version 8, Src: 65001\.192\.0\.2\.1, Dst: 65002\.198\.51\.100\.1$' "decoded IPv8 header"
want 2 '^    1000 \.\.\.\. = Version: 8$' "decoded version"
want 2 '^    \.\.\.\. 0111 = Header Length \(IHL, 32-bit words\): 7 \(28 octets\)$' "decoded IHL"
want 1 '^    Time to Live: 64$' "TTL at h1"
want 1 '^    Time to Live: 63$' "TTL at h2"
want 2 '^    Header Checksum: 0x[0-9a-f]{4} \[correct\]$' "IPv8 header checksum"
want 2 '^    Source Routing Prefix \(ASN\): 65001$' "source ASN"
want 2 '^    Destination Routing Prefix \(ASN\): 65002$' "destination ASN"
want 2 '^Internet Control Message Protocol for IPv8, Echo \(ping\) request ' "decoded ICMPv8"
want 2 '^    Checksum: 0x[0-9a-f]{4} \[correct\]$' "ICMPv8 checksum"
[ $bad -eq 0 ] && echo "demo-check: all as promised"
exit $bad
