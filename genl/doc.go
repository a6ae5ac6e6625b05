// Package genl speaks generic netlink: the netlink protocol that hosts
// families registered at run time, such as ethtool, netdev, nl80211 or
// wireguard, each with its own commands and attributes. It is guile-netlink's
// generic netlink support, with its family-id and get-families, in Go.
//
// # Messages
//
// A generic netlink message is a netlink header whose type is the family's
// id, a generic header (Header: the command and a version) and the family's
// attributes. A family's message is a Go struct that embeds Header as its
// first field and declares its attributes with nla tags, as package nltag
// describes:
//
//	type LinkInfo struct {
//		genl.Header
//		_    nltag.Set  `nla:"ethtool-linkinfo"`
//		Dev  *Dev       `nla:"ETHTOOL_A_LINKINFO_HEADER"`
//		Port *Port      `nla:"ETHTOOL_A_LINKINFO_PORT"`
//		Wire nltag.Wire // unknown attributes, arrival order
//	}
//
// The struct is then a complete message body: nltag encodes and decodes it
// whole, header included, and netlink.AppendMessage sends it as is. One
// struct serves every command that carries the same attributes: a GET
// request, its reply, the notification of a change. The embedded Header is
// preferred to a generic wrapper type because fields stay one selector away
// (info.Port, info.Command) and a decoded reply is the same type a request
// is built from.
//
// A Table maps a family's commands to their names and struct types, per
// direction, since some families (ethtool) number requests and replies
// apart. It decodes messages of the family, and the standard ones (errors,
// ACKs, the end of a dump), into typed bodies.
//
// # Families
//
// Family ids are handed out as families register, so a program asks the
// controller (nlctrl, the family with the fixed id CtrlID) for them by
// name. A Conn does this on first use of a family and caches the answer,
// which also lists the family's operations and multicast groups:
//
//	c, err := genl.Dial(nil)
//	f, err := c.Family(ctx, "ethtool") // id, version, ops, groups
//	err = c.JoinGroup(ctx, "ethtool", "monitor")
//	fs, err := c.Families(ctx)         // what `genl ctrl list` shows
//	p, err := c.Policy(ctx, "ethtool") // how it validates attributes
//
// Requests go out through Execute and Stream, which resolve the family and
// return raw replies, or through Do and Dump, which decode the replies into
// the struct the caller names:
//
//	info, err := genl.Do[ethtool.LinkInfo](ctx, c, "ethtool", req)
//
// Subpackages ethtool and netdev hold two families' messages and clients.
// An application declares any other family's messages itself (see the
// example of a made-up family), with nothing in this package to change.
//
// Nests of most generic families must carry NLA_F_NESTED, because their
// policies are strict: set NestedFlag in their nltag.AttrSet. The
// controller's own nests go without it, as the kernel sends them.
package genl
