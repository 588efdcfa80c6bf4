//go:build linux

package genl8

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"

	"github.com/ipv8/ipv8/go/ipv8"
)

// TestNetlinkFuzz throws random commands, attributes and lengths at the
// real family (issue 8), in case 45: every request must be answered once,
// and the family must still work afterwards; the case checks the kernel
// log.
// IPV8_NLFUZZ_N sets the message count (default 5000), IPV8_NLFUZZ_SEED
// the seed (default: the time).
//
// Each request is answered up to its final message (see exchange) before
// the next is sent; a message of an earlier request, or anything left on
// the socket at the end, is a second answer to one request and fails the
// test.
//
// Every refusal must carry an extack message, except those of the
// genetlink core's op table (an unknown command, a dump of a do-only
// command, a do of a dump-only one), which no family can annotate: the
// family's ops and their do/dump capabilities come from the controller,
// and a refusal of a request the family takes without a message fails
// the test.
func TestNetlinkFuzz(t *testing.T) {
	if os.Getenv("IPV8_INTEGRATION") != "yesreallydoit" {
		t.Skip("set IPV8_INTEGRATION=yesreallydoit to run against the kernel")
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root")
	}
	n := envInt("IPV8_NLFUZZ_N", 5000)
	seed := uint64(envInt("IPV8_NLFUZZ_SEED", int(time.Now().UnixNano()%1e9)))
	t.Logf("netlink fuzz: %d messages, seed %d (IPV8_NLFUZZ_SEED=%d repeats the run)", n, seed, seed)

	nsName, dev := newTestNetns(t)
	c, err := Dial(nsName)
	if err != nil {
		t.Fatalf("Dial(%q): %v", nsName, err)
	}
	defer c.Close()
	if err := c.SetLink(dev, true); err != nil {
		t.Fatalf("SetLink(%s, on): %v", dev, err)
	}
	gc, ok := c.c.(*genetlink.Conn)
	if !ok {
		t.Fatal("not a kernel connection")
	}
	ifi, err := net.InterfaceByName(dev)
	if err != nil {
		ifi = &net.Interface{Index: 2}
	}
	g := attrGen{rng: rand.New(rand.NewPCG(seed, seed^0x1f)), ifindex: uint32(ifi.Index), dev: dev}
	caps, err := familyOps(gc, ipv8.GenlName)
	if err != nil {
		t.Fatalf("family ops: %v", err)
	}

	var sent, answered, refused, withMsg, acks int
	var core, coreMsg, ours, oursMsg int
	var bare []string // our refusals without a message, the first few
	errnos := map[string]int{}
	for i := 0; i < n; i++ {
		cmd := uint8(g.rng.IntN(ipv8.CmdMax + 3))
		if cmd == ipv8.CmdBenchFib {
			continue // a valid request may legitimately run for minutes
		}
		m := genetlink.Message{
			Header: genetlink.Header{Command: cmd, Version: ipv8.GenlVersion},
			Data:   g.attrs(),
		}
		// A dump ends with NLMSG_DONE; an ACK on top would stay queued.
		flags := netlink.Request | netlink.Acknowledge
		if g.rng.IntN(4) == 0 {
			flags = netlink.Request | netlink.Dump
		}
		sent++
		oe, acked, err := exchange(gc, c.family.ID, m, flags)
		if err != nil {
			t.Fatalf("message %d (cmd %d, flags %#x, attrs %x): %v", i, cmd, uint16(flags), m.Data, err)
		}
		if acked {
			acks++
		}
		if oe == nil {
			answered++
			continue
		}
		refused++
		errnos[oe.Err.Error()]++
		if oe.Message != "" {
			withMsg++
		}
		if coreRefuses(caps, cmd, flags&netlink.Dump != 0) {
			core++
			if oe.Message != "" {
				coreMsg++
			}
			continue
		}
		ours++
		if oe.Message != "" {
			oursMsg++
		} else if len(bare) < 10 {
			bare = append(bare, fmt.Sprintf("cmd %d flags %#x attrs %x: %v",
				cmd, uint16(flags), m.Data, oe.Err))
		}
	}
	// The last request's final answer was the last thing queued.
	if err := gc.SetReadDeadline(time.Now().Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	if _, nms, err := gc.Receive(); !isTimeout(err) {
		t.Errorf("after the last final answer: %+v, %v; want nothing", nms, err)
	}
	if err := gc.SetReadDeadline(time.Time{}); err != nil {
		t.Fatal(err)
	}
	// Case 45 shows the "netlink fuzz:" lines in its KTAP output.
	t.Logf("netlink fuzz: %d messages sent: %d accepted (%d trailing ACKs), %d refused (%d with an extack message); errnos %v",
		sent, answered, acks, refused, withMsg, errnos)
	t.Logf("netlink fuzz: refused by the genetlink core's op table %d (%d with a message, %d without); "+
		"by the family's policies and handlers %d (%d with a message, %d without)",
		core, coreMsg, core-coreMsg, ours, oursMsg, ours-oursMsg)
	if ours > oursMsg {
		t.Errorf("%d of the family's refusals carry no extack message, e.g.:\n%s",
			ours-oursMsg, strings.Join(bare, "\n"))
	}
	if refused == 0 || answered == 0 {
		t.Errorf("a fuzz run that is never refused or never accepted proves nothing")
	}

	// The family still answers, and the link is still there to ask about.
	if _, err := c.Links(); err != nil {
		t.Errorf("Links after fuzzing: %v", err)
	}
	if _, err := c.Neighbors(""); err != nil {
		t.Errorf("Neighbors after fuzzing: %v", err)
	}
	if _, err := c.Reach(); err != nil {
		t.Errorf("Reach after fuzzing: %v", err)
	}
}

// exchange sends one request and reads its answers up to the final one:
// for a do (always sent with NLM_F_ACK) the ACK or the refusal, for a dump
// its NLMSG_DONE or the refusal. It returns the refusal, if any, and
// whether an ACK followed data. A message with another sequence number is
// a second answer to an earlier request, which had already had its final
// one: an error. The read deadline is a generous 10 s, so a slow guest
// only makes the run longer.
func exchange(gc *genetlink.Conn, family uint16, m genetlink.Message, flags netlink.HeaderFlags) (*netlink.OpError, bool, error) {
	req, err := gc.Send(m, family, flags)
	if err != nil {
		return nil, false, err
	}
	seq := req.Header.Sequence
	data := false
	for {
		if err := gc.SetReadDeadline(time.Now().Add(10 * time.Second)); err != nil {
			return nil, false, err
		}
		_, nms, err := gc.Receive()
		var oe *netlink.OpError
		var errno unix.Errno
		switch {
		case errors.As(err, &oe) && errors.As(oe.Err, &errno):
			// A refusal: always the final answer.
			if oe.Sequence != seq {
				return nil, false, fmt.Errorf("%v for request %d while waiting for %d", errno, oe.Sequence, seq)
			}
			return oe, false, nil
		case err != nil:
			return nil, false, fmt.Errorf("waiting for the answer: %w", err)
		}
		for _, nm := range nms {
			if nm.Header.Sequence != seq {
				return nil, false, fmt.Errorf("%+v answers request %d, after its final answer", nm, nm.Header.Sequence)
			}
			if nm.Header.Type == netlink.Error {
				return nil, data, nil // the ACK
			}
			data = true
		}
		// Receive reads a dump up to and including NLMSG_DONE.
		if flags&netlink.Dump != 0 {
			return nil, false, nil
		}
	}
}

func isTimeout(err error) bool {
	var oe *netlink.OpError
	return errors.As(err, &oe) && oe.Timeout()
}

// familyOps asks the controller for the commands of family name and
// their GENL_CMD_CAP_* flags.
func familyOps(gc *genetlink.Conn, name string) (map[uint8]uint32, error) {
	ae := netlink.NewAttributeEncoder()
	ae.String(unix.CTRL_ATTR_FAMILY_NAME, name)
	data, err := ae.Encode()
	if err != nil {
		return nil, err
	}
	msgs, err := gc.Execute(genetlink.Message{
		Header: genetlink.Header{Command: unix.CTRL_CMD_GETFAMILY, Version: 1},
		Data:   data,
	}, unix.GENL_ID_CTRL, netlink.Request)
	if err != nil {
		return nil, err
	}
	ops := map[uint8]uint32{}
	for _, m := range msgs {
		ad, err := netlink.NewAttributeDecoder(m.Data)
		if err != nil {
			return nil, err
		}
		for ad.Next() {
			if ad.Type() != unix.CTRL_ATTR_OPS {
				continue
			}
			ad.Nested(func(list *netlink.AttributeDecoder) error {
				for list.Next() {
					list.Nested(func(op *netlink.AttributeDecoder) error {
						var id, flags uint32
						for op.Next() {
							switch op.Type() {
							case unix.CTRL_ATTR_OP_ID:
								id = op.Uint32()
							case unix.CTRL_ATTR_OP_FLAGS:
								flags = op.Uint32()
							}
						}
						ops[uint8(id)] = flags
						return nil
					})
				}
				return nil
			})
		}
		if err := ad.Err(); err != nil {
			return nil, err
		}
	}
	if len(ops) == 0 {
		return nil, errors.New("the controller listed no operations")
	}
	return ops, nil
}

// coreRefuses: the genetlink core refuses cmd itself, before any policy
// or handler of the family runs (EOPNOTSUPP without a message).
func coreRefuses(ops map[uint8]uint32, cmd uint8, dump bool) bool {
	flags, ok := ops[cmd]
	if !ok {
		return true
	}
	if dump {
		return flags&unix.GENL_CMD_CAP_DUMP == 0
	}
	return flags&unix.GENL_CMD_CAP_DO == 0
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// attrGen makes attribute streams that are mostly well-formed, with values
// the handlers look at (the test link, addresses of every class, edge
// numbers), and sometimes broken lengths.
type attrGen struct {
	rng     *rand.Rand
	ifindex uint32
	dev     string
}

func (g *attrGen) value() []byte {
	u32 := func(v uint32) []byte { return binary.NativeEndian.AppendUint32(nil, v) }
	switch g.rng.IntN(12) {
	case 0:
		return []byte{byte(g.rng.IntN(3))}
	case 1:
		return []byte{0xff}
	case 2:
		return u32(g.ifindex)
	case 3:
		return u32([]uint32{0, 1, 100, 60000, 60001, 0xffffffff}[g.rng.IntN(6)])
	case 4, 5:
		// in8_addr: our ASN and subnet, another ASN, RINE, internal
		// zone, broadcast, zero, with random host parts.
		asn := []uint32{65001, 65002, 0, 100 << 24, 127 << 24, 0xffffffff}[g.rng.IntN(6)]
		b := binary.BigEndian.AppendUint32(nil, asn)
		return binary.BigEndian.AppendUint32(b, 0x0a000000|uint32(g.rng.IntN(512)))
	case 6:
		return append([]byte(g.dev), 0)
	case 7:
		return []byte("no-such-device\x00")
	case 8:
		return []byte{2, 0, 0, 0, 0, byte(g.rng.IntN(256))} // a MAC
	case 9:
		return nil
	default:
		b := make([]byte, g.rng.IntN(40))
		for i := range b {
			b[i] = byte(g.rng.Uint32())
		}
		return b
	}
}

func (g *attrGen) attrs() []byte {
	var out []byte
	for range g.rng.IntN(7) {
		v := g.value()
		typ := uint16(g.rng.IntN(24))
		if g.rng.IntN(10) == 0 {
			typ |= 1 << 15 // NLA_F_NESTED on something that is not
		}
		l := uint16(4 + len(v))
		if g.rng.IntN(20) == 0 {
			l += uint16(g.rng.IntN(64)) // a length past the end
		}
		out = binary.NativeEndian.AppendUint16(out, l)
		out = binary.NativeEndian.AppendUint16(out, typ)
		out = append(out, v...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	return out
}
