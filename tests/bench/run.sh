#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: boot a 6.12 guest, run ipv8-bench there (route lookups,
# forwarding, echo round trips, each for IPv8 and IPv4 in the same run),
# bring its JSON home and print the table of figures and goals. Writes
# build/bench/results.json and build/bench/chart.png.
#
#   tests/bench/run.sh [--kernel 6.12] [ipv8-bench run flags...]
#   IPV8_BENCH_QUICK=1 tests/bench/run.sh      # small sizes, short rounds
set -uo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
kernel=6.12
if [ "${1:-}" = --kernel ]; then
	kernel=${2:?}
	shift 2
fi
if [ -n "${IPV8_BENCH_QUICK:-}" ]; then
	set -- -sizes 1000:100,10000:1000 -lookups 20000 -fwd-secs 1 -fwd-rounds 1 -ping-count 50 "$@"
fi
out=$root/build/bench
mkdir -p "$out"
json=$out/results.json
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

# One guest, with room for a million routes of each family.
"$root/tests/netns/vm-run" --kernel "$kernel" --mem 2048 --timeout 3000 \
	--no-host-checks --results "$tmp" "$root/tests/bench/guest.sh" "$@"
rc=$?
if [ $rc -ne 0 ] || ! jq -e . "$tmp" >/dev/null 2>&1; then
	echo "bench: the guest run failed (vm-run status $rc)" >&2
	exit 1
fi
cp "$tmp" "$json"

echo
echo "IPv8 against IPv4, kernel $(jq -r .kernel "$json"), $(jq -r .date "$json")"
echo
{
	printf 'routes\tASNs\tFIB8 ns\tIPv4 ns\tratio\tFIB8 B/route\tIPv4 B/route\tratio\n'
	jq -r '(.fib // [])[] | [.routes, .asns, (.ipv8_ns_per_lookup*10|round/10),
		(if .ipv4_ns_per_lookup then (.ipv4_ns_per_lookup*10|round/10) else "-" end),
		(if .ipv4_ns_per_lookup then (.ipv8_ns_per_lookup/.ipv4_ns_per_lookup*100|round/100) else "-" end),
		(.ipv8_bytes_per_route|round),
		(if .ipv4_bytes_per_route then (.ipv4_bytes_per_route|round) else "-" end),
		(if .ipv4_bytes_per_route then (.ipv8_bytes_per_route/.ipv4_bytes_per_route*100|round/100) else "-" end)] | @tsv' "$json"
} | column -t -s $'\t'
echo
{
	printf 'figure\tIPv8\tIPv4\tunit\tratio\tgoal\tholds?\n'
	jq -r '.goals[] | [.figure, (.ipv8*1000|round/1000), (.ipv4*1000|round/1000), .unit,
		(.ratio*100|round/100), .goal, (if .holds then "yes" else "NO" end)] | @tsv' "$json"
} | column -t -s $'\t'
jq -r '.notes[]? | "note: " + .' "$json"

# The chart: lookup time per size for both families, and the goal ratios
# (a run that skipped the lookup series has none to draw).
if command -v gnuplot >/dev/null && jq -e '(.fib // []) | length > 0' "$json" >/dev/null; then
	jq -r '.fib[] | [.routes, .ipv8_ns_per_lookup, (.ipv4_ns_per_lookup // "NaN")] | @tsv' "$json" >"$out/fib.dat"
	jq -r '.goals[] | [(.figure|gsub(" ";"_")), .ratio] | @tsv' "$json" >"$out/goals.dat"
	gnuplot <<-GP
		set terminal pngcairo size 1100,450 noenhanced
		set output "$out/chart.png"
		set multiplot layout 1,2 title "IPv8 vs IPv4, $(jq -r .kernel "$json")"
		set title "route lookup"
		set logscale x
		set xlabel "routes"
		set ylabel "ns per lookup"
		set key top left
		plot "$out/fib.dat" using 1:2 with linespoints title "FIB8", \
		     "" using 1:3 with linespoints title "IPv4 fib_trie"
		unset logscale x
		set title "IPv8 / IPv4 ratio per goal"
		set style data histogram
		set style fill solid 0.6
		set xtics rotate by -30
		set ylabel "ratio"
		set xlabel ""
		set yrange [0:*]
		plot "$out/goals.dat" using 2:xtic(1) title "ratio", 1 with lines title "1.0"
		unset multiplot
	GP
	[ -s "$out/chart.png" ] && echo "chart: ${out#"$root"/}/chart.png"
fi
echo "results: ${json#"$root"/}"
jq -e '[.goals[].holds] | all' "$json" >/dev/null || echo "bench: some goals are missed (see the table)"
exit 0
