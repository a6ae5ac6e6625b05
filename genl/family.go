package genl

import (
	"github.com/nltag/go-netlink/internal/unix"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// Family is a generic netlink family as the controller describes it, and
// the body of the controller's family messages: CTRL_CMD_GETFAMILY requests
// (which set Name or ID), the CTRL_CMD_NEWFAMILY replies, and the
// notifications of families and groups coming and going.
type Family struct {
	Header
	_ nltag.Set `nla:"nlctrl"`
	// ID is the family's id: the netlink message type of its messages.
	ID uint16 `nla:"CTRL_ATTR_FAMILY_ID,omitempty"`
	// Name is the family's name, such as "ethtool".
	Name string `nla:"CTRL_ATTR_FAMILY_NAME,omitempty"`
	// Version is the family's interface version.
	Version uint32 `nla:"CTRL_ATTR_VERSION,omitempty"`
	// HeaderSize is the size of the family's own fixed header, which
	// follows the generic header; 0 for most families.
	HeaderSize uint32 `nla:"CTRL_ATTR_HDRSIZE,omitempty"`
	// MaxAttr is the highest attribute number of the family's single
	// attribute policy, or 0 when its commands have policies of their own.
	MaxAttr uint32 `nla:"CTRL_ATTR_MAXATTR,omitempty"`
	// Ops lists the commands the family accepts.
	Ops []Op `nla:"CTRL_ATTR_OPS,indexed"`
	// Groups lists the family's multicast groups.
	Groups []MulticastGroup `nla:"CTRL_ATTR_MCAST_GROUPS,indexed"`

	Wire nltag.Wire
}

// Op is one command a family accepts.
type Op struct {
	_     nltag.Set `nla:"nlctrl-op"`
	ID    uint32    `nla:"CTRL_ATTR_OP_ID"`
	Flags OpFlags   `nla:"CTRL_ATTR_OP_FLAGS"`
	Wire  nltag.Wire
}

// MulticastGroup is one of a family's multicast groups. Its ID is the group
// number to join; ids are global, not per family.
type MulticastGroup struct {
	_    nltag.Set `nla:"nlctrl-mcast-grp"`
	Name string    `nla:"CTRL_ATTR_MCAST_GRP_NAME"`
	ID   uint32    `nla:"CTRL_ATTR_MCAST_GRP_ID"`
	Wire nltag.Wire
}

// Op returns the operation for command cmd.
func (f *Family) Op(cmd uint8) (Op, bool) {
	for _, o := range f.Ops {
		if o.ID == uint32(cmd) {
			return o, true
		}
	}
	return Op{}, false
}

// Group returns the multicast group called name.
func (f *Family) Group(name string) (MulticastGroup, bool) {
	for _, g := range f.Groups {
		if g.Name == name {
			return g, true
		}
	}
	return MulticastGroup{}, false
}

// OpFlags describe an operation (GENL_* flags): what it can do and what
// it requires.
type OpFlags uint32

// Operation flags.
const (
	OpAdminPerm    OpFlags = unix.GENL_ADMIN_PERM     // needs CAP_NET_ADMIN in the initial user namespace
	OpCanDo        OpFlags = unix.GENL_CMD_CAP_DO     // answers single requests
	OpCanDump      OpFlags = unix.GENL_CMD_CAP_DUMP   // answers dumps
	OpHasPolicy    OpFlags = unix.GENL_CMD_CAP_HASPOL // validates attributes (CTRL_CMD_GETPOLICY shows how)
	OpUnsAdminPerm OpFlags = unix.GENL_UNS_ADMIN_PERM // needs CAP_NET_ADMIN in the namespace's user namespace
)

var opFlags = netlink.NewFlags(map[OpFlags]string{
	OpAdminPerm:    "GENL_ADMIN_PERM",
	OpCanDo:        "GENL_CMD_CAP_DO",
	OpCanDump:      "GENL_CMD_CAP_DUMP",
	OpHasPolicy:    "GENL_CMD_CAP_HASPOL",
	OpUnsAdminPerm: "GENL_UNS_ADMIN_PERM",
})

// String returns the flags as "GENL_CMD_CAP_DO|GENL_CMD_CAP_HASPOL".
func (f OpFlags) String() string { return opFlags.Format(f) }
