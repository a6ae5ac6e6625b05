package ethtool

import (
	"strconv"

	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// LinkModes is the body of ETHTOOL_MSG_LINKMODES_GET, LINKMODES_SET, their
// reply and notification: speed, duplex, autonegotiation and the link modes
// a device supports and advertises, what `ethtool DEV` shows first.
// Attributes are pointers, nil when absent.
type LinkModes struct {
	genl.Header
	_       nltag.Set `nla:"ethtool-linkmodes"`
	Dev     *Dev      `nla:"ETHTOOL_A_LINKMODES_HEADER"`
	Autoneg *bool     `nla:"ETHTOOL_A_LINKMODES_AUTONEG,u8"`
	// Ours holds the supported link modes as its mask and the advertised
	// ones as its value; Peer, the modes the link partner advertises.
	Ours             *Bitset           `nla:"ETHTOOL_A_LINKMODES_OURS"`
	Peer             *Bitset           `nla:"ETHTOOL_A_LINKMODES_PEER"`
	Speed            *Speed            `nla:"ETHTOOL_A_LINKMODES_SPEED"`
	Duplex           *Duplex           `nla:"ETHTOOL_A_LINKMODES_DUPLEX"`
	MasterSlaveCfg   *MasterSlaveCfg   `nla:"ETHTOOL_A_LINKMODES_MASTER_SLAVE_CFG"`
	MasterSlaveState *MasterSlaveState `nla:"ETHTOOL_A_LINKMODES_MASTER_SLAVE_STATE"`
	Lanes            *uint32           `nla:"ETHTOOL_A_LINKMODES_LANES"`
	RateMatching     *uint8            `nla:"ETHTOOL_A_LINKMODES_RATE_MATCHING"`
	Wire             nltag.Wire
}

// Speed is a link speed in Mb/s.
type Speed uint32

// SpeedUnknown is the speed of a link whose speed is not known, such as a
// link that is down.
const SpeedUnknown Speed = 0xffffffff

// String returns the speed in decimal, or "unknown".
func (s Speed) String() string {
	if s == SpeedUnknown {
		return "unknown"
	}
	return strconv.FormatUint(uint64(s), 10)
}

// Duplex is a link's duplex mode (DUPLEX_*).
type Duplex uint8

// Duplex modes.
const (
	DuplexHalf    Duplex = 0x00
	DuplexFull    Duplex = 0x01
	DuplexUnknown Duplex = 0xff
)

var duplexes = netlink.NewEnum(map[Duplex]string{
	DuplexHalf: "DUPLEX_HALF", DuplexFull: "DUPLEX_FULL", DuplexUnknown: "DUPLEX_UNKNOWN",
})

// String returns the mode's name, such as "DUPLEX_FULL".
func (d Duplex) String() string { return duplexes.Format(d) }

// MasterSlaveCfg is the master/slave setting of a BASE-T1 or 1000BASE-T
// port (MASTER_SLAVE_CFG_*).
type MasterSlaveCfg uint8

// Master/slave settings.
const (
	MasterSlaveCfgUnsupported     MasterSlaveCfg = 0
	MasterSlaveCfgUnknown         MasterSlaveCfg = 1
	MasterSlaveCfgMasterPreferred MasterSlaveCfg = 2
	MasterSlaveCfgSlavePreferred  MasterSlaveCfg = 3
	MasterSlaveCfgMasterForce     MasterSlaveCfg = 4
	MasterSlaveCfgSlaveForce      MasterSlaveCfg = 5
)

var masterSlaveCfgs = netlink.NewEnum(map[MasterSlaveCfg]string{
	MasterSlaveCfgUnsupported:     "MASTER_SLAVE_CFG_UNSUPPORTED",
	MasterSlaveCfgUnknown:         "MASTER_SLAVE_CFG_UNKNOWN",
	MasterSlaveCfgMasterPreferred: "MASTER_SLAVE_CFG_MASTER_PREFERRED",
	MasterSlaveCfgSlavePreferred:  "MASTER_SLAVE_CFG_SLAVE_PREFERRED",
	MasterSlaveCfgMasterForce:     "MASTER_SLAVE_CFG_MASTER_FORCE",
	MasterSlaveCfgSlaveForce:      "MASTER_SLAVE_CFG_SLAVE_FORCE",
})

// String returns the setting's name.
func (c MasterSlaveCfg) String() string { return masterSlaveCfgs.Format(c) }

// MasterSlaveState is the master/slave role a port resolved
// (MASTER_SLAVE_STATE_*).
type MasterSlaveState uint8

// Master/slave states.
const (
	MasterSlaveStateUnsupported MasterSlaveState = 0
	MasterSlaveStateUnknown     MasterSlaveState = 1
	MasterSlaveStateMaster      MasterSlaveState = 2
	MasterSlaveStateSlave       MasterSlaveState = 3
	MasterSlaveStateErr         MasterSlaveState = 4
)

var masterSlaveStates = netlink.NewEnum(map[MasterSlaveState]string{
	MasterSlaveStateUnsupported: "MASTER_SLAVE_STATE_UNSUPPORTED",
	MasterSlaveStateUnknown:     "MASTER_SLAVE_STATE_UNKNOWN",
	MasterSlaveStateMaster:      "MASTER_SLAVE_STATE_MASTER",
	MasterSlaveStateSlave:       "MASTER_SLAVE_STATE_SLAVE",
	MasterSlaveStateErr:         "MASTER_SLAVE_STATE_ERR",
})

// String returns the state's name.
func (s MasterSlaveState) String() string { return masterSlaveStates.Format(s) }
