#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The reservation rules of docs/protocol.md 1.3/1.4 (kernel policy.c) and
# the forwarding checks of section 4 (rx.c), one rule per subtest: the
# forbidden packet is sent from A through the router R (with ping8 where
# ping8 can make it, else ipv8-testsend), must not reach B, the ping must
# fail, and R's counter for the rule (namespace and receiving link) must
# grow by exactly the number of packets sent. Every source A uses is first
# shown to work with no flag set, so each drop is the rule's doing.
#
#   ns A                          ns R (forwarding on)                 ns B
#   +-----------------------+     +-----------------------------+     +------------------------+
#   | veth0                 +-----+ veth1                 veth2 +-----+ veth0                  |
#   | 65001.192.0.2.1/24    |     | 65001.192.0.2.254/24        |     | 65002.198.51.100.1/24  |
#   | 65001.10.0.0.1/32     |     |      65002.198.51.100.254/24|     | 65002.172.16.0.1/32    |
#   | 65001.222.0.0.1/32    |     | routes: 65001/0, 127.0.0.5/0|     | default via .254       |
#   | 65001.169.254.0.1/32  |     |   via A; 65002.172.16/16    |     +------------------------+
#   | 127.0.0.5.192.0.2.1/32|     |   via B                     |
#   | default via .254      |     | border/wan set per subtest  |
#   +-----------------------+     +-----------------------------+

source "${IPV8_TESTS:-$(dirname "$0")/..}/lib.sh"

cleanup() { cleanup_all_ns; }
trap cleanup EXIT

ksft_begin reservation-rules

B_ADDR=65002.198.51.100.1 B_PRIV=65002.172.16.0.1
A_ADDR=65001.192.0.2.1 A_PRIV=65001.10.0.0.1 A_INTERIOR=65001.222.0.0.1
A_LL=65001.169.254.0.1 A_IZ=127.0.0.5.192.0.2.1
setup_ns A R B
veth_pair "$A" veth0 "$R" veth1 &&
	veth_pair "$R" veth2 "$B" veth0 &&
	ipv8_up "$A" veth0 $A_ADDR/24 &&
	for a in $A_PRIV $A_INTERIOR $A_LL $A_IZ; do
		ipv8ctl -n "$A" addr add $a/32 dev veth0 || false
	done &&
	ipv8_up "$R" veth1 65001.192.0.2.254/24 forwarding on &&
	ipv8_up "$R" veth2 65002.198.51.100.254/24 forwarding on &&
	ipv8_up "$B" veth0 $B_ADDR/24 &&
	ipv8ctl -n "$B" addr add $B_PRIV/32 dev veth0 &&
	ipv8ctl -n "$A" route add default via 65001.192.0.2.254 &&
	ipv8ctl -n "$B" route add default via 65002.198.51.100.254 &&
	ipv8ctl -n "$R" route add 65001.0.0.0.0/0 via $A_ADDR &&
	ipv8ctl -n "$R" route add 127.0.0.5.0.0.0.0/0 via $A_ADDR &&
	ipv8ctl -n "$R" route add 65002.172.16.0.0/16 via $B_ADDR
check_err $? "setup failed"
log_test "setup"

stat() { # stat NS NAME: namespace counter NAME
	ipv8ctl -n "$1" -j stats show | jq -r ".$2"
}
link_stat() { # link_stat NS DEV NAME: counter NAME of the link
	ipv8ctl -n "$1" -s -j link show dev "$2" | jq -r ".[0].stats.$3"
}
rmac=$(ip -n "$R" -j link show veth1 | jq -r '.[0].address')
bmac=$(ip -n "$B" -j link show veth0 | jq -r '.[0].address')

# Every source and destination works while no link is border or WAN.
for src in $A_ADDR $A_PRIV $A_INTERIOR $A_IZ; do
	ping8_ok "$A" $B_ADDR -c 1 -W 5 -I $src
	check_err $? "control ping8 -I $src $B_ADDR failed"
done
ping8_ok "$A" $B_PRIV -c 1 -W 5
check_err $? "control ping8 $B_PRIV failed"
log_test "control: every source and destination reaches B with no rule in force"

# Snapshot / check around one subtest. expect_drop COUNTER N: R counted N
# more COUNTER (namespace and its veth1, where every packet arrives), B's
# link received nothing, and R sent nothing to B.
snap() {
	R_NS0=$(stat "$R" "$1") R_L0=$(link_stat "$R" veth1 "$1")
	B_RX0=$(link_stat "$B" veth0 rx_packets) R_TX0=$(link_stat "$R" veth2 tx_packets)
}
expect_drop() {
	local counter=$1 n=$2 d dl db dt
	d=$(($(stat "$R" "$counter") - R_NS0))
	dl=$(($(link_stat "$R" veth1 "$counter") - R_L0))
	db=$(($(link_stat "$B" veth0 rx_packets) - B_RX0))
	dt=$(($(link_stat "$R" veth2 tx_packets) - R_TX0))
	[ "$d" = "$n" ] && [ "$dl" = "$n" ]
	check_err $? "R $counter +$d (veth1 +$dl), want +$n"
	[ "$db" = 0 ] && [ "$dt" = 0 ]
	check_err $? "the packet got through: R veth2 tx_packets +$dt, B rx_packets +$db"
}
# ping_fails ARGS...: ping8 -c 2 from A fails with no reply.
ping_fails() {
	local out rc
	out=$(ip netns exec "$A" ping8 -c 2 -i 0.2 -W 1 "$@" 2>&1)
	rc=$?
	echo "$out" | sed 's/^/# /'
	[ $rc -eq 1 ] && echo "$out" | grep -q '^2 packets transmitted, 0 received'
	check_err $? "ping8 $*: exit $rc, want 1 with nothing received"
}
# drop_test DESC COUNTER SETUP UNDO PING8-ARGS...: one subtest by ping8.
drop_test() {
	local desc=$1 counter=$2 setup=$3 undo=$4
	shift 4
	eval "$setup"
	check_err $? "'$setup' failed"
	snap "$counter"
	ping_fails "$@"
	expect_drop "$counter" 2
	eval "$undo"
	check_err $? "'$undo' failed"
	log_test "$desc"
}
# send_test DESC COUNTER SETUP UNDO SADDR DADDR: one subtest by two raw
# frames from A to R's MAC.
send_test() {
	local desc=$1 counter=$2 setup=$3 undo=$4 s=$5 d=$6
	eval "$setup"
	check_err $? "'$setup' failed"
	snap "$counter"
	ip netns exec "$A" ipv8-testsend -i veth0 -dst "$rmac" -count 2 -saddr "$s" -daddr "$d"
	check_err $? "ipv8-testsend $s -> $d failed"
	busywait 3000 eval '[ $(($(stat "$R" '"$counter"') - R_NS0)) -ge 2 ]' >/dev/null
	expect_drop "$counter" 2
	eval "$undo"
	check_err $? "'$undo' failed"
	log_test "$desc"
}
rset() { ipv8ctl -n "$R" link set dev "$@"; }

# Internal zone (routing prefix 127/8 but 127.127.0.0) and WAN links.
drop_test "internal-zone source arriving on a WAN link: rx_drop_wan" rx_drop_wan \
	"rset veth1 wan on" "rset veth1 wan off" -I $A_IZ $B_ADDR
drop_test "internal-zone source leaving through a WAN link: rx_drop_wan" rx_drop_wan \
	"rset veth2 wan on" "rset veth2 wan off" -I $A_IZ $B_ADDR
send_test "internal-zone destination arriving on a WAN link: rx_drop_wan" rx_drop_wan \
	"rset veth1 wan on" "rset veth1 wan off" $A_ADDR 127.0.0.6.198.51.100.1
# The interop DMZ 127.127.0.0 is not internal: a WAN link passes it.
send_test "interop DMZ 127.127.0.0 destination on a WAN link is not rx_drop_wan: no route" \
	rx_drop_no_route "rset veth1 wan on" "rset veth1 wan off" $A_ADDR 127.127.0.0.198.51.100.1

# Private and interior-link host parts and border links.
drop_test "private source arriving on a border link: rx_drop_border" rx_drop_border \
	"rset veth1 border on" "rset veth1 border off" -I $A_PRIV $B_ADDR
drop_test "private source leaving through a border link: rx_drop_border" rx_drop_border \
	"rset veth2 border on" "rset veth2 border off" -I $A_PRIV $B_ADDR
drop_test "private destination leaving through a border link: rx_drop_border" rx_drop_border \
	"rset veth2 border on" "rset veth2 border off" $B_PRIV
drop_test "interior-link (222/8) source arriving on a border link: rx_drop_border" rx_drop_border \
	"rset veth1 border on" "rset veth1 border off" -I $A_INTERIOR $B_ADDR
drop_test "interior-link (222/8) source leaving through a border link: rx_drop_border" rx_drop_border \
	"rset veth2 border on" "rset veth2 border off" -I $A_INTERIOR $B_ADDR
send_test "192.168/16 destination arriving on a border link: rx_drop_border" rx_drop_border \
	"rset veth1 border on" "rset veth1 border off" $A_ADDR 65002.192.168.1.1
# WAN links that are not borders pass private addresses, and borders that
# are not WAN pass the internal zone.
fwd0=$(stat "$R" rx_forwarded)
rset veth1 wan on && rset veth2 wan on
check_err $? "link set wan on failed"
ping8_ok "$A" $B_ADDR -c 2 -i 0.2 -W 5 -I $A_PRIV
check_err $? "private source through WAN links was not forwarded"
rset veth1 wan off && rset veth2 wan off && rset veth1 border on && rset veth2 border on
check_err $? "link set border on failed"
ping8_ok "$A" $B_ADDR -c 2 -i 0.2 -W 5 -I $A_IZ
check_err $? "internal-zone source through border links was not forwarded"
rset veth1 border off && rset veth2 border off
check_err $? "link set border off failed"
d=$(($(stat "$R" rx_forwarded) - fwd0))
[ "$d" = 8 ]
check_err $? "R rx_forwarded +$d, want +8"
log_test "WAN links pass private sources, border links pass the internal zone"

# RINE (100/8) and link-local (169.254/16): never forwarded. A RINE
# address needs a border link: A's own link becomes one for this test.
RINE=100.0.0.1.0.0.0.1
ipv8ctl -n "$A" link set dev veth0 border on &&
	ipv8ctl -n "$A" addr add $RINE/30 dev veth0
check_err $? "RINE address on A's border link failed"
snap rx_drop_not_routable
ping_fails -I $RINE $B_ADDR
expect_drop rx_drop_not_routable 2
ipv8ctl -n "$A" addr del $RINE/30 dev veth0 &&
	ipv8ctl -n "$A" link set dev veth0 border off
check_err $? "undoing the RINE address failed"
log_test "RINE source needing forwarding: rx_drop_not_routable"
send_test "RINE destination needing forwarding: rx_drop_not_routable" rx_drop_not_routable \
	: : $A_ADDR 100.0.0.2.0.0.0.5
drop_test "link-local (169.254/16) source needing forwarding: rx_drop_not_routable" \
	rx_drop_not_routable : : -I $A_LL $B_ADDR
drop_test "link-local (169.254/16) destination needing forwarding: rx_drop_not_routable" \
	rx_drop_not_routable : : 65002.169.254.0.9
# Hosts on the link still talk link-local: A to R's own link-local.
ipv8ctl -n "$R" addr add 65001.169.254.0.254/16 dev veth1
check_err $? "link-local address on R failed"
ping8_ok "$A" 65001.169.254.0.254 -c 1 -W 5 -I $A_LL
check_err $? "link-local ping8 on one link failed"
log_test "link-local addresses work on their own link"

# A local packet that would break a rule of its own output link: EPERM
# from sendto, counted as tx_drop_filtered on that link, nothing sent.
local_test() { # local_test DESC SETTING SRC
	local desc=$1 setting=$2 src=$3 out rc f0 tx0 r0 d
	ipv8ctl -n "$A" link set dev veth0 $setting on
	check_err $? "link set $setting on failed"
	f0=$(link_stat "$A" veth0 tx_drop_filtered) tx0=$(link_stat "$A" veth0 tx_packets)
	r0=$(link_stat "$R" veth1 rx_packets)
	out=$(ip netns exec "$A" ping8 -c 2 -i 0.2 -W 1 -I $src $B_ADDR 2>&1)
	rc=$?
	echo "$out" | sed 's/^/# /'
	[ $rc -eq 1 ] && [ "$(echo "$out" | grep -cx 'ping8: sendto: Operation not permitted')" = 2 ]
	check_err $? "ping8 -I $src: exit $rc, want 1 and two 'ping8: sendto: Operation not permitted'"
	d=$(($(link_stat "$A" veth0 tx_drop_filtered) - f0))
	[ "$d" = 2 ] && [ "$(stat "$A" tx_drop_filtered)" -ge 2 ]
	check_err $? "A veth0 tx_drop_filtered +$d, want +2"
	[ "$(link_stat "$A" veth0 tx_packets)" = "$tx0" ] && [ "$(link_stat "$R" veth1 rx_packets)" = "$r0" ]
	check_err $? "something left A: tx_packets +$(($(link_stat "$A" veth0 tx_packets) - tx0))"
	ipv8ctl -n "$A" link set dev veth0 $setting off
	check_err $? "link set $setting off failed"
	log_test "$desc"
}
local_test "local private source out of a border link: EPERM, tx_drop_filtered" border $A_PRIV
local_test "local interior-link source out of a border link: EPERM, tx_drop_filtered" border $A_INTERIOR
local_test "local internal-zone source out of a WAN link: EPERM, tx_drop_filtered" wan $A_IZ

# RINE only on border links; the kernel says why.
expect_cmd 2 "Error: RINE addresses (100/8) belong on border links only." \
	ipv8ctl -n "$R" addr add 100.0.0.1.0.0.0.2/30 dev veth1
! ipv8ctl -n "$R" addr show dev veth1 | grep -q '100\.0\.0\.1\.'
check_err $? "the RINE address was added anyway"
log_test "addr add of a RINE address on a non-border link: exit 2 with the kernel's message"

# A loopback host part is never local when it comes from a link: a
# router never forwards it (rx_drop_not_routable, whatever its routes
# say), a host not forwarding counts not_forwarding; nobody delivers it.
send_test "loopback-host destination at a router: not forwarded, rx_drop_not_routable" \
	rx_drop_not_routable : : $A_ADDR 65002.127.0.0.1
dl0=$(link_stat "$B" veth0 rx_delivered) nf0=$(link_stat "$B" veth0 rx_drop_not_forwarding)
ip netns exec "$R" ipv8-testsend -i veth2 -dst "$bmac" -count 2 \
	-saddr 65002.198.51.100.254 -daddr 65002.127.0.0.1
check_err $? "ipv8-testsend R -> B failed"
busywait 3000 eval '[ $(($(link_stat "$B" veth0 rx_drop_not_forwarding) - nf0)) -ge 2 ]' >/dev/null
d=$(($(link_stat "$B" veth0 rx_drop_not_forwarding) - nf0))
[ "$d" = 2 ] && [ "$(link_stat "$B" veth0 rx_delivered)" = "$dl0" ]
check_err $? "B rx_drop_not_forwarding +$d (want +2), rx_delivered +$(($(link_stat "$B" veth0 rx_delivered) - dl0)) (want +0)"
log_test "loopback-host destination at a host: not delivered, rx_drop_not_forwarding"

# TTL 1 at the router: time exceeded, rx_drop_ttl.
snap rx_drop_ttl
out=$(ip netns exec "$A" ping8 -c 2 -i 0.2 -W 1 -t 1 $B_ADDR 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
[ $rc -eq 1 ] && [ "$(echo "$out" | grep -c '^From 65001.192.0.2.254 icmp_seq=[12] Time to live exceeded$')" = 2 ]
check_err $? "ping8 -t 1: exit $rc, want two time exceeded from 65001.192.0.2.254"
expect_drop rx_drop_ttl 2
log_test "TTL 1 at the router: time exceeded, rx_drop_ttl"

# Forwarding off on the arrival link.
drop_test "forwarding off on the arrival link: rx_drop_not_forwarding" rx_drop_not_forwarding \
	"rset veth1 forwarding off" "rset veth1 forwarding on" $B_ADDR

# Every rule undone: everything flows again.
ping8_ok "$A" $B_ADDR -c 2 -i 0.2 -W 5 -I $A_PRIV &&
	ping8_ok "$A" $B_ADDR -c 2 -i 0.2 -W 5 -I $A_IZ
check_err $? "after the subtests, ping8 fails"
log_test "with every setting back off, ping8 works again"

ksft_exit
