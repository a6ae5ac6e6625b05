package route

import (
	"net/netip"

	"github.com/nltag/go-netlink/internal/unix"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// Rule is the body of RTM_NEWRULE, RTM_DELRULE and RTM_GETRULE: struct
// fib_rule_hdr and the FRA_* attributes of a policy routing rule.
//
// As in Route, the header's Table holds ids up to 255 only and TableID
// (FRA_TABLE) the full id; FullTable reads whichever is set.
type Rule struct {
	Family Family
	DstLen uint8 // prefix length of Dst
	SrcLen uint8 // prefix length of Src
	TOS    uint8
	Table  Table8
	_      uint8 // res1
	_      uint8 // res2
	Action RuleAction
	Flags  RuleFlags

	_   nltag.Set  `nla:"rt-rule"`
	Dst netip.Addr `nla:"FRA_DST"`
	Src netip.Addr `nla:"FRA_SRC"`
	// IIFName is the input interface the rule matches.
	IIFName string `nla:"FRA_IIFNAME,omitempty"`
	// Goto is the priority of the rule a FR_ACT_GOTO rule jumps to.
	Goto uint32 `nla:"FRA_GOTO,omitempty"`
	// Priority orders the rules; 0 is the first (the local table's rule).
	Priority *uint32 `nla:"FRA_PRIORITY"`
	// FwMark and FwMask match the packet's firewall mark: mark&FwMask == FwMark.
	FwMark uint32 `nla:"FRA_FWMARK,omitempty"`
	// Flow matches the realm.
	Flow  uint32 `nla:"FRA_FLOW,omitempty"`
	TunID uint64 `nla:"FRA_TUN_ID,be64,omitempty"`
	// SuppressIfGroup rejects routing decisions whose device is in this group.
	SuppressIfGroup *uint32 `nla:"FRA_SUPPRESS_IFGROUP"`
	// SuppressPrefixLen rejects routing decisions with a prefix this long or
	// shorter. The kernel always sends it, as 0xffffffff (-1) when unset.
	SuppressPrefixLen *uint32 `nla:"FRA_SUPPRESS_PREFIXLEN"`
	TableID           Table   `nla:"FRA_TABLE,omitempty"`
	FwMask            uint32  `nla:"FRA_FWMASK,omitempty"`
	// OIFName is the output interface the rule matches.
	OIFName string `nla:"FRA_OIFNAME,omitempty"`
	// L3MDev makes the rule look up the table of the L3 master device (VRF).
	L3MDev   uint8     `nla:"FRA_L3MDEV,omitempty"`
	UIDRange *UIDRange `nla:"FRA_UID_RANGE"`
	// Protocol says who added the rule.
	Protocol   Protocol   `nla:"FRA_PROTOCOL,omitempty"`
	IPProto    uint8      `nla:"FRA_IP_PROTO,omitempty"`
	SPortRange *PortRange `nla:"FRA_SPORT_RANGE"`
	DPortRange *PortRange `nla:"FRA_DPORT_RANGE"`
	// DSCP matches the packet's DSCP (the high six bits of TOS).
	DSCP          *uint8 `nla:"FRA_DSCP"`
	FlowLabel     uint32 `nla:"FRA_FLOWLABEL,be32,omitempty"`
	FlowLabelMask uint32 `nla:"FRA_FLOWLABEL_MASK,be32,omitempty"`
	SPortMask     uint16 `nla:"FRA_SPORT_MASK,omitempty"`
	DPortMask     uint16 `nla:"FRA_DPORT_MASK,omitempty"`
	DSCPMask      uint8  `nla:"FRA_DSCP_MASK,omitempty"`

	Wire nltag.Wire
}

// FullTable returns the rule's table: TableID when the attribute was given,
// else the header's Table.
func (r *Rule) FullTable() Table {
	if r.TableID != 0 {
		return r.TableID
	}
	return Table(r.Table)
}

// UIDRange is struct fib_rule_uid_range, an inclusive range of user ids.
type UIDRange struct {
	Start uint32
	End   uint32
}

// PortRange is struct fib_rule_port_range, an inclusive range of ports.
type PortRange struct {
	Start uint16
	End   uint16
}

// RuleAction is what a rule does when it matches (FR_ACT_*).
type RuleAction uint8

// Rule actions.
const (
	ActionUnspec      RuleAction = unix.FR_ACT_UNSPEC
	ActionToTable     RuleAction = unix.FR_ACT_TO_TBL // look the route up in the table
	ActionGoto        RuleAction = unix.FR_ACT_GOTO   // jump to another rule
	ActionNop         RuleAction = unix.FR_ACT_NOP    // do nothing
	ActionBlackhole   RuleAction = unix.FR_ACT_BLACKHOLE
	ActionUnreachable RuleAction = unix.FR_ACT_UNREACHABLE
	ActionProhibit    RuleAction = unix.FR_ACT_PROHIBIT
)

var ruleActions = netlink.NewEnum(map[RuleAction]string{
	ActionUnspec:      "FR_ACT_UNSPEC",
	ActionToTable:     "FR_ACT_TO_TBL",
	ActionGoto:        "FR_ACT_GOTO",
	ActionNop:         "FR_ACT_NOP",
	unix.FR_ACT_RES3:  "FR_ACT_RES3",
	unix.FR_ACT_RES4:  "FR_ACT_RES4",
	ActionBlackhole:   "FR_ACT_BLACKHOLE",
	ActionUnreachable: "FR_ACT_UNREACHABLE",
	ActionProhibit:    "FR_ACT_PROHIBIT",
})

// String returns the C name, such as "FR_ACT_TO_TBL".
func (a RuleAction) String() string { return ruleActions.Format(a) }

// RuleFlags are the FIB_RULE_* flags of a rule.
type RuleFlags uint32

// Rule flags.
const (
	RulePermanent   RuleFlags = unix.FIB_RULE_PERMANENT
	RuleInvert      RuleFlags = unix.FIB_RULE_INVERT // match when the selectors do not
	RuleUnresolved  RuleFlags = unix.FIB_RULE_UNRESOLVED
	RuleIIFDetached RuleFlags = unix.FIB_RULE_IIF_DETACHED // the input interface does not exist
	RuleOIFDetached RuleFlags = unix.FIB_RULE_OIF_DETACHED // the output interface does not exist
	RuleFindSaddr   RuleFlags = unix.FIB_RULE_FIND_SADDR
)

var ruleFlags = netlink.NewFlags(map[RuleFlags]string{
	RulePermanent:   "FIB_RULE_PERMANENT",
	RuleInvert:      "FIB_RULE_INVERT",
	RuleUnresolved:  "FIB_RULE_UNRESOLVED",
	RuleIIFDetached: "FIB_RULE_IIF_DETACHED",
	RuleOIFDetached: "FIB_RULE_OIF_DETACHED",
	RuleFindSaddr:   "FIB_RULE_FIND_SADDR",
})

// String returns the flags as "FIB_RULE_INVERT".
func (f RuleFlags) String() string { return ruleFlags.Format(f) }

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "rt-rule", Attrs: map[string]uint16{
	"FRA_UNSPEC":             unix.FRA_UNSPEC,
	"FRA_DST":                unix.FRA_DST,
	"FRA_SRC":                unix.FRA_SRC,
	"FRA_IIFNAME":            unix.FRA_IIFNAME,
	"FRA_GOTO":               unix.FRA_GOTO,
	"FRA_UNUSED2":            unix.FRA_UNUSED2,
	"FRA_PRIORITY":           unix.FRA_PRIORITY,
	"FRA_UNUSED3":            unix.FRA_UNUSED3,
	"FRA_UNUSED4":            unix.FRA_UNUSED4,
	"FRA_UNUSED5":            unix.FRA_UNUSED5,
	"FRA_FWMARK":             unix.FRA_FWMARK,
	"FRA_FLOW":               unix.FRA_FLOW,
	"FRA_TUN_ID":             unix.FRA_TUN_ID,
	"FRA_SUPPRESS_IFGROUP":   unix.FRA_SUPPRESS_IFGROUP,
	"FRA_SUPPRESS_PREFIXLEN": unix.FRA_SUPPRESS_PREFIXLEN,
	"FRA_TABLE":              unix.FRA_TABLE,
	"FRA_FWMASK":             unix.FRA_FWMASK,
	"FRA_OIFNAME":            unix.FRA_OIFNAME,
	"FRA_PAD":                unix.FRA_PAD,
	"FRA_L3MDEV":             unix.FRA_L3MDEV,
	"FRA_UID_RANGE":          unix.FRA_UID_RANGE,
	"FRA_PROTOCOL":           unix.FRA_PROTOCOL,
	"FRA_IP_PROTO":           unix.FRA_IP_PROTO,
	"FRA_SPORT_RANGE":        unix.FRA_SPORT_RANGE,
	"FRA_DPORT_RANGE":        unix.FRA_DPORT_RANGE,
	"FRA_DSCP":               25,
	"FRA_FLOWLABEL":          26,
	"FRA_FLOWLABEL_MASK":     27,
	"FRA_SPORT_MASK":         28,
	"FRA_DPORT_MASK":         29,
	"FRA_DSCP_MASK":          30,
}})

func init() {
	netlink.RegisterType[Rule](Messages, unix.RTM_NEWRULE, "RTM_NEWRULE")
	netlink.RegisterType[Rule](Messages, unix.RTM_DELRULE, "RTM_DELRULE")
	netlink.RegisterType[Rule](Messages, unix.RTM_GETRULE, "RTM_GETRULE")
}
