#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo: boot a 6.12 guest and show IPv8 at work, command by command:
# two ASNs joined by a router, ping8 across it, time exceeded from the
# router, then the frames captured on both sides decoded on the host by
# tshark with the project's dissector (tools/wireshark/ipv8.lua).
#
#   ns h1 (ASN 65001)          ns r1 (router)                     ns h2 (ASN 65002)
#   +-----------------+        +-----------------------------+    +--------------------+
#   | veth0           +--------+ veth1 65001.192.0.2.254/24  |    |                    |
#   | 65001.192.0.2.1 |        | veth2 65002.198.51.100.254  +----+ veth0              |
#   +-----------------+        +-----------------------------+    | 65002.198.51.100.1 |
#                                                                 +--------------------+
#
# On the host this re-runs itself inside a guest through vm-run
# (IPV8_DEMO_KERNEL picks another series), then decodes the captures.

here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${IPV8_GUEST:-}" ]; then
	root=$(cd "$here/../.." && pwd)
	caps=$root/build/demo-captures
	rm -rf "$caps"
	"$here/vm-run" --kernel "${IPV8_DEMO_KERNEL:-6.12}" --captures "$caps" \
		"$here/demo.sh" "$@" || exit
	for side in h1 h2; do
		f=$(find "$caps" -name "$side.pcap" | head -n 1)
		[ -n "$f" ] || { echo "demo: no capture $side.pcap" >&2; exit 1; }
		printf '\n### On the host: %s decoded by tshark with tools/wireshark/ipv8.lua\n' "$side"
		echo "\$ tshark -X lua_script:tools/wireshark/ipv8.lua -r $side.pcap"
		tshark -X "lua_script:$root/tools/wireshark/ipv8.lua" -r "$f" 2>/dev/null
		echo "\$ tshark ... -O ipv8,icmpv8 (the first echo request)"
		# Not -c 1: it counts frames read, and the first is ARP8.
		tshark -X "lua_script:$root/tools/wireshark/ipv8.lua" -r "$f" \
			-Y 'icmpv8.type == 8' -O ipv8,icmpv8 2>/dev/null |
			awk '/^Internet Protocol Version 8/ { on = 1 } on && /^$/ { exit } on'
	done
	exit 0
fi

source "${IPV8_TESTS:-$here}/lib.sh"
source "${IPV8_TESTS:-$here}/tshark-lib.sh"

say() { printf '\n### %s\n' "$*"; }
# run CMD...: echo the command as typed, then its output.
run() {
	printf '$ %s\n' "$*"
	"$@"
	local rc=$?
	[ $rc -eq 0 ] || echo "(exit $rc)"
	return $rc
}
cleanup() {
	[ -n "${mon:-}" ] && kill "$mon" 2>/dev/null
	capture_stop >/dev/null
	for ns in h1 r1 h2; do ip netns del $ns 2>/dev/null; done
}
trap cleanup EXIT

say "IPv8 demo on Linux $(uname -r)"
run lsmod

say "Three namespaces: a host in ASN 65001, a router, a host in ASN 65002"
for ns in h1 r1 h2; do run ip netns add $ns; done
run ip link add veth0 netns h1 type veth peer name veth1 netns r1
run ip link add veth2 netns r1 type veth peer name veth0 netns h2
links="h1:veth0 r1:veth1 r1:veth2 h2:veth0"	# namespace:device
for l in $links; do
	run ip -n "${l%%:*}" link set "${l#*:}" up
done
link_up() { ip -n "$1" link show "$2" | grep -q 'state UP'; }
for l in $links; do
	busywait 5000 link_up "${l%%:*}" "${l#*:}"
done

say "Enable IPv8, add addresses, let the router forward"
run ipv8ctl -n h1 link set veth0 ipv8 on
run ipv8ctl -n h1 addr add 65001.192.0.2.1/24 dev veth0
run ipv8ctl -n r1 link set veth1 ipv8 on forwarding on
run ipv8ctl -n r1 addr add 65001.192.0.2.254/24 dev veth1
run ipv8ctl -n r1 link set veth2 ipv8 on forwarding on
run ipv8ctl -n r1 addr add 65002.198.51.100.254/24 dev veth2
run ipv8ctl -n h2 link set veth0 ipv8 on
run ipv8ctl -n h2 addr add 65002.198.51.100.1/24 dev veth0
run ipv8ctl -n r1 link show
run ipv8ctl -n r1 -j -p addr show dev veth2

say "Routes: each host's default is its side of the router"
run ipv8ctl -n h1 route add default via 65001.192.0.2.254
run ipv8ctl -n h2 route add default via 65002.198.51.100.254
run ipv8ctl -n h1 route show
run ipv8ctl -n h1 route get 65002.198.51.100.1

say "ipv8ctl monitor in h1 catches changes"
ipv8ctl -n h1 monitor >/tmp/monitor.out 2>&1 &
mon=$!
sleep 1
run ipv8ctl -n h1 addr add 65001.192.0.2.9/32 dev veth0
run ipv8ctl -n h1 addr del 65001.192.0.2.9/32 dev veth0
sleep 1
kill $mon 2>/dev/null
wait $mon 2>/dev/null
mon=
echo "--- monitor printed:"
cat /tmp/monitor.out

say "ping8 from ASN 65001 to ASN 65002 through the router (captured on both sides)"
capture_start h1 veth0 h1 >/dev/null
capture_start h2 veth0 h2 >/dev/null
run ip netns exec h1 ping8 -c 4 -i 0.2 65002.198.51.100.1
say "TTL 1: the router answers with time exceeded"
run ip netns exec h1 ping8 -c 1 -t 1 -W 2 65002.198.51.100.1
capture_stop >/dev/null

say "ARP8 found the router; the router counted what it forwarded"
run ipv8ctl -n h1 neigh show
run ipv8ctl -n r1 stats show

say "The same frames in tcpdump (it does not know 0x88B5)"
run tcpdump -r "$IPV8_CAPTURES/h2.pcap" -n -e -XX -c 2 'ether proto 0x88b5'

say "Demo done in the guest; the host decodes the captures next"
