package whois8

import (
	"fmt"
	"strings"

	"github.com/ipv8/ipv8/go/in8"
)

// QueryKind tells the three query forms apart.
type QueryKind int

// Query forms of section 12.1.
const (
	QueryASN QueryKind = iota + 1
	QueryAddr
	QueryPrefix
)

// Query is a parsed query line.
type Query struct {
	Kind   QueryKind
	ASN    uint32     // the ASN whose record answers, for every kind
	Addr   in8.Addr   // QueryAddr
	Prefix in8.Prefix // QueryPrefix
}

// ParseQuery parses one query line without its line end. The default
// prefix and routing prefix 0 name no ASN's record: they parse, and the
// registry answers "no entries found" for ASN 0.
func ParseQuery(line string) (Query, error) {
	if len(line) > MaxQueryLen {
		return Query{}, fmt.Errorf("%w: longer than %d octets", ErrInvalidQuery, MaxQueryLen)
	}
	if asn, ok := parseASN(line); ok {
		return Query{Kind: QueryASN, ASN: asn}, nil
	}
	if strings.IndexByte(line, '/') >= 0 || line == "default" {
		p, err := in8.ParsePrefix(line)
		if err != nil {
			return Query{}, fmt.Errorf("%w: %v", ErrInvalidQuery, err)
		}
		return Query{Kind: QueryPrefix, ASN: p.Addr().ASN(), Prefix: p}, nil
	}
	a, err := in8.ParseAddr(line)
	if err != nil {
		return Query{}, fmt.Errorf("%w: %q is not AS<number>, an address or a prefix", ErrInvalidQuery, line)
	}
	return Query{Kind: QueryAddr, ASN: a.ASN(), Addr: a}, nil
}
