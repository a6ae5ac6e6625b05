package route

import (
	"net"

	"github.com/nltag/go-netlink/internal/unix"

	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// Link is the body of RTM_NEWLINK, RTM_DELLINK, RTM_GETLINK and RTM_SETLINK:
// struct ifinfomsg followed by the IFLA_* attributes of the "link" set.
//
// A dump reply decodes into it field by field; a request is a Link whose
// header names the interface (Index, or Name) and whose attributes say what to
// create or change. Settings whose zero means something (TxQueueLen, Group,
// Alias) are pointers: nil leaves them out. A decoded Link re-encodes to the
// bytes it came from; nltag.ClearWire(l) forgets what it kept of the wire, at
// every depth, before a decoded Link is reused as a request.
//
// IFLA_PROTINFO and IFLA_AF_SPEC change meaning with the message's family:
// in the AF_UNSPEC messages of `ip link`, AFSpec holds a *LinkAFSpec; in the
// AF_BRIDGE messages of `bridge link`, ProtInfo holds a *BridgePortData and
// AFSpec a *BridgeAFSpec; in AF_INET6 ones, ProtInfo holds an *Inet6Link.
// Families without a registered type decode to nltag.Raw.
type Link struct {
	// Family is the address family: AF_UNSPEC for plain link messages,
	// AF_BRIDGE or AF_INET6 for the per-family views of a link.
	Family uint8
	_      uint8
	// Type is the link-layer type (ARPHRD_*).
	Type HardwareType
	// Index is the interface index; 0 in a request lets the kernel choose.
	Index netlink.IfIndex
	// Flags are the device flags (IFF_*).
	Flags InterfaceFlags
	// Change is the mask of Flags a request changes; replies carry 0.
	Change InterfaceFlags

	_ nltag.Set `nla:"link"`

	// Address is the link-layer address (IFLA_ADDRESS). Tunnels carry their
	// local IP address here (4 or 16 bytes).
	Address net.HardwareAddr `nla:"IFLA_ADDRESS"`
	// Broadcast is the link-layer broadcast address.
	Broadcast net.HardwareAddr `nla:"IFLA_BROADCAST"`
	// Name is the interface name (IFLA_IFNAME).
	Name string `nla:"IFLA_IFNAME,omitempty"`
	// MTU is the maximum transmission unit.
	MTU uint32 `nla:"IFLA_MTU,omitempty"`
	// Link is the index of the lower device (the peer of a veth, the parent
	// of a macvlan or vlan), which may live in the LinkNetNSID namespace.
	Link netlink.IfIndex `nla:"IFLA_LINK,omitempty"`
	// Qdisc is the kind of the root queueing discipline.
	Qdisc string `nla:"IFLA_QDISC,omitempty"`
	// Stats are the 32-bit counters (struct rtnl_link_stats).
	Stats *LinkStats `nla:"IFLA_STATS"`
	// Master is the index of the bridge, bond or VRF the link is enslaved
	// to. A request sets it to enslave the link, or to 0 to release it.
	Master *netlink.IfIndex `nla:"IFLA_MASTER"`
	// ProtInfo is protocol information selected by Family: *BridgePortData for
	// AF_BRIDGE, *Inet6Link for AF_INET6, nltag.Raw otherwise. Requests mark
	// it nested (NLA_F_NESTED): without the mark, the bridge takes the
	// payload for a bare port state, the pre-nest format, and refuses it.
	ProtInfo any `nla:"IFLA_PROTINFO,nestflag,submsg=link-protinfo,selector=Family"`
	// TxQueueLen is the transmit queue length.
	TxQueueLen *uint32 `nla:"IFLA_TXQLEN"`
	// Map is the device's hardware resources (struct rtnl_link_ifmap).
	Map *LinkIfmap `nla:"IFLA_MAP"`
	// OperState is the RFC 2863 operational state.
	OperState OperState `nla:"IFLA_OPERSTATE,omitempty"`
	// LinkMode is the link mode: default, or dormant when user space drives
	// the operational state.
	LinkMode LinkMode `nla:"IFLA_LINKMODE,omitempty"`
	// LinkInfo holds the kind of a virtual link and its kind-specific data,
	// and the kind and data of its master's view of it.
	LinkInfo *LinkInfo `nla:"IFLA_LINKINFO"`
	// NetNSPID moves the link (in a request) to the namespace of a process.
	NetNSPID uint32 `nla:"IFLA_NET_NS_PID,omitempty"`
	// Alias is the interface alias (ifalias); a request sets an empty one
	// to remove it.
	Alias *string `nla:"IFLA_IFALIAS"`
	// NumVF is the number of SR-IOV virtual functions of the device.
	NumVF uint32 `nla:"IFLA_NUM_VF,omitempty"`
	// Stats64 are the 64-bit counters (struct rtnl_link_stats64).
	Stats64 *LinkStats64 `nla:"IFLA_STATS64"`
	// AFSpec holds per-address-family data, selected by Family: *LinkAFSpec
	// for AF_UNSPEC, *BridgeAFSpec for AF_BRIDGE.
	AFSpec any `nla:"IFLA_AF_SPEC,submsg=link-af-spec,selector=Family"`
	// Group is the interface group (0 is the default group).
	Group *uint32 `nla:"IFLA_GROUP"`
	// NetNSFD moves the link (in a request) to the namespace of a file
	// descriptor, or names the namespace a new link's peer goes to.
	NetNSFD *uint32 `nla:"IFLA_NET_NS_FD"`
	// ExtMask asks a GETLINK request for extended information (RTEXT_FILTER_*).
	ExtMask ExtFilter `nla:"IFLA_EXT_MASK,omitempty"`
	// Promiscuity counts the users of promiscuous mode.
	Promiscuity uint32 `nla:"IFLA_PROMISCUITY,omitempty"`
	// NumTxQueues and NumRxQueues are the numbers of queues.
	NumTxQueues uint32 `nla:"IFLA_NUM_TX_QUEUES,omitempty"`
	NumRxQueues uint32 `nla:"IFLA_NUM_RX_QUEUES,omitempty"`
	// Carrier is the carrier state; a request may set it on devices that
	// allow it.
	Carrier *bool `nla:"IFLA_CARRIER,u8"`
	// PhysPortID identifies the physical port.
	PhysPortID []byte `nla:"IFLA_PHYS_PORT_ID"`
	// CarrierChanges counts carrier changes (up plus down).
	CarrierChanges uint32 `nla:"IFLA_CARRIER_CHANGES,omitempty"`
	// PhysSwitchID identifies the switch the port belongs to.
	PhysSwitchID []byte `nla:"IFLA_PHYS_SWITCH_ID"`
	// LinkNetNSID is the id, in this namespace, of the namespace where Link
	// lives (a veth peer moved elsewhere).
	LinkNetNSID *int32 `nla:"IFLA_LINK_NETNSID"`
	// PhysPortName is the physical port name.
	PhysPortName string `nla:"IFLA_PHYS_PORT_NAME,omitempty"`
	// ProtoDown is the protocol-down state set by a control plane.
	ProtoDown *bool `nla:"IFLA_PROTO_DOWN,u8"`
	// GSOMaxSegs and GSOMaxSize bound generic segmentation offload.
	GSOMaxSegs uint32 `nla:"IFLA_GSO_MAX_SEGS,omitempty"`
	GSOMaxSize uint32 `nla:"IFLA_GSO_MAX_SIZE,omitempty"`
	// XDP describes the attached XDP programs, or attaches one (request).
	XDP *LinkXDP `nla:"IFLA_XDP"`
	// Event is the event behind a notification.
	Event LinkEvent `nla:"IFLA_EVENT,omitempty"`
	// NewNetNSID is the id of the namespace a link moved to (notifications).
	NewNetNSID *int32 `nla:"IFLA_NEW_NETNSID"`
	// TargetNetNSID makes a request act in the namespace with this id
	// (IFLA_TARGET_NETNSID, formerly IFLA_IF_NETNSID).
	TargetNetNSID *int32 `nla:"IFLA_TARGET_NETNSID"`
	// CarrierUpCount and CarrierDownCount count carrier transitions.
	CarrierUpCount   uint32 `nla:"IFLA_CARRIER_UP_COUNT,omitempty"`
	CarrierDownCount uint32 `nla:"IFLA_CARRIER_DOWN_COUNT,omitempty"`
	// NewIfIndex is the index a link got when it moved to another namespace,
	// or the index a request asks for there.
	NewIfIndex netlink.IfIndex `nla:"IFLA_NEW_IFINDEX,omitempty"`
	// MinMTU and MaxMTU bound the MTU the device accepts.
	MinMTU uint32 `nla:"IFLA_MIN_MTU,omitempty"`
	MaxMTU uint32 `nla:"IFLA_MAX_MTU,omitempty"`
	// PropList holds the alternative names (RTM_NEWLINKPROP, dumps).
	PropList *LinkPropList `nla:"IFLA_PROP_LIST,nestflag"`
	// AltName names the link in a request by one of its alternative names.
	AltName string `nla:"IFLA_ALT_IFNAME,omitempty"`
	// PermAddress is the permanent hardware address.
	PermAddress net.HardwareAddr `nla:"IFLA_PERM_ADDRESS"`
	// ProtoDownReason holds the reasons for ProtoDown as a bit mask.
	ProtoDownReason *ProtoDownReason `nla:"IFLA_PROTO_DOWN_REASON,nestflag"`
	// ParentDevName and ParentDevBusName name the device's parent (the PCI
	// device of a NIC, for instance) and its bus.
	ParentDevName    string `nla:"IFLA_PARENT_DEV_NAME,omitempty"`
	ParentDevBusName string `nla:"IFLA_PARENT_DEV_BUS_NAME,omitempty"`
	// GROMaxSize, TSOMaxSize and TSOMaxSegs bound receive and transmit
	// offloads.
	GROMaxSize uint32 `nla:"IFLA_GRO_MAX_SIZE,omitempty"`
	TSOMaxSize uint32 `nla:"IFLA_TSO_MAX_SIZE,omitempty"`
	TSOMaxSegs uint32 `nla:"IFLA_TSO_MAX_SEGS,omitempty"`
	// AllMulti counts the users of all-multicast mode.
	AllMulti uint32 `nla:"IFLA_ALLMULTI,omitempty"`
	// GSOIPv4MaxSize and GROIPv4MaxSize are the IPv4 variants of the GSO and
	// GRO limits.
	GSOIPv4MaxSize uint32 `nla:"IFLA_GSO_IPV4_MAX_SIZE,omitempty"`
	GROIPv4MaxSize uint32 `nla:"IFLA_GRO_IPV4_MAX_SIZE,omitempty"`
	// MaxPacingOffloadHorizon is the EDT offload horizon the device supports,
	// in nanoseconds.
	MaxPacingOffloadHorizon uint64 `nla:"IFLA_MAX_PACING_OFFLOAD_HORIZON,uint,omitempty"`
	// NetNSImmutable reports a link that cannot change namespace.
	NetNSImmutable bool `nla:"IFLA_NETNS_IMMUTABLE,u8,omitempty"`
	// Headroom and Tailroom are the extra bytes the device needs before and
	// after packet data.
	Headroom uint16 `nla:"IFLA_HEADROOM,omitempty"`
	Tailroom uint16 `nla:"IFLA_TAILROOM,omitempty"`
	// DevlinkPort names the devlink port behind the device. The kernel
	// sends the nest, empty when there is none, for every link.
	DevlinkPort *DevlinkPort `nla:"IFLA_DEVLINK_PORT,nestflag"`
	// DPLLPin names the DPLL pin the device's clock follows. The kernel
	// sends the nest, empty when there is none, for every link.
	DPLLPin *DPLLPin `nla:"IFLA_DPLL_PIN,nestflag"`

	// Wire keeps unknown attributes (IFLA_VFINFO_LIST ...) and the order
	// of arrival. Decoding sets it; nil (nltag.ClearWire) encodes by the
	// field rules alone.
	Wire *nltag.Wire
}

// LinkInfo is IFLA_LINKINFO: the kind of a virtual link with its data, and,
// for a link enslaved to a master, the master's kind and its data about the
// link. Data and SlaveData hold the types registered for Kind and SlaveKind
// in the sub-message tables "link-kind" and "link-slave-kind" (pointers such
// as *VethData, *BridgePortData), or nltag.Raw for kinds nobody registered.
// An application registers its own kinds the same way this package does:
//
//	nltag.RegisterSubMessageOf[MyKindData]("link-kind", "mykind")
type LinkInfo struct {
	_ nltag.Set `nla:"linkinfo"`
	// Kind is the driver kind: "veth", "bridge", "vxlan" ...
	Kind string `nla:"IFLA_INFO_KIND,omitempty"`
	// Data is the kind-specific configuration (IFLA_INFO_DATA).
	Data any `nla:"IFLA_INFO_DATA,submsg=link-kind,selector=Kind"`
	// XStats are kind-specific extended statistics.
	XStats []byte `nla:"IFLA_INFO_XSTATS"`
	// SlaveKind is the kind of the master, for an enslaved link ("bridge",
	// "bond", "vrf").
	SlaveKind string `nla:"IFLA_INFO_SLAVE_KIND,omitempty"`
	// SlaveData is the master's data about this link (IFLA_INFO_SLAVE_DATA).
	SlaveData any `nla:"IFLA_INFO_SLAVE_DATA,submsg=link-slave-kind,selector=SlaveKind"`
	// Wire keeps unknown attributes and the order of arrival.
	Wire nltag.Wire
}

// NewLinkInfo returns a LinkInfo holding data, with Kind set to the kind data
// is registered for in the "link-kind" table (so &VethData{} gives "veth").
// It returns nil if data's type is not registered.
func NewLinkInfo(data any) *LinkInfo {
	k, ok := nltag.SubMessageKey("link-kind", data)
	if !ok {
		return nil
	}
	s, ok := k.(string)
	if !ok {
		return nil
	}
	return &LinkInfo{Kind: s, Data: data}
}

// LinkPropList is IFLA_PROP_LIST: a link's alternative names.
type LinkPropList struct {
	_ nltag.Set `nla:"link"`
	// AltNames are the alternative names, each an IFLA_ALT_IFNAME.
	AltNames []string `nla:"IFLA_ALT_IFNAME,multi"`
	// Wire keeps unknown attributes and the order of arrival.
	Wire nltag.Wire
}

// ProtoDownReason is IFLA_PROTO_DOWN_REASON: the reason bits for ProtoDown.
// A request changes the bits of Mask to those of Value.
type ProtoDownReason struct {
	_ nltag.Set `nla:"link-proto-down-reason"`
	// Mask selects the bits a request changes.
	Mask uint32 `nla:"IFLA_PROTO_DOWN_REASON_MASK,omitempty"`
	// Value holds the reason bits.
	Value uint32 `nla:"IFLA_PROTO_DOWN_REASON_VALUE"`
	// Wire keeps unknown attributes and the order of arrival.
	Wire nltag.Wire
}

// DevlinkPort is IFLA_DEVLINK_PORT: a devlink port by its handle, the bus
// and device names of its devlink instance and its index there.
type DevlinkPort struct {
	_         nltag.Set `nla:"link-devlink-port"`
	BusName   string    `nla:"DEVLINK_ATTR_BUS_NAME,omitempty"`
	DevName   string    `nla:"DEVLINK_ATTR_DEV_NAME,omitempty"`
	PortIndex *uint32   `nla:"DEVLINK_ATTR_PORT_INDEX"`
	// Wire keeps unknown attributes and the order of arrival; a pointer,
	// so that the empty nest of every link costs a small value.
	Wire *nltag.Wire
}

// DPLLPin is IFLA_DPLL_PIN: the id of a pin of the dpll generic netlink
// family.
type DPLLPin struct {
	_  nltag.Set `nla:"link-dpll-pin"`
	ID *uint32   `nla:"DPLL_A_PIN_ID"`
	// Wire keeps unknown attributes and the order of arrival.
	Wire *nltag.Wire
}

// LinkXDP is IFLA_XDP: the XDP programs attached to a link, or (request) one
// to attach with FD.
type LinkXDP struct {
	_ nltag.Set `nla:"link-xdp"`
	// FD is the file descriptor of the program to attach; -1 detaches.
	FD int32 `nla:"IFLA_XDP_FD,omitempty"`
	// Attached says how programs are attached.
	Attached XDPAttachMode `nla:"IFLA_XDP_ATTACHED,omitempty"`
	// Flags are XDP_FLAGS_* attach flags.
	Flags XDPFlags `nla:"IFLA_XDP_FLAGS,omitempty"`
	// ProgID is the id of the attached program when there is one.
	ProgID uint32 `nla:"IFLA_XDP_PROG_ID,omitempty"`
	// DrvProgID, SKBProgID and HWProgID are the ids per mode when several
	// programs are attached.
	DrvProgID uint32 `nla:"IFLA_XDP_DRV_PROG_ID,omitempty"`
	SKBProgID uint32 `nla:"IFLA_XDP_SKB_PROG_ID,omitempty"`
	HWProgID  uint32 `nla:"IFLA_XDP_HW_PROG_ID,omitempty"`
	// ExpectedFD makes an attach request replace only this program.
	ExpectedFD int32 `nla:"IFLA_XDP_EXPECTED_FD,omitempty"`
	// Wire keeps unknown attributes and the order of arrival.
	Wire nltag.Wire
}

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "link", Attrs: map[string]uint16{
	"IFLA_UNSPEC":                     unix.IFLA_UNSPEC,
	"IFLA_ADDRESS":                    unix.IFLA_ADDRESS,
	"IFLA_BROADCAST":                  unix.IFLA_BROADCAST,
	"IFLA_IFNAME":                     unix.IFLA_IFNAME,
	"IFLA_MTU":                        unix.IFLA_MTU,
	"IFLA_LINK":                       unix.IFLA_LINK,
	"IFLA_QDISC":                      unix.IFLA_QDISC,
	"IFLA_STATS":                      unix.IFLA_STATS,
	"IFLA_COST":                       unix.IFLA_COST,
	"IFLA_PRIORITY":                   unix.IFLA_PRIORITY,
	"IFLA_MASTER":                     unix.IFLA_MASTER,
	"IFLA_WIRELESS":                   unix.IFLA_WIRELESS,
	"IFLA_PROTINFO":                   unix.IFLA_PROTINFO,
	"IFLA_TXQLEN":                     unix.IFLA_TXQLEN,
	"IFLA_MAP":                        unix.IFLA_MAP,
	"IFLA_WEIGHT":                     unix.IFLA_WEIGHT,
	"IFLA_OPERSTATE":                  unix.IFLA_OPERSTATE,
	"IFLA_LINKMODE":                   unix.IFLA_LINKMODE,
	"IFLA_LINKINFO":                   unix.IFLA_LINKINFO,
	"IFLA_NET_NS_PID":                 unix.IFLA_NET_NS_PID,
	"IFLA_IFALIAS":                    unix.IFLA_IFALIAS,
	"IFLA_NUM_VF":                     unix.IFLA_NUM_VF,
	"IFLA_VFINFO_LIST":                unix.IFLA_VFINFO_LIST,
	"IFLA_STATS64":                    unix.IFLA_STATS64,
	"IFLA_VF_PORTS":                   unix.IFLA_VF_PORTS,
	"IFLA_PORT_SELF":                  unix.IFLA_PORT_SELF,
	"IFLA_AF_SPEC":                    unix.IFLA_AF_SPEC,
	"IFLA_GROUP":                      unix.IFLA_GROUP,
	"IFLA_NET_NS_FD":                  unix.IFLA_NET_NS_FD,
	"IFLA_EXT_MASK":                   unix.IFLA_EXT_MASK,
	"IFLA_PROMISCUITY":                unix.IFLA_PROMISCUITY,
	"IFLA_NUM_TX_QUEUES":              unix.IFLA_NUM_TX_QUEUES,
	"IFLA_NUM_RX_QUEUES":              unix.IFLA_NUM_RX_QUEUES,
	"IFLA_CARRIER":                    unix.IFLA_CARRIER,
	"IFLA_PHYS_PORT_ID":               unix.IFLA_PHYS_PORT_ID,
	"IFLA_CARRIER_CHANGES":            unix.IFLA_CARRIER_CHANGES,
	"IFLA_PHYS_SWITCH_ID":             unix.IFLA_PHYS_SWITCH_ID,
	"IFLA_LINK_NETNSID":               unix.IFLA_LINK_NETNSID,
	"IFLA_PHYS_PORT_NAME":             unix.IFLA_PHYS_PORT_NAME,
	"IFLA_PROTO_DOWN":                 unix.IFLA_PROTO_DOWN,
	"IFLA_GSO_MAX_SEGS":               unix.IFLA_GSO_MAX_SEGS,
	"IFLA_GSO_MAX_SIZE":               unix.IFLA_GSO_MAX_SIZE,
	"IFLA_PAD":                        unix.IFLA_PAD,
	"IFLA_XDP":                        unix.IFLA_XDP,
	"IFLA_EVENT":                      unix.IFLA_EVENT,
	"IFLA_NEW_NETNSID":                unix.IFLA_NEW_NETNSID,
	"IFLA_TARGET_NETNSID":             unix.IFLA_TARGET_NETNSID,
	"IFLA_CARRIER_UP_COUNT":           unix.IFLA_CARRIER_UP_COUNT,
	"IFLA_CARRIER_DOWN_COUNT":         unix.IFLA_CARRIER_DOWN_COUNT,
	"IFLA_NEW_IFINDEX":                unix.IFLA_NEW_IFINDEX,
	"IFLA_MIN_MTU":                    unix.IFLA_MIN_MTU,
	"IFLA_MAX_MTU":                    unix.IFLA_MAX_MTU,
	"IFLA_PROP_LIST":                  unix.IFLA_PROP_LIST,
	"IFLA_ALT_IFNAME":                 unix.IFLA_ALT_IFNAME,
	"IFLA_PERM_ADDRESS":               unix.IFLA_PERM_ADDRESS,
	"IFLA_PROTO_DOWN_REASON":          unix.IFLA_PROTO_DOWN_REASON,
	"IFLA_PARENT_DEV_NAME":            unix.IFLA_PARENT_DEV_NAME,
	"IFLA_PARENT_DEV_BUS_NAME":        unix.IFLA_PARENT_DEV_BUS_NAME,
	"IFLA_GRO_MAX_SIZE":               unix.IFLA_GRO_MAX_SIZE,
	"IFLA_TSO_MAX_SIZE":               unix.IFLA_TSO_MAX_SIZE,
	"IFLA_TSO_MAX_SEGS":               unix.IFLA_TSO_MAX_SEGS,
	"IFLA_ALLMULTI":                   unix.IFLA_ALLMULTI,
	"IFLA_DEVLINK_PORT":               unix.IFLA_DEVLINK_PORT,
	"IFLA_GSO_IPV4_MAX_SIZE":          unix.IFLA_GSO_IPV4_MAX_SIZE,
	"IFLA_GRO_IPV4_MAX_SIZE":          unix.IFLA_GRO_IPV4_MAX_SIZE,
	"IFLA_DPLL_PIN":                   unix.IFLA_DPLL_PIN,
	"IFLA_MAX_PACING_OFFLOAD_HORIZON": 66, // the rest are newer than x/sys/unix
	"IFLA_NETNS_IMMUTABLE":            67,
	"IFLA_HEADROOM":                   68,
	"IFLA_TAILROOM":                   69,
}})

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "linkinfo", Attrs: map[string]uint16{
	"IFLA_INFO_UNSPEC":     unix.IFLA_INFO_UNSPEC,
	"IFLA_INFO_KIND":       unix.IFLA_INFO_KIND,
	"IFLA_INFO_DATA":       unix.IFLA_INFO_DATA,
	"IFLA_INFO_XSTATS":     unix.IFLA_INFO_XSTATS,
	"IFLA_INFO_SLAVE_KIND": unix.IFLA_INFO_SLAVE_KIND,
	"IFLA_INFO_SLAVE_DATA": unix.IFLA_INFO_SLAVE_DATA,
}})

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "link-proto-down-reason", Attrs: map[string]uint16{
	"IFLA_PROTO_DOWN_REASON_UNSPEC": unix.IFLA_PROTO_DOWN_REASON_UNSPEC,
	"IFLA_PROTO_DOWN_REASON_MASK":   unix.IFLA_PROTO_DOWN_REASON_MASK,
	"IFLA_PROTO_DOWN_REASON_VALUE":  unix.IFLA_PROTO_DOWN_REASON_VALUE,
}})

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "link-devlink-port", Attrs: map[string]uint16{
	"DEVLINK_ATTR_BUS_NAME":   unix.DEVLINK_ATTR_BUS_NAME,
	"DEVLINK_ATTR_DEV_NAME":   unix.DEVLINK_ATTR_DEV_NAME,
	"DEVLINK_ATTR_PORT_INDEX": unix.DEVLINK_ATTR_PORT_INDEX,
}})

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "link-dpll-pin", Attrs: map[string]uint16{
	"DPLL_A_PIN_ID": 1, // linux/dpll.h, newer than x/sys/unix
}})

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "link-xdp", Attrs: map[string]uint16{
	"IFLA_XDP_UNSPEC":      unix.IFLA_XDP_UNSPEC,
	"IFLA_XDP_FD":          unix.IFLA_XDP_FD,
	"IFLA_XDP_ATTACHED":    unix.IFLA_XDP_ATTACHED,
	"IFLA_XDP_FLAGS":       unix.IFLA_XDP_FLAGS,
	"IFLA_XDP_PROG_ID":     unix.IFLA_XDP_PROG_ID,
	"IFLA_XDP_DRV_PROG_ID": unix.IFLA_XDP_DRV_PROG_ID,
	"IFLA_XDP_SKB_PROG_ID": unix.IFLA_XDP_SKB_PROG_ID,
	"IFLA_XDP_HW_PROG_ID":  unix.IFLA_XDP_HW_PROG_ID,
	"IFLA_XDP_EXPECTED_FD": unix.IFLA_XDP_EXPECTED_FD,
}})

func init() {
	netlink.RegisterType[Link](Messages, unix.RTM_NEWLINK, "RTM_NEWLINK")
	netlink.RegisterType[Link](Messages, unix.RTM_DELLINK, "RTM_DELLINK")
	netlink.RegisterType[Link](Messages, unix.RTM_GETLINK, "RTM_GETLINK")
	netlink.RegisterType[Link](Messages, unix.RTM_SETLINK, "RTM_SETLINK")
	netlink.RegisterType[Link](Messages, unix.RTM_NEWLINKPROP, "RTM_NEWLINKPROP")
	netlink.RegisterType[Link](Messages, unix.RTM_DELLINKPROP, "RTM_DELLINKPROP")
	netlink.RegisterType[Link](Messages, unix.RTM_GETLINKPROP, "RTM_GETLINKPROP")
}
