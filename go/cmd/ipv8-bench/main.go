// SPDX-License-Identifier: GPL-2.0

// Command ipv8-bench measures IPv8 against IPv4 in one kernel, inside a
// vm-run guest (tests/bench/run.sh, `make bench`): route lookups in FIB8
// and fib_trie (IPV8_CMD_BENCH_FIB), forwarding through a router
// namespace, and echo round trips. Only ratios taken in one run mean
// anything on a shared, emulated machine, so every figure is measured for
// both families back to back. It writes one JSON document.
//
//	ipv8-bench run [-o FILE] [-sizes 1000:1000,100000:10000] [-fwd-secs 3]
//
// The subcommands "gen" and "echo" are what "run" starts inside the
// namespaces it builds (ip netns exec NS ipv8-bench gen ...).
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "run":
		err = cmdRun(os.Args[2:])
	case "gen":
		err = cmdGen(os.Args[2:])
	case "echo":
		err = cmdEcho(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "ipv8-bench: %v\n", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: ipv8-bench run|gen|echo [flags] (ipv8-bench CMD -h for each)")
	os.Exit(2)
}
