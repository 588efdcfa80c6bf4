// Command ping8 sends ICMPv8 echo requests and reports the replies, with
// the options, output and exit status of iputils ping(8); see
// docs/ping8.8.md. A destination with routing prefix 0 (a plain IPv4
// address) is pinged over IPv4, with the same output.
package main

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/ipv8/ipv8/go/in8"
	"github.com/ipv8/ipv8/go/resolver8"
)

// env is what ping8 takes from the outside world, replaced in tests.
type env struct {
	stdout, stderr io.Writer
	open           func(config, in8.Addr) (*session, error)
	clk            clock
	id             func() uint16
	// notify starts delivering SIGINT (and SIGTERM) to interrupt.
	notify func(interrupt func()) (stop func())
	// resolver is set up for a host name destination.
	resolver func(config) (*resolver8.Resolver, error)
}

func main() {
	os.Exit(ping8(os.Args[1:], env{
		stdout:   os.Stdout,
		stderr:   os.Stderr,
		open:     openSocket,
		clk:      realClock{},
		id:       func() uint16 { return uint16(rand.Uint32()) },
		notify:   notifySignals,
		resolver: newResolver,
	}))
}

func notifySignals(interrupt func()) func() {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case <-ch:
			interrupt()
		case <-done:
		}
	}()
	return func() { signal.Stop(ch); close(done) }
}

// ping8 runs the command and returns its exit status: 0 if a reply came
// (see pinger.exitStatus), 1 if none did, 2 on usage and setup errors.
func ping8(args []string, e env) int {
	cfg, err := parseArgs(args)
	if err != nil {
		fmt.Fprintf(e.stderr, "ping8: %v\n", err)
		var ue *usageError
		if errors.As(err, &ue) && ue.withUsage {
			fmt.Fprint(e.stderr, usageText)
		}
		return 2
	}
	if cfg.help {
		fmt.Fprint(e.stdout, usageText)
		return 0
	}
	if cfg.size > maxSize {
		fmt.Fprintf(e.stderr, "ping8: packet size %d is too large. Maximum is %d\n", cfg.size, maxSize)
		return 2
	}
	dst, err := in8.ParseAddr(cfg.dest)
	var s *session
	var id uint16
	switch {
	case err != nil && isHostName(cfg.dest) && e.resolver != nil:
		var rc int
		if s, dst, id, rc = resolveHost(cfg, e); rc != 0 {
			return rc
		}
	case err != nil:
		var pe *in8.ParseError
		if errors.As(err, &pe) {
			fmt.Fprintf(e.stderr, "ping8: %s: %s\n", cfg.dest, pe.Reason)
		} else {
			fmt.Fprintf(e.stderr, "ping8: %s: %v\n", cfg.dest, err)
		}
		return 2
	case cfg.only4 && !dst.IsIPv4Compatible(), cfg.only8 && dst.IsIPv4Compatible():
		// iputils' answer to "ping -4 ::1".
		fmt.Fprintf(e.stderr, "ping8: %s: Address family for hostname not supported\n", cfg.dest)
		return 2
	default:
		if s, err = e.open(cfg, dst); err != nil {
			fmt.Fprintf(e.stderr, "ping8: %v\n", err)
			return 2
		}
		id = s.pingID(e)
	}
	defer s.c.Close()
	p := newPinger(cfg, s, e, dst, id)
	stop := e.notify(p.interrupt)
	defer stop()
	return p.run()
}

func newPinger(cfg config, s *session, e env, dst in8.Addr, id uint16) *pinger {
	p := &pinger{
		cfg:  cfg,
		fam:  s.fam,
		c:    s.c,
		clk:  e.clk,
		out:  e.stdout,
		errw: e.stderr,
		dst:  dst,
		from: s.from,
		id:   id,
	}
	return p
}

// strerror gives Go's errno text the capital of the C library's, which
// is what iputils users see ("Operation not permitted").
func strerror(err error) string {
	s := err.Error()
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
