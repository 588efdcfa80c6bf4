package main

// The grammar, printed by "help" to stdout and after a malformed command
// line to stderr. The text follows ip(8)'s usage style.

const mainUsage = `Usage: ipv8ctl [ OPTIONS ] OBJECT { COMMAND | help }
       ipv8ctl -V
where  OBJECT := { link | address | route | neighbour | mft | stats | monitor | help }
       OPTIONS := { -j[son] | -p[retty] | -s[tatistics] | -d[etails] |
                    -n[etns] NAME | -V[ersion] | -h[elp] }
`

const linkUsage = `Usage: ipv8ctl link show [ [ dev ] DEV ]
       ipv8ctl link set [ dev ] DEV [ ipv8 { on | off } ] [ forwarding { on | off } ]
                        [ border { on | off } ] [ wan { on | off } ]
                        [ probe_interval MS ] [ probe_misses N ] [ holddown N ]
       ipv8ctl link help
MS := 10..60000, ms between gateway liveness probes (default 100)
N  := 1..255: probes missed that make a gateway dead (default 3), or
      answers in a row that bring it back (holddown, default 3)
`

const addrUsage = `Usage: ipv8ctl address { add | del } PREFIX dev DEV
       ipv8ctl address show [ [ dev ] DEV ]
       ipv8ctl address flush [ dev ] DEV
       ipv8ctl address help
PREFIX := ADDR[/LEN]    LEN counts host-part bits, 0..32, default 32
ADDR   := ASN.n.n.n.n | r.r.r.r.n.n.n.n
`

const routeUsage = `Usage: ipv8ctl route [ show ]
       ipv8ctl route { add | replace } ROUTE
       ipv8ctl route del PREFIX [ metric METRIC ]
       ipv8ctl route get ADDR
       ipv8ctl route help
ROUTE  := PREFIX [ via ADDR [ via ADDR ] ] [ dev DEV ] [ metric METRIC ]
          two "via": a parity pair, the kernel picks the primary
PREFIX := ADDR[/LEN] | default    LEN counts host-part bits, 0..32, default 32
ADDR   := ASN.n.n.n.n | r.r.r.r.n.n.n.n
METRIC := 0..4294967295, lower wins, default 0
`

const neighUsage = `Usage: ipv8ctl neighbour show [ [ dev ] DEV ]
       ipv8ctl neighbour { add | replace } ADDR lladdr LLADDR dev DEV [ caps CAPS ]
       ipv8ctl neighbour del ADDR dev DEV
       ipv8ctl neighbour flush [ dev ] DEV
       ipv8ctl neighbour help
ADDR   := ASN.n.n.n.n | r.r.r.r.n.n.n.n
LLADDR := MAC address, e.g. 02:00:00:00:00:01
CAPS   := v8 | v4 | v8,v4    what the neighbour speaks, default v8
`

const mftUsage = `Usage: ipv8ctl mft [ show ]
       ipv8ctl mft { neighbours | peers | reach }
       ipv8ctl mft help
`

const statsUsage = `Usage: ipv8ctl stats [ show ]
       ipv8ctl stats help
`

const monitorUsage = `Usage: ipv8ctl monitor [ all ]
       ipv8ctl monitor help
`

const fullUsage = mainUsage + "\n" + linkUsage + "\n" + addrUsage + "\n" + routeUsage + "\n" + neighUsage + "\n" + mftUsage + "\n" + statsUsage + "\n" + monitorUsage
