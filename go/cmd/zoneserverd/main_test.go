package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/ipv8/ipv8/go/dns8"
	"github.com/ipv8/ipv8/go/whois8"
)

func TestKeygenAndServe(t *testing.T) {
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "AS65002.key")
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"keygen", "-alg", "15", "-asn", "65002", "-o", keyFile}, &out, &errb, nil); code != 0 {
		t.Fatalf("keygen exit %d: %s", code, errb.String())
	}
	line := ""
	for _, l := range strings.Split(out.String(), "\n") {
		if strings.HasPrefix(l, "dnskey:") {
			line = l
		}
	}
	if !strings.HasPrefix(line, "dnskey:         257 3 15 ") {
		t.Fatalf("keygen output %q", out.String())
	}
	if fi, err := os.Stat(keyFile); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", fi, err)
	}
	// A second keygen must not overwrite the key.
	if code := run(context.Background(), []string{"keygen", "-asn", "65002", "-o", keyFile}, &out, &errb, nil); code == 0 {
		t.Error("keygen overwrote a key file")
	}
	reg := "aut-num: AS65002\nas-name: EXAMPLE\nstatus: active\n" + line + "\nchanged: 2026-11-01T00:00:00Z\nsource: LAB\n"
	os.WriteFile(filepath.Join(dir, "whois8.db"), []byte(reg), 0o644)
	os.WriteFile(filepath.Join(dir, "example.net.zone"), []byte("$TTL 60\n@ SOA ns hm 1 2 3 4 5\nwww A8 65002.10.0.0.1\n"), 0o644)

	ctx, cancel := context.WithCancel(context.Background())
	type addrs struct {
		dns   []string
		whois string
	}
	ready := make(chan addrs, 1)
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"-dns", "127.0.0.1:0", "-whois", "127.0.0.1:0",
			"-zone", "example.net=" + filepath.Join(dir, "example.net.zone"),
			"-key", keyFile, "-registry", filepath.Join(dir, "whois8.db")},
			&out, &errb, func(d []string, w string) { ready <- addrs{d, w} })
	}()
	var a addrs
	select {
	case a = <-ready:
	case code := <-done:
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	c := &dns8.Client{Timeout: 2 * time.Second}
	for _, nw := range []string{"udp", "tcp"} {
		c.Network = nw
		m, err := c.Exchange(ctx, a.dns[0], "www.example.net", dns8.TypeA8)
		if err != nil {
			t.Fatal(err)
		}
		ans, err := dns8.Extract(m, "www.example.net", dns8.TypeA8)
		if err != nil || len(ans.RRs) != 1 || len(ans.Sigs) != 1 {
			t.Fatalf("%s: %v %v", nw, ans, err)
		}
		keys := dns8.NewWhoisKeys(&whois8.Client{}, a.whois)
		if res, err := dns8.Validate(ctx, ans.RRs, ans.Sigs, keys, time.Now()); err != nil || res.Verdict != dns8.Secure {
			t.Errorf("%s: %v %v", nw, res.Verdict, err)
		}
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit %d: %s", code, errb.String())
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{{"-nope"}, {"extra"}, {"keygen"}, {"keygen", "-asn", "1", "-alg", "8"}, {"-whois", "127.0.0.1:0"}} {
		var out, errb bytes.Buffer
		if code := run(context.Background(), args, &out, &errb, nil); code != 64 {
			t.Errorf("%q: exit %d, want 64", args, code)
		}
	}
}

func TestDNS8Flag(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"65002.10.0.0.53", "65002.10.0.0.53:53", true},
		{"65002.10.0.0.53:5353", "65002.10.0.0.53:5353", true},
		{"0.0.0.0.0.0.0.0", "0.0.0.0:53", true},
		{"10.0.0.53", "", false},
		{"65002.10.0.0.300", "", false},
		{"65002.10.0.0.53:70000", "", false},
	} {
		a, err := parseDNS8(tc.in)
		if (err == nil) != tc.ok || err == nil && a.String() != tc.want {
			t.Errorf("parseDNS8(%q) = %v, %v; want %q ok=%v", tc.in, a, err, tc.want, tc.ok)
		}
	}
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"-whois", "off", "-dns8", "10.0.0.1"}, &out, &errb, nil); code != 64 ||
		!strings.Contains(errb.String(), "routing prefix 0 is IPv4: use -dns") {
		t.Errorf("-dns8 10.0.0.1: exit %d, %q", code, errb.String())
	}
}

// Without the ipv8 module (the host that runs go test, usually) -dns8
// says so plainly.
func TestDNS8NoModule(t *testing.T) {
	if s, err := unix.Socket(23, unix.SOCK_DGRAM, 0); err == nil {
		unix.Close(s)
		t.Skip("AF_INET8 sockets work here")
	} else if !errors.Is(err, unix.EAFNOSUPPORT) {
		t.Skipf("socket(AF_INET8): %v", err)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "z"), []byte("$TTL 60\n@ SOA ns hm 1 2 3 4 5\n"), 0o644)
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"-whois", "off", "-dns", "127.0.0.1:0", "-dns8", "65002.10.0.0.53",
		"-zone", "example.net=" + filepath.Join(dir, "z")}, &out, &errb, nil)
	if want := "zoneserverd: -dns8 65002.10.0.0.53:53: ipv8 module not loaded\n"; code != 1 || errb.String() != want {
		t.Errorf("exit %d, stderr %q; want 1, %q", code, errb.String(), want)
	}
}
