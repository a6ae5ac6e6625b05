package conntrack

import "github.com/nltag/go-netlink/netlink"

// Status is the status bits of an entry (IPS_*, linux/netfilter/
// nf_conntrack_common.h).
type Status uint32

// Status bits.
const (
	StatusExpected     Status = 1 << 0  // an expected connection (of a helper)
	StatusSeenReply    Status = 1 << 1  // packets went both ways
	StatusAssured      Status = 1 << 2  // never evicted early
	StatusConfirmed    Status = 1 << 3  // in the table (the first packet left)
	StatusSrcNAT       Status = 1 << 4  // source NAT applies
	StatusDstNAT       Status = 1 << 5  // destination NAT applies
	StatusSeqAdjust    Status = 1 << 6  // TCP sequence numbers are adjusted
	StatusSrcNATDone   Status = 1 << 7  // source NAT set up
	StatusDstNATDone   Status = 1 << 8  // destination NAT set up
	StatusDying        Status = 1 << 9  // being destroyed
	StatusFixedTimeout Status = 1 << 10 // the timeout is not refreshed
	StatusTemplate     Status = 1 << 11 // a template, not a connection
	StatusNATClash     Status = 1 << 12 // a clash was resolved by NAT (once IPS_UNTRACKED)
	StatusHelper       Status = 1 << 13 // a helper was attached by user space
	StatusOffload      Status = 1 << 14 // offloaded to the flow table
	StatusHWOffload    Status = 1 << 15 // offloaded to hardware
)

var statuses = netlink.NewFlags(map[Status]string{
	StatusExpected:     "IPS_EXPECTED",
	StatusSeenReply:    "IPS_SEEN_REPLY",
	StatusAssured:      "IPS_ASSURED",
	StatusConfirmed:    "IPS_CONFIRMED",
	StatusSrcNAT:       "IPS_SRC_NAT",
	StatusDstNAT:       "IPS_DST_NAT",
	StatusSeqAdjust:    "IPS_SEQ_ADJUST",
	StatusSrcNATDone:   "IPS_SRC_NAT_DONE",
	StatusDstNATDone:   "IPS_DST_NAT_DONE",
	StatusDying:        "IPS_DYING",
	StatusFixedTimeout: "IPS_FIXED_TIMEOUT",
	StatusTemplate:     "IPS_TEMPLATE",
	StatusNATClash:     "IPS_NAT_CLASH",
	StatusHelper:       "IPS_HELPER",
	StatusOffload:      "IPS_OFFLOAD",
	StatusHWOffload:    "IPS_HW_OFFLOAD",
})

// String returns the bits as "IPS_SEEN_REPLY|IPS_ASSURED|IPS_CONFIRMED".
func (s Status) String() string { return statuses.Format(s) }

// TCPState is the state of a tracked TCP connection (enum tcp_conntrack,
// linux/netfilter/nf_conntrack_tcp.h).
type TCPState uint8

// TCP states.
const (
	TCPNone        TCPState = 0
	TCPSynSent     TCPState = 1
	TCPSynRecv     TCPState = 2
	TCPEstablished TCPState = 3
	TCPFinWait     TCPState = 4
	TCPCloseWait   TCPState = 5
	TCPLastAck     TCPState = 6
	TCPTimeWait    TCPState = 7
	TCPClose       TCPState = 8
	TCPSynSent2    TCPState = 9 // simultaneous open; once TCP_CONNTRACK_LISTEN
)

var tcpStates = netlink.NewEnum(map[TCPState]string{
	TCPNone:        "TCP_CONNTRACK_NONE",
	TCPSynSent:     "TCP_CONNTRACK_SYN_SENT",
	TCPSynRecv:     "TCP_CONNTRACK_SYN_RECV",
	TCPEstablished: "TCP_CONNTRACK_ESTABLISHED",
	TCPFinWait:     "TCP_CONNTRACK_FIN_WAIT",
	TCPCloseWait:   "TCP_CONNTRACK_CLOSE_WAIT",
	TCPLastAck:     "TCP_CONNTRACK_LAST_ACK",
	TCPTimeWait:    "TCP_CONNTRACK_TIME_WAIT",
	TCPClose:       "TCP_CONNTRACK_CLOSE",
	TCPSynSent2:    "TCP_CONNTRACK_SYN_SENT2",
})

// String returns the state's name, such as "TCP_CONNTRACK_ESTABLISHED".
func (s TCPState) String() string { return tcpStates.Format(s) }

// TCPFlag is a set of flags of one direction of a TCP connection
// (IP_CT_TCP_FLAG_*).
type TCPFlag uint8

// TCP flags.
const (
	TCPFlagWindowScale        TCPFlag = 0x01 // the window scale option was seen
	TCPFlagSACKPerm           TCPFlag = 0x02 // SACK is permitted
	TCPFlagCloseInit          TCPFlag = 0x04 // this side closed first
	TCPFlagBeLiberal          TCPFlag = 0x08 // windows are not checked
	TCPFlagDataUnacknowledged TCPFlag = 0x10 // data was sent and not yet acknowledged
	TCPFlagMaxAckSet          TCPFlag = 0x20 // the highest acknowledgement is known
	TCPFlagExpChallengeAck    TCPFlag = 0x40 // a challenge ACK is expected
	TCPFlagSimultaneousOpen   TCPFlag = 0x80 // both sides sent a SYN
)

var tcpFlags = netlink.NewFlags(map[TCPFlag]string{
	TCPFlagWindowScale:        "IP_CT_TCP_FLAG_WINDOW_SCALE",
	TCPFlagSACKPerm:           "IP_CT_TCP_FLAG_SACK_PERM",
	TCPFlagCloseInit:          "IP_CT_TCP_FLAG_CLOSE_INIT",
	TCPFlagBeLiberal:          "IP_CT_TCP_FLAG_BE_LIBERAL",
	TCPFlagDataUnacknowledged: "IP_CT_TCP_FLAG_DATA_UNACKNOWLEDGED",
	TCPFlagMaxAckSet:          "IP_CT_TCP_FLAG_MAXACK_SET",
	TCPFlagExpChallengeAck:    "IP_CT_EXP_CHALLENGE_ACK",
	TCPFlagSimultaneousOpen:   "IP_CT_TCP_SIMULTANEOUS_OPEN",
})

// String returns the flags as "IP_CT_TCP_FLAG_WINDOW_SCALE|IP_CT_TCP_FLAG_SACK_PERM".
func (f TCPFlag) String() string { return tcpFlags.Format(f) }

// FilterFlag selects attributes of a tuple that a dump filter compares
// (CTA_FILTER_FLAG_*).
type FilterFlag uint32

// Filter flags.
const (
	FilterIPSrc      FilterFlag = 1 << 0
	FilterIPDst      FilterFlag = 1 << 1
	FilterTupleZone  FilterFlag = 1 << 2
	FilterProtoNum   FilterFlag = 1 << 3
	FilterSrcPort    FilterFlag = 1 << 4
	FilterDstPort    FilterFlag = 1 << 5
	FilterICMPType   FilterFlag = 1 << 6
	FilterICMPCode   FilterFlag = 1 << 7
	FilterICMPID     FilterFlag = 1 << 8
	FilterICMPv6Type FilterFlag = 1 << 9
	FilterICMPv6Code FilterFlag = 1 << 10
	FilterICMPv6ID   FilterFlag = 1 << 11
)

var filterFlags = netlink.NewFlags(map[FilterFlag]string{
	FilterIPSrc:      "CTA_FILTER_FLAG_CTA_IP_SRC",
	FilterIPDst:      "CTA_FILTER_FLAG_CTA_IP_DST",
	FilterTupleZone:  "CTA_FILTER_FLAG_CTA_TUPLE_ZONE",
	FilterProtoNum:   "CTA_FILTER_FLAG_CTA_PROTO_NUM",
	FilterSrcPort:    "CTA_FILTER_FLAG_CTA_PROTO_SRC_PORT",
	FilterDstPort:    "CTA_FILTER_FLAG_CTA_PROTO_DST_PORT",
	FilterICMPType:   "CTA_FILTER_FLAG_CTA_PROTO_ICMP_TYPE",
	FilterICMPCode:   "CTA_FILTER_FLAG_CTA_PROTO_ICMP_CODE",
	FilterICMPID:     "CTA_FILTER_FLAG_CTA_PROTO_ICMP_ID",
	FilterICMPv6Type: "CTA_FILTER_FLAG_CTA_PROTO_ICMPV6_TYPE",
	FilterICMPv6Code: "CTA_FILTER_FLAG_CTA_PROTO_ICMPV6_CODE",
	FilterICMPv6ID:   "CTA_FILTER_FLAG_CTA_PROTO_ICMPV6_ID",
})

// String returns the flags as "CTA_FILTER_FLAG_CTA_IP_SRC|CTA_FILTER_FLAG_CTA_PROTO_NUM".
func (f FilterFlag) String() string { return filterFlags.Format(f) }
