package dns8

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ipv8/ipv8/go/in8"
	"github.com/miekg/dns"
)

// rfc8080Key is the Ed25519 example key of RFC 8080 section 6.1, the key of
// the a8-rrset-signed vector.
func rfc8080Key(t testing.TB) *Key {
	t.Helper()
	seed, _ := base64.StdEncoding.DecodeString("ODIyNjAzODQ2MjgwODAxMjI2NDUxOTAyMDQxNDIyNjI=")
	k, err := newKey(AlgEd25519, 65533, ed25519.NewKeyFromSeed(seed))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestSignVector(t *testing.T) {
	v := a8Vectors(t)["a8-rrset-signed"]
	k := rfc8080Key(t)
	if got := k.RdataString(); got != v.DNSKEYPresentation {
		t.Fatalf("DNSKEY %q, want %q", got, v.DNSKEYPresentation)
	}
	if got := k.DNSKEY.KeyTag(); got != v.KeyTag {
		t.Errorf("key tag %d, want %d", got, v.KeyTag)
	}
	var set []dns.RR
	for _, a := range v.Addresses {
		set = append(set, NewA8(v.Owner, v.TTL, in8.MustParseAddr(a)))
	}
	sig, err := Sign(set, k, v.Signer, time.Unix(int64(v.Inception), 0), time.Unix(int64(v.Expiration), 0))
	if err != nil {
		t.Fatal(err)
	}
	if sig.Signature != v.SignatureB64 {
		t.Errorf("signature %s, want %s", sig.Signature, v.SignatureB64)
	}
	buf := make([]byte, 512)
	n, err := dns.PackRR(sig, buf, 0, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	rdata := buf[n-int(sig.Hdr.Rdlength) : n]
	if got := hex.EncodeToString(rdata); got != v.RRSIGRdataHex {
		t.Errorf("RRSIG RDATA\n%s\nwant\n%s", got, v.RRSIGRdataHex)
	}
	now := time.Unix(int64(v.Inception)+86400, 0)
	res, err := Validate(context.Background(), set, []*dns.RRSIG{sig}, staticKeys{65533: {v.DNSKEYPresentation}}, now)
	if err != nil || res.Verdict != Secure || res.KeyTag != v.KeyTag {
		t.Errorf("Validate: %+v %v", res, err)
	}
}

// staticKeys is a KeySource from a table; ASN 0 plays "WHOIS8 down".
type staticKeys map[uint32][]string

func (s staticKeys) Keys(ctx context.Context, asn uint32) ([]*dns.DNSKEY, string, error) {
	w := &WhoisKeys{Server: "test", Query: func(_ context.Context, _ string, asn uint32) ([]string, error) {
		if _, down := s[0]; down {
			return nil, fmt.Errorf("%w: connection refused", ErrWhoisUnreachable)
		}
		keys, ok := s[asn]
		if !ok {
			return nil, fmt.Errorf("%w: AS%d has no WHOIS8 record", ErrKeyMissing, asn)
		}
		return keys, nil
	}}
	return w.Keys(ctx, asn)
}

func TestValidate(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 15, 0, 0, 0, 0, time.UTC)
	k13, err := GenerateKey(AlgECDSAP256, 65002)
	if err != nil {
		t.Fatal(err)
	}
	other, _ := GenerateKey(AlgECDSAP256, 65002)
	k15, _ := GenerateKey(AlgEd25519, 65002)
	set := []dns.RR{
		NewA8("www.example.net.", 300, in8.MustParseAddr("65002.10.0.0.1")),
		NewA8("www.example.net.", 300, in8.MustParseAddr("65002.10.0.0.2")),
	}
	mixed := append([]dns.RR{NewA8("www.example.net.", 300, in8.MustParseAddr("65003.10.0.0.3"))}, set...)
	sign := func(k *Key, rrs []dns.RR, inc, exp time.Time) *dns.RRSIG {
		s, err := Sign(rrs, k, "example.net.", inc, exp)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	good := sign(k13, set, now.Add(-time.Hour), now.Add(time.Hour))
	forged := *good
	sb, _ := base64.StdEncoding.DecodeString(forged.Signature)
	sb[5] ^= 1
	forged.Signature = base64.StdEncoding.EncodeToString(sb)
	tests := []struct {
		name    string
		rrset   []dns.RR
		sigs    []*dns.RRSIG
		keys    staticKeys
		verdict Verdict
		err     error
	}{
		{"secure 13", set, []*dns.RRSIG{good}, staticKeys{65002: {k13.RdataString()}}, Secure, nil},
		{"secure 15", set, []*dns.RRSIG{sign(k15, set, now.Add(-time.Hour), now.Add(time.Hour))}, staticKeys{65002: {other.RdataString(), k15.RdataString()}}, Secure, nil},
		{"insecure", set, nil, staticKeys{65002: {k13.RdataString()}}, Insecure, nil},
		{"forged", set, []*dns.RRSIG{&forged}, staticKeys{65002: {k13.RdataString()}}, Bogus, ErrBadSignature},
		{"expired", set, []*dns.RRSIG{sign(k13, set, now.Add(-2*time.Hour), now.Add(-time.Hour))}, staticKeys{65002: {k13.RdataString()}}, Bogus, ErrExpired},
		{"not yet valid", set, []*dns.RRSIG{sign(k13, set, now.Add(time.Hour), now.Add(2*time.Hour))}, staticKeys{65002: {k13.RdataString()}}, Bogus, ErrNotYetValid},
		{"key replaced", set, []*dns.RRSIG{good}, staticKeys{65002: {other.RdataString()}}, Bogus, ErrKeyMissing},
		{"no record", set, []*dns.RRSIG{good}, staticKeys{65001: {k13.RdataString()}}, Bogus, ErrKeyMissing},
		{"record without key", set, []*dns.RRSIG{good}, staticKeys{65002: nil}, Bogus, ErrKeyMissing},
		{"whois down", set, []*dns.RRSIG{good}, staticKeys{0: nil}, Bogus, ErrWhoisUnreachable},
		{"mixed ASNs", mixed, []*dns.RRSIG{good}, staticKeys{65002: {k13.RdataString()}}, Bogus, ErrMixedASN},
		{"tampered data", []dns.RR{set[0]}, []*dns.RRSIG{good}, staticKeys{65002: {k13.RdataString()}}, Bogus, ErrBadSignature},
		{"one good of two", set, []*dns.RRSIG{&forged, good}, staticKeys{65002: {k13.RdataString()}}, Secure, nil},
	}
	for _, tt := range tests {
		res, err := Validate(ctx, tt.rrset, tt.sigs, tt.keys, now)
		if res.Verdict != tt.verdict || !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
			t.Errorf("%s: verdict %v err %v, want %v %v", tt.name, res.Verdict, err, tt.verdict, tt.err)
		}
		if res.Verdict == Secure && (res.Key == "" || !strings.HasPrefix(res.KeySource, "whois8 test AS65002")) {
			t.Errorf("%s: key %q source %q", tt.name, res.Key, res.KeySource)
		}
	}
	// Distinct errors are distinct values.
	all := []error{ErrBadSignature, ErrExpired, ErrNotYetValid, ErrKeyMissing, ErrWhoisUnreachable, ErrMalformed, ErrTruncated, ErrMixedASN}
	for i, a := range all {
		for j, b := range all {
			if i != j && errors.Is(a, b) {
				t.Errorf("%v is %v", a, b)
			}
		}
	}
}

func TestKeyFile(t *testing.T) {
	for _, alg := range []uint8{AlgECDSAP256, AlgEd25519} {
		k, err := GenerateKey(alg, 65002)
		if err != nil {
			t.Fatal(err)
		}
		k2, err := ParsePrivate(k.MarshalPrivate())
		if err != nil {
			t.Fatalf("alg %d: %v\n%s", alg, err, k.MarshalPrivate())
		}
		if k2.RdataString() != k.RdataString() || k2.ASN != 65002 {
			t.Errorf("alg %d: round trip %q %d", alg, k2.RdataString(), k2.ASN)
		}
	}
	if _, err := GenerateKey(8, 1); err == nil {
		t.Error("RSA accepted")
	}
	for _, bad := range []string{
		"",
		"Private-key-format: v1.3\nAlgorithm: 13\nPrivateKey: AAAA\nASN: 1\n",
		"Private-key-format: v1.3\nAlgorithm: 15\nPrivateKey: AAAA\nASN: 1\n",
		"Private-key-format: v1.3\nAlgorithm: 8 (RSASHA256)\nPrivateKey: AAAA\nASN: 1\n",
		"Private-key-format: v1.3\nAlgorithm: 15 (ED25519)\nPrivateKey: ODIyNjAzODQ2MjgwODAxMjI2NDUxOTAyMDQxNDIyNjI=\n",
	} {
		if _, err := ParsePrivate([]byte(bad)); err == nil {
			t.Errorf("ParsePrivate(%q) accepted", bad)
		}
	}
}
