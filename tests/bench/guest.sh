#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# guest.sh [ipv8-bench run flags]: runs inside a vm-run guest (run.sh boots
# it) and leaves ipv8-bench's JSON in $IPV8_RESULTS, which the guest init
# sends home over ttyS1.
set -u
out=${IPV8_RESULTS:-/tmp/bench.json}
ipv8-bench run -o "$out" "$@"
rc=$?
[ $rc -eq 0 ] || echo "guest.sh: ipv8-bench failed ($rc)" >&2
exit $rc
