package ethtool

import (
	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/nltag"
)

// Channels is the body of ETHTOOL_MSG_CHANNELS_GET, CHANNELS_SET, their
// reply and notification: how many queues (channels) of each kind a device
// has and can have, what `ethtool -l DEV` shows. Attributes are pointers,
// nil when absent; the kernel leaves out kinds whose maximum is 0.
type Channels struct {
	genl.Header
	_             nltag.Set `nla:"ethtool-channels"`
	Dev           *Dev      `nla:"ETHTOOL_A_CHANNELS_HEADER"`
	RxMax         *uint32   `nla:"ETHTOOL_A_CHANNELS_RX_MAX"`
	TxMax         *uint32   `nla:"ETHTOOL_A_CHANNELS_TX_MAX"`
	OtherMax      *uint32   `nla:"ETHTOOL_A_CHANNELS_OTHER_MAX"`
	CombinedMax   *uint32   `nla:"ETHTOOL_A_CHANNELS_COMBINED_MAX"`
	RxCount       *uint32   `nla:"ETHTOOL_A_CHANNELS_RX_COUNT"`
	TxCount       *uint32   `nla:"ETHTOOL_A_CHANNELS_TX_COUNT"`
	OtherCount    *uint32   `nla:"ETHTOOL_A_CHANNELS_OTHER_COUNT"`
	CombinedCount *uint32   `nla:"ETHTOOL_A_CHANNELS_COMBINED_COUNT"`
	Wire          nltag.Wire
}
