package route

import (
	"github.com/nltag/go-netlink/internal/unix"
	"github.com/nltag/go-netlink/netlink"
)

// Family is an address family as the headers of rtnetlink messages carry it,
// in one byte: AF_INET, AF_INET6, AF_BRIDGE ...
type Family uint8

// Address families used by rtnetlink.
const (
	FamilyUnspec Family = unix.AF_UNSPEC
	FamilyIPv4   Family = unix.AF_INET
	FamilyIPv6   Family = unix.AF_INET6
	FamilyBridge Family = unix.AF_BRIDGE
	FamilyPacket Family = unix.AF_PACKET
	FamilyMPLS   Family = unix.AF_MPLS
	// FamilyIPMR and FamilyIP6MR select the IPv4 and IPv6 multicast
	// routing tables (RTNL_FAMILY_IPMR, RTNL_FAMILY_IP6MR).
	FamilyIPMR  Family = 128
	FamilyIP6MR Family = 129
)

var families = netlink.NewEnum(map[Family]string{
	FamilyUnspec: "AF_UNSPEC",
	FamilyIPv4:   "AF_INET",
	FamilyIPv6:   "AF_INET6",
	FamilyBridge: "AF_BRIDGE",
	FamilyPacket: "AF_PACKET",
	FamilyMPLS:   "AF_MPLS",
	FamilyIPMR:   "RTNL_FAMILY_IPMR",
	FamilyIP6MR:  "RTNL_FAMILY_IP6MR",
})

// String returns the family's C name, such as "AF_INET".
func (f Family) String() string { return families.Format(f) }

// Scope is a route's or an address's scope, RT_SCOPE_*: roughly the distance
// to the destination. Values between the named ones are legal.
type Scope uint8

// Scopes.
const (
	ScopeUniverse Scope = unix.RT_SCOPE_UNIVERSE // anywhere ("global")
	ScopeSite     Scope = unix.RT_SCOPE_SITE     // within the site
	ScopeLink     Scope = unix.RT_SCOPE_LINK     // on a directly attached link
	ScopeHost     Scope = unix.RT_SCOPE_HOST     // on this host
	ScopeNowhere  Scope = unix.RT_SCOPE_NOWHERE  // the destination does not exist
)

var scopes = netlink.NewEnum(map[Scope]string{
	ScopeUniverse: "RT_SCOPE_UNIVERSE",
	ScopeSite:     "RT_SCOPE_SITE",
	ScopeLink:     "RT_SCOPE_LINK",
	ScopeHost:     "RT_SCOPE_HOST",
	ScopeNowhere:  "RT_SCOPE_NOWHERE",
})

// String returns the scope's C name, such as "RT_SCOPE_LINK".
func (s Scope) String() string { return scopes.Format(s) }

// Protocol says who installed a route, rule or neighbour entry (RTPROT_*).
// The kernel interprets only the values up to ProtoStatic; the others are
// conventions between routing daemons.
type Protocol uint8

// Route origins.
const (
	ProtoUnspec     Protocol = unix.RTPROT_UNSPEC
	ProtoRedirect   Protocol = unix.RTPROT_REDIRECT // ICMP redirect
	ProtoKernel     Protocol = unix.RTPROT_KERNEL   // the kernel itself
	ProtoBoot       Protocol = unix.RTPROT_BOOT     // during boot; the default of ip route add
	ProtoStatic     Protocol = unix.RTPROT_STATIC   // the administrator
	ProtoGated      Protocol = unix.RTPROT_GATED
	ProtoRA         Protocol = unix.RTPROT_RA // router advertisements
	ProtoMRT        Protocol = unix.RTPROT_MRT
	ProtoZebra      Protocol = unix.RTPROT_ZEBRA
	ProtoBird       Protocol = unix.RTPROT_BIRD
	ProtoDNRouted   Protocol = unix.RTPROT_DNROUTED
	ProtoXORP       Protocol = unix.RTPROT_XORP
	ProtoNTK        Protocol = unix.RTPROT_NTK
	ProtoDHCP       Protocol = unix.RTPROT_DHCP
	ProtoMRouted    Protocol = unix.RTPROT_MROUTED
	ProtoKeepalived Protocol = unix.RTPROT_KEEPALIVED
	ProtoBabel      Protocol = unix.RTPROT_BABEL
	ProtoOVN        Protocol = unix.RTPROT_OVN
	ProtoOpenR      Protocol = unix.RTPROT_OPENR
	ProtoBGP        Protocol = unix.RTPROT_BGP
	ProtoISIS       Protocol = unix.RTPROT_ISIS
	ProtoOSPF       Protocol = unix.RTPROT_OSPF
	ProtoRIP        Protocol = unix.RTPROT_RIP
	ProtoEIGRP      Protocol = unix.RTPROT_EIGRP
)

var protocols = netlink.NewEnum(map[Protocol]string{
	ProtoUnspec:     "RTPROT_UNSPEC",
	ProtoRedirect:   "RTPROT_REDIRECT",
	ProtoKernel:     "RTPROT_KERNEL",
	ProtoBoot:       "RTPROT_BOOT",
	ProtoStatic:     "RTPROT_STATIC",
	ProtoGated:      "RTPROT_GATED",
	ProtoRA:         "RTPROT_RA",
	ProtoMRT:        "RTPROT_MRT",
	ProtoZebra:      "RTPROT_ZEBRA",
	ProtoBird:       "RTPROT_BIRD",
	ProtoDNRouted:   "RTPROT_DNROUTED",
	ProtoXORP:       "RTPROT_XORP",
	ProtoNTK:        "RTPROT_NTK",
	ProtoDHCP:       "RTPROT_DHCP",
	ProtoMRouted:    "RTPROT_MROUTED",
	ProtoKeepalived: "RTPROT_KEEPALIVED",
	ProtoBabel:      "RTPROT_BABEL",
	ProtoOVN:        "RTPROT_OVN",
	ProtoOpenR:      "RTPROT_OPENR",
	ProtoBGP:        "RTPROT_BGP",
	ProtoISIS:       "RTPROT_ISIS",
	ProtoOSPF:       "RTPROT_OSPF",
	ProtoRIP:        "RTPROT_RIP",
	ProtoEIGRP:      "RTPROT_EIGRP",
})

// String returns the protocol's C name, such as "RTPROT_KERNEL".
func (p Protocol) String() string { return protocols.Format(p) }

// RouteType is the type of a route (RTN_*); neighbour entries carry one too.
type RouteType uint8

// Route types.
const (
	TypeUnspec      RouteType = unix.RTN_UNSPEC
	TypeUnicast     RouteType = unix.RTN_UNICAST     // a gateway or direct route
	TypeLocal       RouteType = unix.RTN_LOCAL       // accept locally
	TypeBroadcast   RouteType = unix.RTN_BROADCAST   // accept locally as broadcast, send as broadcast
	TypeAnycast     RouteType = unix.RTN_ANYCAST     // accept locally as broadcast, send as unicast
	TypeMulticast   RouteType = unix.RTN_MULTICAST   // a multicast route
	TypeBlackhole   RouteType = unix.RTN_BLACKHOLE   // drop silently
	TypeUnreachable RouteType = unix.RTN_UNREACHABLE // the destination is unreachable
	TypeProhibit    RouteType = unix.RTN_PROHIBIT    // administratively prohibited
	TypeThrow       RouteType = unix.RTN_THROW       // not in this table: continue the lookup
	TypeNAT         RouteType = unix.RTN_NAT         // translate this address
	TypeXResolve    RouteType = unix.RTN_XRESOLVE    // use an external resolver
)

var routeTypes = netlink.NewEnum(map[RouteType]string{
	TypeUnspec:      "RTN_UNSPEC",
	TypeUnicast:     "RTN_UNICAST",
	TypeLocal:       "RTN_LOCAL",
	TypeBroadcast:   "RTN_BROADCAST",
	TypeAnycast:     "RTN_ANYCAST",
	TypeMulticast:   "RTN_MULTICAST",
	TypeBlackhole:   "RTN_BLACKHOLE",
	TypeUnreachable: "RTN_UNREACHABLE",
	TypeProhibit:    "RTN_PROHIBIT",
	TypeThrow:       "RTN_THROW",
	TypeNAT:         "RTN_NAT",
	TypeXResolve:    "RTN_XRESOLVE",
})

// String returns the type's C name, such as "RTN_UNICAST".
func (t RouteType) String() string { return routeTypes.Format(t) }

// Table is a routing table id (RT_TABLE_* or any number up to 2³²-1), as
// RTA_TABLE and FRA_TABLE carry it.
type Table uint32

// Reserved table ids.
const (
	TableUnspec  Table = unix.RT_TABLE_UNSPEC
	TableCompat  Table = unix.RT_TABLE_COMPAT // in 8-bit fields: the id is in the attribute
	TableDefault Table = unix.RT_TABLE_DEFAULT
	TableMain    Table = unix.RT_TABLE_MAIN
	TableLocal   Table = unix.RT_TABLE_LOCAL
)

var tables = netlink.NewEnum(map[Table]string{
	TableUnspec:  "RT_TABLE_UNSPEC",
	TableCompat:  "RT_TABLE_COMPAT",
	TableDefault: "RT_TABLE_DEFAULT",
	TableMain:    "RT_TABLE_MAIN",
	TableLocal:   "RT_TABLE_LOCAL",
})

// String returns the name of a reserved table, or the id in decimal.
func (t Table) String() string { return tables.Format(t) }

// Table8 is the one-byte table field of struct rtmsg and struct
// fib_rule_hdr. Ids above 255 do not fit: the kernel then writes
// RT_TABLE_COMPAT there and the full id into the RTA_TABLE or FRA_TABLE
// attribute.
type Table8 uint8

// String returns the name of a reserved table, or the id in decimal.
func (t Table8) String() string { return tables.Format(Table(t)) }
