//go:build linux

package sock8

import (
	"encoding/binary"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// cmsg builds one control message as the kernel lays it out.
func cmsg(level, typ int, data []byte) []byte {
	b := make([]byte, unix.CmsgSpace(len(data)))
	h := (*unix.Cmsghdr)(unsafe.Pointer(&b[0]))
	h.Level, h.Type = int32(level), int32(typ)
	h.SetLen(unix.CmsgLen(len(data)))
	copy(b[unix.CmsgLen(0):], data)
	return b
}

func pair64(a, b int64) []byte {
	d := make([]byte, 16)
	binary.NativeEndian.PutUint64(d, uint64(a))
	binary.NativeEndian.PutUint64(d[8:], uint64(b))
	return d
}

func pair32(a, b int32) []byte {
	d := make([]byte, 8)
	binary.NativeEndian.PutUint32(d, uint32(a))
	binary.NativeEndian.PutUint32(d[4:], uint32(b))
	return d
}

func cat(bs ...[]byte) []byte {
	var out []byte
	for _, b := range bs {
		out = append(out, b...)
	}
	return out
}

func TestParseRxTime(t *testing.T) {
	const sec = 1795334400 // 2026-11-22
	ttl := make([]byte, 4)
	binary.NativeEndian.PutUint32(ttl, 64)
	tsns := cmsg(unix.SOL_SOCKET, unix.SO_TIMESTAMPNS, pair64(sec, 123456789))
	tests := []struct {
		name string
		oob  []byte
		want time.Time
	}{
		{"none", nil, time.Time{}},
		{"timestampns", tsns, time.Unix(sec, 123456789)},
		{"timestampns new", cmsg(unix.SOL_SOCKET, unix.SO_TIMESTAMPNS_NEW, pair64(sec, 5)), time.Unix(sec, 5)},
		{"timestamp (timeval)", cmsg(unix.SOL_SOCKET, unix.SO_TIMESTAMP, pair64(sec, 250000)), time.Unix(sec, 250000000)},
		{"timestamp new", cmsg(unix.SOL_SOCKET, unix.SO_TIMESTAMP_NEW, pair64(sec, 1)), time.Unix(sec, 1000)},
		{"32-bit old layout", cmsg(unix.SOL_SOCKET, unix.SO_TIMESTAMPNS, pair32(sec, 7)), time.Unix(sec, 7)},
		{"after another message", cat(cmsg(unix.IPPROTO_IP, unix.IP_TTL, ttl), tsns), time.Unix(sec, 123456789)},
		{"other message only", cmsg(unix.IPPROTO_IP, unix.IP_TTL, ttl), time.Time{}},
		{"wrong level", cmsg(unix.IPPROTO_IP, unix.SO_TIMESTAMPNS, pair64(sec, 1)), time.Time{}},
		{"nanoseconds out of range", cmsg(unix.SOL_SOCKET, unix.SO_TIMESTAMPNS, pair64(sec, 1e9)), time.Time{}},
		{"microseconds out of range", cmsg(unix.SOL_SOCKET, unix.SO_TIMESTAMP, pair64(sec, 1e6)), time.Time{}},
		{"negative fraction", cmsg(unix.SOL_SOCKET, unix.SO_TIMESTAMPNS, pair64(sec, -1)), time.Time{}},
		{"odd data length", cmsg(unix.SOL_SOCKET, unix.SO_TIMESTAMPNS, make([]byte, 12)), time.Time{}},
		{"truncated", tsns[:len(tsns)-4], time.Time{}},
		{"header only", tsns[:unix.SizeofCmsghdr], time.Time{}},
		{"short of a header", tsns[:3], time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ParseRxTime(tt.oob)
			if !got.Equal(tt.want) {
				t.Errorf("ParseRxTime = %v, want %v", got, tt.want)
			}
		})
	}
}

func FuzzParseRxTime(f *testing.F) {
	f.Add(cmsg(unix.SOL_SOCKET, unix.SO_TIMESTAMPNS, pair64(1, 2)))
	f.Add(cmsg(unix.SOL_SOCKET, unix.SO_TIMESTAMP, pair32(1, 2)))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, oob []byte) {
		rx := ParseRxTime(oob)
		if !rx.IsZero() && (rx.Nanosecond() < 0 || rx.Nanosecond() >= 1e9) {
			t.Fatalf("ParseRxTime = %v", rx)
		}
	})
}
