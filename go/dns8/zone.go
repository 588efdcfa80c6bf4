package dns8

import (
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/miekg/dns"
)

// Zone is the data of one authoritative zone. Only what a DNS8 server
// needs is supported: plain RRsets at names under the apex (A8, A, AAAA,
// TXT, NS, CNAME...), no wildcards, delegations or NSEC. A Zone is never
// changed after it is built; Sign returns a new one.
type Zone struct {
	Origin string // canonical, with the final dot
	SOA    *dns.SOA
	sets   map[string]map[uint16][]dns.RR
	sigs   map[string]map[uint16][]*dns.RRSIG // by owner and type covered
	exists map[string]bool                    // names with data and their ancestors up to the apex
}

// ParseZone reads a zone file (RFC 1035 master format with A8 records in
// either presentation form). origin is the zone apex; file names the input
// in errors. $INCLUDE is refused; records without a TTL (and no $TTL) get
// 3600 s.
func ParseZone(r io.Reader, origin, file string) (*Zone, error) {
	origin = dns.CanonicalName(origin)
	if _, ok := dns.IsDomainName(origin); !ok {
		return nil, fmt.Errorf("bad zone name %q", origin)
	}
	z := &Zone{Origin: origin, sets: map[string]map[uint16][]dns.RR{}}
	// Zone files are small; the text is kept to explain A8 errors.
	raw, err := io.ReadAll(io.LimitReader(r, maxZoneFile+1))
	if err != nil {
		return nil, err
	}
	if len(raw) > maxZoneFile {
		return nil, fmt.Errorf("%s: larger than %d octets", file, maxZoneFile)
	}
	text := string(raw)
	zp := dns.NewZoneParser(strings.NewReader(text), origin, file)
	// $INCLUDE would let a zone file read any file the server can.
	zp.SetIncludeAllowed(false)
	// Without $TTL or an explicit TTL a record lives an hour.
	zp.SetDefaultTTL(3600)
	for rr, ok := zp.Next(); ok; rr, ok = zp.Next() {
		h := rr.Header()
		h.Name = dns.CanonicalName(h.Name)
		if !dns.IsSubDomain(origin, h.Name) {
			return nil, fmt.Errorf("%s: %s is outside the zone %s", file, h.Name, origin)
		}
		if h.Class != dns.ClassINET {
			return nil, fmt.Errorf("%s: %s: class %s, only IN", file, h.Name, dns.Class(h.Class))
		}
		switch h.Rrtype {
		case dns.TypeRRSIG, dns.TypeDNSKEY, dns.TypeNSEC, dns.TypeNSEC3:
			return nil, fmt.Errorf("%s: %s: %s records are made by the server, not read from zone files",
				file, h.Name, dns.Type(h.Rrtype))
		case TypeA8:
			// Generic (RFC 3597) RDATA of the wrong length is read
			// without complaint by miekg/dns, which sets RDLENGTH
			// from it: check it here.
			if h.Rdlength != 0 && h.Rdlength != A8Len {
				return nil, fmt.Errorf("%s: %s: A8 RDATA of %d octets, want %d", file, h.Name, h.Rdlength, A8Len)
			}
		case dns.TypeSOA:
			if h.Name != origin || z.SOA != nil {
				return nil, fmt.Errorf("%s: one SOA, at the apex %s", file, origin)
			}
			z.SOA = rr.(*dns.SOA)
		}
		if err := z.add(rr); err != nil {
			return nil, fmt.Errorf("%s: %v", file, err)
		}
	}
	if err := zp.Err(); err != nil {
		return nil, explainA8(text, err)
	}
	if z.SOA == nil {
		return nil, fmt.Errorf("%s: no SOA at %s", file, origin)
	}
	z.index()
	return z, nil
}

// maxZoneFile bounds a zone file read into memory.
const maxZoneFile = 64 << 20

var lineRE = regexp.MustCompile(`at line: (\d+):`)

// explainA8 adds the reason to a zone parser error on an A8 line: miekg/dns
// drops the text of a private type's parse error.
func explainA8(text string, err error) error {
	m := lineRE.FindStringSubmatch(err.Error())
	if m == nil {
		return err
	}
	n, _ := strconv.Atoi(m[1])
	lines := strings.Split(text, "\n")
	if n < 1 || n > len(lines) {
		return err
	}
	f := strings.Fields(lines[n-1])
	for i, w := range f {
		if strings.EqualFold(w, "A8") {
			if perr := new(A8).Parse(f[i+1:]); perr != nil {
				return fmt.Errorf("%v: %w", err, perr)
			}
		}
	}
	return err
}

func (z *Zone) add(rr dns.RR) error {
	h := rr.Header()
	byType := z.sets[h.Name]
	if byType == nil {
		byType = map[uint16][]dns.RR{}
		z.sets[h.Name] = byType
	}
	for _, o := range byType[h.Rrtype] {
		if dns.IsDuplicate(o, rr) {
			return nil
		}
	}
	if cn := byType[dns.TypeCNAME]; (h.Rrtype == dns.TypeCNAME && len(byType) > 0 && len(cn) == 0) ||
		(h.Rrtype != dns.TypeCNAME && len(cn) > 0) {
		return fmt.Errorf("%s: CNAME and other data", h.Name)
	}
	// An RRset has one TTL (RFC 2181 5.2): the first one given wins.
	if set := byType[h.Rrtype]; len(set) > 0 {
		h.Ttl = set[0].Header().Ttl
	}
	byType[h.Rrtype] = append(byType[h.Rrtype], rr)
	return nil
}

func (z *Zone) index() {
	z.exists = map[string]bool{}
	for name := range z.sets {
		for n := name; ; {
			z.exists[n] = true
			if n == z.Origin {
				break
			}
			i, end := dns.NextLabel(n, 0)
			if end {
				break
			}
			n = n[i:]
		}
	}
}

// LoadZone reads a zone file from disk.
func LoadZone(path, origin string) (*Zone, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ParseZone(f, origin, path)
}

// RRset returns the records of a type at a name (nil if none).
func (z *Zone) RRset(name string, t uint16) []dns.RR {
	return z.sets[dns.CanonicalName(name)][t]
}

// Names returns the owner names with data, sorted.
func (z *Zone) Names() []string {
	out := make([]string, 0, len(z.sets))
	for n := range z.sets {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Signed returns a copy of z in which every A8 RRset is signed with the key
// of the ASN its addresses belong to, and the apex holds the DNSKEYs of the
// keys used (signed by each of them). RRsets of an ASN without a key, or
// that mix ASNs, stay unsigned; each such case is one warning.
func (z *Zone) Signed(keys map[uint32]*Key, inception, expiration time.Time) (*Zone, []string, error) {
	nz := &Zone{Origin: z.Origin, SOA: z.SOA, sets: make(map[string]map[uint16][]dns.RR, len(z.sets)),
		sigs: map[string]map[uint16][]*dns.RRSIG{}, exists: z.exists}
	for n, byType := range z.sets {
		nz.sets[n] = byType
	}
	var warn []string
	used := map[uint32]*Key{}
	for _, n := range z.Names() {
		set := z.sets[n][TypeA8]
		if len(set) == 0 {
			continue
		}
		asn, err := RRsetASN(set)
		if err != nil {
			warn = append(warn, fmt.Sprintf("%s A8: %v: served unsigned", n, err))
			continue
		}
		k := keys[asn]
		if k == nil {
			warn = append(warn, fmt.Sprintf("%s A8: no key for AS%d: served unsigned", n, asn))
			continue
		}
		sig, err := Sign(set, k, z.Origin, inception, expiration)
		if err != nil {
			return nil, nil, fmt.Errorf("signing %s A8: %w", n, err)
		}
		nz.addSig(n, sig)
		used[asn] = k
	}
	if len(used) > 0 {
		byType := map[uint16][]dns.RR{}
		for t, s := range z.sets[z.Origin] {
			byType[t] = s
		}
		var set []dns.RR
		asns := make([]uint32, 0, len(used))
		for a := range used {
			asns = append(asns, a)
		}
		sort.Slice(asns, func(i, j int) bool { return asns[i] < asns[j] })
		for _, a := range asns {
			k := *used[a].DNSKEY
			k.Hdr.Name = z.Origin
			k.Hdr.Ttl = z.SOA.Hdr.Ttl
			set = append(set, &k)
		}
		byType[dns.TypeDNSKEY] = set
		nz.sets[z.Origin] = byType
		for _, a := range asns {
			sig, err := Sign(set, used[a], z.Origin, inception, expiration)
			if err != nil {
				return nil, nil, fmt.Errorf("signing DNSKEY: %w", err)
			}
			nz.addSig(z.Origin, sig)
		}
	}
	return nz, warn, nil
}

func (z *Zone) addSig(name string, sig *dns.RRSIG) {
	if z.sigs[name] == nil {
		z.sigs[name] = map[uint16][]*dns.RRSIG{}
	}
	z.sigs[name][sig.TypeCovered] = append(z.sigs[name][sig.TypeCovered], sig)
}

// Sigs returns the RRSIGs covering a type at a name.
func (z *Zone) Sigs(name string, t uint16) []*dns.RRSIG {
	return z.sigs[dns.CanonicalName(name)][t]
}

// lookup answers a question inside the zone.
func (z *Zone) lookup(name string, qtype uint16, do bool) (ans, ns []dns.RR, rcode int) {
	byType := z.sets[name]
	var types []uint16
	switch {
	case qtype == dns.TypeANY:
		for t := range byType {
			types = append(types, t)
		}
		sort.Slice(types, func(i, j int) bool { return types[i] < types[j] })
	case len(byType[qtype]) > 0:
		types = []uint16{qtype}
	case len(byType[dns.TypeCNAME]) > 0:
		types = []uint16{dns.TypeCNAME}
	}
	for _, t := range types {
		ans = append(ans, byType[t]...)
		if do {
			for _, s := range z.sigs[name][t] {
				ans = append(ans, s)
			}
		}
	}
	if len(ans) > 0 {
		return ans, nil, dns.RcodeSuccess
	}
	// Negative answer: the SOA with the negative-caching TTL (RFC 2308 3).
	soa := dns.Copy(z.SOA).(*dns.SOA)
	soa.Hdr.Ttl = min(soa.Hdr.Ttl, soa.Minttl)
	if z.exists[name] {
		return nil, []dns.RR{soa}, dns.RcodeSuccess
	}
	return nil, []dns.RR{soa}, dns.RcodeNameError
}

// String renders the zone in master format (sorted), for debugging.
func (z *Zone) String() string {
	var b strings.Builder
	for _, n := range z.Names() {
		types := make([]int, 0)
		for t := range z.sets[n] {
			types = append(types, int(t))
		}
		sort.Ints(types)
		for _, t := range types {
			for _, rr := range z.sets[n][uint16(t)] {
				b.WriteString(rr.String())
				b.WriteByte('\n')
			}
			for _, s := range z.sigs[n][uint16(t)] {
				b.WriteString(s.String())
				b.WriteByte('\n')
			}
		}
	}
	return b.String()
}
