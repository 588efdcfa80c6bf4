package ipv8

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// uapi is every constant of the header with its Go mirror. A value is an
// int or a string, as the C macro is.
var uapi = []struct {
	c string
	v any
}{
	{"AF_INET8", AFInet8},
	{"PF_INET8", PFInet8},
	{"ETH_P_IPV8", EthPIPv8},
	{"IPV8_VERSION", Version},
	{"IPV8_HLEN", HeaderLen},
	{"IPV8_IHL", IHL},
	{"IPV8_DEFAULT_TTL", DefaultTTL},
	{"IPV8_PREFIXLEN_MAX", PrefixLenMax},
	{"ICMPV8_ASN_UNREACH", ICMPv8ASNUnreach},
	{"ICMPV8_NO_V8_PATH", ICMPv8NoV8Path},
	{"IPV8_GENL_NAME", GenlName},
	{"IPV8_GENL_VERSION", GenlVersion},
	{"IPV8_MCGRP_MONITOR", McgrpMonitor},

	{"IPV8_CMD_UNSPEC", CmdUnspec},
	{"IPV8_CMD_LINK_GET", CmdLinkGet},
	{"IPV8_CMD_LINK_SET", CmdLinkSet},
	{"IPV8_CMD_ADDR_GET", CmdAddrGet},
	{"IPV8_CMD_ADDR_NEW", CmdAddrNew},
	{"IPV8_CMD_ADDR_DEL", CmdAddrDel},
	{"IPV8_CMD_STATS_GET", CmdStatsGet},
	{"IPV8_CMD_ROUTE_GET", CmdRouteGet},
	{"IPV8_CMD_ROUTE_NEW", CmdRouteNew},
	{"IPV8_CMD_ROUTE_DEL", CmdRouteDel},
	{"IPV8_CMD_NEIGH_GET", CmdNeighGet},
	{"IPV8_CMD_NEIGH_NEW", CmdNeighNew},
	{"IPV8_CMD_NEIGH_DEL", CmdNeighDel},
	{"IPV8_CMD_REACH_GET", CmdReachGet},
	{"IPV8_CMD_PEER_GET", CmdPeerGet},
	{"IPV8_CMD_BENCH_FIB", CmdBenchFib},
	{"IPV8_CMD_MAX", CmdMax},

	{"IPV8_A_LINK_UNSPEC", LinkAttrUnspec},
	{"IPV8_A_LINK_IFINDEX", LinkAttrIfindex},
	{"IPV8_A_LINK_IFNAME", LinkAttrIfname},
	{"IPV8_A_LINK_ENABLED", LinkAttrEnabled},
	{"IPV8_A_LINK_MTU", LinkAttrMTU},
	{"IPV8_A_LINK_OPERSTATE", LinkAttrOperstate},
	{"IPV8_A_LINK_ADDRESS", LinkAttrAddress},
	{"IPV8_A_LINK_STATS", LinkAttrStats},
	{"IPV8_A_LINK_FORWARDING", LinkAttrForwarding},
	{"IPV8_A_LINK_BORDER", LinkAttrBorder},
	{"IPV8_A_LINK_WAN", LinkAttrWAN},
	{"IPV8_A_LINK_PROBE_INTERVAL", LinkAttrProbeInterval},
	{"IPV8_A_LINK_PROBE_MISSES", LinkAttrProbeMisses},
	{"IPV8_A_LINK_HOLDDOWN", LinkAttrHolddown},
	{"IPV8_A_LINK_MAX", LinkAttrMax},

	{"IPV8_A_ADDR_UNSPEC", AddrAttrUnspec},
	{"IPV8_A_ADDR_IFINDEX", AddrAttrIfindex},
	{"IPV8_A_ADDR_IFNAME", AddrAttrIfname},
	{"IPV8_A_ADDR_ADDRESS", AddrAttrAddress},
	{"IPV8_A_ADDR_PREFIXLEN", AddrAttrPrefixlen},
	{"IPV8_A_ADDR_MAX", AddrAttrMax},
	{"IPV8_A_ROUTE_UNSPEC", RouteAttrUnspec},
	{"IPV8_A_ROUTE_DST", RouteAttrDst},
	{"IPV8_A_ROUTE_DST_LEN", RouteAttrDstLen},
	{"IPV8_A_ROUTE_DEFAULT", RouteAttrDefault},
	{"IPV8_A_ROUTE_METRIC", RouteAttrMetric},
	{"IPV8_A_ROUTE_OIF", RouteAttrOIF},
	{"IPV8_A_ROUTE_OIF_NAME", RouteAttrOIFName},
	{"IPV8_A_ROUTE_GATEWAY", RouteAttrGateway},
	{"IPV8_A_ROUTE_REPLACE", RouteAttrReplace},
	{"IPV8_A_ROUTE_GATEWAY2", RouteAttrGateway2},
	{"IPV8_A_ROUTE_ACTIVE", RouteAttrActive},
	{"IPV8_A_ROUTE_MAX", RouteAttrMax},

	{"IPV8_A_NEIGH_UNSPEC", NeighAttrUnspec},
	{"IPV8_A_NEIGH_IFINDEX", NeighAttrIfindex},
	{"IPV8_A_NEIGH_IFNAME", NeighAttrIfname},
	{"IPV8_A_NEIGH_DST", NeighAttrDst},
	{"IPV8_A_NEIGH_LLADDR", NeighAttrLLAddr},
	{"IPV8_A_NEIGH_STATE", NeighAttrState},
	{"IPV8_A_NEIGH_CAPS", NeighAttrCaps},
	{"IPV8_A_NEIGH_PROBES", NeighAttrProbes},
	{"IPV8_A_NEIGH_CONFIRMED", NeighAttrConfirmed},
	{"IPV8_A_NEIGH_LIVENESS", NeighAttrLiveness},
	{"IPV8_A_NEIGH_MISSES", NeighAttrMisses},
	{"IPV8_A_NEIGH_MAX", NeighAttrMax},
	{"IPV8_NEIGH_CAP_V8", NeighCapV8},
	{"IPV8_NEIGH_CAP_V4", NeighCapV4},
	{"IPV8_LIVENESS_NONE", LivenessNone},
	{"IPV8_LIVENESS_ALIVE", LivenessAlive},
	{"IPV8_LIVENESS_DEAD", LivenessDead},

	{"IPV8_A_REACH_UNSPEC", ReachAttrUnspec},
	{"IPV8_A_REACH_DST", ReachAttrDst},
	{"IPV8_A_REACH_DST_LEN", ReachAttrDstLen},
	{"IPV8_A_REACH_DEFAULT", ReachAttrDefault},
	{"IPV8_A_REACH_OIF", ReachAttrOIF},
	{"IPV8_A_REACH_OIF_NAME", ReachAttrOIFName},
	{"IPV8_A_REACH_NEXTHOP", ReachAttrNexthop},
	{"IPV8_A_REACH_ROLE", ReachAttrRole},
	{"IPV8_A_REACH_LLADDR", ReachAttrLLAddr},
	{"IPV8_A_REACH_STATE", ReachAttrState},
	{"IPV8_A_REACH_CAPS", ReachAttrCaps},
	{"IPV8_A_REACH_MAX", ReachAttrMax},
	{"IPV8_REACH_SINGLE", ReachSingle},
	{"IPV8_REACH_PRIMARY", ReachPrimary},
	{"IPV8_REACH_SECONDARY", ReachSecondary},

	{"IPV8_A_PEER_UNSPEC", PeerAttrUnspec},
	{"IPV8_A_PEER_IFINDEX", PeerAttrIfindex},
	{"IPV8_A_PEER_IFNAME", PeerAttrIfname},
	{"IPV8_A_PEER_ASN", PeerAttrASN},
	{"IPV8_A_PEER_ADDR", PeerAttrAddr},
	{"IPV8_A_PEER_STATE", PeerAttrState},
	{"IPV8_A_PEER_CAPS", PeerAttrCaps},
	{"IPV8_A_PEER_MAX", PeerAttrMax},

	{"IPV8_A_STATS_UNSPEC", StatsAttrUnspec},
	{"IPV8_A_STATS_COUNTERS", StatsAttrCounters},
	{"IPV8_A_STATS_MAX", StatsAttrMax},

	{"IPV8_STAT_UNSPEC", StatUnspec},
	{"IPV8_STAT_RX_PACKETS", StatRxPackets},
	{"IPV8_STAT_RX_DROP_LINK_DISABLED", StatRxDropLinkDisabled},
	{"IPV8_STAT_RX_DROP_OTHERHOST", StatRxDropOtherhost},
	{"IPV8_STAT_RX_DROP_NOMEM", StatRxDropNomem},
	{"IPV8_STAT_RX_DROP_TRUNCATED", StatRxDropTruncated},
	{"IPV8_STAT_RX_DROP_VERSION", StatRxDropVersion},
	{"IPV8_STAT_RX_DROP_IHL", StatRxDropIHL},
	{"IPV8_STAT_RX_DROP_CHECKSUM", StatRxDropChecksum},
	{"IPV8_STAT_RX_DROP_FRAGMENT", StatRxDropFragment},
	{"IPV8_STAT_RX_DROP_BAD_SOURCE", StatRxDropBadSource},
	{"IPV8_STAT_RX_DROP_NO_ROUTE", StatRxDropNoRoute},
	{"IPV8_STAT_RX_DELIVERED", StatRxDelivered},
	{"IPV8_STAT_RX_FORWARDED", StatRxForwarded},
	{"IPV8_STAT_RX_DROP_NOT_FORWARDING", StatRxDropNotForwarding},
	{"IPV8_STAT_RX_DROP_TTL", StatRxDropTTL},
	{"IPV8_STAT_RX_DROP_TOO_BIG", StatRxDropTooBig},
	{"IPV8_STAT_RX_DROP_NOT_ROUTABLE", StatRxDropNotRoutable},
	{"IPV8_STAT_RX_DROP_BORDER", StatRxDropBorder},
	{"IPV8_STAT_RX_DROP_WAN", StatRxDropWAN},
	{"IPV8_STAT_TX_PACKETS", StatTxPackets},
	{"IPV8_STAT_TX_DOWNGRADED", StatTxDowngraded},
	{"IPV8_STAT_TX_DROP_NO_V8_PATH", StatTxDropNoV8Path},
	{"IPV8_STAT_TX_DROP_NEIGH_FAILED", StatTxDropNeighFailed},
	{"IPV8_STAT_TX_DROP_QUEUE_FULL", StatTxDropQueueFull},
	{"IPV8_STAT_TX_DROP_FILTERED", StatTxDropFiltered},
	{"IPV8_STAT_ARP_RX_PACKETS", StatArpRxPackets},
	{"IPV8_STAT_ARP_RX_DROP", StatArpRxDrop},
	{"IPV8_STAT_ARP_TX_PACKETS", StatArpTxPackets},
	{"IPV8_STAT_ICMP_RATELIMITED", StatICMPRatelimited},
	{"IPV8_STAT_UDP_RX_DATAGRAMS", StatUDPRxDatagrams},
	{"IPV8_STAT_UDP_RX_DROP_SHORT", StatUDPRxDropShort},
	{"IPV8_STAT_UDP_RX_DROP_CHECKSUM", StatUDPRxDropChecksum},
	{"IPV8_STAT_UDP_RX_DROP_NO_PORT", StatUDPRxDropNoPort},
	{"IPV8_STAT_UDP_RX_DROP_RCVBUF", StatUDPRxDropRcvbuf},
	{"IPV8_STAT_UDP_RX_DROP_NOMEM", StatUDPRxDropNomem},
	{"IPV8_STAT_UDP_TX_DATAGRAMS", StatUDPTxDatagrams},
	{"IPV8_STAT_MAX", StatMax},

	{"IPV8_A_BENCH_UNSPEC", BenchAttrUnspec},
	{"IPV8_A_BENCH_PAD", BenchAttrPad},
	{"IPV8_A_BENCH_ROUTES", BenchAttrRoutes},
	{"IPV8_A_BENCH_ASNS", BenchAttrASNs},
	{"IPV8_A_BENCH_LOOKUPS", BenchAttrLookups},
	{"IPV8_A_BENCH_SEED", BenchAttrSeed},
	{"IPV8_A_BENCH_IPV4_TABLE", BenchAttrIPv4Table},
	{"IPV8_A_BENCH_NS_PER_LOOKUP", BenchAttrNsPerLookup},
	{"IPV8_A_BENCH_TOTAL_NS", BenchAttrTotalNs},
	{"IPV8_A_BENCH_MISSES", BenchAttrMisses},
	{"IPV8_A_BENCH_MEM_BYTES", BenchAttrMemBytes},
	{"IPV8_A_BENCH_SLAB_BYTES", BenchAttrSlabBytes},
	{"IPV8_A_BENCH_NODES", BenchAttrNodes},
	{"IPV8_A_BENCH_LOAD_NS", BenchAttrLoadNs},
	{"IPV8_A_BENCH_IPV4_NS_PER_LOOKUP", BenchAttrIPv4NsPerLookup},
	{"IPV8_A_BENCH_IPV4_TOTAL_NS", BenchAttrIPv4TotalNs},
	{"IPV8_A_BENCH_IPV4_MISSES", BenchAttrIPv4Misses},
	{"IPV8_A_BENCH_MAX", BenchAttrMax},
}

// layout is what the compiler must say about the structures: expressions
// printed by the C program and the value Go relies on.
var layout = []struct {
	expr string
	want int
}{
	{"sizeof(struct in8_addr)", SizeofIn8Addr},
	{"sizeof(struct sockaddr_in8)", SizeofSockaddrIn8},
	{"sizeof(struct ipv8hdr)", SizeofIPv8Hdr},
	{"offsetof(struct in8_addr, s8_asn)", 0},
	{"offsetof(struct in8_addr, s8_host)", 4},
	{"offsetof(struct sockaddr_in8, sin8_family)", 0},
	{"offsetof(struct sockaddr_in8, sin8_port)", 2},
	{"offsetof(struct sockaddr_in8, sin8_addr)", 4},
	{"offsetof(struct sockaddr_in8, __sin8_pad)", 12},
	{"sizeof(((struct sockaddr_in8 *)0)->__sin8_pad)", 4},
	{"offsetof(struct ipv8hdr, tos)", 1},
	{"offsetof(struct ipv8hdr, tot_len)", 2},
	{"offsetof(struct ipv8hdr, id)", 4},
	{"offsetof(struct ipv8hdr, frag_off)", 6},
	{"offsetof(struct ipv8hdr, ttl)", 8},
	{"offsetof(struct ipv8hdr, protocol)", 9},
	{"offsetof(struct ipv8hdr, check)", 10},
	{"offsetof(struct ipv8hdr, saddr)", 12},
	{"offsetof(struct ipv8hdr, daddr)", 20},
	// The bitfields put version in the high nibble of octet 0, as IPv4.
	{"first_octet()", Version<<4 | IHL},
}

// uapiDir finds kernel/include/uapi by walking up from the package
// directory, where `go test` runs.
func uapiDir(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		inc := filepath.Join(dir, "kernel", "include", "uapi")
		if _, err := os.Stat(filepath.Join(inc, "linux", "ipv8.h")); err == nil {
			return inc
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("kernel/include/uapi/linux/ipv8.h not found above the test directory")
		}
		dir = parent
	}
}

func goValue(v any) string {
	if s, ok := v.(string); ok {
		return strconv.Quote(s)
	}
	return fmt.Sprint(v)
}

// TestUAPIValues compiles a program against the real header and compares
// every value and structure layout it prints with the Go side.
func TestUAPIValues(t *testing.T) {
	gcc, err := exec.LookPath("gcc")
	if err != nil {
		t.Skip("gcc not installed")
	}
	inc := uapiDir(t)

	var src strings.Builder
	src.WriteString(`#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <linux/ipv8.h>

static int first_octet(void)
{
	struct ipv8hdr h;

	memset(&h, 0, sizeof(h));
	h.version = IPV8_VERSION;
	h.ihl = IPV8_IHL;
	return ((unsigned char *)&h)[0];
}

int main(void)
{
`)
	for _, c := range uapi {
		if _, ok := c.v.(string); ok {
			fmt.Fprintf(&src, "\tprintf(\"%%s \\\"%%s\\\"\\n\", %q, %s);\n", c.c, c.c)
		} else {
			fmt.Fprintf(&src, "\tprintf(\"%%s %%lld\\n\", %q, (long long)(%s));\n", c.c, c.c)
		}
	}
	for _, l := range layout {
		fmt.Fprintf(&src, "\tprintf(\"%%s %%lld\\n\", %q, (long long)(%s));\n", l.expr, l.expr)
	}
	src.WriteString("\treturn 0;\n}\n")

	dir := t.TempDir()
	cfile, bin := filepath.Join(dir, "uapi.c"), filepath.Join(dir, "uapi")
	if err := os.WriteFile(cfile, []byte(src.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	cc := exec.Command(gcc, "-std=gnu11", "-Wall", "-Werror", "-I", inc, "-o", bin, cfile)
	if out, err := cc.CombinedOutput(); err != nil {
		t.Fatalf("%v: %v\n%s\nprogram:\n%s", cc, err, out, src.String())
	}
	out, err := exec.Command(bin).Output()
	if err != nil {
		t.Fatalf("running the generated program: %v", err)
	}

	got := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		// Names of layout lines contain spaces; the value is the last field.
		line := sc.Text()
		i := strings.LastIndexByte(line, ' ')
		if i < 0 {
			t.Fatalf("bad output line %q", line)
		}
		got[line[:i]] = line[i+1:]
	}
	for _, c := range uapi {
		if g, w := got[c.c], goValue(c.v); g != w {
			t.Errorf("%s: header says %s, Go says %s", c.c, g, w)
		}
	}
	for _, l := range layout {
		if g, w := got[l.expr], strconv.Itoa(l.want); g != w {
			t.Errorf("%s: compiler says %s, Go says %s", l.expr, g, w)
		}
	}

	// StatNames: exactly the IPV8_STAT_* counters, named as the CLI prints
	// them.
	want := map[uint16]string{}
	for _, c := range uapi {
		name, ok := strings.CutPrefix(c.c, "IPV8_STAT_")
		if !ok || name == "UNSPEC" || name == "MAX" {
			continue
		}
		v, err := strconv.Atoi(got[c.c])
		if err != nil {
			t.Fatalf("%s: %v", c.c, err)
		}
		want[uint16(v)] = strings.ToLower(name)
	}
	for v, name := range want {
		if StatNames[v] != name {
			t.Errorf("StatNames[%d] = %q, want %q", v, StatNames[v], name)
		}
	}
	for v, name := range StatNames {
		if _, ok := want[v]; !ok {
			t.Errorf("StatNames[%d] = %q is not a counter in the header", v, name)
		}
	}
	// Dense 1..StatMax, as the package documents.
	if len(StatNames) != StatMax {
		t.Errorf("StatNames has %d entries, StatMax is %d", len(StatNames), StatMax)
	}
}

var (
	cComment   = regexp.MustCompile(`(?s)/\*.*?\*/`)
	cDefine    = regexp.MustCompile(`(?m)^[ \t]*#[ \t]*define[ \t]+([A-Za-z_][A-Za-z0-9_]*)`)
	cEnumBlock = regexp.MustCompile(`(?s)\benum\s+\w*\s*\{(.*?)\}`)
	cMirrored  = regexp.MustCompile(`^(IPV8_\w+|ICMPV8_\w+|AF_INET8|PF_INET8|ETH_P_IPV8)$`)
	cIdent     = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
)

// headerNames reads the header as text and returns every macro and
// enumerator the Go side must mirror, so that a constant added to the
// header alone fails the test even though the C program compiles.
func headerNames(t *testing.T) []string {
	t.Helper()
	text, err := os.ReadFile(filepath.Join(uapiDir(t), "linux", "ipv8.h"))
	if err != nil {
		t.Fatal(err)
	}
	return scanHeader(t, string(text))
}

func scanHeader(t *testing.T, text string) []string {
	t.Helper()
	src := cComment.ReplaceAllString(text, " ")
	src = regexp.MustCompile(`//[^\n]*`).ReplaceAllString(src, "")

	var names []string
	for _, m := range cDefine.FindAllStringSubmatch(src, -1) {
		if cMirrored.MatchString(m[1]) {
			names = append(names, m[1])
		}
	}
	blocks := cEnumBlock.FindAllStringSubmatch(src, -1)
	if len(blocks) == 0 {
		t.Fatal("no enum blocks found in the header")
	}
	for _, b := range blocks {
		for item := range strings.SplitSeq(b[1], ",") {
			name, _, _ := strings.Cut(item, "=")
			name = strings.TrimSpace(name)
			switch {
			case name == "":
				continue
			case !cIdent.MatchString(name):
				t.Fatalf("cannot read enumerator %q", item)
			case strings.HasPrefix(name, "__"):
				continue // __*_MAX sentinels stay in C
			}
			names = append(names, name)
		}
	}
	return names
}

func TestUAPIComplete(t *testing.T) {
	inHeader := headerNames(t)
	inGo := map[string]bool{}
	for _, c := range uapi {
		if inGo[c.c] {
			t.Errorf("%s listed twice in the Go table", c.c)
		}
		inGo[c.c] = true
	}
	for _, n := range inHeader {
		if !inGo[n] {
			t.Errorf("%s is in ipv8.h but has no Go constant in the uapi table", n)
		}
	}
	for n := range inGo {
		if !slices.Contains(inHeader, n) {
			t.Errorf("%s is in the Go table but not in ipv8.h", n)
		}
	}
	// Guard the scanner itself: it must see a few names we know are there.
	for _, n := range []string{"AF_INET8", "ETH_P_IPV8", "IPV8_CMD_STATS_GET", "IPV8_STAT_RX_DROP_NO_ROUTE", "IPV8_A_LINK_MAX"} {
		if !slices.Contains(inHeader, n) {
			t.Errorf("header scan missed %s", n)
		}
	}
}

// TestScanHeader checks the scanner on a made-up header: a forgotten
// constant must show up whatever the layout of its line.
func TestScanHeader(t *testing.T) {
	const text = `
#ifndef _UAPI_LINUX_IPV8_H
#define _UAPI_LINUX_IPV8_H
#define AF_INET8	23
# define IPV8_NEW_LIMIT 5 /* spaced define */
#define ICMPV8_X 18
#define SOMETHING_ELSE 1
/* #define IPV8_IN_COMMENT 1 */
enum ipv8_cmd {
	IPV8_CMD_UNSPEC,
	IPV8_CMD_LINK_GET,	/* do, or dump */
	IPV8_CMD_NEW = 9,
	/* IPV8_CMD_COMMENTED, */

	__IPV8_CMD_MAX,
	IPV8_CMD_MAX = __IPV8_CMD_MAX - 1
};
enum ipv8_stat { IPV8_STAT_A, IPV8_STAT_B };
#endif
`
	got := scanHeader(t, text)
	want := []string{"AF_INET8", "IPV8_NEW_LIMIT", "ICMPV8_X",
		"IPV8_CMD_UNSPEC", "IPV8_CMD_LINK_GET", "IPV8_CMD_NEW", "IPV8_CMD_MAX",
		"IPV8_STAT_A", "IPV8_STAT_B"}
	if !slices.Equal(got, want) {
		t.Errorf("scanHeader = %q, want %q", got, want)
	}
}
