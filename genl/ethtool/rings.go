package ethtool

import (
	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// Rings is the body of ETHTOOL_MSG_RINGS_GET, RINGS_SET, their reply and
// notification: the sizes of a device's DMA rings, what `ethtool -g DEV`
// shows. Drivers without rings (veth among them) answer EOPNOTSUPP.
// Attributes are pointers, nil when absent; the kernel leaves out limits
// that are 0.
type Rings struct {
	genl.Header
	_          nltag.Set `nla:"ethtool-rings"`
	Dev        *Dev      `nla:"ETHTOOL_A_RINGS_HEADER"`
	RxMax      *uint32   `nla:"ETHTOOL_A_RINGS_RX_MAX"`
	RxMiniMax  *uint32   `nla:"ETHTOOL_A_RINGS_RX_MINI_MAX"`
	RxJumboMax *uint32   `nla:"ETHTOOL_A_RINGS_RX_JUMBO_MAX"`
	TxMax      *uint32   `nla:"ETHTOOL_A_RINGS_TX_MAX"`
	Rx         *uint32   `nla:"ETHTOOL_A_RINGS_RX"`
	RxMini     *uint32   `nla:"ETHTOOL_A_RINGS_RX_MINI"`
	RxJumbo    *uint32   `nla:"ETHTOOL_A_RINGS_RX_JUMBO"`
	Tx         *uint32   `nla:"ETHTOOL_A_RINGS_TX"`
	// RxBufLen is the size of receive buffers.
	RxBufLen     *uint32       `nla:"ETHTOOL_A_RINGS_RX_BUF_LEN"`
	TCPDataSplit *TCPDataSplit `nla:"ETHTOOL_A_RINGS_TCP_DATA_SPLIT"`
	// CQESize is the size of completion queue events.
	CQESize *uint32 `nla:"ETHTOOL_A_RINGS_CQE_SIZE"`
	// TxPush and RxPush are whether descriptors are pushed through MMIO.
	TxPush          *bool   `nla:"ETHTOOL_A_RINGS_TX_PUSH,u8"`
	RxPush          *bool   `nla:"ETHTOOL_A_RINGS_RX_PUSH,u8"`
	TxPushBufLen    *uint32 `nla:"ETHTOOL_A_RINGS_TX_PUSH_BUF_LEN"`
	TxPushBufLenMax *uint32 `nla:"ETHTOOL_A_RINGS_TX_PUSH_BUF_LEN_MAX"`
	// HDSThresh is the packet size from which headers and data are split.
	HDSThresh    *uint32 `nla:"ETHTOOL_A_RINGS_HDS_THRESH"`
	HDSThreshMax *uint32 `nla:"ETHTOOL_A_RINGS_HDS_THRESH_MAX"`
	Wire         nltag.Wire
}

// TCPDataSplit is the state of TCP header/data split
// (ETHTOOL_TCP_DATA_SPLIT_*).
type TCPDataSplit uint8

// TCP header/data split states.
const (
	TCPDataSplitUnknown  TCPDataSplit = 0
	TCPDataSplitDisabled TCPDataSplit = 1
	TCPDataSplitEnabled  TCPDataSplit = 2
)

var tcpDataSplits = netlink.NewEnum(map[TCPDataSplit]string{
	TCPDataSplitUnknown:  "ETHTOOL_TCP_DATA_SPLIT_UNKNOWN",
	TCPDataSplitDisabled: "ETHTOOL_TCP_DATA_SPLIT_DISABLED",
	TCPDataSplitEnabled:  "ETHTOOL_TCP_DATA_SPLIT_ENABLED",
})

// String returns the state's name.
func (s TCPDataSplit) String() string { return tcpDataSplits.Format(s) }
