package main

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// config is the parsed command line.
type config struct {
	count    int64         // -c: 0 = until interrupted or the deadline
	interval time.Duration // -i
	linger   time.Duration // -W: wait for a reply when none came yet
	deadline time.Duration // -w: 0 = none
	size     int           // -s: ICMP data octets
	ttl      int           // -t: 0 = the kernel's default
	iface    string        // -I: device name or source address
	quiet    bool          // -q
	numeric  bool          // -n: accepted; addresses are always numeric
	help     bool          // -h
	verbose  bool          // -v: the resolver's steps on stderr
	only4    bool          // -4: a host name's A records only
	only8    bool          // -8: a host name's A8 records only, no IPv4 fallback
	attempts int           // -k: unanswered IPv8 probes before IPv4 (0: the resolver's 5)
	dest     string
}

func defaultConfig() config {
	return config{interval: time.Second, linger: 10 * time.Second, size: 56}
}

// Largest -s: the IPv8 total length field is 16 bits; the header is 28
// octets and the ICMP header 8. The IPv4 path allows 20 more (65507).
const maxSize = 0xffff - 28 - 8

// usageError is a command-line fault: exit status 2. withUsage asks for
// the usage text after the message, as getopt faults do in iputils.
type usageError struct {
	msg       string
	withUsage bool
}

func (e *usageError) Error() string { return e.msg }

func badArg(format string, a ...any) error { return &usageError{msg: fmt.Sprintf(format, a...)} }

// takesArg lists the options with an argument, as in getopt's optstring.
const takesArg = "ciWwstIk"
const noArg = "qnhv48"

// parseArgs parses args (without the program name) the way getopt(3)
// does for iputils: options may be clustered (-qn), their argument may be
// attached (-c3) or separate (-c 3), options may follow the destination,
// and "--" ends the options.
func parseArgs(args []string) (config, error) {
	cfg := defaultConfig()
	var operands []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			operands = append(operands, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			operands = append(operands, a)
			continue
		}
		for j := 1; j < len(a); j++ {
			opt := a[j]
			switch {
			case strings.IndexByte(noArg, opt) >= 0:
				switch opt {
				case 'q':
					cfg.quiet = true
				case 'n':
					cfg.numeric = true
				case 'h':
					cfg.help = true
				case 'v':
					cfg.verbose = true
				case '4':
					cfg.only4 = true
				case '8':
					cfg.only8 = true
				}
				continue
			case strings.IndexByte(takesArg, opt) < 0:
				return cfg, &usageError{msg: fmt.Sprintf("invalid option -- '%c'", opt), withUsage: true}
			}
			val := a[j+1:]
			if val == "" {
				if i+1 >= len(args) {
					return cfg, &usageError{msg: fmt.Sprintf("option requires an argument -- '%c'", opt), withUsage: true}
				}
				i++
				val = args[i]
			}
			if err := cfg.set(opt, val); err != nil {
				return cfg, err
			}
			break
		}
	}
	if cfg.help {
		return cfg, nil
	}
	if cfg.only4 && cfg.only8 {
		return cfg, badArg("only one -4 or -8 option may be specified")
	}
	switch len(operands) {
	case 0:
		return cfg, badArg("usage error: Destination address required")
	case 1:
		cfg.dest = operands[0]
	default:
		return cfg, badArg("usage error: only one destination address allowed, got %d", len(operands))
	}
	return cfg, nil
}

func (cfg *config) set(opt byte, val string) error {
	var err error
	switch opt {
	case 'c':
		cfg.count, err = parseInt(val, 1, math.MaxInt64)
	case 's':
		var n int64
		n, err = parseInt(val, 0, math.MaxInt32)
		if err == nil && n > maxSize {
			return badArg("packet size %d is too large. Maximum is %d", n, maxSize)
		}
		cfg.size = int(n)
	case 't':
		var n int64
		n, err = parseInt(val, 1, 255)
		cfg.ttl = int(n)
	case 'w':
		var n int64
		n, err = parseInt(val, 0, math.MaxInt32)
		cfg.deadline = time.Duration(n) * time.Second
	case 'i':
		var d time.Duration
		d, err = parseSeconds(val, "bad timing interval")
		// Below 2 ms ping floods; iputils reserves that for -f, which
		// ping8 does not have.
		if err == nil && d < 2*time.Millisecond {
			return badArg("bad timing interval: %s (minimum is 0.002)", val)
		}
		cfg.interval = d
	case 'W':
		cfg.linger, err = parseSeconds(val, "bad linger time")
	case 'k':
		var n int64
		n, err = parseInt(val, 1, 1000)
		cfg.attempts = int(n)
	case 'I':
		if val == "" {
			return badArg("invalid argument: ''")
		}
		cfg.iface = val
	}
	return err
}

// parseInt is iputils' strtol_or_err: decimal only, range checked, with
// its messages.
func parseInt(s string, lo, hi int64) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, badArg("invalid argument: '%s'", s)
	}
	if err != nil || n < lo || n > hi {
		return 0, badArg("invalid argument: '%s': out of range: %d <= value <= %d", s, lo, hi)
	}
	return n, nil
}

// parseSeconds parses a non-negative number of seconds with a fraction,
// as -i and -W take, to microsecond precision.
func parseSeconds(s, what string) (time.Duration, error) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || f < 0 || f > float64(math.MaxInt32) {
		return 0, badArg("%s: %s", what, s)
	}
	return time.Duration(f*1e6) * time.Microsecond, nil
}

const usageText = `
Usage
  ping8 [options] <destination>

Options:
  <destination>      IPv8 address (65001.192.0.2.1, 0.0.253.233.192.0.2.1),
                     IPv4 address (192.0.2.1) or host name (DNS8: A8 first,
                     A records after <attempts> unanswered IPv8 probes)
  -4                 host name: use its A records only (IPv4)
  -8                 host name: use its A8 records only, never IPv4
  -k <attempts>      host name: unanswered IPv8 probes before IPv4 (default 5)
  -c <count>         stop after <count> replies
  -h                 print help and exit
  -I <interface>     either interface name or address
  -i <interval>      seconds between sending each packet
  -n                 no dns name resolution
  -q                 quiet output
  -s <size>          use <size> as number of data bytes to be sent
  -t <ttl>           define time to live
  -v                 verbose output: the host name's resolution steps
  -W <timeout>       time to wait for response
  -w <deadline>      reply wait <deadline> in seconds

For more details see ping8(8).
`
