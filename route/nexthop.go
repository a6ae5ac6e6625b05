package route

import (
	"fmt"
	"net/netip"

	"github.com/nltag/go-netlink/internal/unix"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// NextHopObject is the body of RTM_NEWNEXTHOP, RTM_DELNEXTHOP and
// RTM_GETNEXTHOP (and of the RTM_*NEXTHOPBUCKET messages): struct nhmsg and
// the NHA_* attributes of a nexthop object, which routes reference by id
// (Route.NHID). An object is a single next hop (Gateway, OIF, Encap), a
// blackhole, or a group of other objects (Group).
//
// The name sets it apart from NextHop, one path of a multipath route.
type NextHopObject struct {
	Family   Family
	Scope    Scope // sent by the kernel only
	Protocol Protocol
	_        uint8
	Flags    RouteFlags // RTNH_F_*

	_ nltag.Set `nla:"rt-nexthop"`
	// ID identifies the object; 0 in a request lets the kernel choose.
	ID uint32 `nla:"NHA_ID,omitempty"`
	// Group lists the members of a group.
	Group     NextHopGroup `nla:"NHA_GROUP,omitempty"`
	GroupType GroupType    `nla:"NHA_GROUP_TYPE,omitempty"`
	// Blackhole makes the object drop packets.
	Blackhole bool            `nla:"NHA_BLACKHOLE"`
	OIF       netlink.IfIndex `nla:"NHA_OIF,omitempty"`
	Gateway   netip.Addr      `nla:"NHA_GATEWAY"`
	EncapType EncapType       `nla:"NHA_ENCAP_TYPE,omitempty"`
	Encap     any             `nla:"NHA_ENCAP,submsg=lwtunnel,selector=EncapType"`
	// Groups restricts a dump to groups; Master to the nexthops of a master device.
	Groups bool            `nla:"NHA_GROUPS"`
	Master netlink.IfIndex `nla:"NHA_MASTER,omitempty"`
	// FDB marks a nexthop for the bridge forwarding database (vxlan).
	FDB bool `nla:"NHA_FDB"`
	// ResGroup configures a resilient group; ResBucket is one of its buckets.
	ResGroup  *ResGroup  `nla:"NHA_RES_GROUP,nestflag"`
	ResBucket *ResBucket `nla:"NHA_RES_BUCKET,nestflag"`
	// OpFlags asks for statistics in a get or dump (NHA_OP_FLAG_*).
	OpFlags    NextHopOpFlags `nla:"NHA_OP_FLAGS,omitempty"`
	GroupStats *GroupStats    `nla:"NHA_GROUP_STATS,nestflag"`
	// HWStatsEnable enables hardware statistics of a group.
	HWStatsEnable *uint32 `nla:"NHA_HW_STATS_ENABLE"`
	HWStatsUsed   *uint32 `nla:"NHA_HW_STATS_USED"`

	Wire nltag.Wire
}

// GroupEntry is struct nexthop_grp, one member of a nexthop group.
type GroupEntry struct {
	ID uint32
	// Weight and WeightHigh hold the weight minus one: low and high byte.
	Weight     uint8
	WeightHigh uint8
	_          uint16
}

// FullWeight returns the member's weight, from 1 to 65536.
func (g GroupEntry) FullWeight() int { return int(g.WeightHigh)<<8 | int(g.Weight) + 1 }

// SetWeight sets Weight and WeightHigh from a weight between 1 and 65536.
func (g *GroupEntry) SetWeight(w int) {
	g.Weight, g.WeightHigh = uint8(w-1), uint8((w-1)>>8)
}

// NextHopGroup is the payload of NHA_GROUP: an array of struct nexthop_grp.
type NextHopGroup []GroupEntry

const nexthopGrpLen = 8

// MarshalNetlink appends the entries.
func (g NextHopGroup) MarshalNetlink(b []byte) ([]byte, error) {
	for i := range g {
		var err error
		if b, err = nltag.AppendMarshal(b, &g[i]); err != nil {
			return b, err
		}
	}
	return b, nil
}

// UnmarshalNetlinkFrom decodes the entries with d; the payload must be a
// whole number of them.
func (g *NextHopGroup) UnmarshalNetlinkFrom(d *nltag.Decoder, data []byte) error {
	*g = nil
	if len(data)%nexthopGrpLen != 0 {
		return fmt.Errorf("NHA_GROUP of %d bytes is not a multiple of %d", len(data), nexthopGrpLen)
	}
	out := make(NextHopGroup, len(data)/nexthopGrpLen)
	for i := range out {
		if err := d.Unmarshal(data[i*nexthopGrpLen:(i+1)*nexthopGrpLen], &out[i]); err != nil {
			return err
		}
	}
	if len(out) > 0 {
		*g = out
	}
	return nil
}

// GroupType is the type of a nexthop group (NEXTHOP_GRP_TYPE_*).
type GroupType uint16

// Group types.
const (
	GroupMultipath GroupType = 0 // hash-threshold multipath
	GroupResilient GroupType = 1 // resilient hashing over buckets
)

var groupTypes = netlink.NewEnum(map[GroupType]string{
	GroupMultipath: "NEXTHOP_GRP_TYPE_MPATH",
	GroupResilient: "NEXTHOP_GRP_TYPE_RES",
})

// String returns the C name, such as "NEXTHOP_GRP_TYPE_RES".
func (t GroupType) String() string { return groupTypes.Format(t) }

// NextHopOpFlags are the NHA_OP_FLAG_* bits of NHA_OP_FLAGS.
type NextHopOpFlags uint32

// Operation flags.
const (
	OpDumpStats         NextHopOpFlags = 1 << 0
	OpDumpHWStats       NextHopOpFlags = 1 << 1
	OpRespGroupReserved NextHopOpFlags = 1 << 31
)

var nextHopOpFlags = netlink.NewFlags(map[NextHopOpFlags]string{
	OpDumpStats:         "NHA_OP_FLAG_DUMP_STATS",
	OpDumpHWStats:       "NHA_OP_FLAG_DUMP_HW_STATS",
	OpRespGroupReserved: "NHA_OP_FLAG_RESP_GRP_RESVD_0",
})

// String returns the flags as "NHA_OP_FLAG_DUMP_STATS".
func (f NextHopOpFlags) String() string { return nextHopOpFlags.Format(f) }

// ResGroup is the NHA_RES_GROUP nest of a resilient group. Times are in
// clock ticks (idle timer and unbalanced timer are set in seconds by ip).
type ResGroup struct {
	_               nltag.Set `nla:"rt-nexthop-res-group"`
	Buckets         uint16    `nla:"NHA_RES_GROUP_BUCKETS,omitempty"`
	IdleTimer       uint32    `nla:"NHA_RES_GROUP_IDLE_TIMER,omitempty"`
	UnbalancedTimer uint32    `nla:"NHA_RES_GROUP_UNBALANCED_TIMER,omitempty"`
	UnbalancedTime  uint64    `nla:"NHA_RES_GROUP_UNBALANCED_TIME,omitempty"`

	Wire nltag.Wire
}

// ResBucket is the NHA_RES_BUCKET nest: one bucket of a resilient group.
type ResBucket struct {
	_        nltag.Set `nla:"rt-nexthop-res-bucket"`
	Index    uint16    `nla:"NHA_RES_BUCKET_INDEX,omitempty"`
	IdleTime uint64    `nla:"NHA_RES_BUCKET_IDLE_TIME,omitempty"`
	NHID     uint32    `nla:"NHA_RES_BUCKET_NH_ID,omitempty"`

	Wire nltag.Wire
}

// GroupStats is the NHA_GROUP_STATS nest: one entry per group member.
type GroupStats struct {
	_       nltag.Set         `nla:"rt-nexthop-group-stats"`
	Entries []GroupStatsEntry `nla:"NHA_GROUP_STATS_ENTRY,multi,nestflag"`

	Wire nltag.Wire
}

// GroupStatsEntry holds the packet counts of one group member.
type GroupStatsEntry struct {
	_         nltag.Set `nla:"rt-nexthop-group-stats-entry"`
	ID        uint32    `nla:"NHA_GROUP_STATS_ENTRY_ID,omitempty"`
	Packets   uint64    `nla:"NHA_GROUP_STATS_ENTRY_PACKETS,uint,omitempty"`
	PacketsHW uint64    `nla:"NHA_GROUP_STATS_ENTRY_PACKETS_HW,uint,omitempty"`

	Wire nltag.Wire
}

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "rt-nexthop", Attrs: map[string]uint16{
	"NHA_UNSPEC":          unix.NHA_UNSPEC,
	"NHA_ID":              unix.NHA_ID,
	"NHA_GROUP":           unix.NHA_GROUP,
	"NHA_GROUP_TYPE":      unix.NHA_GROUP_TYPE,
	"NHA_BLACKHOLE":       unix.NHA_BLACKHOLE,
	"NHA_OIF":             unix.NHA_OIF,
	"NHA_GATEWAY":         unix.NHA_GATEWAY,
	"NHA_ENCAP_TYPE":      unix.NHA_ENCAP_TYPE,
	"NHA_ENCAP":           unix.NHA_ENCAP,
	"NHA_GROUPS":          unix.NHA_GROUPS,
	"NHA_MASTER":          unix.NHA_MASTER,
	"NHA_FDB":             11,
	"NHA_RES_GROUP":       12,
	"NHA_RES_BUCKET":      13,
	"NHA_OP_FLAGS":        14,
	"NHA_GROUP_STATS":     15,
	"NHA_HW_STATS_ENABLE": 16,
	"NHA_HW_STATS_USED":   17,
}})

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "rt-nexthop-res-group", Attrs: map[string]uint16{
	"NHA_RES_GROUP_PAD":              0,
	"NHA_RES_GROUP_BUCKETS":          1,
	"NHA_RES_GROUP_IDLE_TIMER":       2,
	"NHA_RES_GROUP_UNBALANCED_TIMER": 3,
	"NHA_RES_GROUP_UNBALANCED_TIME":  4,
}})

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "rt-nexthop-res-bucket", Attrs: map[string]uint16{
	"NHA_RES_BUCKET_PAD":       0,
	"NHA_RES_BUCKET_INDEX":     1,
	"NHA_RES_BUCKET_IDLE_TIME": 2,
	"NHA_RES_BUCKET_NH_ID":     3,
}})

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "rt-nexthop-group-stats", Attrs: map[string]uint16{
	"NHA_GROUP_STATS_UNSPEC": 0,
	"NHA_GROUP_STATS_ENTRY":  1,
}})

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "rt-nexthop-group-stats-entry", Attrs: map[string]uint16{
	"NHA_GROUP_STATS_ENTRY_UNSPEC":     0,
	"NHA_GROUP_STATS_ENTRY_ID":         1,
	"NHA_GROUP_STATS_ENTRY_PACKETS":    2,
	"NHA_GROUP_STATS_ENTRY_PACKETS_HW": 3,
}})

func init() {
	for typ, name := range map[netlink.MsgType]string{
		unix.RTM_NEWNEXTHOP:       "RTM_NEWNEXTHOP",
		unix.RTM_DELNEXTHOP:       "RTM_DELNEXTHOP",
		unix.RTM_GETNEXTHOP:       "RTM_GETNEXTHOP",
		unix.RTM_NEWNEXTHOPBUCKET: "RTM_NEWNEXTHOPBUCKET",
		unix.RTM_DELNEXTHOPBUCKET: "RTM_DELNEXTHOPBUCKET",
		unix.RTM_GETNEXTHOPBUCKET: "RTM_GETNEXTHOPBUCKET",
	} {
		netlink.RegisterType[NextHopObject](Messages, typ, name)
	}
}
