// SPDX-License-Identifier: GPL-2.0

package main

import (
	"encoding/binary"
	"testing"
)

func testConfig() Config {
	return Config{
		Src:   [6]byte{2, 0, 0, 0, 0, 1},
		Dst:   [6]byte{2, 0, 0, 0, 0, 2},
		Local: [8]byte{0, 0, 0xfd, 0xea, 10, 0, 0, 2},
		Peer:  [8]byte{0, 0, 0xfd, 0xea, 10, 0, 0, 1},
		Fwd:   [8]byte{0, 0, 0xfd, 0xeb, 198, 51, 100, 7},
		MTU:   1500,
	}
}

// The same seed gives the same frames; another seed does not.
func TestDeterministic(t *testing.T) {
	run := func(seed uint64) Summary {
		s, err := run(options{dst: "02:00:00:00:00:02", local: "65002.10.0.0.2",
			peer: "65002.10.0.0.1", fwd: "65003.198.51.100.7", n: 5000, seed: seed, dry: true})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	a, b, c := run(7), run(7), run(8)
	if a.Digest != b.Digest || a.ByKind != b.ByKind {
		t.Errorf("seed 7 twice: %v / %v", a, b)
	}
	if a.Digest == c.Digest {
		t.Errorf("seeds 7 and 8 gave the same frames")
	}
}

// Every frame fits the link, and the mix covers what the receiver checks.
func TestMix(t *testing.T) {
	g := NewGen(testConfig(), 1)
	var kinds [numKinds]int
	var valid, badsum, frag, opts, big int
	for range 50000 {
		f, k := g.Next()
		kinds[k]++
		if len(f) < ethHdrLen || len(f) > ethHdrLen+1500 {
			t.Fatalf("frame of %d octets", len(f))
		}
		et := binary.BigEndian.Uint16(f[12:])
		if (k == KindIPv8) != (et == etherIPv8) {
			t.Fatalf("kind %v with ethertype %#x", k, et)
		}
		if k != KindIPv8 || len(f) < ethHdrLen+ipv8HLen || f[14]>>4 != 8 {
			continue
		}
		hl := int(f[14]&0xf) * 4
		if hl < ipv8HLen || ethHdrLen+hl > len(f) {
			continue
		}
		if Checksum(f[14:14+hl]) != 0 {
			badsum++
			continue
		}
		valid++
		if hl > ipv8HLen {
			opts++
		}
		if binary.BigEndian.Uint16(f[20:])&0x3fff != 0 {
			frag++
		}
		if len(f) > ethHdrLen+1280 {
			big++
		}
	}
	for k, n := range kinds {
		if n == 0 {
			t.Errorf("no frame of kind %v", Kind(k))
		}
	}
	for name, n := range map[string]int{"valid": valid, "bad checksum": badsum,
		"fragment": frag, "options": opts, "oversize": big} {
		if n < 100 {
			t.Errorf("%d frames %s, want at least 100", n, name)
		}
	}
}

func TestArpKind(t *testing.T) {
	for _, tc := range []struct {
		body []byte
		want Kind
	}{
		{[]byte{0, 1, 0x88, 0xb5, 6, 8, 0, 1}, KindARP8},
		{[]byte{0, 1, 0x88, 0xb5, 6, 4, 0, 1}, KindARP8},
		{[]byte{0, 6, 0x88, 0xb5, 6, 8, 0, 1}, KindARP8},
		{[]byte{0, 1, 0x88, 0xb5, 8, 8, 0, 1}, KindARP8},
		{[]byte{0, 1, 0x88, 0xb5, 6, 8, 0}, KindARP8},
		{[]byte{0, 1, 0x88, 0xb5}, KindARP8},
		{[]byte{0, 1, 0x88}, KindARPShort},
		{nil, KindARPShort},
		{[]byte{0, 1, 0x08, 0x00, 6, 4, 0, 1}, KindARPOther},
	} {
		if got := arpKind(tc.body); got != tc.want {
			t.Errorf("arpKind(%x) = %v, want %v", tc.body, got, tc.want)
		}
	}
}

func TestChecksum(t *testing.T) {
	// The GOOD header of case 55 verifies to zero.
	h := []byte{0x87, 0, 0, 0x20, 0, 0, 0x40, 0, 0x40, 0xfd, 0xe8, 0x09,
		0, 0, 0xfd, 0xe9, 10, 0, 0, 1, 0, 0, 0xfd, 0xea, 10, 0, 0, 2}
	if c := Checksum(h); c != 0 {
		t.Errorf("Checksum = %#x, want 0", c)
	}
}
