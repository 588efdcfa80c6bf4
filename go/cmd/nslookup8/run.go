package main

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/ipv8/ipv8/go/dns8"
	"github.com/ipv8/ipv8/go/in8"
	"github.com/ipv8/ipv8/go/resolver8"
	"github.com/ipv8/ipv8/go/whois8"
	"github.com/miekg/dns"
)

// Exit codes (docs/nslookup8.1.md).
const (
	exitOK         = 0
	exitNotFound   = 1
	exitValidation = 2
	exitNetwork    = 3
	exitMalformed  = 4
	exitUsage      = 64
)

// env is what the tests replace: the network and the clock.
type env struct {
	Transport resolver8.Transport
	Now       func() time.Time
}

type options struct {
	server, whoisServer, whoisQuery, local string
	attempts                               int
	only8, only4, json, noValidate, reqSig bool
	connect                                int
	timeout                                time.Duration
}

func usage(fs *flag.FlagSet, w io.Writer) {
	fmt.Fprintln(w, `usage: nslookup8 [options] NAME
       nslookup8 [options] --whois QUERY      (QUERY: AS<n>, an address or a prefix)
options:`)
	fs.SetOutput(w)
	fs.PrintDefaults()
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer, e env) int {
	var o options
	fs := flag.NewFlagSet("nslookup8", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&o.server, "server", "", "DNS8 server `ADDR[:port]`, asked over UDP8 when ADDR is an IPv8 address, else over\nUDP (TCP when truncated) (default: first nameserver of /etc/resolv.conf, port 53)")
	fs.StringVar(&o.whoisServer, "whois-server", "", "WHOIS8 server `ADDR[:port]` for keys, over TCP: an IPv4 address, as there is no TCP8\nyet (default: the whois8 line of /etc/resolv.conf, else the DNS8 server's host, port 43)")
	fs.StringVar(&o.whoisQuery, "whois", "", "send `QUERY` to the WHOIS8 server and print the answer")
	fs.IntVar(&o.attempts, "a", resolver8.DefaultAttempts, "failed IPv8 attempts before IPv4 fallback (`N` >= 1)")
	fs.BoolVar(&o.only8, "f", false, "IPv8 only: never use A records")
	fs.BoolVar(&o.only4, "4", false, "IPv4 only: A records, no A8")
	fs.BoolVar(&o.json, "j", false, "JSON output")
	fs.BoolVar(&o.noValidate, "novalidate", false, "do not validate A8 signatures")
	fs.BoolVar(&o.reqSig, "require-signed", false, "treat unsigned A8 records as a validation failure")
	fs.StringVar(&o.local, "local", "", "own IPv8 `ADDR` whose host-part parity orders the A8 records")
	fs.IntVar(&o.connect, "connect", 0, "connect to NAME:`PORT` over TCP, IPv8 first, and report the path")
	fs.DurationVar(&o.timeout, "timeout", 3*time.Second, "per query and per connection attempt")
	bad := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "nslookup8: "+format+"\n", a...)
		usage(fs, stderr)
		return exitUsage
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(fs, stdout)
			return exitOK
		}
		return bad("%v", err)
	}
	switch {
	case o.only8 && o.only4:
		return bad("-f and -4 exclude each other")
	case o.attempts < 1:
		return bad("-a %d: at least 1", o.attempts)
	case o.connect < 0 || o.connect > 65535:
		return bad("-connect %d: not a port", o.connect)
	}
	if o.whoisQuery != "" {
		if fs.NArg() > 0 {
			return bad("--whois takes no NAME")
		}
		return doWhois(ctx, &o, stdout, stderr, e)
	}
	if fs.NArg() != 1 {
		return bad("one NAME expected")
	}
	name := fs.Arg(0)
	if _, ok := dns.IsDomainName(name); !ok {
		return bad("%q is not a domain name", name)
	}
	r := &resolver8.Resolver{
		Transport: e.Transport, Attempts: o.attempts, IPv8Only: o.only8, IPv4Only: o.only4,
		RequireSigned: o.reqSig, AttemptTimeout: o.timeout, Now: e.Now,
	}
	r.DNS = &dns8.Client{Dialer: e.Transport, Timeout: o.timeout}
	var err error
	if r.Server, err = dnsServer(o.server); err != nil {
		return bad("%v", err)
	}
	if o.local != "" {
		a, err := in8.ParseAddr(o.local)
		if err != nil {
			return bad("-local: %v", err)
		}
		r.Local, r.HasLocal = a, true
	}
	if !o.noValidate {
		ws, err := whoisServer(&o, r.Server)
		if err != nil {
			return bad("%v", err)
		}
		wk := dns8.NewWhoisKeys(&whois8.Client{Dialer: e.Transport, Timeout: o.timeout}, ws)
		r.Keys = wk
	}
	return lookup(ctx, r, name, &o, stdout, stderr)
}

// whoisServer picks the WHOIS8 server: -whois-server, else resolv.conf's
// whois8 line, else the DNS8 server's host. WHOIS8 is TCP: an IPv8
// address cannot be reached until TCP8 exists, which is said before any
// query is sent.
func whoisServer(o *options, dnsServer string) (string, error) {
	ws, how := o.whoisServer, "-whois-server"
	if ws == "" {
		if c, err := resolver8.System(); err == nil && c.Whois != "" {
			ws, how = c.Whois, "the whois8 line of resolv.conf"
		}
	}
	if ws == "" {
		ws, _, _ = net.SplitHostPort(dnsServer)
		how = "the DNS8 server's host"
	}
	host := ws
	if h, _, err := net.SplitHostPort(ws); err == nil {
		host = h
	}
	if a, err := in8.ParseAddr(host); err == nil && !a.IsIPv4Compatible() {
		return "", fmt.Errorf("WHOIS8 server %s (%s) is an IPv8 address: WHOIS8 runs over TCP and there is no TCP8 yet; give -whois-server with an IPv4 address (or -novalidate)", ws, how)
	}
	return ws, nil
}

// dnsServer picks the DNS8 server: -server, else the first nameserver
// of resolv.conf ($IPV8_RESOLV_CONF), else 127.0.0.1, with port 53 unless
// given.
func dnsServer(s string) (string, error) {
	if s == "" {
		c, err := resolver8.System()
		if err != nil {
			return "", err
		}
		return c.DNS, nil
	}
	if _, _, err := net.SplitHostPort(s); err == nil {
		return s, nil
	}
	if strings.Count(s, ":") > 1 || strings.HasPrefix(s, "[") { // IPv6 without port
		return net.JoinHostPort(strings.Trim(s, "[]"), "53"), nil
	}
	if s == "" || strings.ContainsAny(s, " /") {
		return "", fmt.Errorf("-server %q", s)
	}
	return net.JoinHostPort(s, "53"), nil
}

// exitFor maps an error to the exit code and a word for it.
func exitFor(err error) (int, string) {
	var fe *resolver8.FallbackError
	switch {
	case err == nil:
		return exitOK, ""
	case errors.Is(err, dns8.ErrWhoisUnreachable), errors.Is(err, dns8.ErrNetwork), errors.As(err, &fe):
		return exitNetwork, "network"
	case errors.Is(err, dns8.ErrBadSignature), errors.Is(err, dns8.ErrExpired),
		errors.Is(err, dns8.ErrNotYetValid), errors.Is(err, dns8.ErrKeyMissing),
		errors.Is(err, dns8.ErrMixedASN), errors.Is(err, dns8.ErrUnsigned):
		return exitValidation, "validation failed"
	case errors.Is(err, dns8.ErrNotFound):
		return exitNotFound, "not found"
	case errors.Is(err, dns8.ErrMalformed), errors.Is(err, dns8.ErrTruncated), errors.Is(err, dns8.ErrServer):
		return exitMalformed, "bad answer"
	}
	return exitNetwork, "error"
}

// Output types of -j.
type jsonRR struct {
	Name     string `json:"name"`
	TTL      uint32 `json:"ttl"`
	Address  string `json:"address"`
	RdataHex string `json:"rdata_hex,omitempty"`
}

type jsonValidation struct {
	Verdict   string `json:"verdict"`
	ASN       uint32 `json:"asn,omitempty"`
	Algorithm uint8  `json:"algorithm,omitempty"`
	KeyTag    uint16 `json:"key_tag,omitempty"`
	Signer    string `json:"signer,omitempty"`
	KeySource string `json:"key_source,omitempty"`
	Key       string `json:"key,omitempty"`
	Error     string `json:"error,omitempty"`
}

type jsonConnect struct {
	Port      int      `json:"port"`
	Attempts8 int      `json:"ipv8_attempts"`
	Fallback  bool     `json:"fallback"`
	Target    string   `json:"target,omitempty"`
	Via       string   `json:"via,omitempty"`
	Events    []string `json:"events"`
	Error     string   `json:"error,omitempty"`
}

type jsonOut struct {
	Name       string          `json:"name"`
	Server     string          `json:"server"`
	A8         []jsonRR        `json:"a8"`
	A          []jsonRR        `json:"a"`
	Order      []string        `json:"order"`
	Validation *jsonValidation `json:"validation,omitempty"`
	Connect    *jsonConnect    `json:"connect,omitempty"`
	Error      string          `json:"error,omitempty"`
	Exit       int             `json:"exit"`
}

func lookup(ctx context.Context, r *resolver8.Resolver, name string, o *options, stdout, stderr io.Writer) int {
	out := jsonOut{Name: dns.Fqdn(name), Server: r.Server, A8: []jsonRR{}, A: []jsonRR{}, Order: []string{}}
	l, err := r.Lookup(ctx, name)
	for _, rr := range l.A8RRs {
		a, _ := dns8.A8Addr(rr)
		b := a.As8()
		out.A8 = append(out.A8, jsonRR{Name: rr.Header().Name, TTL: rr.Header().Ttl, Address: a.String(), RdataHex: hex.EncodeToString(b[:])})
	}
	for _, rr := range l.ARRs {
		out.A = append(out.A, jsonRR{Name: rr.Header().Name, TTL: rr.Header().Ttl, Address: rr.(*dns.A).A.String()})
	}
	for _, a := range l.A8 {
		out.Order = append(out.Order, a.String())
	}
	if r.Keys != nil && len(l.A8RRs) > 0 {
		v := l.Validation
		out.Validation = &jsonValidation{Verdict: v.Verdict.String(), ASN: v.ASN, Algorithm: v.Algorithm,
			KeyTag: v.KeyTag, Signer: v.Signer, KeySource: v.KeySource, Key: v.Key}
		if v.Err != nil {
			out.Validation.Error = v.Err.Error()
		}
	}
	code, what := exitFor(err)
	if err != nil {
		out.Error = err.Error()
	}
	// Connect only with a usable answer: a bogus one must not be dialled.
	if err == nil && o.connect > 0 {
		c := &jsonConnect{Port: o.connect, Events: []string{}}
		r.Trace = func(ev resolver8.Event) {
			var s string
			switch ev.Kind {
			case resolver8.EvAttempt:
				c.Attempts8 = ev.N
				s = fmt.Sprintf("IPv8 attempt %d/%d %s port %d", ev.N, r.Attempts, ev.Target, o.connect)
			case resolver8.EvFailed:
				s = fmt.Sprintf("failed: %v", ev.Err)
			case resolver8.EvFallback:
				c.Fallback = true
				s = fmt.Sprintf("IPv4 fallback after %d failed IPv8 attempts", ev.N)
			case resolver8.EvIPv4:
				s = fmt.Sprintf("IPv4 attempt %d %s port %d", ev.N, ev.Target, o.connect)
			case resolver8.EvConnected:
				s = "connected"
			}
			c.Events = append(c.Events, s)
		}
		conn, t, cerr := r.Dial(ctx, "tcp", net.JoinHostPort(name, strconv.Itoa(o.connect)))
		if cerr == nil {
			conn.Close()
			c.Target, c.Via = t.String(), "ipv8"
			if t.IsIPv4() {
				c.Via = "ipv4"
			}
		} else {
			c.Error = cerr.Error()
			err = cerr
			code, what = exitFor(cerr)
		}
		out.Connect = c
	}
	out.Exit = code
	if o.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(out)
	} else {
		printText(stdout, &out, l, r)
	}
	if err != nil {
		fmt.Fprintf(stderr, "nslookup8: %s: %s: %v\n", name, what, err)
	}
	return code
}

func printText(w io.Writer, out *jsonOut, l *resolver8.Lookup, r *resolver8.Resolver) {
	fmt.Fprintf(w, "; <<>> nslookup8 <<>> %s\n;; SERVER: %s (%s)\n", out.Name, out.Server,
		strings.ToUpper(dns8.NetworkOf(out.Server)))
	if len(l.A8RRs) > 0 {
		fmt.Fprintln(w, "\n;; A8 SECTION:")
		for _, rr := range l.A8RRs {
			fmt.Fprintln(w, rr.String())
		}
		if r.Keys == nil {
			fmt.Fprintln(w, ";; VALIDATION: not checked (-novalidate)")
		} else if v := out.Validation; v != nil {
			switch v.Verdict {
			case "secure":
				fmt.Fprintf(w, ";; VALIDATION: secure (AS%d, RRSIG algorithm %d, key tag %d, signer %s)\n", v.ASN, v.Algorithm, v.KeyTag, v.Signer)
				fmt.Fprintf(w, ";; KEY SOURCE: %s: dnskey %s\n", v.KeySource, v.Key)
			case "insecure":
				fmt.Fprintf(w, ";; VALIDATION: insecure (no RRSIG over the A8 RRset)\n")
			default:
				fmt.Fprintf(w, ";; VALIDATION: bogus: %s\n", v.Error)
				if v.KeySource != "" {
					fmt.Fprintf(w, ";; KEY SOURCE: %s\n", v.KeySource)
				}
			}
		}
		if len(out.Order) > 0 {
			how := "as received (no local IPv8 address)"
			if r.HasLocal {
				how = fmt.Sprintf("same parity as %s first", r.Local)
			}
			fmt.Fprintf(w, ";; ORDER: %s: %s\n", how, strings.Join(out.Order, " "))
		}
	}
	if len(l.ARRs) > 0 {
		fmt.Fprintln(w, "\n;; A SECTION:")
		for _, rr := range l.ARRs {
			fmt.Fprintln(w, rr.String())
		}
	}
	if c := out.Connect; c != nil {
		fmt.Fprintln(w)
		for _, e := range c.Events {
			fmt.Fprintf(w, ";; CONNECT: %s\n", e)
		}
		if c.Error == "" {
			fmt.Fprintf(w, ";; CONNECTED: %s port %d via %s\n", c.Target, c.Port, map[string]string{"ipv8": "IPv8", "ipv4": "IPv4"}[c.Via])
		}
	}
	if out.Error != "" && len(l.A8RRs) == 0 && len(l.ARRs) == 0 {
		fmt.Fprintf(w, "\n;; %s\n", out.Error)
	}
}

func doWhois(ctx context.Context, o *options, stdout, stderr io.Writer, e env) int {
	server := o.whoisServer
	if server == "" {
		s, err := dnsServer(o.server)
		if err != nil {
			fmt.Fprintf(stderr, "nslookup8: %v\n", err)
			return exitUsage
		}
		server, _, _ = net.SplitHostPort(s)
	}
	if _, err := whois8.ParseQuery(o.whoisQuery); err != nil {
		fmt.Fprintf(stderr, "nslookup8: --whois %q: %v\n", o.whoisQuery, err)
		return exitUsage
	}
	c := &whois8.Client{Dialer: e.Transport, Timeout: o.timeout}
	b, err := c.Raw(ctx, server, o.whoisQuery)
	var recs []*whois8.Record
	if err == nil {
		recs, err = whois8.ParseAnswer(b)
	}
	code := exitOK
	switch {
	case err == nil:
	case errors.Is(err, whois8.ErrNotFound):
		code = exitNotFound
	case errors.Is(err, whois8.ErrUnreachable):
		code = exitNetwork
	case errors.Is(err, whois8.ErrInvalidQuery):
		code = exitUsage
	default:
		code = exitMalformed
	}
	if o.json {
		type rec struct {
			AutNum   string   `json:"aut-num"`
			ASName   string   `json:"as-name"`
			Status   string   `json:"status"`
			Route8   []string `json:"route8"`
			DNSKey   []string `json:"dnskey"`
			Endpoint []string `json:"8to4-endpoint"`
			Changed  string   `json:"changed"`
			Source   string   `json:"source"`
		}
		res := struct {
			Server  string `json:"server"`
			Query   string `json:"query"`
			Records []rec  `json:"records"`
			Error   string `json:"error,omitempty"`
			Exit    int    `json:"exit"`
		}{Server: whois8.HostPort(server), Query: o.whoisQuery, Records: []rec{}, Exit: code}
		for _, r := range recs {
			x := rec{AutNum: "AS" + strconv.FormatUint(uint64(r.ASN), 10), ASName: r.ASName, Status: "inactive",
				Route8: []string{}, DNSKey: r.DNSKeys, Endpoint: []string{}, Changed: r.Changed.Format(time.RFC3339), Source: r.Source}
			if r.Active {
				x.Status = "active"
			}
			if x.DNSKey == nil {
				x.DNSKey = []string{}
			}
			for _, p := range r.Routes {
				x.Route8 = append(x.Route8, p.String())
			}
			for _, a := range r.Tunnel {
				x.Endpoint = append(x.Endpoint, a.String())
			}
			res.Records = append(res.Records, x)
		}
		if err != nil {
			res.Error = err.Error()
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(res)
	} else if b != nil {
		io.WriteString(stdout, strings.ReplaceAll(string(b), "\r\n", "\n"))
	}
	if err != nil {
		fmt.Fprintf(stderr, "nslookup8: whois %s: %v\n", o.whoisQuery, err)
	}
	return code
}
