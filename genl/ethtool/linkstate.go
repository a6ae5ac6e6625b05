package ethtool

import (
	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// LinkState is the body of ETHTOOL_MSG_LINKSTATE_GET and its reply: whether
// the link is up ("Link detected" of `ethtool DEV`), the signal quality
// where the PHY measures it, and why a link is down where the driver knows.
// Attributes are pointers, nil when absent.
type LinkState struct {
	genl.Header
	_   nltag.Set `nla:"ethtool-linkstate"`
	Dev *Dev      `nla:"ETHTOOL_A_LINKSTATE_HEADER"`
	// Link is whether the link is up.
	Link *bool `nla:"ETHTOOL_A_LINKSTATE_LINK,u8"`
	// SQI is the signal quality index, out of SQIMax.
	SQI    *uint32 `nla:"ETHTOOL_A_LINKSTATE_SQI"`
	SQIMax *uint32 `nla:"ETHTOOL_A_LINKSTATE_SQI_MAX"`
	// ExtState and ExtSubstate say why a link is down; the substate's
	// meaning depends on the state.
	ExtState    *ExtState `nla:"ETHTOOL_A_LINKSTATE_EXT_STATE"`
	ExtSubstate *uint8    `nla:"ETHTOOL_A_LINKSTATE_EXT_SUBSTATE"`
	// DownEvents counts the times the link went down.
	DownEvents *uint32 `nla:"ETHTOOL_A_LINKSTATE_EXT_DOWN_CNT"`
	Wire       nltag.Wire
}

// ExtState is the reason a link is down (ETHTOOL_LINK_EXT_STATE_*).
type ExtState uint8

// Reasons for a link to be down.
const (
	ExtStateAutoneg ExtState = iota
	ExtStateLinkTrainingFailure
	ExtStateLinkLogicalMismatch
	ExtStateBadSignalIntegrity
	ExtStateNoCable
	ExtStateCableIssue
	ExtStateEEPROMIssue
	ExtStateCalibrationFailure
	ExtStatePowerBudgetExceeded
	ExtStateOverheat
	ExtStateModule
)

var extStates = netlink.NewEnum(map[ExtState]string{
	ExtStateAutoneg:             "ETHTOOL_LINK_EXT_STATE_AUTONEG",
	ExtStateLinkTrainingFailure: "ETHTOOL_LINK_EXT_STATE_LINK_TRAINING_FAILURE",
	ExtStateLinkLogicalMismatch: "ETHTOOL_LINK_EXT_STATE_LINK_LOGICAL_MISMATCH",
	ExtStateBadSignalIntegrity:  "ETHTOOL_LINK_EXT_STATE_BAD_SIGNAL_INTEGRITY",
	ExtStateNoCable:             "ETHTOOL_LINK_EXT_STATE_NO_CABLE",
	ExtStateCableIssue:          "ETHTOOL_LINK_EXT_STATE_CABLE_ISSUE",
	ExtStateEEPROMIssue:         "ETHTOOL_LINK_EXT_STATE_EEPROM_ISSUE",
	ExtStateCalibrationFailure:  "ETHTOOL_LINK_EXT_STATE_CALIBRATION_FAILURE",
	ExtStatePowerBudgetExceeded: "ETHTOOL_LINK_EXT_STATE_POWER_BUDGET_EXCEEDED",
	ExtStateOverheat:            "ETHTOOL_LINK_EXT_STATE_OVERHEAT",
	ExtStateModule:              "ETHTOOL_LINK_EXT_STATE_MODULE",
})

// String returns the reason's name.
func (s ExtState) String() string { return extStates.Format(s) }
