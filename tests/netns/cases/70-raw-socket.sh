#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# AF_INET8 raw sockets (kernel/net/ipv8/raw.c), through ping8: the socket
# sends and receives ICMPv8, and every refusal of the socket API reaches
# userspace as its documented errno (ping8 prints the kernel's strerror).
#
#   ns A                                   ns B
#   +-------------------------------+      +-------------------------------+
#   | veth0  65001.10.0.0.1/24      |======| veth0  65001.10.0.0.2/24      |
#   | 65002.10.1.0.0/16 via .0.2    |      |                               |
#   +-------------------------------+      +-------------------------------+

source "${IPV8_TESTS:-$(dirname "$0")/..}/lib.sh"

cleanup() { cleanup_all_ns; }
trap cleanup EXIT

ksft_begin raw-socket

# ping8 in ns A: stop at the first send error (-w), never wait long.
ping_a() { ip netns exec "$A" ping8 -c 1 -w 3 "$@"; }

setup_ns A B
veth_pair "$A" veth0 "$B" veth0 &&
	ipv8ctl -n "$A" link set veth0 ipv8 on &&
	ipv8ctl -n "$A" addr add 65001.10.0.0.1/24 dev veth0 &&
	ipv8ctl -n "$B" link set veth0 ipv8 on &&
	ipv8ctl -n "$B" addr add 65001.10.0.0.2/24 dev veth0 &&
	ipv8ctl -n "$A" route add 65002.10.1.0.0/16 via 65001.10.0.0.2
check_err $? "setup failed"
log_test "setup"

# --- what works ----------------------------------------------------------
expect_cmd 0 "1 received" ping_a 65001.10.0.0.2
log_test "ping8 a neighbour: echo reply received"

expect_cmd 0 "1 received" ping_a 65001.10.0.0.1
log_test "ping8 the own address: local delivery to the raw socket"

expect_cmd 0 "from 65001.10.0.0.1 :" ping_a -I 65001.10.0.0.1 65001.10.0.0.2
log_test "bind to an assigned address (-I ADDR)"

expect_cmd 0 "1 received" ping_a -I veth0 65001.10.0.0.2
log_test "SO_BINDTODEVICE (-I DEV)"

expect_cmd 0 "1 received" ping_a -t 1 65001.10.0.0.2
expect_cmd 0 "1 received" ping_a -t 255 65001.10.0.0.2
log_test "IP_TTL 1 and 255 accepted"

# veth MTU 1500: 1464 data + 8 ICMP + 28 IPv8 is exactly 1500.
expect_cmd 0 "1 received" ping_a -s 1464 65001.10.0.0.2
log_test "a message filling the MTU exactly"

# --- what the kernel refuses ---------------------------------------------
NORAW=(setpriv --inh-caps=-net_raw --bounding-set=-net_raw --)
expect_cmd 2 "ping8: socket: Operation not permitted" \
	ip netns exec "$A" "${NORAW[@]}" ping8 -c 1 -w 1 65001.10.0.0.2
log_test "no CAP_NET_RAW: socket() EPERM"

# uid 0 of a new user namespace has CAP_NET_RAW there, not over ns A...
expect_cmd 2 "ping8: socket: Operation not permitted" \
	ip netns exec "$A" unshare -Ur ping8 -c 1 -w 1 65001.10.0.0.2
# ...but over a namespace it owns: the socket opens, nothing is routed.
expect_cmd 1 "ping8: sendto: Network is unreachable" \
	unshare -Urn ping8 -c 1 -w 1 65001.10.0.0.2
log_test "CAP_NET_RAW counts in the netns's user namespace"

expect_cmd 2 "ping8: bind: Cannot assign requested address" \
	ping_a -I 65001.10.0.0.9 65001.10.0.0.2
log_test "bind to an unassigned address: EADDRNOTAVAIL"

expect_cmd 1 "ping8: sendto: Network is unreachable" ping_a 65009.10.0.0.1
log_test "no route names the ASN: ENETUNREACH"

expect_cmd 1 "ping8: sendto: No route to host" ping_a 65002.10.2.0.1
log_test "ASN routed, host not covered: EHOSTUNREACH"

expect_cmd 1 "ping8: sendto: Message too long" ping_a -s 1465 65001.10.0.0.2
log_test "one octet over the path MTU: EMSGSIZE"

expect_cmd 1 "ping8: sendto: Permission denied" \
	ping_a -I veth0 255.255.255.255.255.255.255.255
log_test "broadcast without SO_BROADCAST: EACCES"

# --- lifetime --------------------------------------------------------------
# Sockets closing while packets for them arrive: a fast ping runs while
# short-lived sockets of the same protocol come and go beside it.
ip netns exec "$A" ping8 -q -i 0.01 -c 200 65001.10.0.0.2 >/dev/null 2>&1 &
for _ in $(seq 1 20); do
	ping_a 65001.10.0.0.2 >/dev/null 2>&1 &
done
wait
check_err 0
log_test "sockets open and close under receive traffic"

check_kernel_log
log_test "kernel log clean"

# Every socket released its module reference. The last one is dropped when
# the socket's memory is freed, after an RCU grace period: allow for it.
cleanup_all_ns
busywait 5000 rmmod ipv8
check_err $? "rmmod ipv8 failed after the raw sockets were closed"
ipv8_load
check_err $? "reloading ipv8.ko failed"
log_test "module unloads once every raw socket is closed"

ksft_exit
