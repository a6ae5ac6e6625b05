package conntrack

import (
	"github.com/nltag/go-netlink/netfilter"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// Messages of the conntrack subsystem (IPCTNL_MSG_CT_*), the low byte of
// the netlink message type; MsgType gives the whole type.
const (
	MsgNew            uint8 = 0 // create or update an entry; also the event of one created or changed
	MsgGet            uint8 = 1 // read one entry, or dump them
	MsgDelete         uint8 = 2 // delete one entry, or flush; also the event of one destroyed
	MsgGetCtrZero     uint8 = 3 // GET, then zero the counters
	MsgGetStatsCPU    uint8 = 4 // per-CPU statistics
	MsgGetStats       uint8 = 5 // global statistics
	MsgGetDying       uint8 = 6 // dump the dying entries
	MsgGetUnconfirmed uint8 = 7 // dump the unconfirmed entries
)

// MsgType returns the netlink message type of the conntrack message msg.
func MsgType(msg uint8) netlink.MsgType { return netfilter.MsgType(netfilter.SubsysCTNetlink, msg) }

// Messages is the table of the conntrack subsystem's messages: their names
// and body types, for decoding what a NETLINK_NETFILTER socket receives
// about connection tracking.
var Messages = netlink.NewTable("netfilter conntrack")

func init() {
	for msg, name := range map[uint8]string{
		MsgNew:            "IPCTNL_MSG_CT_NEW",
		MsgGet:            "IPCTNL_MSG_CT_GET",
		MsgDelete:         "IPCTNL_MSG_CT_DELETE",
		MsgGetCtrZero:     "IPCTNL_MSG_CT_GET_CTRZERO",
		MsgGetDying:       "IPCTNL_MSG_CT_GET_DYING",
		MsgGetUnconfirmed: "IPCTNL_MSG_CT_GET_UNCONFIRMED",
	} {
		netlink.RegisterType[Entry](Messages, MsgType(msg), name)
	}
	netlink.RegisterType[StatsCPU](Messages, MsgType(MsgGetStatsCPU), "IPCTNL_MSG_CT_GET_STATS_CPU")
	netlink.RegisterType[Stats](Messages, MsgType(MsgGetStats), "IPCTNL_MSG_CT_GET_STATS")
}

// The attribute sets of ctnetlink, numbered as linux/netfilter/
// nfnetlink_conntrack.h numbers them. The kernel sets NLA_F_NESTED on its
// nests, and so do these sets.
func init() {
	for name, attrs := range map[string]map[string]uint16{
		"conntrack": {
			"CTA_TUPLE_ORIG":      1,
			"CTA_TUPLE_REPLY":     2,
			"CTA_STATUS":          3,
			"CTA_PROTOINFO":       4,
			"CTA_HELP":            5,
			"CTA_NAT_SRC":         6,
			"CTA_TIMEOUT":         7,
			"CTA_MARK":            8,
			"CTA_COUNTERS_ORIG":   9,
			"CTA_COUNTERS_REPLY":  10,
			"CTA_USE":             11,
			"CTA_ID":              12,
			"CTA_NAT_DST":         13,
			"CTA_TUPLE_MASTER":    14,
			"CTA_SEQ_ADJ_ORIG":    15,
			"CTA_SEQ_ADJ_REPLY":   16,
			"CTA_SECMARK":         17,
			"CTA_ZONE":            18,
			"CTA_SECCTX":          19,
			"CTA_TIMESTAMP":       20,
			"CTA_MARK_MASK":       21,
			"CTA_LABELS":          22,
			"CTA_LABELS_MASK":     23,
			"CTA_SYNPROXY":        24,
			"CTA_FILTER":          25,
			"CTA_STATUS_MASK":     26,
			"CTA_TIMESTAMP_EVENT": 27,
		},
		"conntrack-tuple": {
			"CTA_TUPLE_IP":    1,
			"CTA_TUPLE_PROTO": 2,
			"CTA_TUPLE_ZONE":  3,
		},
		"conntrack-ip": {
			"CTA_IP_V4_SRC": 1,
			"CTA_IP_V4_DST": 2,
			"CTA_IP_V6_SRC": 3,
			"CTA_IP_V6_DST": 4,
		},
		"conntrack-proto": {
			"CTA_PROTO_NUM":         1,
			"CTA_PROTO_SRC_PORT":    2,
			"CTA_PROTO_DST_PORT":    3,
			"CTA_PROTO_ICMP_ID":     4,
			"CTA_PROTO_ICMP_TYPE":   5,
			"CTA_PROTO_ICMP_CODE":   6,
			"CTA_PROTO_ICMPV6_ID":   7,
			"CTA_PROTO_ICMPV6_TYPE": 8,
			"CTA_PROTO_ICMPV6_CODE": 9,
		},
		"conntrack-protoinfo": {
			"CTA_PROTOINFO_TCP":  1,
			"CTA_PROTOINFO_DCCP": 2,
			"CTA_PROTOINFO_SCTP": 3,
		},
		"conntrack-protoinfo-tcp": {
			"CTA_PROTOINFO_TCP_STATE":           1,
			"CTA_PROTOINFO_TCP_WSCALE_ORIGINAL": 2,
			"CTA_PROTOINFO_TCP_WSCALE_REPLY":    3,
			"CTA_PROTOINFO_TCP_FLAGS_ORIGINAL":  4,
			"CTA_PROTOINFO_TCP_FLAGS_REPLY":     5,
		},
		"conntrack-protoinfo-dccp": {
			"CTA_PROTOINFO_DCCP_STATE":         1,
			"CTA_PROTOINFO_DCCP_ROLE":          2,
			"CTA_PROTOINFO_DCCP_HANDSHAKE_SEQ": 3,
		},
		"conntrack-protoinfo-sctp": {
			"CTA_PROTOINFO_SCTP_STATE":         1,
			"CTA_PROTOINFO_SCTP_VTAG_ORIGINAL": 2,
			"CTA_PROTOINFO_SCTP_VTAG_REPLY":    3,
		},
		"conntrack-counters": {
			"CTA_COUNTERS_PACKETS":   1,
			"CTA_COUNTERS_BYTES":     2,
			"CTA_COUNTERS32_PACKETS": 3,
			"CTA_COUNTERS32_BYTES":   4,
			"CTA_COUNTERS_PAD":       5,
		},
		"conntrack-timestamp": {
			"CTA_TIMESTAMP_START": 1,
			"CTA_TIMESTAMP_STOP":  2,
			"CTA_TIMESTAMP_PAD":   3,
		},
		"conntrack-nat": {
			"CTA_NAT_V4_MINIP": 1,
			"CTA_NAT_V4_MAXIP": 2,
			"CTA_NAT_PROTO":    3,
			"CTA_NAT_V6_MINIP": 4,
			"CTA_NAT_V6_MAXIP": 5,
		},
		"conntrack-protonat": {
			"CTA_PROTONAT_PORT_MIN": 1,
			"CTA_PROTONAT_PORT_MAX": 2,
		},
		"conntrack-seqadj": {
			"CTA_SEQADJ_CORRECTION_POS": 1,
			"CTA_SEQADJ_OFFSET_BEFORE":  2,
			"CTA_SEQADJ_OFFSET_AFTER":   3,
		},
		"conntrack-help": {
			"CTA_HELP_NAME": 1,
			"CTA_HELP_INFO": 2,
		},
		"conntrack-secctx": {
			"CTA_SECCTX_NAME": 1,
		},
		"conntrack-synproxy": {
			"CTA_SYNPROXY_ISN":   1,
			"CTA_SYNPROXY_ITS":   2,
			"CTA_SYNPROXY_TSOFF": 3,
		},
		"conntrack-filter": {
			"CTA_FILTER_ORIG_FLAGS":  1,
			"CTA_FILTER_REPLY_FLAGS": 2,
		},
		"conntrack-stats-cpu": {
			"CTA_STATS_SEARCHED":       1,
			"CTA_STATS_FOUND":          2,
			"CTA_STATS_NEW":            3,
			"CTA_STATS_INVALID":        4,
			"CTA_STATS_IGNORE":         5,
			"CTA_STATS_DELETE":         6,
			"CTA_STATS_DELETE_LIST":    7,
			"CTA_STATS_INSERT":         8,
			"CTA_STATS_INSERT_FAILED":  9,
			"CTA_STATS_DROP":           10,
			"CTA_STATS_EARLY_DROP":     11,
			"CTA_STATS_ERROR":          12,
			"CTA_STATS_SEARCH_RESTART": 13,
			"CTA_STATS_CLASH_RESOLVE":  14,
			"CTA_STATS_CHAIN_TOOLONG":  15,
		},
		"conntrack-stats-global": {
			"CTA_STATS_GLOBAL_ENTRIES":     1,
			"CTA_STATS_GLOBAL_MAX_ENTRIES": 2,
		},
	} {
		nltag.RegisterSet(&nltag.AttrSet{Name: name, Attrs: attrs, NestedFlag: true})
	}
}
