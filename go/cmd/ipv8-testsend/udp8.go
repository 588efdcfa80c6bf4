// SPDX-License-Identifier: GPL-2.0

package main

import (
	"fmt"
	"os"
	"time"

	"github.com/ipv8/ipv8/go/in8"
	"github.com/ipv8/ipv8/go/internal/sock8"
)

// runUDP8 sends count datagrams (0: until killed) to dst:port from an
// unbound UDP8 socket. Send errors do not stop it: the teardown case deletes
// links and routes under it, and the socket must stay open and busy.
func runUDP8(dst string, port, count int, interval time.Duration, payload []byte) error {
	addr, err := in8.ParseAddr(dst)
	if err != nil {
		return fmt.Errorf("bad -udp8: %v", err)
	}
	if port < 1 || port > 0xffff {
		return fmt.Errorf("bad -port %d", port)
	}
	c, err := sock8.ListenUDP(in8.Addr{}, 0)
	if err != nil {
		return err
	}
	defer c.Close()
	failed := 0
	for i := 0; count == 0 || i < count; i++ {
		if _, err := c.WriteTo(payload, addr, uint16(port)); err != nil {
			if failed == 0 {
				fmt.Fprintf(os.Stderr, "ipv8-testsend: datagram %d: %v\n", i, err)
			}
			failed++
		}
		if interval > 0 {
			time.Sleep(interval)
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d datagrams failed", failed, count)
	}
	return nil
}
