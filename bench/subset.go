package bench

import (
	"net"

	"github.com/nltag/go-netlink/nltag"
	"github.com/nltag/go-netlink/route"
)

// The peers decode only part of a link message: neither touches
// IFLA_AF_SPEC (the IPv4 and IPv6 sysctl arrays and IPv6 counters, some 60%
// of the bytes of each link in the dump), IFLA_MAP, or the offload limits.
// route.Link and its plain twin decode all of it. SubsetLink is what an
// nltag user declares to get what jsimonetti's LinkMessage holds: the same
// header and the same attributes (with values instead of pointers where
// jsimonetti uses pointers only to tell absent from zero), and the kind data
// through the plain twins of route's kind types. It is the like-for-like
// comparison for links: same information in, same information out.
type SubsetLink struct {
	Family uint8
	_      uint8
	Type   uint16
	Index  int32
	Flags  uint32
	Change uint32

	_ nltag.Set `nla:"link"`

	Address          net.HardwareAddr   `nla:"IFLA_ADDRESS"`
	Broadcast        net.HardwareAddr   `nla:"IFLA_BROADCAST"`
	Name             string             `nla:"IFLA_IFNAME"`
	MTU              uint32             `nla:"IFLA_MTU"`
	Link             uint32             `nla:"IFLA_LINK"`
	Qdisc            string             `nla:"IFLA_QDISC"`
	Stats            *route.LinkStats   `nla:"IFLA_STATS"`
	Master           uint32             `nla:"IFLA_MASTER"`
	TxQueueLen       uint32             `nla:"IFLA_TXQLEN"`
	OperState        uint8              `nla:"IFLA_OPERSTATE"`
	LinkMode         uint8              `nla:"IFLA_LINKMODE"`
	LinkInfo         *SubsetLinkInfo    `nla:"IFLA_LINKINFO"`
	Alias            string             `nla:"IFLA_IFALIAS"`
	NumVF            uint32             `nla:"IFLA_NUM_VF"`
	Stats64          *route.LinkStats64 `nla:"IFLA_STATS64"`
	Group            uint32             `nla:"IFLA_GROUP"`
	Carrier          uint8              `nla:"IFLA_CARRIER"`
	PhysPortID       string             `nla:"IFLA_PHYS_PORT_ID,string"`
	CarrierChanges   uint32             `nla:"IFLA_CARRIER_CHANGES"`
	PhysSwitchID     string             `nla:"IFLA_PHYS_SWITCH_ID,string"`
	PhysPortName     string             `nla:"IFLA_PHYS_PORT_NAME"`
	XDP              *SubsetXDP         `nla:"IFLA_XDP"`
	CarrierUpCount   uint32             `nla:"IFLA_CARRIER_UP_COUNT"`
	CarrierDownCount uint32             `nla:"IFLA_CARRIER_DOWN_COUNT"`
	PropList         *SubsetPropList    `nla:"IFLA_PROP_LIST"`
	PermAddress      net.HardwareAddr   `nla:"IFLA_PERM_ADDRESS"`
}

// SubsetLinkInfo is IFLA_LINKINFO as jsimonetti's LinkInfo holds it: the
// kinds and their data.
type SubsetLinkInfo struct {
	_         nltag.Set `nla:"linkinfo"`
	Kind      string    `nla:"IFLA_INFO_KIND"`
	Data      any       `nla:"IFLA_INFO_DATA,submsg=plain/link-kind,selector=Kind"`
	SlaveKind string    `nla:"IFLA_INFO_SLAVE_KIND"`
	SlaveData any       `nla:"IFLA_INFO_SLAVE_DATA,submsg=plain/link-slave-kind,selector=SlaveKind"`
}

// SubsetXDP is IFLA_XDP as jsimonetti's LinkXDP holds it.
type SubsetXDP struct {
	_         nltag.Set `nla:"link-xdp"`
	FD        int32     `nla:"IFLA_XDP_FD"`
	Attached  uint8     `nla:"IFLA_XDP_ATTACHED"`
	Flags     uint32    `nla:"IFLA_XDP_FLAGS"`
	ProgID    uint32    `nla:"IFLA_XDP_PROG_ID"`
	DrvProgID uint32    `nla:"IFLA_XDP_DRV_PROG_ID"`
	SKBProgID uint32    `nla:"IFLA_XDP_SKB_PROG_ID"`
	HWProgID  uint32    `nla:"IFLA_XDP_HW_PROG_ID"`
}

// SubsetPropList is IFLA_PROP_LIST: the alternative names.
type SubsetPropList struct {
	_        nltag.Set `nla:"link"`
	AltNames []string  `nla:"IFLA_ALT_IFNAME,multi"`
}
