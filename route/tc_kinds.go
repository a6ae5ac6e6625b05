package route

import "github.com/nltag/go-netlink/nltag"

// The TCA_OPTIONS payloads of the qdisc kinds this package knows, selected
// by TCA_KIND through the sub-message table "tc-kind".

// HTBOptions are the options of the hierarchical token bucket: Init for the
// qdisc, Parms (and the rate tables in requests) for its classes.
type HTBOptions struct {
	_ nltag.Set `nla:"tc-htb"`
	// Parms are a class's rates and buffers.
	Parms *HTBParms `nla:"TCA_HTB_PARMS"`
	// Init holds the qdisc's global parameters.
	Init *HTBGlobal `nla:"TCA_HTB_INIT"`
	// CTab and RTab are the ceil and rate tables tc sends with a class
	// (256 u32 transmission times each); the kernel does not return them.
	CTab []byte `nla:"TCA_HTB_CTAB,omitempty"`
	RTab []byte `nla:"TCA_HTB_RTAB,omitempty"`
	// DirectQLen is the length of the queue of unclassified packets.
	DirectQLen *uint32 `nla:"TCA_HTB_DIRECT_QLEN"`
	// Rate64 and Ceil64 carry rates above 2³²-1 bytes per second.
	Rate64  uint64 `nla:"TCA_HTB_RATE64,omitempty"`
	Ceil64  uint64 `nla:"TCA_HTB_CEIL64,omitempty"`
	Offload bool   `nla:"TCA_HTB_OFFLOAD"`

	Wire nltag.Wire
}

// RateSpec is struct tc_ratespec: a rate in bytes per second and how packet
// sizes are counted against it.
type RateSpec struct {
	CellLog   uint8
	LinkLayer uint8 // TC_LINKLAYER_*: 0 unaware, 1 ethernet, 2 ATM
	Overhead  uint16
	CellAlign int16
	MPU       uint16
	Rate      uint32
}

// HTBParms is struct tc_htb_opt, a class's parameters. Buffer and CBuffer
// are in scheduler ticks.
type HTBParms struct {
	Rate    RateSpec
	Ceil    RateSpec
	Buffer  uint32
	CBuffer uint32
	Quantum uint32
	Level   uint32 // out only
	Prio    uint32
}

// HTBGlobal is struct tc_htb_glob, the qdisc's parameters.
type HTBGlobal struct {
	Version      uint32
	Rate2Quantum uint32 // bytes per second per quantum byte
	DefCls       uint32 // the minor number of the default class
	Debug        uint32
	DirectPkts   uint32 // out only: packets sent unclassified
}

// TBFOptions are the options of the token bucket filter.
type TBFOptions struct {
	_     nltag.Set `nla:"tc-tbf"`
	Parms *TBFParms `nla:"TCA_TBF_PARMS"`
	// RTab and PTab are the rate and peak rate tables of requests.
	RTab []byte `nla:"TCA_TBF_RTAB,omitempty"`
	PTab []byte `nla:"TCA_TBF_PTAB,omitempty"`
	// Rate64 and PRate64 carry rates above 2³²-1 bytes per second.
	Rate64  uint64 `nla:"TCA_TBF_RATE64,omitempty"`
	PRate64 uint64 `nla:"TCA_TBF_PRATE64,omitempty"`
	// Burst and PBurst are the bucket sizes in bytes.
	Burst  uint32 `nla:"TCA_TBF_BURST,omitempty"`
	PBurst uint32 `nla:"TCA_TBF_PBURST,omitempty"`

	Wire nltag.Wire
}

// TBFParms is struct tc_tbf_qopt. Buffer is in scheduler ticks.
type TBFParms struct {
	Rate     RateSpec
	PeakRate RateSpec
	Limit    uint32 // bytes that may wait for tokens
	Buffer   uint32
	MTU      uint32
}

// PrioOptions is struct tc_prio_qopt, the options of prio.
type PrioOptions struct {
	Bands int32
	// PrioMap maps each of the 16 packet priorities to a band.
	PrioMap [16]uint8
}

// PfifoFastOptions is struct tc_prio_qopt, the options of pfifo_fast. It is
// a type of its own (as are the fifo and ingress types below) so that a
// decoded value says which kind it came from.
type PfifoFastOptions PrioOptions

// PfifoOptions is struct tc_fifo_qopt, the options of pfifo.
type PfifoOptions struct {
	Limit uint32 // in packets
}

// BfifoOptions is struct tc_fifo_qopt, the options of bfifo.
type BfifoOptions struct {
	Limit uint32 // in bytes
}

// PfifoHeadDropOptions is struct tc_fifo_qopt, the options of pfifo_head_drop.
type PfifoHeadDropOptions struct {
	Limit uint32 // in packets
}

// IngressOptions is the empty TCA_OPTIONS nest of ingress.
type IngressOptions struct{}

// ClsactOptions is the empty TCA_OPTIONS nest of clsact.
type ClsactOptions struct{}

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "tc-htb", Attrs: map[string]uint16{
	"TCA_HTB_UNSPEC":      0,
	"TCA_HTB_PARMS":       1,
	"TCA_HTB_INIT":        2,
	"TCA_HTB_CTAB":        3,
	"TCA_HTB_RTAB":        4,
	"TCA_HTB_DIRECT_QLEN": 5,
	"TCA_HTB_RATE64":      6,
	"TCA_HTB_CEIL64":      7,
	"TCA_HTB_PAD":         8,
	"TCA_HTB_OFFLOAD":     9,
}})

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "tc-tbf", Attrs: map[string]uint16{
	"TCA_TBF_UNSPEC":  0,
	"TCA_TBF_PARMS":   1,
	"TCA_TBF_RTAB":    2,
	"TCA_TBF_PTAB":    3,
	"TCA_TBF_RATE64":  4,
	"TCA_TBF_PRATE64": 5,
	"TCA_TBF_BURST":   6,
	"TCA_TBF_PBURST":  7,
	"TCA_TBF_PAD":     8,
}})

func init() {
	nltag.RegisterSubMessage("tc-kind", "htb", &HTBOptions{})
	nltag.RegisterSubMessage("tc-kind", "tbf", &TBFOptions{})
	nltag.RegisterSubMessage("tc-kind", "pfifo_fast", &PfifoFastOptions{})
	nltag.RegisterSubMessage("tc-kind", "prio", &PrioOptions{})
	nltag.RegisterSubMessage("tc-kind", "pfifo", &PfifoOptions{})
	nltag.RegisterSubMessage("tc-kind", "bfifo", &BfifoOptions{})
	nltag.RegisterSubMessage("tc-kind", "pfifo_head_drop", &PfifoHeadDropOptions{})
	nltag.RegisterSubMessage("tc-kind", "ingress", &IngressOptions{})
	nltag.RegisterSubMessage("tc-kind", "clsact", &ClsactOptions{})
}
