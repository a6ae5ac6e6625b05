package route

import (
	"net/netip"

	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// GREData is the data of kind "gre" (IFLA_GRE_*); GRETapData, IP6GREData,
// IP6GRETapData, ERSPANData and IP6ERSPANData carry the same attributes for
// the other GRE kinds. Addresses are IPv4 or IPv6 by kind.
type GREData struct {
	_ nltag.Set `nla:"link-gre"`
	// Link is the index of the underlying device.
	Link netlink.IfIndex `nla:"IFLA_GRE_LINK,omitempty"`
	// IFlags and OFlags are the GRE header flags expected and sent.
	IFlags GREFlags `nla:"IFLA_GRE_IFLAGS,be16,omitempty"`
	OFlags GREFlags `nla:"IFLA_GRE_OFLAGS,be16,omitempty"`
	// IKey and OKey are the keys expected and sent (with the KEY flag).
	IKey uint32 `nla:"IFLA_GRE_IKEY,be32,omitempty"`
	OKey uint32 `nla:"IFLA_GRE_OKEY,be32,omitempty"`
	// Local and Remote are the tunnel endpoints.
	Local  netip.Addr `nla:"IFLA_GRE_LOCAL,ip"`
	Remote netip.Addr `nla:"IFLA_GRE_REMOTE,ip"`
	// TTL is the outer TTL (0 inherits); TOS the outer TOS (1 inherits).
	TTL uint8 `nla:"IFLA_GRE_TTL,omitempty"`
	TOS uint8 `nla:"IFLA_GRE_TOS,omitempty"`
	// PMTUDisc enables path MTU discovery (sets DF).
	PMTUDisc *bool `nla:"IFLA_GRE_PMTUDISC,u8"`
	// EncapLimit is the IPv6 tunnel encapsulation limit.
	EncapLimit uint8 `nla:"IFLA_GRE_ENCAP_LIMIT,omitempty"`
	// FlowInfo is the IPv6 flow information.
	FlowInfo uint32 `nla:"IFLA_GRE_FLOWINFO,be32,omitempty"`
	// Flags are IPv6 tunnel flags (IP6_TNL_F_*).
	Flags uint32 `nla:"IFLA_GRE_FLAGS,omitempty"`
	// EncapType, EncapFlags, EncapSport and EncapDport describe a FOU or GUE
	// encapsulation.
	EncapType  TunnelEncapType  `nla:"IFLA_GRE_ENCAP_TYPE,omitempty"`
	EncapFlags TunnelEncapFlags `nla:"IFLA_GRE_ENCAP_FLAGS,omitempty"`
	EncapSport uint16           `nla:"IFLA_GRE_ENCAP_SPORT,be16,omitempty"`
	EncapDport uint16           `nla:"IFLA_GRE_ENCAP_DPORT,be16,omitempty"`
	// CollectMetadata makes the device an external (flow-based) one.
	CollectMetadata bool `nla:"IFLA_GRE_COLLECT_METADATA"`
	// IgnoreDF lets the tunnel fragment packets that have DF set.
	IgnoreDF *bool `nla:"IFLA_GRE_IGNORE_DF,u8"`
	// FWMark is the firewall mark of the outer packets.
	FWMark uint32 `nla:"IFLA_GRE_FWMARK,omitempty"`
	// ERSPANIndex, ERSPANVer, ERSPANDir and ERSPANHwID are ERSPAN parameters.
	ERSPANIndex uint32 `nla:"IFLA_GRE_ERSPAN_INDEX,omitempty"`
	ERSPANVer   uint8  `nla:"IFLA_GRE_ERSPAN_VER,omitempty"`
	ERSPANDir   uint8  `nla:"IFLA_GRE_ERSPAN_DIR,omitempty"`
	ERSPANHwID  uint16 `nla:"IFLA_GRE_ERSPAN_HWID,omitempty"`
	// Wire keeps unknown attributes and the order of arrival.
	Wire nltag.Wire
}

// GRETapData is the data of kind "gretap".
type GRETapData GREData

// IP6GREData is the data of kind "ip6gre".
type IP6GREData GREData

// IP6GRETapData is the data of kind "ip6gretap".
type IP6GRETapData GREData

// ERSPANData is the data of kind "erspan".
type ERSPANData GREData

// IP6ERSPANData is the data of kind "ip6erspan".
type IP6ERSPANData GREData

// GREFlags are the GRE header flags of IFLA_GRE_IFLAGS and IFLA_GRE_OFLAGS
// (GRE_CSUM, GRE_KEY ...), here in host order.
type GREFlags uint16

// The GRE header flags.
const (
	GREFlagCsum    GREFlags = 0x8000
	GREFlagRouting GREFlags = 0x4000
	GREFlagKey     GREFlags = 0x2000
	GREFlagSeq     GREFlags = 0x1000
	GREFlagStrict  GREFlags = 0x0800
	GREFlagAck     GREFlags = 0x0080
)

var greFlags = netlink.NewFlags(map[GREFlags]string{
	GREFlagCsum: "CSUM", GREFlagRouting: "ROUTING", GREFlagKey: "KEY", GREFlagSeq: "SEQ",
	GREFlagStrict: "STRICT", GREFlagAck: "ACK",
})

// String returns the flags as "KEY|CSUM".
func (f GREFlags) String() string { return greFlags.Format(f) }

// TunnelEncapType is the encapsulation of an IP tunnel (TUNNEL_ENCAP_*).
type TunnelEncapType uint16

// The tunnel encapsulations.
const (
	TunnelEncapNone TunnelEncapType = 0
	TunnelEncapFOU  TunnelEncapType = 1
	TunnelEncapGUE  TunnelEncapType = 2
	TunnelEncapMPLS TunnelEncapType = 3
)

var tunnelEncapTypes = netlink.NewEnum(map[TunnelEncapType]string{
	TunnelEncapNone: "NONE", TunnelEncapFOU: "FOU", TunnelEncapGUE: "GUE", TunnelEncapMPLS: "MPLS",
})

// String returns the encapsulation's name.
func (t TunnelEncapType) String() string { return tunnelEncapTypes.Format(t) }

// TunnelEncapFlags are the TUNNEL_ENCAP_FLAG_* flags.
type TunnelEncapFlags uint16

// The encapsulation flags.
const (
	TunnelEncapFlagCsum    TunnelEncapFlags = 1 << 0
	TunnelEncapFlagCsum6   TunnelEncapFlags = 1 << 1
	TunnelEncapFlagRemCsum TunnelEncapFlags = 1 << 2
)

var tunnelEncapFlags = netlink.NewFlags(map[TunnelEncapFlags]string{
	TunnelEncapFlagCsum: "CSUM", TunnelEncapFlagCsum6: "CSUM6", TunnelEncapFlagRemCsum: "REMCSUM",
})

// String returns the flags as "CSUM|REMCSUM".
func (f TunnelEncapFlags) String() string { return tunnelEncapFlags.Format(f) }

// IPIPData is the data of kind "ipip" (IFLA_IPTUN_*); SITData carries the
// same attributes for kind "sit".
type IPIPData struct {
	_ nltag.Set `nla:"link-iptun"`
	// Link is the index of the underlying device.
	Link netlink.IfIndex `nla:"IFLA_IPTUN_LINK,omitempty"`
	// Local and Remote are the tunnel endpoints.
	Local  netip.Addr `nla:"IFLA_IPTUN_LOCAL,ip"`
	Remote netip.Addr `nla:"IFLA_IPTUN_REMOTE,ip"`
	// TTL is the outer TTL (0 inherits); TOS the outer TOS (1 inherits).
	TTL uint8 `nla:"IFLA_IPTUN_TTL,omitempty"`
	TOS uint8 `nla:"IFLA_IPTUN_TOS,omitempty"`
	// EncapLimit and FlowInfo are IPv6 tunnel parameters.
	EncapLimit uint8  `nla:"IFLA_IPTUN_ENCAP_LIMIT,omitempty"`
	FlowInfo   uint32 `nla:"IFLA_IPTUN_FLOWINFO,be32,omitempty"`
	// Flags are the tunnel flags (SIT_ISATAP for sit).
	Flags uint16 `nla:"IFLA_IPTUN_FLAGS,be16,omitempty"`
	// Proto is the inner protocol: IPPROTO_IPIP, IPPROTO_IPV6, IPPROTO_MPLS
	// or 0 for any.
	Proto uint8 `nla:"IFLA_IPTUN_PROTO,omitempty"`
	// PMTUDisc enables path MTU discovery (sets DF).
	PMTUDisc *bool `nla:"IFLA_IPTUN_PMTUDISC,u8"`
	// SixRDPrefix, SixRDRelayPrefix and their lengths configure 6rd (sit).
	SixRDPrefix         netip.Addr `nla:"IFLA_IPTUN_6RD_PREFIX,ipv6"`
	SixRDRelayPrefix    netip.Addr `nla:"IFLA_IPTUN_6RD_RELAY_PREFIX,ipv4"`
	SixRDPrefixLen      uint16     `nla:"IFLA_IPTUN_6RD_PREFIXLEN,omitempty"`
	SixRDRelayPrefixLen uint16     `nla:"IFLA_IPTUN_6RD_RELAY_PREFIXLEN,omitempty"`
	// EncapType, EncapFlags, EncapSport and EncapDport describe a FOU or GUE
	// encapsulation.
	EncapType  TunnelEncapType  `nla:"IFLA_IPTUN_ENCAP_TYPE,omitempty"`
	EncapFlags TunnelEncapFlags `nla:"IFLA_IPTUN_ENCAP_FLAGS,omitempty"`
	EncapSport uint16           `nla:"IFLA_IPTUN_ENCAP_SPORT,be16,omitempty"`
	EncapDport uint16           `nla:"IFLA_IPTUN_ENCAP_DPORT,be16,omitempty"`
	// CollectMetadata makes the device an external (flow-based) one.
	CollectMetadata bool `nla:"IFLA_IPTUN_COLLECT_METADATA"`
	// FWMark is the firewall mark of the outer packets.
	FWMark uint32 `nla:"IFLA_IPTUN_FWMARK,omitempty"`
	// Wire keeps unknown attributes and the order of arrival.
	Wire nltag.Wire
}

// SITData is the data of kind "sit".
type SITData IPIPData

// x/sys/unix has neither set; the numbers are those of if_tunnel.h.
var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "link-gre", Attrs: map[string]uint16{
	"IFLA_GRE_UNSPEC":           0,
	"IFLA_GRE_LINK":             1,
	"IFLA_GRE_IFLAGS":           2,
	"IFLA_GRE_OFLAGS":           3,
	"IFLA_GRE_IKEY":             4,
	"IFLA_GRE_OKEY":             5,
	"IFLA_GRE_LOCAL":            6,
	"IFLA_GRE_REMOTE":           7,
	"IFLA_GRE_TTL":              8,
	"IFLA_GRE_TOS":              9,
	"IFLA_GRE_PMTUDISC":         10,
	"IFLA_GRE_ENCAP_LIMIT":      11,
	"IFLA_GRE_FLOWINFO":         12,
	"IFLA_GRE_FLAGS":            13,
	"IFLA_GRE_ENCAP_TYPE":       14,
	"IFLA_GRE_ENCAP_FLAGS":      15,
	"IFLA_GRE_ENCAP_SPORT":      16,
	"IFLA_GRE_ENCAP_DPORT":      17,
	"IFLA_GRE_COLLECT_METADATA": 18,
	"IFLA_GRE_IGNORE_DF":        19,
	"IFLA_GRE_FWMARK":           20,
	"IFLA_GRE_ERSPAN_INDEX":     21,
	"IFLA_GRE_ERSPAN_VER":       22,
	"IFLA_GRE_ERSPAN_DIR":       23,
	"IFLA_GRE_ERSPAN_HWID":      24,
}})

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "link-iptun", Attrs: map[string]uint16{
	"IFLA_IPTUN_UNSPEC":              0,
	"IFLA_IPTUN_LINK":                1,
	"IFLA_IPTUN_LOCAL":               2,
	"IFLA_IPTUN_REMOTE":              3,
	"IFLA_IPTUN_TTL":                 4,
	"IFLA_IPTUN_TOS":                 5,
	"IFLA_IPTUN_ENCAP_LIMIT":         6,
	"IFLA_IPTUN_FLOWINFO":            7,
	"IFLA_IPTUN_FLAGS":               8,
	"IFLA_IPTUN_PROTO":               9,
	"IFLA_IPTUN_PMTUDISC":            10,
	"IFLA_IPTUN_6RD_PREFIX":          11,
	"IFLA_IPTUN_6RD_RELAY_PREFIX":    12,
	"IFLA_IPTUN_6RD_PREFIXLEN":       13,
	"IFLA_IPTUN_6RD_RELAY_PREFIXLEN": 14,
	"IFLA_IPTUN_ENCAP_TYPE":          15,
	"IFLA_IPTUN_ENCAP_FLAGS":         16,
	"IFLA_IPTUN_ENCAP_SPORT":         17,
	"IFLA_IPTUN_ENCAP_DPORT":         18,
	"IFLA_IPTUN_COLLECT_METADATA":    19,
	"IFLA_IPTUN_FWMARK":              20,
}})

func init() {
	nltag.RegisterSubMessageOf[GREData]("link-kind", "gre")
	nltag.RegisterSubMessageOf[GRETapData]("link-kind", "gretap")
	nltag.RegisterSubMessageOf[IP6GREData]("link-kind", "ip6gre")
	nltag.RegisterSubMessageOf[IP6GRETapData]("link-kind", "ip6gretap")
	nltag.RegisterSubMessageOf[ERSPANData]("link-kind", "erspan")
	nltag.RegisterSubMessageOf[IP6ERSPANData]("link-kind", "ip6erspan")
	nltag.RegisterSubMessageOf[IPIPData]("link-kind", "ipip")
	nltag.RegisterSubMessageOf[SITData]("link-kind", "sit")
}
