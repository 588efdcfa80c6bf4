package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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
