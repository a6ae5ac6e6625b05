package route

import (
	"net"
	"net/netip"

	"github.com/nltag/go-netlink/internal/unix"

	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// The IFLA_INFO_DATA payloads of the common link kinds. Each is registered
// in the "link-kind" sub-message table under its kind name, so that
// LinkInfo.Data decodes to a pointer to it; kinds without data (dummy, ifb,
// wireguard, nlmon ...) need nothing but LinkInfo.Kind.
//
// In these structs, switches that the kernel reports as a u8 are *bool: nil
// leaves the setting out of a request, new(false) turns it off.

// VethData is the data of kind "veth". In a request creating a pair, Peer
// describes the other end: its name, and whatever else (a namespace through
// NetNSFD, an address, an MTU). The kernel does not report the peer back.
type VethData struct {
	_ nltag.Set `nla:"link-veth"`
	// Peer is the peer link: an ifinfomsg header and link attributes.
	Peer *Link `nla:"VETH_INFO_PEER"`
	// Wire keeps unknown attributes and the order of arrival.
	Wire nltag.Wire
}

// MacvlanData is the data of kind "macvlan" (IFLA_MACVLAN_*).
type MacvlanData struct {
	_ nltag.Set `nla:"link-macvlan"`
	// Mode says how the macvlan talks to its siblings.
	Mode MacvlanMode `nla:"IFLA_MACVLAN_MODE,omitempty"`
	// Flags are MACVLAN_FLAG_* flags.
	Flags MacvlanFlags `nla:"IFLA_MACVLAN_FLAGS,omitempty"`
	// MacaddrMode is what a request does with Macaddr in source mode.
	MacaddrMode *MacvlanMacaddrMode `nla:"IFLA_MACVLAN_MACADDR_MODE"`
	// Macaddr is a source address to add or delete (source mode).
	Macaddr net.HardwareAddr `nla:"IFLA_MACVLAN_MACADDR"`
	// MacaddrData lists the source addresses (source mode).
	MacaddrData *MacvlanMacaddrs `nla:"IFLA_MACVLAN_MACADDR_DATA"`
	// MacaddrCount is the number of source addresses.
	MacaddrCount uint32 `nla:"IFLA_MACVLAN_MACADDR_COUNT,omitempty"`
	// BcQueueLen is the requested length of the broadcast queue, and
	// BcQueueLenUsed the length in use (the largest any macvlan of the
	// lower device asked for).
	BcQueueLen     uint32 `nla:"IFLA_MACVLAN_BC_QUEUE_LEN,omitempty"`
	BcQueueLenUsed uint32 `nla:"IFLA_MACVLAN_BC_QUEUE_LEN_USED,omitempty"`
	// BcCutoff is the number of macvlans above which broadcasts are queued
	// instead of delivered at once; negative disables queueing.
	BcCutoff *int32 `nla:"IFLA_MACVLAN_BC_CUTOFF"`
	// Wire keeps unknown attributes and the order of arrival.
	Wire nltag.Wire
}

// MacvtapData is the data of kind "macvtap": the same attributes as macvlan.
type MacvtapData MacvlanData

// MacvlanMacaddrs is IFLA_MACVLAN_MACADDR_DATA: a list of addresses.
type MacvlanMacaddrs struct {
	_ nltag.Set `nla:"link-macvlan"`
	// Addrs are the addresses, one IFLA_MACVLAN_MACADDR each.
	Addrs []net.HardwareAddr `nla:"IFLA_MACVLAN_MACADDR,multi"`
	// Wire keeps unknown attributes and the order of arrival.
	Wire nltag.Wire
}

// MacvlanMode is a macvlan's mode (MACVLAN_MODE_*).
type MacvlanMode uint32

// The macvlan modes.
const (
	MacvlanModePrivate  MacvlanMode = 1  // no traffic between macvlans
	MacvlanModeVEPA     MacvlanMode = 2  // traffic between macvlans goes through the external switch
	MacvlanModeBridge   MacvlanMode = 4  // macvlans talk to each other directly
	MacvlanModePassthru MacvlanMode = 8  // take over the lower device
	MacvlanModeSource   MacvlanMode = 16 // accept only listed source addresses
)

var macvlanModes = netlink.NewEnum(map[MacvlanMode]string{
	MacvlanModePrivate: "PRIVATE", MacvlanModeVEPA: "VEPA", MacvlanModeBridge: "BRIDGE",
	MacvlanModePassthru: "PASSTHRU", MacvlanModeSource: "SOURCE",
})

// String returns the mode's name.
func (m MacvlanMode) String() string { return macvlanModes.Name(m) }

// MacvlanFlags are the MACVLAN_FLAG_* flags.
type MacvlanFlags uint16

// The macvlan flags.
const (
	MacvlanFlagNoPromisc MacvlanFlags = 1 // passthru mode: leave the lower device's promiscuity alone
	MacvlanFlagNoDst     MacvlanFlags = 2 // source mode: skip destination lookup
)

var macvlanFlags = netlink.NewFlags(map[MacvlanFlags]string{MacvlanFlagNoPromisc: "NOPROMISC", MacvlanFlagNoDst: "NODST"})

// String returns the flags as "NOPROMISC|NODST".
func (f MacvlanFlags) String() string { return macvlanFlags.Format(f) }

// MacvlanMacaddrMode is what a request does with a source address
// (MACVLAN_MACADDR_*).
type MacvlanMacaddrMode uint32

// The source-address operations.
const (
	MacvlanMacaddrAdd   MacvlanMacaddrMode = 0
	MacvlanMacaddrDel   MacvlanMacaddrMode = 1
	MacvlanMacaddrFlush MacvlanMacaddrMode = 2
	MacvlanMacaddrSet   MacvlanMacaddrMode = 3
)

var macvlanMacaddrModes = netlink.NewEnum(map[MacvlanMacaddrMode]string{
	MacvlanMacaddrAdd: "ADD", MacvlanMacaddrDel: "DEL", MacvlanMacaddrFlush: "FLUSH", MacvlanMacaddrSet: "SET",
})

// String returns the operation's name.
func (m MacvlanMacaddrMode) String() string { return macvlanMacaddrModes.Name(m) }

// VxlanData is the data of kind "vxlan" (IFLA_VXLAN_*).
type VxlanData struct {
	_ nltag.Set `nla:"link-vxlan"`
	// ID is the VXLAN network identifier (VNI).
	ID uint32 `nla:"IFLA_VXLAN_ID,omitempty"`
	// Group is the IPv4 multicast group or remote address.
	Group netip.Addr `nla:"IFLA_VXLAN_GROUP,ipv4"`
	// Link is the index of the device used to reach the remote.
	Link uint32 `nla:"IFLA_VXLAN_LINK,omitempty"`
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
	// TTLInherit reports whether the outer TTL is copied from the inner
	// packet. The kernel reports it as a u8 but accepts it only as an empty
	// flag: a request asks for it by adding nltag.Attr{Type: 28} (with no
	// data) to Wire.Unknown, and leaves this field nil.
	TTLInherit *bool `nla:"IFLA_VXLAN_TTL_INHERIT,u8"`
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

// TunnelDF says how a tunnel sets the outer don't-fragment bit
// (VXLAN_DF_*, GENEVE_DF_*).
type TunnelDF uint8

// The DF policies.
const (
	TunnelDFUnset   TunnelDF = 0
	TunnelDFSet     TunnelDF = 1
	TunnelDFInherit TunnelDF = 2
)

var tunnelDFs = netlink.NewEnum(map[TunnelDF]string{TunnelDFUnset: "UNSET", TunnelDFSet: "SET", TunnelDFInherit: "INHERIT"})

// String returns the policy's name.
func (d TunnelDF) String() string { return tunnelDFs.Name(d) }

// TunData is the data of kind "tun" (IFLA_TUN_*), reported for tun and tap
// devices; they are created through /dev/net/tun, not through netlink.
type TunData struct {
	_ nltag.Set `nla:"link-tun"`
	// Owner and Group are the user and group allowed to attach.
	Owner *uint32 `nla:"IFLA_TUN_OWNER"`
	Group *uint32 `nla:"IFLA_TUN_GROUP"`
	// Type is TunTypeTun or TunTypeTap.
	Type TunType `nla:"IFLA_TUN_TYPE,omitempty"`
	// PI: packets carry a protocol-information header.
	PI *bool `nla:"IFLA_TUN_PI,u8"`
	// VnetHdr: packets carry a virtio-net header.
	VnetHdr *bool `nla:"IFLA_TUN_VNET_HDR,u8"`
	// Persist: the device outlives the file descriptors attached to it.
	Persist *bool `nla:"IFLA_TUN_PERSIST,u8"`
	// MultiQueue: the device has several queues.
	MultiQueue *bool `nla:"IFLA_TUN_MULTI_QUEUE,u8"`
	// NumQueues and NumDisabledQueues count the queues of a multi-queue device.
	NumQueues         uint32 `nla:"IFLA_TUN_NUM_QUEUES,omitempty"`
	NumDisabledQueues uint32 `nla:"IFLA_TUN_NUM_DISABLED_QUEUES,omitempty"`
	// Wire keeps unknown attributes and the order of arrival.
	Wire nltag.Wire
}

// TunType is IFLA_TUN_TYPE: IFF_TUN or IFF_TAP.
type TunType uint8

// The tun device types.
const (
	TunTypeTun TunType = unix.IFF_TUN // layer 3: IP packets
	TunTypeTap TunType = unix.IFF_TAP // layer 2: Ethernet frames
)

var tunTypes = netlink.NewEnum(map[TunType]string{TunTypeTun: "TUN", TunTypeTap: "TAP"})

// String returns "TUN" or "TAP".
func (t TunType) String() string { return tunTypes.Name(t) }

// VLANData is the data of kind "vlan" (IFLA_VLAN_*).
type VLANData struct {
	_ nltag.Set `nla:"link-vlan"`
	// ID is the VLAN id.
	ID uint16 `nla:"IFLA_VLAN_ID,omitempty"`
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
func (p VLANProtocol) String() string { return vlanProtocols.Name(p) }

// VRFData is the data of kind "vrf" (IFLA_VRF_*).
type VRFData struct {
	_ nltag.Set `nla:"link-vrf"`
	// Table is the routing table of the VRF.
	Table uint32 `nla:"IFLA_VRF_TABLE,omitempty"`
	// Wire keeps unknown attributes and the order of arrival.
	Wire nltag.Wire
}

// VRFPortData is the slave data of a link enslaved to a VRF (slave kind "vrf").
type VRFPortData struct {
	_ nltag.Set `nla:"link-vrf-port"`
	// Table is the routing table of the VRF.
	Table uint32 `nla:"IFLA_VRF_PORT_TABLE,omitempty"`
	// Wire keeps unknown attributes and the order of arrival.
	Wire nltag.Wire
}

// IPVlanData is the data of kinds "ipvlan" and "ipvtap" (IFLA_IPVLAN_*).
type IPVlanData struct {
	_ nltag.Set `nla:"link-ipvlan"`
	// Mode is the layer the ipvlan works at.
	Mode *IPVlanMode `nla:"IFLA_IPVLAN_MODE"`
	// Flags say how slaves talk to each other.
	Flags IPVlanFlags `nla:"IFLA_IPVLAN_FLAGS,omitempty"`
	// Wire keeps unknown attributes and the order of arrival.
	Wire nltag.Wire
}

// IPVtapData is the data of kind "ipvtap": the same attributes as ipvlan.
type IPVtapData IPVlanData

// IPVlanMode is an ipvlan's mode (IPVLAN_MODE_*).
type IPVlanMode uint16

// The ipvlan modes.
const (
	IPVlanModeL2  IPVlanMode = 0
	IPVlanModeL3  IPVlanMode = 1
	IPVlanModeL3S IPVlanMode = 2
)

var ipvlanModes = netlink.NewEnum(map[IPVlanMode]string{IPVlanModeL2: "L2", IPVlanModeL3: "L3", IPVlanModeL3S: "L3S"})

// String returns the mode's name.
func (m IPVlanMode) String() string { return ipvlanModes.Name(m) }

// IPVlanFlags are the IPVLAN_F_* flags; 0 is bridge mode.
type IPVlanFlags uint16

// The ipvlan flags.
const (
	IPVlanFlagPrivate IPVlanFlags = 0x01
	IPVlanFlagVEPA    IPVlanFlags = 0x02
)

var ipvlanFlags = netlink.NewFlags(map[IPVlanFlags]string{IPVlanFlagPrivate: "PRIVATE", IPVlanFlagVEPA: "VEPA"})

// String returns the flags as "PRIVATE"; 0 (bridge) prints as "0".
func (f IPVlanFlags) String() string { return ipvlanFlags.Format(f) }

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

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "link-veth", Attrs: map[string]uint16{
	"VETH_INFO_UNSPEC": 0,
	"VETH_INFO_PEER":   1,
}})

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "link-macvlan", Attrs: map[string]uint16{
	"IFLA_MACVLAN_UNSPEC":            unix.IFLA_MACVLAN_UNSPEC,
	"IFLA_MACVLAN_MODE":              unix.IFLA_MACVLAN_MODE,
	"IFLA_MACVLAN_FLAGS":             unix.IFLA_MACVLAN_FLAGS,
	"IFLA_MACVLAN_MACADDR_MODE":      unix.IFLA_MACVLAN_MACADDR_MODE,
	"IFLA_MACVLAN_MACADDR":           unix.IFLA_MACVLAN_MACADDR,
	"IFLA_MACVLAN_MACADDR_DATA":      unix.IFLA_MACVLAN_MACADDR_DATA,
	"IFLA_MACVLAN_MACADDR_COUNT":     unix.IFLA_MACVLAN_MACADDR_COUNT,
	"IFLA_MACVLAN_BC_QUEUE_LEN":      unix.IFLA_MACVLAN_BC_QUEUE_LEN,
	"IFLA_MACVLAN_BC_QUEUE_LEN_USED": unix.IFLA_MACVLAN_BC_QUEUE_LEN_USED,
	"IFLA_MACVLAN_BC_CUTOFF":         unix.IFLA_MACVLAN_BC_CUTOFF,
}})

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

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "link-tun", Attrs: map[string]uint16{
	"IFLA_TUN_UNSPEC":              unix.IFLA_TUN_UNSPEC,
	"IFLA_TUN_OWNER":               unix.IFLA_TUN_OWNER,
	"IFLA_TUN_GROUP":               unix.IFLA_TUN_GROUP,
	"IFLA_TUN_TYPE":                unix.IFLA_TUN_TYPE,
	"IFLA_TUN_PI":                  unix.IFLA_TUN_PI,
	"IFLA_TUN_VNET_HDR":            unix.IFLA_TUN_VNET_HDR,
	"IFLA_TUN_PERSIST":             unix.IFLA_TUN_PERSIST,
	"IFLA_TUN_MULTI_QUEUE":         unix.IFLA_TUN_MULTI_QUEUE,
	"IFLA_TUN_NUM_QUEUES":          unix.IFLA_TUN_NUM_QUEUES,
	"IFLA_TUN_NUM_DISABLED_QUEUES": unix.IFLA_TUN_NUM_DISABLED_QUEUES,
}})

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

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "link-vrf", Attrs: map[string]uint16{
	"IFLA_VRF_UNSPEC": unix.IFLA_VRF_UNSPEC,
	"IFLA_VRF_TABLE":  unix.IFLA_VRF_TABLE,
}})

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "link-vrf-port", Attrs: map[string]uint16{
	"IFLA_VRF_PORT_UNSPEC": unix.IFLA_VRF_PORT_UNSPEC,
	"IFLA_VRF_PORT_TABLE":  unix.IFLA_VRF_PORT_TABLE,
}})

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "link-ipvlan", Attrs: map[string]uint16{
	"IFLA_IPVLAN_UNSPEC": unix.IFLA_IPVLAN_UNSPEC,
	"IFLA_IPVLAN_MODE":   unix.IFLA_IPVLAN_MODE,
	"IFLA_IPVLAN_FLAGS":  unix.IFLA_IPVLAN_FLAGS,
}})

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
	nltag.RegisterSubMessage("link-kind", "veth", &VethData{})
	nltag.RegisterSubMessage("link-kind", "macvlan", &MacvlanData{})
	nltag.RegisterSubMessage("link-kind", "macvtap", &MacvtapData{})
	nltag.RegisterSubMessage("link-kind", "vxlan", &VxlanData{})
	nltag.RegisterSubMessage("link-kind", "tun", &TunData{})
	nltag.RegisterSubMessage("link-kind", "vlan", &VLANData{})
	nltag.RegisterSubMessage("link-kind", "vrf", &VRFData{})
	nltag.RegisterSubMessage("link-kind", "ipvlan", &IPVlanData{})
	nltag.RegisterSubMessage("link-kind", "ipvtap", &IPVtapData{})
	nltag.RegisterSubMessage("link-kind", "geneve", &GeneveData{})
	nltag.RegisterSubMessage("link-slave-kind", "vrf", &VRFPortData{})
}
