package route

import "github.com/nltag/go-netlink/nltag"

// Action is one action of a filter: an element of the numbered list a
// classifier carries in its TCA_*_ACT attribute (U32Options.Actions ...),
// the TCA_ACT_* nest. Options depend on Kind through the sub-message table
// "tc-act-kind": *MirredOptions for "mirred", *GactOptions for "gact";
// other kinds decode to nltag.Raw.
type Action struct {
	_       nltag.Set `nla:"tc-act"`
	Kind    string    `nla:"TCA_ACT_KIND,omitempty"`
	Options any       `nla:"TCA_ACT_OPTIONS,submsg=tc-act-kind,selector=Kind"`
	// Index identifies a shared action instance; 0 makes a new one.
	Index  uint32    `nla:"TCA_ACT_INDEX,omitempty"`
	Stats  *TcStats2 `nla:"TCA_ACT_STATS"`
	Cookie []byte    `nla:"TCA_ACT_COOKIE,omitempty"`
	// Flags, HWStats and UsedHWStats are bitfield32s of TCA_ACT_FLAGS_*
	// and TCA_ACT_HW_STATS_*.
	Flags       *Bitfield32 `nla:"TCA_ACT_FLAGS"`
	HWStats     *Bitfield32 `nla:"TCA_ACT_HW_STATS"`
	UsedHWStats *Bitfield32 `nla:"TCA_ACT_USED_HW_STATS"`
	InHWCount   uint32      `nla:"TCA_ACT_IN_HW_COUNT,omitempty"`

	Wire nltag.Wire
}

// TcfTimes is struct tcf_t: when an action was installed, last used,
// expires and first used, in jiffies.
type TcfTimes struct {
	Install  uint64
	LastUse  uint64
	Expires  uint64
	FirstUse uint64
}

// TcGen is the head every action's parameters share (tc_gen).
type TcGen struct {
	Index   uint32
	Capab   uint32
	Action  int32 // TC_ACT_*: what happens to the packet afterwards
	RefCnt  int32
	BindCnt int32
}

// Verdicts of TcGen.Action (TC_ACT_*).
const (
	ActUnspec     int32 = -1
	ActOK         int32 = 0
	ActReclassify int32 = 1
	ActShot       int32 = 2
	ActPipe       int32 = 3
	ActStolen     int32 = 4
	ActRedirect   int32 = 7
	ActTrap       int32 = 8
)

// MirredOptions are the options of action mirred, which mirrors or
// redirects packets to another link.
type MirredOptions struct {
	_     nltag.Set    `nla:"tc-act-mirred"`
	TM    *TcfTimes    `nla:"TCA_MIRRED_TM"`
	Parms *MirredParms `nla:"TCA_MIRRED_PARMS"`
	// BlockID mirrors to the ports of a shared block instead.
	BlockID *uint32 `nla:"TCA_MIRRED_BLOCKID"`

	Wire nltag.Wire
}

// MirredParms is struct tc_mirred.
type MirredParms struct {
	TcGen
	EAction int32 // TCA_EGRESS_REDIR 1, TCA_EGRESS_MIRROR 2, TCA_INGRESS_REDIR 3, TCA_INGRESS_MIRROR 4
	IfIndex uint32
}

// Mirred actions (MirredParms.EAction).
const (
	EgressRedir   int32 = 1
	EgressMirror  int32 = 2
	IngressRedir  int32 = 3
	IngressMirror int32 = 4
)

// GactOptions are the options of action gact, which passes, drops or
// reclassifies packets, optionally at random.
type GactOptions struct {
	_     nltag.Set `nla:"tc-act-gact"`
	TM    *TcfTimes `nla:"TCA_GACT_TM"`
	Parms *TcGen    `nla:"TCA_GACT_PARMS"`
	Prob  *GactProb `nla:"TCA_GACT_PROB"`

	Wire nltag.Wire
}

// GactProb is struct tc_gact_p: a random verdict.
type GactProb struct {
	PType   uint16 // PGACT_NONE 0, PGACT_NETRAND 1, PGACT_DETERM 2
	PVal    uint16
	PAction int32
}

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "tc-act", Attrs: map[string]uint16{
	"TCA_ACT_UNSPEC":        0,
	"TCA_ACT_KIND":          1,
	"TCA_ACT_OPTIONS":       2,
	"TCA_ACT_INDEX":         3,
	"TCA_ACT_STATS":         4,
	"TCA_ACT_PAD":           5,
	"TCA_ACT_COOKIE":        6,
	"TCA_ACT_FLAGS":         7,
	"TCA_ACT_HW_STATS":      8,
	"TCA_ACT_USED_HW_STATS": 9,
	"TCA_ACT_IN_HW_COUNT":   10,
}})

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "tc-act-mirred", Attrs: map[string]uint16{
	"TCA_MIRRED_UNSPEC":  0,
	"TCA_MIRRED_TM":      1,
	"TCA_MIRRED_PARMS":   2,
	"TCA_MIRRED_PAD":     3,
	"TCA_MIRRED_BLOCKID": 4,
}})

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "tc-act-gact", Attrs: map[string]uint16{
	"TCA_GACT_UNSPEC": 0,
	"TCA_GACT_TM":     1,
	"TCA_GACT_PARMS":  2,
	"TCA_GACT_PROB":   3,
	"TCA_GACT_PAD":    4,
}})

func init() {
	nltag.RegisterSubMessageOf[MirredOptions]("tc-act-kind", "mirred")
	nltag.RegisterSubMessageOf[GactOptions]("tc-act-kind", "gact")
}
