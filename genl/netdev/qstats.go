package netdev

import (
	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// QStats is the body of NETDEV_CMD_QSTATS_GET, a dump of the statistics
// drivers keep per device or per queue, beyond rtnl_link_stats64. A request
// may give Ifindex and Scope (QStatsScopeQueue for one reply per queue);
// replies hold the counters the driver keeps, nil for the others.
type QStats struct {
	genl.Header
	_         nltag.Set       `nla:"netdev-qstats"`
	Ifindex   netlink.IfIndex `nla:"NETDEV_A_QSTATS_IFINDEX,omitempty"`
	QueueType *QueueType      `nla:"NETDEV_A_QSTATS_QUEUE_TYPE"`
	QueueID   *uint32         `nla:"NETDEV_A_QSTATS_QUEUE_ID"`
	Scope     QStatsScope     `nla:"NETDEV_A_QSTATS_SCOPE,uint,omitempty"`

	RxPackets          *uint64 `nla:"NETDEV_A_QSTATS_RX_PACKETS,uint"`
	RxBytes            *uint64 `nla:"NETDEV_A_QSTATS_RX_BYTES,uint"`
	TxPackets          *uint64 `nla:"NETDEV_A_QSTATS_TX_PACKETS,uint"`
	TxBytes            *uint64 `nla:"NETDEV_A_QSTATS_TX_BYTES,uint"`
	RxAllocFail        *uint64 `nla:"NETDEV_A_QSTATS_RX_ALLOC_FAIL,uint"`
	RxHWDrops          *uint64 `nla:"NETDEV_A_QSTATS_RX_HW_DROPS,uint"`
	RxHWDropOverruns   *uint64 `nla:"NETDEV_A_QSTATS_RX_HW_DROP_OVERRUNS,uint"`
	RxCsumComplete     *uint64 `nla:"NETDEV_A_QSTATS_RX_CSUM_COMPLETE,uint"`
	RxCsumUnnecessary  *uint64 `nla:"NETDEV_A_QSTATS_RX_CSUM_UNNECESSARY,uint"`
	RxCsumNone         *uint64 `nla:"NETDEV_A_QSTATS_RX_CSUM_NONE,uint"`
	RxCsumBad          *uint64 `nla:"NETDEV_A_QSTATS_RX_CSUM_BAD,uint"`
	RxHWGROPackets     *uint64 `nla:"NETDEV_A_QSTATS_RX_HW_GRO_PACKETS,uint"`
	RxHWGROBytes       *uint64 `nla:"NETDEV_A_QSTATS_RX_HW_GRO_BYTES,uint"`
	RxHWGROWirePackets *uint64 `nla:"NETDEV_A_QSTATS_RX_HW_GRO_WIRE_PACKETS,uint"`
	RxHWGROWireBytes   *uint64 `nla:"NETDEV_A_QSTATS_RX_HW_GRO_WIRE_BYTES,uint"`
	RxHWDropRatelimits *uint64 `nla:"NETDEV_A_QSTATS_RX_HW_DROP_RATELIMITS,uint"`
	TxHWDrops          *uint64 `nla:"NETDEV_A_QSTATS_TX_HW_DROPS,uint"`
	TxHWDropErrors     *uint64 `nla:"NETDEV_A_QSTATS_TX_HW_DROP_ERRORS,uint"`
	TxCsumNone         *uint64 `nla:"NETDEV_A_QSTATS_TX_CSUM_NONE,uint"`
	TxNeedsCsum        *uint64 `nla:"NETDEV_A_QSTATS_TX_NEEDS_CSUM,uint"`
	TxHWGSOPackets     *uint64 `nla:"NETDEV_A_QSTATS_TX_HW_GSO_PACKETS,uint"`
	TxHWGSOBytes       *uint64 `nla:"NETDEV_A_QSTATS_TX_HW_GSO_BYTES,uint"`
	TxHWGSOWirePackets *uint64 `nla:"NETDEV_A_QSTATS_TX_HW_GSO_WIRE_PACKETS,uint"`
	TxHWGSOWireBytes   *uint64 `nla:"NETDEV_A_QSTATS_TX_HW_GSO_WIRE_BYTES,uint"`
	TxHWDropRatelimits *uint64 `nla:"NETDEV_A_QSTATS_TX_HW_DROP_RATELIMITS,uint"`
	TxStop             *uint64 `nla:"NETDEV_A_QSTATS_TX_STOP,uint"`
	TxWake             *uint64 `nla:"NETDEV_A_QSTATS_TX_WAKE,uint"`
	Wire               nltag.Wire
}

// QStatsScope says how statistics are grouped (NETDEV_QSTATS_SCOPE_*): by
// device when 0.
type QStatsScope uint64

// QStatsScopeQueue asks for statistics per queue.
const QStatsScopeQueue QStatsScope = 1

var qstatsScopes = netlink.NewFlags(map[QStatsScope]string{
	QStatsScopeQueue: "NETDEV_QSTATS_SCOPE_QUEUE",
})

// String returns the scope as "NETDEV_QSTATS_SCOPE_QUEUE", or "0" for a
// device's totals.
func (s QStatsScope) String() string { return qstatsScopes.Format(s) }
