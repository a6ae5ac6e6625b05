package route

import "github.com/nltag/go-netlink/nltag"

// HTBOptions are the options of the hierarchical token bucket: Init for the
// qdisc, Parms (and the rate tables in requests) for its classes.
// NewHTB and HTBClass build them.
type HTBOptions struct {
	_ nltag.Set `nla:"tc-htb"`
	// Parms are a class's rates and buffers.
	Parms *HTBParms `nla:"TCA_HTB_PARMS"`
	// Init holds the qdisc's global parameters.
	Init *HTBGlobal `nla:"TCA_HTB_INIT"`
	// CTab and RTab are the ceil and rate tables tc sends with a class
	// (256 u32 transmission times each); the kernel does not return them,
	// and needs them only for rates of link layer LinkLayerUnaware.
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

// TcKind returns "htb".
func (*HTBOptions) TcKind() string { return "htb" }

// HTBParms is struct tc_htb_opt, a class's parameters. Buffer and CBuffer
// are in scheduler ticks (see XmitTicks).
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
	Version      uint32 // 3: the kernel refuses others
	Rate2Quantum uint32 // bytes per second per quantum byte
	DefCls       uint32 // the minor number of the default class
	Debug        uint32
	DirectPkts   uint32 // out only: packets sent unclassified
}

// htbVersion is the version of struct tc_htb_glob the kernel takes.
const htbVersion = 3

// NewHTB returns the options of an htb qdisc whose unclassified traffic
// goes to the class of minor number defcls (0: sent unshaped), with tc's
// rate-to-quantum ratio of 10: `tc qdisc add ... htb default DEFCLS`.
func NewHTB(defcls uint32) *HTBOptions {
	return &HTBOptions{Init: &HTBGlobal{Version: htbVersion, Rate2Quantum: 10, DefCls: defcls}}
}

// htbMTU is the packet size tc gives the buffers of a class by default.
const htbMTU = 1600

// HTBClass returns the options of an htb class guaranteed rate and allowed
// up to ceil bytes per second (0: rate), with buckets of burst and cburst
// bytes (0: tc's default, one 1600-byte packet): `tc class add ... htb rate
// RATE ceil CEIL burst BURST cburst CBURST`. The kernel derives the
// quantum from the qdisc's r2q unless Parms.Quantum is set.
func HTBClass(rate, ceil uint64, burst, cburst uint32) *HTBOptions {
	if ceil == 0 {
		ceil = rate
	}
	if burst == 0 {
		burst = htbMTU
	}
	if cburst == 0 {
		cburst = htbMTU
	}
	o := &HTBOptions{Parms: &HTBParms{Buffer: XmitTicks(rate, burst), CBuffer: XmitTicks(ceil, cburst)}}
	o.Parms.Rate, o.Rate64 = ethernetRate(rate)
	o.Parms.Ceil, o.Ceil64 = ethernetRate(ceil)
	return o
}

// Rate returns the class's rate in bytes per second, from Rate64 when set.
func (o *HTBOptions) Rate() uint64 {
	if o.Rate64 != 0 || o.Parms == nil {
		return o.Rate64
	}
	return uint64(o.Parms.Rate.Rate)
}

// Ceil returns the class's ceil in bytes per second, from Ceil64 when set.
func (o *HTBOptions) Ceil() uint64 {
	if o.Ceil64 != 0 || o.Parms == nil {
		return o.Ceil64
	}
	return uint64(o.Parms.Ceil.Rate)
}

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

func init() { nltag.RegisterSubMessageOf[HTBOptions]("tc-kind", "htb") }
