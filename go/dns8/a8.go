// Package dns8 is DNS8 of docs/protocol.md section 11: the A8 record
// (private-use type 65280) in github.com/miekg/dns, zone files, signing A8
// RRsets with the key of the ASN that owns the addresses, validating them
// against keys published in WHOIS8, parity selection, a query client and an
// authoritative server.
package dns8

import (
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/ipv8/ipv8/go/in8"
	"github.com/miekg/dns"
)

// TypeA8 is the A8 RR type (section 11.1).
const TypeA8 uint16 = 65280

// A8Len is the only valid RDLENGTH of an A8 record.
const A8Len = 8

// A8 is the RDATA of an A8 record; it implements dns.PrivateRdata.
type A8 struct {
	Addr in8.Addr
}

// miekg/dns keeps private types in package-level maps; registering once at
// init, before any goroutine can parse, keeps those maps race-free.
func init() {
	dns.PrivateHandle("A8", TypeA8, func() dns.PrivateRdata { return new(A8) })
}

// String is the canonical text of section 1.5.
func (r *A8) String() string { return r.Addr.String() }

// Parse reads the presentation form: one address in any input form.
func (r *A8) Parse(txt []string) error {
	if len(txt) != 1 {
		return fmt.Errorf("A8 wants one address, got %d fields", len(txt))
	}
	a, err := in8.ParseAddr(txt[0])
	if err != nil {
		return err
	}
	r.Addr = a
	return nil
}

// Pack writes the 8-octet in8_addr.
func (r *A8) Pack(b []byte) (int, error) {
	if len(b) < A8Len {
		return 0, dns.ErrBuf
	}
	a := r.Addr.As8()
	return copy(b, a[:]), nil
}

// Unpack reads the in8_addr. b runs to the end of the message, not of the
// RDATA; miekg/dns rejects the record when fewer or more than RDLENGTH
// octets are used, so an RDLENGTH other than 8 fails there.
func (r *A8) Unpack(b []byte) (int, error) {
	if len(b) < A8Len {
		return 0, errA8Short
	}
	r.Addr = in8.AddrFrom8([8]byte(b[:A8Len]))
	return A8Len, nil
}

var errA8Short = errors.New("A8 RDATA shorter than 8 octets")

// Copy copies r into dest, which must be an *A8.
func (r *A8) Copy(dest dns.PrivateRdata) error {
	d, ok := dest.(*A8)
	if !ok {
		return dns.ErrRdata
	}
	*d = *r
	return nil
}

// Len is the RDATA length.
func (r *A8) Len() int { return A8Len }

// NewA8 returns an A8 record.
func NewA8(name string, ttl uint32, a in8.Addr) *dns.PrivateRR {
	rr, _ := dns.TypeToRR[TypeA8]().(*dns.PrivateRR)
	rr.Hdr = dns.RR_Header{Name: dns.Fqdn(name), Rrtype: TypeA8, Class: dns.ClassINET, Ttl: ttl}
	rr.Data.(*A8).Addr = a
	return rr
}

// A8Addr returns the address of an A8 record.
func A8Addr(rr dns.RR) (in8.Addr, bool) {
	p, ok := rr.(*dns.PrivateRR)
	if !ok || p.Hdr.Rrtype != TypeA8 {
		return in8.Addr{}, false
	}
	d, ok := p.Data.(*A8)
	if !ok {
		return in8.Addr{}, false
	}
	return d.Addr, true
}

// GenericRdata is the RFC 3597 presentation of an A8 RDATA, as tools
// without A8 support (dig) print it: `\# 8 0000fffdc0000201`.
func GenericRdata(a in8.Addr) string {
	b := a.As8()
	return `\# 8 ` + hex.EncodeToString(b[:])
}
