#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Interop (issue 7): Debian's dig asks zoneserverd for TYPE65280 and must
# get the same RDATA that nslookup8 prints, both as generic RFC 3597 text
# (dig +short) and with a valid DNSSEC signature over the A8 RRset.
# Needs bin/zoneserverd and bin/nslookup8 (make go) and dig
# (bind9-dnsutils). Runs on 127.0.0.1 only; exit 0 on success.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
command -v dig >/dev/null || { echo "dig-interop: dig not installed (bind9-dnsutils)" >&2; exit 1; }
command -v jq >/dev/null || { echo "dig-interop: jq not installed" >&2; exit 1; }
zs=$root/bin/zoneserverd ns=$root/bin/nslookup8
[ -x "$zs" ] && [ -x "$ns" ] || { echo "dig-interop: build bin/zoneserverd and bin/nslookup8 first (make go)" >&2; exit 1; }

tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

"$zs" keygen -alg 13 -asn 65002 -o "$tmp/AS65002.key" >"$tmp/keygen.out"
cat >"$tmp/whois8.db" <<EOT
aut-num:        AS65002
as-name:        EXAMPLE
status:         active
route8:         65002.10.0.0.0/16
$(grep '^dnskey:' "$tmp/keygen.out")
changed:        2026-11-01T00:00:00Z
source:         IPV8-LAB
EOT
cat >"$tmp/example.net.zone" <<'EOT'
$TTL 300
@    SOA ns1 hostmaster 1 3600 600 86400 60
ns1  A   127.0.0.1
www  A8  65002.10.0.0.1
www  TYPE65280 \# 8 0000fdea0a000002
www  A   127.0.0.1
EOT

# Random free ports: retry a few times if one is taken meanwhile.
for try in 1 2 3 4 5; do
	dport=$((20000 + RANDOM % 20000)) wport=$((40000 + RANDOM % 20000))
	"$zs" -dns 127.0.0.1:$dport -whois 127.0.0.1:$wport -registry "$tmp/whois8.db" \
		-zone "example.net=$tmp/example.net.zone" -key "$tmp/AS65002.key" 2>"$tmp/zs.log" &
	pid=$!
	for _ in $(seq 50); do
		grep -q serving "$tmp/zs.log" && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	grep -q serving "$tmp/zs.log" && break
	wait "$pid" 2>/dev/null || true
	pid=
done
[ -n "$pid" ] || { cat "$tmp/zs.log" >&2; echo "dig-interop: zoneserverd did not start" >&2; exit 1; }

fail=0
check() { if [ "$2" = "$3" ]; then echo "ok - $1"; else echo "not ok - $1: got '$2', want '$3'"; fail=1; fi; }

# dig prints unknown types as "\# 8 HEX" (upper case hex): compare octets.
digs=$(dig +short +norec -p "$dport" @127.0.0.1 www.example.net TYPE65280 |
	sed -n 's/^\\# 8 //p' | tr -d ' ' | tr 'A-F' 'a-f' | sort | tr '\n' ' ')
nsj=$("$ns" -j -server 127.0.0.1:$dport -whois-server 127.0.0.1:$wport www.example.net)
mine=$(echo "$nsj" | jq -r '.a8[].rdata_hex' | sort | tr '\n' ' ')
check "dig TYPE65280 RDATA equals nslookup8's" "$digs" "$mine"
check "two A8 records" "$(echo "$mine" | wc -w)" 2
check "nslookup8 verdict" "$(echo "$nsj" | jq -r .validation.verdict)" secure

# Over TCP and with DNSSEC records: the RRSIG covers TYPE65280, alg 13.
sig=$(dig +tcp +dnssec +norec -p "$dport" @127.0.0.1 www.example.net TYPE65280 |
	awk '$4 == "RRSIG" { print $5, $6 }')
check "dig +dnssec sees the RRSIG over TYPE65280" "$sig" "TYPE65280 13"
# The DNSKEY at the apex is the one published in WHOIS8.
key=$(dig +short +norec -p "$dport" @127.0.0.1 example.net DNSKEY | tr -d ' ')
want=$(sed -n 's/^dnskey: *//p' "$tmp/keygen.out" | tr -d ' ')
check "DNSKEY served equals the WHOIS8 dnskey" "$key" "$want"
# An unknown name: NXDOMAIN with the AA bit.
st=$(dig +norec -p "$dport" @127.0.0.1 nope.example.net TYPE65280 | sed -n 's/.*status: \([A-Z]*\),.*/\1/p')
check "NXDOMAIN" "$st" NXDOMAIN
exit $fail
