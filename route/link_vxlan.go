package route

import (
	"context"
	"fmt"
	"net/netip"
	"strconv"

	"github.com/nltag/go-netlink/internal/unix"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// VxlanData is the data of kind "vxlan" (IFLA_VXLAN_*).
type VxlanData struct {
	_ nltag.Set `nla:"link-vxlan"`
	// ID is the VXLAN network identifier (VNI); a pointer, as 0 is a valid
	// one.
	ID *uint32 `nla:"IFLA_VXLAN_ID"`
	// Group is the IPv4 multicast group or remote address.
	Group netip.Addr `nla:"IFLA_VXLAN_GROUP,ipv4"`
	// Link is the index of the device used to reach the remote.
	Link netlink.IfIndex `nla:"IFLA_VXLAN_LINK,omitempty"`
	// Local is the IPv4 source address.
	Local netip.Addr `nla:"IFLA_VXLAN_LOCAL,ipv4"`
	// TTL is the outer TTL; 0 uses the route's (see TTLInherit).
	TTL uint8 `nla:"IFLA_VXLAN_TTL,omitempty"`
	// TOS is the outer TOS; 1 inherits the inner one.
	TOS uint8 `nla:"IFLA_VXLAN_TOS,omitempty"`
	// Learning enables learning of remote addresses into the FDB.
	Learning *bool `nla:"IFLA_VXLAN_LEARNING,u8"`
	// Ageing is the FDB entry lifetime in seconds.
	Ageing uint32 `nla:"IFLA_VXLAN_AGEING,omitempty"`
	// Limit caps the number of FDB entries (0: no limit).
	Limit uint32 `nla:"IFLA_VXLAN_LIMIT,omitempty"`
	// PortRange is the range of UDP source ports.
	PortRange *VxlanPortRange `nla:"IFLA_VXLAN_PORT_RANGE"`
	// Proxy enables ARP/ND proxying.
	Proxy *bool `nla:"IFLA_VXLAN_PROXY,u8"`
	// RSC enables route short circuit.
	RSC *bool `nla:"IFLA_VXLAN_RSC,u8"`
	// L2Miss and L3Miss enable netlink notifications of FDB and neighbour misses.
	L2Miss *bool `nla:"IFLA_VXLAN_L2MISS,u8"`
	L3Miss *bool `nla:"IFLA_VXLAN_L3MISS,u8"`
	// Port is the UDP destination port (4789 is the IANA port).
	Port uint16 `nla:"IFLA_VXLAN_PORT,be16,omitempty"`
	// Group6 and Local6 are the IPv6 group or remote, and source.
	Group6 netip.Addr `nla:"IFLA_VXLAN_GROUP6,ipv6"`
	Local6 netip.Addr `nla:"IFLA_VXLAN_LOCAL6,ipv6"`
	// UDPCsum computes UDP checksums over IPv4; UDPZeroCsum6Tx and
	// UDPZeroCsum6Rx allow zero checksums over IPv6.
	UDPCsum        *bool `nla:"IFLA_VXLAN_UDP_CSUM,u8"`
	UDPZeroCsum6Tx *bool `nla:"IFLA_VXLAN_UDP_ZERO_CSUM6_TX,u8"`
	UDPZeroCsum6Rx *bool `nla:"IFLA_VXLAN_UDP_ZERO_CSUM6_RX,u8"`
	// RemCsumTx and RemCsumRx enable remote checksum offload.
	RemCsumTx *bool `nla:"IFLA_VXLAN_REMCSUM_TX,u8"`
	RemCsumRx *bool `nla:"IFLA_VXLAN_REMCSUM_RX,u8"`
	// GBP enables the Group Policy extension.
	GBP bool `nla:"IFLA_VXLAN_GBP"`
	// RemCsumNoPartial disables partial remote checksum offload.
	RemCsumNoPartial bool `nla:"IFLA_VXLAN_REMCSUM_NOPARTIAL"`
	// CollectMetadata makes the device an external (flow-based) one.
	CollectMetadata *bool `nla:"IFLA_VXLAN_COLLECT_METADATA,u8"`
	// Label is the IPv6 flow label.
	Label uint32 `nla:"IFLA_VXLAN_LABEL,be32,omitempty"`
	// GPE enables the Generic Protocol Extension.
	GPE bool `nla:"IFLA_VXLAN_GPE"`
	// TTLInherit says whether the outer TTL is copied from the inner
	// packet. The kernel reports it as a u8 but takes it in requests only
	// as an empty flag, which U8Flag writes.
	TTLInherit *U8Flag `nla:"IFLA_VXLAN_TTL_INHERIT"`
	// DF says how the outer don't-fragment bit is set.
	DF TunnelDF `nla:"IFLA_VXLAN_DF,omitempty"`
	// VNIFilter enables per-VNI filtering (external devices only).
	VNIFilter *bool `nla:"IFLA_VXLAN_VNIFILTER,u8"`
	// LocalBypass delivers to local VXLAN devices directly.
	LocalBypass *bool `nla:"IFLA_VXLAN_LOCALBYPASS,u8"`
	// LabelPolicy says where the IPv6 flow label comes from: 0 fixed (Label),
	// 1 inherited.
	LabelPolicy uint32 `nla:"IFLA_VXLAN_LABEL_POLICY,omitempty"`
	// ReservedBits are the bits of the VXLAN header accepted as set in
	// received packets (8 bytes, network order).
	ReservedBits []byte `nla:"IFLA_VXLAN_RESERVED_BITS"`
	// MCRoute routes multicast traffic through the routing table.
	MCRoute *bool `nla:"IFLA_VXLAN_MC_ROUTE,u8"`
	// Wire keeps unknown attributes and the order of arrival.
	Wire nltag.Wire
}

// VxlanPortRange is struct ifla_vxlan_port_range: UDP source ports, in
// host order here and network order on the wire.
type VxlanPortRange struct {
	Low  uint16 `nla:",be16"`
	High uint16 `nla:",be16"`
}

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "link-vxlan", Attrs: map[string]uint16{
	"IFLA_VXLAN_UNSPEC":            unix.IFLA_VXLAN_UNSPEC,
	"IFLA_VXLAN_ID":                unix.IFLA_VXLAN_ID,
	"IFLA_VXLAN_GROUP":             unix.IFLA_VXLAN_GROUP,
	"IFLA_VXLAN_LINK":              unix.IFLA_VXLAN_LINK,
	"IFLA_VXLAN_LOCAL":             unix.IFLA_VXLAN_LOCAL,
	"IFLA_VXLAN_TTL":               unix.IFLA_VXLAN_TTL,
	"IFLA_VXLAN_TOS":               unix.IFLA_VXLAN_TOS,
	"IFLA_VXLAN_LEARNING":          unix.IFLA_VXLAN_LEARNING,
	"IFLA_VXLAN_AGEING":            unix.IFLA_VXLAN_AGEING,
	"IFLA_VXLAN_LIMIT":             unix.IFLA_VXLAN_LIMIT,
	"IFLA_VXLAN_PORT_RANGE":        unix.IFLA_VXLAN_PORT_RANGE,
	"IFLA_VXLAN_PROXY":             unix.IFLA_VXLAN_PROXY,
	"IFLA_VXLAN_RSC":               unix.IFLA_VXLAN_RSC,
	"IFLA_VXLAN_L2MISS":            unix.IFLA_VXLAN_L2MISS,
	"IFLA_VXLAN_L3MISS":            unix.IFLA_VXLAN_L3MISS,
	"IFLA_VXLAN_PORT":              unix.IFLA_VXLAN_PORT,
	"IFLA_VXLAN_GROUP6":            unix.IFLA_VXLAN_GROUP6,
	"IFLA_VXLAN_LOCAL6":            unix.IFLA_VXLAN_LOCAL6,
	"IFLA_VXLAN_UDP_CSUM":          unix.IFLA_VXLAN_UDP_CSUM,
	"IFLA_VXLAN_UDP_ZERO_CSUM6_TX": unix.IFLA_VXLAN_UDP_ZERO_CSUM6_TX,
	"IFLA_VXLAN_UDP_ZERO_CSUM6_RX": unix.IFLA_VXLAN_UDP_ZERO_CSUM6_RX,
	"IFLA_VXLAN_REMCSUM_TX":        unix.IFLA_VXLAN_REMCSUM_TX,
	"IFLA_VXLAN_REMCSUM_RX":        unix.IFLA_VXLAN_REMCSUM_RX,
	"IFLA_VXLAN_GBP":               unix.IFLA_VXLAN_GBP,
	"IFLA_VXLAN_REMCSUM_NOPARTIAL": unix.IFLA_VXLAN_REMCSUM_NOPARTIAL,
	"IFLA_VXLAN_COLLECT_METADATA":  unix.IFLA_VXLAN_COLLECT_METADATA,
	"IFLA_VXLAN_LABEL":             unix.IFLA_VXLAN_LABEL,
	"IFLA_VXLAN_GPE":               unix.IFLA_VXLAN_GPE,
	"IFLA_VXLAN_TTL_INHERIT":       unix.IFLA_VXLAN_TTL_INHERIT,
	"IFLA_VXLAN_DF":                unix.IFLA_VXLAN_DF,
	"IFLA_VXLAN_VNIFILTER":         unix.IFLA_VXLAN_VNIFILTER,
	"IFLA_VXLAN_LOCALBYPASS":       unix.IFLA_VXLAN_LOCALBYPASS,
	"IFLA_VXLAN_LABEL_POLICY":      unix.IFLA_VXLAN_LABEL_POLICY,
	"IFLA_VXLAN_RESERVED_BITS":     33, // newer than x/sys/unix
	"IFLA_VXLAN_MC_ROUTE":          34,
}})

// Vxlan is a VXLAN tunnel endpoint: Ethernet over UDP.
type Vxlan struct {
	// ID is the VXLAN network identifier (VNI).
	ID uint32
	// Remote is the unicast address of the far end; Group is a multicast
	// group instead (which needs Dev). At most one of them may be given.
	Remote, Group netip.Addr
	// Local is the source address of the tunnel's packets.
	Local netip.Addr
	// Dev is the link to send the tunnel's packets through.
	Dev LinkRef
	// Port is the UDP destination port; 0 leaves the kernel's default
	// (8472, not the IANA port 4789).
	Port uint16
	// TTL is the outer TTL; 0 takes the route's.
	TTL uint8
	// TTLInherit copies the outer TTL from the inner packet.
	TTLInherit bool
	// Learning turns learning of remote addresses on or off (default on).
	Learning *bool
}

// Kind returns "vxlan".
func (*Vxlan) Kind() string { return "vxlan" }

func (v *Vxlan) build(ctx context.Context, c *Client, req *Link) (func(), error) {
	d := &VxlanData{ID: new(v.ID), Port: v.Port, TTL: v.TTL, Learning: v.Learning}
	if v.TTLInherit {
		d.TTLInherit = &U8Flag{On: true}
	}
	if v.ID >= 1<<24 {
		return nil, argErr("Vxlan.ID", "%d does not fit the 24 bits of a VNI", v.ID)
	}
	if v.Remote.IsValid() && v.Group.IsValid() {
		return nil, argErr("Vxlan.Remote", "given with Group")
	}
	far := v.Remote
	if v.Group.IsValid() {
		far = v.Group
	}
	if far.Is4() {
		d.Group = far
	} else if far.IsValid() {
		d.Group6 = far
	}
	if v.Local.Is4() {
		d.Local = v.Local
	} else if v.Local.IsValid() {
		d.Local6 = v.Local
	}
	dev, err := c.optIndex(ctx, "Vxlan.Dev", v.Dev)
	if err != nil {
		return nil, err
	}
	d.Link = dev
	req.LinkInfo = &LinkInfo{Kind: "vxlan", Data: d}
	return noCleanup, nil
}

func init() {
	nltag.RegisterSubMessageOf[VxlanData]("link-kind", "vxlan")
}

// U8Flag is a switch the kernel reports as a u8 (0 or 1) but accepts in
// requests only as a flag, an attribute without payload whose presence
// turns the switch on (IFLA_VXLAN_TTL_INHERIT). A U8Flag built in Go
// encodes as that flag, and must be On: a request leaves the switch off by
// leaving the attribute out. A decoded one encodes as the u8 it came as.
type U8Flag struct {
	// On is the setting.
	On bool
	u8 bool // decoded from a u8 payload
}

// MarshalNetlink writes the flag's payload: nothing, or the u8 it was
// decoded from.
func (f U8Flag) MarshalNetlink(b []byte) ([]byte, error) {
	switch {
	case f.u8 && f.On:
		return append(b, 1), nil
	case f.u8:
		return append(b, 0), nil
	case !f.On:
		return nil, fmt.Errorf("%w: a U8Flag that is off is left out of a request, not sent", nltag.ErrValue)
	}
	return b, nil
}

// String returns "true" or "false".
func (f U8Flag) String() string { return strconv.FormatBool(f.On) }

// UnmarshalNetlink reads an empty payload (the flag) or a u8.
func (f *U8Flag) UnmarshalNetlink(data []byte) error {
	switch len(data) {
	case 0:
		*f = U8Flag{On: true}
	case 1:
		*f = U8Flag{On: data[0] != 0, u8: true}
	default:
		return fmt.Errorf("%d bytes for a u8 or a flag", len(data))
	}
	return nil
}
