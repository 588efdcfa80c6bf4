package main

import (
	"encoding/binary"
	"errors"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/ipv8/ipv8/go/in8"
)

var t0 = time.Date(2026, 11, 22, 6, 0, 0, 0, time.UTC)

type fakeClock struct{ t time.Time }

func (c *fakeClock) Now() time.Time { return c.t }

type arrival struct {
	at  time.Time // when the read returns it
	pkt []byte
	rx  time.Time // the kernel's receive time, zero for none
}

// fakeNet is a conn on a simulated network: what WriteTo sends goes to
// respond, which schedules packets to arrive later; reads move the
// fake clock forward to the next arrival or to the read deadline.
type fakeNet struct {
	clk      *fakeClock
	deadline time.Time
	queue    []arrival
	sent     [][]byte
	// respond is called for every request, with its sequence number
	// (1-based) and the send time; it returns arrivals or a send error.
	respond func(seq int, req []byte, now time.Time) ([]arrival, error)
	// interruptAt simulates SIGINT at that time; interrupt is the hook.
	interruptAt time.Time
	interrupt   func()
	closed      bool
}

func (f *fakeNet) WriteTo(b []byte, dst in8.Addr) (int, error) {
	f.sent = append(f.sent, append([]byte(nil), b...))
	if f.respond == nil {
		return len(b), nil
	}
	arr, err := f.respond(len(f.sent), b, f.clk.t)
	if err != nil {
		return 0, os.NewSyscallError("sendto", err)
	}
	f.queue = append(f.queue, arr...)
	sort.SliceStable(f.queue, func(i, j int) bool { return f.queue[i].at.Before(f.queue[j].at) })
	return len(b), nil
}

var errBlockedForever = errors.New("fake: read would block forever")

func (f *fakeNet) ReadFromWithTime(b []byte) (int, in8.Addr, time.Time, error) {
	for {
		now := f.clk.t
		if !f.deadline.IsZero() && !f.deadline.After(now) {
			return 0, in8.Addr{}, time.Time{}, os.ErrDeadlineExceeded
		}
		type ev struct {
			at   time.Time
			kind int
		}
		var evs []ev
		if len(f.queue) > 0 {
			evs = append(evs, ev{f.queue[0].at, 0})
		}
		if !f.interruptAt.IsZero() {
			evs = append(evs, ev{f.interruptAt, 1})
		}
		if !f.deadline.IsZero() {
			evs = append(evs, ev{f.deadline, 2})
		}
		if len(evs) == 0 {
			return 0, in8.Addr{}, time.Time{}, errBlockedForever
		}
		sort.SliceStable(evs, func(i, j int) bool { return evs[i].at.Before(evs[j].at) })
		e := evs[0]
		if e.at.After(now) {
			f.clk.t = e.at
		}
		switch e.kind {
		case 0:
			a := f.queue[0]
			f.queue = f.queue[1:]
			n := copy(b, a.pkt)
			return n, in8.Addr{}, a.rx, nil
		case 1:
			f.interruptAt = time.Time{}
			f.interrupt()
		case 2:
			return 0, in8.Addr{}, time.Time{}, os.ErrDeadlineExceeded
		}
	}
}

func (f *fakeNet) SetReadDeadline(t time.Time) error { f.deadline = t; return nil }
func (f *fakeNet) Close() error                      { f.closed = true; return nil }

// pkt8 builds an IPv8 packet as a raw socket returns it.
func pkt8(src, dst string, ttl byte, payload []byte) []byte {
	b := make([]byte, 28, 28+len(payload))
	b[0] = 8<<4 | 7
	binary.BigEndian.PutUint16(b[2:], uint16(28+len(payload)))
	b[6] = 0x40
	b[8], b[9] = ttl, 1
	s, d := in8.MustParseAddr(src).As8(), in8.MustParseAddr(dst).As8()
	copy(b[12:], s[:])
	copy(b[20:], d[:])
	return append(b, payload...)
}

// pkt4 builds an IPv4 packet as an AF_INET raw socket returns it.
func pkt4(src, dst string, ttl byte, payload []byte) []byte {
	b := make([]byte, 20, 20+len(payload))
	b[0] = 4<<4 | 5
	binary.BigEndian.PutUint16(b[2:], uint16(20+len(payload)))
	b[8], b[9] = ttl, 1
	binary.BigEndian.PutUint32(b[12:], in8.MustParseAddr(src).Host())
	binary.BigEndian.PutUint32(b[16:], in8.MustParseAddr(dst).Host())
	return append(b, payload...)
}

func setChecksum(icmp []byte) []byte {
	icmp[2], icmp[3] = 0, 0
	binary.BigEndian.PutUint16(icmp[2:], checksum(icmp))
	return icmp
}

// echoReply turns a request into its reply.
func echoReply(req []byte) []byte {
	r := append([]byte(nil), req...)
	r[0] = icmpEchoReply
	return setChecksum(r)
}

// icmpError builds an ICMP error quoting the header and 8 octets of
// quoted (a whole packet).
func icmpError(typ, code byte, quoted []byte) []byte {
	e := []byte{typ, code, 0, 0, 0, 0, 0, 0}
	e = append(e, quoted[:min(len(quoted), 28+8)]...)
	return setChecksum(e)
}

const (
	me     = "65001.192.0.2.1"
	target = "65002.198.51.100.2"
	router = "65001.192.0.2.254"
	testID = 0x4242
)

// replier answers every request after rtt, with TTL 62.
func replier(rtt time.Duration) func(int, []byte, time.Time) ([]arrival, error) {
	return func(_ int, req []byte, now time.Time) ([]arrival, error) {
		return []arrival{{at: now.Add(rtt), pkt: pkt8(target, me, 62, echoReply(req))}}, nil
	}
}

type result struct {
	stdout, stderr string
	status         int
	net            *fakeNet
}

// runPing runs ping8 with args on a fakeNet. fam4 is used for a routing
// prefix 0 destination, as openSocket does.
func runPing(t *testing.T, args []string, f *fakeNet) result {
	t.Helper()
	var out, errb strings.Builder
	if f == nil {
		f = &fakeNet{}
	}
	clk := &fakeClock{t: t0}
	f.clk = clk
	e := env{
		stdout: &out,
		stderr: &errb,
		open: func(cfg config, dst in8.Addr) (*session, error) {
			if dst.IsIPv4Compatible() {
				return &session{c: f, fam: fam4, id: -1}, nil
			}
			s := &session{c: f, fam: fam8, id: -1}
			if cfg.iface != "" {
				if a, err := in8.ParseAddr(cfg.iface); err == nil {
					s.from = a.String() + " "
				} else {
					s.from = cfg.iface
				}
			}
			return s, nil
		},
		clk: clk,
		id:  func() uint16 { return testID },
		notify: func(interrupt func()) func() {
			f.interrupt = interrupt
			return func() {}
		},
	}
	st := ping8(args, e)
	return result{out.String(), errb.String(), st, f}
}
