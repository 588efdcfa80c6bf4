// Package genl8 talks to the kernel's "ipv8" generic netlink family: it
// reads and changes per-link IPv8 settings and addresses, reads the
// per-netns counters and follows the "monitor" multicast group.
//
// A Client lives in one network namespace, chosen when it is dialled. Its
// methods are not safe for concurrent use, and a Client given to Monitor
// should not be used for requests at the same time, because replies and
// notifications arrive on the same socket.
package genl8

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"

	"github.com/ipv8/ipv8/go/ipv8"
)

// ErrNotLoaded is reported (through errors.Is) by Dial when the kernel has
// no "ipv8" generic netlink family, i.e. the module is not loaded.
var ErrNotLoaded = errors.New("ipv8 module not loaded")

// ErrDumpInterrupted is reported when the kernel kept flagging a dump as
// inconsistent (NLM_F_DUMP_INTR) because the table changed under it.
var ErrDumpInterrupted = errors.New("dump interrupted too often")

// dumpRetries bounds how often an interrupted dump is started again.
const dumpRetries = 5

// Error is a request the kernel refused: the errno it answered and the
// extended-ack message, if it gave one. errors.Is(err, unix.ENODEV) and
// the like work on it.
type Error struct {
	Op      string     // what was asked, e.g. "addr add"
	Errno   unix.Errno // the kernel's answer
	Message string     // extack message, may be empty
	Offset  int        // extack offset of the offending attribute, or 0
}

func (e *Error) Error() string {
	if e.Message != "" {
		return fmt.Sprintf("%s: %s (%v)", e.Op, e.Message, e.Errno)
	}
	return fmt.Sprintf("%s: %v", e.Op, e.Errno)
}

func (e *Error) Unwrap() error { return e.Errno }

// NetNSError reports a network namespace that could not be opened.
type NetNSError struct {
	Name string // as given to Dial
	Err  error
}

func (e *NetNSError) Error() string {
	return fmt.Sprintf("cannot open network namespace %q: %v", e.Name, e.Err)
}

func (e *NetNSError) Unwrap() error { return e.Err }

// conn is the part of *genetlink.Conn the client uses; tests wrap a fake.
type conn interface {
	Close() error
	GetFamily(name string) (genetlink.Family, error)
	Send(m genetlink.Message, family uint16, flags netlink.HeaderFlags) (netlink.Message, error)
	Receive() ([]genetlink.Message, []netlink.Message, error)
	JoinGroup(group uint32) error
	SetReadDeadline(t time.Time) error
}

var _ conn = (*genetlink.Conn)(nil)

// Client is a connection to the ipv8 generic netlink family.
type Client struct {
	c       conn
	family  genetlink.Family
	monitor uint32 // multicast group ID, 0 if the family has none
}

// NetNSPath returns the file that names network namespace name, as
// `ip -n NAME` does: /run/netns/NAME, or name itself if it is a path.
func NetNSPath(name string) string {
	if strings.ContainsRune(name, '/') {
		return name
	}
	return filepath.Join("/run/netns", name)
}

// Dial connects to the ipv8 family in network namespace netnsName (see
// NetNSPath), or in the caller's namespace if netnsName is empty.
func Dial(netnsName string) (*Client, error) {
	cfg := &netlink.Config{Strict: true}
	if netnsName != "" {
		f, err := os.Open(NetNSPath(netnsName))
		if err != nil {
			var pe *os.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return nil, &NetNSError{Name: netnsName, Err: err}
		}
		// The socket is created inside the namespace during Dial, so the
		// file may be closed as soon as Dial returns.
		defer f.Close()
		cfg.NetNS = int(f.Fd())
	}
	c, err := genetlink.Dial(cfg)
	if err != nil {
		if netnsName != "" {
			return nil, &NetNSError{Name: netnsName, Err: unwrapSyscall(err)}
		}
		return nil, err
	}
	cl, err := newClient(c)
	if err != nil {
		c.Close()
		return nil, err
	}
	return cl, nil
}

// newClient resolves the family on an open connection.
func newClient(c conn) (*Client, error) {
	fam, err := c.GetFamily(ipv8.GenlName)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("genl8: %w", ErrNotLoaded)
		}
		return nil, fmt.Errorf("genl8: resolving family %q: %w", ipv8.GenlName, err)
	}
	cl := &Client{c: c, family: fam}
	for _, g := range fam.Groups {
		if g.Name == ipv8.McgrpMonitor {
			cl.monitor = g.ID
		}
	}
	return cl, nil
}

// Close releases the socket.
func (c *Client) Close() error { return c.c.Close() }

// execute sends one request and gathers its replies. A dump is started
// again when the kernel flags it interrupted; a "do" request carries
// NLM_F_ACK so that commands without a reply still get an answer, and the
// replies are read until that ack.
func (c *Client) execute(op string, cmd uint8, flags netlink.HeaderFlags, attrs []byte) ([]genetlink.Message, error) {
	msg := genetlink.Message{
		Header: genetlink.Header{Command: cmd, Version: ipv8.GenlVersion},
		Data:   attrs,
	}
	dump := flags&netlink.Dump == netlink.Dump
	if !dump {
		flags |= netlink.Acknowledge
	}
	for try := 0; ; try++ {
		replies, intr, err := c.roundTrip(msg, flags, dump)
		if err != nil {
			return nil, mapError(op, err)
		}
		if !intr {
			return replies, nil
		}
		if try+1 == dumpRetries {
			return nil, fmt.Errorf("%s: %w", op, ErrDumpInterrupted)
		}
	}
}

// roundTrip does one send and the receives that belong to it. It reports
// whether any dump part carried NLM_F_DUMP_INTR.
func (c *Client) roundTrip(msg genetlink.Message, flags netlink.HeaderFlags, dump bool) ([]genetlink.Message, bool, error) {
	req, err := c.c.Send(msg, c.family.ID, flags)
	if err != nil {
		return nil, false, err
	}
	var (
		out  []genetlink.Message
		intr bool
	)
	for {
		gms, nms, err := c.c.Receive()
		if err != nil {
			return nil, false, err
		}
		if err := netlink.Validate(req, nms); err != nil {
			return nil, false, err
		}
		acked := false
		for i, nm := range nms {
			switch {
			case nm.Header.Type == netlink.Error:
				// An error carrying errno 0 is the ack; real errors were
				// already turned into an OpError by Receive.
				acked = true
				continue
			case nm.Header.Type == netlink.Done:
				continue
			}
			if nm.Header.Flags&netlink.DumpInterrupted != 0 {
				intr = true
			}
			out = append(out, gms[i])
		}
		// netlink.Conn reads a multi-part dump up to NLMSG_DONE in one
		// Receive; a do request is over once its ack is in.
		if dump || acked {
			return out, intr, nil
		}
	}
}

// mapError turns the kernel's refusal into an *Error and leaves other
// failures (socket errors) as they are.
func mapError(op string, err error) error {
	var oe *netlink.OpError
	if errors.As(err, &oe) {
		// Errors decoded from a netlink message are bare errnos; socket
		// errors come wrapped in *os.SyscallError.
		if errno, ok := oe.Err.(unix.Errno); ok {
			return &Error{Op: op, Errno: errno, Message: oe.Message, Offset: oe.Offset}
		}
	}
	return fmt.Errorf("%s: %w", op, err)
}

func unwrapSyscall(err error) error {
	var se *os.SyscallError
	if errors.As(err, &se) {
		return se.Err
	}
	return err
}
