package main

import (
	"bytes"
	"testing"
	"time"

	"github.com/ipv8/ipv8/go/in8"
)

func TestErrorText(t *testing.T) {
	tests := []struct {
		typ, code byte
		rest      [4]byte
		want      string
	}{
		{3, 0, [4]byte{}, "Destination Net Unreachable"},
		{3, 1, [4]byte{}, "Destination Host Unreachable"},
		{3, 3, [4]byte{}, "Destination Port Unreachable"},
		{3, 4, [4]byte{0, 0, 0x05, 0xdc}, "Frag needed and DF set (mtu = 1500)"},
		{3, 13, [4]byte{}, "Packet filtered"},
		{3, 16, [4]byte{}, "Destination ASN Unreachable"},
		{3, 17, [4]byte{}, "No IPv8 Path"},
		{3, 18, [4]byte{}, "Dest Unreachable, Bad Code: 18"},
		{3, 200, [4]byte{}, "Dest Unreachable, Bad Code: 200"},
		{4, 0, [4]byte{}, "Source Quench"},
		{5, 1, [4]byte{}, "Redirect Host"},
		{5, 9, [4]byte{}, "Redirect, Bad Code: 9"},
		{11, 0, [4]byte{}, "Time to live exceeded"},
		{11, 1, [4]byte{}, "Frag reassembly time exceeded"},
		{11, 2, [4]byte{}, "Time exceeded, Bad Code: 2"},
		{12, 0, [4]byte{20}, "Parameter problem: pointer = 20"},
	}
	for _, tt := range tests {
		if got := errorText(message{typ: tt.typ, code: tt.code, rest: tt.rest}); got != tt.want {
			t.Errorf("errorText(%d/%d) = %q, want %q", tt.typ, tt.code, got, tt.want)
		}
	}
}

func TestFmtTrip(t *testing.T) {
	for _, tt := range []struct {
		us   int64
		want string
	}{
		{0, "0.000 ms"}, {45, "0.045 ms"}, {512, "0.512 ms"}, {999, "0.999 ms"},
		{1000, "1.00 ms"}, {1234, "1.23 ms"}, {1235, "1.24 ms"}, {9994, "9.99 ms"},
		{9995, "10.0 ms"}, {12345, "12.3 ms"}, {99949, "99.9 ms"}, {99950, "100 ms"},
		{123456, "123 ms"}, {1500000, "1500 ms"},
	} {
		if got := fmtTrip(tt.us); got != tt.want {
			t.Errorf("fmtTrip(%d) = %q, want %q", tt.us, got, tt.want)
		}
	}
}

func TestLossPercent(t *testing.T) {
	for _, tt := range []struct {
		sent, rcvd int64
		want       string
	}{
		{3, 3, "0"}, {1, 0, "100"}, {3, 2, "33.3333"}, {3, 1, "66.6667"}, {7, 1, "85.7143"},
		{20, 19, "5"}, {1000000, 1, "99.9999"}, {3000000, 1, "100"},
	} {
		if got := lossPercent(tt.sent, tt.rcvd); got != tt.want {
			t.Errorf("lossPercent(%d, %d) = %q, want %q", tt.sent, tt.rcvd, got, tt.want)
		}
	}
}

func TestRTTStats(t *testing.T) {
	tests := []struct {
		samples             []int64
		min, avg, max, mdev int64
	}{
		{[]int64{512}, 512, 512, 512, 0},
		{[]int64{1000, 2000, 3000, 14000}, 1000, 5000, 14000, 5244},
		{[]int64{36, 45, 50}, 36, 43, 50, 5},
		// A large sum takes the other branch, as in iputils.
		{[]int64{2000000000, 1000000000}, 1000000000, 1500000000, 2000000000, 500000000},
	}
	for _, tt := range tests {
		var sum, sum2 int64
		mn, mx := tt.samples[0], tt.samples[0]
		for _, s := range tt.samples {
			sum += s
			sum2 += s * s
			mn, mx = min(mn, s), max(mx, s)
		}
		a, b, c, d := rttStats(sum, sum2, mn, mx, int64(len(tt.samples)))
		if a != tt.min || b != tt.avg || c != tt.max || d != tt.mdev {
			t.Errorf("rttStats(%v) = %d/%d/%d/%d, want %d/%d/%d/%d", tt.samples, a, b, c, d, tt.min, tt.avg, tt.max, tt.mdev)
		}
	}
}

func TestParseMessage(t *testing.T) {
	dst := in8.MustParseAddr(target)
	req := echoRequest(testID, 7, 56, time.Second)
	dst4 := in8.MustParseAddr("192.0.2.7")
	tests := []struct {
		name   string
		fam    family
		pkt    []byte
		dst    in8.Addr
		kind   msgKind
		seq    uint16
		csumOK bool
	}{
		{"reply", fam8, pkt8(target, me, 62, echoReply(req)), dst, msgReply, 7, true},
		{"reply from elsewhere still counts", fam8, pkt8(router, me, 62, echoReply(req)), dst, msgReply, 7, true},
		{"our request", fam8, pkt8(me, target, 64, req), dst, msgIgnore, 0, false},
		{"not ICMP", fam8, func() []byte { p := pkt8(target, me, 62, echoReply(req)); p[9] = 17; return p }(), dst, msgIgnore, 0, false},
		{"IPv4 packet on IPv8 path", fam8, pkt4("192.0.2.7", "192.0.2.1", 62, echoReply(req)), dst, msgIgnore, 0, false},
		{"time exceeded", fam8, pkt8(router, me, 64, icmpError(11, 0, pkt8(me, target, 1, req))), dst, msgError, 7, false},
		{"error with bad checksum", fam8, func() []byte {
			e := icmpError(11, 0, pkt8(me, target, 1, req))
			e[2] ^= 1
			return pkt8(router, me, 64, e)
		}(), dst, msgIgnore, 0, false},
		{"error quoting too little", fam8, pkt8(router, me, 64, icmpError(11, 0, pkt8(me, target, 1, req))[:8+28+4]), dst, msgIgnore, 0, false},
		{"error about a reply", fam8, pkt8(router, me, 64, icmpError(3, 1, pkt8(me, target, 1, echoReply(req)))), dst, msgIgnore, 0, false},
		{"IPv4 reply", fam4, pkt4("192.0.2.7", "192.0.2.1", 62, echoReply(req)), dst4, msgReply, 7, true},
		{"IPv4 error", fam4, pkt4("192.0.2.254", "192.0.2.1", 64, icmpError(3, 1, pkt4("192.0.2.1", "192.0.2.7", 64, req)[:28])), dst4, msgError, 7, false},
		{"IPv4 error other destination", fam4, pkt4("192.0.2.254", "192.0.2.1", 64, icmpError(3, 1, pkt4("192.0.2.1", "192.0.2.8", 64, req)[:28])), dst4, msgIgnore, 0, false},
	}
	for _, tt := range tests {
		m := parseMessage(tt.fam, tt.pkt, testID, tt.dst)
		if m.kind != tt.kind || m.seq != tt.seq || m.kind == msgReply && m.csumOK != tt.csumOK {
			t.Errorf("%s: kind %d seq %d csum %v, want %d %d %v", tt.name, m.kind, m.seq, m.csumOK, tt.kind, tt.seq, tt.csumOK)
		}
	}
}

func TestSentTime(t *testing.T) {
	for _, d := range []time.Duration{0, time.Microsecond, 19*time.Second + 23*time.Millisecond, 100 * time.Hour} {
		req := echoRequest(1, 1, 56, d)
		if got, ok := sentTime(req[8:]); !ok || got != d {
			t.Errorf("sentTime(echoRequest(%v)) = %v, %v", d, got, ok)
		}
	}
	if _, ok := sentTime(make([]byte, 15)); ok {
		t.Error("sentTime accepted 15 octets")
	}
	if _, ok := sentTime([]byte{0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0}); ok {
		t.Error("sentTime accepted nanoseconds above one second")
	}
}

// TestRestamp: a request restamped in place is the one built afresh.
func TestRestamp(t *testing.T) {
	for _, size := range []int{0, 15, 16, 56, 1400} {
		req := echoRequest(testID, 1, size, time.Hour)
		for _, tt := range []struct {
			seq  uint16
			sent time.Duration
		}{{2, 0}, {0xffff, 19*time.Second + 23*time.Millisecond}, {0, time.Nanosecond}} {
			restamp(req, tt.seq, tt.sent)
			if want := echoRequest(testID, tt.seq, size, tt.sent); !bytes.Equal(req, want) {
				t.Errorf("size %d seq %d sent %v: restamped % x, want % x", size, tt.seq, tt.sent, req, want)
			}
		}
	}
}

// FuzzParseMessage: any packet a raw socket may hand over is classified
// without panicking, and only well-formed ones count.
func FuzzParseMessage(f *testing.F) {
	req := echoRequest(testID, 3, 56, time.Second)
	f.Add(pkt8(target, me, 62, echoReply(req)), false)
	f.Add(pkt8(router, me, 64, icmpError(11, 0, pkt8(me, target, 1, req))), false)
	f.Add(pkt4("192.0.2.7", "192.0.2.1", 62, echoReply(req)), true)
	f.Add(pkt4("192.0.2.254", "192.0.2.1", 64, icmpError(3, 1, pkt4("192.0.2.1", "65002.198.51.100.2", 64, req)[:28])), true)
	f.Add([]byte{0x87}, false)
	dst := in8.MustParseAddr(target)
	f.Fuzz(func(t *testing.T, pkt []byte, v4 bool) {
		fam := fam8
		if v4 {
			fam = fam4
		}
		m := parseMessage(fam, pkt, testID, dst)
		switch m.kind {
		case msgReply:
			if m.icmp < icmpHdrLen || len(m.data) != m.icmp-icmpHdrLen {
				t.Fatalf("reply with icmp %d data %d", m.icmp, len(m.data))
			}
		case msgError:
			if m.typ == icmpEchoReply || m.typ == icmpEcho {
				t.Fatalf("error of type %d", m.typ)
			}
			_ = errorText(m)
		}
	})
}
