package sock8

import (
	"encoding/binary"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ipv8/ipv8/go/in8"
)

// hdr builds an IPv8 header with IHL ihl words and total length tot.
func hdr(ihl, tot int, ttl, proto byte, src, dst string) []byte {
	b := make([]byte, ihl*4)
	b[0] = 8<<4 | byte(ihl)
	b[1] = 0x10
	binary.BigEndian.PutUint16(b[2:], uint16(tot))
	binary.BigEndian.PutUint16(b[4:], 0x1234)
	binary.BigEndian.PutUint16(b[6:], 0x4000) // DF
	b[8], b[9] = ttl, proto
	binary.BigEndian.PutUint16(b[10:], 0xbeef)
	s, d := in8.MustParseAddr(src).As8(), in8.MustParseAddr(dst).As8()
	copy(b[12:], s[:])
	copy(b[20:], d[:])
	return b
}

func TestParseHeader(t *testing.T) {
	base := hdr(7, 28+4, 62, 1, "65001.192.0.2.1", "65002.198.51.100.2")
	want := Header{Version: 8, Len: 28, TOS: 0x10, TotalLen: 32, ID: 0x1234, FragOff: 0x4000,
		TTL: 62, Protocol: 1, Checksum: 0xbeef,
		Src: in8.MustParseAddr("65001.192.0.2.1"), Dst: in8.MustParseAddr("65002.198.51.100.2")}
	withOpt := want
	withOpt.Len, withOpt.TotalLen = 32, 36
	badVer := append(append([]byte{}, base...), 1, 2, 3, 4)
	badVer[0] = 4<<4 | 7

	tests := []struct {
		name        string
		in          []byte
		want        Header
		wantPayload []byte
		wantErr     bool
	}{
		{"plain", append(append([]byte{}, base...), 1, 2, 3, 4), want, []byte{1, 2, 3, 4}, false},
		{"link padding cut at TotalLen", append(append([]byte{}, base...), 1, 2, 3, 4, 0, 0), want, []byte{1, 2, 3, 4}, false},
		{"truncated payload", append(append([]byte{}, base...), 1, 2), want, []byte{1, 2}, false},
		{"options skipped", append(hdr(8, 36, 62, 1, "65001.192.0.2.1", "65002.198.51.100.2"), 1, 2, 3, 4),
			withOpt, []byte{1, 2, 3, 4}, false},
		{"short", base[:27], Header{}, nil, true},
		{"version 4", badVer, Header{}, nil, true},
		{"IHL 5", append(hdr(5, 28, 1, 1, "1.2.3.4", "1.2.3.4"), make([]byte, 8)...), Header{}, nil, true},
		{"IHL beyond data", hdr(7, 40, 1, 1, "1.2.3.4", "1.2.3.4")[:28], Header{}, nil, true},
		{"total below IHL", append(hdr(7, 20, 1, 1, "1.2.3.4", "1.2.3.4"), 0), Header{}, nil, true},
	}
	// IHL beyond data: claim 8 words in a 28-octet buffer.
	tests[7].in[0] = 8<<4 | 8
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, p, err := ParseHeader(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("ParseHeader error = %v, want error %v", err, tt.wantErr)
			}
			if err != nil {
				if !errors.Is(err, ErrHeader) {
					t.Errorf("error %v does not wrap ErrHeader", err)
				}
				return
			}
			if d := cmp.Diff(tt.want, h, cmp.Comparer(func(a, b in8.Addr) bool { return a == b })); d != "" {
				t.Errorf("header (-want +got):\n%s", d)
			}
			if string(p) != string(tt.wantPayload) {
				t.Errorf("payload = % x, want % x", p, tt.wantPayload)
			}
		})
	}
}

func FuzzParseHeader(f *testing.F) {
	f.Add(append(hdr(7, 36, 64, 1, "65001.10.0.0.1", "65001.10.0.0.2"), make([]byte, 8)...))
	f.Add(hdr(15, 60, 64, 1, "1.2.3.4", "5.6.7.8"))
	f.Add([]byte{0x87})
	f.Fuzz(func(t *testing.T, b []byte) {
		h, p, err := ParseHeader(b)
		if err != nil {
			return
		}
		if h.Len < 28 || h.Len > len(b) || len(p) > len(b)-h.Len || h.Len+len(p) > h.TotalLen {
			t.Fatalf("inconsistent parse of % x: %+v payload %d", b, h, len(p))
		}
	})
}
