package main

import (
	"bytes"
	"errors"
	"testing"
)

func TestSizerPermutation(t *testing.T) {
	for _, tt := range []struct{ min, max int }{{0, 1464}, {0, 0}, {5, 5}, {0, 996}, {0, 1993}, {10, 20}, {0, 1}} {
		s, err := newSizer(tt.min, tt.max)
		if err != nil {
			t.Fatal(err)
		}
		span := tt.max - tt.min + 1
		seen := make(map[int]bool)
		for seq := range uint32(span) {
			z := s.size(seq)
			if z < tt.min || z > tt.max || seen[z] {
				t.Fatalf("%d..%d: seq %d has size %d (seen %v)", tt.min, tt.max, seq, z, seen[z])
			}
			seen[z] = true
		}
	}
	for _, bad := range []struct{ min, max int }{{-1, 5}, {6, 5}} {
		if _, err := newSizer(bad.min, bad.max); err == nil {
			t.Errorf("newSizer(%d, %d) succeeded", bad.min, bad.max)
		}
	}
}

func TestFillCheck(t *testing.T) {
	s, _ := newSizer(0, 1464)
	for _, seq := range []uint32{0, 1, 2, 3, 4, 5, 1000, 99999, 1<<32 - 1} {
		b := make([]byte, s.size(seq))
		fill(b, seq)
		got, has, err := check(b, s)
		if err != nil || has != (len(b) >= seqLen) || has && got != seq {
			t.Errorf("seq %d (%d octets): check = %d, %v, %v", seq, len(b), got, has, err)
		}
		if len(b) > 0 {
			b[len(b)-1] ^= 1
			if _, _, err := check(b, s); !errors.Is(err, errEcho) {
				t.Errorf("seq %d with its last octet flipped: %v, want errEcho", seq, err)
			}
		}
	}
	// Right contents, wrong length for the sequence number.
	b := make([]byte, s.size(7)+1)
	fill(b, 7)
	if _, _, err := check(b, s); !errors.Is(err, errEcho) {
		t.Errorf("long echo: %v, want errEcho", err)
	}
}

func FuzzCheck(f *testing.F) {
	s, _ := newSizer(0, 1464)
	for _, seq := range []uint32{0, 4, 12345} {
		b := make([]byte, s.size(seq))
		fill(b, seq)
		f.Add(b)
	}
	f.Add([]byte{0xa5})
	f.Fuzz(func(t *testing.T, b []byte) {
		seq, has, err := check(b, s)
		if err != nil || !has {
			return
		}
		// Accepted: it is exactly what fill makes for its sequence number.
		w := make([]byte, len(b))
		fill(w, seq)
		if !bytes.Equal(w, b) {
			t.Fatalf("check accepted % x as seq %d, fill makes % x", b, seq, w)
		}
	})
}
