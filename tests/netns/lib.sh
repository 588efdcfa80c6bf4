# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the netns cases, in the style of the kernel's
# tools/testing/selftests/net/lib.sh. Source it from a bash case script:
#
#   source "${IPV8_TESTS:-$(dirname "$0")/..}/lib.sh"
#   ksft_begin "case-name"          # KTAP header, kernel log mark
#   setup_ns NS1 NS2                # NS1=ns1-a8Xk2q ... created, lo up
#   ...; check_err $? "what failed"; log_test "description"
#   ksft_exit                       # kernel log check, plan, exit status
#
# Each log_test prints one KTAP line (ok N name / not ok N name) and resets
# RET. ksft_exit adds a final test that the kernel log since ksft_begin holds
# no warning, then prints the plan and exits 0 (all passed), 1 (a failure)
# or 4 (everything skipped).

KSFT_PASS=0
KSFT_FAIL=1
KSFT_SKIP=4

RET=0
RETMSG=
KSFT_NUM=0
KSFT_NFAIL=0
KSFT_NSKIP=0
KSFT_NAME=${0##*/}
KSFT_MARK=
NS_LIST=()

# Lines that must not appear in the kernel log while a case runs. Besides
# the generic ones, the reports of the debug kernel (tests/debug-kernel):
# KASAN, UBSAN, lockdep, RCU, debugobjects, list debugging and kmemleak
# (run-suite.sh triggers its scans).
KMSG_BAD='WARNING:|BUG:|Oops|refcount_t:|UBSAN|KASAN|leak'
KMSG_BAD+='|general protection fault|possible circular locking|inconsistent lock state'
KMSG_BAD+='|possible recursive locking|suspicious RCU usage|INFO: trying to register non-static key'
KMSG_BAD+='|ODEBUG:|list_(add|del) corruption|unreferenced object|ref_tracker:'
KMSG_BAD+='|unregister_netdevice: waiting'

ksft_begin() {
	KSFT_NAME=${1:-$KSFT_NAME}
	echo "KTAP version 1"
	kmsg_mark
}

# kmsg_mark: write a unique line to the kernel log; check_kernel_log looks
# only at what follows the last mark.
kmsg_mark() {
	KSFT_MARK="ipv8-selftest: begin $KSFT_NAME $$-$RANDOM$RANDOM"
	echo "$KSFT_MARK" >/dev/kmsg 2>/dev/null || KSFT_MARK=
}

# kernel_log_since_mark: the kernel log after the last mark.
kernel_log_since_mark() {
	if [ -z "$KSFT_MARK" ]; then
		dmesg
		return
	fi
	dmesg | awk -v m="$KSFT_MARK" 'found { print } index($0, m) { found = 1 }'
}

# check_kernel_log: RET fails if the kernel complained since the mark; the
# offending lines are printed as KTAP diagnostics.
check_kernel_log() {
	local bad
	bad=$(kernel_log_since_mark | grep -E "$KMSG_BAD")
	if [ -n "$bad" ]; then
		check_err 1 "kernel log has warnings since the case began"
		echo "$bad" | head -n 40 | sed 's/^/# kmsg: /'
	fi
}

# setup_ns VAR...: create one netns per VAR with a unique name (prefix from
# the variable name, random suffix), bring its lo up and set VAR to the name.
setup_ns() {
	local var name
	for var in "$@"; do
		name="$(echo "$var" | tr 'A-Z' 'a-z')-$(mktemp -u XXXXXX)"
		if ! ip netns add "$name"; then
			echo "# setup_ns: cannot create $name"
			return 1
		fi
		ip -n "$name" link set lo up
		NS_LIST+=("$name")
		eval "$var=\$name"
	done
}

# cleanup_ns NS...: delete these namespaces (default: all setup_ns made).
cleanup_ns() {
	local ns keep=() rc=0
	[ $# -gt 0 ] || set -- "${NS_LIST[@]}"
	for ns in "$@"; do
		ip netns del "$ns" 2>/dev/null || rc=1
	done
	for ns in "${NS_LIST[@]}"; do
		[[ " $* " == *" $ns "* ]] || keep+=("$ns")
	done
	NS_LIST=("${keep[@]}")
	return $rc
}

cleanup_all_ns() {
	local ns
	for ns in "${NS_LIST[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
	NS_LIST=()
}

# busywait TIMEOUT_MS CMD...: run CMD until it succeeds or TIMEOUT_MS passed;
# returns CMD's last status and prints its last output.
busywait() {
	local timeout_ms=$1 start now out rc
	shift
	# EPOCHREALTIME: busybox date has no %N.
	start=$(( ${EPOCHREALTIME/./} / 1000 ))
	while :; do
		out=$("$@")
		rc=$?
		if [ $rc -eq 0 ]; then
			[ -n "$out" ] && echo "$out"
			return 0
		fi
		now=$(( ${EPOCHREALTIME/./} / 1000 ))
		if [ $((now - start)) -ge "$timeout_ms" ]; then
			[ -n "$out" ] && echo "$out"
			return $rc
		fi
		sleep 0.1
	done
}

# check_err ERR MSG: fail the current test if ERR is non-zero.
check_err() {
	local err=$1 msg=$2
	if [ "$RET" -eq 0 ] && [ "$err" -ne 0 ]; then
		RET=$err
		RETMSG=$msg
	fi
}

# check_fail ERR MSG: fail the current test if ERR is zero.
check_fail() {
	local err=$1 msg=$2
	if [ "$RET" -eq 0 ] && [ "$err" -eq 0 ]; then
		RET=1
		RETMSG=$msg
	fi
}

# log_test NAME: one KTAP line for the checks since the last log_test.
log_test() {
	local name=$1
	KSFT_NUM=$((KSFT_NUM + 1))
	if [ "$RET" -eq "$KSFT_SKIP" ]; then
		echo "ok $KSFT_NUM $name # SKIP ${RETMSG}"
		KSFT_NSKIP=$((KSFT_NSKIP + 1))
	elif [ "$RET" -ne 0 ]; then
		echo "not ok $KSFT_NUM $name"
		[ -n "$RETMSG" ] && echo "# $RETMSG"
		KSFT_NFAIL=$((KSFT_NFAIL + 1))
	else
		echo "ok $KSFT_NUM $name"
	fi
	RET=0
	RETMSG=
}

# log_test_skip NAME REASON
log_test_skip() {
	RET=$KSFT_SKIP
	RETMSG=$2
	log_test "$1"
}

# run_cmd CMD...: run CMD, keep its stdout, stderr and status in CMD_OUT,
# CMD_ERR and CMD_RC; echo them as diagnostics when IPV8_VERBOSE is set.
run_cmd() {
	local errf
	errf=$(mktemp)
	CMD_OUT=$("$@" 2>"$errf")
	CMD_RC=$?
	CMD_ERR=$(cat "$errf")
	rm -f "$errf"
	if [ -n "${IPV8_VERBOSE:-}" ]; then
		echo "# \$ $*"
		[ -n "$CMD_OUT" ] && echo "$CMD_OUT" | sed 's/^/# /'
		[ -n "$CMD_ERR" ] && echo "$CMD_ERR" | sed 's/^/# stderr: /'
		echo "# rc=$CMD_RC"
	fi
	return $CMD_RC
}

# expect_cmd RC PATTERN CMD...: run CMD; RET fails unless it exits RC and,
# when PATTERN is not empty, its stderr (for RC != 0) or stdout contains
# PATTERN (fixed string).
expect_cmd() {
	local want_rc=$1 pat=$2 where
	shift 2
	run_cmd "$@"
	if [ "$CMD_RC" -ne "$want_rc" ]; then
		check_err 1 "'$*' exited $CMD_RC, want $want_rc (stderr: ${CMD_ERR:0:200})"
		return 1
	fi
	[ -z "$pat" ] && return 0
	where=$CMD_OUT
	[ "$want_rc" -ne 0 ] && where=$CMD_ERR
	if [[ "$where" != *"$pat"* ]]; then
		check_err 1 "'$*' output lacks \"$pat\" (got: ${where:0:200})"
		return 1
	fi
	return 0
}

# ipv8_loaded: the module is in the kernel.
ipv8_loaded() {
	[ -d /sys/module/ipv8 ]
}

# ipv8_load: make sure the module is loaded (cases may unload it).
ipv8_load() {
	ipv8_loaded || insmod "${IPV8_KO:-/ipv8/ipv8.ko}"
}

# veth_pair NSA DEVA NSB DEVB: a veth pair between two namespaces, both up.
veth_pair() {
	ip link add "$2" netns "$1" type veth peer name "$4" netns "$3" &&
		ip -n "$1" link set "$2" up &&
		ip -n "$3" link set "$4" up
}

# ksft_exit: check the kernel log, print the plan and exit.
ksft_exit() {
	RET=0
	RETMSG=
	check_kernel_log
	log_test "kernel log clean"
	echo "1..$KSFT_NUM"
	if [ "$KSFT_NFAIL" -gt 0 ]; then
		exit $KSFT_FAIL
	elif [ "$KSFT_NSKIP" -eq "$((KSFT_NUM - 1))" ] && [ "$KSFT_NSKIP" -gt 0 ]; then
		exit $KSFT_SKIP
	fi
	exit $KSFT_PASS
}

# ipv8_up NS DEV PREFIX [SETTING on|off]...: turn IPv8 on for DEV in NS,
# apply the link settings (forwarding, border, wan) and add PREFIX.
ipv8_up() {
	local ns=$1 dev=$2 prefix=$3
	shift 3
	ipv8ctl -n "$ns" link set dev "$dev" ipv8 on "$@" &&
		ipv8ctl -n "$ns" addr add "$prefix" dev "$dev"
}

# ping8_ok NS DST [ARGS...]: ping8 from NS; prints ping8's output and fails
# unless every probe was answered.
ping8_ok() {
	local ns=$1 dst=$2 out rc
	shift 2
	out=$(ip netns exec "$ns" ping8 "$@" "$dst" 2>&1)
	rc=$?
	echo "$out" | sed 's/^/# /'
	[ $rc -eq 0 ] && echo "$out" | grep -q ' 0% packet loss'
}

# bridge_available: load the bridge module and what it needs (shipped by
# mkinitramfs when the kernel has them as modules); 1 if there is none.
bridge_available() {
	local m
	for m in llc stp bridge; do
		[ -d /sys/module/$m ] ||
			insmod "/lib/modules/$(uname -r)/$m.ko" 2>/dev/null
	done
	[ -d /sys/module/bridge ]
}

# two_asn_one_router: the topology of several cases, in the namespaces
# $H1, $R and $H2 (setup_ns H1 R H2 first):
#
#   H1 veth0 65001.192.0.2.1/24 --- veth1 .254  R  .254 veth2 --- veth0 65002.198.51.100.1/24 H2
#
# R forwards; each host's default route goes through it.
two_asn_one_router() {
	veth_pair "$H1" veth0 "$R" veth1 &&
		veth_pair "$R" veth2 "$H2" veth0 &&
		ipv8_up "$H1" veth0 65001.192.0.2.1/24 &&
		ipv8_up "$R" veth1 65001.192.0.2.254/24 forwarding on &&
		ipv8_up "$R" veth2 65002.198.51.100.254/24 forwarding on &&
		ipv8_up "$H2" veth0 65002.198.51.100.1/24 &&
		ipv8ctl -n "$H1" route add default via 65001.192.0.2.254 &&
		ipv8ctl -n "$H2" route add default via 65002.198.51.100.254
}
