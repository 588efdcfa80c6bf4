// Package whois8 is the WHOIS8 registry protocol of docs/protocol.md
// section 12: RFC 3912 over TCP port 43, one query line (AS65001, an
// address or a prefix), answered with RPSL-like "key: value" objects.
//
// The registry file read by LoadRegistry uses the very same object format
// as the answers, so a record reads the same in the file and on the wire:
//
//	% comment lines start with "%" (or "#")
//	aut-num:        AS65002
//	as-name:        EXAMPLE-NET
//	status:         active
//	route8:         65002.10.0.0.0/16
//	dnskey:         257 3 13 <base64>
//	8to4-endpoint:  192.0.2.1
//	changed:        2026-11-01T00:00:00Z
//	source:         IPV8-LAB
//
// Objects are separated by one or more empty lines. The file is strict
// (unknown keys and bad values are errors, with their line number) so that
// a typo does not silently drop a key; the client parser ignores unknown
// keys so that the registry can grow.
package whois8

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/ipv8/ipv8/go/in8"
)

// Port is the WHOIS8 TCP port.
const Port = 43

// MaxQueryLen is the longest query line the server accepts, CRLF excluded.
const MaxQueryLen = 255

// keyColumn is the column where the server starts values (section 12.2).
const keyColumn = 16

// Record is one aut-num object.
type Record struct {
	ASN     uint32
	ASName  string
	Active  bool
	Routes  []in8.Prefix
	DNSKeys []string // DNSKEY RDATA presentation: "257 3 13 base64"
	Tunnel  []netip.Addr
	Changed time.Time
	Source  string
}

// Errors of the query and answer parsers. The server's error lines map to
// ErrNotFound (101) and ErrInvalidQuery (102).
var (
	ErrNotFound     = errors.New("no entries found")
	ErrInvalidQuery = errors.New("invalid query")
	ErrMalformed    = errors.New("malformed WHOIS8 answer")
	ErrUnreachable  = errors.New("WHOIS8 server unreachable")
)

// Format writes r as the server sends it: keys padded to 16 columns, CRLF
// line ends, and the empty line that ends the object.
func (r *Record) Format() []byte {
	var b bytes.Buffer
	line := func(k, v string) {
		b.WriteString(k)
		b.WriteByte(':')
		for n := len(k) + 1; n < keyColumn; n++ {
			b.WriteByte(' ')
		}
		b.WriteString(v)
		b.WriteString("\r\n")
	}
	line("aut-num", "AS"+strconv.FormatUint(uint64(r.ASN), 10))
	line("as-name", r.ASName)
	if r.Active {
		line("status", "active")
	} else {
		line("status", "inactive")
	}
	for _, p := range r.Routes {
		line("route8", p.String())
	}
	for _, k := range r.DNSKeys {
		line("dnskey", k)
	}
	for _, a := range r.Tunnel {
		line("8to4-endpoint", a.String())
	}
	line("changed", r.Changed.UTC().Format(time.RFC3339))
	line("source", r.Source)
	b.WriteString("\r\n")
	return b.Bytes()
}

// FieldError is a bad line in a registry file or an answer.
type FieldError struct {
	Line   int // 1-based
	Reason string
}

func (e *FieldError) Error() string { return "line " + strconv.Itoa(e.Line) + ": " + e.Reason }

// parseObjects splits text into records. strict rejects unknown keys and
// missing mandatory keys (the registry file); otherwise unknown keys are
// skipped (a client reading an answer).
func parseObjects(text string, strict bool) ([]*Record, error) {
	var (
		recs []*Record
		cur  *Record
		seen map[string]bool
		n    int
	)
	finish := func() error {
		if cur == nil {
			return nil
		}
		for _, k := range []string{"as-name", "status", "changed", "source"} {
			if strict && !seen[k] {
				return &FieldError{Line: n, Reason: fmt.Sprintf("object AS%d has no %q", cur.ASN, k)}
			}
		}
		recs = append(recs, cur)
		cur, seen = nil, nil
		return nil
	}
	for raw := range strings.SplitSeq(text, "\n") {
		n++
		line := strings.TrimSuffix(raw, "\r")
		if line == "" {
			if err := finish(); err != nil {
				return nil, err
			}
			continue
		}
		if line[0] == '%' || (strict && line[0] == '#') {
			continue
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok || k == "" {
			return nil, &FieldError{Line: n, Reason: "not a \"key: value\" line"}
		}
		v = strings.Trim(v, " \t")
		if cur == nil {
			if k != "aut-num" {
				return nil, &FieldError{Line: n, Reason: fmt.Sprintf("object starts with %q, not \"aut-num\"", k)}
			}
			cur, seen = &Record{}, map[string]bool{}
		}
		single := k == "aut-num" || k == "as-name" || k == "status" || k == "changed" || k == "source"
		if single && seen[k] {
			return nil, &FieldError{Line: n, Reason: fmt.Sprintf("%q given twice", k)}
		}
		seen[k] = true
		if err := cur.set(k, v); err != nil {
			if errors.Is(err, errUnknownKey) && !strict {
				continue
			}
			return nil, &FieldError{Line: n, Reason: err.Error()}
		}
	}
	if err := finish(); err != nil {
		return nil, err
	}
	return recs, nil
}

var errUnknownKey = errors.New("unknown key")

func (r *Record) set(k, v string) error {
	switch k {
	case "aut-num":
		asn, ok := parseASN(v)
		if !ok {
			return fmt.Errorf("aut-num %q is not AS and a number", v)
		}
		r.ASN = asn
	case "as-name":
		if v == "" || strings.Trim(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-") != "" {
			return fmt.Errorf("as-name %q: only letters, digits and \"-\"", v)
		}
		r.ASName = v
	case "status":
		switch v {
		case "active":
			r.Active = true
		case "inactive":
			r.Active = false
		default:
			return fmt.Errorf("status %q is neither active nor inactive", v)
		}
	case "route8":
		p, err := in8.ParsePrefix(v)
		if err != nil {
			return err
		}
		if p.IsDefault() {
			return errors.New("route8 may not be default")
		}
		r.Routes = append(r.Routes, p.Masked())
	case "dnskey":
		if err := checkDNSKEY(v); err != nil {
			return err
		}
		r.DNSKeys = append(r.DNSKeys, v)
	case "8to4-endpoint":
		a, err := netip.ParseAddr(v)
		if err != nil || !a.Is4() {
			return fmt.Errorf("8to4-endpoint %q is not an IPv4 address", v)
		}
		r.Tunnel = append(r.Tunnel, a)
	case "changed":
		t, err := time.Parse(time.RFC3339, v)
		if err != nil || !strings.HasSuffix(v, "Z") {
			return fmt.Errorf("changed %q is not RFC 3339 UTC", v)
		}
		r.Changed = t
	case "source":
		if v == "" {
			return errors.New("empty source")
		}
		r.Source = v
	default:
		return fmt.Errorf("%w %q", errUnknownKey, k)
	}
	return nil
}

// checkDNSKEY checks the shape of DNSKEY RDATA text: flags, protocol 3,
// algorithm, base64 public key. The key itself is judged by the validator.
func checkDNSKEY(v string) error {
	f := strings.Fields(v)
	if len(f) < 4 {
		return fmt.Errorf("dnskey %q: want flags, protocol, algorithm, key", v)
	}
	if n, err := strconv.ParseUint(f[0], 10, 16); err != nil || strconv.FormatUint(n, 10) != f[0] {
		return fmt.Errorf("dnskey flags %q", f[0])
	}
	if f[1] != "3" {
		return fmt.Errorf("dnskey protocol %q is not 3", f[1])
	}
	if n, err := strconv.ParseUint(f[2], 10, 8); err != nil || strconv.FormatUint(n, 10) != f[2] {
		return fmt.Errorf("dnskey algorithm %q", f[2])
	}
	if _, err := base64.StdEncoding.DecodeString(strings.Join(f[3:], "")); err != nil {
		return fmt.Errorf("dnskey key is not base64")
	}
	return nil
}

// parseASN reads "AS65001" (AS in any case).
func parseASN(s string) (uint32, bool) {
	if len(s) < 3 || !strings.EqualFold(s[:2], "AS") {
		return 0, false
	}
	d := s[2:]
	if len(d) > 1 && d[0] == '0' {
		return 0, false
	}
	for i := 0; i < len(d); i++ {
		if d[i] < '0' || d[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseUint(d, 10, 32)
	return uint32(n), err == nil
}

// ParseAnswer reads a server's answer: records, or the error of an error
// line (ErrNotFound, ErrInvalidQuery, or ErrMalformed for other codes and
// for text that is not an answer).
func ParseAnswer(b []byte) ([]*Record, error) {
	text := string(b)
	if strings.HasPrefix(text, "%ERROR:") {
		line, _, _ := strings.Cut(text, "\n")
		line = strings.TrimSuffix(line, "\r")
		code, msg, ok := strings.Cut(line[len("%ERROR:"):], ":")
		switch {
		case !ok:
			return nil, fmt.Errorf("%w: error line %q", ErrMalformed, line)
		case code == "101":
			return nil, ErrNotFound
		case code == "102":
			return nil, ErrInvalidQuery
		}
		return nil, fmt.Errorf("%w: server error %s:%s", ErrMalformed, code, msg)
	}
	recs, err := parseObjects(text, false)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	for _, r := range recs {
		if r.ASName == "" || r.Source == "" || r.Changed.IsZero() {
			return nil, fmt.Errorf("%w: object AS%d lacks a mandatory key", ErrMalformed, r.ASN)
		}
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("%w: empty answer", ErrMalformed)
	}
	return recs, nil
}
