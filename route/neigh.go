package route

import (
	"net"
	"net/netip"

	"github.com/nltag/go-netlink/internal/unix"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// Neighbour is the body of RTM_NEWNEIGH, RTM_DELNEIGH and RTM_GETNEIGH:
// struct ndmsg and the NDA_* attributes. It describes ARP and neighbour
// discovery entries (Family AF_INET, AF_INET6) and bridge and vxlan
// forwarding database entries (AF_BRIDGE).
type Neighbour struct {
	Family Family
	_      [3]byte
	Index  netlink.IfIndex
	State  NeighState // NUD_*
	Flags  NeighFlags // NTF_*
	Type   RouteType

	_ nltag.Set `nla:"rt-neigh"`
	// Dst is the neighbour's network address; in vxlan FDB entries, the
	// remote tunnel end.
	Dst netip.Addr `nla:"NDA_DST"`
	// LLAddr is the neighbour's link-layer address.
	LLAddr    net.HardwareAddr `nla:"NDA_LLADDR,omitempty"`
	CacheInfo *NeighCacheInfo  `nla:"NDA_CACHEINFO"`
	// Probes counts the probes sent since the entry was last confirmed.
	Probes uint32 `nla:"NDA_PROBES,omitempty"`
	VLAN   uint16 `nla:"NDA_VLAN,omitempty"`
	// Port is the vxlan destination UDP port.
	Port uint16 `nla:"NDA_PORT,be16,omitempty"`
	// VNI is the vxlan network identifier.
	VNI uint32 `nla:"NDA_VNI,omitempty"`
	// IfIndex is the vxlan outgoing interface.
	IfIndex netlink.IfIndex `nla:"NDA_IFINDEX,omitempty"`
	// Master is the index of the bridge or VRF the interface belongs to.
	Master netlink.IfIndex `nla:"NDA_MASTER,omitempty"`
	// LinkNetNSID is the namespace id of the link's peer namespace.
	LinkNetNSID *int32 `nla:"NDA_LINK_NETNSID"`
	SrcVNI      uint32 `nla:"NDA_SRC_VNI,omitempty"`
	// Protocol says who added the entry.
	Protocol Protocol `nla:"NDA_PROTOCOL,omitempty"`
	// NHID is the nexthop object of an FDB entry.
	NHID uint32 `nla:"NDA_NH_ID,omitempty"`
	// FDBExt holds the bridge FDB extension attributes.
	FDBExt   *FDBExt       `nla:"NDA_FDB_EXT_ATTRS,nestflag"`
	ExtFlags NeighExtFlags `nla:"NDA_FLAGS_EXT,omitempty"`
	// StateMask and FlagsMask restrict which bits of State and Flags an
	// update changes.
	StateMask NeighState `nla:"NDA_NDM_STATE_MASK,omitempty"`
	FlagsMask NeighFlags `nla:"NDA_NDM_FLAGS_MASK,omitempty"`

	Wire nltag.Wire
}

// NeighCacheInfo is struct nda_cacheinfo: ages in clock ticks and the
// reference count.
type NeighCacheInfo struct {
	Confirmed uint32
	Used      uint32
	Updated   uint32
	RefCnt    uint32
}

// FDBExt is the NDA_FDB_EXT_ATTRS nest of bridge FDB entries.
type FDBExt struct {
	_ nltag.Set `nla:"rt-neigh-fdb-ext"`
	// ActivityNotify holds the FDB_NOTIFY_* bits.
	ActivityNotify uint8 `nla:"NFEA_ACTIVITY_NOTIFY,omitempty"`
	// DontRefresh asks not to refresh the entry's activity.
	DontRefresh bool `nla:"NFEA_DONT_REFRESH"`

	Wire nltag.Wire
}

// NeighState is the NUD_* state of a neighbour entry. It is a bit set: dump
// requests may combine states, entries have one.
type NeighState uint16

// Neighbour states.
const (
	NUDNone       NeighState = unix.NUD_NONE
	NUDIncomplete NeighState = unix.NUD_INCOMPLETE // resolution in progress
	NUDReachable  NeighState = unix.NUD_REACHABLE  // confirmed recently
	NUDStale      NeighState = unix.NUD_STALE
	NUDDelay      NeighState = unix.NUD_DELAY
	NUDProbe      NeighState = unix.NUD_PROBE
	NUDFailed     NeighState = unix.NUD_FAILED
	NUDNoARP      NeighState = unix.NUD_NOARP     // no resolution needed
	NUDPermanent  NeighState = unix.NUD_PERMANENT // configured, never expires
)

var neighStates = netlink.NewFlags(map[NeighState]string{
	NUDIncomplete: "NUD_INCOMPLETE",
	NUDReachable:  "NUD_REACHABLE",
	NUDStale:      "NUD_STALE",
	NUDDelay:      "NUD_DELAY",
	NUDProbe:      "NUD_PROBE",
	NUDFailed:     "NUD_FAILED",
	NUDNoARP:      "NUD_NOARP",
	NUDPermanent:  "NUD_PERMANENT",
})

// String returns the states as "NUD_PERMANENT"; NUD_NONE prints as "0".
func (s NeighState) String() string { return neighStates.Format(s) }

// NeighFlags are the NTF_* flags of a neighbour entry.
type NeighFlags uint8

// Neighbour flags.
const (
	NTFUse        NeighFlags = unix.NTF_USE
	NTFSelf       NeighFlags = unix.NTF_SELF   // the entry is the device's own
	NTFMaster     NeighFlags = unix.NTF_MASTER // the entry is the master's (bridge)
	NTFProxy      NeighFlags = unix.NTF_PROXY  // a proxy ARP / ND entry
	NTFExtLearned NeighFlags = unix.NTF_EXT_LEARNED
	NTFOffloaded  NeighFlags = unix.NTF_OFFLOADED
	NTFSticky     NeighFlags = 0x40
	NTFRouter     NeighFlags = unix.NTF_ROUTER // IPv6: the neighbour is a router
)

var neighFlags = netlink.NewFlags(map[NeighFlags]string{
	NTFUse:        "NTF_USE",
	NTFSelf:       "NTF_SELF",
	NTFMaster:     "NTF_MASTER",
	NTFProxy:      "NTF_PROXY",
	NTFExtLearned: "NTF_EXT_LEARNED",
	NTFOffloaded:  "NTF_OFFLOADED",
	NTFSticky:     "NTF_STICKY",
	NTFRouter:     "NTF_ROUTER",
})

// String returns the flags as "NTF_SELF|NTF_ROUTER".
func (f NeighFlags) String() string { return neighFlags.Format(f) }

// NeighExtFlags are the NTF_EXT_* flags of NDA_FLAGS_EXT.
type NeighExtFlags uint32

// Extended neighbour flags.
const (
	NTFExtManaged      NeighExtFlags = 1 << 0 // kept reachable by the kernel
	NTFExtLocked       NeighExtFlags = 1 << 1 // a locked bridge port's entry
	NTFExtExtValidated NeighExtFlags = 1 << 2
)

var neighExtFlags = netlink.NewFlags(map[NeighExtFlags]string{
	NTFExtManaged:      "NTF_EXT_MANAGED",
	NTFExtLocked:       "NTF_EXT_LOCKED",
	NTFExtExtValidated: "NTF_EXT_EXT_VALIDATED",
})

// String returns the flags as "NTF_EXT_MANAGED".
func (f NeighExtFlags) String() string { return neighExtFlags.Format(f) }

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "rt-neigh", Attrs: map[string]uint16{
	"NDA_UNSPEC":         unix.NDA_UNSPEC,
	"NDA_DST":            unix.NDA_DST,
	"NDA_LLADDR":         unix.NDA_LLADDR,
	"NDA_CACHEINFO":      unix.NDA_CACHEINFO,
	"NDA_PROBES":         unix.NDA_PROBES,
	"NDA_VLAN":           unix.NDA_VLAN,
	"NDA_PORT":           unix.NDA_PORT,
	"NDA_VNI":            unix.NDA_VNI,
	"NDA_IFINDEX":        unix.NDA_IFINDEX,
	"NDA_MASTER":         unix.NDA_MASTER,
	"NDA_LINK_NETNSID":   unix.NDA_LINK_NETNSID,
	"NDA_SRC_VNI":        unix.NDA_SRC_VNI,
	"NDA_PROTOCOL":       12,
	"NDA_NH_ID":          13,
	"NDA_FDB_EXT_ATTRS":  14,
	"NDA_FLAGS_EXT":      15,
	"NDA_NDM_STATE_MASK": 16,
	"NDA_NDM_FLAGS_MASK": 17,
}})

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "rt-neigh-fdb-ext", Attrs: map[string]uint16{
	"NFEA_UNSPEC":          0,
	"NFEA_ACTIVITY_NOTIFY": 1,
	"NFEA_DONT_REFRESH":    2,
}})

func init() {
	netlink.RegisterType[Neighbour](Messages, unix.RTM_NEWNEIGH, "RTM_NEWNEIGH")
	netlink.RegisterType[Neighbour](Messages, unix.RTM_DELNEIGH, "RTM_DELNEIGH")
	netlink.RegisterType[Neighbour](Messages, unix.RTM_GETNEIGH, "RTM_GETNEIGH")
}
