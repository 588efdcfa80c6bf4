package main

import (
	"net"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ipv8/ipv8/go/in8"
	"github.com/ipv8/ipv8/go/internal/genl8"
)

func TestParseArgs(t *testing.T) {
	p24 := in8.MustParsePrefix("65001.10.0.0.1/24")
	p32 := in8.MustParsePrefix("65001.10.0.0.1/32")
	r16 := in8.MustParsePrefix("65002.10.1.0.0/16")
	dflt := in8.DefaultPrefix()
	gw := in8.MustParseAddr("65001.222.0.0.2")
	nb := in8.MustParseAddr("65001.192.0.2.2")
	mac := net.HardwareAddr{2, 0, 0, 0, 0, 2}
	on, off := true, false
	fifty := uint32(50)
	tests := []struct {
		args string
		want command
	}{
		// Objects and commands, with their abbreviations.
		{"link", command{kind: kLinkShow}},
		{"l", command{kind: kLinkShow}},
		{"link show", command{kind: kLinkShow}},
		{"link list", command{kind: kLinkShow}},
		{"link ls", command{kind: kLinkShow}},
		{"link lst", command{kind: kLinkShow}},
		{"l s", command{kind: kLinkShow}},
		{"link sh veth0", command{kind: kLinkShow, dev: "veth0"}},
		{"link show dev veth0", command{kind: kLinkShow, dev: "veth0"}},
		{"link show dev dev", command{kind: kLinkShow, dev: "dev"}},
		{"link se veth0 ipv8 on", command{kind: kLinkSet, dev: "veth0", link: genl8.LinkSettings{Enabled: &on}}},
		{"link set dev veth0 ipv8 off", command{kind: kLinkSet, dev: "veth0", link: genl8.LinkSettings{Enabled: &off}}},
		{"link set veth0 probe_interval 50", command{kind: kLinkSet, dev: "veth0", link: genl8.LinkSettings{ProbeInterval: &fifty}}},
		{"-d link show", command{opts: options{details: true}, kind: kLinkShow}},
		{"--details l", command{opts: options{details: true}, kind: kLinkShow}},
		{"mft", command{kind: kMftShow}},
		{"mft s", command{kind: kMftShow}},
		{"mft n", command{kind: kMftNeigh}},
		{"mft neighbours", command{kind: kMftNeigh}},
		{"mft p", command{kind: kMftPeers}},
		{"mft r", command{kind: kMftReach}},
		{"m", command{kind: kMonitor}},
		{"route add default via 65001.222.0.0.2 via 65001.192.0.2.2 dev veth0",
			command{kind: kRouteAdd, prefix: dflt, gateway: gw, gateway2: nb, dev: "veth0"}},
		{"link set ipv8 on veth0", command{kind: kLinkSet, dev: "veth0", link: genl8.LinkSettings{Enabled: &on}}},
		{"link set veth0 forwarding on", command{kind: kLinkSet, dev: "veth0", link: genl8.LinkSettings{Forwarding: &on}}},
		{"link set wan off border on dev veth0 forwarding off ipv8 on", command{kind: kLinkSet, dev: "veth0",
			link: genl8.LinkSettings{Enabled: &on, Forwarding: &off, Border: &on, WAN: &off}}},
		{"neighbour", command{kind: kNeighShow}},
		{"neighbor", command{kind: kNeighShow}},
		{"neigh", command{kind: kNeighShow}},
		{"n", command{kind: kNeighShow}},
		{"n s veth0", command{kind: kNeighShow, dev: "veth0"}},
		{"neigh show dev veth0", command{kind: kNeighShow, dev: "veth0"}},
		{"neighbor list", command{kind: kNeighShow}},
		{"neigh add 65001.192.0.2.2 lladdr 02:00:00:00:00:02 dev veth0",
			command{kind: kNeighAdd, dst: nb, lladdr: mac, dev: "veth0"}},
		{"n a dev veth0 caps v8,v4 lladdr 02-00-00-00-00-02 0.0.253.233.192.0.2.2",
			command{kind: kNeighAdd, dst: nb, lladdr: mac, dev: "veth0", caps: 3}},
		{"neigh replace 65001.192.0.2.2 lladdr 0200.0000.0002 dev veth0 caps v4",
			command{kind: kNeighAdd, dst: nb, lladdr: mac, dev: "veth0", caps: 2}},
		{"neigh add 65001.192.0.2.2 lladdr 02:00:00:00:00:02 dev veth0 caps v4+v8",
			command{kind: kNeighAdd, dst: nb, lladdr: mac, dev: "veth0", caps: 3}},
		{"neighbour del 65001.192.0.2.2 dev veth0", command{kind: kNeighDel, dst: nb, dev: "veth0"}},
		{"n d dev veth0 65001.192.0.2.2", command{kind: kNeighDel, dst: nb, dev: "veth0"}},
		{"neigh flush dev veth0", command{kind: kNeighFlush, dev: "veth0"}},
		{"n f veth0", command{kind: kNeighFlush, dev: "veth0"}},
		{"neigh help", command{kind: kHelp, help: neighUsage}},
		{"help n", command{kind: kHelp, help: neighUsage}},
		{"address", command{kind: kAddrShow}},
		{"addr", command{kind: kAddrShow}},
		{"a", command{kind: kAddrShow}},
		{"a s", command{kind: kAddrShow}},
		{"addr list", command{kind: kAddrShow}},
		{"addr ls dev veth0", command{kind: kAddrShow, dev: "veth0"}},
		{"addr show veth0", command{kind: kAddrShow, dev: "veth0"}},
		{"addr add 65001.10.0.0.1/24 dev veth0", command{kind: kAddrAdd, dev: "veth0", prefix: p24, bitsGiven: true}},
		{"a a 65001.10.0.0.1 dev veth0", command{kind: kAddrAdd, dev: "veth0", prefix: p32}},
		{"ad ad dev veth0 65001.10.0.0.1/24", command{kind: kAddrAdd, dev: "veth0", prefix: p24, bitsGiven: true}},
		{"addr add local 65001.10.0.0.1/24 dev veth0", command{kind: kAddrAdd, dev: "veth0", prefix: p24, bitsGiven: true}},
		{"addr add 0.0.253.233.10.0.0.1/24 dev veth0", command{kind: kAddrAdd, dev: "veth0", prefix: p24, bitsGiven: true}},
		{"addr del 65001.10.0.0.1/24 dev veth0", command{kind: kAddrDel, dev: "veth0", prefix: p24, bitsGiven: true}},
		{"addr delete 65001.10.0.0.1 dev veth0", command{kind: kAddrDel, dev: "veth0", prefix: p32}},
		{"a d 65001.10.0.0.1/32 dev veth0", command{kind: kAddrDel, dev: "veth0", prefix: p32, bitsGiven: true}},
		{"addr flush dev veth0", command{kind: kAddrFlush, dev: "veth0"}},
		{"a f veth0", command{kind: kAddrFlush, dev: "veth0"}},
		{"stats", command{kind: kStatsShow}},
		{"st show", command{kind: kStatsShow}},
		{"s s", command{kind: kStatsShow}},
		{"monitor", command{kind: kMonitor}},
		{"mon", command{kind: kMonitor}},
		{"m all", command{kind: kMonitor}},
		{"route", command{kind: kRouteShow}},
		{"r", command{kind: kRouteShow}},
		{"ro s", command{kind: kRouteShow}},
		{"route list", command{kind: kRouteShow}},
		{"route ls", command{kind: kRouteShow}},
		{"route add 65002.10.1.0.0/16 via 65001.222.0.0.2 dev veth0 metric 10",
			command{kind: kRouteAdd, prefix: r16, gateway: gw, dev: "veth0", metric: 10, metricGiven: true}},
		{"r a metric 10 dev veth0 via 0.0.253.233.222.0.0.2 0.0.253.234.10.1.0.0/16",
			command{kind: kRouteAdd, prefix: r16, gateway: gw, dev: "veth0", metric: 10, metricGiven: true}},
		{"route add default dev veth0", command{kind: kRouteAdd, prefix: dflt, dev: "veth0"}},
		{"route add 65001.10.0.0.1 via 65001.222.0.0.2", command{kind: kRouteAdd, prefix: p32, gateway: gw}},
		{"route add 65001.10.0.0.1/24 dev veth0", command{kind: kRouteAdd, prefix: p24, dev: "veth0"}},
		{"route replace default via 65001.222.0.0.2", command{kind: kRouteReplace, prefix: dflt, gateway: gw}},
		{"r rep default via 65001.222.0.0.2 metric 0", command{kind: kRouteReplace, prefix: dflt, gateway: gw, metricGiven: true}},
		{"route del 65002.10.1.0.0/16", command{kind: kRouteDel, prefix: r16}},
		{"route delete default metric 4294967295", command{kind: kRouteDel, prefix: dflt, metric: 4294967295, metricGiven: true}},
		{"r d metric 3 default", command{kind: kRouteDel, prefix: dflt, metric: 3, metricGiven: true}},
		{"route get 65001.222.0.0.2", command{kind: kRouteGet, dst: gw}},
		{"r g 0.0.253.233.222.0.0.2", command{kind: kRouteGet, dst: gw}},
		{"route help", command{kind: kHelp, help: routeUsage}},
		{"help route", command{kind: kHelp, help: routeUsage}},
		// Options.
		{"-j link", command{kind: kLinkShow, opts: options{json: true}}},
		{"-json -pretty link", command{kind: kLinkShow, opts: options{json: true, pretty: true}}},
		{"--json --pretty link", command{kind: kLinkShow, opts: options{json: true, pretty: true}}},
		{"-s -s -stats stats", command{kind: kStatsShow, opts: options{stats: 3}}},
		{"-statistics stats", command{kind: kStatsShow, opts: options{stats: 1}}},
		{"-n blue link", command{kind: kLinkShow, opts: options{netns: "blue"}}},
		{"-netns blue -j link", command{kind: kLinkShow, opts: options{netns: "blue", json: true}}},
		{"--netns=blue link", command{kind: kLinkShow, opts: options{netns: "blue"}}},
		{"-j -- link", command{kind: kLinkShow, opts: options{json: true}}},
		{"-V", command{kind: kVersion}},
		{"-Version", command{kind: kVersion}},
		{"--version", command{kind: kVersion}},
		{"help", command{kind: kHelp, help: fullUsage}},
		{"h", command{kind: kHelp, help: fullUsage}},
		{"-help", command{kind: kHelp, help: fullUsage}},
		{"help link", command{kind: kHelp, help: linkUsage}},
		{"link help", command{kind: kHelp, help: linkUsage}},
		{"a help", command{kind: kHelp, help: addrUsage}},
	}
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			got, err := parseArgs(strings.Fields(tt.args))
			if err != nil {
				t.Fatalf("parseArgs: %v", err)
			}
			if diff := cmp.Diff(tt.want, *got, cmp.AllowUnexported(command{}, options{}), cmp.Comparer(func(a, b in8.Prefix) bool { return a == b }), cmp.Comparer(func(a, b in8.Addr) bool { return a == b })); diff != "" {
				t.Errorf("parseArgs (-want +got):\n%s", diff)
			}
		})
	}
}

// TestUsageErrors pins every usage error's message, exit code and whether
// the grammar follows it on stderr.
func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args        string
		msg         string
		code        int
		wantGrammar string
	}{
		{"", "", 255, mainUsage},
		{"foo", `Object "foo" is unknown, try "ipv8ctl help".`, 1, ""},
		{"-j foo", `Object "foo" is unknown, try "ipv8ctl help".`, 1, ""},
		{"-x link", `Option "-x" is unknown, try "ipv8ctl -help".`, 255, ""},
		{"--json=1 link", `Option "--json=1" is unknown, try "ipv8ctl -help".`, 255, ""},
		{"-", `Object "-" is unknown, try "ipv8ctl help".`, 1, ""},
		{"-n", `Error: option "-n" needs a network namespace name.`, 255, ""},
		{"--netns= link", `Error: option "--netns=" needs a network namespace name.`, 255, ""},
		{"link foo", `Command "foo" is unknown, try "ipv8ctl link help".`, 255, ""},
		{"addr replace 65001.1.0.0.1 dev x", `Command "replace" is unknown, try "ipv8ctl address help".`, 255, ""},
		{"stats clear", `Command "clear" is unknown, try "ipv8ctl stats help".`, 255, ""},
		{"monitor link", `Command "link" is unknown, try "ipv8ctl monitor help".`, 255, ""},
		{"link show veth0 veth1", `Error: unexpected argument "veth1".`, 255, linkUsage},
		{"link show dev", `Error: argument missing after "dev".`, 255, linkUsage},
		{"link show dev a dev b", `Error: "dev" given twice.`, 255, linkUsage},
		{"link show dev 0123456789abcdef", `Error: argument "0123456789abcdef" is wrong: "dev" not a valid ifname.`, 255, ""},
		{"link show a/b", `Error: argument "a/b" is wrong: "dev" not a valid ifname.`, 255, ""},
		{"link set", `Not enough information: "dev" argument is required.`, 255, linkUsage},
		{"link set ipv8 on", `Not enough information: "dev" argument is required.`, 255, linkUsage},
		{"link set veth0", `Not enough information: "ipv8", "forwarding", "border", "wan", "probe_interval", "probe_misses" or "holddown" is required.`, 255, linkUsage},
		{"link set veth0 forwarding", `Error: argument missing after "forwarding".`, 255, linkUsage},
		{"link set veth0 border yes", `Error: argument "yes" is wrong: "border" must be "on" or "off".`, 255, ""},
		{"link set veth0 wan on forwarding on wan off", `Error: "wan" given twice.`, 255, linkUsage},
		{"link show veth0 forwarding on", `Error: unexpected argument "forwarding".`, 255, linkUsage},
		{"neigh foo", `Command "foo" is unknown, try "ipv8ctl neighbour help".`, 255, ""},
		{"neigh show veth0 veth1", `Error: unexpected argument "veth1".`, 255, neighUsage},
		{"neigh add", `Not enough information: ADDR is required.`, 255, neighUsage},
		{"neigh add 65001.192.0.2.2 dev veth0", `Not enough information: "lladdr" argument is required.`, 255, neighUsage},
		{"neigh add 65001.192.0.2.2 lladdr 02:00:00:00:00:02", `Not enough information: "dev" argument is required.`, 255, neighUsage},
		{"neigh add 65001.192.0.2.2 lladdr 02:00:00:00:00:02 veth0", `Error: unexpected argument "veth0".`, 255, neighUsage},
		{"neigh add 65001.192.0.2.2 lladdr", `Error: argument missing after "lladdr".`, 255, neighUsage},
		{"neigh add 65001.192.0.2.2 lladdr 02:00:00:00:00 dev veth0", `Error: argument "02:00:00:00:00" is wrong: "lladdr" must be a MAC address such as 02:00:00:00:00:01.`, 255, ""},
		{"neigh add 65001.192.0.2.2 lladdr 02:00:00:00:00:00:00:02 dev veth0", `Error: argument "02:00:00:00:00:00:00:02" is wrong: "lladdr" must be a MAC address such as 02:00:00:00:00:01.`, 255, ""},
		{"neigh add 65001.192.0.2.2 lladdr 2:0:0:0:0:2 lladdr 2:0:0:0:0:3 dev veth0", `Error: "lladdr" given twice.`, 255, neighUsage},
		{"neigh add 65001.192.0.2.2 lladdr 2:0:0:0:0:2 dev veth0 caps v6", `Error: argument "v6" is wrong: "caps" must be v8, v4 or v8,v4.`, 255, ""},
		{"neigh add 65001.192.0.2.2 lladdr 2:0:0:0:0:2 dev veth0 caps ,", `Error: argument "," is wrong: "caps" must be v8, v4 or v8,v4.`, 255, ""},
		{"neigh add 65001.192.0.2.2 lladdr 2:0:0:0:0:2 dev veth0 caps v8 caps v4", `Error: "caps" given twice.`, 255, neighUsage},
		{"neigh add 65001.192.0.2.2 lladdr 2:0:0:0:0:2 dev veth0 caps", `Error: argument missing after "caps".`, 255, neighUsage},
		{"neigh add 65001.192.0.2.300 lladdr 2:0:0:0:0:2 dev veth0", `Error: invalid address "65001.192.0.2.300": octet "300" is above 255.`, 255, ""},
		{"neigh del 65001.192.0.2.2", `Not enough information: "dev" argument is required.`, 255, neighUsage},
		{"neigh del dev veth0", `Not enough information: ADDR is required.`, 255, neighUsage},
		{"neigh del 65001.192.0.2.2 lladdr 2:0:0:0:0:2 dev veth0", `Error: unexpected argument "lladdr".`, 255, neighUsage},
		{"neigh del 65001.192.0.2.2 65001.192.0.2.3 dev veth0", `Error: unexpected argument "65001.192.0.2.3".`, 255, neighUsage},
		{"neigh flush", `Not enough information: "dev" argument is required.`, 255, neighUsage},
		{"link set veth0 ipv8", `Error: argument missing after "ipv8".`, 255, linkUsage},
		{"link set veth0 ipv8 maybe", `Error: argument "maybe" is wrong: "ipv8" must be "on" or "off".`, 255, ""},
		{"link set veth0 ipv8 on ipv8 off", `Error: "ipv8" given twice.`, 255, linkUsage},
		{"link set veth0 up", `Error: unexpected argument "up".`, 255, linkUsage},
		{"addr add", `Not enough information: PREFIX is required.`, 255, addrUsage},
		{"addr add dev veth0", `Not enough information: PREFIX is required.`, 255, addrUsage},
		{"addr add 65001.10.0.0.1/24", `Not enough information: "dev" argument is required.`, 255, addrUsage},
		{"addr add 65001.10.0.0.1/24 veth0", `Error: unexpected argument "veth0".`, 255, addrUsage},
		{"addr add 65001.10.0.0.1/24 local 65001.10.0.0.2 dev veth0", `Error: "local" given twice.`, 255, addrUsage},
		{"addr add local", `Error: argument missing after "local".`, 255, addrUsage},
		{"addr del 65001.10.0.0.1/24 dev", `Error: argument missing after "dev".`, 255, addrUsage},
		{"addr flush", `Not enough information: "dev" argument is required.`, 255, addrUsage},
		{"addr flush veth0 veth1", `Error: unexpected argument "veth1".`, 255, addrUsage},
		{"addr show veth0 extra", `Error: unexpected argument "extra".`, 255, addrUsage},
		{"stats show extra", `Error: unexpected argument "extra".`, 255, statsUsage},
		{"monitor all link", `Error: unexpected argument "link".`, 255, monitorUsage},
		{"route foo", `Command "foo" is unknown, try "ipv8ctl route help".`, 255, ""},
		{"route flush", `Command "flush" is unknown, try "ipv8ctl route help".`, 255, ""},
		{"route show 65001.10.0.0.0/24", `Error: unexpected argument "65001.10.0.0.0/24".`, 255, routeUsage},
		{"route add", `Not enough information: PREFIX is required.`, 255, routeUsage},
		{"route add dev veth0 via 65001.1.0.0.1", `Not enough information: PREFIX is required.`, 255, routeUsage},
		{"route replace metric 5", `Not enough information: PREFIX is required.`, 255, routeUsage},
		{"route del", `Not enough information: PREFIX is required.`, 255, routeUsage},
		{"route get", `Not enough information: ADDR is required.`, 255, routeUsage},
		{"route add default via", `Error: argument missing after "via".`, 255, routeUsage},
		{"route add default dev", `Error: argument missing after "dev".`, 255, routeUsage},
		{"route add default dev veth0 metric", `Error: argument missing after "metric".`, 255, routeUsage},
		{"route del default metric", `Error: argument missing after "metric".`, 255, routeUsage},
		{"route add default via 65001.1.0.0.1 via 65001.1.0.0.2 via 65001.1.0.0.3", `Error: "via" given three times: a route has one gateway or a pair.`, 255, routeUsage},
		{"route add default via 65001.1.0.0.1 via 65001.1.0.0.1", `Error: argument "65001.1.0.0.1" is wrong: the two gateways of a pair must differ.`, 255, ""},
		{"link set veth0 probe_interval 9", `Error: argument "9" is wrong: "probe_interval" must be a number 10..60000.`, 255, ""},
		{"link set veth0 probe_interval 60001", `Error: argument "60001" is wrong: "probe_interval" must be a number 10..60000.`, 255, ""},
		{"link set veth0 probe_misses 0", `Error: argument "0" is wrong: "probe_misses" must be a number 1..255.`, 255, ""},
		{"link set veth0 holddown 256", `Error: argument "256" is wrong: "holddown" must be a number 1..255.`, 255, ""},
		{"link set veth0 holddown x", `Error: argument "x" is wrong: "holddown" must be a number 1..255.`, 255, ""},
		{"link set veth0 holddown", `Error: argument missing after "holddown".`, 255, linkUsage},
		{"link set veth0 holddown 3 holddown 4", `Error: "holddown" given twice.`, 255, linkUsage},
		{"link show veth0 probe_interval 100", `Error: unexpected argument "probe_interval".`, 255, linkUsage},
		{"mft foo", `Command "foo" is unknown, try "ipv8ctl mft help".`, 255, ""},
		{"mft reach veth0", `Error: unexpected argument "veth0".`, 255, mftUsage},
		{"route add default dev a dev b", `Error: "dev" given twice.`, 255, routeUsage},
		{"route add default metric 1 metric 2 dev a", `Error: "metric" given twice.`, 255, routeUsage},
		{"route add default 65001.10.0.0.0/24 dev veth0", `Error: unexpected argument "65001.10.0.0.0/24".`, 255, routeUsage},
		{"route add default veth0", `Error: unexpected argument "veth0".`, 255, routeUsage},
		{"route del default dev veth0", `Error: unexpected argument "dev".`, 255, routeUsage},
		{"route del default via 65001.1.0.0.1", `Error: unexpected argument "via".`, 255, routeUsage},
		{"route get 65001.1.0.0.1 65001.1.0.0.2", `Error: unexpected argument "65001.1.0.0.2".`, 255, routeUsage},
		{"route add default dev veth0 metric 4294967296", `Error: argument "4294967296" is wrong: "metric" must be a number 0..4294967295.`, 255, ""},
		{"route add default dev veth0 metric -1", `Error: argument "-1" is wrong: "metric" must be a number 0..4294967295.`, 255, ""},
		{"route del default metric ten", `Error: argument "ten" is wrong: "metric" must be a number 0..4294967295.`, 255, ""},
		{"route add default dev a/b", `Error: argument "a/b" is wrong: "dev" not a valid ifname.`, 255, ""},
		{"route add 65002.10.1.0.0/33 dev veth0", `Error: invalid prefix "65002.10.1.0.0/33": length "33" is above 32.`, 255, ""},
		{"route add 65002.10.256.0.0/16 dev veth0", `Error: invalid prefix "65002.10.256.0.0/16": octet "256" is above 255.`, 255, ""},
		{"route del Default", ``, 255, ""},
		{"route add default via 65001.1.0.0.300", `Error: invalid address "65001.1.0.0.300": octet "300" is above 255.`, 255, ""},
		{"route get 65001.10.0.0.0/24", ``, 255, ""},
		// Malformed addresses name the bad part.
		{"addr add 65001.300.0.0.1/24 dev veth0", `Error: invalid prefix "65001.300.0.0.1/24": octet "300" is above 255.`, 255, ""},
		{"addr add 65001.10.0.0.1/33 dev veth0", `Error: invalid prefix "65001.10.0.0.1/33": length "33" is above 32.`, 255, ""},
		{"addr del 4294967296.10.0.0.1 dev veth0", `Error: invalid prefix "4294967296.10.0.0.1": ASN "4294967296" is above 4294967295.`, 255, ""},
		{"addr add 65001.010.0.0.1 dev veth0", `Error: invalid prefix "65001.010.0.0.1": octet "010" has a leading zero.`, 255, ""},
		{"a a 65001.10.0.1 dev veth0", ``, 255, ""}, // message from in8, checked below for shape only
		{"addr add default dev veth0", ``, 255, ""},
	}
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			c, err := parseArgs(strings.Fields(tt.args))
			ue, ok := err.(*usageError)
			if !ok {
				t.Fatalf("parseArgs = %+v, %v; want a usage error", c, err)
			}
			if tt.msg == "" && tt.wantGrammar == "" {
				// Only the shape: one "Error: invalid prefix|address ..." sentence.
				if !(strings.HasPrefix(ue.msg, `Error: invalid prefix "`) || strings.HasPrefix(ue.msg, `Error: invalid address "`)) || !strings.HasSuffix(ue.msg, ".") {
					t.Errorf("message %q is not an invalid-prefix error", ue.msg)
				}
			} else if ue.msg != tt.msg {
				t.Errorf("message\n got %q\nwant %q", ue.msg, tt.msg)
			}
			if ue.code != tt.code {
				t.Errorf("exit code %d, want %d", ue.code, tt.code)
			}
			if ue.grammar != tt.wantGrammar {
				t.Errorf("grammar %q, want %q", ue.grammar, tt.wantGrammar)
			}
		})
	}
}

// TestUsageStderr checks that run prints the message, then the grammar,
// to stderr and nothing to stdout.
func TestUsageStderr(t *testing.T) {
	stdout, stderr, code := runWith(t, nil, nil, "link", "set", "veth0")
	want := "Not enough information: \"ipv8\", \"forwarding\", \"border\", \"wan\", \"probe_interval\", \"probe_misses\" or \"holddown\" is required.\n" + linkUsage
	if stdout != "" || stderr != want || code != 255 {
		t.Errorf("exit %d, stdout %q, stderr %q; want 255, stderr %q", code, stdout, stderr, want)
	}
	stdout, stderr, code = runWith(t, nil, nil)
	if stdout != "" || stderr != mainUsage || code != 255 {
		t.Errorf("no arguments: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// FuzzParseArgs feeds arbitrary command lines (words separated by spaces)
// to the parser: it must not panic, and every failure must be a usage
// error with exit 1 or 255 and a message or a grammar.
func FuzzParseArgs(f *testing.F) {
	for _, s := range []string{
		"addr add 65001.10.0.0.1/24 dev veth0", "link set veth0 ipv8 on", "-n x -j -p a s",
		"a a local 1.2.3.4.5.6.7.8/0 dev x", "link show dev", "--netns=", "help foo",
		"route add 65002.10.1.0.0/16 via 65001.222.0.0.2 dev veth0 metric 10", "r d default metric 0",
		"r g 65001.1.0.0.1", "route replace default via 1.2.3.4 metric",
		"link set veth0 forwarding on border off wan on", "neigh add 65001.1.0.0.2 lladdr 2:0:0:0:0:2 dev x caps v8,v4",
		"n d 65001.1.0.0.2 dev x", "n f x", "n s",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := parseArgs(strings.Split(s, " "))
		if err == nil {
			if c == nil || c.kind == kNone {
				t.Fatalf("parseArgs(%q) = %+v without error", s, c)
			}
			if c.dev != "" && !validIfname(c.dev) {
				t.Fatalf("parseArgs(%q) accepted device %q", s, c.dev)
			}
			return
		}
		ue, ok := err.(*usageError)
		if !ok || (ue.code != 1 && ue.code != 255) || (ue.msg == "" && ue.grammar == "") {
			t.Fatalf("parseArgs(%q): bad error %#v", s, err)
		}
	})
}
