package main

import (
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"
)

const banner = "PING 65002.198.51.100.2 (65002.198.51.100.2) 56(92) bytes of data.\n"

func replyLine(seq int, tm string) string {
	return "64 bytes from 65002.198.51.100.2: icmp_seq=" + strconv.Itoa(seq) + " ttl=62 time=" + tm + "\n"
}

func stats(line string) string {
	return "\n--- 65002.198.51.100.2 ping statistics ---\n" + line + "\n"
}

// rtts answers request n after rtt[n-1]; a zero entry drops it.
func rtts(rtt ...time.Duration) func(int, []byte, time.Time) ([]arrival, error) {
	return func(seq int, req []byte, now time.Time) ([]arrival, error) {
		if seq > len(rtt) || rtt[seq-1] == 0 {
			return nil, nil
		}
		return []arrival{{at: now.Add(rtt[seq-1]), pkt: pkt8(target, me, 62, echoReply(req))}}, nil
	}
}

// routerError makes the router answer every request with an ICMP error.
func routerError(typ, code byte) func(int, []byte, time.Time) ([]arrival, error) {
	return func(_ int, req []byte, now time.Time) ([]arrival, error) {
		quoted := pkt8(me, target, 1, req)
		return []arrival{{at: now.Add(3 * time.Millisecond), pkt: pkt8(router, me, 64, icmpError(typ, code, quoted))}}, nil
	}
}

func TestPingRun(t *testing.T) {
	us := time.Microsecond
	ms := time.Millisecond
	tests := []struct {
		name       string
		args       []string
		respond    func(int, []byte, time.Time) ([]arrival, error)
		interrupt  time.Duration // 0: none
		wantOut    string
		wantErr    string
		wantStatus int
		wantEnd    time.Duration // fake time at exit
		wantSent   int
	}{
		{
			name:    "three replies",
			args:    []string{"-c", "3", target},
			respond: replier(512 * us),
			wantOut: banner + replyLine(1, "0.512 ms") + replyLine(2, "0.512 ms") + replyLine(3, "0.512 ms") +
				stats("3 packets transmitted, 3 received, 0% packet loss, time 2000ms\nrtt min/avg/max/mdev = 0.512/0.512/0.512/0.000 ms"),
			wantEnd:  2*time.Second + 512*us,
			wantSent: 3,
		},
		{
			name:    "mdev and time precision",
			args:    []string{"-c4", target},
			respond: rtts(1*ms, 2*ms, 3*ms, 14*ms),
			wantOut: banner + replyLine(1, "1.00 ms") + replyLine(2, "2.00 ms") + replyLine(3, "3.00 ms") + replyLine(4, "14.0 ms") +
				stats("4 packets transmitted, 4 received, 0% packet loss, time 3000ms\nrtt min/avg/max/mdev = 1.000/5.000/14.000/5.244 ms"),
			wantEnd:  3*time.Second + 14*ms,
			wantSent: 4,
		},
		{
			name:       "no reply waits the default 10 s linger",
			args:       []string{"-c", "2", target},
			wantOut:    banner + stats("2 packets transmitted, 0 received, 100% packet loss, time 1000ms"),
			wantStatus: 1,
			wantEnd:    11 * time.Second,
			wantSent:   2,
		},
		{
			name:       "-W shortens the linger",
			args:       []string{"-c", "2", "-W", "1.5", target},
			wantOut:    banner + stats("2 packets transmitted, 0 received, 100% packet loss, time 1000ms"),
			wantStatus: 1,
			wantEnd:    2500 * ms,
			wantSent:   2,
		},
		{
			name:    "lost reply: wait one interval after the last",
			args:    []string{"-c", "3", target},
			respond: rtts(500*us, 0, 500*us),
			wantOut: banner + replyLine(1, "0.500 ms") + replyLine(3, "0.500 ms") +
				stats("3 packets transmitted, 2 received, 33.3333% packet loss, time 2000ms\nrtt min/avg/max/mdev = 0.500/0.500/0.500/0.000 ms"),
			wantEnd:  3 * time.Second,
			wantSent: 3,
		},
		{
			name:    "late reply still counts",
			args:    []string{"-c", "2", "-q", target},
			respond: rtts(1500*ms, 1500*ms),
			wantOut: banner +
				stats("2 packets transmitted, 2 received, 0% packet loss, time 1000ms\nrtt min/avg/max/mdev = 1500.000/1500.000/1500.000/0.000 ms"),
			wantEnd:  2500 * ms,
			wantSent: 2,
		},
		{
			name:    "-w alone sends until the deadline",
			args:    []string{"-w", "3", "-q", target},
			respond: replier(1 * ms),
			wantOut: banner +
				stats("3 packets transmitted, 3 received, 0% packet loss, time 2000ms\nrtt min/avg/max/mdev = 1.000/1.000/1.000/0.000 ms"),
			wantEnd:  3 * time.Second,
			wantSent: 3,
		},
		{
			name:    "-w with -c: fewer replies than count is status 1",
			args:    []string{"-w", "3", "-c", "5", "-q", target},
			respond: replier(1 * ms),
			wantOut: banner +
				stats("3 packets transmitted, 3 received, 0% packet loss, time 2000ms\nrtt min/avg/max/mdev = 1.000/1.000/1.000/0.000 ms"),
			wantStatus: 1,
			wantEnd:    3 * time.Second,
			wantSent:   3,
		},
		{
			name:    "-w with -c keeps sending past count until count replies",
			args:    []string{"-w", "10", "-c", "2", target},
			respond: rtts(0, 1*ms, 1*ms),
			wantOut: banner + replyLine(2, "1.00 ms") + replyLine(3, "1.00 ms") +
				stats("3 packets transmitted, 2 received, 33.3333% packet loss, time 2000ms\nrtt min/avg/max/mdev = 1.000/1.000/1.000/0.000 ms"),
			wantEnd:  2*time.Second + 1*ms,
			wantSent: 3,
		},
		{
			name:    "time exceeded",
			args:    []string{"-c", "3", "-t", "1", target},
			respond: routerError(11, 0),
			wantOut: banner +
				"From 65001.192.0.2.254 icmp_seq=1 Time to live exceeded\n" +
				"From 65001.192.0.2.254 icmp_seq=2 Time to live exceeded\n" +
				"From 65001.192.0.2.254 icmp_seq=3 Time to live exceeded\n" +
				stats("3 packets transmitted, 0 received, +3 errors, 100% packet loss, time 2000ms"),
			wantStatus: 1,
			wantEnd:    2*time.Second + 3*ms,
			wantSent:   3,
		},
		{
			name:    "-w stops at the first error",
			args:    []string{"-w", "5", target},
			respond: routerError(3, 16),
			wantOut: banner + "From 65001.192.0.2.254 icmp_seq=1 Destination ASN Unreachable\n" +
				stats("1 packets transmitted, 0 received, +1 errors, 100% packet loss, time 0ms"),
			wantStatus: 1,
			wantEnd:    3 * ms,
			wantSent:   1,
		},
		{
			name:      "SIGINT prints the summary",
			args:      []string{target},
			respond:   replier(2 * ms),
			interrupt: 2500 * ms,
			wantOut: banner + replyLine(1, "2.00 ms") + replyLine(2, "2.00 ms") + replyLine(3, "2.00 ms") +
				stats("3 packets transmitted, 3 received, 0% packet loss, time 2000ms\nrtt min/avg/max/mdev = 2.000/2.000/2.000/0.000 ms"),
			wantEnd:  2500 * ms,
			wantSent: 3,
		},
		{
			name:       "SIGINT without replies is status 1",
			args:       []string{"-q", target},
			interrupt:  1200 * ms,
			wantOut:    banner + stats("2 packets transmitted, 0 received, 100% packet loss, time 1000ms"),
			wantStatus: 1,
			wantEnd:    1200 * ms,
			wantSent:   2,
		},
		{
			name:    "small packets have no timing",
			args:    []string{"-c", "1", "-s", "8", target},
			respond: replier(1 * ms),
			wantOut: "PING 65002.198.51.100.2 (65002.198.51.100.2) 8(44) bytes of data.\n" +
				"16 bytes from 65002.198.51.100.2: icmp_seq=1 ttl=62\n" +
				stats("1 packets transmitted, 1 received, 0% packet loss, time 0ms"),
			wantEnd:  1 * ms,
			wantSent: 1,
		},
		{
			name:    "send errors",
			args:    []string{"-c", "2", target},
			respond: func(int, []byte, time.Time) ([]arrival, error) { return nil, unix.ENETUNREACH },
			wantOut: banner + stats("2 packets transmitted, 0 received, +2 errors, 100% packet loss, time 1000ms"),
			wantErr: "ping8: sendto: Network is unreachable\nping8: sendto: Network is unreachable\n",
			// The second error reaches count: no linger.
			wantStatus: 1,
			wantEnd:    1 * time.Second,
			wantSent:   2,
		},
		{
			name:    "-I address and 8-octet destination",
			args:    []string{"-I", me, "-c", "1", "0.0.253.234.198.51.100.2"},
			respond: replier(100 * us),
			wantOut: "PING 0.0.253.234.198.51.100.2 (65002.198.51.100.2) from 65001.192.0.2.1 : 56(92) bytes of data.\n" +
				replyLine(1, "0.100 ms") +
				"\n--- 0.0.253.234.198.51.100.2 ping statistics ---\n1 packets transmitted, 1 received, 0% packet loss, time 0ms\nrtt min/avg/max/mdev = 0.100/0.100/0.100/0.000 ms\n",
			wantEnd:  100 * us,
			wantSent: 1,
		},
		{
			name:     "-I device",
			args:     []string{"-c1", "-Iveth0", "-W", "1", target},
			wantOut:  "PING 65002.198.51.100.2 (65002.198.51.100.2) from veth0: 56(92) bytes of data.\n" + stats("1 packets transmitted, 0 received, 100% packet loss, time 0ms"),
			wantEnd:  1 * time.Second,
			wantSent: 1, wantStatus: 1,
		},
		{
			name: "IPv4 destination",
			args: []string{"-c", "1", "192.0.2.7"},
			respond: func(_ int, req []byte, now time.Time) ([]arrival, error) {
				return []arrival{{at: now.Add(250 * us), pkt: pkt4("192.0.2.7", "192.0.2.1", 63, echoReply(req))}}, nil
			},
			wantOut: "PING 192.0.2.7 (192.0.2.7) 56(84) bytes of data.\n64 bytes from 192.0.2.7: icmp_seq=1 ttl=63 time=0.250 ms\n" +
				"\n--- 192.0.2.7 ping statistics ---\n1 packets transmitted, 1 received, 0% packet loss, time 0ms\nrtt min/avg/max/mdev = 0.250/0.250/0.250/0.000 ms\n",
			wantEnd:  250 * us,
			wantSent: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeNet{respond: tt.respond}
			if tt.interrupt > 0 {
				f.interruptAt = t0.Add(tt.interrupt)
			}
			r := runPing(t, tt.args, f)
			if d := cmp.Diff(tt.wantOut, r.stdout); d != "" {
				t.Errorf("stdout (-want +got):\n%s", d)
			}
			if r.stderr != tt.wantErr {
				t.Errorf("stderr = %q, want %q", r.stderr, tt.wantErr)
			}
			if r.status != tt.wantStatus {
				t.Errorf("status = %d, want %d", r.status, tt.wantStatus)
			}
			if end := f.clk.t.Sub(t0); end != tt.wantEnd {
				t.Errorf("ended at +%v, want +%v", end, tt.wantEnd)
			}
			if len(f.sent) != tt.wantSent {
				t.Errorf("sent %d requests, want %d", len(f.sent), tt.wantSent)
			}
			if !f.closed {
				t.Error("socket not closed")
			}
		})
	}
}

// TestPingFiltering: a raw socket sees every ICMP packet of the host; only
// replies with our id and errors quoting our requests count.
func TestPingFiltering(t *testing.T) {
	respond := func(seq int, req []byte, now time.Time) ([]arrival, error) {
		at := now.Add(time.Millisecond)
		other := append([]byte(nil), req...)
		other[4] ^= 0xff // another ping's id
		otherDst := pkt8(me, "65003.203.0.113.9", 64, req)
		bad := echoReply(req)
		bad[len(bad)-1] ^= 1
		arr := []arrival{
			{at: at, pkt: pkt8(me, target, 64, req)},                                          // our own request looped back
			{at: at, pkt: pkt8(target, me, 62, echoReply(other))},                             // someone else's reply
			{at: at, pkt: pkt8(router, me, 64, icmpError(11, 0, pkt8(me, target, 1, other)))}, // someone else's error
			{at: at, pkt: pkt8(router, me, 64, icmpError(3, 1, otherDst))},                    // error about another destination
			{at: at, pkt: pkt8(target, me, 62, echoReply(req)[:6])},                           // runt
			{at: at, pkt: []byte{0x45, 0, 0, 20}},                                             // garbage
		}
		switch seq {
		case 1:
			arr = append(arr, arrival{at: at, pkt: pkt8(target, me, 62, echoReply(req))},
				arrival{at: at.Add(time.Millisecond), pkt: pkt8(target, me, 62, echoReply(req))})
		case 2:
			arr = append(arr, arrival{at: at, pkt: pkt8(target, me, 62, bad)})
		case 3:
			arr = append(arr, arrival{at: at, pkt: pkt8(router, me, 64, icmpError(3, 17, pkt8(me, target, 64, req)))})
		case 4:
			arr = append(arr, arrival{at: at, pkt: pkt8(target, me, 62, echoReply(req))})
		}
		return arr, nil
	}
	r := runPing(t, []string{"-c", "4", target}, &fakeNet{respond: respond})
	want := banner + replyLine(1, "1.00 ms") +
		"64 bytes from 65002.198.51.100.2: icmp_seq=1 ttl=62 time=2.00 ms (DUP!)\n" +
		"64 bytes from 65002.198.51.100.2: icmp_seq=2 ttl=62 time=1.00 ms (BAD CHECKSUM!)\n" +
		"From 65001.192.0.2.254 icmp_seq=3 No IPv8 Path\n" +
		replyLine(4, "1.00 ms") +
		stats("4 packets transmitted, 2 received, +1 duplicates, +1 corrupted, +1 errors, 50% packet loss, time 3000ms\n"+
			"rtt min/avg/max/mdev = 1.000/1.333/2.000/0.471 ms")
	if d := cmp.Diff(want, r.stdout); d != "" {
		t.Errorf("stdout (-want +got):\n%s", d)
	}
	if r.status != 0 {
		t.Errorf("status = %d, want 0", r.status)
	}
}

func TestRequestLayout(t *testing.T) {
	r := runPing(t, []string{"-c", "2", "-W", "1", target}, nil)
	for i, req := range r.net.sent {
		if len(req) != 64 || req[0] != 8 || req[1] != 0 || checksum(req) != 0 {
			t.Fatalf("request %d: % x", i, req)
		}
		if id, seq := int(req[4])<<8|int(req[5]), int(req[6])<<8|int(req[7]); id != testID || seq != i+1 {
			t.Errorf("request %d: id %#x seq %d", i, id, seq)
		}
		if d, ok := sentTime(req[8:]); !ok || d != time.Duration(i)*time.Second {
			t.Errorf("request %d: send time %v %v", i, d, ok)
		}
		for j := 16; j < 56; j++ {
			if req[8+j] != byte(j) {
				t.Fatalf("request %d: data[%d] = %#x", i, j, req[8+j])
			}
		}
	}
}

// TestKernelTimeRTT: the round trip runs to the kernel's receive time when
// the socket gives one, so a slow wakeup of ping8 is not counted; a
// missing or nonsensical receive time falls back to the read time.
func TestKernelTimeRTT(t *testing.T) {
	us := time.Microsecond
	tests := []struct {
		name string
		// rx is the kernel's receive time relative to the send; the read
		// returns 3 ms after the send in every case.
		rx       time.Duration
		noRx     bool
		wantTime string
	}{
		{name: "kernel time", rx: 800 * us, wantTime: "0.800 ms"},
		{name: "kernel time equal to the read", rx: 3000 * us, wantTime: "3.00 ms"},
		{name: "kernel time at the send", rx: 0, wantTime: "0.000 ms"},
		{name: "no kernel time", noRx: true, wantTime: "3.00 ms"},
		{name: "kernel time before the send (clock stepped back)", rx: -5000 * us, wantTime: "3.00 ms"},
		{name: "kernel time after the read (clock stepped forward)", rx: 9000 * us, wantTime: "3.00 ms"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			respond := func(_ int, req []byte, now time.Time) ([]arrival, error) {
				a := arrival{at: now.Add(3 * time.Millisecond), pkt: pkt8(target, me, 62, echoReply(req))}
				if !tt.noRx {
					a.rx = now.Add(tt.rx)
				}
				return []arrival{a}, nil
			}
			r := runPing(t, []string{"-c", "1", target}, &fakeNet{respond: respond})
			want := banner + replyLine(1, tt.wantTime)
			if len(r.stdout) < len(want) || r.stdout[:len(want)] != want {
				t.Errorf("output:\n%s\nwant it to start with:\n%s", r.stdout, want)
			}
			if r.status != 0 {
				t.Errorf("status %d, want 0", r.status)
			}
		})
	}
}

func TestArrivedAt(t *testing.T) {
	ms := time.Millisecond
	// now carries a monotonic reading, as time.Now's do; rx never does.
	now := time.Now()
	wall := now.Round(0)
	sent := now.Add(-5 * ms)
	tests := []struct {
		name string
		rx   time.Time
		want time.Time
	}{
		{"no kernel time", time.Time{}, now},
		{"2 ms before the read", wall.Add(-2 * ms), now.Add(-2 * ms)},
		{"at the read", wall, now},
		{"at the send", wall.Add(-5 * ms), sent},
		{"after the read", wall.Add(ms), now},
		{"before the send", wall.Add(-6 * ms), now},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := arrivedAt(now, tt.rx, sent)
			if !got.Equal(tt.want) {
				t.Errorf("arrivedAt = %v, want %v", got, tt.want)
			}
			// The result stays on the monotonic scale of the send time.
			if d := got.Sub(sent); d < 0 || d > 5*ms {
				t.Errorf("arrivedAt - sent = %v, want within [0, 5ms]", d)
			}
		})
	}
}
