package netdev

import (
	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/nltag"
)

// The family's name, interface version and multicast groups.
const (
	FamilyName    = "netdev"
	Version       = 1
	MgmtGroup     = "mgmt"      // devices coming, going and changing
	PagePoolGroup = "page-pool" // page pools coming, going and changing
)

// Commands (NETDEV_CMD_*). The family numbers them alike in both
// directions; the notifications come only from the kernel.
const (
	CmdDevGet            uint8 = 1
	CmdDevAddNtf         uint8 = 2
	CmdDevDelNtf         uint8 = 3
	CmdDevChangeNtf      uint8 = 4
	CmdPagePoolGet       uint8 = 5
	CmdPagePoolAddNtf    uint8 = 6
	CmdPagePoolDelNtf    uint8 = 7
	CmdPagePoolChangeNtf uint8 = 8
	CmdPagePoolStatsGet  uint8 = 9
	CmdQueueGet          uint8 = 10
	CmdNAPIGet           uint8 = 11
	CmdQStatsGet         uint8 = 12
	CmdBindRx            uint8 = 13
	CmdNAPISet           uint8 = 14
	CmdBindTx            uint8 = 15
)

// Messages is the family's message table.
var Messages = genl.NewTable(FamilyName, Version)

func init() {
	Messages.Register(genl.Both, CmdDevGet, "NETDEV_CMD_DEV_GET", Dev{})
	Messages.Register(genl.FromKernel, CmdDevAddNtf, "NETDEV_CMD_DEV_ADD_NTF", Dev{})
	Messages.Register(genl.FromKernel, CmdDevDelNtf, "NETDEV_CMD_DEV_DEL_NTF", Dev{})
	Messages.Register(genl.FromKernel, CmdDevChangeNtf, "NETDEV_CMD_DEV_CHANGE_NTF", Dev{})
	Messages.Register(genl.Both, CmdPagePoolGet, "NETDEV_CMD_PAGE_POOL_GET", nil)
	Messages.Register(genl.FromKernel, CmdPagePoolAddNtf, "NETDEV_CMD_PAGE_POOL_ADD_NTF", nil)
	Messages.Register(genl.FromKernel, CmdPagePoolDelNtf, "NETDEV_CMD_PAGE_POOL_DEL_NTF", nil)
	Messages.Register(genl.FromKernel, CmdPagePoolChangeNtf, "NETDEV_CMD_PAGE_POOL_CHANGE_NTF", nil)
	Messages.Register(genl.Both, CmdPagePoolStatsGet, "NETDEV_CMD_PAGE_POOL_STATS_GET", nil)
	Messages.Register(genl.Both, CmdQueueGet, "NETDEV_CMD_QUEUE_GET", Queue{})
	Messages.Register(genl.Both, CmdNAPIGet, "NETDEV_CMD_NAPI_GET", NAPI{})
	Messages.Register(genl.Both, CmdQStatsGet, "NETDEV_CMD_QSTATS_GET", QStats{})
	Messages.Register(genl.Both, CmdBindRx, "NETDEV_CMD_BIND_RX", nil)
	Messages.Register(genl.Both, CmdNAPISet, "NETDEV_CMD_NAPI_SET", NAPI{})
	Messages.Register(genl.Both, CmdBindTx, "NETDEV_CMD_BIND_TX", nil)
}

// The family's attribute sets, numbered as netdev.yaml and
// linux/netdev.h number them. Nests carry NLA_F_NESTED.
func init() {
	for name, attrs := range map[string]map[string]uint16{
		"netdev-dev": {
			"NETDEV_A_DEV_IFINDEX":                  1,
			"NETDEV_A_DEV_PAD":                      2,
			"NETDEV_A_DEV_XDP_FEATURES":             3,
			"NETDEV_A_DEV_XDP_ZC_MAX_SEGS":          4,
			"NETDEV_A_DEV_XDP_RX_METADATA_FEATURES": 5,
			"NETDEV_A_DEV_XSK_FEATURES":             6,
		},
		"netdev-queue": {
			"NETDEV_A_QUEUE_ID":       1,
			"NETDEV_A_QUEUE_IFINDEX":  2,
			"NETDEV_A_QUEUE_TYPE":     3,
			"NETDEV_A_QUEUE_NAPI_ID":  4,
			"NETDEV_A_QUEUE_DMABUF":   5,
			"NETDEV_A_QUEUE_IO_URING": 6,
			"NETDEV_A_QUEUE_XSK":      7,
		},
		"netdev-napi": {
			"NETDEV_A_NAPI_IFINDEX":             1,
			"NETDEV_A_NAPI_ID":                  2,
			"NETDEV_A_NAPI_IRQ":                 3,
			"NETDEV_A_NAPI_PID":                 4,
			"NETDEV_A_NAPI_DEFER_HARD_IRQS":     5,
			"NETDEV_A_NAPI_GRO_FLUSH_TIMEOUT":   6,
			"NETDEV_A_NAPI_IRQ_SUSPEND_TIMEOUT": 7,
			"NETDEV_A_NAPI_THREADED":            8,
		},
		"netdev-qstats": {
			"NETDEV_A_QSTATS_IFINDEX":                1,
			"NETDEV_A_QSTATS_QUEUE_TYPE":             2,
			"NETDEV_A_QSTATS_QUEUE_ID":               3,
			"NETDEV_A_QSTATS_SCOPE":                  4,
			"NETDEV_A_QSTATS_RX_PACKETS":             8,
			"NETDEV_A_QSTATS_RX_BYTES":               9,
			"NETDEV_A_QSTATS_TX_PACKETS":             10,
			"NETDEV_A_QSTATS_TX_BYTES":               11,
			"NETDEV_A_QSTATS_RX_ALLOC_FAIL":          12,
			"NETDEV_A_QSTATS_RX_HW_DROPS":            13,
			"NETDEV_A_QSTATS_RX_HW_DROP_OVERRUNS":    14,
			"NETDEV_A_QSTATS_RX_CSUM_COMPLETE":       15,
			"NETDEV_A_QSTATS_RX_CSUM_UNNECESSARY":    16,
			"NETDEV_A_QSTATS_RX_CSUM_NONE":           17,
			"NETDEV_A_QSTATS_RX_CSUM_BAD":            18,
			"NETDEV_A_QSTATS_RX_HW_GRO_PACKETS":      19,
			"NETDEV_A_QSTATS_RX_HW_GRO_BYTES":        20,
			"NETDEV_A_QSTATS_RX_HW_GRO_WIRE_PACKETS": 21,
			"NETDEV_A_QSTATS_RX_HW_GRO_WIRE_BYTES":   22,
			"NETDEV_A_QSTATS_RX_HW_DROP_RATELIMITS":  23,
			"NETDEV_A_QSTATS_TX_HW_DROPS":            24,
			"NETDEV_A_QSTATS_TX_HW_DROP_ERRORS":      25,
			"NETDEV_A_QSTATS_TX_CSUM_NONE":           26,
			"NETDEV_A_QSTATS_TX_NEEDS_CSUM":          27,
			"NETDEV_A_QSTATS_TX_HW_GSO_PACKETS":      28,
			"NETDEV_A_QSTATS_TX_HW_GSO_BYTES":        29,
			"NETDEV_A_QSTATS_TX_HW_GSO_WIRE_PACKETS": 30,
			"NETDEV_A_QSTATS_TX_HW_GSO_WIRE_BYTES":   31,
			"NETDEV_A_QSTATS_TX_HW_DROP_RATELIMITS":  32,
			"NETDEV_A_QSTATS_TX_STOP":                33,
			"NETDEV_A_QSTATS_TX_WAKE":                34,
		},
	} {
		nltag.RegisterSet(&nltag.AttrSet{Name: name, Attrs: attrs, NestedFlag: true})
	}
}
