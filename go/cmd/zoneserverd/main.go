// Command zoneserverd is the Zone Server's DNS8 and WHOIS8 service: an
// authoritative DNS server for the configured zones (UDP and TCP over
// IPv4, UDP over UDP8) that signs A8 RRsets with the key of the ASN
// owning the addresses, and a WHOIS8 server answering from a registry
// file (docs/protocol.md sections 11 and 12). WHOIS8 is TCP only (port
// 43), so it is served over IPv4 until TCP8 exists.
//
//	zoneserverd -zone example.net=example.net.zone -key AS65002.key \
//	    -registry whois8.db [-dns 127.0.0.1:53]... [-dns8 65002.10.0.0.53]...
//	    [-whois 127.0.0.1:43]
//	zoneserverd keygen -alg 13|15 -asn N [-o FILE]
//
// keygen writes the private key file (mode 0600, default AS<N>.key) and
// prints the "dnskey:" line for the ASN's registry object. SIGHUP reloads
// zones, keys and registry; signatures are renewed every 7.5 days.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/ipv8/ipv8/go/dns8"
	"github.com/ipv8/ipv8/go/internal/sock8"
	"github.com/ipv8/ipv8/go/whois8"
	"github.com/miekg/dns"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr, nil))
}

type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(s string) error { *m = append(*m, s); return nil }

// config is everything the flags say.
type config struct {
	dns, dns8, zones, keys []string
	whois, registry        string
}

// Ready reports the bound addresses (tests listen on port 0): IPv4 ones
// first, then the UDP8 ones.
type Ready func(dns []string, whois string)

func run(ctx context.Context, args []string, stdout, stderr io.Writer, ready Ready) int {
	if len(args) > 0 && args[0] == "keygen" {
		return keygen(args[1:], stdout, stderr)
	}
	fs := flag.NewFlagSet("zoneserverd", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c config
	fs.Var((*multi)(&c.dns), "dns", "DNS8 listen `ADDR:PORT` over IPv4 (UDP and TCP), repeatable (default 127.0.0.1:53 unless -dns8 is given)")
	fs.Var((*multi)(&c.dns8), "dns8", "DNS8 listen `ADDR[:PORT]` over UDP8: an IPv8 address of this host (or\n0.0.0.0.0.0.0.0 for all), port 53 unless given; repeatable. Needs the ipv8 module")
	fs.Var((*multi)(&c.zones), "zone", "authoritative zone `ORIGIN=FILE`, repeatable")
	fs.Var((*multi)(&c.keys), "key", "signing key `FILE` written by keygen, repeatable (one per ASN)")
	fs.StringVar(&c.whois, "whois", "127.0.0.1:43", "WHOIS8 listen `ADDR:PORT`; \"off\" for none")
	fs.StringVar(&c.registry, "registry", "", "WHOIS8 registry `FILE`")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 64
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "zoneserverd: unexpected argument %q\n", fs.Arg(0))
		return 64
	}
	if len(c.dns) == 0 && len(c.dns8) == 0 {
		c.dns = []string{"127.0.0.1:53"}
	}
	var dns8Addrs []*sock8.UDPAddr
	for _, a := range c.dns8 {
		ua, err := parseDNS8(a)
		if err != nil {
			fmt.Fprintf(stderr, "zoneserverd: -dns8 %q: %v\n", a, err)
			return 64
		}
		dns8Addrs = append(dns8Addrs, ua)
	}
	if c.whois != "off" && c.registry == "" {
		fmt.Fprintln(stderr, "zoneserverd: -registry FILE is needed for WHOIS8 (or -whois off)")
		return 64
	}
	logf := func(format string, a ...any) { fmt.Fprintf(stderr, "zoneserverd: "+format+"\n", a...) }

	zones, keys, reg, err := load(&c)
	if err != nil {
		logf("%v", err)
		return 1
	}
	srv := dns8.NewServer(keys)
	srv.Warn = func(w string) { logf("warning: %s", w) }
	if err := srv.Load(zones, time.Now()); err != nil {
		logf("%v", err)
		return 1
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errc := make(chan error, 2*len(c.dns)+len(dns8Addrs)+1)
	var bound []string
	var servers []*dns.Server
	var closers []io.Closer
	for _, a := range c.dns {
		pc, l, err := listenBoth(a)
		if err != nil {
			logf("%v", err)
			return 1
		}
		bound = append(bound, pc.LocalAddr().String())
		udp := []*dns.Server{{PacketConn: pc, Handler: srv}}
		if u, ok := pc.(*net.UDPConn); ok && !u.LocalAddr().(*net.UDPAddr).IP.IsUnspecified() {
			// One address: batched (batch_linux.go); closing pc stops it.
			udp = nil
			closers = append(closers, pc)
			b := newBatchServer(u, srv)
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := b.serve(); err != nil && ctx.Err() == nil {
					errc <- err
				}
			}()
		}
		for _, s := range append(udp, &dns.Server{Listener: l, Handler: srv}) {
			servers = append(servers, s)
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := s.ActivateAndServe(); err != nil && ctx.Err() == nil {
					errc <- err
				}
			}()
		}
	}
	for _, a := range dns8Addrs {
		pc, err := sock8.ListenPacket(a)
		if err != nil {
			if errors.Is(err, unix.EAFNOSUPPORT) {
				logf("-dns8 %s: ipv8 module not loaded", a)
			} else {
				logf("-dns8 %s: %v", a, err)
			}
			for _, s := range servers {
				s.Shutdown()
			}
			for _, c := range closers {
				c.Close()
			}
			return 1
		}
		bound = append(bound, pc.LocalAddr().String())
		s := &dns.Server{PacketConn: pc, Handler: srv}
		servers = append(servers, s)
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := s.ActivateAndServe(); err != nil && ctx.Err() == nil {
				errc <- err
			}
		}()
	}
	var wsrv *whois8.Server
	whoisAddr := ""
	if c.whois != "off" {
		l, err := net.Listen("tcp", c.whois)
		if err != nil {
			logf("WHOIS8: %v", err)
			return 1
		}
		whoisAddr = l.Addr().String()
		wsrv = whois8.NewServer(reg)
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := wsrv.Serve(ctx, l); err != nil {
				errc <- err
			}
		}()
	}
	logf("serving %d zone(s) on %s; WHOIS8 on %s", len(zones), strings.Join(bound, " "), orOff(whoisAddr))
	if ready != nil {
		ready(bound, whoisAddr)
	}

	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	refresh := time.NewTicker(dns8.SigRefresh)
	defer refresh.Stop()
	rc := 0
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case err := <-errc:
			logf("%v", err)
			rc = 1
			break loop
		case <-refresh.C:
			if err := srv.Load(zones, time.Now()); err != nil {
				logf("re-signing: %v", err)
			}
		case <-hup:
			z, k, r, err := load(&c)
			if err != nil {
				logf("reload: %v (keeping the old data)", err)
				continue
			}
			old := keys
			srv.SetKeys(k)
			if err := srv.Load(z, time.Now()); err != nil {
				srv.SetKeys(old)
				logf("reload: %v (keeping the old data)", err)
				continue
			}
			zones, keys = z, k
			if wsrv != nil {
				wsrv.SetRegistry(r)
			}
			logf("reloaded")
		}
	}
	cancel()
	for _, s := range servers {
		s.Shutdown()
	}
	for _, c := range closers {
		c.Close()
	}
	wg.Wait()
	return rc
}

// parseDNS8 reads a -dns8 address: an IPv8 address (not IPv4: -dns is
// for that) with an optional port, 53 by default.
func parseDNS8(s string) (*sock8.UDPAddr, error) {
	a, err := sock8.ParseUDPAddr(s)
	if err != nil {
		a, err = sock8.ParseUDPAddr(s + ":53")
	}
	if err != nil {
		return nil, err
	}
	if a.Addr.IsIPv4Compatible() && !a.Addr.IsUnspecified() {
		return nil, errors.New("routing prefix 0 is IPv4: use -dns")
	}
	return a, nil
}

func orOff(s string) string {
	if s == "" {
		return "off"
	}
	return s
}

// listenBoth binds UDP and TCP on the same address; with port 0 the TCP
// port follows the one UDP got.
func listenBoth(addr string) (net.PacketConn, net.Listener, error) {
	for range 10 {
		pc, err := net.ListenPacket("udp", addr)
		if err != nil {
			return nil, nil, err
		}
		l, err := net.Listen("tcp", pc.LocalAddr().String())
		if err == nil {
			return pc, l, nil
		}
		pc.Close()
		if !strings.HasSuffix(addr, ":0") {
			return nil, nil, err
		}
	}
	return nil, nil, fmt.Errorf("%s: no free UDP+TCP port pair", addr)
}

func load(c *config) ([]*dns8.Zone, map[uint32]*dns8.Key, *whois8.Registry, error) {
	var zones []*dns8.Zone
	for _, zf := range c.zones {
		origin, file, ok := strings.Cut(zf, "=")
		if !ok {
			return nil, nil, nil, fmt.Errorf("-zone %q: want ORIGIN=FILE", zf)
		}
		z, err := dns8.LoadZone(file, origin)
		if err != nil {
			return nil, nil, nil, err
		}
		zones = append(zones, z)
	}
	keys := map[uint32]*dns8.Key{}
	for _, kf := range c.keys {
		k, err := dns8.LoadKey(kf)
		if err != nil {
			return nil, nil, nil, err
		}
		if keys[k.ASN] != nil {
			return nil, nil, nil, fmt.Errorf("%s: a second key for AS%d", kf, k.ASN)
		}
		keys[k.ASN] = k
	}
	var reg *whois8.Registry
	if c.registry != "" {
		r, err := whois8.LoadRegistry(c.registry)
		if err != nil {
			return nil, nil, nil, err
		}
		reg = r
	}
	return zones, keys, reg, nil
}

func keygen(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("zoneserverd keygen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	alg := fs.Uint("alg", 13, "DNSSEC `ALGORITHM`: 13 (ECDSAP256SHA256) or 15 (ED25519)")
	asn := fs.Uint("asn", 0, "the `ASN` the key signs for")
	out := fs.String("o", "", "key `FILE` (default AS<asn>.key)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 64
	}
	if *asn == 0 || *asn > 1<<32-1 || *alg > 255 || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: zoneserverd keygen -alg 13|15 -asn N [-o FILE]")
		return 64
	}
	k, err := dns8.GenerateKey(uint8(*alg), uint32(*asn))
	if err != nil {
		fmt.Fprintf(stderr, "zoneserverd keygen: %v\n", err)
		return 64
	}
	file := *out
	if file == "" {
		file = fmt.Sprintf("AS%d.key", *asn)
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		fmt.Fprintf(stderr, "zoneserverd keygen: %v\n", err)
		return 1
	}
	if _, err := f.Write(k.MarshalPrivate()); err != nil {
		f.Close()
		fmt.Fprintf(stderr, "zoneserverd keygen: %v\n", err)
		return 1
	}
	if err := f.Close(); err != nil {
		fmt.Fprintf(stderr, "zoneserverd keygen: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "; AS%d key tag %d, private key in %s\ndnskey:         %s\n", *asn, k.DNSKEY.KeyTag(), file, k.RdataString())
	return 0
}
