package route

import "github.com/nltag/go-netlink/netlink"

// Messages is the rtnetlink message table: it maps every RTM_* type this
// package knows to its name and body type, so that a dump's bytes decode into
// typed messages with Messages.DecodeAll. Each message file registers its own
// types into it.
var Messages = netlink.NewTable("route")
