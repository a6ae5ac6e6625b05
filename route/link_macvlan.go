package route

import (
	"context"
	"net"

	"github.com/nltag/go-netlink/internal/unix"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// MacvlanData is the data of kind "macvlan" (IFLA_MACVLAN_*).
type MacvlanData struct {
	_ nltag.Set `nla:"link-macvlan"`
	// Mode says how the macvlan talks to its siblings.
	Mode MacvlanMode `nla:"IFLA_MACVLAN_MODE,omitempty"`
	// Flags are MACVLAN_FLAG_* flags.
	Flags MacvlanFlags `nla:"IFLA_MACVLAN_FLAGS,omitempty"`
	// MacaddrMode is what a request does with Macaddr in source mode.
	MacaddrMode *MacvlanMacaddrMode `nla:"IFLA_MACVLAN_MACADDR_MODE"`
	// Macaddr is a source address to add or delete (source mode).
	Macaddr net.HardwareAddr `nla:"IFLA_MACVLAN_MACADDR"`
	// MacaddrData lists the source addresses (source mode).
	MacaddrData *MacvlanMacaddrs `nla:"IFLA_MACVLAN_MACADDR_DATA"`
	// MacaddrCount is the number of source addresses.
	MacaddrCount uint32 `nla:"IFLA_MACVLAN_MACADDR_COUNT,omitempty"`
	// BcQueueLen is the requested length of the broadcast queue, and
	// BcQueueLenUsed the length in use (the largest any macvlan of the
	// lower device asked for).
	BcQueueLen     uint32 `nla:"IFLA_MACVLAN_BC_QUEUE_LEN,omitempty"`
	BcQueueLenUsed uint32 `nla:"IFLA_MACVLAN_BC_QUEUE_LEN_USED,omitempty"`
	// BcCutoff is the number of macvlans above which broadcasts are queued
	// instead of delivered at once; negative disables queueing.
	BcCutoff *int32 `nla:"IFLA_MACVLAN_BC_CUTOFF"`
	// Wire keeps unknown attributes and the order of arrival.
	Wire nltag.Wire
}

// MacvtapData is the data of kind "macvtap": the same attributes as macvlan.
type MacvtapData MacvlanData

// MacvlanMacaddrs is IFLA_MACVLAN_MACADDR_DATA: a list of addresses.
type MacvlanMacaddrs struct {
	_ nltag.Set `nla:"link-macvlan"`
	// Addrs are the addresses, one IFLA_MACVLAN_MACADDR each.
	Addrs []net.HardwareAddr `nla:"IFLA_MACVLAN_MACADDR,multi"`
	// Wire keeps unknown attributes and the order of arrival.
	Wire nltag.Wire
}

// MacvlanMode is a macvlan's mode (MACVLAN_MODE_*).
type MacvlanMode uint32

// The macvlan modes.
const (
	MacvlanModePrivate  MacvlanMode = 1  // no traffic between macvlans
	MacvlanModeVEPA     MacvlanMode = 2  // traffic between macvlans goes through the external switch
	MacvlanModeBridge   MacvlanMode = 4  // macvlans talk to each other directly
	MacvlanModePassthru MacvlanMode = 8  // take over the lower device
	MacvlanModeSource   MacvlanMode = 16 // accept only listed source addresses
)

var macvlanModes = netlink.NewEnum(map[MacvlanMode]string{
	MacvlanModePrivate: "PRIVATE", MacvlanModeVEPA: "VEPA", MacvlanModeBridge: "BRIDGE",
	MacvlanModePassthru: "PASSTHRU", MacvlanModeSource: "SOURCE",
})

// String returns the mode's name.
func (m MacvlanMode) String() string { return macvlanModes.Format(m) }

// MacvlanFlags are the MACVLAN_FLAG_* flags.
type MacvlanFlags uint16

// The macvlan flags.
const (
	MacvlanFlagNoPromisc MacvlanFlags = 1 // passthru mode: leave the lower device's promiscuity alone
	MacvlanFlagNoDst     MacvlanFlags = 2 // source mode: skip destination lookup
)

var macvlanFlags = netlink.NewFlags(map[MacvlanFlags]string{MacvlanFlagNoPromisc: "NOPROMISC", MacvlanFlagNoDst: "NODST"})

// String returns the flags as "NOPROMISC|NODST".
func (f MacvlanFlags) String() string { return macvlanFlags.Format(f) }

// MacvlanMacaddrMode is what a request does with a source address
// (MACVLAN_MACADDR_*).
type MacvlanMacaddrMode uint32

// The source-address operations.
const (
	MacvlanMacaddrAdd   MacvlanMacaddrMode = 0
	MacvlanMacaddrDel   MacvlanMacaddrMode = 1
	MacvlanMacaddrFlush MacvlanMacaddrMode = 2
	MacvlanMacaddrSet   MacvlanMacaddrMode = 3
)

var macvlanMacaddrModes = netlink.NewEnum(map[MacvlanMacaddrMode]string{
	MacvlanMacaddrAdd: "ADD", MacvlanMacaddrDel: "DEL", MacvlanMacaddrFlush: "FLUSH", MacvlanMacaddrSet: "SET",
})

// String returns the operation's name.
func (m MacvlanMacaddrMode) String() string { return macvlanMacaddrModes.Format(m) }

var _ = nltag.RegisterSet(&nltag.AttrSet{Name: "link-macvlan", Attrs: map[string]uint16{
	"IFLA_MACVLAN_UNSPEC":            unix.IFLA_MACVLAN_UNSPEC,
	"IFLA_MACVLAN_MODE":              unix.IFLA_MACVLAN_MODE,
	"IFLA_MACVLAN_FLAGS":             unix.IFLA_MACVLAN_FLAGS,
	"IFLA_MACVLAN_MACADDR_MODE":      unix.IFLA_MACVLAN_MACADDR_MODE,
	"IFLA_MACVLAN_MACADDR":           unix.IFLA_MACVLAN_MACADDR,
	"IFLA_MACVLAN_MACADDR_DATA":      unix.IFLA_MACVLAN_MACADDR_DATA,
	"IFLA_MACVLAN_MACADDR_COUNT":     unix.IFLA_MACVLAN_MACADDR_COUNT,
	"IFLA_MACVLAN_BC_QUEUE_LEN":      unix.IFLA_MACVLAN_BC_QUEUE_LEN,
	"IFLA_MACVLAN_BC_QUEUE_LEN_USED": unix.IFLA_MACVLAN_BC_QUEUE_LEN_USED,
	"IFLA_MACVLAN_BC_CUTOFF":         unix.IFLA_MACVLAN_BC_CUTOFF,
}})

// Macvlan is a link with its own hardware address on top of a parent link.
type Macvlan struct {
	// Parent is the lower link.
	Parent LinkRef
	// Mode says how macvlans of one parent reach each other; zero leaves
	// the kernel's default (vepa).
	Mode MacvlanMode
}

// Kind returns "macvlan".
func (*Macvlan) Kind() string { return "macvlan" }

func (m *Macvlan) build(ctx context.Context, c *Client, req *Link) (func(), error) {
	if err := setParent(ctx, c, req, "Macvlan.Parent", m.Parent); err != nil {
		return nil, err
	}
	req.LinkInfo = &LinkInfo{Kind: "macvlan", Data: &MacvlanData{Mode: m.Mode}}
	return noCleanup, nil
}

// Macvtap is a Macvlan whose traffic also reaches a character device
// (/dev/tapN), as virtual machines use.
type Macvtap Macvlan

// Kind returns "macvtap".
func (*Macvtap) Kind() string { return "macvtap" }

func (m *Macvtap) build(ctx context.Context, c *Client, req *Link) (func(), error) {
	if err := setParent(ctx, c, req, "Macvtap.Parent", m.Parent); err != nil {
		return nil, err
	}
	req.LinkInfo = &LinkInfo{Kind: "macvtap", Data: &MacvtapData{Mode: m.Mode}}
	return noCleanup, nil
}

func init() {
	nltag.RegisterSubMessageOf[MacvlanData]("link-kind", "macvlan")
	nltag.RegisterSubMessageOf[MacvtapData]("link-kind", "macvtap")
}
