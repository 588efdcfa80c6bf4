package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/ipv8/ipv8/go/in8"
)

// conn is the socket as the loop sees it, so tests can replace it.
// ReadFromWithTime returns the packet with its network header and the
// time the kernel received it (SO_TIMESTAMPNS: wall clock, zero when the
// kernel gave none).
type conn interface {
	WriteTo(b []byte, dst in8.Addr) (int, error)
	ReadFromWithTime(b []byte) (int, in8.Addr, time.Time, error)
	SetReadDeadline(t time.Time) error
	Close() error
}

// clock is the time source, a fake one in tests. Real time must be
// monotonic (time.Now is).
type clock interface{ Now() time.Time }

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

// pinger is one run: configuration, socket and statistics.
type pinger struct {
	cfg   config
	fam   family
	c     conn
	clk   clock
	out   io.Writer
	errw  io.Writer
	dst   in8.Addr
	id    uint16
	from  string // banner's "from ...: " part, without "from "
	start time.Time
	last  time.Time // last send: the summary's "time" runs from start to it, as in iputils

	interrupted atomic.Bool

	ntransmitted, nreceived, nrepeats, nchecksum, nerrors int64
	ntimed                                                int64             // replies with a usable send time
	tsum, tsum2, tmin, tmax                               int64             // microseconds (tsum2: µs²)
	rcvd                                                  [1 << 16 / 8]byte // seq bitmap, for (DUP!)

	req []byte // the echo request, built at the first send and restamped
}

// interrupt ends the run at the next chance, as SIGINT does: the summary
// is still printed.
func (p *pinger) interrupt() {
	p.interrupted.Store(true)
	// A deadline in the past wakes a blocked read at once.
	p.c.SetReadDeadline(time.Unix(1, 0))
}

func (p *pinger) timing() bool { return p.cfg.size >= timestampLen }

// moreToSend: with -c alone ping stops sending after count requests; with
// -w it keeps sending until count replies came or the deadline passed.
func (p *pinger) moreToSend() bool {
	return p.cfg.count == 0 || p.ntransmitted < p.cfg.count || p.cfg.deadline > 0
}

// waitAfterLast is how long to wait for replies once the last request is
// out (iputils' schedule_exit): twice the largest RTT but at least one
// interval if replies came, else the -W linger time.
func (p *pinger) waitAfterLast() time.Duration {
	if p.nreceived > 0 {
		return max(2*time.Duration(p.tmax)*time.Microsecond, p.cfg.interval)
	}
	return p.cfg.linger
}

// run prints the banner, pings and prints the summary; it returns the
// exit status.
func (p *pinger) run() int {
	fmt.Fprintf(p.out, "PING %s (%s) ", p.cfg.dest, p.dst)
	if p.from != "" {
		fmt.Fprintf(p.out, "from %s: ", p.from)
	}
	fmt.Fprintf(p.out, "%d(%d) bytes of data.\n", p.cfg.size, p.cfg.size+icmpHdrLen+p.fam.hdrLen)

	p.start = p.clk.Now()
	var deadlineAt, exitAt time.Time
	if p.cfg.deadline > 0 {
		deadlineAt = p.start.Add(p.cfg.deadline)
	}
	nextSend := p.start
	buf := make([]byte, 0x10000)
	status := 0
	for {
		if p.interrupted.Load() ||
			p.cfg.count > 0 && p.nreceived+p.nerrors >= p.cfg.count ||
			p.cfg.deadline > 0 && p.nerrors > 0 {
			break
		}
		now := p.clk.Now()
		if !deadlineAt.IsZero() && !now.Before(deadlineAt) || !exitAt.IsZero() && !now.Before(exitAt) {
			break
		}
		if p.moreToSend() && !now.Before(nextSend) {
			p.send(now)
			// Keep the cadence, but never burst to catch up after a stall.
			if nextSend = nextSend.Add(p.cfg.interval); nextSend.Before(now) {
				nextSend = now
			}
			if !p.moreToSend() {
				exitAt = now.Add(p.waitAfterLast())
			}
			continue
		}
		var wake time.Time
		for _, t := range []time.Time{deadlineAt, exitAt} {
			if !t.IsZero() && (wake.IsZero() || t.Before(wake)) {
				wake = t
			}
		}
		if p.moreToSend() && (wake.IsZero() || nextSend.Before(wake)) {
			wake = nextSend
		}
		p.c.SetReadDeadline(wake)
		if p.interrupted.Load() {
			break // the signal came between the check above and the deadline
		}
		n, _, rx, err := p.c.ReadFromWithTime(buf)
		if err != nil {
			if errors.Is(err, os.ErrDeadlineExceeded) {
				continue
			}
			fmt.Fprintf(p.errw, "ping8: %v\n", unwrapSyscall(err))
			status = 2
			break
		}
		p.receive(buf[:n], p.clk.Now(), rx)
	}
	p.summary()
	if status != 0 {
		return status
	}
	return p.exitStatus()
}

// exitStatus follows iputils: 1 when no reply came, or when -w and -c
// were both given and fewer than count replies came; else 0.
func (p *pinger) exitStatus() int {
	if p.nreceived == 0 || p.cfg.deadline > 0 && p.nreceived < p.cfg.count {
		return 1
	}
	return 0
}

func (p *pinger) send(now time.Time) {
	p.ntransmitted++
	p.last = now
	seq := uint16(p.ntransmitted)
	p.rcvd[seq/8] &^= 1 << (seq % 8)
	if p.req == nil {
		p.req = echoRequest(p.id, seq, p.cfg.size, 0)
	}
	restamp(p.req, seq, now.Sub(p.start))
	if _, err := p.c.WriteTo(p.req, p.dst); err != nil {
		// Counted as sent, as iputils does with local errors, and also
		// as an error so that the summary shows it and -w stops.
		p.nerrors++
		if !p.cfg.quiet {
			fmt.Fprintf(p.errw, "ping8: %v\n", unwrapSyscall(err))
		}
	}
}

// receive handles one packet read at now (the clock's time) that the
// kernel received at rx (wall clock, zero if unknown).
func (p *pinger) receive(pkt []byte, now, rx time.Time) {
	m := parseMessage(p.fam, pkt, p.id, p.dst)
	switch m.kind {
	case msgReply:
		p.reply(m, now, rx)
	case msgError:
		if m.typ != icmpRedirect {
			p.nerrors++
		}
		if !p.cfg.quiet {
			fmt.Fprintf(p.out, "From %s icmp_seq=%d %s\n", m.src, m.seq, errorText(m))
		}
	}
}

func (p *pinger) reply(m message, now, rx time.Time) {
	var trip int64 = -1 // microseconds; -1: no timing
	if p.timing() {
		if sent, ok := sentTime(m.data); ok {
			sentAt := p.start.Add(sent)
			trip = max(arrivedAt(now, rx, sentAt).Sub(sentAt).Microseconds(), 0)
		}
	}
	dup := false
	switch {
	case !m.csumOK:
		p.nchecksum++
	case p.rcvd[m.seq/8]&(1<<(m.seq%8)) != 0:
		p.nrepeats++
		dup = true
	default:
		p.nreceived++
		p.rcvd[m.seq/8] |= 1 << (m.seq % 8)
	}
	if trip >= 0 && m.csumOK {
		p.tsum += trip
		p.tsum2 += trip * trip
		if p.ntimed == 0 || trip < p.tmin {
			p.tmin = trip
		}
		p.ntimed++
		p.tmax = max(p.tmax, trip)
	}
	if p.cfg.quiet {
		return
	}
	line := fmt.Sprintf("%d bytes from %s: icmp_seq=%d ttl=%d", m.icmp, m.src, m.seq, m.ttl)
	if trip >= 0 {
		line += " time=" + fmtTrip(trip)
	}
	if dup {
		line += " (DUP!)"
	}
	if !m.csumOK {
		line += " (BAD CHECKSUM!)"
	}
	if m.icmp < p.cfg.size+icmpHdrLen {
		line += " (truncated)"
	}
	fmt.Fprintln(p.out, line)
}

// arrivedAt is when a reply read at now arrived, on the scale of the
// clock (monotonic, as sentAt): the kernel's receive time rx when it gave
// one, so that the time the reader took to wake up is not counted, as
// iputils does. rx is wall clock, so it is compared with now's wall
// reading (Round(0) drops the monotonic one) and the difference, how long
// the packet waited, is taken off now. When that makes no sense (the wall
// clock was stepped, or rx is missing) the read time is used.
func arrivedAt(now, rx, sentAt time.Time) time.Time {
	if rx.IsZero() {
		return now
	}
	waited := now.Round(0).Sub(rx)
	at := now.Add(-waited)
	if waited < 0 || at.Before(sentAt) {
		return now
	}
	return at
}

// fmtTrip prints a round trip in microseconds with iputils' precision:
// three decimals below 1 ms, fewer as it grows.
func fmtTrip(us int64) string {
	switch {
	case us >= 100000-50:
		return fmt.Sprintf("%d ms", (us+500)/1000)
	case us >= 10000-5:
		return fmt.Sprintf("%d.%01d ms", (us+50)/1000, (us+50)%1000/100)
	case us >= 1000:
		return fmt.Sprintf("%d.%02d ms", (us+5)/1000, (us+5)%1000/10)
	}
	return fmt.Sprintf("%d.%03d ms", us/1000, us%1000)
}

func (p *pinger) summary() {
	fmt.Fprintf(p.out, "\n--- %s ping statistics ---\n", p.cfg.dest)
	fmt.Fprintf(p.out, "%d packets transmitted, %d received", p.ntransmitted, p.nreceived)
	if p.nrepeats > 0 {
		fmt.Fprintf(p.out, ", +%d duplicates", p.nrepeats)
	}
	if p.nchecksum > 0 {
		fmt.Fprintf(p.out, ", +%d corrupted", p.nchecksum)
	}
	if p.nerrors > 0 {
		fmt.Fprintf(p.out, ", +%d errors", p.nerrors)
	}
	if p.ntransmitted > 0 {
		fmt.Fprintf(p.out, ", %s%% packet loss", lossPercent(p.ntransmitted, p.nreceived))
		d := p.last.Sub(p.start)
		fmt.Fprintf(p.out, ", time %dms", (d.Microseconds()+500)/1000)
	}
	fmt.Fprintln(p.out)
	if p.nreceived > 0 && p.timing() {
		min, avg, max, mdev := rttStats(p.tsum, p.tsum2, p.tmin, p.tmax, p.nreceived+p.nrepeats)
		fmt.Fprintf(p.out, "rtt min/avg/max/mdev = %s/%s/%s/%s ms\n", ms(min), ms(avg), ms(max), ms(mdev))
	}
}

// lossPercent is iputils' (float)(lost*100.0/sent) printed with %g.
func lossPercent(sent, received int64) string {
	v := float32(float64(sent-received) * 100.0 / float64(sent))
	return strconv.FormatFloat(float64(v), 'g', 6, 32)
}

// rttStats returns min, average, max and "mdev" in microseconds over n
// samples. mdev is the standard deviation, computed in integers in the
// order iputils uses (subtracting before dividing keeps small RTTs from
// rounding to zero), so both print the same digits for the same samples.
func rttStats(tsum, tsum2, tmin, tmax, n int64) (int64, int64, int64, int64) {
	avg := tsum / n
	var variance int64
	if tsum < math.MaxInt32 {
		variance = (tsum2 - tsum*tsum/n) / n
	} else {
		variance = tsum2/n - avg*avg
	}
	return tmin, avg, tmax, isqrt(variance)
}

// isqrt is floor(sqrt(v)), 0 for v <= 0.
func isqrt(v int64) int64 {
	if v <= 0 {
		return 0
	}
	r := int64(math.Sqrt(float64(v)))
	for r*r > v {
		r--
	}
	for (r+1)*(r+1) <= v {
		r++
	}
	return r
}

// ms prints microseconds as milliseconds with three decimals.
func ms(us int64) string { return fmt.Sprintf("%d.%03d", us/1000, us%1000) }

// unwrapSyscall turns "sendto: network is unreachable" into the C
// library's capitalised strerror text, as iputils prints it.
func unwrapSyscall(err error) string {
	var se *os.SyscallError
	if errors.As(err, &se) {
		return se.Syscall + ": " + strerror(se.Err)
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return strerror(errno)
	}
	return err.Error()
}
