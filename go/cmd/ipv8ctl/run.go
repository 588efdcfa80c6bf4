package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/ipv8/ipv8/go/in8"
	"github.com/ipv8/ipv8/go/internal/genl8"
	"github.com/ipv8/ipv8/go/internal/out"
)

// backend is what ipv8ctl needs from the kernel; *genl8.Client has it,
// and tests use a fake.
type backend interface {
	Links() ([]genl8.Link, error)
	Link(dev string) (genl8.Link, error)
	SetLinkSettings(dev string, s genl8.LinkSettings) error
	Addrs(dev string) ([]genl8.Addr, error)
	AddrAdd(dev string, p in8.Prefix) error
	AddrDel(dev string, p in8.Prefix, bitsGiven bool) error
	AddrFlush(dev string) error
	Routes() ([]genl8.Route, error)
	RouteGet(dst in8.Addr) (genl8.Route, error)
	RouteAdd(r genl8.Route, replace bool) error
	RouteDel(dst in8.Prefix, metric uint32, metricGiven bool) error
	Neighbors(dev string) ([]genl8.Neighbor, error)
	NeighAdd(dev string, dst in8.Addr, hw net.HardwareAddr, caps genl8.NeighCaps) error
	NeighDel(dev string, dst in8.Addr) error
	NeighFlush(dev string) error
	Reach() ([]genl8.Reach, error)
	Peers() ([]genl8.Peer, error)
	Stats() ([]genl8.Counter, error)
	Monitor(ctx context.Context, fn func(genl8.Event)) error
	Close() error
}

var _ backend = (*genl8.Client)(nil)

type dialFunc func(netns string) (backend, error)

// Exit codes, as ip(8).
const (
	exitOK      = 0
	exitFailure = 1 // general failure
	exitKernel  = 2 // the kernel refused the request
)

// run executes one command line and returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, dial dialFunc) int {
	cmd, err := parseArgs(args)
	if err != nil {
		var ue *usageError
		errors.As(err, &ue)
		if ue.msg != "" {
			fmt.Fprintln(stderr, ue.msg)
		}
		fmt.Fprint(stderr, ue.grammar)
		return ue.code
	}
	switch cmd.kind {
	case kHelp:
		fmt.Fprint(stdout, cmd.help)
		return exitOK
	case kVersion:
		fmt.Fprintf(stdout, "ipv8ctl %s\n", version())
		return exitOK
	}
	b, err := dial(cmd.opts.netns)
	if err != nil {
		return report(stderr, cmd, err)
	}
	defer b.Close()

	w := bufio.NewWriter(stdout)
	p := out.New(w, cmd.opts.json, cmd.opts.pretty)
	err = execute(ctx, b, cmd, p, w)
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	if err == nil {
		err = p.Err()
	}
	if err != nil {
		return report(stderr, cmd, err)
	}
	return exitOK
}

func execute(ctx context.Context, b backend, cmd *command, p *out.Printer, w *bufio.Writer) error {
	switch cmd.kind {
	case kLinkShow:
		var links []genl8.Link
		if cmd.dev != "" {
			l, err := b.Link(cmd.dev)
			if err != nil {
				return err
			}
			links = []genl8.Link{l}
		} else {
			var err error
			if links, err = b.Links(); err != nil {
				return err
			}
		}
		printLinks(p, links, cmd.opts.stats > 0, cmd.opts.details)
	case kLinkSet:
		return b.SetLinkSettings(cmd.dev, cmd.link)
	case kAddrShow:
		las, err := addrShow(b, cmd.dev)
		if err != nil {
			return err
		}
		printAddrs(p, las)
	case kAddrAdd:
		return b.AddrAdd(cmd.dev, cmd.prefix)
	case kAddrDel:
		return b.AddrDel(cmd.dev, cmd.prefix, cmd.bitsGiven)
	case kAddrFlush:
		return b.AddrFlush(cmd.dev)
	case kRouteShow:
		routes, err := b.Routes()
		if err != nil {
			return err
		}
		printRoutes(p, routes)
	case kRouteGet:
		r, err := b.RouteGet(cmd.dst)
		if err != nil {
			return err
		}
		printRoutes(p, []genl8.Route{r})
	case kRouteAdd, kRouteReplace:
		r := genl8.Route{Dst: cmd.prefix, Gateway: cmd.gateway, Gateway2: cmd.gateway2, Name: cmd.dev, Metric: cmd.metric}
		return b.RouteAdd(r, cmd.kind == kRouteReplace)
	case kRouteDel:
		return b.RouteDel(cmd.prefix, cmd.metric, cmd.metricGiven)
	case kNeighShow:
		ns, err := b.Neighbors(cmd.dev)
		if err != nil {
			return err
		}
		printNeighbors(p, ns, cmd.opts.stats > 0)
	case kNeighAdd:
		return b.NeighAdd(cmd.dev, cmd.dst, cmd.lladdr, cmd.caps)
	case kNeighDel:
		return b.NeighDel(cmd.dev, cmd.dst)
	case kNeighFlush:
		return b.NeighFlush(cmd.dev)
	case kMftShow:
		ns, err := b.Neighbors("")
		if err != nil {
			return err
		}
		ps, err := b.Peers()
		if err != nil {
			return err
		}
		rs, err := b.Reach()
		if err != nil {
			return err
		}
		printMft(p, ns, ps, rs)
	case kMftNeigh:
		ns, err := b.Neighbors("")
		if err != nil {
			return err
		}
		printMftNeighbors(p, ns, "", "")
	case kMftPeers:
		ps, err := b.Peers()
		if err != nil {
			return err
		}
		printPeers(p, ps, "", "")
	case kMftReach:
		rs, err := b.Reach()
		if err != nil {
			return err
		}
		printReaches(p, rs, "", "")
	case kStatsShow:
		cs, err := b.Stats()
		if err != nil {
			return err
		}
		printStats(p, cs)
	case kMonitor:
		err := b.Monitor(ctx, func(ev genl8.Event) {
			printEvent(p, ev)
			w.Flush() // a line as soon as it happens
		})
		if errors.Is(err, context.Canceled) {
			return nil // interrupted: the normal end of a monitor
		}
		return err
	}
	return nil
}

// addrShow gathers the links to show with their addresses: the named one,
// or every link with IPv8 on. Addresses keep the kernel's dump order.
func addrShow(b backend, dev string) ([]linkAddrs, error) {
	var links []genl8.Link
	if dev != "" {
		l, err := b.Link(dev)
		if err != nil {
			return nil, err
		}
		links = []genl8.Link{l}
	} else {
		var err error
		if links, err = b.Links(); err != nil {
			return nil, err
		}
	}
	addrs, err := b.Addrs(dev)
	if err != nil {
		return nil, err
	}
	byIndex := make(map[int][]genl8.Addr)
	for _, a := range addrs {
		byIndex[a.Index] = append(byIndex[a.Index], a)
	}
	var las []linkAddrs
	for _, l := range links {
		as := byIndex[l.Index]
		if dev == "" && !l.Enabled && len(as) == 0 {
			continue
		}
		las = append(las, linkAddrs{link: l, addrs: as})
	}
	return las, nil
}

// report prints err the way ip(8) would and returns the exit code.
func report(stderr io.Writer, cmd *command, err error) int {
	var ne *genl8.NetNSError
	ke, isKernel := errors.AsType[*genl8.Error](err)
	switch {
	case errors.Is(err, genl8.ErrNotLoaded):
		fmt.Fprintln(stderr, "Error: ipv8 module not loaded.")
		return exitFailure
	case errors.As(err, &ne):
		fmt.Fprintf(stderr, "Cannot open network namespace %q: %s\n", ne.Name, strerror(ne.Err))
		return exitFailure
	case isKernel && ke.Errno == unix.ENODEV && cmd.dev != "":
		fmt.Fprintf(stderr, "Cannot find device %q\n", cmd.dev)
		return exitFailure
	case isKernel:
		msg := ke.Message
		if msg == "" {
			msg = strerror(ke.Errno)
		}
		fmt.Fprintln(stderr, "Error: "+sentence(msg))
		return exitKernel
	}
	fmt.Fprintln(stderr, "Error: "+sentence(err.Error()))
	return exitFailure
}

// strerror gives C's capitalised text for an errno ("Operation not
// permitted"); Go's is lower case.
func strerror(err error) string {
	s := err.Error()
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// sentence ends msg with a full stop, as ip(8) does with extack text.
func sentence(msg string) string {
	if strings.HasSuffix(msg, ".") {
		return msg
	}
	return msg + "."
}
