package dns8

import "github.com/ipv8/ipv8/go/in8"

// Order sorts A8 candidates for a client whose source address is local
// (section 11.2): same host-part parity first, then the rest, each group in
// the order received. With hasLocal false the order is kept.
func Order(cands []in8.Addr, local in8.Addr, hasLocal bool) []in8.Addr {
	out := make([]in8.Addr, 0, len(cands))
	if !hasLocal {
		return append(out, cands...)
	}
	p := local.Host() & 1
	for _, a := range cands {
		if a.Host()&1 == p {
			out = append(out, a)
		}
	}
	for _, a := range cands {
		if a.Host()&1 != p {
			out = append(out, a)
		}
	}
	return out
}
