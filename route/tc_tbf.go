package route

import "github.com/nltag/go-netlink/nltag"

// TBFOptions are the options of the token bucket filter; NewTBF builds them.
type TBFOptions struct {
	_     nltag.Set `nla:"tc-tbf"`
	Parms *TBFParms `nla:"TCA_TBF_PARMS"`
	// RTab and PTab are the rate and peak rate tables of old requests,
	// needed only for rates of link layer LinkLayerUnaware.
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

// TcKind returns "tbf".
func (*TBFOptions) TcKind() string { return "tbf" }

// TBFParms is struct tc_tbf_qopt. Buffer is in scheduler ticks (see
// XmitTicks).
type TBFParms struct {
	Rate     RateSpec
	PeakRate RateSpec
	Limit    uint32 // bytes that may wait for tokens
	Buffer   uint32
	MTU      uint32
}

// NewTBF returns the options of a tbf qdisc of rate bytes per second, a
// bucket of burst bytes, and room for limit bytes waiting for tokens: `tc
// qdisc add ... tbf rate RATE burst BURST limit LIMIT`.
func NewTBF(rate uint64, burst, limit uint32) *TBFOptions {
	o := &TBFOptions{Parms: &TBFParms{Limit: limit, Buffer: XmitTicks(rate, burst)}}
	o.Parms.Rate, o.Rate64 = ethernetRate(rate)
	return o
}

// Rate returns the rate in bytes per second, from Rate64 when set.
func (o *TBFOptions) Rate() uint64 {
	if o.Rate64 != 0 || o.Parms == nil {
		return o.Rate64
	}
	return uint64(o.Parms.Rate.Rate)
}

// PeakRate returns the peak rate in bytes per second, from PRate64 when set.
func (o *TBFOptions) PeakRate() uint64 {
	if o.PRate64 != 0 || o.Parms == nil {
		return o.PRate64
	}
	return uint64(o.Parms.PeakRate.Rate)
}

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

func init() { nltag.RegisterSubMessageOf[TBFOptions]("tc-kind", "tbf") }
