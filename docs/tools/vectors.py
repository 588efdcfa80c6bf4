#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Compute the IPv8 test vectors quoted in docs/protocol.md.

    python3 docs/tools/vectors.py            write docs/test-vectors.json
    python3 docs/tools/vectors.py --check    fail if the JSON file, the hex
                                             dumps in protocol.md or the UAPI
                                             header disagree with this script
    python3 docs/tools/vectors.py --update-doc
                                             rewrite the hex dumps that follow
                                             <!-- hexdump: ... --> markers

Python 3 standard library only. Everything here is deterministic (no clock,
no randomness), so the output is byte-identical on every run. The script
checks its own arithmetic against published examples before it trusts it,
and asserts the invariants protocol.md states (a finished header sums to
0xFFFF, an incremental TTL update equals a full recomputation, ...).
"""

import base64
import calendar
import hashlib
import json
import os
import re
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.dirname(HERE)
ROOT = os.path.dirname(DOCS)
JSON_PATH = os.path.join(DOCS, "test-vectors.json")
DOC_PATH = os.path.join(DOCS, "protocol.md")
UAPI_PATH = os.path.join(ROOT, "kernel", "include", "uapi", "linux", "ipv8.h")

# ---------------------------------------------------------------------------
# Constants (protocol.md section "Constants"; the UAPI header is the C home)
# ---------------------------------------------------------------------------

AF_INET8 = 23
ETH_P_IPV8 = 0x88B5
ETH_P_IP = 0x0800
ETH_P_ARP = 0x0806
IPV8_VERSION = 8
IPV8_HLEN = 28
IPV8_IHL = 7
IPV8_DEFAULT_TTL = 64
IPV8_PREFIXLEN_MAX = 32
IPPROTO_ICMP = 1
IPPROTO_UDP = 17
IPPROTO_8TO4 = 253
ICMPV8_ASN_UNREACH = 16
ICMPV8_NO_V8_PATH = 17
A8_RRTYPE = 65280
IPV8_NEIGH_CAP_V8 = 0x1
IPV8_NEIGH_CAP_V4 = 0x2
DF = 0x4000
MF = 0x2000

GENL = {
    "IPV8_GENL_NAME": "ipv8",
    "IPV8_GENL_VERSION": 1,
    "IPV8_MCGRP_MONITOR": "monitor",
}
ENUMS = {
    "ipv8_cmd": ["IPV8_CMD_UNSPEC", "IPV8_CMD_LINK_GET", "IPV8_CMD_LINK_SET",
                 "IPV8_CMD_ADDR_GET", "IPV8_CMD_ADDR_NEW", "IPV8_CMD_ADDR_DEL",
                 "IPV8_CMD_STATS_GET", "IPV8_CMD_ROUTE_GET",
                 "IPV8_CMD_ROUTE_NEW", "IPV8_CMD_ROUTE_DEL",
                 "IPV8_CMD_NEIGH_GET", "IPV8_CMD_NEIGH_NEW",
                 "IPV8_CMD_NEIGH_DEL", "IPV8_CMD_REACH_GET",
                 "IPV8_CMD_PEER_GET", "IPV8_CMD_BENCH_FIB"],
    "ipv8_link_attr": ["IPV8_A_LINK_UNSPEC", "IPV8_A_LINK_IFINDEX",
                       "IPV8_A_LINK_IFNAME", "IPV8_A_LINK_ENABLED",
                       "IPV8_A_LINK_MTU", "IPV8_A_LINK_OPERSTATE",
                       "IPV8_A_LINK_ADDRESS", "IPV8_A_LINK_STATS",
                       "IPV8_A_LINK_FORWARDING", "IPV8_A_LINK_BORDER",
                       "IPV8_A_LINK_WAN", "IPV8_A_LINK_PROBE_INTERVAL",
                       "IPV8_A_LINK_PROBE_MISSES", "IPV8_A_LINK_HOLDDOWN"],
    "ipv8_addr_attr": ["IPV8_A_ADDR_UNSPEC", "IPV8_A_ADDR_IFINDEX",
                       "IPV8_A_ADDR_IFNAME", "IPV8_A_ADDR_ADDRESS",
                       "IPV8_A_ADDR_PREFIXLEN"],
    "ipv8_route_attr": ["IPV8_A_ROUTE_UNSPEC", "IPV8_A_ROUTE_DST",
                        "IPV8_A_ROUTE_DST_LEN", "IPV8_A_ROUTE_DEFAULT",
                        "IPV8_A_ROUTE_METRIC", "IPV8_A_ROUTE_OIF",
                        "IPV8_A_ROUTE_OIF_NAME", "IPV8_A_ROUTE_GATEWAY",
                        "IPV8_A_ROUTE_REPLACE", "IPV8_A_ROUTE_GATEWAY2",
                        "IPV8_A_ROUTE_ACTIVE"],
    "ipv8_neigh_attr": ["IPV8_A_NEIGH_UNSPEC", "IPV8_A_NEIGH_IFINDEX",
                        "IPV8_A_NEIGH_IFNAME", "IPV8_A_NEIGH_DST",
                        "IPV8_A_NEIGH_LLADDR", "IPV8_A_NEIGH_STATE",
                        "IPV8_A_NEIGH_CAPS", "IPV8_A_NEIGH_PROBES",
                        "IPV8_A_NEIGH_CONFIRMED", "IPV8_A_NEIGH_LIVENESS",
                        "IPV8_A_NEIGH_MISSES"],
    "ipv8_liveness": ["IPV8_LIVENESS_NONE", "IPV8_LIVENESS_ALIVE",
                      "IPV8_LIVENESS_DEAD"],
    "ipv8_reach_attr": ["IPV8_A_REACH_UNSPEC", "IPV8_A_REACH_DST",
                        "IPV8_A_REACH_DST_LEN", "IPV8_A_REACH_DEFAULT",
                        "IPV8_A_REACH_OIF", "IPV8_A_REACH_OIF_NAME",
                        "IPV8_A_REACH_NEXTHOP", "IPV8_A_REACH_ROLE",
                        "IPV8_A_REACH_LLADDR", "IPV8_A_REACH_STATE",
                        "IPV8_A_REACH_CAPS"],
    "ipv8_reach_role": ["IPV8_REACH_SINGLE", "IPV8_REACH_PRIMARY",
                        "IPV8_REACH_SECONDARY"],
    "ipv8_peer_attr": ["IPV8_A_PEER_UNSPEC", "IPV8_A_PEER_IFINDEX",
                       "IPV8_A_PEER_IFNAME", "IPV8_A_PEER_ASN",
                       "IPV8_A_PEER_ADDR", "IPV8_A_PEER_STATE",
                       "IPV8_A_PEER_CAPS"],
    "ipv8_stats_attr": ["IPV8_A_STATS_UNSPEC", "IPV8_A_STATS_COUNTERS"],
    "ipv8_stat": ["IPV8_STAT_UNSPEC", "IPV8_STAT_RX_PACKETS",
                  "IPV8_STAT_RX_DROP_LINK_DISABLED",
                  "IPV8_STAT_RX_DROP_OTHERHOST", "IPV8_STAT_RX_DROP_NOMEM",
                  "IPV8_STAT_RX_DROP_TRUNCATED", "IPV8_STAT_RX_DROP_VERSION",
                  "IPV8_STAT_RX_DROP_IHL", "IPV8_STAT_RX_DROP_CHECKSUM",
                  "IPV8_STAT_RX_DROP_FRAGMENT",
                  "IPV8_STAT_RX_DROP_BAD_SOURCE",
                  "IPV8_STAT_RX_DROP_NO_ROUTE", "IPV8_STAT_RX_DELIVERED",
                  "IPV8_STAT_RX_FORWARDED",
                  "IPV8_STAT_RX_DROP_NOT_FORWARDING", "IPV8_STAT_RX_DROP_TTL",
                  "IPV8_STAT_RX_DROP_TOO_BIG",
                  "IPV8_STAT_RX_DROP_NOT_ROUTABLE",
                  "IPV8_STAT_RX_DROP_BORDER", "IPV8_STAT_RX_DROP_WAN",
                  "IPV8_STAT_TX_PACKETS", "IPV8_STAT_TX_DOWNGRADED",
                  "IPV8_STAT_TX_DROP_NO_V8_PATH",
                  "IPV8_STAT_TX_DROP_NEIGH_FAILED",
                  "IPV8_STAT_TX_DROP_QUEUE_FULL",
                  "IPV8_STAT_TX_DROP_FILTERED", "IPV8_STAT_ARP_RX_PACKETS",
                  "IPV8_STAT_ARP_RX_DROP", "IPV8_STAT_ARP_TX_PACKETS",
                  "IPV8_STAT_ICMP_RATELIMITED",
                  "IPV8_STAT_UDP_RX_DATAGRAMS", "IPV8_STAT_UDP_RX_DROP_SHORT",
                  "IPV8_STAT_UDP_RX_DROP_CHECKSUM",
                  "IPV8_STAT_UDP_RX_DROP_NO_PORT",
                  "IPV8_STAT_UDP_RX_DROP_RCVBUF",
                  "IPV8_STAT_UDP_RX_DROP_NOMEM",
                  "IPV8_STAT_UDP_TX_DATAGRAMS"],
    "ipv8_bench_attr": ["IPV8_A_BENCH_UNSPEC", "IPV8_A_BENCH_PAD",
                        "IPV8_A_BENCH_ROUTES", "IPV8_A_BENCH_ASNS",
                        "IPV8_A_BENCH_LOOKUPS", "IPV8_A_BENCH_SEED",
                        "IPV8_A_BENCH_IPV4_TABLE",
                        "IPV8_A_BENCH_NS_PER_LOOKUP", "IPV8_A_BENCH_TOTAL_NS",
                        "IPV8_A_BENCH_MISSES", "IPV8_A_BENCH_MEM_BYTES",
                        "IPV8_A_BENCH_SLAB_BYTES", "IPV8_A_BENCH_NODES",
                        "IPV8_A_BENCH_LOAD_NS",
                        "IPV8_A_BENCH_IPV4_NS_PER_LOOKUP",
                        "IPV8_A_BENCH_IPV4_TOTAL_NS",
                        "IPV8_A_BENCH_IPV4_MISSES"],
}


def stat_name(enum_name):
    """ipv8ctl's spelling of a counter: lower case, no IPV8_STAT_ prefix."""
    return enum_name[len("IPV8_STAT_"):].lower()


# ---------------------------------------------------------------------------
# RFC 1071 checksum
# ---------------------------------------------------------------------------

def ones_sum(data, start=0):
    """16-bit ones'-complement sum of data (big-endian words, odd octet
    padded with zero), folded, added to start."""
    if len(data) % 2:
        data = data + b"\x00"
    total = start
    for (word,) in struct.iter_unpack("!H", data):
        total += word
    while total > 0xFFFF:
        total = (total & 0xFFFF) + (total >> 16)
    return total


def checksum(data, start=0):
    return ~ones_sum(data, start) & 0xFFFF


def self_test_checksum():
    # RFC 1071 section 3: the words 0001 f203 f4f5 f6f7 sum to ddf2.
    assert ones_sum(bytes.fromhex("0001f203f4f5f6f7")) == 0xDDF2
    # A textbook IPv4 header (192.168.0.1 -> 192.168.0.199, UDP, DF,
    # total length 0x73) whose checksum is b861.
    v4 = bytearray.fromhex("450000730000400040110000c0a80001c0a800c7")
    assert checksum(bytes(v4)) == 0xB861
    v4[10:12] = b"\xb8\x61"
    assert ones_sum(bytes(v4)) == 0xFFFF
    # Odd length: the last octet is padded on the right.
    assert ones_sum(b"\x01") == 0x0100


# ---------------------------------------------------------------------------
# Addresses
# ---------------------------------------------------------------------------

class ParseError(Exception):
    def __init__(self, reason, message):
        super().__init__(message)
        self.reason = reason
        self.message = message


DIGITS = "0123456789"


def parse_number(part, limit, what):
    if part == "":
        raise ParseError("empty-part", "empty part")
    for ch in part:
        if ch not in DIGITS:
            raise ParseError("not-digit",
                             "part %s is not a decimal number" % json.dumps(part))
    if len(part) > 1 and part[0] == "0":
        raise ParseError("leading-zero",
                         "part %s has a leading zero" % json.dumps(part))
    value = int(part)
    if value > limit:
        raise ParseError("%s-range" % what, "%s %s is above %d" %
                         ("octet" if what == "octet" else "ASN",
                          json.dumps(part), limit))
    return value


def parse_addr(text):
    """Text (any of the three forms) -> (asn, host). Raises ParseError."""
    if text == "":
        raise ParseError("empty", "empty address")
    parts = text.split(".")
    if len(parts) not in (4, 5, 8):
        raise ParseError("part-count",
                         "expected 4, 5 or 8 dot-separated parts, found %d"
                         % len(parts))
    if len(parts) == 5:
        asn = parse_number(parts[0], 0xFFFFFFFF, "asn")
        octets = [parse_number(p, 255, "octet") for p in parts[1:]]
    else:
        octets = [parse_number(p, 255, "octet") for p in parts]
        if len(parts) == 4:
            octets = [0, 0, 0, 0] + octets
        asn = struct.unpack("!I", bytes(octets[:4]))[0]
        octets = octets[-4:]
    host = struct.unpack("!I", bytes(octets))[0]
    return asn, host


def pack(asn, host):
    return struct.pack("!II", asn, host)


def quad(v):
    return ".".join(str(b) for b in struct.pack("!I", v))


def addr_class(asn, host):
    if asn == 0:
        return "ipv4-compatible"
    if asn >> 24 == 100:
        return "rine"
    if asn == 0x7F7F0000:
        return "interop-dmz"
    if asn >> 24 == 127:
        return "internal-zone"
    if asn == 0xFFFFFFFF:
        return "broadcast" if host == 0xFFFFFFFF else "reserved"
    if 0xFFFF0000 <= asn <= 0xFFFFEFFF:
        return "multicast"
    if asn >= 0xFFFFF000:
        return "reserved"
    return "unicast"


def host_kind(host):
    a = host >> 24
    if host == 0:
        return "unspecified"
    if host == 0xFFFFFFFF:
        return "broadcast"
    if a == 127:
        return "loopback"
    if host >> 16 == 0xA9FE:
        return "link-local"
    if host >> 28 == 0xE:
        return "multicast"
    if host >> 28 == 0xF:
        return "reserved"
    if a == 10 or host >> 20 == 0xAC1 or host >> 16 == 0xC0A8:
        return "private"
    if a == 222:
        return "interior-link"
    return "global"


def fmt_addr(asn, host):
    cls = addr_class(asn, host)
    if cls == "ipv4-compatible":
        return quad(host)
    if cls == "unicast":
        return "%d.%s" % (asn, quad(host))
    return "%s.%s" % (quad(asn), quad(host))


def A(text):
    """Address literal used when building packets."""
    return pack(*parse_addr(text))


# ---------------------------------------------------------------------------
# Prefixes
# ---------------------------------------------------------------------------

def parse_prefix(text, route=True):
    """-> dict(default, asn, host, len). route=True rejects host bits set
    beyond len; route=False is the ADDR[/LEN] form of an interface address."""
    if text == "default":
        return {"default": True, "asn": None, "host": None, "len": None}
    if text.count("/") > 1:
        raise ParseError("prefix-syntax", "more than one \"/\"")
    if "/" in text:
        addr, slen = text.split("/")
        if slen == "":
            raise ParseError("prefix-length-syntax", "empty prefix length")
        for ch in slen:
            if ch not in DIGITS:
                raise ParseError("prefix-length-syntax",
                                 "prefix length %s is not a decimal number"
                                 % json.dumps(slen))
        if len(slen) > 1 and slen[0] == "0":
            raise ParseError("prefix-length-syntax",
                             "prefix length %s has a leading zero"
                             % json.dumps(slen))
        plen = int(slen)
        if plen > IPV8_PREFIXLEN_MAX:
            raise ParseError("prefix-length-range",
                             "prefix length %s is above 32" % json.dumps(slen))
    else:
        addr, plen = text, 32
    asn, host = parse_addr(addr)
    if route and host & ~mask(plen) & 0xFFFFFFFF:
        raise ParseError("host-bits-set",
                         "host bits set beyond /%d" % plen)
    return {"default": False, "asn": asn, "host": host, "len": plen}


def mask(plen):
    return (0xFFFFFFFF << (32 - plen)) & 0xFFFFFFFF if plen else 0


def prefix_contains(p, asn, host):
    if p["default"]:
        return True
    return p["asn"] == asn and (host & mask(p["len"])) == p["host"] & mask(p["len"])


def fmt_prefix(p):
    if p["default"]:
        return "default"
    return "%s/%d" % (fmt_addr(p["asn"], p["host"]), p["len"])


# ---------------------------------------------------------------------------
# Headers
# ---------------------------------------------------------------------------

def ipv8_header(src, dst, proto, payload_len, ttl=IPV8_DEFAULT_TTL, tos=0,
                ident=0, flags=DF, frag=0, options=b""):
    assert len(options) % 4 == 0
    ihl = IPV8_IHL + len(options) // 4
    hdr = bytearray(struct.pack("!BBHHHBBH", (IPV8_VERSION << 4) | ihl, tos,
                                ihl * 4 + payload_len, ident, flags | frag,
                                ttl, proto, 0))
    hdr += A(src) + A(dst) + options
    struct.pack_into("!H", hdr, 10, checksum(bytes(hdr)))
    assert ones_sum(bytes(hdr)) == 0xFFFF, "finished header must sum to FFFF"
    return bytes(hdr)


def decrement_ttl(hdr):
    """RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'), m the TTL/protocol word."""
    hdr = bytearray(hdr)
    old_word = struct.unpack_from("!H", hdr, 8)[0]
    old_check = struct.unpack_from("!H", hdr, 10)[0]
    hdr[8] -= 1
    new_word = struct.unpack_from("!H", hdr, 8)[0]
    s = ones_sum(b"", (~old_check & 0xFFFF) + (~old_word & 0xFFFF) + new_word)
    new_check = ~s & 0xFFFF
    struct.pack_into("!H", hdr, 10, new_check)
    # The Linux form (ip_decrease_ttl) must agree too.
    k = old_check + 0x0100
    k = (k + (k >= 0xFFFF)) & 0xFFFF
    assert k == new_check, "kernel-style update disagrees"
    # And a full recomputation.
    full = bytearray(hdr)
    struct.pack_into("!H", full, 10, 0)
    ihl = (hdr[0] & 0xF) * 4
    assert checksum(bytes(full[:ihl])) == new_check, "incremental != full"
    return bytes(hdr), new_check


def icmp(type_, code, rest, body):
    msg = bytearray(struct.pack("!BBH", type_, code, 0) + rest + body)
    struct.pack_into("!H", msg, 2, checksum(bytes(msg)))
    assert ones_sum(bytes(msg)) == 0xFFFF
    return bytes(msg)


def pseudo_header(src, dst, proto, length):
    return A(src) + A(dst) + struct.pack("!BBH", 0, proto, length)


def udp8(src, dst, sport, dport, payload):
    length = 8 + len(payload)
    ph = pseudo_header(src, dst, IPPROTO_UDP, length)
    seg = bytearray(struct.pack("!HHHH", sport, dport, length, 0) + payload)
    c = checksum(ph + bytes(seg))
    computed = c
    if c == 0:
        c = 0xFFFF   # a computed zero goes out as all ones, as in UDP
    struct.pack_into("!H", seg, 6, c)
    assert ones_sum(ph + bytes(seg)) == 0xFFFF
    return bytes(seg), ph, computed


def hx(b):
    return b.hex()


# ---------------------------------------------------------------------------
# Ed25519 (RFC 8032), only to sign the sample A8 RRset deterministically
# ---------------------------------------------------------------------------

ED_P = 2 ** 255 - 19
ED_L = 2 ** 252 + 27742317777372353535851937790883648493
ED_D = -121665 * pow(121666, ED_P - 2, ED_P) % ED_P
ED_I = pow(2, (ED_P - 1) // 4, ED_P)


def _ed_xrecover(y):
    xx = (y * y - 1) * pow(ED_D * y * y + 1, ED_P - 2, ED_P)
    x = pow(xx, (ED_P + 3) // 8, ED_P)
    if (x * x - xx) % ED_P:
        x = x * ED_I % ED_P
    return ED_P - x if x % 2 else x


_BY = 4 * pow(5, ED_P - 2, ED_P) % ED_P
ED_B = (_ed_xrecover(_BY), _BY, 1, _ed_xrecover(_BY) * _BY % ED_P)


def _ed_add(p, q):
    # Extended coordinates (X, Y, Z, T), a = -1.
    x1, y1, z1, t1 = p
    x2, y2, z2, t2 = q
    a = (y1 - x1) * (y2 - x2) % ED_P
    b = (y1 + x1) * (y2 + x2) % ED_P
    c = t1 * 2 * ED_D * t2 % ED_P
    d = z1 * 2 * z2 % ED_P
    e, f, g, h = b - a, d - c, d + c, b + a
    return (e * f % ED_P, g * h % ED_P, f * g % ED_P, e * h % ED_P)


def _ed_mul(s, p):
    q = (0, 1, 1, 0)
    while s:
        if s & 1:
            q = _ed_add(q, p)
        p = _ed_add(p, p)
        s >>= 1
    return q


def _ed_encode(p):
    x, y, z, _ = p
    zi = pow(z, ED_P - 2, ED_P)
    x, y = x * zi % ED_P, y * zi % ED_P
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


def _ed_expand(seed):
    h = hashlib.sha512(seed).digest()
    a = int.from_bytes(h[:32], "little")
    a &= (1 << 254) - 8
    a |= 1 << 254
    return a, h[32:]


def ed25519_public(seed):
    a, _ = _ed_expand(seed)
    return _ed_encode(_ed_mul(a, ED_B))


def ed25519_sign(seed, msg):
    a, prefix = _ed_expand(seed)
    pub = _ed_encode(_ed_mul(a, ED_B))
    r = int.from_bytes(hashlib.sha512(prefix + msg).digest(), "little") % ED_L
    rs = _ed_encode(_ed_mul(r, ED_B))
    k = int.from_bytes(hashlib.sha512(rs + pub + msg).digest(), "little") % ED_L
    return rs + ((r + k * a) % ED_L).to_bytes(32, "little")


def self_test_ed25519():
    # RFC 8032 section 7.1, TEST 1 (empty message).
    seed = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc4"
                         "4449c5697b326919703bac031cae7f60")
    assert ed25519_public(seed).hex() == (
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
    assert ed25519_sign(seed, b"").hex() == (
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
        "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")


def key_tag(rdata):
    """RFC 4034 appendix B."""
    ac = 0
    for i, b in enumerate(rdata):
        ac += b if i & 1 else b << 8
    ac += (ac >> 16) & 0xFFFF
    return ac & 0xFFFF


def dns_name(name):
    out = b""
    for label in name.rstrip(".").split("."):
        out += bytes([len(label)]) + label.lower().encode("ascii")
    return out + b"\x00"


# ---------------------------------------------------------------------------
# Hex dumps for the document
# ---------------------------------------------------------------------------

def hexdump(data):
    lines = []
    for off in range(0, len(data), 16):
        chunk = data[off:off + 16]
        left = " ".join("%02x" % b for b in chunk[:8])
        right = " ".join("%02x" % b for b in chunk[8:])
        lines.append(("%04x  %s  %s" % (off, left, right)).rstrip())
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Vector construction
# ---------------------------------------------------------------------------

MAC_A = bytes.fromhex("020000000001")
MAC_B = bytes.fromhex("020000000002")
MAC_R = bytes.fromhex("0200000000fe")
BCAST_MAC = b"\xff" * 6

HOST_A = "65533.192.0.2.1"
HOST_B = "65533.192.0.2.2"
GW_EVEN = "65533.192.0.2.254"
GW_ODD = "65533.192.0.2.253"
REMOTE = "64496.203.0.113.5"
BCAST8 = "255.255.255.255.255.255.255.255"
ZERO8 = "0.0.0.0.0.0.0.0"


def vec_addresses():
    cases = [
        ("ipv4-dotted-quad", "10.0.0.1"),
        ("ipv4-compatible-asn-dot", "0.10.0.0.1"),
        ("ipv4-compatible-8-octet", "0.0.0.0.10.0.0.1"),
        ("unspecified", "0.0.0.0"),
        ("unicast-asn-dot", "65001.10.0.0.1"),
        ("unicast-8-octet", "0.0.253.233.10.0.0.1"),
        ("unicast-asn-1", "1.192.0.2.1"),
        ("unicast-32-bit-asn", "1.0.0.0.10.0.0.1"),
        ("unicast-highest-below-rine", "99.255.255.255.1.2.3.4"),
        ("unicast-lowest-above-rine", "101.0.0.0.1.2.3.4"),
        ("unicast-highest", "255.254.255.255.1.2.3.4"),
        ("unicast-highest-asn-dot", "4294901759.1.2.3.4"),
        ("documentation-asn-65533", "65533.192.0.2.1"),
        ("documentation-asn-65533-8-octet", "0.0.255.253.192.0.2.1"),
        ("private-peering-asn-65534", "65534.198.51.100.7"),
        ("unicast-host-loopback", "65533.127.0.0.1"),
        ("unicast-host-interior-link", "65001.222.0.0.1"),
        ("unicast-host-link-local", "65001.169.254.1.1"),
        ("rine-8-octet", "100.0.0.1.10.0.0.1"),
        ("rine-asn-dot", "1677721601.10.0.0.1"),
        ("internal-zone", "127.0.0.1.10.1.2.3"),
        ("internal-zone-asn-dot", "2130706433.10.1.2.3"),
        ("interop-dmz", "127.127.0.0.10.0.0.1"),
        ("interop-dmz-asn-dot", "2139029504.10.0.0.1"),
        ("multicast-general", "255.255.0.0.224.0.0.1"),
        ("multicast-ospf8", "255.255.0.1.224.0.0.5"),
        ("multicast-highest", "255.255.239.255.224.0.0.1"),
        ("broadcast", BCAST8),
        ("broadcast-asn-dot", "4294967295.255.255.255.255"),
        ("reserved-lowest", "255.255.240.0.10.0.0.1"),
        ("reserved-highest", "255.255.255.254.10.0.0.1"),
        ("reserved-broadcast-prefix-unicast-host", "255.255.255.255.10.0.0.1"),
    ]
    out = []
    for name, text in cases:
        asn, host = parse_addr(text)
        canon = fmt_addr(asn, host)
        assert parse_addr(canon) == (asn, host), "canonical must round-trip"
        assert fmt_addr(*parse_addr(canon)) == canon
        out.append({"name": name, "input": text, "hex": hx(pack(asn, host)),
                    "asn": asn, "host": quad(host), "class": addr_class(asn, host),
                    "host_kind": host_kind(host), "canonical": canon})
    return out


def vec_invalid_addresses():
    cases = [
        ("empty", ""),
        ("leading-zero-octet", "010.0.0.1"),
        ("leading-zero-double-zero", "00.0.0.0"),
        ("leading-zero-asn", "065001.10.0.0.1"),
        ("leading-zero-host-octet", "65001.10.0.0.01"),
        ("octet-256", "10.0.0.256"),
        ("octet-256-first-of-quad", "256.0.0.1"),
        ("octet-256-8-octet", "0.0.0.256.10.0.0.1"),
        ("octet-300-asn-dot", "65001.300.0.0.1"),
        ("asn-4294967296", "4294967296.10.0.0.1"),
        ("asn-huge", "99999999999999999999.10.0.0.1"),
        ("sign-plus", "+10.0.0.1"),
        ("sign-minus-asn", "-1.10.0.0.1"),
        ("sign-plus-octet", "65001.+10.0.0.1"),
        ("whitespace-leading", " 10.0.0.1"),
        ("whitespace-trailing", "10.0.0.1 "),
        ("whitespace-newline", "10.0.0.1\n"),
        ("whitespace-inner", "10. 0.0.1"),
        ("whitespace-tab", "65001.10.0.0.1\t"),
        ("non-ascii-digit-fullwidth", "\uff11\uff10.0.0.1"),
        ("non-ascii-digit-arabic-indic", "10.0.0.\u0661"),
        ("non-ascii-digit-superscript", "10.0.0.\u00b2"),
        ("hex-octet", "0x0a.0.0.1"),
        ("colon-separator", "65001:10.0.0.1"),
        ("part-count-1", "10"),
        ("part-count-3", "10.0.1"),
        ("part-count-6", "1.2.3.4.5.6"),
        ("part-count-7", "1.2.3.4.5.6.7"),
        ("part-count-9", "1.2.3.4.5.6.7.8.9"),
        ("empty-part-inner", "10..0.1"),
        ("empty-part-trailing-dot", "10.0.0.1."),
        ("empty-part-leading-dot", ".10.0.0.1"),
        ("empty-part-asn-dot", "65001.10.0.0."),
    ]
    out = []
    for name, text in cases:
        try:
            parse_addr(text)
        except ParseError as e:
            out.append({"name": name, "input": text,
                        "input_hex": hx(text.encode("utf-8")),
                        "reason": e.reason, "message": e.message})
        else:
            raise AssertionError("accepted invalid address %r" % text)
    return out


def vec_prefixes():
    cases = [
        ("default", "default",
         [HOST_A, "64496.1.2.3.4", "255.254.255.255.0.0.0.1"], []),
        ("asn-host-16", "65002.10.1.0.0/16",
         ["65002.10.1.0.0", "65002.10.1.255.255"],
         ["65002.10.2.0.0", "65001.10.1.0.1", "10.1.0.1"]),
        ("whole-asn", "65002.0.0.0.0/0",
         ["65002.0.0.0.0", "65002.255.255.255.255"],
         ["65003.0.0.0.1", "65001.10.1.0.1"]),
        ("8-octet-form-len-counts-host-bits", "0.0.253.233.10.1.0.0/16",
         ["65001.10.1.2.3"], ["65001.10.2.0.0", "65002.10.1.2.3"]),
        ("host-route", "65533.192.0.2.1/32",
         [HOST_A], [HOST_B]),
        ("no-length-means-32", "65533.192.0.2.1",
         [HOST_A], [HOST_B]),
        ("subnet-24", "65533.192.0.2.0/24",
         [HOST_A, GW_EVEN, "65533.192.0.2.255"],
         ["65533.192.0.3.1", "64496.192.0.2.1"]),
        ("ipv4-compatible", "10.0.0.0/8",
         ["10.255.0.1", "0.10.1.2.3"], ["65001.10.0.0.1"]),
        ("ipv4-compatible-whole", "0.0.0.0/0",
         ["192.0.2.1"], ["65001.192.0.2.1"]),
        ("internal-zone", "127.0.0.1.10.0.0.0/8",
         ["127.0.0.1.10.9.8.7"], ["127.0.0.2.10.9.8.7"]),
    ]
    out = []
    for name, text, yes, no in cases:
        p = parse_prefix(text)
        canon = fmt_prefix(p)
        assert fmt_prefix(parse_prefix(canon)) == canon
        for a in yes:
            assert prefix_contains(p, *parse_addr(a)), (text, a)
        for a in no:
            assert not prefix_contains(p, *parse_addr(a)), (text, a)
        e = {"name": name, "input": text, "default": p["default"]}
        if not p["default"]:
            e.update({"asn": p["asn"], "host": quad(p["host"]), "len": p["len"],
                      "hex": hx(pack(p["asn"], p["host"]))})
        e.update({"canonical": canon, "contains": yes, "does_not_contain": no})
        out.append(e)
    return out


def vec_interface_prefixes():
    """ADDR[/LEN] of ipv8ctl addr add: host bits beyond LEN are kept."""
    out = []
    for name, text in [("address-with-24", "65001.10.0.0.1/24"),
                       ("address-default-32", "65001.10.0.0.1"),
                       ("8-octet-with-16", "0.0.253.233.10.1.2.3/16")]:
        p = parse_prefix(text, route=False)
        out.append({"name": name, "input": text, "asn": p["asn"],
                    "host": quad(p["host"]), "len": p["len"],
                    "hex": hx(pack(p["asn"], p["host"])),
                    "canonical": fmt_prefix(p)})
    return out


def vec_invalid_prefixes():
    cases = [
        ("length-33", "65001.10.0.0.0/33", True),
        ("length-leading-zero", "65001.10.0.0.0/024", True),
        ("length-empty", "65001.10.0.0.0/", True),
        ("length-sign", "65001.10.0.0.0/+24", True),
        ("two-slashes", "65001.10.0.0.0/24/8", True),
        ("empty-address", "/24", True),
        ("default-with-length", "default/0", True),
        ("default-upper-case", "DEFAULT", True),
        ("route-host-bits-set", "65001.10.0.0.1/24", True),
        ("bad-address", "65001.300.0.0.1/24", False),
    ]
    out = []
    for name, text, route in cases:
        try:
            parse_prefix(text, route=route)
        except ParseError as e:
            out.append({"name": name, "input": text,
                        "mode": "route" if route else "interface",
                        "reason": e.reason, "message": e.message})
        else:
            raise AssertionError("accepted invalid prefix %r" % text)
    return out


PING_PAYLOAD = b"IPv8 echo test!!"   # 16 octets


def vec_headers():
    out = []

    def add(name, desc, hdr, payload, **extra):
        e = {"name": name, "description": desc}
        e.update(extra)
        e.update({"header_hex": hx(hdr), "checksum": "%04x" % struct.unpack_from("!H", hdr, 10)[0],
                  "packet_hex": hx(hdr + payload)})
        out.append(e)

    echo = icmp(8, 0, struct.pack("!HH", 0x1c46, 1), PING_PAYLOAD)
    h = ipv8_header(HOST_A, HOST_B, IPPROTO_ICMP, len(echo), ident=0x1c46)
    add("icmp-echo", "ICMPv8 echo request A -> B, DF, TTL 64", h, echo,
        src=HOST_A, dst=HOST_B, ttl=64, protocol=1, df=True, ident=0x1c46)

    seg, _, _ = udp8(HOST_A, HOST_B, 40000, 7, b"hello, ipv8\n")
    h = ipv8_header(HOST_A, HOST_B, IPPROTO_UDP, len(seg), ident=0x0001)
    add("udp", "UDP8 datagram A:40000 -> B:7, DF, TTL 64", h, seg,
        src=HOST_A, dst=HOST_B, ttl=64, protocol=17, df=True, ident=1)

    seg, _, _ = udp8(REMOTE, HOST_A, 5353, 5353, b"no DF")
    h = ipv8_header(REMOTE, HOST_A, IPPROTO_UDP, len(seg), ttl=57, tos=0x10,
                    ident=0xbeef, flags=0)
    add("udp-no-df-tos", "UDP8 from another stack: DF clear, TOS 0x10, TTL 57",
        h, seg, src=REMOTE, dst=HOST_A, ttl=57, protocol=17, df=False,
        ident=0xbeef, tos=0x10)

    echo = icmp(8, 0, struct.pack("!HH", 0x0777, 3), PING_PAYLOAD)
    before = ipv8_header(REMOTE, HOST_A, IPPROTO_ICMP, len(echo), ident=0x4242)
    after, c = decrement_ttl(before)
    add("ttl-decrement-before", "as received by a router (TTL 64)", before, echo,
        src=REMOTE, dst=HOST_A, ttl=64, protocol=1, df=True, ident=0x4242)
    add("ttl-decrement-after", "forwarded: TTL 63, checksum updated by "
        "RFC 1624 eqn. 3, equal to a full recomputation", after, echo,
        src=REMOTE, dst=HOST_A, ttl=63, protocol=1, df=True, ident=0x4242)

    # Edge case: choose the identification so that the header checksum is
    # feff before the decrement and 0000 after it.
    probe = bytearray(ipv8_header(REMOTE, HOST_A, IPPROTO_ICMP, len(echo), ident=0))
    probe[10:12] = b"\x00\x00"
    s = ones_sum(bytes(probe))                 # sum without identification
    ident = ones_sum(b"", 0x0100 + (~s & 0xFFFF))   # so the total is 0x0100
    before = ipv8_header(REMOTE, HOST_A, IPPROTO_ICMP, len(echo), ident=ident)
    assert before[10:12] == b"\xfe\xff"
    after, c = decrement_ttl(before)
    assert c == 0
    add("ttl-decrement-wraps-to-zero-before", "checksum feff before the decrement",
        before, echo, src=REMOTE, dst=HOST_A, ttl=64, protocol=1, df=True, ident=ident)
    add("ttl-decrement-wraps-to-zero-after", "checksum 0000 after it: a valid "
        "header checksum, never rewritten to ffff", after, echo,
        src=REMOTE, dst=HOST_A, ttl=63, protocol=1, df=True, ident=ident)

    opts = bytes([1, 1, 1, 0])   # NOP NOP NOP EOL: skipped, never interpreted
    seg, _, _ = udp8(HOST_A, HOST_B, 40001, 9, b"opts")
    h = ipv8_header(HOST_A, HOST_B, IPPROTO_UDP, len(seg), ident=2, options=opts)
    assert h[0] == 0x88 and len(h) == 32
    add("ihl-8-options", "IHL 8: 4 option octets after the addresses, covered "
        "by the checksum", h, seg, src=HOST_A, dst=HOST_B, ttl=64, protocol=17,
        df=True, ident=2, options_hex=hx(opts))
    return out


def vec_receive():
    """Frames as handed to the 0x88B5 handler (the IPv8 packet, no
    Ethernet header), on a link with 65533.192.0.2.2/24 and IPv8 on."""
    out = []
    echo = icmp(8, 0, struct.pack("!HH", 0x1c46, 1), PING_PAYLOAD)
    good = ipv8_header(HOST_A, HOST_B, IPPROTO_ICMP, len(echo), ident=0x1c46) + echo

    def add(name, pkt, expect, link_enabled=True, pkt_type="host", note=""):
        out.append({"name": name, "link_enabled": link_enabled,
                    "pkt_type": pkt_type, "hex": hx(pkt), "expect": expect,
                    "note": note})

    def fix(pkt, ihl=None):
        p = bytearray(pkt)
        n = (ihl if ihl is not None else p[0] & 0xF) * 4
        p[10:12] = b"\x00\x00"
        struct.pack_into("!H", p, 10, checksum(bytes(p[:n])))
        return bytes(p)

    def mod(pkt, off, data, refix=True, ihl=None):
        p = bytearray(pkt)
        p[off:off + len(data)] = data
        return fix(bytes(p), ihl) if refix else bytes(p)

    add("accept", good, "deliver")
    add("accept-ethernet-padding", good + bytes(6), "deliver",
        note="frame longer than total length: trimmed, not dropped")
    add("link-disabled", good, "rx_drop_link_disabled", link_enabled=False)
    add("otherhost", good, "rx_drop_otherhost", pkt_type="otherhost")
    add("shorter-than-header", good[:20], "rx_drop_truncated")
    add("version-4", mod(good, 0, b"\x47"), "rx_drop_version")
    add("version-and-checksum-wrong", mod(good, 0, b"\x47", refix=False),
        "rx_drop_version", note="version is checked before the checksum")
    add("ihl-6", mod(good, 0, b"\x86", ihl=6), "rx_drop_ihl")
    add("ihl-15-beyond-frame", mod(good[:40], 0, b"\x8f", refix=False),
        "rx_drop_truncated", note="60-octet header claimed, 40 octets present")
    bad = bytearray(good)
    bad[11] ^= 0x01
    add("bad-checksum", bytes(bad), "rx_drop_checksum")
    add("total-length-beyond-frame", mod(good, 2, struct.pack("!H", len(good) + 1)),
        "rx_drop_truncated")
    add("total-length-below-header", mod(good, 2, struct.pack("!H", 27)),
        "rx_drop_truncated")
    add("more-fragments", mod(good, 6, struct.pack("!H", MF)), "rx_drop_fragment")
    add("fragment-offset", mod(good, 6, struct.pack("!H", DF | 1)),
        "rx_drop_fragment")
    add("source-multicast-prefix", mod(good, 12, A("255.255.0.0.10.0.0.1")),
        "rx_drop_bad_source")
    add("source-reserved-prefix", mod(good, 12, A("255.255.240.0.10.0.0.1")),
        "rx_drop_bad_source")
    add("source-broadcast", mod(good, 12, A(BCAST8)), "rx_drop_bad_source")
    add("source-host-loopback", mod(good, 12, A("65533.127.0.0.1")),
        "rx_drop_bad_source")
    add("source-host-multicast", mod(good, 12, A("65533.224.0.0.1")),
        "rx_drop_bad_source")
    add("source-host-broadcast", mod(good, 12, A("65533.255.255.255.255")),
        "rx_drop_bad_source")
    add("not-for-us", mod(good, 20, A("64496.198.51.100.10")), "rx_drop_no_route",
        note="a host (no forwarding) has nowhere to send it")
    return out


def vec_icmp():
    out = []
    ident, seq = 0x1c46, 1
    req = icmp(8, 0, struct.pack("!HH", ident, seq), PING_PAYLOAD)
    hreq = ipv8_header(HOST_A, HOST_B, IPPROTO_ICMP, len(req), ident=0x1c46)
    rep = icmp(0, 0, struct.pack("!HH", ident, seq), PING_PAYLOAD)
    hrep = ipv8_header(HOST_B, HOST_A, IPPROTO_ICMP, len(rep), ident=0x9a01)
    out.append({"name": "echo-request", "src": HOST_A, "dst": HOST_B,
                "type": 8, "code": 0, "identifier": ident, "sequence": seq,
                "payload_hex": hx(PING_PAYLOAD), "icmp_hex": hx(req),
                "checksum": "%04x" % struct.unpack_from("!H", req, 2)[0],
                "packet_hex": hx(hreq + req)})
    out.append({"name": "echo-reply", "src": HOST_B, "dst": HOST_A,
                "type": 0, "code": 0, "identifier": ident, "sequence": seq,
                "payload_hex": hx(PING_PAYLOAD), "icmp_hex": hx(rep),
                "checksum": "%04x" % struct.unpack_from("!H", rep, 2)[0],
                "packet_hex": hx(hrep + rep)})

    # Host A sends UDP8 to an ASN nobody routes; its gateway answers 3/16.
    dst = "64500.198.51.100.10"
    seg, _, _ = udp8(HOST_A, dst, 40002, 53, b"query")
    offending = ipv8_header(HOST_A, dst, IPPROTO_UDP, len(seg), ident=0x0003) + seg
    quote = offending[:IPV8_HLEN + 8]
    err = icmp(3, ICMPV8_ASN_UNREACH, bytes(4), quote)
    herr = ipv8_header(GW_EVEN, HOST_A, IPPROTO_ICMP, len(err), ident=0x0100)
    out.append({"name": "dest-unreach-asn", "src": GW_EVEN, "dst": HOST_A,
                "type": 3, "code": 16, "offending_hex": hx(offending),
                "quoted_hex": hx(quote), "icmp_hex": hx(err),
                "checksum": "%04x" % struct.unpack_from("!H", err, 2)[0],
                "packet_hex": hx(herr + err)})

    # Code 17 from the gateway: the next hop toward 64496 is IPv4-only.
    seg, _, _ = udp8(HOST_A, REMOTE, 40003, 53, b"query")
    offending = ipv8_header(HOST_A, REMOTE, IPPROTO_UDP, len(seg), ident=4) + seg
    err = icmp(3, ICMPV8_NO_V8_PATH, bytes(4), offending[:IPV8_HLEN + 8])
    herr = ipv8_header(GW_EVEN, HOST_A, IPPROTO_ICMP, len(err), ident=0x0101)
    out.append({"name": "dest-unreach-no-v8-path", "src": GW_EVEN, "dst": HOST_A,
                "type": 3, "code": 17, "offending_hex": hx(offending),
                "quoted_hex": hx(offending[:IPV8_HLEN + 8]), "icmp_hex": hx(err),
                "checksum": "%04x" % struct.unpack_from("!H", err, 2)[0],
                "packet_hex": hx(herr + err)})

    # Time exceeded: the router got TTL 1; the quote shows it as received.
    seg, _, _ = udp8(HOST_A, REMOTE, 40004, 33434, b"trace")
    offending = ipv8_header(HOST_A, REMOTE, IPPROTO_UDP, len(seg), ttl=1, ident=5) + seg
    err = icmp(11, 0, bytes(4), offending[:IPV8_HLEN + 8])
    herr = ipv8_header(GW_EVEN, HOST_A, IPPROTO_ICMP, len(err), ident=0x0102)
    out.append({"name": "time-exceeded", "src": GW_EVEN, "dst": HOST_A,
                "type": 11, "code": 0, "offending_hex": hx(offending),
                "quoted_hex": hx(offending[:IPV8_HLEN + 8]), "icmp_hex": hx(err),
                "checksum": "%04x" % struct.unpack_from("!H", err, 2)[0],
                "packet_hex": hx(herr + err)})
    return out


def vec_udp():
    out = []
    payload = b"hello, ipv8\n"
    seg, ph, computed = udp8(HOST_A, HOST_B, 40000, 7, payload)
    h = ipv8_header(HOST_A, HOST_B, IPPROTO_UDP, len(seg), ident=0x0001)
    out.append({"name": "datagram", "src": HOST_A, "dst": HOST_B,
                "sport": 40000, "dport": 7, "payload_hex": hx(payload),
                "pseudo_header_hex": hx(ph), "udp_hex": hx(seg),
                "computed_checksum": "%04x" % computed,
                "checksum": "%04x" % struct.unpack_from("!H", seg, 6)[0],
                "packet_hex": hx(h + seg)})
    # Choose the last two payload octets so that the checksum computes to 0.
    base = b"zero sum"
    seg0, ph0, _ = udp8(HOST_A, HOST_B, 40000, 7, base + b"\x00\x00")
    s = ones_sum(ph0 + seg0[:6] + b"\x00\x00" + seg0[8:])
    fill = struct.pack("!H", ~s & 0xFFFF)
    payload = base + fill
    seg, ph, computed = udp8(HOST_A, HOST_B, 40000, 7, payload)
    assert computed == 0 and seg[6:8] == b"\xff\xff"
    h = ipv8_header(HOST_A, HOST_B, IPPROTO_UDP, len(seg), ident=0x0002)
    out.append({"name": "computed-zero-sent-as-ffff", "src": HOST_A,
                "dst": HOST_B, "sport": 40000, "dport": 7,
                "payload_hex": hx(payload), "pseudo_header_hex": hx(ph),
                "udp_hex": hx(seg), "computed_checksum": "%04x" % computed,
                "checksum": "ffff", "packet_hex": hx(h + seg)})
    return out


def vec_downgrade():
    """IPv8 UDP8 to an IPv4-only neighbour inside the sender's ASN: the same
    datagram as plain IPv4, routing prefixes stripped, UDP checksum adjusted
    for the shorter pseudo-header."""
    payload = b"hello, ipv8\n"
    seg8, _, _ = udp8(HOST_A, HOST_B, 40000, 7, payload)
    v8 = ipv8_header(HOST_A, HOST_B, IPPROTO_UDP, len(seg8), ident=0x0001) + seg8
    # Incremental: remove the two routing-prefix words pairs from the sum.
    old = struct.unpack_from("!H", seg8, 6)[0]
    asn_words = A(HOST_A)[:4] + A(HOST_B)[:4]
    s = ones_sum(asn_words)
    new = ~ones_sum(b"", (~old & 0xFFFF) + (~s & 0xFFFF)) & 0xFFFF
    if new == 0:
        new = 0xFFFF
    seg4 = bytearray(seg8)
    struct.pack_into("!H", seg4, 6, new)
    src4, dst4 = A(HOST_A)[4:], A(HOST_B)[4:]
    ph4 = src4 + dst4 + struct.pack("!BBH", 0, IPPROTO_UDP, len(seg4))
    assert ones_sum(ph4 + bytes(seg4)) == 0xFFFF, "adjusted UDP checksum"
    hdr = bytearray(struct.pack("!BBHHHBBH", 0x45, 0, 20 + len(seg4), 0x0001,
                                DF, 64, IPPROTO_UDP, 0) + src4 + dst4)
    struct.pack_into("!H", hdr, 10, checksum(bytes(hdr)))
    v4 = bytes(hdr) + bytes(seg4)
    return [{"name": "udp-same-asn", "ipv8_hex": hx(v8), "hex": hx(v4),
             "udp_checksum_ipv8": "%04x" % old, "udp_checksum_ipv4": "%04x" % new}]


def vec_sockaddr():
    addr = A("65533.192.0.2.1")
    le = struct.pack("<H", AF_INET8) + struct.pack("!H", 53) + addr + bytes(4)
    be = struct.pack(">H", AF_INET8) + struct.pack("!H", 53) + addr + bytes(4)
    assert len(le) == 16
    return [
        {"name": "little-endian-host", "family": AF_INET8, "port": 53,
         "addr": "65533.192.0.2.1", "host_byte_order": "little", "hex": hx(le)},
        {"name": "big-endian-host", "family": AF_INET8, "port": 53,
         "addr": "65533.192.0.2.1", "host_byte_order": "big", "hex": hx(be)},
    ]


def eth(dst, src, etype, payload):
    frame = dst + src + struct.pack("!H", etype) + payload
    return frame + bytes(max(0, 60 - len(frame)))    # minimum frame, no FCS


def arp(op, ptype, sha, spa, tha, tpa):
    return struct.pack("!HHBBH", 1, ptype, 6, len(spa), op) + sha + spa + tha + tpa


def vec_arp8():
    out = []

    def add(name, desc, frame, **kw):
        e = {"name": name, "description": desc}
        e.update(kw)
        e["hex"] = hx(frame)
        assert len(frame) == 60
        out.append(e)

    req = arp(1, ETH_P_IPV8, MAC_A, A(HOST_A), bytes(6), A(HOST_B))
    add("arp8-request", "A asks for B, broadcast", eth(BCAST_MAC, MAC_A, ETH_P_ARP, req),
        sender_mac="02:00:00:00:00:01", sender=HOST_A, target=HOST_B, op=1)
    rep = arp(2, ETH_P_IPV8, MAC_B, A(HOST_B), MAC_A, A(HOST_A))
    add("arp8-reply", "B answers A, unicast", eth(MAC_A, MAC_B, ETH_P_ARP, rep),
        sender_mac="02:00:00:00:00:02", sender=HOST_B, target=HOST_A, op=2)
    grat = arp(1, ETH_P_IPV8, MAC_B, A(HOST_B), bytes(6), A(HOST_B))
    add("arp8-gratuitous", "B announces a new address", eth(BCAST_MAC, MAC_B, ETH_P_ARP, grat),
        sender_mac="02:00:00:00:00:02", sender=HOST_B, target=HOST_B, op=1)
    plain = arp(1, ETH_P_IP, MAC_A, bytes(4), bytes(6), A(HOST_B)[4:])
    add("arp-dual-probe", "the plain ARP half of A's dual probe for B: "
        "target the host part, sender address 0.0.0.0",
        eth(BCAST_MAC, MAC_A, ETH_P_ARP, plain),
        sender_mac="02:00:00:00:00:01", sender="0.0.0.0", target="192.0.2.2", op=1)
    probe = arp(1, ETH_P_IPV8, MAC_A, A(HOST_A), MAC_R, A(GW_EVEN))
    add("arp8-liveness-probe", "A's unicast liveness probe of its primary gateway",
        eth(MAC_R, MAC_A, ETH_P_ARP, probe),
        sender_mac="02:00:00:00:00:01", sender=HOST_A, target=GW_EVEN, op=1)
    return out


def vec_8to4():
    echo = icmp(8, 0, struct.pack("!HH", 0x0001, 1), PING_PAYLOAD)
    inner = ipv8_header(HOST_A, REMOTE, IPPROTO_ICMP, len(echo), ttl=63,
                        ident=0x1c47) + echo
    outer = bytearray(struct.pack("!BBHHHBBH", 0x45, 0, 20 + len(inner), 0x0000,
                                  DF, 64, IPPROTO_8TO4, 0))
    outer += bytes([203, 0, 113, 1]) + bytes([198, 51, 100, 1])
    struct.pack_into("!H", outer, 10, checksum(bytes(outer)))
    assert ones_sum(bytes(outer)) == 0xFFFF
    return [{"name": "icmp-echo-in-ipv4", "outer_src": "203.0.113.1",
             "outer_dst": "198.51.100.1", "protocol": IPPROTO_8TO4,
             "inner_hex": hx(inner), "outer_header_hex": hx(bytes(outer)),
             "hex": hx(bytes(outer) + inner)}]


# RFC 8080 example key (algorithm 15); published, so fine for a sample.
SAMPLE_SEED = base64.b64decode("ODIyNjAzODQ2MjgwODAxMjI2NDUxOTAyMDQxNDIyNjI=")
SAMPLE_PUB_B64 = "l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4="


def vec_a8():
    out = []
    owner = "host1.example.net."
    ttl = 3600
    rdata = A(HOST_A)
    rr = dns_name(owner) + struct.pack("!HHIH", A8_RRTYPE, 1, ttl, 8) + rdata
    question = dns_name(owner) + struct.pack("!HH", A8_RRTYPE, 1)
    out.append({"name": "a8-rr", "owner": owner, "ttl": ttl,
                "address": HOST_A, "rdata_hex": hx(rdata),
                "presentation": "%s %d IN A8 %s" % (owner, ttl, HOST_A),
                "generic_presentation": "%s %d IN TYPE65280 \\# 8 %s"
                % (owner, ttl, hx(rdata)),
                "question_hex": hx(question), "hex": hx(rr)})

    # Signed even/odd pair, RRSIG made with the RFC 8080 sample key.
    pub = base64.b64decode(SAMPLE_PUB_B64)
    assert ed25519_public(SAMPLE_SEED) == pub, "RFC 8080 sample key"
    dnskey_rdata = struct.pack("!HBB", 257, 3, 15) + pub
    tag = key_tag(dnskey_rdata)
    assert tag == 3613, "RFC 8080 gives key tag 3613 for this key"
    signer = "example.net."
    name = "www.example.net."
    addrs = ["65533.192.0.2.11", "65533.192.0.2.10"]
    rdatas = sorted(A(a) for a in addrs)        # canonical RR order
    inception = calendar.timegm((2026, 11, 1, 0, 0, 0))
    expiration = calendar.timegm((2026, 12, 1, 0, 0, 0))
    labels = len(name.rstrip(".").split("."))
    rrsig_fixed = struct.pack("!HBBIIIH", A8_RRTYPE, 15, labels, ttl,
                              expiration, inception, tag) + dns_name(signer)
    signed = rrsig_fixed + b"".join(
        dns_name(name) + struct.pack("!HHIH", A8_RRTYPE, 1, ttl, 8) + r
        for r in rdatas)
    sig = ed25519_sign(SAMPLE_SEED, signed)
    out.append({"name": "a8-rrset-signed", "owner": name, "ttl": ttl,
                "addresses": addrs, "signer": signer, "algorithm": 15,
                "dnskey_presentation": "257 3 15 " + SAMPLE_PUB_B64,
                "key_tag": tag, "inception": inception,
                "expiration": expiration,
                "signing_input_hex": hx(signed),
                "signature_b64": base64.b64encode(sig).decode("ascii"),
                "rrsig_rdata_hex": hx(rrsig_fixed + sig),
                "hex": hx(rrsig_fixed + sig)})
    return out


def dhcp_opt(code, data):
    assert 1 <= len(data) <= 255
    return bytes([code, len(data)]) + data


def vec_dhcp8():
    ex = [
        (224, "routing prefix", "ASN 65533", struct.pack("!I", 65533)),
        (225, "gateway pair", "even %s, odd %s" % (GW_EVEN, GW_ODD),
         A(GW_EVEN) + A(GW_ODD)),
        (226, "Zone Servers", "%s, %s" % (GW_EVEN, GW_ODD), A(GW_EVEN) + A(GW_ODD)),
        (227, "DNS8", "65533.192.0.2.53", A("65533.192.0.2.53")),
        (228, "NTP8", "65533.192.0.2.123", A("65533.192.0.2.123")),
        (229, "NetLog8", "%s, %s" % (GW_EVEN, GW_ODD), A(GW_EVEN) + A(GW_ODD)),
        (230, "WHOIS8", "64496.203.0.113.43", A("64496.203.0.113.43")),
        (231, "XLATE8", "65533.192.0.2.250", A("65533.192.0.2.250")),
        (232, "OAuth8 key-set URL", "https://auth.example.net/jwks.json",
         b"https://auth.example.net/jwks.json"),
        (233, "ACL8 policy name", "office-default", b"office-default"),
    ]
    out = []
    for code, what, value, data in ex:
        out.append({"name": "option-%d" % code, "code": code, "meaning": what,
                    "value": value, "hex": hx(dhcp_opt(code, data))})
    return out


def vec_dhcp8_message():
    """A whole DHCPACK (UDP8 payload) from the even Zone Server."""
    xid = 0x3903F326
    chaddr = MAC_B + bytes(10)
    fixed = struct.pack("!BBBBIHH", 2, 1, 6, 0, xid, 0, 0x8000)
    fixed += bytes(4)                         # ciaddr
    fixed += bytes([192, 0, 2, 10])           # yiaddr: host part only
    fixed += bytes(4) + bytes(4)              # siaddr, giaddr
    fixed += chaddr + bytes(64) + bytes(128)
    assert len(fixed) == 236
    opts = (dhcp_opt(53, b"\x05") + dhcp_opt(54, bytes([192, 0, 2, 254])) +
            dhcp_opt(51, struct.pack("!I", 86400)) +
            dhcp_opt(1, bytes([255, 255, 255, 0])))
    for e in vec_dhcp8():
        opts += bytes.fromhex(e["hex"])
    msg = fixed + bytes([99, 130, 83, 99]) + opts + b"\xff"
    return [{"name": "dhcpack-bundle", "server": GW_EVEN, "client_mac":
             "02:00:00:00:00:02", "yiaddr": "192.0.2.10",
             "address": "65533.192.0.2.10", "hex": hx(msg)}]


def vec_netlog8():
    client_id = bytes.fromhex("5a17c0ffee000001")
    epoch = 0x00000007
    t0 = calendar.timegm((2026, 11, 1, 12, 0, 0)) * 10 ** 9

    def record(seq, t, sev, tag, msg):
        tag, msg = tag.encode("ascii"), msg.encode("utf-8")
        return struct.pack("!QQBBH", seq, t, sev, len(tag), len(msg)) + tag + msg

    recs = [record(41, t0, 6, "sshd", "session opened for user ops"),
            record(42, t0 + 250000000, 2, "SEC-ALERT",
                   "internal-zone source 127.0.0.1.10.1.2.3 on WAN link eth1")]
    dgram = struct.pack("!BBH", 1, 1, len(recs)) + client_id + struct.pack("!I", epoch)
    dgram += b"".join(recs)
    ack = struct.pack("!BBH", 1, 2, 0) + client_id + struct.pack("!IQ", epoch, 42)
    keepalive = struct.pack("!BBH", 1, 1, 0) + client_id + struct.pack("!I", epoch)
    return [
        {"name": "records", "client_id": hx(client_id), "epoch": epoch,
         "sequences": [41, 42], "hex": hx(dgram)},
        {"name": "ack", "client_id": hx(client_id), "epoch": epoch,
         "ack": 42, "hex": hx(ack)},
        {"name": "keepalive", "client_id": hx(client_id), "epoch": epoch,
         "hex": hx(keepalive)},
    ]


def whois_line(key, value):
    return ("%-16s%s\r\n" % (key + ":", value))


def vec_whois8():
    rec = "".join([
        whois_line("aut-num", "AS65533"),
        whois_line("as-name", "IPV8-DOCUMENTATION"),
        whois_line("status", "active"),
        whois_line("route8", "65533.192.0.2.0/24"),
        whois_line("route8", "65533.198.51.100.0/24"),
        whois_line("dnskey", "257 3 15 " + SAMPLE_PUB_B64),
        whois_line("8to4-endpoint", "203.0.113.1"),
        whois_line("changed", "2026-11-01T00:00:00Z"),
        whois_line("source", "IPV8-LAB"),
    ]) + "\r\n"
    err = "%ERROR:101: no entries found\r\n"
    return [
        {"name": "aut-num", "query": "AS65533\r\n",
         "response": rec, "hex": hx(rec.encode("ascii"))},
        {"name": "by-address", "query": "65533.192.0.2.1\r\n",
         "response": rec, "hex": hx(rec.encode("ascii"))},
        {"name": "unknown", "query": "AS64511\r\n",
         "response": err, "hex": hx(err.encode("ascii"))},
    ]


def nla(atype, data):
    n = struct.pack("<HH", 4 + len(data), atype) + data
    return n + bytes((-len(n)) % 4)


def vec_genl():
    """Generic netlink payloads (after struct nlmsghdr), little-endian host."""
    body = (struct.pack("<BBH", 4, 1, 0) +
            nla(1, struct.pack("<I", 2)) +
            nla(3, A("65001.10.0.0.1")) +
            nla(4, bytes([24])))
    return [{"name": "addr-new-little-endian", "cmd": "IPV8_CMD_ADDR_NEW",
             "ifindex": 2, "address": "65001.10.0.0.1", "prefixlen": 24,
             "hex": hx(body)}]


def constants():
    c = {
        "AF_INET8": AF_INET8, "ETH_P_IPV8": ETH_P_IPV8,
        "IPV8_VERSION": IPV8_VERSION, "IPV8_HLEN": IPV8_HLEN,
        "IPV8_IHL": IPV8_IHL, "IPV8_DEFAULT_TTL": IPV8_DEFAULT_TTL,
        "IPV8_PREFIXLEN_MAX": IPV8_PREFIXLEN_MAX,
        "ICMPV8_ASN_UNREACH": ICMPV8_ASN_UNREACH,
        "ICMPV8_NO_V8_PATH": ICMPV8_NO_V8_PATH,
        "IPPROTO_8TO4": IPPROTO_8TO4, "A8_RRTYPE": A8_RRTYPE,
        "SOCKADDR_IN8_SIZE": 16,
        "IPV8_NEIGH_CAP_V8": IPV8_NEIGH_CAP_V8,
        "IPV8_NEIGH_CAP_V4": IPV8_NEIGH_CAP_V4,
    }
    c.update(GENL)
    for enum, names in ENUMS.items():
        c[enum] = {n: i for i, n in enumerate(names)}
    c["stat_names"] = {stat_name(n): i for i, n in enumerate(ENUMS["ipv8_stat"]) if i}
    return c


def build():
    self_test_checksum()
    self_test_ed25519()
    return {
        "format": "ipv8-test-vectors",
        "version": 1,
        "generator": "docs/tools/vectors.py",
        "document": "docs/protocol.md",
        "conventions": "hex fields are lower-case octets in wire order with no "
                       "separators; addresses are given in canonical text; "
                       "Ethernet frames exclude the FCS and are padded to 60 "
                       "octets",
        "constants": constants(),
        "addresses": vec_addresses(),
        "invalid_addresses": vec_invalid_addresses(),
        "prefixes": vec_prefixes(),
        "interface_prefixes": vec_interface_prefixes(),
        "invalid_prefixes": vec_invalid_prefixes(),
        "ipv8_headers": vec_headers(),
        "receive_checks": vec_receive(),
        "icmpv8": vec_icmp(),
        "udp8": vec_udp(),
        "ipv4_downgrade": vec_downgrade(),
        "sockaddr_in8": vec_sockaddr(),
        "arp8": vec_arp8(),
        "tunnel_8to4": vec_8to4(),
        "a8": vec_a8(),
        "dhcp8_options": vec_dhcp8(),
        "dhcp8_messages": vec_dhcp8_message(),
        "netlog8": vec_netlog8(),
        "whois8": vec_whois8(),
        "genetlink": vec_genl(),
    }


def render(data):
    return json.dumps(data, indent=2, ensure_ascii=True) + "\n"


# ---------------------------------------------------------------------------
# Document and header cross-checks
# ---------------------------------------------------------------------------

MARKER = re.compile(r"<!-- hexdump: ([a-z0-9_]+)/([a-z0-9-]+)(?::([a-z_]+))? -->\n```\n(.*?)```\n",
                    re.S)


def doc_dumps(data, text):
    """Yield (match, expected dump) for every marker in protocol.md."""
    for m in MARKER.finditer(text):
        arr, name, field = m.group(1), m.group(2), m.group(3) or "hex"
        entries = [e for e in data.get(arr, []) if e.get("name") == name]
        if len(entries) != 1 or field not in entries[0]:
            raise SystemExit("protocol.md: no vector %s/%s:%s" % (arr, name, field))
        yield m, hexdump(bytes.fromhex(entries[0][field])) + "\n"


def check_uapi(data):
    if not os.path.exists(UAPI_PATH):
        return ["UAPI header not found, skipped"]
    src = open(UAPI_PATH).read()
    problems = []
    c = data["constants"]
    for name in ("AF_INET8", "ETH_P_IPV8", "IPV8_VERSION", "IPV8_HLEN", "IPV8_IHL",
                 "IPV8_DEFAULT_TTL", "IPV8_PREFIXLEN_MAX", "ICMPV8_ASN_UNREACH",
                 "ICMPV8_NO_V8_PATH", "IPV8_GENL_VERSION", "IPV8_NEIGH_CAP_V8",
                 "IPV8_NEIGH_CAP_V4"):
        m = re.search(r"#define\s+%s\s+(0x[0-9A-Fa-f]+|\d+)" % name, src)
        if not m or int(m.group(1), 0) != c[name]:
            problems.append("%s differs from the UAPI header" % name)
    for name in ("IPV8_GENL_NAME", "IPV8_MCGRP_MONITOR"):
        m = re.search(r'#define\s+%s\s+"([^"]*)"' % name, src)
        if not m or m.group(1) != c[name]:
            problems.append("%s differs from the UAPI header" % name)
    for enum, names in ENUMS.items():
        m = re.search(r"enum %s \{(.*?)\};" % enum, src, re.S)
        if not m:
            problems.append("enum %s missing from the UAPI header" % enum)
            continue
        body = re.sub(r"/\*.*?\*/", "", m.group(1), flags=re.S)
        found = [t.strip() for t in body.split(",")]
        found = [t for t in found if t and not t.startswith("__") and "=" not in t]
        if found != names:
            problems.append("enum %s differs from the UAPI header: %s" % (enum, found))
    return problems


def main(argv):
    data = build()
    out = render(data)
    if "--check" in argv:
        ok = True
        if open(JSON_PATH).read() != out:
            print("test-vectors.json is stale: run docs/tools/vectors.py")
            ok = False
        text = open(DOC_PATH).read()
        n = 0
        for m, want in doc_dumps(data, text):
            n += 1
            if m.group(4) != want:
                print("protocol.md: hex dump %s/%s differs" % (m.group(1), m.group(2)))
                ok = False
        for p in check_uapi(data):
            print(p)
            ok = ok and p.endswith("skipped")
        print("%d hex dumps checked" % n)
        return 0 if ok else 1
    if "--update-doc" in argv:
        text = open(DOC_PATH).read()
        pieces, last = [], 0
        for m, want in doc_dumps(data, text):
            pieces.append(text[last:m.start(4)] + want)
            last = m.end(4)
        pieces.append(text[last:])
        with open(DOC_PATH, "w") as f:
            f.write("".join(pieces))
    with open(JSON_PATH, "w") as f:
        f.write(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
