#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench-dns (issue 7 item 8): queries per second of zoneserverd's DNS8
# server against NSD serving the same zone, measured with Debian's dnsperf
# on this host over IPv4 loopback, in the same run. Each server gets CPU 1,
# dnsperf CPU 0 (taskset), so both servers run on one core; the two are
# measured alternately, ROUNDS times, and the median of each is compared.
# Two figures per server: dnsperf's queries per second, and the queries
# answered per CPU second of the server (its user+system time during the
# run, from /proc): on a machine shared with other work the first also
# measures the neighbours, the second does not, so the goal (zoneserverd
# at least 0.8 of NSD) is judged on it; both ratios are printed.
# Prints a table and writes build/bench/dns.json; exit 0 when the figures
# were measured (whether or not the goal holds), 1 when they could not be.
#
#   tests/bench/dns.sh                      # 3 rounds of 10 s per server
#   IPV8_BENCH_QUICK=1 tests/bench/dns.sh   # 1 round of 3 s
#   DNS_BENCH_ROUNDS=5 DNS_BENCH_SECS=20 DNS_BENCH_CLIENTS=4 tests/bench/dns.sh
#
# The zone holds HOSTS names, each with one A8 record (in RFC 3597 form, so
# NSD loads the same file) and one A record; the queries ask for A8 and A
# of all names in turn, without the DO bit, so the two servers give
# answers of the same size (zoneserverd's A8 RRSIGs go only to DO queries;
# a second, informational row measures zoneserverd with DO set).
set -uo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
rounds=${DNS_BENCH_ROUNDS:-3} secs=${DNS_BENCH_SECS:-10}
clients=${DNS_BENCH_CLIENTS:-2} hosts=${DNS_BENCH_HOSTS:-1000}
goal=0.8
if [ -n "${IPV8_BENCH_QUICK:-}" ]; then
	rounds=1 secs=3
fi
for c in dnsperf nsd taskset jq go; do
	command -v "$c" >/dev/null || [ -x "/usr/sbin/$c" ] ||
		{ echo "bench-dns: $c not found (make deps installs dnsperf and nsd)" >&2; exit 1; }
done
nsd=$(command -v nsd || echo /usr/sbin/nsd)
cpus=$(nproc)
srvcpu=1 percpu=0
[ "$cpus" -ge 2 ] || srvcpu=0

out=$root/build/bench
mkdir -p "$out"
json=$out/dns.json
tmp=$(mktemp -d)
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# A fresh zoneserverd, built as make go builds it (static, no cgo).
(cd "$root" && CGO_ENABLED=0 go build -trimpath -o "$tmp/zoneserverd" ./go/cmd/zoneserverd) ||
	{ echo "bench-dns: building zoneserverd failed" >&2; exit 1; }
zs=$tmp/zoneserverd

# The zone: ASN 65002 (0x0000fdea), hosts 10.0.x.y.
{
	echo '$TTL 300'
	echo '@ SOA ns1 hostmaster 1 3600 600 86400 60'
	echo '@ NS ns1'
	echo 'ns1 A 127.0.0.1'
	awk -v n="$hosts" 'BEGIN {
		for (i = 1; i <= n; i++) {
			x = int(i / 256); y = i % 256
			printf "h%d TYPE65280 \\# 8 0000fdea0a00%02x%02x\n", i, x, y
			printf "h%d A 10.0.%d.%d\n", i, x, y
		}
	}'
} >"$tmp/example.net.zone"
awk -v n="$hosts" 'BEGIN {
	for (i = 1; i <= n; i++) {
		printf "h%d.example.net TYPE65280\n", i
		printf "h%d.example.net A\n", i
	}
}' >"$tmp/queries"
"$zs" keygen -alg 13 -asn 65002 -o "$tmp/AS65002.key" >/dev/null || exit 1

freeport() {
	local p
	for _ in $(seq 20); do
		p=$((20000 + RANDOM % 30000))
		! ss -Hlun "sport = :$p" | grep -q . && ! ss -Hltn "sport = :$p" | grep -q . && { echo "$p"; return; }
	done
	return 1
}

# waitport PORT: until something answers DNS there (3 s at most).
waitport() {
	for _ in $(seq 30); do
		dig +short +tries=1 +time=1 -p "$1" @127.0.0.1 ns1.example.net A 2>/dev/null | grep -q 127.0.0.1 && return 0
		sleep 0.1
	done
	return 1
}

start_nsd() {
	local port=$1
	cat >"$tmp/nsd.conf" <<-EOT
		server:
		    ip-address: 127.0.0.1@$port
		    server-count: 1
		    username: ""
		    chroot: ""
		    zonesdir: "$tmp"
		    database: ""
		    zonelistfile: "$tmp/zone.list"
		    xfrdfile: "$tmp/xfrd.state"
		    xfrdir: "$tmp"
		    pidfile: "$tmp/nsd.pid"
		    logfile: "$tmp/nsd.log"
		    verbosity: 0
		    hide-version: yes
		    minimal-responses: yes
		    round-robin: no
		remote-control:
		    control-enable: no
		zone:
		    name: example.net
		    zonefile: "$tmp/example.net.zone"
	EOT
	taskset -c "$srvcpu" "$nsd" -d -c "$tmp/nsd.conf" 2>>"$tmp/nsd.log" &
	pid=$!
}

start_zs() {
	local port=$1
	taskset -c "$srvcpu" "$zs" -dns "127.0.0.1:$port" -whois off \
		-zone "example.net=$tmp/example.net.zone" -key "$tmp/AS65002.key" 2>>"$tmp/zs.log" &
	pid=$!
}

stop() {
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	pid=
}

# tree PID: PID and its descendants (NSD runs xfrd, main and the server
# process one below the other).
tree() {
	local c
	echo "$1"
	for c in $(pgrep -P "$1"); do tree "$c"; done
}

# cputicks PID: user+system clock ticks of PID and its descendants.
cputicks() {
	local t=0 p f
	for p in $(tree "$1"); do
		f=$(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null) || continue
		set -- $f
		t=$((t + ${12} + ${13}))
	done
	echo "$t"
}

# measure NAME START [dnsperf flags]: one dnsperf run, prints the qps, the
# queries lost and the queries per CPU second of the server (what it would
# answer with a core of its own: on a shared machine the dnsperf figure
# also measures the neighbours).
measure() {
	local name=$1 start=$2 port
	shift 2
	port=$(freeport) || { echo "bench-dns: no free port" >&2; return 1; }
	"$start" "$port"
	if ! waitport "$port"; then
		echo "bench-dns: $name does not answer on port $port" >&2
		cat "$tmp"/*.log >&2
		stop
		return 1
	fi
	local t0 t1
	t0=$(cputicks "$pid")
	taskset -c "$percpu" dnsperf -s 127.0.0.1 -p "$port" -d "$tmp/queries" -l "$secs" \
		-c "$clients" -q 200 "$@" >"$tmp/dnsperf.out" 2>&1
	t1=$(cputicks "$pid")
	stop
	local qps lost done cpu
	qps=$(sed -n 's/^ *Queries per second: *\([0-9.]*\).*/\1/p' "$tmp/dnsperf.out")
	lost=$(sed -n 's/^ *Queries lost: *\([0-9]*\).*/\1/p' "$tmp/dnsperf.out")
	done=$(sed -n 's/^ *Queries completed: *\([0-9]*\).*/\1/p' "$tmp/dnsperf.out")
	cpu=$(awk -v d="$done" -v t=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" 'BEGIN { if (t > 0) printf "%.0f", d / (t / hz); else print 0 }')
	if [ -z "$qps" ]; then
		echo "bench-dns: dnsperf gave no figure for $name:" >&2
		cat "$tmp/dnsperf.out" >&2
		return 1
	fi
	# Answers must be NOERROR: a server refusing everything is fast too.
	if ! grep -q 'NOERROR' "$tmp/dnsperf.out" || grep -Eq '(SERVFAIL|REFUSED|NXDOMAIN|FORMERR) ' "$tmp/dnsperf.out"; then
		echo "bench-dns: $name gave answers other than NOERROR:" >&2
		cat "$tmp/dnsperf.out" >&2
		return 1
	fi
	echo "$qps $lost $cpu"
}

# Every server must answer the same A8 RDATA as the zone file says.
check_answers() {
	local port want got
	want=$(printf '0000fdea0a000001')
	for s in start_nsd start_zs; do
		port=$(freeport) || return 1
		"$s" "$port"
		waitport "$port" || { stop; return 1; }
		got=$(dig +short +norec -p "$port" @127.0.0.1 h1.example.net TYPE65280 | sed -n 's/^\\# 8 //p' | tr -d ' ' | tr 'A-F' 'a-f')
		stop
		[ "$got" = "$want" ] || { echo "bench-dns: ${s#start_} answers A8 '$got', want '$want'" >&2; return 1; }
	done
}
check_answers || exit 1

echo "bench-dns: $rounds round(s) of ${secs} s per server, $clients dnsperf clients, $hosts names ($((2 * hosts)) queries), server on CPU $srvcpu, dnsperf on CPU $percpu"
runs=()
for r in $(seq "$rounds"); do
	for s in nsd zoneserverd zoneserverd-do; do
		case $s in
		nsd) res=$(measure nsd start_nsd) ;;
		zoneserverd) res=$(measure zoneserverd start_zs) ;;
		zoneserverd-do) res=$(measure "zoneserverd (DO)" start_zs -D) ;;
		esac
		[ -n "$res" ] || exit 1
		set -- $res
		printf '  round %d %-15s %10.0f qps  (%s lost)  %10.0f queries per CPU second\n' "$r" "$s" "$1" "$2" "$3"
		runs+=("{\"round\":$r,\"server\":\"$s\",\"qps\":$1,\"lost\":$2,\"qps_per_cpu\":$3}")
	done
done

runsj=$(printf '%s\n' "${runs[@]}" | jq -s .)
median='sort | if length % 2 == 1 then .[length/2|floor] else (.[length/2-1] + .[length/2]) / 2 end'
jq -n --argjson runs "$runsj" --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
	--arg dnsperf "$(dnsperf -h 2>&1 | sed -n 's/^Version //p')" \
	--arg nsd "$("$nsd" -v 2>&1 | sed -n 's/^NSD version //p')" \
	--arg kernel "$(uname -r)" --argjson goal "$goal" \
	--argjson secs "$secs" --argjson clients "$clients" --argjson hosts "$hosts" "
	def med: $median;
	{date: \$date, kernel: \$kernel, dnsperf: \$dnsperf, nsd: \$nsd,
	 seconds: \$secs, clients: \$clients, names: \$hosts, runs: \$runs,
	 nsd_qps: ([\$runs[] | select(.server == \"nsd\") | .qps] | med),
	 zoneserverd_qps: ([\$runs[] | select(.server == \"zoneserverd\") | .qps] | med),
	 zoneserverd_do_qps: ([\$runs[] | select(.server == \"zoneserverd-do\") | .qps] | med),
	 nsd_qps_per_cpu: ([\$runs[] | select(.server == \"nsd\") | .qps_per_cpu] | med),
	 zoneserverd_qps_per_cpu: ([\$runs[] | select(.server == \"zoneserverd\") | .qps_per_cpu] | med),
	 zoneserverd_do_qps_per_cpu: ([\$runs[] | select(.server == \"zoneserverd-do\") | .qps_per_cpu] | med),
	 goal: \$goal}
	| .ratio = (.zoneserverd_qps / .nsd_qps)
	| .ratio_per_cpu = (.zoneserverd_qps_per_cpu / .nsd_qps_per_cpu)
	| .holds = (.ratio_per_cpu >= .goal)" >"$json" || exit 1

echo
{
	printf 'server\tqueries/s (dnsperf, median)\tratio to NSD\tqueries per CPU s\tratio to NSD\tgoal\tholds?\n'
	jq -r '["NSD " + .nsd, (.nsd_qps|round), 1, (.nsd_qps_per_cpu|round), 1, "", ""],
		["zoneserverd", (.zoneserverd_qps|round), (.ratio*100|round/100),
		 (.zoneserverd_qps_per_cpu|round), (.ratio_per_cpu*100|round/100), .goal, (if .holds then "yes" else "NO" end)],
		["zoneserverd, DO bit", (.zoneserverd_do_qps|round), (.zoneserverd_do_qps/.nsd_qps*100|round/100),
		 (.zoneserverd_do_qps_per_cpu|round), (.zoneserverd_do_qps_per_cpu/.nsd_qps_per_cpu*100|round/100), "-", "-"] | @tsv' "$json"
} | column -t -s $'\t'
echo "results: ${json#"$root"/}"
jq -e .holds "$json" >/dev/null || echo "bench-dns: the goal (queries per CPU second at least $goal of NSD's) is missed"
exit 0
