package main

import (
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/ipv8/ipv8/go/in8"
	"github.com/ipv8/ipv8/go/internal/genl8"
	"github.com/ipv8/ipv8/go/ipv8"
)

// The command line follows ip(8): global options, then OBJECT COMMAND
// ARGS, where objects and commands may be abbreviated to any prefix and
// the first match in table order wins ("a" is address, then add).

type kind int

const (
	kNone kind = iota
	kHelp
	kVersion
	kLinkShow
	kLinkSet
	kAddrShow
	kAddrAdd
	kAddrDel
	kAddrFlush
	kStatsShow
	kMonitor
	kRouteShow
	kRouteAdd
	kRouteReplace
	kRouteDel
	kRouteGet
	kNeighShow
	kNeighAdd
	kNeighDel
	kNeighFlush
	kMftShow
	kMftNeigh
	kMftPeers
	kMftReach
)

type options struct {
	json   bool
	pretty bool
	stats  int // -s given this many times; link show adds per-link counters
	// -d: link show adds the gateway probe settings of links with IPv8 on
	details bool
	netns   string
}

// command is a parsed command line.
type command struct {
	opts      options
	kind      kind
	help      string // kHelp: the grammar to print
	dev       string
	prefix    in8.Prefix
	bitsGiven bool               // PREFIX had "/LEN"
	link      genl8.LinkSettings // kLinkSet: what to change

	// route
	gateway     in8.Addr // "via"; zero if not given
	gateway2    in8.Addr // a second "via": the other gateway of a parity pair
	metric      uint32
	metricGiven bool
	dst         in8.Addr // route get, neigh add/del

	// neigh add
	lladdr net.HardwareAddr
	caps   genl8.NeighCaps // 0: the kernel's default
}

// usageError is a command line that cannot run. It prints msg, then
// grammar if set, to stderr and exits with code.
type usageError struct {
	msg     string
	code    int
	grammar string
}

func (e *usageError) Error() string { return e.msg }

const exitUsage = 255

func usagef(format string, a ...any) *usageError {
	return &usageError{msg: fmt.Sprintf(format, a...), code: exitUsage}
}

// match reports whether arg abbreviates word, as iproute2's matches().
func match(arg, word string) bool { return arg != "" && strings.HasPrefix(word, arg) }

type entry struct {
	word string
	k    kind
}

// lookup returns the kind of the first word in table that arg abbreviates.
func lookup(arg string, table []entry) (kind, bool) {
	for _, e := range table {
		if match(arg, e.word) {
			return e.k, true
		}
	}
	return 0, false
}

// An object's commands; kHelp prints the object's grammar.
var (
	linkCmds = []entry{
		{"show", kLinkShow}, {"list", kLinkShow}, {"lst", kLinkShow}, {"ls", kLinkShow},
		{"set", kLinkSet}, {"help", kHelp},
	}
	addrCmds = []entry{
		{"add", kAddrAdd}, {"delete", kAddrDel},
		{"show", kAddrShow}, {"list", kAddrShow}, {"lst", kAddrShow}, {"ls", kAddrShow},
		{"flush", kAddrFlush}, {"help", kHelp},
	}
	statsCmds = []entry{
		{"show", kStatsShow}, {"list", kStatsShow}, {"lst", kStatsShow}, {"ls", kStatsShow},
		{"help", kHelp},
	}
	monitorCmds = []entry{{"all", kMonitor}, {"help", kHelp}}
	neighCmds   = []entry{
		{"add", kNeighAdd}, {"delete", kNeighDel},
		{"show", kNeighShow}, {"list", kNeighShow}, {"lst", kNeighShow}, {"ls", kNeighShow},
		{"flush", kNeighFlush}, {"replace", kNeighAdd}, {"help", kHelp},
	}
	mftCmds = []entry{
		{"show", kMftShow}, {"list", kMftShow}, {"lst", kMftShow}, {"ls", kMftShow},
		{"neighbors", kMftNeigh}, {"neighbours", kMftNeigh},
		{"peers", kMftPeers}, {"reach", kMftReach}, {"help", kHelp},
	}
	routeCmds = []entry{
		{"add", kRouteAdd}, {"delete", kRouteDel},
		{"show", kRouteShow}, {"list", kRouteShow}, {"lst", kRouteShow}, {"ls", kRouteShow},
		{"get", kRouteGet}, {"replace", kRouteReplace}, {"help", kHelp},
	}
)

type object struct {
	word    string // canonical name, used in messages
	usage   string
	cmds    []entry
	deflt   kind // command when none is given
	parseFn func(c *command, args []string, usage string) error
}

var objects = []object{
	{"address", addrUsage, addrCmds, kAddrShow, parseAddrArgs},
	{"link", linkUsage, linkCmds, kLinkShow, parseLinkArgs},
	{"stats", statsUsage, statsCmds, kStatsShow, parseNoArgs},
	{"monitor", monitorUsage, monitorCmds, kMonitor, parseNoArgs},
	{"route", routeUsage, routeCmds, kRouteShow, parseRouteArgs},
	// ip(8) takes both spellings, and "neigh" or "n" for either.
	{"neighbour", neighUsage, neighCmds, kNeighShow, parseNeighArgs},
	{"neighbor", neighUsage, neighCmds, kNeighShow, parseNeighArgs},
	// After monitor, so that "m" stays monitor.
	{"mft", mftUsage, mftCmds, kMftShow, parseNoArgs},
}

// parseArgs parses the arguments after the program name.
func parseArgs(args []string) (*command, error) {
	c := &command{}
	args, err := parseOptions(c, args)
	if err != nil || c.kind == kHelp || c.kind == kVersion {
		return c, err
	}
	if len(args) == 0 {
		return nil, &usageError{code: exitUsage, grammar: mainUsage}
	}
	if match(args[0], "help") {
		c.kind, c.help = kHelp, fullUsage
		if len(args) > 1 {
			// "help OBJECT" shows that object's grammar.
			for _, o := range objects {
				if match(args[1], o.word) {
					c.help = o.usage
				}
			}
		}
		return c, nil
	}
	var obj *object
	for i := range objects {
		if match(args[0], objects[i].word) {
			obj = &objects[i]
			break
		}
	}
	if obj == nil {
		return nil, &usageError{msg: fmt.Sprintf("Object %q is unknown, try \"ipv8ctl help\".", args[0]), code: 1}
	}
	args = args[1:]
	c.kind = obj.deflt
	if len(args) > 0 {
		k, ok := lookup(args[0], obj.cmds)
		if !ok {
			return nil, usagef("Command %q is unknown, try \"ipv8ctl %s help\".", args[0], obj.word)
		}
		c.kind, args = k, args[1:]
	}
	if c.kind == kHelp {
		c.help = obj.usage
		return c, nil
	}
	if err := obj.parseFn(c, args, obj.usage); err != nil {
		return nil, err
	}
	return c, nil
}

// parseOptions consumes the global options, ip(8) style: one dash or two,
// long names abbreviable, "-n NAME" or "--netns=NAME".
func parseOptions(c *command, args []string) ([]string, error) {
	for len(args) > 0 {
		a := args[0]
		if a == "--" {
			return args[1:], nil
		}
		if len(a) < 2 || a[0] != '-' {
			break
		}
		name := strings.TrimPrefix(a[1:], "-")
		val, hasVal := "", false
		if i := strings.IndexByte(name, '='); i >= 0 && strings.HasPrefix(a, "--") {
			name, val, hasVal = name[:i], name[i+1:], true
		}
		unknown := usagef("Option %q is unknown, try \"ipv8ctl -help\".", a)
		switch {
		case hasVal && !match(name, "netns"):
			return nil, unknown
		case match(name, "json"):
			c.opts.json = true
		case match(name, "pretty"):
			c.opts.pretty = true
		case match(name, "statistics"), match(name, "stats"):
			c.opts.stats++
		case match(name, "details"):
			c.opts.details = true
		case match(name, "netns"):
			if !hasVal {
				if len(args) < 2 {
					return nil, usagef("Error: option %q needs a network namespace name.", a)
				}
				val, args = args[1], args[1:]
			}
			if val == "" {
				return nil, usagef("Error: option %q needs a network namespace name.", a)
			}
			c.opts.netns = val
		case match(name, "Version"), name == "version":
			c.kind = kVersion
			return nil, nil
		case match(name, "help"):
			c.kind, c.help = kHelp, fullUsage
			return nil, nil
		default:
			return nil, unknown
		}
		args = args[1:]
	}
	return args, nil
}

// validIfname applies the kernel's rules for interface names (as ip(8)
// checks them before asking): 1..15 octets, no '/', no white space.
func validIfname(s string) bool {
	if s == "" || len(s) > 15 {
		return false
	}
	return !strings.ContainsAny(s, "/ \t\n\v\f\r")
}

// grammarError is a malformed command line: message plus the grammar.
func grammarError(usage, format string, a ...any) error {
	e := usagef(format, a...)
	e.grammar = usage
	return e
}

// devArg stores a device given either as "dev DEV" or bare.
func devArg(c *command, args []string, i int, usage string) (int, error) {
	tok, val := args[i], args[i]
	if tok == "dev" {
		if i+1 >= len(args) {
			return i, grammarError(usage, "Error: argument missing after %q.", "dev")
		}
		i++
		val = args[i]
	}
	if c.dev != "" {
		if tok == "dev" {
			return i, grammarError(usage, "Error: %q given twice.", "dev")
		}
		return i, grammarError(usage, "Error: unexpected argument %q.", tok)
	}
	if !validIfname(val) {
		return i, usagef("Error: argument %q is wrong: \"dev\" not a valid ifname.", val)
	}
	c.dev = val
	return i, nil
}

func needDev(c *command, usage string) error {
	if c.dev == "" {
		return grammarError(usage, "Not enough information: \"dev\" argument is required.")
	}
	return nil
}

// linkNumbers are the numeric settings of "link set": the gateway probe
// interval (ms) and counts, with the ranges the kernel accepts (checked
// here too, so that a typo gets a message naming the setting).
var linkNumbers = []struct {
	name     string
	min, max uint32
	field    func(s *genl8.LinkSettings) **uint32
}{
	{"probe_interval", 10, 60000, func(s *genl8.LinkSettings) **uint32 { return &s.ProbeInterval }},
	{"probe_misses", 1, 255, func(s *genl8.LinkSettings) **uint32 { return &s.ProbeMisses }},
	{"holddown", 1, 255, func(s *genl8.LinkSettings) **uint32 { return &s.Holddown }},
}

// parseLinkNumber reads the value of numeric setting args[i] into c.link;
// ok is false when args[i] is not one.
func parseLinkNumber(c *command, args []string, i int, usage string) (next int, ok bool, err error) {
	for _, n := range linkNumbers {
		if args[i] != n.name {
			continue
		}
		f := n.field(&c.link)
		if *f != nil {
			return i, true, grammarError(usage, "Error: %q given twice.", n.name)
		}
		if i+1 >= len(args) {
			return i, true, grammarError(usage, "Error: argument missing after %q.", n.name)
		}
		v, perr := strconv.ParseUint(args[i+1], 10, 32)
		if perr != nil || v < uint64(n.min) || v > uint64(n.max) {
			return i, true, usagef("Error: argument %q is wrong: %q must be a number %d..%d.", args[i+1], n.name, n.min, n.max)
		}
		u := uint32(v)
		*f = &u
		return i + 1, true, nil
	}
	return i, false, nil
}

// parseLinkArgs reads "show [[dev] DEV]" and, for set, DEV and any of the
// switches "ipv8", "forwarding", "border" and "wan", each "on" or "off",
// and the probe settings "probe_interval MS", "probe_misses N" and
// "holddown N", at least one of them, all sent in one request.
func parseLinkArgs(c *command, args []string, usage string) error {
	switches := map[string]**bool{
		"ipv8":       &c.link.Enabled,
		"forwarding": &c.link.Forwarding,
		"border":     &c.link.Border,
		"wan":        &c.link.WAN,
	}
	for i := 0; i < len(args); i++ {
		var err error
		sw, isSwitch := switches[args[i]]
		if c.kind == kLinkSet {
			next, ok, nerr := parseLinkNumber(c, args, i, usage)
			if nerr != nil {
				return nerr
			}
			if ok {
				i = next
				continue
			}
		}
		switch {
		case c.kind == kLinkSet && isSwitch:
			name := args[i]
			if *sw != nil {
				return grammarError(usage, "Error: %q given twice.", name)
			}
			if i+1 >= len(args) {
				return grammarError(usage, "Error: argument missing after %q.", name)
			}
			i++
			var on bool
			switch args[i] {
			case "on":
				on = true
			case "off":
			default:
				return usagef("Error: argument %q is wrong: %q must be \"on\" or \"off\".", args[i], name)
			}
			*sw = &on
		default:
			i, err = devArg(c, args, i, usage)
		}
		if err != nil {
			return err
		}
	}
	if c.kind == kLinkSet {
		if err := needDev(c, usage); err != nil {
			return err
		}
		if c.link == (genl8.LinkSettings{}) {
			return grammarError(usage, "Not enough information: \"ipv8\", \"forwarding\", \"border\", \"wan\", \"probe_interval\", \"probe_misses\" or \"holddown\" is required.")
		}
	}
	return nil
}

func parseAddrArgs(c *command, args []string, usage string) error {
	gotPrefix := false
	for i := 0; i < len(args); i++ {
		tok := args[i]
		isPrefix := c.kind == kAddrAdd || c.kind == kAddrDel
		switch {
		case isPrefix && (tok == "local" || (tok != "dev" && !gotPrefix)):
			if tok == "local" {
				if i+1 >= len(args) {
					return grammarError(usage, "Error: argument missing after %q.", "local")
				}
				i++
			}
			if gotPrefix {
				return grammarError(usage, "Error: %q given twice.", "local")
			}
			p, err := in8.ParseInterfacePrefix(args[i])
			if err != nil {
				return usagef("Error: %v.", err)
			}
			c.prefix, c.bitsGiven, gotPrefix = p, strings.Contains(args[i], "/"), true
		case isPrefix && tok != "dev":
			// add and del want the "dev" keyword, as ip(8) does.
			return grammarError(usage, "Error: unexpected argument %q.", tok)
		default:
			var err error
			if i, err = devArg(c, args, i, usage); err != nil {
				return err
			}
		}
	}
	switch c.kind {
	case kAddrAdd, kAddrDel:
		if !gotPrefix {
			return grammarError(usage, "Not enough information: PREFIX is required.")
		}
		return needDev(c, usage)
	case kAddrFlush:
		return needDev(c, usage)
	}
	return nil
}

// parseRoutePrefix reads a route's PREFIX: "default", or ADDR[/LEN] with
// LEN defaulting to 32. Host bits beyond LEN are kept: the kernel refuses
// them and says so, where masking here would silently make another route.
func parseRoutePrefix(s string) (in8.Prefix, error) {
	if s == "default" {
		return in8.DefaultPrefix(), nil
	}
	p, err := in8.ParseInterfacePrefix(s)
	if err != nil {
		return in8.Prefix{}, usagef("Error: %v.", err)
	}
	return p, nil
}

// parseRouteArgs reads, as ip-route(8):
//
//	add|replace PREFIX [via GW [via GW2]] [dev DEV] [metric N]   (in any order)
//
// Two "via" make a parity pair (docs/protocol.md 9.2); the kernel decides
// which is primary, so their order here does not matter.
//
//	del PREFIX [metric N]
//	get ADDR
//	show
func parseRouteArgs(c *command, args []string, usage string) error {
	gotPrefix, vias := false, 0
	// value returns the word after keyword args[i].
	value := func(i int) (string, error) {
		if i+1 >= len(args) {
			return "", grammarError(usage, "Error: argument missing after %q.", args[i])
		}
		return args[i+1], nil
	}
	isChange := c.kind == kRouteAdd || c.kind == kRouteReplace
	for i := 0; i < len(args); i++ {
		tok := args[i]
		switch {
		case c.kind == kRouteShow:
			return grammarError(usage, "Error: unexpected argument %q.", tok)
		case c.kind == kRouteGet:
			if gotPrefix {
				return grammarError(usage, "Error: unexpected argument %q.", tok)
			}
			a, err := in8.ParseAddr(tok)
			if err != nil {
				return usagef("Error: %v.", err)
			}
			c.dst, gotPrefix = a, true
		case isChange && tok == "via":
			v, err := value(i)
			if err != nil {
				return err
			}
			if vias == 2 {
				return grammarError(usage, "Error: %q given three times: a route has one gateway or a pair.", "via")
			}
			a, err := in8.ParseAddr(v)
			if err != nil {
				return usagef("Error: %v.", err)
			}
			if vias == 1 {
				if a == c.gateway {
					return usagef("Error: argument %q is wrong: the two gateways of a pair must differ.", v)
				}
				c.gateway2 = a
			} else {
				c.gateway = a
			}
			vias, i = vias+1, i+1
		case isChange && tok == "dev":
			var err error
			if i, err = devArg(c, args, i, usage); err != nil {
				return err
			}
		case tok == "metric":
			v, err := value(i)
			if err != nil {
				return err
			}
			if c.metricGiven {
				return grammarError(usage, "Error: %q given twice.", "metric")
			}
			n, err := strconv.ParseUint(v, 10, 32)
			if err != nil {
				return usagef("Error: argument %q is wrong: \"metric\" must be a number 0..4294967295.", v)
			}
			c.metric, c.metricGiven, i = uint32(n), true, i+1
		case !gotPrefix:
			p, err := parseRoutePrefix(tok)
			if err != nil {
				return err
			}
			c.prefix, gotPrefix = p, true
		default:
			return grammarError(usage, "Error: unexpected argument %q.", tok)
		}
	}
	switch c.kind {
	case kRouteAdd, kRouteReplace, kRouteDel:
		if !gotPrefix {
			return grammarError(usage, "Not enough information: PREFIX is required.")
		}
	case kRouteGet:
		if !gotPrefix {
			return grammarError(usage, "Not enough information: ADDR is required.")
		}
	}
	return nil
}

// parseCaps reads CAPS: "v8", "v4", or both joined by "," or "+".
func parseCaps(s string) (genl8.NeighCaps, error) {
	bad := usagef("Error: argument %q is wrong: \"caps\" must be v8, v4 or v8,v4.", s)
	var caps genl8.NeighCaps
	for f := range strings.FieldsFuncSeq(s, func(r rune) bool { return r == ',' || r == '+' }) {
		switch f {
		case "v8":
			caps |= ipv8.NeighCapV8
		case "v4":
			caps |= ipv8.NeighCapV4
		default:
			return 0, bad
		}
	}
	if caps == 0 {
		return 0, bad
	}
	return caps, nil
}

// parseMAC reads a 6-octet Ethernet address in any form net.ParseMAC
// knows, or, as ip(8) takes it, with 1-digit octets: 2:0:0:0:0:1.
func parseMAC(s string) (net.HardwareAddr, bool) {
	if mac, err := net.ParseMAC(s); err == nil {
		// ParseMAC also takes 8- and 20-octet forms; IPv8 links are
		// Ethernet.
		return mac, len(mac) == 6
	}
	parts := strings.Split(s, ":")
	if len(parts) != 6 {
		return nil, false
	}
	mac := make(net.HardwareAddr, 6)
	for i, p := range parts {
		if len(p) < 1 || len(p) > 2 {
			return nil, false
		}
		n, err := strconv.ParseUint(p, 16, 8)
		if err != nil {
			return nil, false
		}
		mac[i] = byte(n)
	}
	return mac, true
}

// parseNeighArgs reads, as ip-neighbour(8):
//
//	add|replace ADDR lladdr MAC dev DEV [caps CAPS]   (in any order)
//	del ADDR dev DEV
//	flush [dev] DEV
//	show [[dev] DEV]
func parseNeighArgs(c *command, args []string, usage string) error {
	gotAddr := false
	value := func(i int) (string, error) {
		if i+1 >= len(args) {
			return "", grammarError(usage, "Error: argument missing after %q.", args[i])
		}
		return args[i+1], nil
	}
	isAdd := c.kind == kNeighAdd
	byAddr := isAdd || c.kind == kNeighDel
	for i := 0; i < len(args); i++ {
		tok := args[i]
		switch {
		case isAdd && tok == "lladdr":
			v, err := value(i)
			if err != nil {
				return err
			}
			if c.lladdr != nil {
				return grammarError(usage, "Error: %q given twice.", "lladdr")
			}
			mac, ok := parseMAC(v)
			if !ok {
				return usagef("Error: argument %q is wrong: \"lladdr\" must be a MAC address such as 02:00:00:00:00:01.", v)
			}
			c.lladdr, i = mac, i+1
		case isAdd && tok == "caps":
			v, err := value(i)
			if err != nil {
				return err
			}
			if c.caps != 0 {
				return grammarError(usage, "Error: %q given twice.", "caps")
			}
			if c.caps, err = parseCaps(v); err != nil {
				return err
			}
			i++
		case byAddr && tok == "dev", !byAddr:
			var err error
			if i, err = devArg(c, args, i, usage); err != nil {
				return err
			}
		case !gotAddr:
			a, err := in8.ParseAddr(tok)
			if err != nil {
				return usagef("Error: %v.", err)
			}
			c.dst, gotAddr = a, true
		default:
			return grammarError(usage, "Error: unexpected argument %q.", tok)
		}
	}
	switch c.kind {
	case kNeighAdd, kNeighDel:
		if !gotAddr {
			return grammarError(usage, "Not enough information: ADDR is required.")
		}
		if isAdd && c.lladdr == nil {
			return grammarError(usage, "Not enough information: \"lladdr\" argument is required.")
		}
		return needDev(c, usage)
	case kNeighFlush:
		return needDev(c, usage)
	}
	return nil
}

// parseNoArgs is for stats and monitor, which take no arguments.
func parseNoArgs(c *command, args []string, usage string) error {
	if len(args) > 0 {
		return grammarError(usage, "Error: unexpected argument %q.", args[0])
	}
	return nil
}
