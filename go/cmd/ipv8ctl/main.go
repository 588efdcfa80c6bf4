// Command ipv8ctl shows and changes the IPv8 state of the kernel: which
// links have IPv8, their addresses, the per-namespace counters, and the
// stream of changes. Its grammar, output and exit codes follow ip(8); see
// docs/ipv8ctl.8.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/ipv8/ipv8/go/internal/genl8"
)

// buildVersion may be set with -ldflags "-X main.buildVersion=...".
var buildVersion string

func version() string {
	if buildVersion != "" {
		return buildVersion
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

func dial(netns string) (backend, error) { return genl8.Dial(netns) }

func main() {
	// monitor runs until SIGINT or SIGTERM and then exits 0.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, dial)
	stop()
	os.Exit(code)
}
