package route

import (
	"net"
	"net/netip"

	"github.com/nltag/go-netlink/nltag"
)

// FlowerOptions are the options of the flower classifier, which matches
// packets on dissected header fields, each key with an optional mask. The
// struct declares the common keys; the others (MPLS, ARP, tunnel options,
// conntrack labels ...) are kept in Wire, and re-encode unchanged.
// Multi-byte port, type and id keys are in host order here and sent
// big-endian, as the kernel wants them.
type FlowerOptions struct {
	_       nltag.Set `nla:"tc-flower"`
	ClassID Handle    `nla:"TCA_FLOWER_CLASSID,omitempty"`
	Indev   string    `nla:"TCA_FLOWER_INDEV,omitempty"`
	Actions []Action  `nla:"TCA_FLOWER_ACT,indexed"`
	Flags   uint32    `nla:"TCA_FLOWER_FLAGS,omitempty"` // TCA_CLS_FLAGS_*

	EthDst     net.HardwareAddr `nla:"TCA_FLOWER_KEY_ETH_DST"`
	EthDstMask net.HardwareAddr `nla:"TCA_FLOWER_KEY_ETH_DST_MASK"`
	EthSrc     net.HardwareAddr `nla:"TCA_FLOWER_KEY_ETH_SRC"`
	EthSrcMask net.HardwareAddr `nla:"TCA_FLOWER_KEY_ETH_SRC_MASK"`
	// EthType is the protocol (ETH_P_*) after any VLAN tags.
	EthType uint16 `nla:"TCA_FLOWER_KEY_ETH_TYPE,be16,omitempty"`
	IPProto uint8  `nla:"TCA_FLOWER_KEY_IP_PROTO,omitempty"`

	VlanID      uint16 `nla:"TCA_FLOWER_KEY_VLAN_ID,be16,omitempty"`
	VlanPrio    *uint8 `nla:"TCA_FLOWER_KEY_VLAN_PRIO"`
	VlanEthType uint16 `nla:"TCA_FLOWER_KEY_VLAN_ETH_TYPE,be16,omitempty"`

	IPv4Src     netip.Addr `nla:"TCA_FLOWER_KEY_IPV4_SRC,ipv4"`
	IPv4SrcMask netip.Addr `nla:"TCA_FLOWER_KEY_IPV4_SRC_MASK,ipv4"`
	IPv4Dst     netip.Addr `nla:"TCA_FLOWER_KEY_IPV4_DST,ipv4"`
	IPv4DstMask netip.Addr `nla:"TCA_FLOWER_KEY_IPV4_DST_MASK,ipv4"`
	IPv6Src     netip.Addr `nla:"TCA_FLOWER_KEY_IPV6_SRC,ipv6"`
	IPv6SrcMask netip.Addr `nla:"TCA_FLOWER_KEY_IPV6_SRC_MASK,ipv6"`
	IPv6Dst     netip.Addr `nla:"TCA_FLOWER_KEY_IPV6_DST,ipv6"`
	IPv6DstMask netip.Addr `nla:"TCA_FLOWER_KEY_IPV6_DST_MASK,ipv6"`
	IPTOS       *uint8     `nla:"TCA_FLOWER_KEY_IP_TOS"`
	IPTOSMask   *uint8     `nla:"TCA_FLOWER_KEY_IP_TOS_MASK"`
	IPTTL       *uint8     `nla:"TCA_FLOWER_KEY_IP_TTL"`
	IPTTLMask   *uint8     `nla:"TCA_FLOWER_KEY_IP_TTL_MASK"`

	TCPSrc       *uint16 `nla:"TCA_FLOWER_KEY_TCP_SRC,be16"`
	TCPSrcMask   *uint16 `nla:"TCA_FLOWER_KEY_TCP_SRC_MASK,be16"`
	TCPDst       *uint16 `nla:"TCA_FLOWER_KEY_TCP_DST,be16"`
	TCPDstMask   *uint16 `nla:"TCA_FLOWER_KEY_TCP_DST_MASK,be16"`
	TCPFlags     *uint16 `nla:"TCA_FLOWER_KEY_TCP_FLAGS,be16"`
	TCPFlagsMask *uint16 `nla:"TCA_FLOWER_KEY_TCP_FLAGS_MASK,be16"`
	UDPSrc       *uint16 `nla:"TCA_FLOWER_KEY_UDP_SRC,be16"`
	UDPSrcMask   *uint16 `nla:"TCA_FLOWER_KEY_UDP_SRC_MASK,be16"`
	UDPDst       *uint16 `nla:"TCA_FLOWER_KEY_UDP_DST,be16"`
	UDPDstMask   *uint16 `nla:"TCA_FLOWER_KEY_UDP_DST_MASK,be16"`
	SCTPSrc      *uint16 `nla:"TCA_FLOWER_KEY_SCTP_SRC,be16"`
	SCTPSrcMask  *uint16 `nla:"TCA_FLOWER_KEY_SCTP_SRC_MASK,be16"`
	SCTPDst      *uint16 `nla:"TCA_FLOWER_KEY_SCTP_DST,be16"`
	SCTPDstMask  *uint16 `nla:"TCA_FLOWER_KEY_SCTP_DST_MASK,be16"`
	// PortSrcMin ... PortDstMax match port ranges.
	PortSrcMin *uint16 `nla:"TCA_FLOWER_KEY_PORT_SRC_MIN,be16"`
	PortSrcMax *uint16 `nla:"TCA_FLOWER_KEY_PORT_SRC_MAX,be16"`
	PortDstMin *uint16 `nla:"TCA_FLOWER_KEY_PORT_DST_MIN,be16"`
	PortDstMax *uint16 `nla:"TCA_FLOWER_KEY_PORT_DST_MAX,be16"`

	ICMPv4Type     *uint8 `nla:"TCA_FLOWER_KEY_ICMPV4_TYPE"`
	ICMPv4TypeMask *uint8 `nla:"TCA_FLOWER_KEY_ICMPV4_TYPE_MASK"`
	ICMPv4Code     *uint8 `nla:"TCA_FLOWER_KEY_ICMPV4_CODE"`
	ICMPv4CodeMask *uint8 `nla:"TCA_FLOWER_KEY_ICMPV4_CODE_MASK"`
	ICMPv6Type     *uint8 `nla:"TCA_FLOWER_KEY_ICMPV6_TYPE"`
	ICMPv6TypeMask *uint8 `nla:"TCA_FLOWER_KEY_ICMPV6_TYPE_MASK"`
	ICMPv6Code     *uint8 `nla:"TCA_FLOWER_KEY_ICMPV6_CODE"`
	ICMPv6CodeMask *uint8 `nla:"TCA_FLOWER_KEY_ICMPV6_CODE_MASK"`

	// KeyFlags match TCA_FLOWER_KEY_FLAGS_* (fragments ...).
	KeyFlags     *uint32 `nla:"TCA_FLOWER_KEY_FLAGS,be32"`
	KeyFlagsMask *uint32 `nla:"TCA_FLOWER_KEY_FLAGS_MASK,be32"`

	// The outer header of tunnelled packets.
	EncKeyID          *uint32    `nla:"TCA_FLOWER_KEY_ENC_KEY_ID,be32"`
	EncIPv4Src        netip.Addr `nla:"TCA_FLOWER_KEY_ENC_IPV4_SRC,ipv4"`
	EncIPv4SrcMask    netip.Addr `nla:"TCA_FLOWER_KEY_ENC_IPV4_SRC_MASK,ipv4"`
	EncIPv4Dst        netip.Addr `nla:"TCA_FLOWER_KEY_ENC_IPV4_DST,ipv4"`
	EncIPv4DstMask    netip.Addr `nla:"TCA_FLOWER_KEY_ENC_IPV4_DST_MASK,ipv4"`
	EncIPv6Src        netip.Addr `nla:"TCA_FLOWER_KEY_ENC_IPV6_SRC,ipv6"`
	EncIPv6SrcMask    netip.Addr `nla:"TCA_FLOWER_KEY_ENC_IPV6_SRC_MASK,ipv6"`
	EncIPv6Dst        netip.Addr `nla:"TCA_FLOWER_KEY_ENC_IPV6_DST,ipv6"`
	EncIPv6DstMask    netip.Addr `nla:"TCA_FLOWER_KEY_ENC_IPV6_DST_MASK,ipv6"`
	EncUDPSrcPort     *uint16    `nla:"TCA_FLOWER_KEY_ENC_UDP_SRC_PORT,be16"`
	EncUDPSrcPortMask *uint16    `nla:"TCA_FLOWER_KEY_ENC_UDP_SRC_PORT_MASK,be16"`
	EncUDPDstPort     *uint16    `nla:"TCA_FLOWER_KEY_ENC_UDP_DST_PORT,be16"`
	EncUDPDstPortMask *uint16    `nla:"TCA_FLOWER_KEY_ENC_UDP_DST_PORT_MASK,be16"`

	// CtState ... CtMark match conntrack state (TCA_FLOWER_KEY_CT_FLAGS_*),
	// zone and mark.
	CtState     *uint16 `nla:"TCA_FLOWER_KEY_CT_STATE"`
	CtStateMask *uint16 `nla:"TCA_FLOWER_KEY_CT_STATE_MASK"`
	CtZone      *uint16 `nla:"TCA_FLOWER_KEY_CT_ZONE"`
	CtZoneMask  *uint16 `nla:"TCA_FLOWER_KEY_CT_ZONE_MASK"`
	CtMark      *uint32 `nla:"TCA_FLOWER_KEY_CT_MARK"`
	CtMarkMask  *uint32 `nla:"TCA_FLOWER_KEY_CT_MARK_MASK"`

	// InHWCount is the number of devices that offloaded the filter.
	InHWCount uint32 `nla:"TCA_FLOWER_IN_HW_COUNT,omitempty"`

	Wire nltag.Wire
}

// TcKind returns "flower".
func (*FlowerOptions) TcKind() string { return "flower" }

// The attribute numbers come from the kernel's tc netlink spec.
var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "tc-flower", Attrs: map[string]uint16{
	"TCA_FLOWER_UNSPEC":                    0,
	"TCA_FLOWER_CLASSID":                   1,
	"TCA_FLOWER_INDEV":                     2,
	"TCA_FLOWER_ACT":                       3,
	"TCA_FLOWER_KEY_ETH_DST":               4,
	"TCA_FLOWER_KEY_ETH_DST_MASK":          5,
	"TCA_FLOWER_KEY_ETH_SRC":               6,
	"TCA_FLOWER_KEY_ETH_SRC_MASK":          7,
	"TCA_FLOWER_KEY_ETH_TYPE":              8,
	"TCA_FLOWER_KEY_IP_PROTO":              9,
	"TCA_FLOWER_KEY_IPV4_SRC":              10,
	"TCA_FLOWER_KEY_IPV4_SRC_MASK":         11,
	"TCA_FLOWER_KEY_IPV4_DST":              12,
	"TCA_FLOWER_KEY_IPV4_DST_MASK":         13,
	"TCA_FLOWER_KEY_IPV6_SRC":              14,
	"TCA_FLOWER_KEY_IPV6_SRC_MASK":         15,
	"TCA_FLOWER_KEY_IPV6_DST":              16,
	"TCA_FLOWER_KEY_IPV6_DST_MASK":         17,
	"TCA_FLOWER_KEY_TCP_SRC":               18,
	"TCA_FLOWER_KEY_TCP_DST":               19,
	"TCA_FLOWER_KEY_UDP_SRC":               20,
	"TCA_FLOWER_KEY_UDP_DST":               21,
	"TCA_FLOWER_FLAGS":                     22,
	"TCA_FLOWER_KEY_VLAN_ID":               23,
	"TCA_FLOWER_KEY_VLAN_PRIO":             24,
	"TCA_FLOWER_KEY_VLAN_ETH_TYPE":         25,
	"TCA_FLOWER_KEY_ENC_KEY_ID":            26,
	"TCA_FLOWER_KEY_ENC_IPV4_SRC":          27,
	"TCA_FLOWER_KEY_ENC_IPV4_SRC_MASK":     28,
	"TCA_FLOWER_KEY_ENC_IPV4_DST":          29,
	"TCA_FLOWER_KEY_ENC_IPV4_DST_MASK":     30,
	"TCA_FLOWER_KEY_ENC_IPV6_SRC":          31,
	"TCA_FLOWER_KEY_ENC_IPV6_SRC_MASK":     32,
	"TCA_FLOWER_KEY_ENC_IPV6_DST":          33,
	"TCA_FLOWER_KEY_ENC_IPV6_DST_MASK":     34,
	"TCA_FLOWER_KEY_TCP_SRC_MASK":          35,
	"TCA_FLOWER_KEY_TCP_DST_MASK":          36,
	"TCA_FLOWER_KEY_UDP_SRC_MASK":          37,
	"TCA_FLOWER_KEY_UDP_DST_MASK":          38,
	"TCA_FLOWER_KEY_SCTP_SRC_MASK":         39,
	"TCA_FLOWER_KEY_SCTP_DST_MASK":         40,
	"TCA_FLOWER_KEY_SCTP_SRC":              41,
	"TCA_FLOWER_KEY_SCTP_DST":              42,
	"TCA_FLOWER_KEY_ENC_UDP_SRC_PORT":      43,
	"TCA_FLOWER_KEY_ENC_UDP_SRC_PORT_MASK": 44,
	"TCA_FLOWER_KEY_ENC_UDP_DST_PORT":      45,
	"TCA_FLOWER_KEY_ENC_UDP_DST_PORT_MASK": 46,
	"TCA_FLOWER_KEY_FLAGS":                 47,
	"TCA_FLOWER_KEY_FLAGS_MASK":            48,
	"TCA_FLOWER_KEY_ICMPV4_CODE":           49,
	"TCA_FLOWER_KEY_ICMPV4_CODE_MASK":      50,
	"TCA_FLOWER_KEY_ICMPV4_TYPE":           51,
	"TCA_FLOWER_KEY_ICMPV4_TYPE_MASK":      52,
	"TCA_FLOWER_KEY_ICMPV6_CODE":           53,
	"TCA_FLOWER_KEY_ICMPV6_CODE_MASK":      54,
	"TCA_FLOWER_KEY_ICMPV6_TYPE":           55,
	"TCA_FLOWER_KEY_ICMPV6_TYPE_MASK":      56,
	"TCA_FLOWER_KEY_ARP_SIP":               57,
	"TCA_FLOWER_KEY_ARP_SIP_MASK":          58,
	"TCA_FLOWER_KEY_ARP_TIP":               59,
	"TCA_FLOWER_KEY_ARP_TIP_MASK":          60,
	"TCA_FLOWER_KEY_ARP_OP":                61,
	"TCA_FLOWER_KEY_ARP_OP_MASK":           62,
	"TCA_FLOWER_KEY_ARP_SHA":               63,
	"TCA_FLOWER_KEY_ARP_SHA_MASK":          64,
	"TCA_FLOWER_KEY_ARP_THA":               65,
	"TCA_FLOWER_KEY_ARP_THA_MASK":          66,
	"TCA_FLOWER_KEY_MPLS_TTL":              67,
	"TCA_FLOWER_KEY_MPLS_BOS":              68,
	"TCA_FLOWER_KEY_MPLS_TC":               69,
	"TCA_FLOWER_KEY_MPLS_LABEL":            70,
	"TCA_FLOWER_KEY_TCP_FLAGS":             71,
	"TCA_FLOWER_KEY_TCP_FLAGS_MASK":        72,
	"TCA_FLOWER_KEY_IP_TOS":                73,
	"TCA_FLOWER_KEY_IP_TOS_MASK":           74,
	"TCA_FLOWER_KEY_IP_TTL":                75,
	"TCA_FLOWER_KEY_IP_TTL_MASK":           76,
	"TCA_FLOWER_KEY_CVLAN_ID":              77,
	"TCA_FLOWER_KEY_CVLAN_PRIO":            78,
	"TCA_FLOWER_KEY_CVLAN_ETH_TYPE":        79,
	"TCA_FLOWER_KEY_ENC_IP_TOS":            80,
	"TCA_FLOWER_KEY_ENC_IP_TOS_MASK":       81,
	"TCA_FLOWER_KEY_ENC_IP_TTL":            82,
	"TCA_FLOWER_KEY_ENC_IP_TTL_MASK":       83,
	"TCA_FLOWER_KEY_ENC_OPTS":              84,
	"TCA_FLOWER_KEY_ENC_OPTS_MASK":         85,
	"TCA_FLOWER_IN_HW_COUNT":               86,
	"TCA_FLOWER_KEY_PORT_SRC_MIN":          87,
	"TCA_FLOWER_KEY_PORT_SRC_MAX":          88,
	"TCA_FLOWER_KEY_PORT_DST_MIN":          89,
	"TCA_FLOWER_KEY_PORT_DST_MAX":          90,
	"TCA_FLOWER_KEY_CT_STATE":              91,
	"TCA_FLOWER_KEY_CT_STATE_MASK":         92,
	"TCA_FLOWER_KEY_CT_ZONE":               93,
	"TCA_FLOWER_KEY_CT_ZONE_MASK":          94,
	"TCA_FLOWER_KEY_CT_MARK":               95,
	"TCA_FLOWER_KEY_CT_MARK_MASK":          96,
	"TCA_FLOWER_KEY_CT_LABELS":             97,
	"TCA_FLOWER_KEY_CT_LABELS_MASK":        98,
	"TCA_FLOWER_KEY_MPLS_OPTS":             99,
	"TCA_FLOWER_KEY_HASH":                  100,
	"TCA_FLOWER_KEY_HASH_MASK":             101,
	"TCA_FLOWER_KEY_NUM_OF_VLANS":          102,
	"TCA_FLOWER_KEY_PPPOE_SID":             103,
	"TCA_FLOWER_KEY_PPP_PROTO":             104,
	"TCA_FLOWER_KEY_L2TPV3_SID":            105,
	"TCA_FLOWER_L2_MISS":                   106,
	"TCA_FLOWER_KEY_CFM":                   107,
	"TCA_FLOWER_KEY_SPI":                   108,
	"TCA_FLOWER_KEY_SPI_MASK":              109,
	"TCA_FLOWER_KEY_ENC_FLAGS":             110,
	"TCA_FLOWER_KEY_ENC_FLAGS_MASK":        111,
}})

func init() { nltag.RegisterSubMessageOf[FlowerOptions]("tc-kind", "flower") }
