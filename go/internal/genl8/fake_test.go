package genl8

import (
	"encoding/binary"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/genetlink/genltest"
	"github.com/mdlayher/netlink"
	"github.com/mdlayher/netlink/nltest"
	"golang.org/x/sys/unix"
)

// A fake kernel for the ipv8 family, built on genltest/nltest. Unlike
// genltest.Dial it behaves as the kernel does where the client depends on
// it: dumps end with NLMSG_DONE, "do" requests with NLM_F_ACK get an ack
// after their replies, and refusals can carry an extack message.

var testFamily = genetlink.Family{
	ID:      0x1d,
	Version: 1,
	Name:    "ipv8",
	Groups:  []genetlink.MulticastGroup{{ID: 9, Name: "monitor"}},
}

// kernelError makes the fake answer with an error message: errno plus, if
// msg is not empty, an extack message and offset.
type kernelError struct {
	errno  unix.Errno
	msg    string
	offset uint32
}

func (e *kernelError) Error() string { return fmt.Sprintf("%v: %s", e.errno, e.msg) }

type fakeKernel struct {
	fn     genltest.Func
	intr   int // this many dumps are flagged NLM_F_DUMP_INTR
	dumps  int // dumps served
	joined []uint32
	*genetlink.Conn
}

// JoinGroup and SetReadDeadline stand in for the socket options nltest
// does not have.
func (f *fakeKernel) JoinGroup(g uint32) error        { f.joined = append(f.joined, g); return nil }
func (f *fakeKernel) SetReadDeadline(time.Time) error { return nil }

// dialFake returns a client whose requests are answered by fn; requests to
// the controller are answered with testFamily.
func dialFake(t *testing.T, fn genltest.Func) (*Client, *fakeKernel) {
	t.Helper()
	fk := &fakeKernel{}
	fk.fn = genltest.ServeFamily(testFamily, fn)
	fk.Conn = genetlink.NewConn(nltest.Dial(fk.serve))
	c, err := newClient(fk)
	if err != nil {
		t.Fatalf("newClient: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c, fk
}

func (f *fakeKernel) serve(reqs []netlink.Message) ([]netlink.Message, error) {
	if len(reqs) == 0 {
		// A receive with nothing sent: multicast.
		gms, err := f.fn(genetlink.Message{}, netlink.Message{})
		if err != nil {
			return nil, err
		}
		return pack(gms, netlink.Header{Type: netlink.HeaderType(testFamily.ID)})
	}
	req := reqs[0]
	var greq genetlink.Message
	if err := greq.UnmarshalBinary(req.Data); err != nil {
		return nil, err
	}
	gms, err := f.fn(greq, req)
	if ke := (*kernelError)(nil); errors.As(err, &ke) {
		return []netlink.Message{errorMessage(req, ke)}, nil
	}
	if err != nil {
		return nil, err
	}
	out, err := pack(gms, netlink.Header{Type: req.Header.Type, Sequence: req.Header.Sequence, PID: req.Header.PID})
	if err != nil {
		return nil, err
	}
	switch {
	case req.Header.Flags&netlink.Dump == netlink.Dump:
		var flags netlink.HeaderFlags = netlink.Multi
		if f.dumps++; f.dumps <= f.intr {
			flags |= netlink.DumpInterrupted
		}
		for i := range out {
			out[i].Header.Flags |= flags
		}
		out = append(out, netlink.Message{
			Header: netlink.Header{Type: netlink.Done, Flags: flags, Sequence: req.Header.Sequence, PID: req.Header.PID},
			Data:   make([]byte, 4),
		})
	case req.Header.Flags&netlink.Acknowledge != 0:
		out = append(out, errorMessage(req, &kernelError{}))
	}
	return out, nil
}

func pack(gms []genetlink.Message, h netlink.Header) ([]netlink.Message, error) {
	out := make([]netlink.Message, 0, len(gms))
	for _, gm := range gms {
		b, err := gm.MarshalBinary()
		if err != nil {
			return nil, err
		}
		out = append(out, netlink.Message{Header: h, Data: b})
	}
	return out, nil
}

// errorMessage builds NLMSG_ERROR as the kernel does with extended acks
// on: errno, the request (header and payload), then the extack TLVs.
// errno 0 is an ack.
func errorMessage(req netlink.Message, ke *kernelError) netlink.Message {
	b := binary.NativeEndian.AppendUint32(nil, uint32(-int32(ke.errno)))
	b = binary.NativeEndian.AppendUint32(b, uint32(16+len(req.Data)))
	b = binary.NativeEndian.AppendUint16(b, uint16(req.Header.Type))
	b = binary.NativeEndian.AppendUint16(b, uint16(req.Header.Flags))
	b = binary.NativeEndian.AppendUint32(b, req.Header.Sequence)
	b = binary.NativeEndian.AppendUint32(b, req.Header.PID)
	b = append(b, req.Data...)
	var flags netlink.HeaderFlags
	if ke.msg != "" {
		ae := netlink.NewAttributeEncoder()
		ae.String(unix.NLMSGERR_ATTR_MSG, ke.msg)
		if ke.offset != 0 {
			ae.Uint32(unix.NLMSGERR_ATTR_OFFS, ke.offset)
		}
		tlv, err := ae.Encode()
		if err != nil {
			panic(err)
		}
		b = append(b, tlv...)
		flags |= netlink.AcknowledgeTLVs
	}
	return netlink.Message{
		Header: netlink.Header{Type: netlink.Error, Flags: flags, Sequence: req.Header.Sequence, PID: req.Header.PID},
		Data:   b,
	}
}

// attrs marshals attributes for replies and expectations.
func attrs(as ...netlink.Attribute) []byte { return nltest.MustMarshalAttributes(as) }

func u32(t uint16, v uint32) netlink.Attribute {
	return netlink.Attribute{Type: t, Data: binary.NativeEndian.AppendUint32(nil, v)}
}

func u64(t uint16, v uint64) netlink.Attribute {
	return netlink.Attribute{Type: t, Data: binary.NativeEndian.AppendUint64(nil, v)}
}

func u16(t uint16, v uint16) netlink.Attribute {
	return netlink.Attribute{Type: t, Data: binary.NativeEndian.AppendUint16(nil, v)}
}

func u8(t uint16, v uint8) netlink.Attribute { return netlink.Attribute{Type: t, Data: []byte{v}} }

func str(t uint16, s string) netlink.Attribute {
	return netlink.Attribute{Type: t, Data: append([]byte(s), 0)}
}

func raw(t uint16, b ...byte) netlink.Attribute { return netlink.Attribute{Type: t, Data: b} }
