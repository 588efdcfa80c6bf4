package dns8

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ipv8/ipv8/go/whois8"
	"github.com/miekg/dns"
)

// Errors of validation and of reading answers; each bad input has its own
// value so callers (nslookup8's exit codes and messages) can tell them
// apart with errors.Is.
var (
	ErrBadSignature     = errors.New("signature does not verify (forged or corrupted)")
	ErrExpired          = errors.New("RRSIG has expired")
	ErrNotYetValid      = errors.New("RRSIG is not yet valid")
	ErrKeyMissing       = errors.New("no matching key in WHOIS8")
	ErrWhoisUnreachable = errors.New("WHOIS8 unreachable")
	ErrMixedASN         = errors.New("signed A8 RRset mixes ASNs")
	ErrMalformed        = errors.New("malformed DNS message")
	ErrTruncated        = errors.New("truncated DNS message")
	ErrUnsigned         = errors.New("A8 RRset is not signed")
)

// Verdict is the outcome of validating an RRset (section 11.4).
type Verdict int

// Verdicts.
const (
	Insecure Verdict = iota // no RRSIG
	Secure                  // a valid signature by a WHOIS8 key
	Bogus                   // RRSIGs present and none valid
)

func (v Verdict) String() string {
	switch v {
	case Secure:
		return "secure"
	case Bogus:
		return "bogus"
	}
	return "insecure"
}

// KeySource gives the published keys of an ASN: the WHOIS8 "dnskey" lines.
// Errors wrap ErrKeyMissing (no record) or ErrWhoisUnreachable.
type KeySource interface {
	Keys(ctx context.Context, asn uint32) (keys []*dns.DNSKEY, source string, err error)
}

// Result says how an RRset validated and with which key.
type Result struct {
	Verdict   Verdict
	ASN       uint32
	KeyTag    uint16
	Algorithm uint8
	Signer    string
	KeySource string // where the key came from, e.g. "whois8 192.0.2.43:43 AS65002"
	Key       string // the DNSKEY RDATA that verified, or ""
	Err       error  // why the verdict is Bogus, or why it could not be reached
}

// Validate checks an A8 RRset against its RRSIGs (those in sigs covering
// A8; others are ignored) with keys from ks, at time now.
//
// The error is nil for Secure and Insecure. For Bogus it says why; with
// several RRSIGs and none valid it is the failure of the RRSIG that got
// furthest (key found, signature checked, window checked). WHOIS8 failures
// are returned as such (the verdict cannot be reached), wrapping
// ErrWhoisUnreachable.
func Validate(ctx context.Context, rrset []dns.RR, sigs []*dns.RRSIG, ks KeySource, now time.Time) (Result, error) {
	var res Result
	var mine []*dns.RRSIG
	for _, s := range sigs {
		if s.TypeCovered == TypeA8 {
			mine = append(mine, s)
		}
	}
	asn, err := RRsetASN(rrset)
	res.ASN = asn
	if len(mine) == 0 {
		res.Verdict = Insecure
		return res, nil
	}
	if err != nil {
		return bogus(res, err)
	}
	keys, source, err := ks.Keys(ctx, asn)
	res.KeySource = source
	if err != nil {
		if errors.Is(err, ErrWhoisUnreachable) {
			res.Verdict = Bogus
			res.Err = err
			return res, err
		}
		return bogus(res, err)
	}
	// stage ranks failures: the furthest one is the most telling.
	best, bestStage := error(nil), -1
	for _, sig := range mine {
		stage, err := check(sig, rrset, keys, now, &res)
		if err == nil {
			res.Verdict = Secure
			res.Err = nil
			return res, nil
		}
		if stage > bestStage {
			best, bestStage = err, stage
			res.KeyTag, res.Algorithm, res.Signer = sig.KeyTag, sig.Algorithm, sig.SignerName
		}
	}
	res.Key = ""
	return bogus(res, best)
}

func bogus(res Result, err error) (Result, error) {
	res.Verdict = Bogus
	res.Err = err
	return res, err
}

// check verifies one RRSIG. The signature is checked before the window so
// that a forged RRSIG with an old date reports forgery, not expiry.
func check(sig *dns.RRSIG, rrset []dns.RR, keys []*dns.DNSKEY, now time.Time, res *Result) (int, error) {
	if sig.Algorithm != AlgECDSAP256 && sig.Algorithm != AlgEd25519 {
		return 0, fmt.Errorf("%w: algorithm %d not used by DNS8", ErrKeyMissing, sig.Algorithm)
	}
	var tried bool
	var lastErr error
	for _, k := range keys {
		if k.Algorithm != sig.Algorithm || k.KeyTag() != sig.KeyTag {
			continue
		}
		tried = true
		// Verify wants the key owned by the signer; WHOIS8 keys have no
		// owner of their own (the signer plays no part in finding them).
		kk := *k
		kk.Hdr = dns.RR_Header{Name: dns.CanonicalName(sig.SignerName), Rrtype: dns.TypeDNSKEY, Class: dns.ClassINET}
		if err := sig.Verify(&kk, rrset); err != nil {
			lastErr = err
			continue
		}
		res.Key = DNSKEYRdata(k)
		res.KeyTag, res.Algorithm, res.Signer = sig.KeyTag, sig.Algorithm, sig.SignerName
		switch windowCheck(sig, now) {
		case 1:
			return 3, fmt.Errorf("%w: expired %s", ErrExpired, dns.TimeToString(sig.Expiration))
		case -1:
			return 3, fmt.Errorf("%w: inception %s", ErrNotYetValid, dns.TimeToString(sig.Inception))
		}
		return 4, nil
	}
	if !tried {
		return 1, fmt.Errorf("%w: no dnskey of AS%d with algorithm %d and key tag %d",
			ErrKeyMissing, res.ASN, sig.Algorithm, sig.KeyTag)
	}
	return 2, fmt.Errorf("%w: key tag %d: %v", ErrBadSignature, sig.KeyTag, lastErr)
}

// windowCheck is -1 before inception, 1 after expiration, 0 inside, with
// RFC 1982 serial arithmetic on the 32-bit times as RFC 4034 3.1.5 asks.
func windowCheck(sig *dns.RRSIG, now time.Time) int {
	t := uint32(now.Unix())
	if int32(t-sig.Inception) < 0 {
		return -1
	}
	if int32(sig.Expiration-t) < 0 {
		return 1
	}
	return 0
}

// WhoisKeys is a KeySource that asks a WHOIS8 server.
type WhoisKeys struct {
	Server string // host[:port]
	// Query returns the dnskey lines of an ASN's record.
	Query func(ctx context.Context, server string, asn uint32) (dnskeys []string, err error)
}

// NewWhoisKeys asks server with c, mapping the client's errors onto
// ErrWhoisUnreachable and ErrKeyMissing.
func NewWhoisKeys(c *whois8.Client, server string) *WhoisKeys {
	server = whois8.HostPort(server)
	return &WhoisKeys{Server: server, Query: func(ctx context.Context, server string, asn uint32) ([]string, error) {
		r, err := c.ASN(ctx, server, asn)
		switch {
		case errors.Is(err, whois8.ErrUnreachable):
			return nil, fmt.Errorf("%w: %v", ErrWhoisUnreachable, err)
		case errors.Is(err, whois8.ErrNotFound):
			return nil, fmt.Errorf("%w: AS%d has no WHOIS8 record", ErrKeyMissing, asn)
		case err != nil:
			// A garbled answer leaves us without the key.
			return nil, fmt.Errorf("%w: %v", ErrKeyMissing, err)
		}
		return r.DNSKeys, nil
	}}
}

// Keys implements KeySource.
func (w *WhoisKeys) Keys(ctx context.Context, asn uint32) ([]*dns.DNSKEY, string, error) {
	source := fmt.Sprintf("whois8 %s AS%d", w.Server, asn)
	lines, err := w.Query(ctx, w.Server, asn)
	if err != nil {
		return nil, source, err
	}
	var keys []*dns.DNSKEY
	var bad []string
	for _, l := range lines {
		k, err := ParseDNSKEYRdata(l)
		if err != nil {
			bad = append(bad, l)
			continue
		}
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		why := "the record has no dnskey"
		if len(bad) > 0 {
			why = "no usable dnskey: " + strings.Join(bad, "; ")
		}
		return nil, source, fmt.Errorf("%w: AS%d: %s", ErrKeyMissing, asn, why)
	}
	return keys, source, nil
}
