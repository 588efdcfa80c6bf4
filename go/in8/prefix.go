package in8

import (
	"strconv"
	"strings"
)

// PrefixLenMax is the longest prefix: prefix lengths count bits of the
// host part only, the ASN always matching exactly.
const PrefixLenMax = 32

// Prefix is an IPv8 prefix: an ASN matched exactly plus the first Bits
// bits of the host part, or the default route, which matches every ASN.
// The zero value is invalid. Prefix is comparable.
type Prefix struct {
	addr Addr
	// bits+1, so that the zero Prefix is invalid; 0 with def set is the
	// default route.
	bitsPlusOne uint8
	def         bool
}

// PrefixFrom returns the prefix of a with bits host-part bits (0..32),
// keeping a as given (see Masked). Out-of-range bits give an invalid Prefix.
func PrefixFrom(a Addr, bits int) Prefix {
	if bits < 0 || bits > PrefixLenMax {
		return Prefix{}
	}
	return Prefix{addr: a, bitsPlusOne: uint8(bits + 1)}
}

// DefaultPrefix returns the default route, which matches every ASN.
func DefaultPrefix() Prefix { return Prefix{def: true} }

// IsValid reports whether p is a prefix (the zero Prefix is not).
func (p Prefix) IsValid() bool { return p.bitsPlusOne != 0 || p.def }

// IsDefault reports whether p is the default route.
func (p Prefix) IsDefault() bool { return p.def }

// Addr returns the address of p as given, host bits beyond Bits included.
// For the default route it is the zero Addr.
func (p Prefix) Addr() Addr { return p.addr }

// Bits returns the host-part prefix length: 0..32, 0 for the default
// route, -1 for an invalid Prefix.
func (p Prefix) Bits() int {
	if p.def {
		return 0
	}
	return int(p.bitsPlusOne) - 1
}

// hostMask returns the mask of the host bits a prefix of the given length
// fixes.
func hostMask(bits int) uint32 {
	if bits <= 0 {
		return 0
	}
	return ^uint32(0) << (32 - bits)
}

// Masked returns p with the host bits beyond Bits cleared.
func (p Prefix) Masked() Prefix {
	if !p.IsValid() || p.def {
		return p
	}
	p.addr.host &= hostMask(p.Bits())
	return p
}

// Contains reports whether a is in p: the default route contains every
// address; otherwise the ASN must be equal and the first Bits host bits
// must match.
func (p Prefix) Contains(a Addr) bool {
	switch {
	case p.def:
		return true
	case !p.IsValid():
		return false
	}
	m := hostMask(p.Bits())
	return a.asn == p.addr.asn && a.host&m == p.addr.host&m
}

// String returns "ADDR/LEN" with ADDR in canonical text
// (65002.10.1.0.0/16), or "default".
func (p Prefix) String() string {
	switch {
	case p.def:
		return "default"
	case !p.IsValid():
		return "invalid Prefix"
	}
	return string(p.AppendTo(make([]byte, 0, 34)))
}

// AppendTo appends the text of p (see String) to b.
func (p Prefix) AppendTo(b []byte) []byte {
	switch {
	case p.def:
		return append(b, "default"...)
	case !p.IsValid():
		return append(b, "invalid Prefix"...)
	}
	b = p.addr.AppendTo(b)
	b = append(b, '/')
	return strconv.AppendInt(b, int64(p.Bits()), 10)
}

// AppendText implements encoding.TextAppender; an invalid Prefix gives
// empty text.
func (p Prefix) AppendText(b []byte) ([]byte, error) {
	if !p.IsValid() {
		return b, nil
	}
	return p.AppendTo(b), nil
}

// MarshalText implements encoding.TextMarshaler.
func (p Prefix) MarshalText() ([]byte, error) { return p.AppendText(nil) }

// UnmarshalText implements encoding.TextUnmarshaler; it accepts what
// ParsePrefix accepts, and empty text as the invalid zero Prefix.
func (p *Prefix) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*p = Prefix{}
		return nil
	}
	q, err := ParsePrefix(string(text))
	if err != nil {
		return err
	}
	*p = q
	return nil
}

// ParsePrefix parses "ADDR/LEN" (ADDR in any form ParseAddr accepts, LEN
// the host-part length 0..32) or the word "default". The address is kept as
// written, like netip.ParsePrefix; call Masked for the network itself.
// Errors are *ParseError with Kind "prefix".
func ParsePrefix(s string) (Prefix, error) {
	if s == "default" {
		return DefaultPrefix(), nil
	}
	i := strings.IndexByte(s, '/')
	if s == "" {
		return Prefix{}, &ParseError{Kind: kindPrefix, Input: s, Reason: "empty input"}
	}
	if i < 0 {
		return Prefix{}, &ParseError{Kind: kindPrefix, Input: s, Reason: `missing "/LEN"`}
	}
	return parsePrefix(s, s[:i], s[i+1:])
}

// ParseInterfacePrefix parses "ADDR[/LEN]" as given to `addr add`: LEN
// defaults to 32 and the host bits are kept, since they name the
// interface's own address. "default" is not an interface address.
func ParseInterfacePrefix(s string) (Prefix, error) {
	if s == "" {
		return Prefix{}, &ParseError{Kind: kindPrefix, Input: s, Reason: "empty input"}
	}
	i := strings.IndexByte(s, '/')
	if i < 0 {
		a, err := parseAddr(s)
		if err != nil {
			err.Kind, err.Input = kindPrefix, s
			return Prefix{}, err
		}
		return PrefixFrom(a, PrefixLenMax), nil
	}
	return parsePrefix(s, s[:i], s[i+1:])
}

// MustParsePrefix is ParsePrefix that panics on error.
func MustParsePrefix(s string) Prefix {
	p, err := ParsePrefix(s)
	if err != nil {
		panic(err)
	}
	return p
}

func parsePrefix(s, addr, length string) (Prefix, error) {
	a, err := parseAddr(addr)
	if err == nil {
		var n uint64
		n, err = parseNum(length, 0, "length", PrefixLenMax)
		if err == nil {
			return PrefixFrom(a, int(n)), nil
		}
	}
	err.Kind, err.Input = kindPrefix, s
	return Prefix{}, err
}
