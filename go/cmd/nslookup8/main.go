// Command nslookup8 looks up A8 (and A) records in the manner of
// nslookup/dig, validates A8 signatures against the owning ASN's key in
// WHOIS8, shows the parity order and, with -connect, runs the IPv8-first
// connection procedure with IPv4 fallback. See docs/nslookup8.1.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/ipv8/ipv8/go/resolver8"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr, env{Transport: &resolver8.Sock8{}, Now: time.Now}))
}
