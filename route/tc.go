package route

import (
	"encoding/binary"
	"fmt"

	"github.com/nltag/go-netlink/internal/unix"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// Tc is the body of the traffic control messages: RTM_NEWQDISC,
// RTM_DELQDISC, RTM_GETQDISC, the same for classes (RTM_*TCLASS), filters
// (RTM_*TFILTER) and filter chains (RTM_*CHAIN): struct tcmsg and the TCA_*
// attributes.
//
// Options depend on Kind through the sub-message table "tc-kind": for
// qdiscs and classes *HTBOptions, *TBFOptions, *PfifoFastOptions,
// *PrioOptions, *PfifoOptions, *BfifoOptions, *PfifoHeadDropOptions,
// *IngressOptions and *ClsactOptions (each a TcKind); for filters
// *U32Options, *MatchallOptions, *FlowerOptions and *BPFOptions. Other
// kinds decode to nltag.Raw.
type Tc struct {
	Family Family
	_      uint8
	_      uint16
	Index  netlink.IfIndex
	// Handle identifies the qdisc, class or filter; Parent is its parent.
	Handle Handle
	Parent Handle
	// Info is the reference count of a qdisc; for filters it holds the
	// priority in the high 16 bits and the protocol (big-endian ETH_P_*)
	// in the low 16 (see FilterInfo).
	Info uint32

	_ nltag.Set `nla:"tc"`
	// Kind names the qdisc, class or filter type: "htb", "u32" ...
	Kind    string `nla:"TCA_KIND,omitempty"`
	Options any    `nla:"TCA_OPTIONS,submsg=tc-kind,selector=Kind"`
	// Stats is the old statistics structure; Stats2 supersedes it.
	Stats *TcStats `nla:"TCA_STATS"`
	// XStats holds the kind's own statistics, undecoded.
	XStats []byte `nla:"TCA_XSTATS,omitempty"`
	// Rate configures a rate estimator.
	Rate   *Estimator `nla:"TCA_RATE"`
	FCnt   uint32     `nla:"TCA_FCNT,omitempty"`
	Stats2 *TcStats2  `nla:"TCA_STATS2"`
	// Stab is the size table that adjusts packet sizes for rate computations.
	Stab *Stab `nla:"TCA_STAB"`
	// DumpInvisible asks dumps to include the qdiscs hidden by default.
	DumpInvisible bool `nla:"TCA_DUMP_INVISIBLE"`
	// Chain is a filter's chain index.
	Chain        *uint32 `nla:"TCA_CHAIN"`
	HWOffload    uint8   `nla:"TCA_HW_OFFLOAD,omitempty"`
	IngressBlock uint32  `nla:"TCA_INGRESS_BLOCK,omitempty"`
	EgressBlock  uint32  `nla:"TCA_EGRESS_BLOCK,omitempty"`
	// DumpFlags is a bitfield32 of TCA_DUMP_FLAGS_* (filter dumps).
	DumpFlags *Bitfield32 `nla:"TCA_DUMP_FLAGS"`
	// ExtWarnMsg is a warning the kernel attaches to a notification.
	ExtWarnMsg string `nla:"TCA_EXT_WARN_MSG,omitempty"`

	Wire nltag.Wire
}

// Handle is a traffic control handle: a 16-bit major and a 16-bit minor
// number, written "major:minor" in hex by tc.
type Handle uint32

// Special handles and minor numbers.
const (
	HandleUnspec  Handle = 0
	HandleRoot    Handle = 0xffffffff // the root of a device's egress
	HandleIngress Handle = 0xfffffff1 // the parent of ingress and clsact qdiscs
	HandleClsact  Handle = HandleIngress

	MinorIngress uint16 = 0xfff2 // clsact's ingress hook
	MinorEgress  uint16 = 0xfff3 // clsact's egress hook
)

// NewHandle returns the handle major:minor.
func NewHandle(major, minor uint16) Handle { return Handle(major)<<16 | Handle(minor) }

// Major returns the high 16 bits.
func (h Handle) Major() uint16 { return uint16(h >> 16) }

// Minor returns the low 16 bits.
func (h Handle) Minor() uint16 { return uint16(h) }

// String writes the handle as tc does ("1:", "1:10", "ffff:fff1"), and the
// special handles as "root", "ingress" and "0".
func (h Handle) String() string {
	switch h {
	case HandleUnspec:
		return "0"
	case HandleRoot:
		return "root"
	case HandleIngress:
		return "ingress"
	}
	if h.Minor() == 0 {
		return fmt.Sprintf("%x:", h.Major())
	}
	return fmt.Sprintf("%x:%x", h.Major(), h.Minor())
}

// FilterInfo splits a filter's Info into its priority and protocol
// (ETH_P_*, converted from network to host order).
func FilterInfo(info uint32) (prio uint16, proto uint16) {
	var b [2]byte
	binary.NativeEndian.PutUint16(b[:], uint16(info))
	return uint16(info >> 16), binary.BigEndian.Uint16(b[:])
}

// MakeFilterInfo is FilterInfo's inverse.
func MakeFilterInfo(prio, proto uint16) uint32 {
	var b [2]byte
	binary.BigEndian.PutUint16(b[:], proto)
	return uint32(prio)<<16 | uint32(binary.NativeEndian.Uint16(b[:]))
}

// TcStats is struct tc_stats, the statistics of TCA_STATS.
type TcStats struct {
	Bytes      uint64
	Packets    uint32
	Drops      uint32
	Overlimits uint32
	BPS        uint32
	PPS        uint32
	QLen       uint32
	Backlog    uint32
}

// Estimator is struct tc_estimator: the parameters of a rate estimator.
type Estimator struct {
	Interval int8  // sampling period: 2^Interval quarter seconds
	EWMALog  uint8 // the log of the averaging weight
}

// Bitfield32 is struct nla_bitfield32: a value and the mask of the bits it sets.
type Bitfield32 struct {
	Value    uint32
	Selector uint32
}

// TcStats2 is the TCA_STATS2 nest (TCA_STATS_* attributes).
type TcStats2 struct {
	_       nltag.Set     `nla:"tc-stats"`
	Basic   *StatsBasic   `nla:"TCA_STATS_BASIC"`
	RateEst *StatsRateEst `nla:"TCA_STATS_RATE_EST"`
	Queue   *StatsQueue   `nla:"TCA_STATS_QUEUE"`
	// App holds the kind's own statistics, undecoded.
	App       []byte          `nla:"TCA_STATS_APP,omitempty"`
	RateEst64 *StatsRateEst64 `nla:"TCA_STATS_RATE_EST64"`
	BasicHW   *StatsBasic     `nla:"TCA_STATS_BASIC_HW"`
	Pkt64     uint64          `nla:"TCA_STATS_PKT64,omitempty"`

	Wire nltag.Wire
}

// StatsBasic is struct gnet_stats_basic: byte and packet counters.
type StatsBasic struct {
	Bytes   uint64
	Packets uint32
}

// StatsRateEst is struct gnet_stats_rate_est: estimated rates.
type StatsRateEst struct {
	BPS uint32
	PPS uint32
}

// StatsRateEst64 is struct gnet_stats_rate_est64.
type StatsRateEst64 struct {
	BPS uint64
	PPS uint64
}

// StatsQueue is struct gnet_stats_queue: queue counters.
type StatsQueue struct {
	QLen       uint32
	Backlog    uint32
	Drops      uint32
	Requeues   uint32
	Overlimits uint32
}

// Stab is the TCA_STAB nest: a size table.
type Stab struct {
	_    nltag.Set `nla:"tc-stab"`
	Base *SizeSpec `nla:"TCA_STAB_BASE"`
	// Data is the table, an array of host-order u16.
	Data []byte `nla:"TCA_STAB_DATA,omitempty"`

	Wire nltag.Wire
}

// SizeSpec is struct tc_sizespec.
type SizeSpec struct {
	CellLog   uint8
	SizeLog   uint8
	CellAlign int16
	Overhead  int32
	LinkLayer uint32
	MPU       uint32
	MTU       uint32
	TSize     uint32
}

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "tc", Attrs: map[string]uint16{
	"TCA_UNSPEC":         unix.TCA_UNSPEC,
	"TCA_KIND":           unix.TCA_KIND,
	"TCA_OPTIONS":        unix.TCA_OPTIONS,
	"TCA_STATS":          unix.TCA_STATS,
	"TCA_XSTATS":         unix.TCA_XSTATS,
	"TCA_RATE":           unix.TCA_RATE,
	"TCA_FCNT":           unix.TCA_FCNT,
	"TCA_STATS2":         unix.TCA_STATS2,
	"TCA_STAB":           unix.TCA_STAB,
	"TCA_PAD":            unix.TCA_PAD,
	"TCA_DUMP_INVISIBLE": unix.TCA_DUMP_INVISIBLE,
	"TCA_CHAIN":          unix.TCA_CHAIN,
	"TCA_HW_OFFLOAD":     unix.TCA_HW_OFFLOAD,
	"TCA_INGRESS_BLOCK":  unix.TCA_INGRESS_BLOCK,
	"TCA_EGRESS_BLOCK":   unix.TCA_EGRESS_BLOCK,
	"TCA_DUMP_FLAGS":     unix.TCA_DUMP_FLAGS,
	"TCA_EXT_WARN_MSG":   unix.TCA_EXT_WARN_MSG,
}})

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "tc-stats", Attrs: map[string]uint16{
	"TCA_STATS_UNSPEC":     0,
	"TCA_STATS_BASIC":      1,
	"TCA_STATS_RATE_EST":   2,
	"TCA_STATS_QUEUE":      3,
	"TCA_STATS_APP":        4,
	"TCA_STATS_RATE_EST64": 5,
	"TCA_STATS_PAD":        6,
	"TCA_STATS_BASIC_HW":   7,
	"TCA_STATS_PKT64":      8,
}})

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "tc-stab", Attrs: map[string]uint16{
	"TCA_STAB_UNSPEC": 0,
	"TCA_STAB_BASE":   1,
	"TCA_STAB_DATA":   2,
}})

func init() {
	for typ, name := range map[netlink.MsgType]string{
		unix.RTM_NEWQDISC:   "RTM_NEWQDISC",
		unix.RTM_DELQDISC:   "RTM_DELQDISC",
		unix.RTM_GETQDISC:   "RTM_GETQDISC",
		unix.RTM_NEWTCLASS:  "RTM_NEWTCLASS",
		unix.RTM_DELTCLASS:  "RTM_DELTCLASS",
		unix.RTM_GETTCLASS:  "RTM_GETTCLASS",
		unix.RTM_NEWTFILTER: "RTM_NEWTFILTER",
		unix.RTM_DELTFILTER: "RTM_DELTFILTER",
		unix.RTM_GETTFILTER: "RTM_GETTFILTER",
		unix.RTM_NEWCHAIN:   "RTM_NEWCHAIN",
		unix.RTM_DELCHAIN:   "RTM_DELCHAIN",
		unix.RTM_GETCHAIN:   "RTM_GETCHAIN",
	} {
		netlink.RegisterType[Tc](Messages, typ, name)
	}
}
