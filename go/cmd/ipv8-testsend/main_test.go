// SPDX-License-Identifier: GPL-2.0

package main

import (
	"testing"
)

func TestParseAddr(t *testing.T) {
	tests := []struct {
		in   string
		want [8]byte
		ok   bool
	}{
		{"65001.10.0.0.1", [8]byte{0, 0, 0xfd, 0xe9, 10, 0, 0, 1}, true},
		{"0.0.253.233.10.0.0.1", [8]byte{0, 0, 0xfd, 0xe9, 10, 0, 0, 1}, true},
		{"65001.300.0.0.1", [8]byte{}, false},
		{"4294967296.1.2.3.4", [8]byte{}, false},
		{"1.2.3", [8]byte{}, false},
	}
	for _, tt := range tests {
		got, err := parseAddr(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("parseAddr(%q) error = %v, want ok=%v", tt.in, err, tt.ok)
			continue
		}
		if tt.ok && got != tt.want {
			t.Errorf("parseAddr(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestPacketChecksum(t *testing.T) {
	p := packet([8]byte{0, 0, 0xfd, 0xe9, 10, 0, 0, 1}, [8]byte{0, 0, 0xfd, 0xea, 10, 0, 0, 2}, 253, 64, []byte("x"))
	if p[0] != 0x87 {
		t.Fatalf("version/IHL = %#x, want 0x87", p[0])
	}
	// A header with its checksum in place sums to zero.
	if c := checksum(p[:28]); c != 0 {
		t.Errorf("checksum over header = %#x, want 0", c)
	}
	if got := int(p[2])<<8 | int(p[3]); got != 29 {
		t.Errorf("tot_len = %d, want 29", got)
	}
}

func FuzzParseAddr(f *testing.F) {
	for _, s := range []string{"65001.10.0.0.1", "0.0.0.0.0.0.0.0", "1..2", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, _ = parseAddr(s)
	})
}
