-- SPDX-License-Identifier: GPL-2.0
--
-- Wireshark dissector for IPv8 (EtherType 0x88B5), ICMPv8, UDP8 and ARP8,
-- following docs/protocol.md sections 2, 3, 6, 7 and 8.4. See
-- docs/wireshark.md for the field list.
--
--   tshark -X lua_script:tools/wireshark/ipv8.lua -r capture.pcap
--   wireshark -X lua_script:tools/wireshark/ipv8.lua capture.pcap
--
-- or copy this file into Wireshark's personal Lua plugin folder.
--
-- Written for Wireshark 4.0 (Lua 5.2, bit32) and later.

local ETH_P_IPV8 = 0x88b5
local ETH_P_ARP = 0x0806
local IPV8_HDR_LEN = 28

---------------------------------------------------------------------------
-- Shared helpers
---------------------------------------------------------------------------

-- Wireshark's own names for checksum states (proto_checksum_vals), so that
-- filters read as they do for IPv4: ipv8.checksum.status == "Good".
local CK_BAD, CK_GOOD, CK_UNVERIFIED, CK_NOT_PRESENT, CK_ILLEGAL = 0, 1, 2, 3, 4
local checksum_status_vals = {
	[CK_BAD] = "Bad",
	[CK_GOOD] = "Good",
	[CK_UNVERIFIED] = "Unverified",
	[CK_NOT_PRESENT] = "Not present",
	[CK_ILLEGAL] = "Illegal",
}

-- sum16: the 32-bit running ones'-complement sum (unfolded) of a Lua string
-- of octets, as RFC 1071; an odd tail is padded with a zero octet.
local function sum16(s, acc)
	acc = acc or 0
	local n = #s
	local i = 1
	while i + 1 <= n do
		local a, b = s:byte(i, i + 1)
		acc = acc + a * 256 + b
		i = i + 2
	end
	if i == n then
		acc = acc + s:byte(n) * 256
	end
	return acc
end

-- fold: the 16-bit ones'-complement of a running sum.
local function fold(acc)
	while acc > 0xffff do
		acc = (acc % 0x10000) + math.floor(acc / 0x10000)
	end
	return acc
end

local function cksum_of(acc)
	return bit32.band(bit32.bnot(fold(acc)), 0xffff)
end

local function quad(b1, b2, b3, b4)
	return string.format("%d.%d.%d.%d", b1, b2, b3, b4)
end

-- addr_class: the class of docs/protocol.md 1.3, from the routing prefix
-- (a number) and the host part (a number).
local function addr_class(asn, host)
	if asn == 0 then
		return "ipv4-compatible"
	elseif asn >= 0x64000000 and asn <= 0x64ffffff then
		return "rine"
	elseif asn == 0x7f7f0000 then
		return "interop-dmz"
	elseif asn >= 0x7f000000 and asn <= 0x7fffffff then
		return "internal-zone"
	elseif asn >= 0xffff0000 and asn <= 0xffffefff then
		return "multicast"
	elseif asn == 0xffffffff and host == 0xffffffff then
		return "broadcast"
	elseif asn >= 0xfffff000 then
		return "reserved"
	end
	return "unicast"
end

-- in8_text: the canonical text of docs/protocol.md 1.5 for the 8 octets of
-- a TvbRange: a dotted quad for prefix 0, ASN-dot for unicast, 8-octet
-- dotted for every other class.
local function in8_text(r)
	local s = r:raw()
	local o = { s:byte(1, 8) }
	local asn = r:range(0, 4):uint()
	local host = r:range(4, 4):uint()
	local class = addr_class(asn, host)
	local h = quad(o[5], o[6], o[7], o[8])
	if class == "ipv4-compatible" then
		return h, asn, class
	elseif class == "unicast" then
		return string.format("%.0f.%s", asn, h), asn, class
	end
	return quad(o[1], o[2], o[3], o[4]) .. "." .. h, asn, class
end

local protocol_names = {
	[1] = "ICMPv8", [6] = "TCP8", [17] = "UDP8", [253] = "Experimental",
	[254] = "Experimental",
}

---------------------------------------------------------------------------
-- IPv8
---------------------------------------------------------------------------

local ipv8 = Proto("ipv8", "Internet Protocol Version 8")

local F = {
	version = ProtoField.uint8("ipv8.version", "Version", base.DEC, nil, 0xf0),
	ihl = ProtoField.uint8("ipv8.ihl", "Header Length (IHL, 32-bit words)", base.DEC, nil, 0x0f),
	hdr_len = ProtoField.uint8("ipv8.hdr_len", "Header Length (octets)", base.DEC),
	tos = ProtoField.uint8("ipv8.tos", "Type of Service", base.HEX),
	dscp = ProtoField.uint8("ipv8.dsfield.dscp", "Differentiated Services Codepoint", base.DEC, nil, 0xfc),
	ecn = ProtoField.uint8("ipv8.dsfield.ecn", "Explicit Congestion Notification", base.DEC, nil, 0x03),
	len = ProtoField.uint16("ipv8.len", "Total Length", base.DEC),
	id = ProtoField.uint16("ipv8.id", "Identification", base.HEX_DEC),
	flags = ProtoField.uint16("ipv8.flags", "Flags", base.HEX, nil, 0xe000),
	flags_rb = ProtoField.bool("ipv8.flags.rb", "Reserved bit", 16, nil, 0x8000),
	flags_df = ProtoField.bool("ipv8.flags.df", "Don't fragment", 16, nil, 0x4000),
	flags_mf = ProtoField.bool("ipv8.flags.mf", "More fragments", 16, nil, 0x2000),
	frag_offset = ProtoField.uint16("ipv8.frag_offset", "Fragment Offset (8-octet units)", base.DEC, nil, 0x1fff),
	ttl = ProtoField.uint8("ipv8.ttl", "Time to Live", base.DEC),
	proto = ProtoField.uint8("ipv8.proto", "Protocol", base.DEC, protocol_names),
	checksum = ProtoField.uint16("ipv8.checksum", "Header Checksum", base.HEX),
	checksum_calc = ProtoField.uint16("ipv8.checksum.calculated", "Calculated Checksum", base.HEX),
	checksum_status = ProtoField.uint8("ipv8.checksum.status", "Header Checksum Status", base.DEC, checksum_status_vals),
	src = ProtoField.string("ipv8.src", "Source Address"),
	dst = ProtoField.string("ipv8.dst", "Destination Address"),
	addr = ProtoField.string("ipv8.addr", "Source or Destination Address"),
	src_asn = ProtoField.uint32("ipv8.src_asn", "Source Routing Prefix (ASN)", base.DEC),
	dst_asn = ProtoField.uint32("ipv8.dst_asn", "Destination Routing Prefix (ASN)", base.DEC),
	asn = ProtoField.uint32("ipv8.asn", "Source or Destination ASN", base.DEC),
	src_host = ProtoField.ipv4("ipv8.src_host", "Source Host Part"),
	dst_host = ProtoField.ipv4("ipv8.dst_host", "Destination Host Part"),
	host = ProtoField.ipv4("ipv8.host", "Source or Destination Host Part"),
	src_class = ProtoField.string("ipv8.src_class", "Source Address Class"),
	dst_class = ProtoField.string("ipv8.dst_class", "Destination Address Class"),
	options = ProtoField.bytes("ipv8.options", "Options (skipped)"),
}
ipv8.fields = {}
for _, f in pairs(F) do
	table.insert(ipv8.fields, f)
end

local E = {
	checksum_bad = ProtoExpert.new("ipv8.checksum.bad.expert", "Bad IPv8 header checksum",
		expert.group.CHECKSUM, expert.severity.ERROR),
	version = ProtoExpert.new("ipv8.version.bad", "Version is not 8",
		expert.group.MALFORMED, expert.severity.ERROR),
	ihl = ProtoExpert.new("ipv8.ihl.bad", "IHL below 7 (28 octets)",
		expert.group.MALFORMED, expert.severity.ERROR),
	short = ProtoExpert.new("ipv8.truncated", "Frame shorter than the IPv8 header",
		expert.group.MALFORMED, expert.severity.ERROR),
	len = ProtoExpert.new("ipv8.len.bad", "Total length inconsistent with the header or the frame",
		expert.group.MALFORMED, expert.severity.ERROR),
	fragment = ProtoExpert.new("ipv8.fragment", "Fragment: IPv8 version 1 has no reassembly, receivers drop it",
		expert.group.PROTOCOL, expert.severity.WARN),
	options = ProtoExpert.new("ipv8.options.present", "Header options (senders must not emit them)",
		expert.group.PROTOCOL, expert.severity.NOTE),
}
ipv8.experts = {}
for _, e in pairs(E) do
	table.insert(ipv8.experts, e)
end

ipv8.prefs.check_checksum = Pref.bool("Validate checksums", true,
	"Verify the IPv8 header, ICMPv8 and UDP8 checksums")

-- Other dissectors (Lua or C) can claim a protocol number here.
local proto_table = DissectorTable.new("ipv8.proto", "IPv8 protocol", ftypes.UINT8, base.DEC, ipv8)
local data_dissector = Dissector.get("data")

-- Forward declarations: the transports and ICMPv8's quoted header recurse.
local dissect_ipv8, dissect_icmpv8, dissect_udp8

-- add_in8: the address subtree fields for one in8_addr at range r.
local function add_in8(tree, r, f_text, f_asn, f_host, f_class)
	local text, asn, class = in8_text(r)
	tree:add(f_text, r, text)
	tree:add(f_asn, r:range(0, 4))
	tree:add(f_host, r:range(4, 4))
	tree:add(f_class, r, class):set_generated()
	tree:add(F.addr, r, text):set_hidden()
	tree:add(F.asn, r:range(0, 4)):set_hidden()
	tree:add(F.host, r:range(4, 4)):set_hidden()
	return text
end

-- set_info_prefix: Lua cannot give Wireshark an address type of its own,
-- so the Source and Destination columns keep the MAC addresses and the Info
-- column starts with the IPv8 addresses, fenced so that the transport and
-- application dissectors only replace what follows.
local function set_info_prefix(pinfo, src, dst)
	pinfo.cols.info:clear_fence()
	pinfo.cols.info = src .. " → " .. dst .. " "
	pinfo.cols.info:fence()
end

-- call_quietly: run another dissector on a payload; a malformed payload is
-- that dissector's expert item, not a Lua error of ours.
local function call_quietly(d, tvb, pinfo, tree)
	local ok = pcall(Dissector.call, d, tvb, pinfo, tree)
	return ok
end

-- dissect_ipv8: one IPv8 packet at the start of tvb. quoted is true for the
-- header inside an ICMPv8 error: columns are left alone, the payload is
-- expected to be cut short, and only transport headers are decoded. cut
-- says that the capture (snap length) ended before the packet did: a Lua
-- sub-tvb no longer knows. Returns the octets it consumed.
dissect_ipv8 = function(tvb, pinfo, tree, quoted, cut)
	local avail = tvb:len()
	cut = cut or tvb:reported_len() > avail
	local t = tree:add(ipv8, tvb(0, math.min(avail, IPV8_HDR_LEN)))
	if not quoted then
		pinfo.cols.protocol = "IPv8"
	end
	if avail < 1 then
		t:add_proto_expert_info(E.short)
		return avail
	end
	local b0 = tvb(0, 1):uint()
	local version = math.floor(b0 / 16)
	local ihl = b0 % 16
	local hlen = ihl * 4
	local vi = t:add(F.version, tvb(0, 1))
	if version ~= 8 then
		vi:add_proto_expert_info(E.version)
	end
	local ii = t:add(F.ihl, tvb(0, 1))
	ii:append_text(string.format(" (%d octets)", hlen))
	t:add(F.hdr_len, tvb(0, 1), hlen):set_generated()
	if ihl < 7 then
		ii:add_proto_expert_info(E.ihl)
	end
	if avail < IPV8_HDR_LEN then
		if cut then
			t:append_text(" [Packet size limited during capture]")
		else
			t:add_proto_expert_info(E.short, string.format(
				"Frame shorter than the IPv8 header: %d of 28 octets", avail))
		end
		if not quoted then
			pinfo.cols.info = "Truncated IPv8 header"
		end
		return avail
	end

	local tos = t:add(F.tos, tvb(1, 1))
	tos:add(F.dscp, tvb(1, 1))
	tos:add(F.ecn, tvb(1, 1))
	local total = tvb(2, 2):uint()
	local li = t:add(F.len, tvb(2, 2))
	t:add(F.id, tvb(4, 2))
	local fl = t:add(F.flags, tvb(6, 2))
	fl:add(F.flags_rb, tvb(6, 2))
	fl:add(F.flags_df, tvb(6, 2))
	fl:add(F.flags_mf, tvb(6, 2))
	local fw = tvb(6, 2):uint()
	local fo = t:add(F.frag_offset, tvb(6, 2))
	fo:append_text(string.format(" (%d octets)", (fw % 0x2000) * 8))
	if bit32.band(fw, 0x3fff) ~= 0 then -- MF or an offset
		fo:add_proto_expert_info(E.fragment)
	end
	local ttl = tvb(8, 1):uint()
	t:add(F.ttl, tvb(8, 1))
	local proto = tvb(9, 1):uint()
	t:add(F.proto, tvb(9, 1))

	-- Header checksum over IHL*4 octets (options included).
	local ci = t:add(F.checksum, tvb(10, 2))
	local status = CK_UNVERIFIED
	if ipv8.prefs.check_checksum and ihl >= 5 and hlen <= avail then
		local s = tvb:raw(0, hlen)
		if fold(sum16(s)) == 0xffff then
			status = CK_GOOD
			ci:append_text(" [correct]")
		else
			status = CK_BAD
			local want = cksum_of(sum16(s:sub(1, 10) .. "\0\0" .. s:sub(13)))
			ci:append_text(string.format(" [incorrect, should be 0x%04x]", want))
			t:add(F.checksum_calc, tvb(10, 2), want):set_generated()
			ci:add_proto_expert_info(E.checksum_bad)
		end
	end
	t:add(F.checksum_status, tvb(10, 2), status):set_generated()

	local src = add_in8(t, tvb(12, 8), F.src, F.src_asn, F.src_host, F.src_class)
	local dst = add_in8(t, tvb(20, 8), F.dst, F.dst_asn, F.dst_host, F.dst_class)
	t:append_text(string.format(", Src: %s, Dst: %s", src, dst))

	if ihl > 7 then
		local n = math.min(hlen, avail) - IPV8_HDR_LEN
		if n > 0 then
			t:add(F.options, tvb(IPV8_HDR_LEN, n)):add_proto_expert_info(E.options)
		end
	end
	if hlen > avail or ihl < 7 then
		if hlen > avail then
			ii:add_proto_expert_info(E.len, string.format(
				"Header length %d runs past the %d octets present", hlen, avail))
		end
		if not quoted then
			set_info_prefix(pinfo, src, dst)
			pinfo.cols.info = "Bogus IPv8 header length"
		end
		return avail
	end
	t:set_len(hlen)

	-- The payload ends at the total length (Ethernet padding is not ours),
	-- or where the capture does (a snap length, or an ICMPv8 error that
	-- quotes 8 payload octets only).
	local reported = tvb:reported_len()
	if total < hlen then
		li:add_proto_expert_info(E.len, string.format(
			"Total length %d is below the header length %d", total, hlen))
	elseif total > reported and not quoted then
		li:add_proto_expert_info(E.len, string.format(
			"Total length %d runs past the %d octets present", total, reported))
	end
	local plen = math.min(math.max(total, hlen), avail) - hlen
	if total < hlen then
		plen = avail - hlen
	end

	local hdr = {
		src = src, dst = dst, ttl = ttl, proto = proto, quoted = quoted, cut = cut,
		src_raw = tvb:raw(12, 8), dst_raw = tvb:raw(20, 8),
		-- The length UDP8 sees: from the IPv8 header, not the capture.
		plen = math.max(total - hlen, 0),
	}
	if not quoted then
		set_info_prefix(pinfo, src, dst)
		pinfo.cols.info = string.format("Protocol %d (%s), length %d", proto,
			protocol_names[proto] or "unknown", total)
	end
	if plen <= 0 then
		return hlen
	end
	local payload = tvb(hlen, plen):tvb()
	if proto == 1 then
		dissect_icmpv8(payload, pinfo, tree, hdr)
	elseif proto == 17 then
		dissect_udp8(payload, pinfo, tree, hdr)
	else
		local d = not quoted and proto_table:get_dissector(proto)
		call_quietly(d or data_dissector, payload, pinfo, tree)
	end
	return hlen + plen
end

function ipv8.dissector(tvb, pinfo, tree)
	return dissect_ipv8(tvb, pinfo, tree, false)
end

DissectorTable.get("ethertype"):add(ETH_P_IPV8, ipv8)

---------------------------------------------------------------------------
-- ICMPv8 (protocol 1): ICMPv4 formats, codes 16 and 17 added
---------------------------------------------------------------------------

local icmpv8 = Proto("icmpv8", "Internet Control Message Protocol for IPv8")

local icmp_types = {
	[0] = "Echo (ping) reply",
	[3] = "Destination unreachable",
	[5] = "Redirect",
	[8] = "Echo (ping) request",
	[11] = "Time-to-live exceeded",
	[12] = "Parameter problem",
}
local unreach_codes = {
	[0] = "Network unreachable",
	[1] = "Host unreachable",
	[2] = "Protocol unreachable",
	[3] = "Port unreachable",
	[4] = "Fragmentation needed",
	[5] = "Source route failed",
	[6] = "Destination network unknown",
	[7] = "Destination host unknown",
	[8] = "Source host isolated",
	[9] = "Network administratively prohibited",
	[10] = "Host administratively prohibited",
	[11] = "Network unreachable for TOS",
	[12] = "Host unreachable for TOS",
	[13] = "Communication administratively filtered",
	[14] = "Host precedence violation",
	[15] = "Precedence cutoff in effect",
	[16] = "ASN unreachable",
	[17] = "No IPv8 path",
}
local code_names = {
	[3] = unreach_codes,
	[11] = { [0] = "Time to live exceeded in transit", [1] = "Fragment reassembly time exceeded" },
	[12] = { [0] = "Pointer indicates the error" },
}

local I = {
	type = ProtoField.uint8("icmpv8.type", "Type", base.DEC, icmp_types),
	code = ProtoField.uint8("icmpv8.code", "Code", base.DEC),
	code_name = ProtoField.string("icmpv8.code.name", "Code name"),
	checksum = ProtoField.uint16("icmpv8.checksum", "Checksum", base.HEX),
	checksum_calc = ProtoField.uint16("icmpv8.checksum.calculated", "Calculated Checksum", base.HEX),
	checksum_status = ProtoField.uint8("icmpv8.checksum.status", "Checksum Status", base.DEC, checksum_status_vals),
	ident = ProtoField.uint16("icmpv8.ident", "Identifier", base.HEX_DEC),
	seq = ProtoField.uint16("icmpv8.seq", "Sequence Number", base.DEC),
	mtu = ProtoField.uint16("icmpv8.mtu", "MTU of next hop", base.DEC),
	pointer = ProtoField.uint8("icmpv8.pointer", "Pointer", base.DEC),
	unused = ProtoField.bytes("icmpv8.unused", "Unused"),
	data = ProtoField.bytes("icmpv8.data", "Data"),
}
icmpv8.fields = {}
for _, f in pairs(I) do
	table.insert(icmpv8.fields, f)
end
local IE = {
	checksum_bad = ProtoExpert.new("icmpv8.checksum.bad.expert", "Bad ICMPv8 checksum",
		expert.group.CHECKSUM, expert.severity.ERROR),
	short = ProtoExpert.new("icmpv8.truncated", "ICMPv8 message shorter than 8 octets",
		expert.group.MALFORMED, expert.severity.ERROR),
}
icmpv8.experts = { IE.checksum_bad, IE.short }

dissect_icmpv8 = function(tvb, pinfo, tree, hdr)
	local n = tvb:len()
	local t = tree:add(icmpv8, tvb())
	if not hdr.quoted then
		pinfo.cols.protocol = "ICMPv8"
	end
	if n < 4 then
		t:add_proto_expert_info(IE.short)
		return n
	end
	local ty, code = tvb(0, 1):uint(), tvb(1, 1):uint()
	t:add(I.type, tvb(0, 1))
	local cname = (code_names[ty] or {})[code]
	local ci = t:add(I.code, tvb(1, 1))
	if cname then
		ci:append_text(" (" .. cname .. ")")
		t:add(I.code_name, tvb(1, 1), cname):set_generated()
	end
	local cki = t:add(I.checksum, tvb(2, 2))
	-- No pseudo-header; the message inside a quoted header is cut short.
	local status = CK_UNVERIFIED
	if ipv8.prefs.check_checksum and not hdr.quoted and n == hdr.plen then
		local s = tvb:raw(0, n)
		if fold(sum16(s)) == 0xffff then
			status = CK_GOOD
			cki:append_text(" [correct]")
		else
			status = CK_BAD
			local want = cksum_of(sum16(s:sub(1, 2) .. "\0\0" .. s:sub(5)))
			cki:append_text(string.format(" [incorrect, should be 0x%04x]", want))
			t:add(I.checksum_calc, tvb(2, 2), want):set_generated()
			cki:add_proto_expert_info(IE.checksum_bad)
		end
	end
	t:add(I.checksum_status, tvb(2, 2), status):set_generated()
	if n < 8 then
		t:add_proto_expert_info(IE.short)
		return n
	end

	local info = icmp_types[ty] or string.format("Type %d", ty)
	if ty == 0 or ty == 8 then
		t:add(I.ident, tvb(4, 2))
		t:add(I.seq, tvb(6, 2))
		info = string.format("%s  id=0x%04x, seq=%d, ttl=%d", info,
			tvb(4, 2):uint(), tvb(6, 2):uint(), hdr.ttl)
		if n > 8 then
			t:add(I.data, tvb(8, n - 8))
		end
	elseif ty == 3 or ty == 11 or ty == 12 then
		if ty == 3 and code == 4 then
			t:add(I.unused, tvb(4, 2))
			t:add(I.mtu, tvb(6, 2))
		elseif ty == 12 then
			t:add(I.pointer, tvb(4, 1))
			t:add(I.unused, tvb(5, 3))
		else
			t:add(I.unused, tvb(4, 4))
		end
		if cname then
			info = info .. " (" .. cname .. ")"
		end
		if n > 8 then
			-- The offending packet's header and first payload octets.
			dissect_ipv8(tvb(8):tvb(), pinfo, t, true, hdr.cut)
		end
	else
		if n > 8 then
			t:add(I.data, tvb(8, n - 8))
		end
	end
	t:append_text(", " .. info)
	if not hdr.quoted then
		pinfo.cols.info = info
	end
	return n
end

---------------------------------------------------------------------------
-- UDP8 (protocol 17): RFC 768 over IPv8, 20-octet pseudo-header
---------------------------------------------------------------------------

local udp8 = Proto("udp8", "User Datagram Protocol over IPv8")

local U = {
	srcport = ProtoField.uint16("udp8.srcport", "Source Port", base.DEC),
	dstport = ProtoField.uint16("udp8.dstport", "Destination Port", base.DEC),
	port = ProtoField.uint16("udp8.port", "Source or Destination Port", base.DEC),
	length = ProtoField.uint16("udp8.length", "Length", base.DEC),
	checksum = ProtoField.uint16("udp8.checksum", "Checksum", base.HEX),
	checksum_calc = ProtoField.uint16("udp8.checksum.calculated", "Calculated Checksum", base.HEX),
	checksum_status = ProtoField.uint8("udp8.checksum.status", "Checksum Status", base.DEC, checksum_status_vals),
	payload = ProtoField.bytes("udp8.payload", "Payload"),
}
udp8.fields = {}
for _, f in pairs(U) do
	table.insert(udp8.fields, f)
end
local UE = {
	checksum_bad = ProtoExpert.new("udp8.checksum.bad.expert", "Bad UDP8 checksum",
		expert.group.CHECKSUM, expert.severity.ERROR),
	checksum_zero = ProtoExpert.new("udp8.checksum.zero", "UDP8 checksum 0x0000: UDP8 requires a checksum, receivers drop this",
		expert.group.CHECKSUM, expert.severity.ERROR),
	length = ProtoExpert.new("udp8.length.bad", "UDP8 length inconsistent with the IPv8 payload",
		expert.group.MALFORMED, expert.severity.ERROR),
}
udp8.experts = { UE.checksum_bad, UE.checksum_zero, UE.length }

local udp_port_table = DissectorTable.get("udp.port")

dissect_udp8 = function(tvb, pinfo, tree, hdr)
	local n = tvb:len()
	local t = tree:add(udp8, tvb(0, math.min(n, 8)))
	if not hdr.quoted then
		pinfo.cols.protocol = "UDP8"
	end
	if n < 8 then
		t:add_proto_expert_info(UE.length, "UDP8 header cut short")
		return n
	end
	local sport, dport, ulen = tvb(0, 2):uint(), tvb(2, 2):uint(), tvb(4, 2):uint()
	t:add(U.srcport, tvb(0, 2))
	t:add(U.dstport, tvb(2, 2))
	t:add(U.port, tvb(0, 2)):set_hidden()
	t:add(U.port, tvb(2, 2)):set_hidden()
	local li = t:add(U.length, tvb(4, 2))
	local bad_len = ulen < 8 or ulen > hdr.plen
	if bad_len then
		li:add_proto_expert_info(UE.length, string.format(
			"UDP8 length %d, IPv8 payload %d", ulen, hdr.plen))
	end
	local ck = tvb(6, 2):uint()
	local cki = t:add(U.checksum, tvb(6, 2))
	local status = CK_UNVERIFIED
	if ck == 0 then
		status = CK_ILLEGAL
		cki:add_proto_expert_info(UE.checksum_zero)
	elseif ipv8.prefs.check_checksum and not hdr.quoted and not bad_len and ulen <= n then
		local pseudo = hdr.src_raw .. hdr.dst_raw .. "\0\17" ..
			string.char(math.floor(ulen / 256), ulen % 256)
		local s = tvb:raw(0, ulen)
		if fold(sum16(s, sum16(pseudo))) == 0xffff then
			status = CK_GOOD
			cki:append_text(" [correct]")
		else
			status = CK_BAD
			local want = cksum_of(sum16(s:sub(1, 6) .. "\0\0" .. s:sub(9), sum16(pseudo)))
			if want == 0 then
				want = 0xffff
			end
			cki:append_text(string.format(" [incorrect, should be 0x%04x]", want))
			t:add(U.checksum_calc, tvb(6, 2), want):set_generated()
			cki:add_proto_expert_info(UE.checksum_bad)
		end
	end
	t:add(U.checksum_status, tvb(6, 2), status):set_generated()
	t:append_text(string.format(", Src Port: %d, Dst Port: %d", sport, dport))

	if hdr.quoted then
		return 8
	end
	local dlen = math.min(ulen, n) - 8
	pinfo.cols.info = string.format("%d → %d Len=%d", sport, dport, math.max(ulen - 8, 0))
	if dlen <= 0 then
		return math.min(ulen, n)
	end
	pinfo.src_port = sport
	pinfo.dst_port = dport
	local payload = tvb(8, dlen):tvb()
	-- As UDP does by default: the lower port first, then the other.
	local lo, hi = sport, dport
	if dport < sport then
		lo, hi = dport, sport
	end
	local d = udp_port_table:get_dissector(lo) or udp_port_table:get_dissector(hi)
	if not d then
		t:add(U.payload, tvb(8, dlen))
	end
	call_quietly(d or data_dissector, payload, pinfo, tree)
	return 8 + dlen
end

---------------------------------------------------------------------------
-- ARP8: RFC 826 ARP with protocol type 0x88B5 and 8-octet addresses
---------------------------------------------------------------------------

-- Wireshark's ARP dissector has no table for protocol types, so ARP8 takes
-- over EtherType 0x0806 and hands every frame that is not ARP8 back to the
-- original "arp" dissector unchanged.
local arp8 = Proto("arp8", "Address Resolution Protocol for IPv8")

local arp_ops = { [1] = "request", [2] = "reply" }
local A = {
	hw_type = ProtoField.uint16("arp8.hw.type", "Hardware type", base.DEC, { [1] = "Ethernet" }),
	proto_type = ProtoField.uint16("arp8.proto.type", "Protocol type", base.HEX, { [ETH_P_IPV8] = "IPv8" }),
	hw_size = ProtoField.uint8("arp8.hw.size", "Hardware size", base.DEC),
	proto_size = ProtoField.uint8("arp8.proto.size", "Protocol size", base.DEC),
	opcode = ProtoField.uint16("arp8.opcode", "Opcode", base.DEC, arp_ops),
	src_hw = ProtoField.ether("arp8.src.hw_mac", "Sender MAC address"),
	src_proto = ProtoField.string("arp8.src.proto_ipv8", "Sender IPv8 address"),
	src_asn = ProtoField.uint32("arp8.src.asn", "Sender routing prefix (ASN)", base.DEC),
	src_host = ProtoField.ipv4("arp8.src.host", "Sender host part"),
	dst_hw = ProtoField.ether("arp8.dst.hw_mac", "Target MAC address"),
	dst_proto = ProtoField.string("arp8.dst.proto_ipv8", "Target IPv8 address"),
	dst_asn = ProtoField.uint32("arp8.dst.asn", "Target routing prefix (ASN)", base.DEC),
	dst_host = ProtoField.ipv4("arp8.dst.host", "Target host part"),
	gratuitous = ProtoField.bool("arp8.isgratuitous", "Is gratuitous (announcement)"),
	probe = ProtoField.bool("arp8.isprobe", "Is probe (sender address all zeros)"),
}
arp8.fields = {}
for _, f in pairs(A) do
	table.insert(arp8.fields, f)
end
local AE = {
	short = ProtoExpert.new("arp8.truncated", "ARP8 frame shorter than 36 octets",
		expert.group.MALFORMED, expert.severity.ERROR),
	unusual = ProtoExpert.new("arp8.unusual", "Hardware type, hardware size or opcode that an IPv8 receiver ignores",
		expert.group.PROTOCOL, expert.severity.WARN),
}
arp8.experts = { AE.short, AE.unusual }

local ethertype_table = DissectorTable.get("ethertype")
local arp_dissector = ethertype_table:get_dissector(ETH_P_ARP) or Dissector.get("arp")

local function is_arp8(tvb)
	return tvb:len() >= 6 and tvb(2, 2):uint() == ETH_P_IPV8 and tvb(5, 1):uint() == 8
end

local function dissect_arp8(tvb, pinfo, tree)
	pinfo.cols.protocol = "ARP8"
	local n = tvb:len()
	local t = tree:add(arp8, tvb(0, math.min(n, 36)))
	if n < 36 then
		t:add_proto_expert_info(AE.short)
		pinfo.cols.info = "Truncated ARP8"
		return n
	end
	t:add(A.hw_type, tvb(0, 2))
	t:add(A.proto_type, tvb(2, 2))
	t:add(A.hw_size, tvb(4, 1))
	t:add(A.proto_size, tvb(5, 1))
	local op = tvb(6, 2):uint()
	local oi = t:add(A.opcode, tvb(6, 2))
	if tvb(0, 2):uint() ~= 1 or tvb(4, 1):uint() ~= 6 or (op ~= 1 and op ~= 2) then
		oi:add_proto_expert_info(AE.unusual)
	end
	local smac = tvb(8, 6)
	t:add(A.src_hw, smac)
	local spa = in8_text(tvb(14, 8))
	t:add(A.src_proto, tvb(14, 8), spa)
	t:add(A.src_asn, tvb(14, 4))
	t:add(A.src_host, tvb(18, 4))
	t:add(A.dst_hw, tvb(22, 6))
	local tpa = in8_text(tvb(28, 8))
	t:add(A.dst_proto, tvb(28, 8), tpa)
	t:add(A.dst_asn, tvb(28, 4))
	t:add(A.dst_host, tvb(32, 4))

	local gratuitous = tvb:raw(14, 8) == tvb:raw(28, 8)
	local probe = tvb:raw(14, 8) == string.rep("\0", 8)
	t:add(A.gratuitous, tvb(14, 8), gratuitous):set_generated()
	t:add(A.probe, tvb(14, 8), probe):set_generated()

	local info
	if op == 1 and gratuitous then
		info = "Gratuitous ARP8 for " .. spa .. " (Request)"
	elseif op == 1 then
		info = "Who has " .. tpa .. "? Tell " .. spa
	elseif op == 2 then
		info = spa .. " is at " .. tostring(smac:ether())
	else
		info = string.format("Opcode %d", op)
	end
	t:append_text(" (" .. (arp_ops[op] or tostring(op)) .. ")")
	pinfo.cols.info = info
	return 36
end

function arp8.dissector(tvb, pinfo, tree)
	if is_arp8(tvb) then
		return dissect_arp8(tvb, pinfo, tree)
	end
	return arp_dissector:call(tvb, pinfo, tree)
end

ethertype_table:add(ETH_P_ARP, arp8)
