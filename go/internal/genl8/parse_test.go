package genl8

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"

	"github.com/ipv8/ipv8/go/in8"
	"github.com/ipv8/ipv8/go/ipv8"
)

func TestParseAddr(t *testing.T) {
	addr := in8.MustParseAddr("65001.10.0.0.1").As8()
	tests := []struct {
		name    string
		b       []byte
		want    string // prefix text, "" for an error
		wantIdx int
	}{
		{"full", attrs(u32(ipv8.AddrAttrIfindex, 2), raw(ipv8.AddrAttrAddress, addr[:]...), u8(ipv8.AddrAttrPrefixlen, 24)), "65001.10.0.0.1/24", 2},
		{"length defaults to 32", attrs(raw(ipv8.AddrAttrAddress, addr[:]...)), "65001.10.0.0.1/32", 0},
		{"unknown attribute skipped", attrs(raw(ipv8.AddrAttrAddress, addr[:]...), raw(77, 1, 2, 3)), "65001.10.0.0.1/32", 0},
		{"no address", attrs(u32(ipv8.AddrAttrIfindex, 2)), "", 0},
		{"7-octet address", attrs(raw(ipv8.AddrAttrAddress, addr[:7]...)), "", 0},
		{"length 33", attrs(raw(ipv8.AddrAttrAddress, addr[:]...), u8(ipv8.AddrAttrPrefixlen, 33)), "", 0},
		{"short ifindex", attrs(raw(ipv8.AddrAttrIfindex, 1, 2), raw(ipv8.AddrAttrAddress, addr[:]...)), "", 0},
		{"truncated attribute", []byte{12, 0, 3, 0, 1}, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := parseAddr(tt.b)
			if tt.want == "" {
				if err == nil {
					t.Fatalf("parseAddr = %+v, want an error", a)
				}
				return
			}
			if err != nil {
				t.Fatalf("parseAddr: %v", err)
			}
			if a.Prefix.String() != tt.want || a.Index != tt.wantIdx {
				t.Errorf("parseAddr = %d %v, want %d %s", a.Index, a.Prefix, tt.wantIdx, tt.want)
			}
		})
	}
}

func TestParseRoute(t *testing.T) {
	dst := in8.MustParseAddr("65002.10.1.0.0").As8()
	gw := in8.MustParseAddr("65001.222.0.0.2").As8()
	dflt := netlink.Attribute{Type: ipv8.RouteAttrDefault}
	tests := []struct {
		name    string
		b       []byte
		want    Route
		wantErr bool
	}{
		{
			name: "full",
			b: attrs(raw(ipv8.RouteAttrDst, dst[:]...), u8(ipv8.RouteAttrDstLen, 16), u32(ipv8.RouteAttrMetric, 10),
				u32(ipv8.RouteAttrOIF, 2), str(ipv8.RouteAttrOIFName, "veth0"), raw(ipv8.RouteAttrGateway, gw[:]...)),
			want: Route{Dst: in8.MustParsePrefix("65002.10.1.0.0/16"), Gateway: in8.AddrFrom8(gw), Index: 2, Name: "veth0", Metric: 10},
		},
		{
			name: "length defaults to 32, unknown attribute skipped",
			b:    attrs(raw(ipv8.RouteAttrDst, dst[:]...), u32(ipv8.RouteAttrOIF, 2), raw(99, 1)),
			want: Route{Dst: in8.MustParsePrefix("65002.10.1.0.0/32"), Index: 2},
		},
		{
			name: "default",
			b:    attrs(dflt, u32(ipv8.RouteAttrOIF, 3)),
			want: Route{Dst: in8.DefaultPrefix(), Index: 3},
		},
		{name: "neither destination nor default", b: attrs(u32(ipv8.RouteAttrOIF, 2)), wantErr: true},
		{name: "both destination and default", b: attrs(raw(ipv8.RouteAttrDst, dst[:]...), dflt), wantErr: true},
		{name: "7-octet destination", b: attrs(raw(ipv8.RouteAttrDst, dst[:7]...)), wantErr: true},
		{name: "length 33", b: attrs(raw(ipv8.RouteAttrDst, dst[:]...), u8(ipv8.RouteAttrDstLen, 33)), wantErr: true},
		{name: "9-octet gateway", b: attrs(dflt, raw(ipv8.RouteAttrGateway, append(gw[:], 0)...)), wantErr: true},
		{
			name: "pair",
			b:    attrs(dflt, raw(ipv8.RouteAttrGateway, gw[:]...), raw(ipv8.RouteAttrGateway2, dst[:]...), raw(ipv8.RouteAttrActive, dst[:]...)),
			want: Route{Dst: in8.DefaultPrefix(), Gateway: in8.AddrFrom8(gw), Gateway2: in8.AddrFrom8(dst), Active: in8.AddrFrom8(dst)},
		},
		{name: "second gateway alone", b: attrs(dflt, raw(ipv8.RouteAttrGateway2, gw[:]...)), wantErr: true},
		{name: "7-octet second gateway", b: attrs(dflt, raw(ipv8.RouteAttrGateway, gw[:]...), raw(ipv8.RouteAttrGateway2, gw[:7]...)), wantErr: true},
		{name: "7-octet active", b: attrs(dflt, raw(ipv8.RouteAttrActive, gw[:7]...)), wantErr: true},
		{name: "short metric", b: attrs(dflt, raw(ipv8.RouteAttrMetric, 1, 2)), wantErr: true},
		{name: "truncated attribute", b: []byte{12, 0, 1, 0, 1}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseRoute(tt.b)
			if (err != nil) != tt.wantErr {
				t.Fatalf("parseRoute error %v, want error %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got, in8Equal); diff != "" {
				t.Errorf("parseRoute (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseLink(t *testing.T) {
	tests := []struct {
		name    string
		b       []byte
		want    Link
		wantErr bool
	}{
		{
			name: "without hardware address",
			b:    attrs(u32(ipv8.LinkAttrIfindex, 1), str(ipv8.LinkAttrIfname, "lo"), u8(ipv8.LinkAttrEnabled, 0), u32(ipv8.LinkAttrMTU, 65536)),
			want: Link{Index: 1, Name: "lo", MTU: 65536},
		},
		{
			name: "state number unknown here",
			b:    attrs(u32(ipv8.LinkAttrIfindex, 4), u8(ipv8.LinkAttrOperstate, 42), raw(99)),
			want: Link{Index: 4, OperState: 42},
		},
		{
			name: "stats nest with pad, unknown counter, kernel order",
			b: attrs(u32(ipv8.LinkAttrIfindex, 2), u8(ipv8.LinkAttrEnabled, 1), linkStats(
				raw(0, 0, 0, 0, 0), // alignment pad
				u64(ipv8.StatRxDropNoRoute, 3),
				u64(99, 5), // newer than this build
				u64(ipv8.StatRxPackets, 12),
				u32(ipv8.StatRxDropOtherhost, 1), // NLA_UINT-style 4 octets
			)),
			want: Link{Index: 2, Enabled: true, Stats: []Counter{
				{ID: ipv8.StatRxPackets, Name: "rx_packets", Value: 12},
				{ID: ipv8.StatRxDropOtherhost, Name: "rx_drop_otherhost", Value: 1},
				{ID: ipv8.StatRxDropNoRoute, Name: "rx_drop_no_route", Value: 3},
				{ID: 99, Name: "stat_99", Value: 5},
			}},
		},
		{
			// Present but empty differs from absent (IPv8 off): not nil.
			name: "empty stats nest",
			b:    attrs(u32(ipv8.LinkAttrIfindex, 2), linkStats()),
			want: Link{Index: 2, Stats: []Counter{}},
		},
		{
			name: "switches",
			b: attrs(u32(ipv8.LinkAttrIfindex, 3), u8(ipv8.LinkAttrEnabled, 1),
				u8(ipv8.LinkAttrForwarding, 1), u8(ipv8.LinkAttrBorder, 1), u8(ipv8.LinkAttrWAN, 0)),
			want: Link{Index: 3, Enabled: true, Forwarding: true, Border: true},
		},
		{name: "no ifindex", b: attrs(str(ipv8.LinkAttrIfname, "lo")), wantErr: true},
		{name: "short forwarding", b: attrs(u32(ipv8.LinkAttrIfindex, 3), raw(ipv8.LinkAttrForwarding)), wantErr: true},
		{name: "short mtu", b: attrs(u32(ipv8.LinkAttrIfindex, 1), u8(ipv8.LinkAttrMTU, 1)), wantErr: true},
		{name: "3-octet link counter", b: attrs(u32(ipv8.LinkAttrIfindex, 2), linkStats(raw(ipv8.StatRxPackets, 1, 2, 3))), wantErr: true},
		{name: "truncated stats nest", b: attrs(u32(ipv8.LinkAttrIfindex, 2), raw(ipv8.LinkAttrStats|unix.NLA_F_NESTED, 12, 0, 1, 0)), wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseLink(tt.b)
			if (err != nil) != tt.wantErr {
				t.Fatalf("parseLink error %v, want error %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("parseLink (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseNeigh(t *testing.T) {
	dst := in8.MustParseAddr("65001.192.0.2.2")
	d := dst.As8()
	mac := []byte{2, 0, 0, 0, 0, 2}
	tests := []struct {
		name    string
		b       []byte
		want    Neighbor
		wantErr bool
	}{
		{
			name: "full",
			b:    neighMsg(2, "veth0", "65001.192.0.2.2", mac, unix.NUD_PERMANENT, 3, 0, 42).Data,
			want: Neighbor{Index: 2, Name: "veth0", Dst: dst, HardwareAddr: mac, State: unix.NUD_PERMANENT,
				Caps: ipv8.NeighCapV8 | ipv8.NeighCapV4, Confirmed: 42 * time.Millisecond},
		},
		{
			name: "unresolved, unknown attribute skipped",
			b:    attrs(u32(ipv8.NeighAttrIfindex, 2), raw(ipv8.NeighAttrDst, d[:]...), u16(ipv8.NeighAttrState, unix.NUD_INCOMPLETE), raw(99, 1)),
			want: Neighbor{Index: 2, Dst: dst, State: unix.NUD_INCOMPLETE},
		},
		{
			name: "watched gateway",
			b: attrs(u32(ipv8.NeighAttrIfindex, 2), raw(ipv8.NeighAttrDst, d[:]...), u8(ipv8.NeighAttrLiveness, ipv8.LivenessDead),
				u32(ipv8.NeighAttrMisses, 4)),
			want: Neighbor{Index: 2, Dst: dst, Liveness: ipv8.LivenessDead, Misses: 4},
		},
		{name: "no ifindex", b: attrs(raw(ipv8.NeighAttrDst, d[:]...)), wantErr: true},
		{name: "no address", b: attrs(u32(ipv8.NeighAttrIfindex, 2)), wantErr: true},
		{name: "7-octet address", b: attrs(u32(ipv8.NeighAttrIfindex, 2), raw(ipv8.NeighAttrDst, d[:7]...)), wantErr: true},
		{name: "u8 state", b: attrs(u32(ipv8.NeighAttrIfindex, 2), raw(ipv8.NeighAttrDst, d[:]...), u8(ipv8.NeighAttrState, 2)), wantErr: true},
		{name: "short probes", b: attrs(u32(ipv8.NeighAttrIfindex, 2), raw(ipv8.NeighAttrDst, d[:]...), raw(ipv8.NeighAttrProbes, 1)), wantErr: true},
		{name: "truncated attribute", b: []byte{12, 0, 3, 0, 1}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseNeigh(tt.b)
			if (err != nil) != tt.wantErr {
				t.Fatalf("parseNeigh error %v, want error %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got, in8Equal); diff != "" {
				t.Errorf("parseNeigh (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseReach(t *testing.T) {
	nh := in8.MustParseAddr("65001.192.0.2.254")
	n := nh.As8()
	mac := []byte{2, 0, 0, 0, 0, 0xfe}
	dflt := netlink.Attribute{Type: ipv8.ReachAttrDefault}
	tests := []struct {
		name    string
		b       []byte
		want    Reach
		wantErr bool
	}{
		{
			name: "full",
			b:    reachMsg("default", "65001.192.0.2.254", 2, "veth0", ipv8.ReachPrimary, mac, unix.NUD_REACHABLE, 1).Data,
			want: Reach{Dst: in8.DefaultPrefix(), Index: 2, Name: "veth0", Nexthop: nh, Role: ipv8.ReachPrimary,
				HardwareAddr: mac, State: unix.NUD_REACHABLE, Caps: 1},
		},
		{
			name: "connected, length defaults to 32, unknown skipped",
			b:    attrs(raw(ipv8.ReachAttrDst, n[:]...), u32(ipv8.ReachAttrOIF, 2), raw(99, 1)),
			want: Reach{Dst: in8.PrefixFrom(nh, 32), Index: 2},
		},
		{name: "neither destination nor default", b: attrs(u32(ipv8.ReachAttrOIF, 2)), wantErr: true},
		{name: "both", b: attrs(dflt, raw(ipv8.ReachAttrDst, n[:]...)), wantErr: true},
		{name: "length 33", b: attrs(raw(ipv8.ReachAttrDst, n[:]...), u8(ipv8.ReachAttrDstLen, 33)), wantErr: true},
		{name: "7-octet next hop", b: attrs(dflt, raw(ipv8.ReachAttrNexthop, n[:7]...)), wantErr: true},
		{name: "u8 state", b: attrs(dflt, u8(ipv8.ReachAttrState, 2)), wantErr: true},
		{name: "truncated attribute", b: []byte{12, 0, 3, 0, 1}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseReach(tt.b)
			if (err != nil) != tt.wantErr {
				t.Fatalf("parseReach error %v, want error %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got, in8Equal); diff != "" {
				t.Errorf("parseReach (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParsePeer(t *testing.T) {
	a := in8.MustParseAddr("65002.10.0.0.1")
	b := a.As8()
	tests := []struct {
		name    string
		b       []byte
		want    Peer
		wantErr bool
	}{
		{
			name: "full",
			b:    peerMsg(3, "veth1", 65002, "65002.10.0.0.1", unix.NUD_STALE, 1).Data,
			want: Peer{Index: 3, Name: "veth1", ASN: 65002, Addr: a, State: unix.NUD_STALE, Caps: 1},
		},
		{name: "no ifindex", b: attrs(raw(ipv8.PeerAttrAddr, b[:]...)), wantErr: true},
		{name: "no address", b: attrs(u32(ipv8.PeerAttrIfindex, 3)), wantErr: true},
		{name: "9-octet address", b: attrs(u32(ipv8.PeerAttrIfindex, 3), raw(ipv8.PeerAttrAddr, append(b[:], 0)...)), wantErr: true},
		{name: "short ASN", b: attrs(u32(ipv8.PeerAttrIfindex, 3), raw(ipv8.PeerAttrASN, 1, 2)), wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parsePeer(tt.b)
			if (err != nil) != tt.wantErr {
				t.Fatalf("parsePeer error %v, want error %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got, in8Equal); diff != "" {
				t.Errorf("parsePeer (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRoleLivenessNames(t *testing.T) {
	for _, tt := range []struct{ got, want string }{
		{ReachRole(0).String(), "single"}, {ReachRole(1).String(), "primary"},
		{ReachRole(2).String(), "secondary"}, {ReachRole(7).String(), "7"},
		{Liveness(0).String(), "none"}, {Liveness(1).String(), "alive"},
		{Liveness(2).String(), "dead"}, {Liveness(9).String(), "9"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestNeighStateNames(t *testing.T) {
	tests := []struct {
		s    NeighState
		want string
	}{
		{0, "NONE"},
		{unix.NUD_REACHABLE, "REACHABLE"},
		{unix.NUD_PERMANENT, "PERMANENT"},
		{unix.NUD_STALE | unix.NUD_NOARP, "STALE NOARP"},
		{unix.NUD_FAILED | 0x100, "FAILED 0x100"},
	}
	for _, tt := range tests {
		if got := tt.s.String(); got != tt.want {
			t.Errorf("NeighState(%#x) = %q, want %q", uint16(tt.s), got, tt.want)
		}
	}
}

func TestNeighCapsNames(t *testing.T) {
	tests := []struct {
		c     NeighCaps
		want  string
		names []string
	}{
		{0, "none", []string{}},
		{ipv8.NeighCapV8, "v8", []string{"v8"}},
		{ipv8.NeighCapV4, "v4", []string{"v4"}},
		{ipv8.NeighCapV8 | ipv8.NeighCapV4, "v8+v4", []string{"v8", "v4"}},
		{0x81, "v8+0x80", []string{"v8", "0x80"}},
	}
	for _, tt := range tests {
		if got := tt.c.String(); got != tt.want {
			t.Errorf("NeighCaps(%#x) = %q, want %q", uint8(tt.c), got, tt.want)
		}
		if diff := cmp.Diff(tt.names, tt.c.Names()); diff != "" {
			t.Errorf("NeighCaps(%#x).Names (-want +got):\n%s", uint8(tt.c), diff)
		}
	}
}

// linkStats builds an IPV8_A_LINK_STATS nest of counters.
func linkStats(cs ...netlink.Attribute) netlink.Attribute {
	return netlink.Attribute{Type: ipv8.LinkAttrStats | unix.NLA_F_NESTED, Data: attrs(cs...)}
}

func TestOperState(t *testing.T) {
	for s, want := range map[OperState]string{OperUp: "UP", OperUnknown: "UNKNOWN", OperLowerLayerDown: "LOWERLAYERDOWN", 42: "42"} {
		if got := s.String(); got != want {
			t.Errorf("OperState(%d) = %q, want %q", uint8(s), got, want)
		}
	}
}

func TestParseStatsBadCounter(t *testing.T) {
	b := attrs(netlink.Attribute{
		Type: ipv8.StatsAttrCounters | unix.NLA_F_NESTED,
		Data: attrs(raw(ipv8.StatRxPackets, 1, 2, 3)),
	})
	if cs, err := parseStats(b); err == nil {
		t.Fatalf("parseStats = %v, want an error for a 3-octet counter", cs)
	}
}

func TestCounterNames(t *testing.T) {
	for id := uint16(1); id <= ipv8.StatMax; id++ {
		if name := CounterName(id); name == "" || name[:5] == "stat_" {
			t.Errorf("counter %d has no name (%q)", id, name)
		}
	}
}

// The fuzz targets check that no reply, however malformed, panics the
// parsers, and that what they accept is within the UAPI's bounds.

func FuzzParseAddr(f *testing.F) {
	addr := in8.MustParseAddr("65001.10.0.0.1").As8()
	f.Add(attrs(u32(ipv8.AddrAttrIfindex, 2), raw(ipv8.AddrAttrAddress, addr[:]...), u8(ipv8.AddrAttrPrefixlen, 24)))
	f.Add(attrs(raw(ipv8.AddrAttrAddress, addr[:7]...)))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := parseAddr(b)
		if err != nil {
			return
		}
		if bits := a.Prefix.Bits(); bits < 0 || bits > 32 || !a.Prefix.IsValid() {
			t.Fatalf("accepted prefix %v with %d bits", a.Prefix, bits)
		}
	})
}

func FuzzParseRoute(f *testing.F) {
	dst := in8.MustParseAddr("65002.10.1.0.0").As8()
	f.Add(attrs(raw(ipv8.RouteAttrDst, dst[:]...), u8(ipv8.RouteAttrDstLen, 16), u32(ipv8.RouteAttrMetric, 10),
		u32(ipv8.RouteAttrOIF, 2), str(ipv8.RouteAttrOIFName, "veth0"), raw(ipv8.RouteAttrGateway, dst[:]...)))
	f.Add(attrs(netlink.Attribute{Type: ipv8.RouteAttrDefault}, u32(ipv8.RouteAttrOIF, 2)))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := parseRoute(b)
		if err != nil {
			return
		}
		if !r.Dst.IsValid() || r.Dst.Bits() < 0 || r.Dst.Bits() > 32 {
			t.Fatalf("accepted route %+v", r)
		}
	})
}

func FuzzParseLink(f *testing.F) {
	f.Add(linkMsg(2, "veth0", true, 1500, 6, 2, 0, 0, 0, 0, 1).Data)
	f.Add(attrs(u32(ipv8.LinkAttrIfindex, 2), linkStats(raw(0), u64(1, 12), u32(3, 1), u64(99, 5))))
	f.Add([]byte{4, 0, 1, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		l, err := parseLink(b)
		if err != nil {
			return
		}
		if l.Index == 0 {
			t.Fatal("accepted a link without ifindex")
		}
		for i, c := range l.Stats {
			if c.ID == 0 || i > 0 && l.Stats[i-1].ID > c.ID {
				t.Fatalf("bad link counters: %v", l.Stats)
			}
		}
	})
}

func FuzzParseNeigh(f *testing.F) {
	f.Add(neighMsg(2, "veth0", "65001.192.0.2.2", []byte{2, 0, 0, 0, 0, 2}, unix.NUD_REACHABLE, 1, 0, 1500).Data)
	f.Add(neighMsg(2, "veth0", "65001.192.0.2.9", nil, unix.NUD_INCOMPLETE, 0, 3, 0).Data)
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		n, err := parseNeigh(b)
		if err != nil {
			return
		}
		if n.Index == 0 || n.Confirmed < 0 {
			t.Fatalf("accepted neighbour %+v", n)
		}
		_ = n.State.String() + n.Caps.String()
	})
}

func FuzzParseStats(f *testing.F) {
	f.Add(attrs(netlink.Attribute{
		Type: ipv8.StatsAttrCounters | unix.NLA_F_NESTED,
		Data: attrs(u64(1, 12), u32(2, 3)),
	}))
	f.Fuzz(func(t *testing.T, b []byte) {
		cs, err := parseStats(b)
		if err != nil {
			return
		}
		for i := 1; i < len(cs); i++ {
			if cs[i-1].ID > cs[i].ID {
				t.Fatalf("counters out of order: %v", cs)
			}
		}
	})
}

func FuzzParseReach(f *testing.F) {
	f.Add(reachMsg("default", "65001.192.0.2.254", 2, "veth0", 1, []byte{2, 0, 0, 0, 0, 1}, unix.NUD_REACHABLE, 1).Data)
	f.Add(reachMsg("65001.192.0.2.0/24", "", 2, "veth0", 0, nil, 0, 0).Data)
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := parseReach(b)
		if err != nil {
			return
		}
		if !r.Dst.IsValid() || r.Dst.Bits() < 0 || r.Dst.Bits() > 32 {
			t.Fatalf("accepted entry %+v", r)
		}
		_ = r.Role.String() + r.State.String() + r.Caps.String()
	})
}

func FuzzParsePeer(f *testing.F) {
	f.Add(peerMsg(3, "veth1", 65002, "65002.10.0.0.1", unix.NUD_REACHABLE, 3).Data)
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := parsePeer(b)
		if err != nil {
			return
		}
		if p.Index == 0 {
			t.Fatalf("accepted peer %+v", p)
		}
	})
}
