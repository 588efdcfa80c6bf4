package dns8

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/miekg/dns"
)

// Signature timing of the server: RRSIGs start an hour in the past (for
// clocks behind ours) and are made afresh once a quarter of their 30-day
// life has passed.
const (
	SigInceptionSkew = time.Hour
	SigValidity      = 30 * 24 * time.Hour
	SigRefresh       = SigValidity / 4
)

// maxUDP is the largest UDP answer sent, whatever EDNS asks (the DNS flag
// day 2020 value, which avoids IP fragmentation).
const maxUDP = 1232

// Server is an authoritative DNS8 server: it implements dns.Handler, so it
// runs under dns.Server on any net.PacketConn or net.Listener.
type Server struct {
	mu    sync.Mutex // serialises Load and SetKeys
	keys  map[uint32]*Key
	zones atomic.Pointer[[]*Zone] // signed snapshots, longest apex first
	// Warn receives signing warnings (nil: dropped).
	Warn func(string)
}

// NewServer returns a server for keys (by ASN); call Load to give it zones.
func NewServer(keys map[uint32]*Key) *Server {
	s := &Server{keys: keys}
	s.zones.Store(&[]*Zone{})
	return s
}

// SetKeys replaces the signing keys used by the next Load.
func (s *Server) SetKeys(keys map[uint32]*Key) {
	s.mu.Lock()
	s.keys = keys
	s.mu.Unlock()
}

// Load signs zones at now and starts serving them in place of the previous
// set. Calling it again (with the same zones) re-signs them.
func (s *Server) Load(zones []*Zone, now time.Time) error {
	return s.LoadWindow(zones, now.Add(-SigInceptionSkew), now.Add(SigValidity))
}

// LoadWindow is Load with an explicit signature window (tests make expired
// and not-yet-valid signatures with it).
func (s *Server) LoadWindow(zones []*Zone, inception, expiration time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	signed := make([]*Zone, 0, len(zones))
	seen := map[string]bool{}
	for _, z := range zones {
		if seen[z.Origin] {
			return fmt.Errorf("zone %s given twice", z.Origin)
		}
		seen[z.Origin] = true
		sz, warn, err := z.Signed(s.keys, inception, expiration)
		if err != nil {
			return err
		}
		for _, w := range warn {
			if s.Warn != nil {
				s.Warn(w)
			}
		}
		signed = append(signed, sz)
	}
	// Longest apex first, so the first suffix match is the closest zone.
	for i := 1; i < len(signed); i++ {
		for j := i; j > 0 && dns.CountLabel(signed[j].Origin) > dns.CountLabel(signed[j-1].Origin); j-- {
			signed[j], signed[j-1] = signed[j-1], signed[j]
		}
	}
	s.zones.Store(&signed)
	return nil
}

func (s *Server) zoneFor(name string) *Zone {
	for _, z := range *s.zones.Load() {
		if dns.IsSubDomain(z.Origin, name) {
			return z
		}
	}
	return nil
}

// ServeDNS answers one query.
func (s *Server) ServeDNS(w dns.ResponseWriter, r *dns.Msg) {
	m := s.Answer(r, isStream(w))
	if m != nil {
		w.WriteMsg(m)
	}
}

func isStream(w dns.ResponseWriter) bool {
	return strings.HasPrefix(w.RemoteAddr().Network(), "tcp")
}

// Answer builds the reply to r; stream is true over TCP (no size limit).
func (s *Server) Answer(r *dns.Msg, stream bool) *dns.Msg {
	m := new(dns.Msg)
	if len(r.Question) != 1 {
		return m.SetRcode(r, dns.RcodeFormatError)
	}
	if r.Opcode != dns.OpcodeQuery {
		return m.SetRcode(r, dns.RcodeNotImplemented)
	}
	m.SetReply(r)
	opt := r.IsEdns0()
	size := dns.MinMsgSize
	do := false
	if opt != nil {
		if opt.Version() != 0 {
			m.SetRcode(r, dns.RcodeBadVers)
			m.SetEdns0(maxUDP, false)
			return m
		}
		size = min(max(int(opt.UDPSize()), dns.MinMsgSize), maxUDP)
		do = opt.Do()
	}
	q := r.Question[0]
	name := dns.CanonicalName(q.Name)
	z := s.zoneFor(name)
	if z == nil || q.Qclass != dns.ClassINET {
		m.SetRcode(r, dns.RcodeRefused)
	} else {
		m.Authoritative = true
		var rcode int
		m.Answer, m.Ns, rcode = z.lookup(name, q.Qtype, do)
		m.Rcode = rcode
	}
	if opt != nil {
		m.SetEdns0(maxUDP, do)
	}
	if stream {
		size = dns.MaxMsgSize
	}
	// Truncate sets TC when RRsets had to go, so the client retries on TCP.
	m.Truncate(size)
	return m
}
