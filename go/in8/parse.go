package in8

import (
	"strconv"
	"strings"
)

// ParseError describes text that is not a valid address or prefix. Its
// Error method names the offending part, e.g.
//
//	invalid address "65001.300.0.0.1": octet "300" is above 255
type ParseError struct {
	Kind   string // "address" or "prefix"
	Input  string // the whole text given to the parser
	Part   string // the offending piece ("300"), or "" when the fault is not in one piece
	Reason string // what is wrong, already naming Part: `octet "300" is above 255`

	outOfRange bool // a well-formed number too big: reported after syntax faults
}

func (e *ParseError) Error() string {
	return "invalid " + e.Kind + " " + strconv.Quote(e.Input) + ": " + e.Reason
}

const (
	kindAddr   = "address"
	kindPrefix = "prefix"
)

// ParseAddr parses an address in one of three forms: 8-octet dotted
// (0.0.253.233.10.0.0.1), ASN-dot (65001.10.0.0.1) or a plain IPv4 dotted
// quad (10.0.0.1, routing prefix 0). Every number is plain ASCII decimal
// without sign or leading zero; octets are at most 255 and the ASN at most
// 4294967295. Errors are *ParseError.
func ParseAddr(s string) (Addr, error) {
	if s == "" {
		return Addr{}, &ParseError{Kind: kindAddr, Input: s, Reason: "empty input"}
	}
	a, err := parseAddr(s)
	if err != nil {
		err.Kind, err.Input = kindAddr, s
		return Addr{}, err
	}
	return a, nil
}

// MustParseAddr is ParseAddr that panics on error, for constants in tests
// and tables.
func MustParseAddr(s string) Addr {
	a, err := ParseAddr(s)
	if err != nil {
		panic(err)
	}
	return a
}

// parseAddr returns an error with only Part and Reason set; the caller
// fills in Kind and Input, which differ between address and prefix text.
func parseAddr(s string) (Addr, *ParseError) {
	if s == "" {
		return Addr{}, &ParseError{Reason: "address is empty"}
	}
	n := strings.Count(s, ".") + 1
	if n != 4 && n != 5 && n != 8 {
		return Addr{}, &ParseError{Reason: "want 4 (IPv4), 5 (ASN-dot) or 8 parts, got " + strconv.Itoa(n)}
	}
	// Syntax faults (empty part, non-digit, leading zero) anywhere win over
	// a value out of range, so "65001.10.0.01" blames "01", the typo,
	// rather than the ASN that would have been fine in ASN-dot form.
	var v [8]uint32
	var rangeErr *ParseError
	for i := range n {
		part := s
		if j := strings.IndexByte(s, '.'); j >= 0 {
			part, s = s[:j], s[j+1:]
		}
		what, limit := "octet", uint64(255)
		if n == 5 && i == 0 {
			what, limit = "ASN", 1<<32-1
		}
		x, err := parseNum(part, i+1, what, limit)
		switch {
		case err == nil:
			v[i] = uint32(x)
		case !err.outOfRange:
			return Addr{}, err
		case rangeErr == nil:
			rangeErr = err
		}
	}
	if rangeErr != nil {
		return Addr{}, rangeErr
	}
	quad := func(o []uint32) uint32 { return o[0]<<24 | o[1]<<16 | o[2]<<8 | o[3] }
	switch n {
	case 4:
		return Addr{host: quad(v[:4])}, nil
	case 5:
		return Addr{asn: v[0], host: quad(v[1:5])}, nil
	}
	return Addr{asn: quad(v[:4]), host: quad(v[4:8])}, nil
}

// parseNum parses one decimal number; pos (1-based) and what ("octet",
// "ASN", "length") only serve the error text.
func parseNum(s string, pos int, what string, limit uint64) (uint64, *ParseError) {
	if s == "" {
		if what == "length" {
			return 0, &ParseError{Reason: "length is empty"}
		}
		return 0, &ParseError{Reason: "part " + strconv.Itoa(pos) + " is empty"}
	}
	// Built only on failure: the success path must not allocate.
	q := func() string { return what + " " + strconv.Quote(s) }
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, &ParseError{Part: s, Reason: q() + " is not a decimal number"}
		}
	}
	if len(s) > 1 && s[0] == '0' {
		return 0, &ParseError{Part: s, Reason: q() + " has a leading zero"}
	}
	var x uint64
	// More than 10 digits is always above limit (at most 2^32-1); stopping
	// there keeps x from overflowing.
	if len(s) <= 10 {
		for i := 0; i < len(s); i++ {
			x = x*10 + uint64(s[i]-'0')
		}
	}
	if len(s) > 10 || x > limit {
		return 0, &ParseError{Part: s, Reason: q() + " is above " + strconv.FormatUint(limit, 10), outOfRange: true}
	}
	return x, nil
}
