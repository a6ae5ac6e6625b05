package route

import (
	"net/netip"

	"github.com/nltag/go-netlink/internal/unix"
	"github.com/nltag/go-netlink/nltag"
)

// GeneveData is the data of kind "geneve" (IFLA_GENEVE_*).
type GeneveData struct {
	_ nltag.Set `nla:"link-geneve"`
	// ID is the virtual network identifier.
	ID uint32 `nla:"IFLA_GENEVE_ID,omitempty"`
	// Remote is the IPv4 remote; Remote6 the IPv6 one.
	Remote netip.Addr `nla:"IFLA_GENEVE_REMOTE,ipv4"`
	// TTL and TOS are the outer TTL and TOS (TOS 1 inherits).
	TTL uint8 `nla:"IFLA_GENEVE_TTL,omitempty"`
	TOS uint8 `nla:"IFLA_GENEVE_TOS,omitempty"`
	// Port is the UDP destination port (6081 is the IANA port).
	Port uint16 `nla:"IFLA_GENEVE_PORT,be16,omitempty"`
	// CollectMetadata makes the device an external (flow-based) one.
	CollectMetadata bool `nla:"IFLA_GENEVE_COLLECT_METADATA"`
	// Remote6 is the IPv6 remote.
	Remote6 netip.Addr `nla:"IFLA_GENEVE_REMOTE6,ipv6"`
	// UDPCsum, UDPZeroCsum6Tx and UDPZeroCsum6Rx control UDP checksums.
	UDPCsum        *bool `nla:"IFLA_GENEVE_UDP_CSUM,u8"`
	UDPZeroCsum6Tx *bool `nla:"IFLA_GENEVE_UDP_ZERO_CSUM6_TX,u8"`
	UDPZeroCsum6Rx *bool `nla:"IFLA_GENEVE_UDP_ZERO_CSUM6_RX,u8"`
	// Label is the IPv6 flow label.
	Label uint32 `nla:"IFLA_GENEVE_LABEL,be32,omitempty"`
	// TTLInherit copies the outer TTL from the inner packet.
	TTLInherit *bool `nla:"IFLA_GENEVE_TTL_INHERIT,u8"`
	// DF says how the outer don't-fragment bit is set.
	DF TunnelDF `nla:"IFLA_GENEVE_DF,omitempty"`
	// InnerProtoInherit carries non-Ethernet inner packets.
	InnerProtoInherit bool `nla:"IFLA_GENEVE_INNER_PROTO_INHERIT"`
	// PortRange is the range of UDP source ports.
	PortRange *GenevePortRange `nla:"IFLA_GENEVE_PORT_RANGE"`
	// Wire keeps unknown attributes and the order of arrival.
	Wire nltag.Wire
}

// GenevePortRange is struct ifla_geneve_port_range: UDP source ports, in
// host order here and network order on the wire.
type GenevePortRange VxlanPortRange

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "link-geneve", Attrs: map[string]uint16{
	"IFLA_GENEVE_UNSPEC":              unix.IFLA_GENEVE_UNSPEC,
	"IFLA_GENEVE_ID":                  unix.IFLA_GENEVE_ID,
	"IFLA_GENEVE_REMOTE":              unix.IFLA_GENEVE_REMOTE,
	"IFLA_GENEVE_TTL":                 unix.IFLA_GENEVE_TTL,
	"IFLA_GENEVE_TOS":                 unix.IFLA_GENEVE_TOS,
	"IFLA_GENEVE_PORT":                unix.IFLA_GENEVE_PORT,
	"IFLA_GENEVE_COLLECT_METADATA":    unix.IFLA_GENEVE_COLLECT_METADATA,
	"IFLA_GENEVE_REMOTE6":             unix.IFLA_GENEVE_REMOTE6,
	"IFLA_GENEVE_UDP_CSUM":            unix.IFLA_GENEVE_UDP_CSUM,
	"IFLA_GENEVE_UDP_ZERO_CSUM6_TX":   unix.IFLA_GENEVE_UDP_ZERO_CSUM6_TX,
	"IFLA_GENEVE_UDP_ZERO_CSUM6_RX":   unix.IFLA_GENEVE_UDP_ZERO_CSUM6_RX,
	"IFLA_GENEVE_LABEL":               unix.IFLA_GENEVE_LABEL,
	"IFLA_GENEVE_TTL_INHERIT":         unix.IFLA_GENEVE_TTL_INHERIT,
	"IFLA_GENEVE_DF":                  unix.IFLA_GENEVE_DF,
	"IFLA_GENEVE_INNER_PROTO_INHERIT": unix.IFLA_GENEVE_INNER_PROTO_INHERIT,
	"IFLA_GENEVE_PORT_RANGE":          15, // newer than x/sys/unix
}})

func init() {
	nltag.RegisterSubMessageOf[GeneveData]("link-kind", "geneve")
}
