package conn

import "github.com/nltag/go-netlink/netlink"

// Addr is a netlink socket address. It is defined in package netlink so
// that transports outside this package, such as conntest's fake, can speak
// of addresses without importing conn.
type Addr = netlink.Addr
