#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# DNS8 end to end (issue 7): zoneserverd in ASN 65002 serves a signed zone
# over UDP8 (and DNS/WHOIS8 over IPv4); from ASN 65001 nslookup8 resolves
# www.example.net over UDP8 with a secure verdict, a replaced WHOIS8 key
# makes validation fail, ping8 pings the host name over IPv8, and with the
# router's IPv8 link off ping8 falls back to IPv4 after exactly -k
# unanswered IPv8 attempts (never with -8).
#
#   ns H1 (ASN 65001)          ns R (IPv8 + IPv4 forwarding)        ns H2 (ASN 65002)
#   veth0 65001.192.0.2.1 ---- veth1 65001.192.0.2.254 / 10.1.0.254
#         10.1.0.1/24          veth2 65002.198.51.100.254 / 10.2.0.254 ---- veth0 65002.198.51.100.1
#                                                                                 10.2.0.1/24
#                                                                           zoneserverd:
#                                                                             DNS8 UDP8 65002.198.51.100.1:53
#                                                                             DNS 10.2.0.1:53, WHOIS8 10.2.0.1:43

source "${IPV8_TESTS:-$(dirname "$0")/..}/lib.sh"

ZS_PID=
WORK=$(mktemp -d)
cleanup() {
	[ -z "$ZS_PID" ] || kill "$ZS_PID" 2>/dev/null
	wait 2>/dev/null
	cleanup_all_ns
	rm -rf "$WORK"
}
trap cleanup EXIT

ksft_begin dns8

H1_ADDR=65001.192.0.2.1 H2_ADDR=65002.198.51.100.1 H2_V4=10.2.0.1
setup_ns H1 R H2
two_asn_one_router &&
	ip -n "$H1" addr add 10.1.0.1/24 dev veth0 &&
	ip -n "$R" addr add 10.1.0.254/24 dev veth1 &&
	ip -n "$R" addr add 10.2.0.254/24 dev veth2 &&
	ip -n "$H2" addr add $H2_V4/24 dev veth0 &&
	ip -n "$H1" route add default via 10.1.0.254 &&
	ip -n "$H2" route add default via 10.2.0.254 &&
	ip netns exec "$R" sh -c 'echo 1 >/proc/sys/net/ipv4/ip_forward'
check_err $? "setup failed"
log_test "setup: two ASNs and two IPv4 subnets through one router"

# Keys, registry and zone in ASN 65002.
zoneserverd keygen -alg 13 -asn 65002 -o "$WORK/AS65002.key" >"$WORK/keygen.out" &&
	zoneserverd keygen -alg 13 -asn 65002 -o "$WORK/other.key" >"$WORK/other.out"
check_err $? "keygen failed"
TAG=$(sed -n 's/^; AS65002 key tag \([0-9]*\),.*/\1/p' "$WORK/keygen.out")
registry() { # registry KEYGEN-OUTPUT: the AS65002 object with that key
	cat <<-EOT
		aut-num:        AS65002
		as-name:        LAB-65002
		status:         active
		route8:         65002.198.51.100.0/24
		$(grep '^dnskey:' "$1")
		changed:        2026-11-01T00:00:00Z
		source:         IPV8-LAB
	EOT
}
registry "$WORK/keygen.out" >"$WORK/whois8.db"
cat >"$WORK/example.net.zone" <<EOT
\$TTL 300
@    SOA ns1 hostmaster 1 3600 600 86400 60
ns1  A8  $H2_ADDR
ns1  A   $H2_V4
www  A8  $H2_ADDR
www  A   $H2_V4
v4   A   $H2_V4
EOT

ip netns exec "$H2" zoneserverd -dns8 $H2_ADDR -dns $H2_V4:53 -whois $H2_V4:43 \
	-registry "$WORK/whois8.db" -zone "example.net=$WORK/example.net.zone" \
	-key "$WORK/AS65002.key" 2>"$WORK/zs.log" &
ZS_PID=$!
busywait 10000 grep -q serving "$WORK/zs.log" >/dev/null
check_err $? "zoneserverd did not start: $(cat "$WORK/zs.log")"
sed 's/^/# /' "$WORK/zs.log"
grep -q "on $H2_V4:53 $H2_ADDR:53;" "$WORK/zs.log"
check_err $? "zoneserverd does not serve DNS8 on $H2_ADDR:53 (UDP8)"
log_test "zoneserverd serves DNS8 over UDP8 and IPv4, WHOIS8 over IPv4"

# 1. nslookup8 over UDP8: a secure verdict with the key from WHOIS8.
out=$(ip netns exec "$H1" nslookup8 -server $H2_ADDR -whois-server $H2_V4 -local $H1_ADDR www.example.net 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
want=";; VALIDATION: secure (AS65002, RRSIG algorithm 13, key tag $TAG, signer example.net.)"
[ $rc -eq 0 ] &&
	echo "$out" | grep -qx ";; SERVER: $H2_ADDR:53 (UDP8)" &&
	echo "$out" | grep -qx -- "$want" &&
	echo "$out" | grep -q "^;; KEY SOURCE: whois8 $H2_V4:43 AS65002: dnskey 257 3 13 "
check_err $? "want exit 0, '$want' and the key from WHOIS8 (got exit $rc)"
log_test "nslookup8 over UDP8: www.example.net secure (AS65002 key tag $TAG from WHOIS8)"

# The DNS8 server answered over UDP8: IPv8 UDP datagrams reached H2.
ip netns exec "$H1" nslookup8 -server $H2_ADDR -novalidate -4 v4.example.net >"$WORK/v4.out" 2>&1
rc=$?
[ $rc -eq 0 ] && grep -q "^v4.example.net.*IN[[:space:]]*A[[:space:]]*$H2_V4" "$WORK/v4.out"
check_err $? "an A query over UDP8 failed (exit $rc): $(cat "$WORK/v4.out")"
log_test "an A query over UDP8 is answered too"

# 2. The WHOIS8 key replaced: bogus, exit 2, and why.
registry "$WORK/other.out" >"$WORK/whois8.db"
kill -HUP "$ZS_PID"
busywait 5000 grep -q reloaded "$WORK/zs.log" >/dev/null
check_err $? "zoneserverd did not reload"
out=$(ip netns exec "$H1" nslookup8 -server $H2_ADDR -whois-server $H2_V4 www.example.net 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
[ $rc -eq 2 ] &&
	echo "$out" | grep -q "^;; VALIDATION: bogus: .*no matching key in WHOIS8" &&
	echo "$out" | grep -q "^nslookup8: www.example.net: validation failed: "
check_err $? "want exit 2 with 'bogus: ... no matching key in WHOIS8' (got exit $rc)"
log_test "WHOIS8 key replaced: validation fails (exit 2, no matching key)"
registry "$WORK/keygen.out" >"$WORK/whois8.db"
kill -HUP "$ZS_PID"
busywait 5000 sh -c "[ \$(grep -c reloaded '$WORK/zs.log') -ge 2 ]" >/dev/null
check_err $? "zoneserverd did not reload the right key"
log_test "WHOIS8 key restored"

# 3. ping8 by host name, resolved over UDP8 and validated.
printf 'nameserver %s\nwhois8 %s\n' $H2_ADDR $H2_V4 >"$WORK/resolv8.conf"
printf 'nameserver %s\n' $H2_V4 >"$WORK/resolv4.conf"
out=$(IPV8_RESOLV_CONF=$WORK/resolv8.conf ip netns exec "$H1" ping8 -c 3 -i 0.2 -W 2 www.example.net 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
[ $rc -eq 0 ] &&
	echo "$out" | grep -qx "PING www.example.net ($H2_ADDR) 56(92) bytes of data." &&
	echo "$out" | grep -q '^3 packets transmitted, 3 received, 0% packet loss'
check_err $? "ping8 -c 3 www.example.net: want 3/3 over IPv8 (exit $rc)"
log_test "ping8 -c 3 www.example.net: over IPv8, 0% loss"

out=$(IPV8_RESOLV_CONF=$WORK/resolv8.conf ip netns exec "$H1" ping8 -c 1 nope.example.net 2>&1)
rc=$?
[ $rc -eq 2 ] && [ "$out" = "ping8: nope.example.net: Name or service not known" ]
check_err $? "unknown name: want exit 2 and the iputils message, got $rc: $out"
log_test "ping8 nope.example.net: Name or service not known, exit 2"

# 4. The IPv8 path down (IPv8 off on the router's link to ASN 65002; IPv4
# still forwarded): DNS over IPv4, ping8 falls back after exactly -k 3.
ipv8ctl -n "$R" link set dev veth2 ipv8 off
check_err $? "cannot turn IPv8 off on R veth2"
out=$(IPV8_RESOLV_CONF=$WORK/resolv4.conf ip netns exec "$H1" ping8 -v -k 3 -c 3 -i 0.2 -W 2 www.example.net 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
n=$(echo "$out" | grep -c '^ping8: www.example.net: IPv8 attempt [0-9]*/3: ')
[ $rc -eq 0 ] && [ "$n" -eq 3 ] &&
	echo "$out" | grep -qx 'ping8: www.example.net: IPv4 fallback after 3 unanswered IPv8 attempts' &&
	echo "$out" | grep -qx "PING www.example.net ($H2_V4) 56(84) bytes of data." &&
	echo "$out" | grep -q '^3 packets transmitted, 3 received, 0% packet loss'
check_err $? "want 3 IPv8 attempts then IPv4 with 0% loss (got $n attempts, exit $rc)"
log_test "IPv8 path down: ping8 -k 3 falls back to IPv4 after exactly 3 attempts"

out=$(IPV8_RESOLV_CONF=$WORK/resolv4.conf ip netns exec "$H1" ping8 -v -8 -k 3 -c 1 -W 1 www.example.net 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
n=$(echo "$out" | grep -c '^ping8: www.example.net: IPv8 attempt [0-9]*/3: ')
[ $rc -ne 0 ] && [ "$n" -eq 3 ] && ! echo "$out" | grep -q 'IPv4' &&
	echo "$out" | grep -qx "PING www.example.net ($H2_ADDR) 56(92) bytes of data."
check_err $? "-8: want 3 IPv8 attempts, no IPv4, non-zero exit (got $n attempts, exit $rc)"
log_test "IPv8 path down: ping8 -8 never falls back (exit $rc)"

# nslookup8 -f: the A8 answer over IPv4 DNS is still secure, no A records used.
out=$(ip netns exec "$H1" nslookup8 -f -server $H2_V4 www.example.net 2>&1)
rc=$?
[ $rc -eq 0 ] && echo "$out" | grep -q "^;; VALIDATION: secure" && ! echo "$out" | grep -q '^;; A SECTION'
check_err $? "nslookup8 -f over IPv4 DNS: exit $rc"
log_test "nslookup8 -f: A8 only"

ipv8ctl -n "$R" link set dev veth2 ipv8 on forwarding on &&
	ipv8ctl -n "$R" addr add 65002.198.51.100.254/24 dev veth2
check_err $? "cannot restore IPv8 on R veth2"
log_test "IPv8 path restored"

kill "$ZS_PID"
wait "$ZS_PID" 2>/dev/null
ZS_PID=
ksft_exit
