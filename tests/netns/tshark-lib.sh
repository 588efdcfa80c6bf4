# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Packet captures for the netns cases: taken in the guest with tcpdump,
# checked on the host with tshark and tools/wireshark/ipv8.lua.
# See "Captures and host checks" in tests/netns/README.md.
#
# Guest side, in a case (cases/NN-name.sh), after lib.sh:
#
#   source "${IPV8_TESTS:-$(dirname "$0")/..}/tshark-lib.sh"
#   capture_start "$B" veth0 b-rx -c 4 'ether proto 0x88b5'
#   ...send...
#   capture_wait b-rx 5000 || capture_stop b-rx
#
# Files land in $IPV8_CAPTURES/NAME.pcap; vm-run brings that directory home.
#
# Host side, in the companion cases/NN-name.host.sh:
#
#   source "$(dirname "$0")/../tshark-lib.sh"
#   host_begin name.host
#   p=$(capture_file b-rx)
#   expect_count "$p" 'ipv8' 4
#   expect_all "$p" 'ipv8.version == 8 && ipv8.checksum.status == "Good"'
#   log_test "four good IPv8 headers"
#   host_exit
#
# Filters are Wireshark display filters; the field names of the dissector
# are listed in docs/wireshark.md.

# The host checks reuse lib.sh's check_err / check_fail / log_test; a guest
# case has sourced it already (sourcing it again would reset its counters).
declare -F log_test >/dev/null ||
	source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TSHARK_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
IPV8_CAPTURES=${IPV8_CAPTURES:-${TMPDIR:-/tmp}/ipv8-captures}

# --- guest side: tcpdump ---------------------------------------------------

declare -A CAPTURE_PID=()

# capture_start NS DEV NAME [TCPDUMP ARGS...]: capture on DEV in netns NS
# into $IPV8_CAPTURES/NAME.pcap, in the background; returns once tcpdump
# listens. The remaining arguments go to tcpdump as they are: options such
# as "-c 4" first, then a BPF filter.
capture_start() {
	local ns=$1 dev=$2 name=$3 log
	shift 3
	mkdir -p "$IPV8_CAPTURES"
	log=${TMPDIR:-/tmp}/capture-$name.log
	# -Z root: Debian's tcpdump drops to user tcpdump before opening -w.
	# --immediate-mode: else the last TPACKET_V3 block may be lost on stop.
	ip netns exec "$ns" tcpdump -i "$dev" -n -s 0 -U --immediate-mode -Z root \
		-w "$IPV8_CAPTURES/$name.pcap" "$@" 2>"$log" &
	CAPTURE_PID[$name]=$!
	if ! busywait 10000 grep -q 'listening on' "$log" >/dev/null; then
		echo "# capture_start $name: tcpdump did not start: $(head -c 300 "$log")"
		return 1
	fi
}

# capture_wait NAME [MS]: wait up to MS (default 5000) for the capture to end
# by itself (tcpdump -c N); 1 if it is still running.
capture_wait() {
	local name=$1 ms=${2:-5000} pid=${CAPTURE_PID[$1]:-}
	[ -n "$pid" ] || return 0
	busywait "$ms" eval "! kill -0 $pid 2>/dev/null" >/dev/null || return 1
	wait "$pid" 2>/dev/null
	unset "CAPTURE_PID[$name]"
	capture_report "$name"
}

# capture_stop [NAME...]: stop these captures (default: all still running)
# and wait until their files are complete.
capture_stop() {
	local name pid
	[ $# -gt 0 ] || set -- "${!CAPTURE_PID[@]}"
	for name in "$@"; do
		pid=${CAPTURE_PID[$name]:-}
		[ -n "$pid" ] || continue
		kill -INT "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		unset "CAPTURE_PID[$name]"
		capture_report "$name"
	done
}

# capture_report NAME: tcpdump's own count as a KTAP diagnostic.
capture_report() {
	local log=${TMPDIR:-/tmp}/capture-$1.log n d
	n=$(sed -n 's/^\([0-9]*\) packets\{0,1\} captured$/\1/p' "$log" 2>/dev/null)
	d=$(capture_dropped "$1")
	echo "# capture $1: ${n:-?} packets in $IPV8_CAPTURES/$1.pcap${d:+, $d dropped by the kernel}"
}

# capture_dropped NAME: what tcpdump said the kernel dropped from a stopped
# capture (frames it saw but could not hand to tcpdump in time), or nothing.
capture_dropped() {
	sed -n 's/^\([0-9]*\) packets\{0,1\} dropped by kernel$/\1/p' \
		"${TMPDIR:-/tmp}/capture-$1.log" 2>/dev/null
}

# --- host side: tshark -----------------------------------------------------

TSHARK=${TSHARK:-tshark}
IPV8_LUA=${IPV8_LUA:-$(cd "$TSHARK_LIB_DIR/../.." && pwd)/tools/wireshark/ipv8.lua}

# host_begin NAME: start a host check's KTAP output.
host_begin() {
	KSFT_NAME=${1:-$KSFT_NAME}
	echo "KTAP version 1"
	if ! command -v "$TSHARK" >/dev/null; then
		echo "# tshark is not installed (make deps)"
		log_test "tshark available"
		host_exit
	fi
	echo "# $("$TSHARK" --version 2>/dev/null | head -n 1)"
}

# host_exit: print the plan and exit 0 (all passed), 1 or 4 (all skipped),
# as ksft_exit does, without a kernel log (there is no guest any more).
host_exit() {
	echo "1..$KSFT_NUM"
	if [ "$KSFT_NFAIL" -gt 0 ] || [ "$KSFT_NUM" -eq 0 ]; then
		exit "$KSFT_FAIL"
	elif [ "$KSFT_NSKIP" -eq "$KSFT_NUM" ]; then
		exit "$KSFT_SKIP"
	fi
	exit "$KSFT_PASS"
}

# capture_file NAME: the path of capture NAME of this case. The expect_*
# helpers fail the test when the file is missing or empty.
capture_file() {
	echo "$IPV8_CAPTURES/$1.pcap"
}

# have_capture PCAP: fails the current test when PCAP is missing.
have_capture() {
	[ -s "$1" ] && return 0
	check_err 1 "no capture ${1##*/} in ${1%/*}"
	return 1
}

# tshark_run PCAP ARGS...: tshark with the IPv8 dissector over PCAP, no name
# resolution; stdout is tshark's, stderr only when tshark fails.
tshark_run() {
	local pcap=$1 err rc
	shift
	err=$(mktemp)
	"$TSHARK" -n -X "lua_script:$IPV8_LUA" -r "$pcap" "$@" 2>"$err"
	rc=$?
	if [ $rc -ne 0 ] || grep -q 'Lua: Error' "$err"; then
		grep -v 'Running as user' "$err" | head -n 20 | sed 's/^/# tshark: /' >&2
		[ $rc -ne 0 ] || rc=1
	fi
	rm -f "$err"
	return $rc
}

# tshark_fields PCAP FILTER FIELD...: one tab-separated line per frame that
# matches FILTER ("" for every frame); several occurrences of a field are
# joined with ",".
tshark_fields() {
	local pcap=$1 filter=$2 f args=()
	shift 2
	for f in "$@"; do args+=(-e "$f"); done
	tshark_run "$pcap" ${filter:+-Y "$filter"} -T fields \
		-E occurrence=a -E aggregator=, "${args[@]}"
}

# tshark_count PCAP FILTER: how many frames match; fails (printing nothing)
# if tshark does, e.g. for a filter that does not parse.
tshark_count() {
	local out
	out=$(tshark_fields "$1" "$2" frame.number) || return 1
	if [ -z "$out" ]; then
		echo 0
	else
		wc -l <<<"$out"
	fi
}

# The expect_* helpers fail the current test (check_err) with a message
# that names the capture and the filter; log_test closes the test.

# expect_count PCAP FILTER N: exactly N frames match.
expect_count() {
	have_capture "$1" || return 1
	local n
	n=$(tshark_count "$1" "$2") || { check_err 1 "${1##*/}: tshark failed on '$2'"; return 1; }
	[ "$n" -eq "$3" ] && return 0
	check_err 1 "${1##*/}: $n frames match '$2', want $3"
	return 1
}

# expect_some PCAP FILTER: at least one frame matches.
expect_some() {
	have_capture "$1" || return 1
	local n
	n=$(tshark_count "$1" "$2") || { check_err 1 "${1##*/}: tshark failed on '$2'"; return 1; }
	[ "$n" -gt 0 ] && return 0
	check_err 1 "${1##*/}: no frame matches '$2'"
	return 1
}

# expect_none PCAP FILTER: no frame matches.
expect_none() {
	expect_count "$1" "$2" 0
}

# expect_all PCAP FILTER [SCOPE]: every frame (of those matching the display
# filter SCOPE, if given) matches FILTER, and there is at least one.
expect_all() {
	local pcap=$1 filter=$2 scope=${3:-} total bad
	have_capture "$pcap" || return 1
	total=$(tshark_count "$pcap" "$scope") || { check_err 1 "${pcap##*/}: tshark failed on '$scope'"; return 1; }
	bad=$(tshark_count "$pcap" "${scope:+($scope) && }!($filter)") ||
		{ check_err 1 "${pcap##*/}: tshark failed on '$filter'"; return 1; }
	local in=
	[ -z "$scope" ] || in=" matching '$scope'"
	if [ "$total" -eq 0 ]; then
		check_err 1 "${pcap##*/}: no frame$in"
		return 1
	fi
	[ "$bad" -eq 0 ] && return 0
	check_err 1 "${pcap##*/}: $bad of $total frames$in fail '$filter'"
	return 1
}

# expect_values PCAP FILTER FIELD WANT: the values of FIELD over the
# matching frames, one per frame joined by spaces, are exactly WANT.
expect_values() {
	have_capture "$1" || return 1
	local got
	got=$(tshark_fields "$1" "$2" "$3") || { check_err 1 "${1##*/}: tshark failed on '$2'"; return 1; }
	got=$(tr '\n' ' ' <<<"$got")
	got=${got% }
	[ "$got" = "$4" ] && return 0
	check_err 1 "${1##*/}: $3 of '$2' is '$got', want '$4'"
	return 1
}

# expect_clean PCAP: no Lua error and no malformed frame anywhere.
expect_clean() {
	expect_none "$1" '_ws.lua.error || _ws.malformed'
}
