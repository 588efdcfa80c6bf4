package main

import (
	"testing"
	"time"

	"github.com/ipv8/ipv8/go/in8"
)

// TestConn4KernelTime pings 127.0.0.1 through conn4 (raw, or a ping socket
// without CAP_NET_RAW) and checks that replies carry the kernel's receive
// time, between the send and the return of the read.
func TestConn4KernelTime(t *testing.T) {
	dst := in8.AddrFrom(0, 0x7f000001)
	s, err := open4(config{}, dst)
	if err != nil {
		t.Skipf("no AF_INET ICMP socket here: %v", err)
	}
	defer s.c.Close()
	id := s.pingID(env{id: func() uint16 { return 0x5150 }})
	buf := make([]byte, 0x10000)
	for seq := uint16(1); seq <= 3; seq++ {
		before := time.Now().Round(0)
		if _, err := s.c.WriteTo(echoRequest(id, seq, 56, 0), dst); err != nil {
			t.Skipf("cannot send to 127.0.0.1: %v", err)
		}
		s.c.SetReadDeadline(time.Now().Add(2 * time.Second))
		for {
			n, _, rx, err := s.c.ReadFromWithTime(buf)
			if err != nil {
				t.Skipf("no echo reply from 127.0.0.1: %v", err)
			}
			m := parseMessage(s.fam, buf[:n], id, dst)
			if m.kind != msgReply || m.seq != seq {
				continue
			}
			after := time.Now().Round(0)
			const slack = 10 * time.Millisecond
			if rx.IsZero() || rx.Before(before.Add(-slack)) || rx.After(after.Add(slack)) {
				t.Errorf("seq %d: receive time %v, want within [%v, %v]", seq, rx, before, after)
			}
			break
		}
	}
}
