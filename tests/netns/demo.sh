#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo: boot a 6.12 guest and show IPv8 at work, command by command.
#
#   ns as65001                          ns as65002
#   +------------------------+          +------------------------+
#   | veth0                  +----------+ veth0                  |
#   | 65001.10.0.0.1/24      |   veth   | 65002.10.0.0.2/24      |
#   +------------------------+          +------------------------+
#
# On the host this re-runs itself inside a guest through vm-run
# (IPV8_DEMO_KERNEL picks another series); in the guest it runs the demo.

if [ -z "${IPV8_GUEST:-}" ]; then
	exec "$(dirname "$0")/vm-run" --kernel "${IPV8_DEMO_KERNEL:-6.12}" "$0" "$@"
fi

source "${IPV8_TESTS:-$(dirname "$0")}/lib.sh"

A=as65001
B=as65002
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
	ip netns del "$A" 2>/dev/null
	ip netns del "$B" 2>/dev/null
}
trap cleanup EXIT

say "IPv8 demo on Linux $(uname -r)"
run lsmod

say "Two namespaces, one per ASN, joined by a veth pair"
run ip netns add $A
run ip netns add $B
run ip link add veth0 netns $A type veth peer name veth0 netns $B
run ip -n $A link set veth0 up
run ip -n $B link set veth0 up
# Carrier comes up a moment later; wait so the listings below say UP.
link_up() { ip -n "$1" link show "$2" | grep -q 'state UP'; }
busywait 5000 link_up $B veth0

say "Enable IPv8 and add addresses"
run ipv8ctl -n $A link set veth0 ipv8 on
run ipv8ctl -n $A addr add 65001.10.0.0.1/24 dev veth0
run ipv8ctl -n $B link set veth0 ipv8 on
run ipv8ctl -n $B addr add 65002.10.0.0.2/24 dev veth0

say "Look at it"
run ipv8ctl -n $A link show
run ipv8ctl -n $A addr show
run ipv8ctl -n $B addr show
run ipv8ctl -n $B -j -p addr show

say "Routes: longest prefix within the exact ASN; default for other ASNs"
run ipv8ctl -n $A route add 65002.0.0.0.0/0 dev veth0
run ipv8ctl -n $A route add 65002.10.1.0.0/16 via 65001.10.0.0.254 metric 10
run ipv8ctl -n $A route add default via 65001.10.0.0.253
run ipv8ctl -n $A route show
run ipv8ctl -n $A route get 65002.10.1.2.3
run ipv8ctl -n $A route get 65002.10.9.9.9
run ipv8ctl -n $A route get 64999.1.2.3.4

say "ipv8ctl monitor in $B catches changes"
ipv8ctl -n $B monitor >/tmp/monitor.out 2>&1 &
mon=$!
sleep 1
run ipv8ctl -n $B addr add 65002.10.0.0.3/32 dev veth0
run ipv8ctl -n $B addr del 65002.10.0.0.3/32 dev veth0
sleep 1
kill $mon 2>/dev/null
wait $mon 2>/dev/null
mon=
echo "--- monitor printed:"
cat /tmp/monitor.out

say "Raw 0x88B5 frames from $A to $B, seen by tcpdump in $B"
mac=$(ip -n $B -j link show veth0 | jq -r '.[0].address')
ip netns exec $B tcpdump -i veth0 -n -e -XX -c 3 ether proto 0x88b5 \
	>/tmp/tcpdump.out 2>/tmp/tcpdump.err &
td=$!
busywait 20000 grep -q 'listening on' /tmp/tcpdump.err
run ip netns exec $A ipv8-testsend -i veth0 -dst "$mac" -count 3 \
	-saddr 65001.10.0.0.1 -daddr 65002.10.0.0.2 -payload "hello from AS65001"
busywait 10000 bash -c '! kill -0 '$td' 2>/dev/null' || kill $td
wait $td 2>/dev/null
echo "$ ip netns exec $B tcpdump -i veth0 -n -e -XX -c 3 ether proto 0x88b5"
cat /tmp/tcpdump.out

say "Per-namespace counters in $B"
run ipv8ctl -n $B stats show

say "Turning IPv8 off removes the addresses"
run ipv8ctl -n $B link set veth0 ipv8 off
run ipv8ctl -n $B addr show dev veth0
run ipv8ctl -n $B -j addr show

say "Demo done"
