// SPDX-License-Identifier: GPL-2.0

// Command udp8-echo is a UDP8 echo server and a client that measures it,
// for tests/netns case 48 and by hand in a guest:
//
//	udp8-echo server [-rcvbuf BYTES] ADDR:PORT
//	udp8-echo client [-n COUNT] [-min N] [-max N] [-window N] [-wait DUR] ADDR:PORT
//
// The server echoes every datagram to its sender until SIGINT or SIGTERM,
// then prints "received N echoed N errors N". The client sends COUNT
// datagrams of sizes walking through min..max, at most WINDOW unanswered
// at a time, checks every echo and prints one line:
//
//	sent 100000 echoed 99998 lost 2 bad 0 send_errors 0 refused 0 elapsed 40.1s rate 2494/s
//
// lost is sent - echoed: datagrams that left the client and never came
// back. A datagram with no echo for DUR frees its place in the window.
//
// Exit status: 0 when the run finished and every echo was good (losses are
// the caller's to judge), 1 on errors and bad echoes, 2 on usage errors.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/ipv8/ipv8/go/internal/sock8"
)

const usageText = `usage: udp8-echo server [-rcvbuf BYTES] ADDR:PORT
       udp8-echo client [-n COUNT] [-min N] [-max N] [-window N] [-wait DUR] ADDR:PORT
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// errUsage makes run exit 2; the message has been printed.
var errUsage = errors.New("usage")

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usageText)
		return 2
	}
	var err error
	switch args[0] {
	case "server":
		err = server(args[1:], stdout, stderr)
	case "client":
		err = client(args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usageText)
		return 0
	default:
		fmt.Fprintf(stderr, "udp8-echo: unknown command %q\n%s", args[0], usageText)
		return 2
	}
	switch {
	case err == nil || errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	}
	fmt.Fprintf(stderr, "udp8-echo: %v\n", err)
	return 1
}

// parse parses the flags of a subcommand and its one ADDR:PORT argument.
// -h prints the usage to stdout (flag.ErrHelp); mistakes print it to
// stderr (errUsage).
func parse(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) (*sock8.UDPAddr, error) {
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usageText)
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			return nil, err
		}
		fmt.Fprintf(stderr, "udp8-echo %s: %v\n%s", fs.Name(), err, usageText)
		return nil, errUsage
	}
	if fs.NArg() != 1 {
		fmt.Fprintf(stderr, "udp8-echo %s: want one ADDR:PORT, got %d arguments\n%s", fs.Name(), fs.NArg(), usageText)
		return nil, errUsage
	}
	a, err := sock8.ParseUDPAddr(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(stderr, "udp8-echo %s: %v\n", fs.Name(), err)
		return nil, errUsage
	}
	return a, nil
}

func server(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	rcvbuf := fs.Int("rcvbuf", 0, "receive buffer size in octets (SO_RCVBUF); 0 keeps the default")
	laddr, err := parse(fs, args, stdout, stderr)
	if err != nil {
		return err
	}
	p, err := sock8.ListenPacket(laddr)
	if err != nil {
		return err
	}
	if *rcvbuf > 0 {
		if err := p.UDPConn().SetReadBuffer(*rcvbuf); err != nil {
			p.Close()
			return err
		}
	}
	// Closing the socket ends the loop below: a signal stops the server.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sig
		p.Close()
	}()
	fmt.Fprintf(stdout, "listening on %s\n", p.LocalAddr())

	var received, echoed, errs uint64
	buf := make([]byte, 65536)
	for {
		n, from, err := p.ReadFrom(buf)
		if errors.Is(err, net.ErrClosed) {
			break
		}
		if err != nil {
			errs++
			continue
		}
		received++
		if _, err := p.WriteTo(buf[:n], from); err != nil {
			if errors.Is(err, net.ErrClosed) {
				break
			}
			errs++
			continue
		}
		echoed++
	}
	fmt.Fprintf(stdout, "received %d echoed %d errors %d\n", received, echoed, errs)
	return nil
}

func client(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("client", flag.ContinueOnError)
	count := fs.Int("n", 1000, "datagrams to send")
	minSize := fs.Int("min", 0, "smallest payload in octets")
	maxSize := fs.Int("max", 1464, "largest payload in octets (1464: a 1500-octet packet)")
	window := fs.Int("window", 32, "datagrams in flight at most")
	wait := fs.Duration("wait", 2*time.Second, "how long an echo may take before its datagram counts as lost")
	raddr, err := parse(fs, args, stdout, stderr)
	if err != nil {
		return err
	}
	sz, err := newSizer(*minSize, *maxSize)
	if err != nil || *count < 0 || *window < 1 || *wait <= 0 {
		fmt.Fprintf(stderr, "udp8-echo client: bad -n, -min, -max, -window or -wait\n%s", usageText)
		return errUsage
	}
	c, err := sock8.DialUDP(nil, raddr)
	if err != nil {
		return err
	}
	defer c.Close()

	st := clientRun(c, sz, *count, *window, *wait, stderr)
	fmt.Fprintf(stdout, "sent %d echoed %d lost %d bad %d send_errors %d refused %d elapsed %.1fs rate %.0f/s\n",
		st.sent, st.echoed, st.sent-st.echoed, st.bad, st.sendErrors, st.refused,
		st.elapsed.Seconds(), float64(st.echoed)/st.elapsed.Seconds())
	if st.err != nil {
		return st.err
	}
	if st.bad > 0 {
		return fmt.Errorf("%d bad echoes", st.bad)
	}
	return nil
}

type clientStats struct {
	sent, echoed, bad, sendErrors, refused int
	elapsed                                time.Duration
	err                                    error // what stopped the run early
}

// clientRun is the send/receive loop, in one goroutine: fill the window,
// then wait for one echo; a silence of wait empties the window.
func clientRun(c *sock8.Conn, sz sizer, count, window int, wait time.Duration, stderr io.Writer) clientStats {
	var st clientStats
	out := make([]byte, 65536)
	in := make([]byte, 65536)
	seen := make([]bool, count) // a duplicate echo is a bad one
	inflight := 0
	seq := 0
	start := time.Now()
	for seq < count || inflight > 0 {
		for seq < count && inflight < window {
			b := out[:sz.size(uint32(seq))]
			fill(b, uint32(seq))
			seq++
			if _, err := c.Write(b); err != nil {
				// ECONNREFUSED reports an earlier datagram the server's
				// host dropped (no port): this one was not sent.
				if errors.Is(err, unix.ECONNREFUSED) {
					st.refused++
				} else if st.sendErrors++; st.sendErrors <= 5 {
					fmt.Fprintf(stderr, "udp8-echo client: datagram %d: %v\n", seq-1, err)
				}
				continue
			}
			st.sent++
			inflight++
		}
		c.SetReadDeadline(time.Now().Add(wait))
		n, err := c.Read(in)
		switch {
		case os.IsTimeout(err):
			inflight = 0 // all of them lost
			continue
		case errors.Is(err, unix.ECONNREFUSED):
			st.refused++
			continue
		case err != nil:
			st.err = err
			st.elapsed = time.Since(start)
			return st
		}
		s, has, err := check(in[:n], sz)
		switch {
		case err != nil:
			if st.bad++; st.bad <= 5 {
				fmt.Fprintf(stderr, "udp8-echo client: %v\n", err)
			}
			continue
		case has && (int(s) >= count || seen[s]):
			if st.bad++; st.bad <= 5 {
				fmt.Fprintf(stderr, "udp8-echo client: duplicate or unknown echo of datagram %d\n", s)
			}
			continue
		case has:
			seen[s] = true
		}
		st.echoed++
		// A late echo of a datagram already given up on.
		inflight = max(inflight-1, 0)
	}
	st.elapsed = time.Since(start)
	return st
}
