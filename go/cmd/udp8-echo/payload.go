package main

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// sizer gives datagram seq its payload size: a walk through min..max that
// visits every size once per span datagrams, so a run mixes small and
// large datagrams evenly and any window shorter than span holds distinct
// sizes.
type sizer struct {
	min, span, step uint64
}

func gcd(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func newSizer(min, max int) (sizer, error) {
	if min < 0 || max < min {
		return sizer{}, fmt.Errorf("sizes %d..%d: want 0 <= min <= max", min, max)
	}
	span := uint64(max-min) + 1
	// A step coprime with span makes seq*step mod span a permutation.
	step := uint64(997) % span
	for step == 0 || gcd(step, span) != 1 {
		step++
	}
	return sizer{min: uint64(min), span: span, step: step % span}, nil
}

func (s sizer) size(seq uint32) int {
	if s.span == 1 {
		return int(s.min)
	}
	return int(s.min + uint64(seq)*s.step%s.span)
}

// seqLen is the room the sequence number takes at the start of a payload;
// shorter payloads carry only a fixed pattern.
const seqLen = 4

// fill writes the payload of datagram seq into b (its whole length): the
// sequence number, then octets that depend on it and on their position,
// so a mixed-up or damaged echo shows.
func fill(b []byte, seq uint32) {
	if len(b) < seqLen {
		for i := range b {
			b[i] = 0xa5 ^ byte(i)
		}
		return
	}
	binary.BigEndian.PutUint32(b, seq)
	for i := seqLen; i < len(b); i++ {
		b[i] = byte(seq) + byte(i*7)
	}
}

var errEcho = errors.New("bad echo")

// check decodes an echo: the sequence number it carries (0 and false for
// payloads too short to carry one) or an error wrapping errEcho when its
// length or contents are not those fill gave it.
func check(b []byte, s sizer) (uint32, bool, error) {
	if len(b) < seqLen {
		for i := range b {
			if b[i] != 0xa5^byte(i) {
				return 0, false, fmt.Errorf("%w: %d octets, octet %d is %#02x", errEcho, len(b), i, b[i])
			}
		}
		return 0, false, nil
	}
	seq := binary.BigEndian.Uint32(b)
	if want := s.size(seq); want != len(b) {
		return seq, true, fmt.Errorf("%w: seq %d has %d octets, want %d", errEcho, seq, len(b), want)
	}
	for i := seqLen; i < len(b); i++ {
		if b[i] != byte(seq)+byte(i*7) {
			return seq, true, fmt.Errorf("%w: seq %d, octet %d is %#02x", errEcho, seq, i, b[i])
		}
	}
	return seq, true, nil
}
