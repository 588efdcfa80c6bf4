package main

import (
	"net"
	"strings"
	"testing"
	"time"

	"github.com/ipv8/ipv8/go/dns8"
	"github.com/miekg/dns"
)

func startBatch(t *testing.T) *net.UDPConn {
	t.Helper()
	z, err := dns8.ParseZone(strings.NewReader("$TTL 60\n@ SOA ns hm 1 2 3 4 5\nwww A8 65002.10.0.0.1\nwww A 10.0.0.1\n"), "example.net", "t")
	if err != nil {
		t.Fatal(err)
	}
	srv := dns8.NewServer(nil)
	if err := srv.Load([]*dns8.Zone{z}, time.Now()); err != nil {
		t.Fatal(err)
	}
	pc, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	go func() { done <- newBatchServer(pc, srv).serve() }()
	t.Cleanup(func() {
		pc.Close()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return pc
}

// Many queries in flight at once: every one is answered, each with its
// own ID and question.
func TestBatchServer(t *testing.T) {
	srv := startBatch(t)
	c, err := net.DialUDP("udp", nil, srv.LocalAddr().(*net.UDPAddr))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	const n = 200
	want := map[uint16]uint16{}
	for i := range n {
		q := new(dns.Msg)
		qt := dns8.TypeA8
		if i%2 == 1 {
			qt = dns.TypeA
		}
		q.SetQuestion("www.example.net.", qt)
		q.Id = uint16(i + 1)
		want[q.Id] = qt
		b, _ := q.Pack()
		if _, err := c.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	buf := make([]byte, 2048)
	for len(want) > 0 {
		k, err := c.Read(buf)
		if err != nil {
			t.Fatalf("%d answers missing: %v", len(want), err)
		}
		m := new(dns.Msg)
		if err := m.Unpack(buf[:k]); err != nil {
			t.Fatal(err)
		}
		qt, ok := want[m.Id]
		if !ok || m.Question[0].Qtype != qt || m.Rcode != dns.RcodeSuccess || len(m.Answer) != 1 || !m.Authoritative {
			t.Fatalf("bad answer %v", m)
		}
		delete(want, m.Id)
	}
}

func TestBatchAnswer(t *testing.T) {
	b := newBatchServer(nil, dns8.NewServer(nil))
	garbage := []byte{0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 7, 'x'}
	for _, tc := range []struct {
		name string
		in   []byte
		want []byte // nil: no reply
	}{
		{"short", []byte{1, 2, 3}, nil},
		{"a response", []byte{0x12, 0x34, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0}, nil},
		{"malformed: FORMERR", garbage, []byte{0x12, 0x34, 0x81, 0x01, 0, 0, 0, 0, 0, 0, 0, 0}},
	} {
		got := b.answer(tc.in, nil)
		if string(got) != string(tc.want) {
			t.Errorf("%s: % x, want % x", tc.name, got, tc.want)
		}
	}
	q := new(dns.Msg)
	q.SetQuestion("www.example.org.", dns.TypeA)
	wire, _ := q.Pack()
	m := new(dns.Msg)
	if err := m.Unpack(b.answer(wire, nil)); err != nil || m.Rcode != dns.RcodeRefused || m.Id != q.Id {
		t.Errorf("outside the zones: %v %v", m, err)
	}
}

// Whatever arrives, answer neither panics nor replies to a response.
func FuzzBatchAnswer(f *testing.F) {
	z, _ := dns8.ParseZone(strings.NewReader("$TTL 60\n@ SOA ns hm 1 2 3 4 5\nwww A8 65002.10.0.0.1\n"), "example.net", "t")
	srv := dns8.NewServer(nil)
	srv.Load([]*dns8.Zone{z}, time.Now())
	b := newBatchServer(nil, srv)
	q := new(dns.Msg)
	q.SetQuestion("www.example.net.", dns8.TypeA8)
	q.SetEdns0(4096, true)
	wire, _ := q.Pack()
	f.Add(wire)
	f.Add([]byte{0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 7, 'x'})
	f.Fuzz(func(t *testing.T, in []byte) {
		out := b.answer(in, nil)
		if out == nil {
			return
		}
		if len(in) < 12 || in[2]&0x80 != 0 {
			t.Fatal("a reply to a response or a short datagram")
		}
		if out[0] != in[0] || out[1] != in[1] || out[2]&0x80 == 0 {
			t.Fatalf("reply header % x for query header % x", out[:4], in[:4])
		}
		if len(out) > 1232 {
			t.Fatalf("reply of %d octets over UDP", len(out))
		}
	})
}
