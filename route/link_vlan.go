package route

import (
	"context"

	"github.com/nltag/go-netlink/internal/unix"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// VLANData is the data of kind "vlan" (IFLA_VLAN_*).
type VLANData struct {
	_ nltag.Set `nla:"link-vlan"`
	// ID is the VLAN id; a pointer, as 0 is a valid id.
	ID *uint16 `nla:"IFLA_VLAN_ID"`
	// Flags are the VLAN_FLAG_* flags and the mask of those a request changes.
	Flags *VLANFlagsMask `nla:"IFLA_VLAN_FLAGS"`
	// EgressQoS maps skb priorities to 802.1p priorities on transmit.
	EgressQoS *VLANQoS `nla:"IFLA_VLAN_EGRESS_QOS"`
	// IngressQoS maps 802.1p priorities to skb priorities on receive.
	IngressQoS *VLANQoS `nla:"IFLA_VLAN_INGRESS_QOS"`
	// Protocol is the tag protocol: VLANProtocol8021Q or VLANProtocol8021AD.
	Protocol VLANProtocol `nla:"IFLA_VLAN_PROTOCOL,be16,omitempty"`
	// Wire keeps unknown attributes and the order of arrival.
	Wire nltag.Wire
}

// VLANFlagsMask is struct ifla_vlan_flags.
type VLANFlagsMask struct {
	Flags VLANFlags
	Mask  VLANFlags
}

// VLANFlags are the VLAN_FLAG_* flags.
type VLANFlags uint32

// The VLAN flags.
const (
	VLANFlagReorderHdr    VLANFlags = 0x1
	VLANFlagGVRP          VLANFlags = 0x2
	VLANFlagLooseBinding  VLANFlags = 0x4
	VLANFlagMVRP          VLANFlags = 0x8
	VLANFlagBridgeBinding VLANFlags = 0x10
)

var vlanFlags = netlink.NewFlags(map[VLANFlags]string{
	VLANFlagReorderHdr: "REORDER_HDR", VLANFlagGVRP: "GVRP", VLANFlagLooseBinding: "LOOSE_BINDING",
	VLANFlagMVRP: "MVRP", VLANFlagBridgeBinding: "BRIDGE_BINDING",
})

// String returns the flags as "REORDER_HDR|GVRP".
func (f VLANFlags) String() string { return vlanFlags.Format(f) }

// VLANQoS is IFLA_VLAN_EGRESS_QOS or IFLA_VLAN_INGRESS_QOS: priority mappings.
type VLANQoS struct {
	_ nltag.Set `nla:"link-vlan-qos"`
	// Mappings are the mappings, one IFLA_VLAN_QOS_MAPPING each.
	Mappings []VLANQoSMapping `nla:"IFLA_VLAN_QOS_MAPPING,multi"`
	// Wire keeps unknown attributes and the order of arrival.
	Wire nltag.Wire
}

// VLANQoSMapping is struct ifla_vlan_qos_mapping.
type VLANQoSMapping struct {
	From uint32
	To   uint32
}

// VLANProtocol is a VLAN tag protocol (an Ethertype).
type VLANProtocol uint16

// The VLAN protocols.
const (
	VLANProtocol8021Q  VLANProtocol = unix.ETH_P_8021Q
	VLANProtocol8021AD VLANProtocol = unix.ETH_P_8021AD
)

var vlanProtocols = netlink.NewEnum(map[VLANProtocol]string{VLANProtocol8021Q: "802.1Q", VLANProtocol8021AD: "802.1ad"})

// String returns "802.1Q" or "802.1ad".
func (p VLANProtocol) String() string { return vlanProtocols.Format(p) }

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "link-vlan", Attrs: map[string]uint16{
	"IFLA_VLAN_UNSPEC":      unix.IFLA_VLAN_UNSPEC,
	"IFLA_VLAN_ID":          unix.IFLA_VLAN_ID,
	"IFLA_VLAN_FLAGS":       unix.IFLA_VLAN_FLAGS,
	"IFLA_VLAN_EGRESS_QOS":  unix.IFLA_VLAN_EGRESS_QOS,
	"IFLA_VLAN_INGRESS_QOS": unix.IFLA_VLAN_INGRESS_QOS,
	"IFLA_VLAN_PROTOCOL":    unix.IFLA_VLAN_PROTOCOL,
}})

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "link-vlan-qos", Attrs: map[string]uint16{
	"IFLA_VLAN_QOS_UNSPEC":  unix.IFLA_VLAN_QOS_UNSPEC,
	"IFLA_VLAN_QOS_MAPPING": unix.IFLA_VLAN_QOS_MAPPING,
}})

// VLAN is an 802.1Q (or 802.1ad) VLAN on top of a parent link.
type VLAN struct {
	// Parent is the lower link.
	Parent LinkRef
	// ID is the VLAN id, 0 to 4094.
	ID uint16
	// Protocol is the tag protocol; zero is 802.1Q.
	Protocol VLANProtocol
}

// Kind returns "vlan".
func (*VLAN) Kind() string { return "vlan" }

func (v *VLAN) build(ctx context.Context, c *Client, req *Link) (func(), error) {
	if v.ID >= 4095 {
		return nil, argErr("VLAN.ID", "%d is beyond 4094, the largest VLAN id", v.ID)
	}
	if err := setParent(ctx, c, req, "VLAN.Parent", v.Parent); err != nil {
		return nil, err
	}
	d := &VLANData{ID: new(v.ID), Protocol: v.Protocol}
	req.LinkInfo = &LinkInfo{Kind: "vlan", Data: d}
	return noCleanup, nil
}

func init() {
	nltag.RegisterSubMessageOf[VLANData]("link-kind", "vlan")
}
