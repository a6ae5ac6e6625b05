package genl

import (
	"github.com/nltag/go-netlink/internal/unix"
	"github.com/nltag/go-netlink/nltag"
)

// The controller (nlctrl) is the family that describes the others. Its id
// and name are fixed.
const (
	CtrlID      = unix.GENL_ID_CTRL // the controller's family id and message type
	CtrlName    = "nlctrl"
	CtrlVersion = 2 // the controller's interface version
)

// Controller commands (CTRL_CMD_*). Requests use GetFamily and GetPolicy;
// the kernel answers with NewFamily and GetPolicy, and announces families
// and multicast groups coming and going with the others.
const (
	CtrlCmdNewFamily     uint8 = unix.CTRL_CMD_NEWFAMILY
	CtrlCmdDelFamily     uint8 = unix.CTRL_CMD_DELFAMILY
	CtrlCmdGetFamily     uint8 = unix.CTRL_CMD_GETFAMILY
	CtrlCmdNewMcastGroup uint8 = unix.CTRL_CMD_NEWMCAST_GRP
	CtrlCmdDelMcastGroup uint8 = unix.CTRL_CMD_DELMCAST_GRP
	CtrlCmdGetPolicy     uint8 = unix.CTRL_CMD_GETPOLICY
)

// Controller is the message table of the controller: Family bodies for the
// family commands, PolicyMessage bodies for CTRL_CMD_GETPOLICY.
var Controller = NewTable(CtrlName, CtrlVersion)

func init() {
	Controller.Register(Both, CtrlCmdNewFamily, "CTRL_CMD_NEWFAMILY", Family{})
	Controller.Register(Both, CtrlCmdDelFamily, "CTRL_CMD_DELFAMILY", Family{})
	Controller.Register(Both, CtrlCmdGetFamily, "CTRL_CMD_GETFAMILY", Family{})
	Controller.Register(Both, CtrlCmdNewMcastGroup, "CTRL_CMD_NEWMCAST_GRP", Family{})
	Controller.Register(Both, CtrlCmdDelMcastGroup, "CTRL_CMD_DELMCAST_GRP", Family{})
	Controller.Register(Both, CtrlCmdGetPolicy, "CTRL_CMD_GETPOLICY", PolicyMessage{})
}

// The controller's attribute sets. Its nests go without NLA_F_NESTED, as
// the kernel sends them: it parses them leniently.
var (
	_ = nltag.RegisterSet(&nltag.AttrSet{Name: "nlctrl", Attrs: map[string]uint16{
		"CTRL_ATTR_FAMILY_ID":    unix.CTRL_ATTR_FAMILY_ID,
		"CTRL_ATTR_FAMILY_NAME":  unix.CTRL_ATTR_FAMILY_NAME,
		"CTRL_ATTR_VERSION":      unix.CTRL_ATTR_VERSION,
		"CTRL_ATTR_HDRSIZE":      unix.CTRL_ATTR_HDRSIZE,
		"CTRL_ATTR_MAXATTR":      unix.CTRL_ATTR_MAXATTR,
		"CTRL_ATTR_OPS":          unix.CTRL_ATTR_OPS,
		"CTRL_ATTR_MCAST_GROUPS": unix.CTRL_ATTR_MCAST_GROUPS,
		"CTRL_ATTR_POLICY":       unix.CTRL_ATTR_POLICY,
		"CTRL_ATTR_OP_POLICY":    unix.CTRL_ATTR_OP_POLICY,
		"CTRL_ATTR_OP":           unix.CTRL_ATTR_OP,
	}})
	_ = nltag.RegisterSet(&nltag.AttrSet{Name: "nlctrl-op", Attrs: map[string]uint16{
		"CTRL_ATTR_OP_ID":    unix.CTRL_ATTR_OP_ID,
		"CTRL_ATTR_OP_FLAGS": unix.CTRL_ATTR_OP_FLAGS,
	}})
	_ = nltag.RegisterSet(&nltag.AttrSet{Name: "nlctrl-mcast-grp", Attrs: map[string]uint16{
		"CTRL_ATTR_MCAST_GRP_NAME": unix.CTRL_ATTR_MCAST_GRP_NAME,
		"CTRL_ATTR_MCAST_GRP_ID":   unix.CTRL_ATTR_MCAST_GRP_ID,
	}})
	_ = nltag.RegisterSet(&nltag.AttrSet{Name: "nlctrl-op-policy", Attrs: map[string]uint16{
		"CTRL_ATTR_POLICY_DO":   unix.CTRL_ATTR_POLICY_DO,
		"CTRL_ATTR_POLICY_DUMP": unix.CTRL_ATTR_POLICY_DUMP,
	}})
	_ = nltag.RegisterSet(&nltag.AttrSet{Name: "nlctrl-policy", Attrs: map[string]uint16{
		"NL_POLICY_TYPE_ATTR_TYPE":            unix.NL_POLICY_TYPE_ATTR_TYPE,
		"NL_POLICY_TYPE_ATTR_MIN_VALUE_S":     unix.NL_POLICY_TYPE_ATTR_MIN_VALUE_S,
		"NL_POLICY_TYPE_ATTR_MAX_VALUE_S":     unix.NL_POLICY_TYPE_ATTR_MAX_VALUE_S,
		"NL_POLICY_TYPE_ATTR_MIN_VALUE_U":     unix.NL_POLICY_TYPE_ATTR_MIN_VALUE_U,
		"NL_POLICY_TYPE_ATTR_MAX_VALUE_U":     unix.NL_POLICY_TYPE_ATTR_MAX_VALUE_U,
		"NL_POLICY_TYPE_ATTR_MIN_LENGTH":      unix.NL_POLICY_TYPE_ATTR_MIN_LENGTH,
		"NL_POLICY_TYPE_ATTR_MAX_LENGTH":      unix.NL_POLICY_TYPE_ATTR_MAX_LENGTH,
		"NL_POLICY_TYPE_ATTR_POLICY_IDX":      unix.NL_POLICY_TYPE_ATTR_POLICY_IDX,
		"NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE":  unix.NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE,
		"NL_POLICY_TYPE_ATTR_BITFIELD32_MASK": unix.NL_POLICY_TYPE_ATTR_BITFIELD32_MASK,
		"NL_POLICY_TYPE_ATTR_PAD":             unix.NL_POLICY_TYPE_ATTR_PAD,
		"NL_POLICY_TYPE_ATTR_MASK":            unix.NL_POLICY_TYPE_ATTR_MASK,
	}})
)
