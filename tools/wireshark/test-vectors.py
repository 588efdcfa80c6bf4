#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check tools/wireshark/ipv8.lua against docs/test-vectors.json with tshark.

Every IPv8, ICMPv8, UDP8, receive-check, ARP8 and address vector becomes one
Ethernet frame in a pcap (plus corrupted copies whose checksums must show
"Bad"); one tshark run with the dissector decodes them all and each frame's
fields are compared with what the vector says. Prints TAP ("ok N - name" /
"not ok N - name" with "# " diagnostics), ends with "# N passed, N failed"
and exits 1 on any failure.

    python3 tools/wireshark/test-vectors.py [--keep DIR] [--tshark PATH] [--lua FILE]

Python standard library only; the pcap is written here, not by text2pcap,
so that the exact frame lengths (including too-short ones) are kept.
"""

import argparse
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LUA = os.path.join(ROOT, "tools", "wireshark", "ipv8.lua")
VECTORS = os.path.join(ROOT, "docs", "test-vectors.json")

MAC_A = bytes.fromhex("020000000001")
MAC_B = bytes.fromhex("020000000002")
ETH_IPV8 = b"\x88\xb5"

# Wireshark's checksum status values (proto_checksum_vals).
BAD, GOOD, UNVERIFIED, ILLEGAL = 0, 1, 2, 4

FIELDS = [
    "frame.number",
    "ipv8.version", "ipv8.ihl", "ipv8.tos", "ipv8.len", "ipv8.id",
    "ipv8.flags.df", "ipv8.flags.mf", "ipv8.frag_offset", "ipv8.ttl",
    "ipv8.proto", "ipv8.checksum", "ipv8.checksum.status",
    "ipv8.checksum.calculated", "ipv8.src", "ipv8.dst", "ipv8.src_asn",
    "ipv8.dst_asn", "ipv8.src_host", "ipv8.dst_host", "ipv8.src_class",
    "ipv8.dst_class", "ipv8.options",
    "icmpv8.type", "icmpv8.code", "icmpv8.code.name", "icmpv8.checksum",
    "icmpv8.checksum.status", "icmpv8.ident", "icmpv8.seq", "icmpv8.mtu",
    "udp8.srcport", "udp8.dstport", "udp8.length", "udp8.checksum",
    "udp8.checksum.status",
    "arp8.hw.type", "arp8.proto.type", "arp8.proto.size", "arp8.opcode",
    "arp8.src.hw_mac", "arp8.src.proto_ipv8", "arp8.src.asn",
    "arp8.dst.hw_mac", "arp8.dst.proto_ipv8", "arp8.dst.asn",
    "arp8.isgratuitous", "arp8.isprobe",
    "arp.opcode", "arp.dst.proto_ipv4",
    "dns.qry.name",
    "_ws.col.Protocol", "_ws.col.Info", "_ws.expert.message",
]


# --- an independent reading of docs/protocol.md, for the expectations ----

def csum_sum(data, acc=0):
    if len(data) % 2:
        data += b"\0"
    for i in range(0, len(data), 2):
        acc += data[i] << 8 | data[i + 1]
    while acc > 0xFFFF:
        acc = (acc & 0xFFFF) + (acc >> 16)
    return acc


def checksum(data):
    return ~csum_sum(data) & 0xFFFF


def addr_class(asn, host):
    if asn == 0:
        return "ipv4-compatible"
    if 0x64000000 <= asn <= 0x64FFFFFF:
        return "rine"
    if asn == 0x7F7F0000:
        return "interop-dmz"
    if 0x7F000000 <= asn <= 0x7FFFFFFF:
        return "internal-zone"
    if 0xFFFF0000 <= asn <= 0xFFFFEFFF:
        return "multicast"
    if asn == 0xFFFFFFFF and host == 0xFFFFFFFF:
        return "broadcast"
    if asn >= 0xFFFFF000:
        return "reserved"
    return "unicast"


def canonical(b):
    asn, host = struct.unpack(">II", b)
    cls = addr_class(asn, host)
    quad = ".".join(str(x) for x in b[4:])
    if cls == "ipv4-compatible":
        return quad
    if cls == "unicast":
        return "%d.%s" % (asn, quad)
    return ".".join(str(x) for x in b)


def parse_addr(text):
    """Any of the three text forms of section 1.2 (valid input only)."""
    p = [int(x) for x in text.split(".")]
    if len(p) == 8:
        return bytes(p)
    if len(p) == 5:
        return struct.pack(">I", p[0]) + bytes(p[1:])
    return b"\0" * 4 + bytes(p)


def ipv8_packet(src, dst, proto, payload, ttl=64, ident=0x1234):
    h = bytearray(struct.pack(">BBHHHBBH", 0x87, 0, 28 + len(payload), ident,
                              0x4000, ttl, proto, 0) + src + dst)
    struct.pack_into(">H", h, 10, checksum(bytes(h)))
    return bytes(h) + payload


def udp8(src, dst, sport, dport, data):
    ulen = 8 + len(data)
    u = bytearray(struct.pack(">HHHH", sport, dport, ulen, 0) + data)
    pseudo = src + dst + struct.pack(">BBH", 0, 17, ulen)
    c = checksum(pseudo + bytes(u)) or 0xFFFF
    struct.pack_into(">H", u, 6, c)
    return bytes(u)


def flip(b, off, mask=0x01):
    b = bytearray(b)
    b[off] ^= mask
    return bytes(b)


# --- the cases --------------------------------------------------------------

class Case:
    """One frame and what its fields must decode to.

    want maps a field to a value or a list of values (every occurrence, in
    order); ints compare numerically whatever base tshark prints them in.
    absent lists fields that must not be there; expert lists substrings
    that must appear in the expert messages ("a|b": either); clean forbids
    any other expert info.
    """

    def __init__(self, name, frame, want, absent=(), expert=(), clean=True):
        self.name, self.frame, self.want = name, frame, want
        self.absent, self.expert, self.clean = absent, expert, clean


def eth(payload, etype=ETH_IPV8, src=MAC_A, dst=MAC_B):
    return dst + src + etype + payload


def header_want(h, proto_status=GOOD):
    """Expectations for the IPv8 header at the start of h."""
    ihl = h[0] & 15
    w = {
        "ipv8.version": h[0] >> 4,
        "ipv8.ihl": ihl,
        "ipv8.tos": h[1],
        "ipv8.len": struct.unpack(">H", h[2:4])[0],
        "ipv8.id": struct.unpack(">H", h[4:6])[0],
        "ipv8.flags.df": (h[6] >> 6) & 1,
        "ipv8.flags.mf": (h[6] >> 5) & 1,
        "ipv8.frag_offset": struct.unpack(">H", h[6:8])[0] & 0x1FFF,
        "ipv8.ttl": h[8],
        "ipv8.proto": h[9],
        "ipv8.checksum": struct.unpack(">H", h[10:12])[0],
        "ipv8.checksum.status": proto_status,
        "ipv8.src": canonical(h[12:20]),
        "ipv8.dst": canonical(h[20:28]),
        "ipv8.src_asn": struct.unpack(">I", h[12:16])[0],
        "ipv8.dst_asn": struct.unpack(">I", h[20:24])[0],
        "ipv8.src_host": ".".join(str(x) for x in h[16:20]),
        "ipv8.dst_host": ".".join(str(x) for x in h[24:28]),
    }
    return w


def build_cases(v):
    cases = []

    # The vectors' own addresses must be what this file calls canonical.
    for a in v["addresses"]:
        b = bytes.fromhex(a["hex"])
        assert canonical(b) == a["canonical"], a
        assert addr_class(*struct.unpack(">II", b)) == a["class"], a

    for hv in v["ipv8_headers"]:
        pkt = bytes.fromhex(hv["packet_hex"])
        hdr = bytes.fromhex(hv["header_hex"])
        w = header_want(hdr)
        # Cross-check the vector's inputs, not only its octets.
        w.update({
            "ipv8.version": 8, "ipv8.ihl": len(hdr) // 4, "ipv8.ttl": hv["ttl"],
            "ipv8.proto": hv["protocol"], "ipv8.flags.df": int(hv["df"]),
            "ipv8.id": hv["ident"], "ipv8.tos": hv.get("tos", 0),
            "ipv8.checksum": int(hv["checksum"], 16),
            "ipv8.src": canonical(parse_addr(hv["src"])),
            "ipv8.dst": canonical(parse_addr(hv["dst"])),
        })
        if "options_hex" in hv:
            w["ipv8.options"] = hv["options_hex"]
        cases.append(Case("ipv8_headers/" + hv["name"], eth(pkt), w,
                          expert=["options"] if "options_hex" in hv else []))
        bad = flip(pkt, 11)
        cases.append(Case("ipv8_headers/" + hv["name"] + " corrupted header checksum",
                          eth(bad), {
                              "ipv8.checksum.status": BAD,
                              "ipv8.checksum": int(hv["checksum"], 16) ^ 1,
                              "ipv8.checksum.calculated": int(hv["checksum"], 16),
                          }, expert=["Bad IPv8 header checksum"], clean=False))

    for iv in v["icmpv8"]:
        pkt = bytes.fromhex(iv["packet_hex"])
        w = header_want(pkt)
        w.update({
            "ipv8.src": canonical(parse_addr(iv["src"])),
            "ipv8.dst": canonical(parse_addr(iv["dst"])),
            "ipv8.proto": 1,
            "icmpv8.type": iv["type"], "icmpv8.code": iv["code"],
            "icmpv8.checksum": int(iv["checksum"], 16),
            "icmpv8.checksum.status": GOOD,
            "_ws.col.Protocol": "ICMPv8",
        })
        if iv["type"] in (0, 8):
            w["icmpv8.ident"] = iv["identifier"]
            w["icmpv8.seq"] = iv["sequence"]
        if "quoted_hex" in iv:
            q = bytes.fromhex(iv["quoted_hex"])
            qw = header_want(q)
            # Every IPv8 field twice: the error's header, then the quoted one.
            for f, val in qw.items():
                w[f] = [w[f], val]
            if q[9] == 17:
                qu = q[(q[0] & 15) * 4:]
                w["udp8.srcport"] = struct.unpack(">H", qu[0:2])[0]
                w["udp8.dstport"] = struct.unpack(">H", qu[2:4])[0]
                w["udp8.checksum.status"] = UNVERIFIED  # 8 octets quoted
        names = {16: "ASN unreachable", 17: "No IPv8 path"}
        if iv["type"] == 3 and iv["code"] in names:
            w["icmpv8.code.name"] = names[iv["code"]]
        cases.append(Case("icmpv8/" + iv["name"], eth(pkt), w))
        cases.append(Case("icmpv8/" + iv["name"] + " corrupted ICMP checksum",
                          eth(flip(pkt, 28 + 3)), {
                              "ipv8.checksum.status": GOOD if "quoted_hex" not in iv else [GOOD, GOOD],
                              "icmpv8.checksum.status": BAD,
                          }, expert=["Bad ICMPv8 checksum"], clean=False))

    for uv in v["udp8"]:
        pkt = bytes.fromhex(uv["packet_hex"])
        w = header_want(pkt)
        w.update({
            "ipv8.proto": 17,
            "udp8.srcport": uv["sport"], "udp8.dstport": uv["dport"],
            "udp8.length": len(uv["udp_hex"]) // 2,
            "udp8.checksum": int(uv["checksum"], 16),
            "udp8.checksum.status": GOOD,
        })
        cases.append(Case("udp8/" + uv["name"], eth(pkt), w))
        cases.append(Case("udp8/" + uv["name"] + " corrupted UDP8 checksum",
                          eth(flip(pkt, 28 + 7)),
                          {"ipv8.checksum.status": GOOD, "udp8.checksum.status": BAD},
                          expert=["Bad UDP8 checksum"], clean=False))
        # The payload, not only the checksum field, is covered.
        cases.append(Case("udp8/" + uv["name"] + " corrupted UDP8 payload",
                          eth(flip(pkt, len(pkt) - 1, 0x40)),
                          {"udp8.checksum.status": BAD},
                          expert=["Bad UDP8 checksum"], clean=False))
        zero = bytearray(pkt)
        zero[28 + 6:28 + 8] = b"\0\0"
        cases.append(Case("udp8/" + uv["name"] + " zero UDP8 checksum is illegal",
                          eth(bytes(zero)), {"udp8.checksum.status": ILLEGAL},
                          expert=["UDP8 requires a checksum"], clean=False))

    # receive_checks: what the dissector says about each frame the kernel
    # must drop (or deliver).
    for rv in v["receive_checks"]:
        pkt = bytes.fromhex(rv["hex"])
        exp = rv["expect"]
        w, expert, clean = {}, [], True
        if len(pkt) >= 28:
            w["ipv8.version"] = pkt[0] >> 4
            w["ipv8.ihl"] = pkt[0] & 15
            hl = (pkt[0] & 15) * 4
            if 20 <= hl <= len(pkt):
                w["ipv8.checksum.status"] = GOOD if csum_sum(pkt[:hl]) == 0xFFFF else BAD
        if exp == "rx_drop_checksum":
            w["ipv8.checksum.status"] = BAD
            expert, clean = ["Bad IPv8 header checksum"], False
        elif exp == "rx_drop_version":
            expert, clean = ["Version is not 8"], False
        elif exp == "rx_drop_ihl":
            expert, clean = ["IHL below 7"], False
        elif exp == "rx_drop_truncated":
            expert, clean = ["runs past|is below|shorter than"], False
        elif exp == "rx_drop_fragment":
            expert, clean = ["Fragment"], False
        elif exp in ("deliver", "rx_drop_no_route", "rx_drop_bad_source",
                     "rx_drop_link_disabled", "rx_drop_otherhost"):
            w["ipv8.checksum.status"] = GOOD
            w["ipv8.src"] = canonical(pkt[12:20])
            w["ipv8.dst"] = canonical(pkt[20:28])
        cases.append(Case("receive_checks/" + rv["name"], eth(pkt), w,
                          expert=expert, clean=clean))

    for av in v["arp8"]:
        frame = bytes.fromhex(av["hex"])
        name = "arp8/" + av["name"]
        if frame[16:18] != ETH_IPV8:
            # Plain ARP goes on to Wireshark's own dissector.
            cases.append(Case(name, frame, {
                "arp.opcode": av["op"],
                "arp.dst.proto_ipv4": av["target"],
                "_ws.col.Protocol": "ARP",
            }, absent=["arp8.opcode"]))
            continue
        s, t = parse_addr(av["sender"]), parse_addr(av["target"])
        cases.append(Case(name, frame, {
            "arp8.hw.type": 1, "arp8.proto.type": 0x88B5, "arp8.proto.size": 8,
            "arp8.opcode": av["op"], "arp8.src.hw_mac": av["sender_mac"],
            "arp8.src.proto_ipv8": canonical(s), "arp8.dst.proto_ipv8": canonical(t),
            "arp8.src.asn": struct.unpack(">I", s[:4])[0],
            "arp8.dst.asn": struct.unpack(">I", t[:4])[0],
            "arp8.isgratuitous": int(s == t), "arp8.isprobe": 0,
            "_ws.col.Protocol": "ARP8",
        }, absent=["arp.opcode"]))

    # Canonical text for every address class, as source and destination.
    for a in v["addresses"]:
        b = bytes.fromhex(a["hex"])
        pkt = ipv8_packet(b, b, 253, b"addr")
        cases.append(Case("addresses/" + a["name"], eth(pkt), {
            "ipv8.src": a["canonical"], "ipv8.dst": a["canonical"],
            "ipv8.src_class": a["class"], "ipv8.dst_class": a["class"],
            "ipv8.src_asn": a["asn"], "ipv8.src_host": a["host"],
            "ipv8.checksum.status": GOOD,
        }))

    # UDP8 payloads go to Wireshark's udp.port table: a DNS query decodes.
    a, b = parse_addr("65533.192.0.2.1"), parse_addr("65533.192.0.2.53")
    q = struct.pack(">HHHHHH", 0x1234, 0x0100, 1, 0, 0, 0) + \
        b"\x07example\x04test\x00" + struct.pack(">HH", 1, 1)
    pkt = ipv8_packet(a, b, 17, udp8(a, b, 40053, 53, q))
    cases.append(Case("udp8 payload to the udp.port table (DNS)", eth(pkt), {
        "udp8.dstport": 53, "udp8.checksum.status": GOOD,
        "dns.qry.name": "example.test", "_ws.col.Protocol": "DNS",
    }))
    return cases


# --- running tshark and comparing --------------------------------------------

def write_pcap(path, frames):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i, fr in enumerate(frames):
            f.write(struct.pack("<IIII", 1700000000 + i, 0, len(fr), len(fr)) + fr)


def run_tshark(tshark, lua, pcap):
    cmd = [tshark, "-n", "-X", "lua_script:" + lua, "-r", pcap, "-T", "fields",
           "-E", "occurrence=a", "-E", "aggregator=|", "-E", "separator=\t"]
    for f in FIELDS:
        cmd += ["-e", f]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True)
    if p.returncode != 0:
        raise RuntimeError("tshark exited %d: %s" % (p.returncode, p.stderr.strip()))
    rows = {}
    for line in p.stdout.splitlines():
        vals = line.split("\t")
        rows[int(vals[0])] = dict(zip(FIELDS, vals))
    return rows, p.stderr


def same(got, want):
    if isinstance(want, int):
        try:
            return int(got, 0) == want
        except ValueError:
            return got.lower() in ("true", "false") and int(got.lower() == "true") == want
    return got == str(want)


def check(case, row):
    errs = []
    if row is None:
        return ["tshark printed no line for this frame"]
    for f, want in case.want.items():
        got = row.get(f, "")
        wants = want if isinstance(want, list) else [want]
        gots = got.split("|") if got else []
        if len(gots) != len(wants) or not all(same(g, w) for g, w in zip(gots, wants)):
            errs.append("%s: got %r, want %r" % (f, got, want))
    for f in case.absent:
        if row.get(f):
            errs.append("%s: present (%r), want absent" % (f, row[f]))
    msgs = row.get("_ws.expert.message", "")
    for e in case.expert:
        if not any(alt in msgs for alt in e.split("|")):
            errs.append("expert info lacks %r (got %r)" % (e, msgs))
    if "Lua Error" in msgs:
        errs.append("Lua error: %s" % msgs)
    elif case.clean and not case.expert and msgs and "Malformed" not in msgs:
        errs.append("unexpected expert info %r" % msgs)
    return errs


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keep", help="write the pcap into this directory and keep it")
    ap.add_argument("--tshark", default=os.environ.get("TSHARK", "tshark"))
    ap.add_argument("--vectors", default=VECTORS)
    ap.add_argument("--lua", default=LUA, help="the dissector to test")
    args = ap.parse_args()

    if not shutil.which(args.tshark):
        print("not ok 1 - tshark is not installed (make deps)")
        print("# 0 passed, 1 failed")
        return 1
    with open(args.vectors) as f:
        cases = build_cases(json.load(f))
    tmp = args.keep or tempfile.mkdtemp(prefix="ipv8-ws-")
    os.makedirs(tmp, exist_ok=True)
    pcap = os.path.join(tmp, "vectors.pcap")
    write_pcap(pcap, [c.frame for c in cases])
    try:
        rows, err = run_tshark(args.tshark, args.lua, pcap)
    except RuntimeError as e:
        print("not ok 1 - tshark with the dissector")
        print("# " + str(e).replace("\n", "\n# "))
        print("# 0 passed, 1 failed")
        return 1
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)

    version = subprocess.run([args.tshark, "--version"], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, universal_newlines=True)
    print("TAP version 13")
    if version.stdout:
        print("# " + version.stdout.splitlines()[0])
    print("1..%d" % len(cases))
    npass = nfail = 0
    for i, c in enumerate(cases, 1):
        errs = check(c, rows.get(i))
        if errs:
            nfail += 1
            print("not ok %d - %s" % (i, c.name))
            for e in errs:
                print("# " + e)
        else:
            npass += 1
            print("ok %d - %s" % (i, c.name))
    if "Lua" in err:
        print("# tshark stderr: " + err.strip().replace("\n", "\n# "))
    print("# %d passed, %d failed" % (npass, nfail))
    return 1 if nfail else 0


if __name__ == "__main__":
    sys.exit(main())
