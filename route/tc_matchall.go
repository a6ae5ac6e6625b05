package route

import "github.com/nltag/go-netlink/nltag"

// MatchallOptions are the options of the matchall classifier, which
// matches every packet.
type MatchallOptions struct {
	_       nltag.Set `nla:"tc-matchall"`
	ClassID Handle    `nla:"TCA_MATCHALL_CLASSID,omitempty"`
	Actions []Action  `nla:"TCA_MATCHALL_ACT,indexed"`
	Flags   uint32    `nla:"TCA_MATCHALL_FLAGS,omitempty"` // TCA_CLS_FLAGS_*
	// Pcnt is struct tc_matchall_pcnt: the packets matched.
	Pcnt *uint64 `nla:"TCA_MATCHALL_PCNT"`

	Wire nltag.Wire
}

// TcKind returns "matchall".
func (*MatchallOptions) TcKind() string { return "matchall" }

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "tc-matchall", Attrs: map[string]uint16{
	"TCA_MATCHALL_UNSPEC":  0,
	"TCA_MATCHALL_CLASSID": 1,
	"TCA_MATCHALL_ACT":     2,
	"TCA_MATCHALL_FLAGS":   3,
	"TCA_MATCHALL_PCNT":    4,
	"TCA_MATCHALL_PAD":     5,
}})

func init() { nltag.RegisterSubMessageOf[MatchallOptions]("tc-kind", "matchall") }
