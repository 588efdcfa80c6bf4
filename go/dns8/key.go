package dns8

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/miekg/dns"
)

// Key is the signing key pair of one ASN.
type Key struct {
	ASN    uint32
	DNSKEY *dns.DNSKEY // owner name unset: WHOIS8 keys belong to an ASN, not a zone
	Signer crypto.Signer
}

// Algorithms this implementation signs and validates with (section 11.4).
const (
	AlgECDSAP256 = dns.ECDSAP256SHA256 // 13
	AlgEd25519   = dns.ED25519         // 15
)

// flagsSEPZone is 257: zone key with the SEP bit, as a trust anchor is.
const flagsSEPZone = dns.ZONE | dns.SEP

// GenerateKey makes a new key pair for asn.
func GenerateKey(alg uint8, asn uint32) (*Key, error) {
	var s crypto.Signer
	switch alg {
	case AlgECDSAP256:
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return nil, err
		}
		s = k
	case AlgEd25519:
		_, k, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return nil, err
		}
		s = k
	default:
		return nil, fmt.Errorf("algorithm %d: only 13 (ECDSAP256SHA256) and 15 (ED25519)", alg)
	}
	return newKey(alg, asn, s)
}

func newKey(alg uint8, asn uint32, s crypto.Signer) (*Key, error) {
	var pub []byte
	switch p := s.Public().(type) {
	case *ecdsa.PublicKey:
		b, err := p.Bytes() // 0x04 || X || Y
		if err != nil {
			return nil, err
		}
		pub = b[1:]
	case ed25519.PublicKey:
		pub = p
	default:
		return nil, fmt.Errorf("unsupported key type %T", p)
	}
	return &Key{
		ASN:    asn,
		Signer: s,
		DNSKEY: &dns.DNSKEY{
			Hdr:       dns.RR_Header{Rrtype: dns.TypeDNSKEY, Class: dns.ClassINET, Ttl: 3600},
			Flags:     flagsSEPZone,
			Protocol:  3,
			Algorithm: alg,
			PublicKey: base64.StdEncoding.EncodeToString(pub),
		},
	}, nil
}

// RdataString is the DNSKEY RDATA presentation, the value of a WHOIS8
// "dnskey:" line.
func (k *Key) RdataString() string { return DNSKEYRdata(k.DNSKEY) }

// DNSKEYRdata is the RDATA text of a DNSKEY: "257 3 13 base64".
func DNSKEYRdata(k *dns.DNSKEY) string {
	return fmt.Sprintf("%d %d %d %s", k.Flags, k.Protocol, k.Algorithm, k.PublicKey)
}

// ParseDNSKEYRdata reads the value of a WHOIS8 "dnskey:" line.
func ParseDNSKEYRdata(s string) (*dns.DNSKEY, error) {
	// A root owner name makes the text a complete RR for miekg's parser;
	// the validator sets the owner it needs.
	rr, err := dns.NewRR(". 3600 IN DNSKEY " + s)
	if err != nil {
		return nil, err
	}
	k, ok := rr.(*dns.DNSKEY)
	if !ok {
		return nil, fmt.Errorf("not DNSKEY RDATA: %q", s)
	}
	return k, nil
}

// MarshalPrivate is the key file: BIND's Private-key-format v1.3 with one
// more line, "ASN:", naming the ASN the key belongs to.
func (k *Key) MarshalPrivate() []byte {
	var raw []byte
	name := ""
	switch s := k.Signer.(type) {
	case *ecdsa.PrivateKey:
		raw, _ = s.Bytes()
		name = "ECDSAP256SHA256"
	case ed25519.PrivateKey:
		raw = s.Seed()
		name = "ED25519"
	}
	return fmt.Appendf(nil, "Private-key-format: v1.3\nAlgorithm: %d (%s)\nPrivateKey: %s\nASN: %d\n",
		k.DNSKEY.Algorithm, name, base64.StdEncoding.EncodeToString(raw), k.ASN)
}

// ParsePrivate reads a key file written by MarshalPrivate. Lines starting
// with ";" are comments; BIND's timing lines (Created: ...) are ignored.
func ParsePrivate(b []byte) (*Key, error) {
	f := map[string]string{}
	for i, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == ';' {
			continue
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("key file line %d: not \"Key: value\"", i+1)
		}
		f[k] = strings.TrimSpace(v)
	}
	if f["Private-key-format"] != "v1.3" && f["Private-key-format"] != "v1.2" {
		return nil, fmt.Errorf("key file: Private-key-format %q", f["Private-key-format"])
	}
	algText, _, _ := strings.Cut(f["Algorithm"], " ")
	alg, err := strconv.ParseUint(algText, 10, 8)
	if err != nil {
		return nil, fmt.Errorf("key file: Algorithm %q", f["Algorithm"])
	}
	asn, err := strconv.ParseUint(f["ASN"], 10, 32)
	if err != nil || asn == 0 {
		return nil, fmt.Errorf("key file: ASN %q", f["ASN"])
	}
	raw, err := base64.StdEncoding.DecodeString(f["PrivateKey"])
	if err != nil {
		return nil, fmt.Errorf("key file: PrivateKey is not base64")
	}
	var s crypto.Signer
	switch uint8(alg) {
	case AlgECDSAP256:
		k, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), raw)
		if err != nil {
			return nil, fmt.Errorf("key file: %v", err)
		}
		s = k
	case AlgEd25519:
		if len(raw) != ed25519.SeedSize {
			return nil, fmt.Errorf("key file: Ed25519 key of %d octets, want %d", len(raw), ed25519.SeedSize)
		}
		s = ed25519.NewKeyFromSeed(raw)
	default:
		return nil, fmt.Errorf("key file: algorithm %d not supported", alg)
	}
	return newKey(uint8(alg), uint32(asn), s)
}

// LoadKey reads a key file.
func LoadKey(path string) (*Key, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	k, err := ParsePrivate(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return k, nil
}
