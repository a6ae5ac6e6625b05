package ethtool

import (
	"github.com/nltag/go-netlink/internal/unix"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// Dev is the header nest that every ethtool message carries
// (ETHTOOL_A_*_HEADER, attributes ETHTOOL_A_HEADER_*). In a request it
// names the device, by Index or Name, and sets flags; in a reply it names
// the device both ways. A dump request gives no device.
type Dev struct {
	_        nltag.Set       `nla:"ethtool-header"`
	Index    netlink.IfIndex `nla:"ETHTOOL_A_HEADER_DEV_INDEX,omitempty"`
	Name     string          `nla:"ETHTOOL_A_HEADER_DEV_NAME,omitempty"`
	Flags    HeaderFlags     `nla:"ETHTOOL_A_HEADER_FLAGS,omitempty"`
	PHYIndex uint32          `nla:"ETHTOOL_A_HEADER_PHY_INDEX,omitempty"` // a PHY of the device, for devices with several
	Wire     nltag.Wire
}

// HeaderFlags modify a request (ETHTOOL_FLAG_*).
type HeaderFlags uint32

// Header flags.
const (
	// FlagCompactBitsets asks for bit sets as bit maps (Bitset.Value and
	// Mask) rather than lists of named bits.
	FlagCompactBitsets HeaderFlags = unix.ETHTOOL_FLAG_COMPACT_BITSETS
	// FlagOmitReply asks a SET request not to answer with the new state.
	FlagOmitReply HeaderFlags = unix.ETHTOOL_FLAG_OMIT_REPLY
	// FlagStats asks for statistics, where the driver keeps them.
	FlagStats HeaderFlags = unix.ETHTOOL_FLAG_STATS
)

var headerFlags = netlink.NewFlags(map[HeaderFlags]string{
	FlagCompactBitsets: "ETHTOOL_FLAG_COMPACT_BITSETS",
	FlagOmitReply:      "ETHTOOL_FLAG_OMIT_REPLY",
	FlagStats:          "ETHTOOL_FLAG_STATS",
})

// String returns the flags as "ETHTOOL_FLAG_COMPACT_BITSETS|ETHTOOL_FLAG_STATS".
func (f HeaderFlags) String() string { return headerFlags.Format(f) }

// ByName returns the header of a request about the device called name.
func ByName(name string) *Dev { return &Dev{Name: name} }

// ByIndex returns the header of a request about the device with index i.
func ByIndex(i netlink.IfIndex) *Dev { return &Dev{Index: i} }
