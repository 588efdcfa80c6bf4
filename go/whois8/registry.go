package whois8

import (
	"fmt"
	"os"
	"sort"
)

// Registry is a set of records keyed by ASN; it is read-only once built.
type Registry struct {
	byASN map[uint32]*Record
}

// ParseRegistry reads a registry file's text (see the package comment).
func ParseRegistry(text []byte) (*Registry, error) {
	recs, err := parseObjects(string(text), true)
	if err != nil {
		return nil, err
	}
	reg := &Registry{byASN: make(map[uint32]*Record, len(recs))}
	for _, r := range recs {
		if reg.byASN[r.ASN] != nil {
			return nil, fmt.Errorf("AS%d appears twice", r.ASN)
		}
		reg.byASN[r.ASN] = r
	}
	return reg, nil
}

// LoadRegistry reads a registry file.
func LoadRegistry(path string) (*Registry, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	reg, err := ParseRegistry(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return reg, nil
}

// NewRegistry builds a registry from records (tests, tools).
func NewRegistry(recs ...*Record) *Registry {
	reg := &Registry{byASN: map[uint32]*Record{}}
	for _, r := range recs {
		reg.byASN[r.ASN] = r
	}
	return reg
}

// Lookup answers a query: the record of the query's ASN, or ErrNotFound.
func (reg *Registry) Lookup(q Query) (*Record, error) {
	if r := reg.byASN[q.ASN]; r != nil && q.ASN != 0 {
		return r, nil
	}
	return nil, ErrNotFound
}

// Records returns every record in ASN order.
func (reg *Registry) Records() []*Record {
	out := make([]*Record, 0, len(reg.byASN))
	for _, r := range reg.byASN {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ASN < out[j].ASN })
	return out
}

// Answer is the bytes the server sends for one query line.
func (reg *Registry) Answer(line string) []byte {
	q, err := ParseQuery(line)
	if err != nil {
		return []byte("%ERROR:102: invalid query\r\n")
	}
	r, err := reg.Lookup(q)
	if err != nil {
		return []byte("%ERROR:101: no entries found\r\n")
	}
	return r.Format()
}
