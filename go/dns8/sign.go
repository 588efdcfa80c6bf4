package dns8

import (
	"errors"
	"fmt"
	"time"

	"github.com/miekg/dns"
)

// RRsetASN returns the single ASN the addresses of an A8 RRset belong to
// (section 11.4: a signed RRset never mixes ASNs).
func RRsetASN(rrset []dns.RR) (uint32, error) {
	var asn uint32
	for i, rr := range rrset {
		a, ok := A8Addr(rr)
		if !ok {
			return 0, fmt.Errorf("%w: %s is not A8", ErrMalformed, rr.Header().Name)
		}
		if i > 0 && a.ASN() != asn {
			return 0, fmt.Errorf("%w: AS%d and AS%d", ErrMixedASN, asn, a.ASN())
		}
		asn = a.ASN()
	}
	if len(rrset) == 0 {
		return 0, errors.New("empty RRset")
	}
	return asn, nil
}

// Sign makes the RRSIG over rrset with k. signer is the zone apex; the
// window runs from inception to expiration.
func Sign(rrset []dns.RR, k *Key, signer string, inception, expiration time.Time) (*dns.RRSIG, error) {
	if len(rrset) == 0 {
		return nil, errors.New("empty RRset")
	}
	h := rrset[0].Header()
	sig := &dns.RRSIG{
		Hdr:        dns.RR_Header{Name: h.Name, Rrtype: dns.TypeRRSIG, Class: h.Class, Ttl: h.Ttl},
		KeyTag:     k.DNSKEY.KeyTag(),
		SignerName: dns.CanonicalName(signer),
		Algorithm:  k.DNSKEY.Algorithm,
		Inception:  uint32(inception.Unix()),
		Expiration: uint32(expiration.Unix()),
	}
	if err := sig.Sign(k.Signer, rrset); err != nil {
		return nil, err
	}
	return sig, nil
}
