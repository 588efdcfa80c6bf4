#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Module lifecycle: load, configure, unload, 20 times over, with the
# configuration still in place at rmmod.
#
#   ns A           ns B                       ns C
#   +--------+     +----------------------+   +--------+
#   |     va +-----+ vb1              vb2 +---+ vc     |
#   +--------+veth +----------------------+veth+--------+
#   ASN 65001      ASN 65002                  ASN 65003
#   every veth: ipv8 on, two addresses (a /24 and a /32)
#
# Per cycle: insmod ipv8.ko, build the topology, enable IPv8 and add two
# addresses per veth, check them, rmmod with everything configured, check
# the module is really gone and ipv8ctl says so, delete the namespaces.

source "${IPV8_TESTS:-$(dirname "$0")/..}/lib.sh"

CYCLES=${IPV8_LIFECYCLE_CYCLES:-20}
cleanup() {
	cleanup_all_ns
	ipv8_load
}
trap cleanup EXIT

ksft_begin module-lifecycle

f_load=0 m_load= f_cfg=0 m_cfg= f_unload=0 m_unload= f_gone=0 m_gone= f_cli=0 m_cli=
note() { # note VAR MSGVAR MSG: remember the first failure of a kind
	[ "${!1}" -eq 0 ] && printf -v "$2" '%s' "$3"
	printf -v "$1" '%d' $((${!1} + 1))
}

# configure NS DEV ASN CYCLE: IPv8 on, two addresses, verified by JSON.
configure() {
	local ns=$1 dev=$2 asn=$3 i=$4 got
	ipv8ctl -n "$ns" link set "$dev" ipv8 on || return 1
	ipv8ctl -n "$ns" addr add "$asn.10.$i.0.1/24" dev "$dev" || return 1
	ipv8ctl -n "$ns" addr add "$asn.10.$i.0.2/32" dev "$dev" || return 1
	got=$(ipv8ctl -n "$ns" -j addr show dev "$dev" |
		jq -c '[.[].addr_info[] | "\(.local)/\(.prefixlen)"] | sort')
	[ "$got" = "[\"$asn.10.$i.0.1/24\",\"$asn.10.$i.0.2/32\"]" ] || {
		echo "# $ns $dev: addresses $got"
		return 1
	}
}

ipv8_loaded && { rmmod ipv8 || note f_unload m_unload "initial rmmod failed"; }

for i in $(seq 1 "$CYCLES"); do
	if ! insmod "$IPV8_KO"; then
		note f_load m_load "cycle $i: insmod failed"
		break
	fi
	setup_ns A B C
	veth_pair "$A" va "$B" vb1 && veth_pair "$B" vb2 "$C" vc ||
		note f_cfg m_cfg "cycle $i: veth setup failed"
	configure "$A" va 65001 "$i" && configure "$B" vb1 65002 "$i" &&
		configure "$B" vb2 65002 "$((i + 100))" && configure "$C" vc 65003 "$i" ||
		note f_cfg m_cfg "cycle $i: IPv8 configuration failed"

	if ! rmmod ipv8; then
		note f_unload m_unload "cycle $i: rmmod failed"
		break
	fi
	if ipv8_loaded || lsmod | grep -q '^ipv8 '; then
		note f_gone m_gone "cycle $i: ipv8 still listed after rmmod"
	fi
	run_cmd ipv8ctl link show
	if [ "$CMD_RC" -ne 1 ] || [ "$CMD_ERR" != "Error: ipv8 module not loaded." ]; then
		note f_cli m_cli "cycle $i: ipv8ctl link show without module: rc $CMD_RC, stderr '$CMD_ERR'"
	fi
	cleanup_ns
done

RET=$f_load RETMSG=$m_load
log_test "insmod ipv8.ko, $CYCLES cycles"
RET=$f_cfg RETMSG=$m_cfg
log_test "IPv8 and two addresses on veths in three namespaces"
RET=$f_unload RETMSG=$m_unload
log_test "rmmod with configuration in place"
RET=$f_gone RETMSG=$m_gone
log_test "module gone after rmmod"
RET=$f_cli RETMSG=$m_cli
log_test "ipv8ctl: 'Error: ipv8 module not loaded.', exit 1"

ipv8_load
check_err $? "insmod after the cycles failed"
log_test "module loads again"
ksft_exit
