package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ipv8/ipv8/go/dns8"
	"github.com/ipv8/ipv8/go/whois8"
	"github.com/miekg/dns"
)

const zoneText = `$TTL 300
@    SOA ns1 hostmaster 1 3600 600 86400 60
ns1  A   127.0.0.1
www  A8  65002.10.0.0.11
www  A8  65002.10.0.0.10
www  A   127.0.0.1
v4   A   127.0.0.1
`

// lab is zoneserverd's server code (DNS8 and WHOIS8) on 127.0.0.1 ports.
type lab struct {
	dnsAddr, whoisAddr string
	key                *dns8.Key
	dns                *dns8.Server
	whois              *whois8.Server
	zone               *dns8.Zone
}

func registryFor(dnskey string) *whois8.Registry {
	r := &whois8.Record{ASN: 65002, ASName: "EXAMPLE", Active: true, Source: "IPV8-LAB",
		Changed: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}
	if dnskey != "" {
		r.DNSKeys = []string{dnskey}
	}
	return whois8.NewRegistry(r)
}

func startLab(t *testing.T) *lab {
	t.Helper()
	z, err := dns8.ParseZone(strings.NewReader(zoneText), "example.net.", "zone")
	if err != nil {
		t.Fatal(err)
	}
	k, err := dns8.GenerateKey(dns8.AlgECDSAP256, 65002)
	if err != nil {
		t.Fatal(err)
	}
	lb := &lab{key: k, zone: z, dns: dns8.NewServer(map[uint32]*dns8.Key{65002: k})}
	if err := lb.dns.Load([]*dns8.Zone{z}, time.Now()); err != nil {
		t.Fatal(err)
	}
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	u := &dns.Server{PacketConn: pc, Handler: lb.dns}
	go u.ActivateAndServe()
	lb.whois = whois8.NewServer(registryFor(k.RdataString()))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { lb.whois.Serve(ctx, l); close(done) }()
	t.Cleanup(func() { u.Shutdown(); cancel(); <-done })
	lb.dnsAddr, lb.whoisAddr = pc.LocalAddr().String(), l.Addr().String()
	return lb
}

// failing8 is the network with the IPv8 path down: every tcp8/udp8 dial
// fails and is counted; IPv4 goes through package net.
type failing8 struct {
	mu      sync.Mutex
	n8      int
	dials   []string
	whoisUp bool
	whois   string
}

func (f *failing8) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.dials = append(f.dials, network+" "+address)
	if strings.HasSuffix(network, "8") {
		f.n8++
		return nil, errors.New("no IPv8 path")
	}
	var d net.Dialer
	return d.DialContext(ctx, network, address)
}
func (f *failing8) ListenPacket(context.Context, string, string) (net.PacketConn, error) {
	return nil, errors.ErrUnsupported
}
func (f *failing8) Listen(context.Context, string, string) (net.Listener, error) {
	return nil, errors.ErrUnsupported
}

func nslookup8(t *testing.T, tr *failing8, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	if tr == nil {
		tr = &failing8{}
	}
	code := run(context.Background(), args, &out, &errb, env{Transport: tr, Now: time.Now})
	return code, out.String(), errb.String()
}

func TestE2E(t *testing.T) {
	lb := startLab(t)
	srv := []string{"-server", lb.dnsAddr, "-whois-server", lb.whoisAddr, "-timeout", "1s"}

	t.Run("valid signature", func(t *testing.T) {
		code, out, errs := nslookup8(t, nil, append(srv, "-local", "65002.10.0.0.20", "www.example.net")...)
		if code != 0 {
			t.Fatalf("exit %d\n%s%s", code, out, errs)
		}
		for _, want := range []string{
			"www.example.net.\t300\tIN\tA8\t65002.10.0.0.11",
			";; VALIDATION: secure (AS65002, RRSIG algorithm 13, key tag " + fmt.Sprint(lb.key.DNSKEY.KeyTag()),
			";; KEY SOURCE: whois8 " + lb.whoisAddr + " AS65002: dnskey " + lb.key.RdataString(),
			";; ORDER: same parity as 65002.10.0.0.20 first: 65002.10.0.0.10 65002.10.0.0.11",
			"www.example.net.\t300\tIN\tA\t127.0.0.1",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("output lacks %q:\n%s", want, out)
			}
		}
	})

	t.Run("json", func(t *testing.T) {
		code, out, _ := nslookup8(t, nil, append(srv, "-j", "www.example.net")...)
		var j jsonOut
		if err := json.Unmarshal([]byte(out), &j); err != nil || code != 0 {
			t.Fatalf("exit %d %v\n%s", code, err, out)
		}
		if j.Validation.Verdict != "secure" || len(j.A8) != 2 || j.A8[0].RdataHex != "0000fdea0a00000b" || j.Exit != 0 {
			t.Errorf("json %+v", j)
		}
	})

	t.Run("replaced WHOIS8 key", func(t *testing.T) {
		other, _ := dns8.GenerateKey(dns8.AlgECDSAP256, 65002)
		lb.whois.SetRegistry(registryFor(other.RdataString()))
		defer lb.whois.SetRegistry(registryFor(lb.key.RdataString()))
		code, out, errs := nslookup8(t, nil, append(srv, "www.example.net")...)
		if code != exitValidation {
			t.Errorf("exit %d, want %d", code, exitValidation)
		}
		want := "no matching key in WHOIS8: no dnskey of AS65002 with algorithm 13 and key tag"
		if !strings.Contains(out, ";; VALIDATION: bogus: "+want) || !strings.Contains(errs, "validation failed: "+want) {
			t.Errorf("does not say why:\n%s%s", out, errs)
		}
	})

	t.Run("key missing from WHOIS8", func(t *testing.T) {
		lb.whois.SetRegistry(registryFor(""))
		defer lb.whois.SetRegistry(registryFor(lb.key.RdataString()))
		code, _, errs := nslookup8(t, nil, append(srv, "www.example.net")...)
		if code != exitValidation || !strings.Contains(errs, "the record has no dnskey") {
			t.Errorf("exit %d: %s", code, errs)
		}
	})

	t.Run("expired RRSIG", func(t *testing.T) {
		now := time.Now()
		if err := lb.dns.LoadWindow([]*dns8.Zone{lb.zone}, now.Add(-48*time.Hour), now.Add(-24*time.Hour)); err != nil {
			t.Fatal(err)
		}
		defer lb.dns.Load([]*dns8.Zone{lb.zone}, now)
		code, _, errs := nslookup8(t, nil, append(srv, "www.example.net")...)
		if code != exitValidation || !strings.Contains(errs, "RRSIG has expired") {
			t.Errorf("exit %d: %s", code, errs)
		}
	})

	t.Run("not yet valid RRSIG", func(t *testing.T) {
		now := time.Now()
		if err := lb.dns.LoadWindow([]*dns8.Zone{lb.zone}, now.Add(24*time.Hour), now.Add(48*time.Hour)); err != nil {
			t.Fatal(err)
		}
		defer lb.dns.Load([]*dns8.Zone{lb.zone}, now)
		code, _, errs := nslookup8(t, nil, append(srv, "www.example.net")...)
		if code != exitValidation || !strings.Contains(errs, "RRSIG is not yet valid") {
			t.Errorf("exit %d: %s", code, errs)
		}
	})

	t.Run("WHOIS8 down", func(t *testing.T) {
		l, _ := net.Listen("tcp", "127.0.0.1:0")
		dead := l.Addr().String()
		l.Close()
		code, out, errs := nslookup8(t, nil, "-server", lb.dnsAddr, "-whois-server", dead, "www.example.net")
		if code != exitNetwork || !strings.Contains(errs, "WHOIS8 unreachable") {
			t.Errorf("exit %d:\n%s%s", code, out, errs)
		}
	})

	t.Run("DNS server down", func(t *testing.T) {
		pc, _ := net.ListenPacket("udp", "127.0.0.1:0")
		dead := pc.LocalAddr().String()
		pc.Close()
		code, _, errs := nslookup8(t, nil, "-server", dead, "-timeout", "300ms", "www.example.net")
		if code != exitNetwork {
			t.Errorf("exit %d: %s", code, errs)
		}
	})

	t.Run("not found", func(t *testing.T) {
		code, _, errs := nslookup8(t, nil, append(srv, "nope.example.net")...)
		if code != exitNotFound {
			t.Errorf("exit %d: %s", code, errs)
		}
	})

	// A TCP listener stands for the service on the A record's address.
	svc, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	go func() {
		for {
			c, err := svc.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	_, port, _ := net.SplitHostPort(svc.Addr().String())

	for _, n := range []int{1, 3, 5} {
		t.Run(fmt.Sprintf("fallback after exactly %d", n), func(t *testing.T) {
			tr := &failing8{}
			args := append(srv, "-connect", port, "-j", "www.example.net")
			if n != 5 {
				args = append([]string{"-a", fmt.Sprint(n)}, args...)
			}
			code, out, errs := nslookup8(t, tr, args...)
			var j jsonOut
			json.Unmarshal([]byte(out), &j)
			if code != 0 || j.Connect == nil || j.Connect.Via != "ipv4" || j.Connect.Target != "127.0.0.1" {
				t.Fatalf("exit %d %s\n%s", code, errs, out)
			}
			if tr.n8 != n || j.Connect.Attempts8 != n || !j.Connect.Fallback {
				t.Errorf("%d IPv8 dials, %d reported, want %d", tr.n8, j.Connect.Attempts8, n)
			}
			// The IPv4 dial to the service comes after every IPv8 one.
			last8 := -1
			for i, d := range tr.dials {
				if strings.HasPrefix(d, "tcp8 ") {
					last8 = i
				}
			}
			for i, d := range tr.dials {
				if d == "tcp 127.0.0.1:"+port && i < last8 {
					t.Errorf("IPv4 dial %d before IPv8 dial %d: %q", i, last8, tr.dials)
				}
			}
		})
	}

	t.Run("-f never falls back", func(t *testing.T) {
		tr := &failing8{}
		code, out, errs := nslookup8(t, tr, append(srv, "-f", "-a", "4", "-connect", port, "www.example.net")...)
		if code != exitNetwork || tr.n8 != 4 {
			t.Errorf("exit %d, %d IPv8 dials\n%s%s", code, tr.n8, out, errs)
		}
		for _, d := range tr.dials {
			if d == "tcp 127.0.0.1:"+port {
				t.Errorf("-f dialled IPv4: %q", tr.dials)
			}
		}
		if !strings.Contains(errs, "no IPv8 path after 4 attempts") || !strings.Contains(errs, "fallback forbidden (-f)") {
			t.Errorf("message: %s", errs)
		}
		if strings.Contains(out, "IN\tA\t") {
			t.Errorf("-f printed A records:\n%s", out)
		}
	})

	t.Run("-4", func(t *testing.T) {
		tr := &failing8{}
		code, out, _ := nslookup8(t, tr, append(srv, "-4", "-connect", port, "www.example.net")...)
		if code != 0 || tr.n8 != 0 || strings.Contains(out, "A8") {
			t.Errorf("exit %d, %d IPv8 dials\n%s", code, tr.n8, out)
		}
	})

	t.Run("whois", func(t *testing.T) {
		code, out, _ := nslookup8(t, nil, "-whois-server", lb.whoisAddr, "--whois", "AS65002")
		if code != 0 || !strings.HasPrefix(out, "aut-num:        AS65002\n") {
			t.Errorf("exit %d\n%s", code, out)
		}
		code, _, _ = nslookup8(t, nil, "-whois-server", lb.whoisAddr, "--whois", "AS64511")
		if code != exitNotFound {
			t.Errorf("unknown ASN: exit %d", code)
		}
		code, out, _ = nslookup8(t, nil, "-whois-server", lb.whoisAddr, "-j", "--whois", "65002.10.0.0.1")
		if code != 0 || !strings.Contains(out, `"aut-num": "AS65002"`) {
			t.Errorf("json: exit %d\n%s", code, out)
		}
	})
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{{}, {"-f", "-4", "x"}, {"-a", "0", "x"}, {"-bogus"}, {"a", "b"}, {"--whois", "what?"}, {"-local", "1.2.3.300", "x"}} {
		if code, _, _ := nslookup8(t, nil, args...); code != exitUsage {
			t.Errorf("%q: exit %d, want %d", args, code, exitUsage)
		}
	}
	if code, out, _ := nslookup8(t, nil, "-h"); code != 0 || !strings.Contains(out, "usage: nslookup8") {
		t.Errorf("-h: exit %d", code)
	}
}
