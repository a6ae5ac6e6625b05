package conntrack

import (
	"net/netip"

	"github.com/nltag/go-netlink/netfilter"
	"github.com/nltag/go-netlink/nltag"
)

// Entry is the body of IPCTNL_MSG_CT_NEW, GET and DELETE: one connection
// tracking entry, as the kernel reports it in dumps, replies and events,
// and as requests name or build one.
//
// A request gives what it needs: Orig or Reply (or ID) to name an entry,
// both tuples and Timeout to create one; a dump request may give Mark and
// MarkMask, Zone, Status and StatusMask to filter. Attributes whose zero
// value means something (a mark of 0, zone 0) are pointers, nil when
// absent. Header.Family is the entry's address family (AF_INET, AF_INET6).
type Entry struct {
	netfilter.Header
	_ nltag.Set `nla:"conntrack"`
	// Orig is the tuple of the original direction, Reply of the reply
	// direction, Master that of the entry this one was expected by.
	Orig   *Tuple  `nla:"CTA_TUPLE_ORIG"`
	Reply  *Tuple  `nla:"CTA_TUPLE_REPLY"`
	Status *Status `nla:"CTA_STATUS,be32"`
	// ProtoInfo is the state of the layer 4 protocol, such as TCP's.
	ProtoInfo *ProtoInfo `nla:"CTA_PROTOINFO"`
	Help      *Help      `nla:"CTA_HELP"`
	NATSrc    *NAT       `nla:"CTA_NAT_SRC"`
	// Timeout is the time left until the entry expires, in seconds.
	Timeout *uint32 `nla:"CTA_TIMEOUT,be32"`
	Mark    *uint32 `nla:"CTA_MARK,be32"`
	// CountersOrig and CountersReply are the packets and bytes seen in each
	// direction, when accounting is on (net.netfilter.nf_conntrack_acct).
	CountersOrig  *Counters `nla:"CTA_COUNTERS_ORIG"`
	CountersReply *Counters `nla:"CTA_COUNTERS_REPLY"`
	// Use is the entry's reference count.
	Use *uint32 `nla:"CTA_USE,be32"`
	// ID identifies the entry while it lives.
	ID          *uint32 `nla:"CTA_ID,be32"`
	NATDst      *NAT    `nla:"CTA_NAT_DST"`
	Master      *Tuple  `nla:"CTA_TUPLE_MASTER"`
	SeqAdjOrig  *SeqAdj `nla:"CTA_SEQ_ADJ_ORIG"`
	SeqAdjReply *SeqAdj `nla:"CTA_SEQ_ADJ_REPLY"`
	Secmark     *uint32 `nla:"CTA_SECMARK,be32"`
	// Zone is the entry's conntrack zone, when not the default one.
	Zone   *uint16 `nla:"CTA_ZONE,be16"`
	SecCtx *SecCtx `nla:"CTA_SECCTX"`
	// Timestamp is when the entry started (and stopped), when timestamps
	// are on (net.netfilter.nf_conntrack_timestamp).
	Timestamp *Timestamp `nla:"CTA_TIMESTAMP"`
	// MarkMask selects the bits of Mark a filter compares, or an update
	// sets.
	MarkMask *uint32 `nla:"CTA_MARK_MASK,be32"`
	// Labels is the entry's connection label bitmap (128 bits);
	// LabelsMask selects the bits an update sets.
	Labels     []byte    `nla:"CTA_LABELS"`
	LabelsMask []byte    `nla:"CTA_LABELS_MASK"`
	Synproxy   *Synproxy `nla:"CTA_SYNPROXY"`
	// TupleFilter says which attributes of the tuples a dump request
	// filters on.
	TupleFilter *TupleFilter `nla:"CTA_FILTER"`
	StatusMask  *Status      `nla:"CTA_STATUS_MASK,be32"`
	// TimestampEvent is the time of the event, in nanoseconds of the
	// kernel's real-time clock, in events when the kernel stamps them.
	TimestampEvent *uint64 `nla:"CTA_TIMESTAMP_EVENT,be64"`
	Wire           nltag.Wire
}

// Tuple is what identifies a connection in one direction: addresses,
// layer 4 protocol and its ports or ICMP identifiers, and zone.
type Tuple struct {
	_     nltag.Set  `nla:"conntrack-tuple"`
	IP    TupleIP    `nla:"CTA_TUPLE_IP"`
	Proto TupleProto `nla:"CTA_TUPLE_PROTO"`
	// Zone is the zone of this direction, when it has its own.
	Zone *uint16 `nla:"CTA_TUPLE_ZONE,be16"`
	Wire nltag.Wire
}

// TupleIP holds a tuple's addresses: the IPv4 or the IPv6 pair.
type TupleIP struct {
	_     nltag.Set  `nla:"conntrack-ip"`
	V4Src netip.Addr `nla:"CTA_IP_V4_SRC,ipv4"`
	V4Dst netip.Addr `nla:"CTA_IP_V4_DST,ipv4"`
	V6Src netip.Addr `nla:"CTA_IP_V6_SRC,ipv6"`
	V6Dst netip.Addr `nla:"CTA_IP_V6_DST,ipv6"`
	Wire  nltag.Wire
}

// Src returns the source address, IPv4 or IPv6.
func (ip *TupleIP) Src() netip.Addr {
	if ip.V4Src.IsValid() {
		return ip.V4Src
	}
	return ip.V6Src
}

// Dst returns the destination address, IPv4 or IPv6.
func (ip *TupleIP) Dst() netip.Addr {
	if ip.V4Dst.IsValid() {
		return ip.V4Dst
	}
	return ip.V6Dst
}

// TupleProto is a tuple's layer 4 part: the protocol number, and the ports
// (TCP, UDP, SCTP, DCCP, UDP-Lite) or ICMP type, code and identifier.
type TupleProto struct {
	_          nltag.Set `nla:"conntrack-proto"`
	Num        uint8     `nla:"CTA_PROTO_NUM"`
	SrcPort    *uint16   `nla:"CTA_PROTO_SRC_PORT,be16"`
	DstPort    *uint16   `nla:"CTA_PROTO_DST_PORT,be16"`
	ICMPID     *uint16   `nla:"CTA_PROTO_ICMP_ID,be16"`
	ICMPType   *uint8    `nla:"CTA_PROTO_ICMP_TYPE"`
	ICMPCode   *uint8    `nla:"CTA_PROTO_ICMP_CODE"`
	ICMPv6ID   *uint16   `nla:"CTA_PROTO_ICMPV6_ID,be16"`
	ICMPv6Type *uint8    `nla:"CTA_PROTO_ICMPV6_TYPE"`
	ICMPv6Code *uint8    `nla:"CTA_PROTO_ICMPV6_CODE"`
	Wire       nltag.Wire
}

// Layer 4 protocol numbers that tuples hold.
const (
	ProtoICMP   uint8 = 1
	ProtoTCP    uint8 = 6
	ProtoUDP    uint8 = 17
	ProtoICMPv6 uint8 = 58
)

// PortTuple returns the tuple of a connection of protocol proto (TCP, UDP
// or another protocol with ports) from src to dst.
func PortTuple(proto uint8, src, dst netip.AddrPort) Tuple {
	return Tuple{
		IP:    ipPair(src.Addr(), dst.Addr()),
		Proto: TupleProto{Num: proto, SrcPort: new(src.Port()), DstPort: new(dst.Port())},
	}
}

// ICMPTuple returns the tuple of an ICMP exchange from src to dst, ICMPv6
// when the addresses are IPv6.
func ICMPTuple(src, dst netip.Addr, typ, code uint8, id uint16) Tuple {
	t := Tuple{IP: ipPair(src, dst)}
	if src.Is4() {
		t.Proto = TupleProto{Num: ProtoICMP, ICMPType: &typ, ICMPCode: &code, ICMPID: &id}
	} else {
		t.Proto = TupleProto{Num: ProtoICMPv6, ICMPv6Type: &typ, ICMPv6Code: &code, ICMPv6ID: &id}
	}
	return t
}

func ipPair(src, dst netip.Addr) TupleIP {
	if src.Is4() {
		return TupleIP{V4Src: src, V4Dst: dst}
	}
	return TupleIP{V6Src: src, V6Dst: dst}
}

// ProtoInfo is the state the layer 4 protocol keeps.
type ProtoInfo struct {
	_    nltag.Set      `nla:"conntrack-protoinfo"`
	TCP  *ProtoInfoTCP  `nla:"CTA_PROTOINFO_TCP"`
	DCCP *ProtoInfoDCCP `nla:"CTA_PROTOINFO_DCCP"`
	SCTP *ProtoInfoSCTP `nla:"CTA_PROTOINFO_SCTP"`
	Wire nltag.Wire
}

// ProtoInfoTCP is the state of a TCP connection: where it is in its life,
// and each direction's window scale and flags.
type ProtoInfoTCP struct {
	_           nltag.Set `nla:"conntrack-protoinfo-tcp"`
	State       *TCPState `nla:"CTA_PROTOINFO_TCP_STATE"`
	WScaleOrig  *uint8    `nla:"CTA_PROTOINFO_TCP_WSCALE_ORIGINAL"`
	WScaleReply *uint8    `nla:"CTA_PROTOINFO_TCP_WSCALE_REPLY"`
	FlagsOrig   *TCPFlags `nla:"CTA_PROTOINFO_TCP_FLAGS_ORIGINAL"`
	FlagsReply  *TCPFlags `nla:"CTA_PROTOINFO_TCP_FLAGS_REPLY"`
	Wire        nltag.Wire
}

// TCPFlags is struct nf_ct_tcp_flags: flags of one direction (IP_CT_TCP_FLAG_*),
// and in a request the mask of those to change.
type TCPFlags struct {
	Flags TCPFlag
	Mask  TCPFlag
}

// ProtoInfoDCCP is the state of a DCCP connection.
type ProtoInfoDCCP struct {
	_            nltag.Set `nla:"conntrack-protoinfo-dccp"`
	State        *uint8    `nla:"CTA_PROTOINFO_DCCP_STATE"`
	Role         *uint8    `nla:"CTA_PROTOINFO_DCCP_ROLE"`
	HandshakeSeq *uint64   `nla:"CTA_PROTOINFO_DCCP_HANDSHAKE_SEQ,be64"`
	Wire         nltag.Wire
}

// ProtoInfoSCTP is the state of an SCTP association and its verification
// tags.
type ProtoInfoSCTP struct {
	_         nltag.Set `nla:"conntrack-protoinfo-sctp"`
	State     *uint8    `nla:"CTA_PROTOINFO_SCTP_STATE"`
	VTagOrig  *uint32   `nla:"CTA_PROTOINFO_SCTP_VTAG_ORIGINAL,be32"`
	VTagReply *uint32   `nla:"CTA_PROTOINFO_SCTP_VTAG_REPLY,be32"`
	Wire      nltag.Wire
}

// Counters are the packets and bytes of one direction.
type Counters struct {
	_       nltag.Set `nla:"conntrack-counters"`
	Packets uint64    `nla:"CTA_COUNTERS_PACKETS,be64"`
	Bytes   uint64    `nla:"CTA_COUNTERS_BYTES,be64"`
	Wire    nltag.Wire
}

// Timestamp is when an entry started and, once destroyed, stopped, in
// nanoseconds of the kernel's real-time clock.
type Timestamp struct {
	_     nltag.Set `nla:"conntrack-timestamp"`
	Start uint64    `nla:"CTA_TIMESTAMP_START,be64"`
	Stop  uint64    `nla:"CTA_TIMESTAMP_STOP,be64,omitempty"`
	Wire  nltag.Wire
}

// NAT is the address and port range a NAT binding maps to.
type NAT struct {
	_       nltag.Set  `nla:"conntrack-nat"`
	V4MinIP netip.Addr `nla:"CTA_NAT_V4_MINIP,ipv4"`
	V4MaxIP netip.Addr `nla:"CTA_NAT_V4_MAXIP,ipv4"`
	Proto   *ProtoNAT  `nla:"CTA_NAT_PROTO"`
	V6MinIP netip.Addr `nla:"CTA_NAT_V6_MINIP,ipv6"`
	V6MaxIP netip.Addr `nla:"CTA_NAT_V6_MAXIP,ipv6"`
	Wire    nltag.Wire
}

// ProtoNAT is a NAT binding's port range.
type ProtoNAT struct {
	_       nltag.Set `nla:"conntrack-protonat"`
	PortMin uint16    `nla:"CTA_PROTONAT_PORT_MIN,be16"`
	PortMax uint16    `nla:"CTA_PROTONAT_PORT_MAX,be16"`
	Wire    nltag.Wire
}

// SeqAdj is the TCP sequence number adjustment of one direction, which
// helpers that rewrite payloads (FTP, SIP) make.
type SeqAdj struct {
	_             nltag.Set `nla:"conntrack-seqadj"`
	CorrectionPos uint32    `nla:"CTA_SEQADJ_CORRECTION_POS,be32"`
	OffsetBefore  uint32    `nla:"CTA_SEQADJ_OFFSET_BEFORE,be32"`
	OffsetAfter   uint32    `nla:"CTA_SEQADJ_OFFSET_AFTER,be32"`
	Wire          nltag.Wire
}

// Help names the helper that watches the connection (ftp, sip ...).
type Help struct {
	_    nltag.Set `nla:"conntrack-help"`
	Name string    `nla:"CTA_HELP_NAME"`
	Info []byte    `nla:"CTA_HELP_INFO"`
	Wire nltag.Wire
}

// SecCtx is the entry's security context.
type SecCtx struct {
	_    nltag.Set `nla:"conntrack-secctx"`
	Name string    `nla:"CTA_SECCTX_NAME"`
	Wire nltag.Wire
}

// Synproxy is the state of a connection that synproxy answered.
type Synproxy struct {
	_     nltag.Set `nla:"conntrack-synproxy"`
	ISN   uint32    `nla:"CTA_SYNPROXY_ISN,be32"`
	ITS   uint32    `nla:"CTA_SYNPROXY_ITS,be32"`
	TSOff uint32    `nla:"CTA_SYNPROXY_TSOFF,be32"`
	Wire  nltag.Wire
}

// TupleFilter says which attributes of the tuples in a dump request the
// kernel compares (CTA_FILTER_FLAG_*); the others match anything. Unlike
// the rest of ctnetlink, its flags are in host byte order.
type TupleFilter struct {
	_          nltag.Set  `nla:"conntrack-filter"`
	OrigFlags  FilterFlag `nla:"CTA_FILTER_ORIG_FLAGS,u32"`
	ReplyFlags FilterFlag `nla:"CTA_FILTER_REPLY_FLAGS,u32"`
	Wire       nltag.Wire
}

// Stats is the body of IPCTNL_MSG_CT_GET_STATS: the table's global
// figures.
type Stats struct {
	netfilter.Header
	_ nltag.Set `nla:"conntrack-stats-global"`
	// Entries is the number of entries in the table, MaxEntries its
	// limit (net.netfilter.nf_conntrack_max).
	Entries    *uint32 `nla:"CTA_STATS_GLOBAL_ENTRIES,be32"`
	MaxEntries *uint32 `nla:"CTA_STATS_GLOBAL_MAX_ENTRIES,be32"`
	Wire       nltag.Wire
}

// StatsCPU is the body of IPCTNL_MSG_CT_GET_STATS_CPU, a dump of one
// message per CPU, whose number is Header.ResID.
type StatsCPU struct {
	netfilter.Header
	_             nltag.Set `nla:"conntrack-stats-cpu"`
	Found         *uint32   `nla:"CTA_STATS_FOUND,be32"`
	Invalid       *uint32   `nla:"CTA_STATS_INVALID,be32"`
	Insert        *uint32   `nla:"CTA_STATS_INSERT,be32"`
	InsertFailed  *uint32   `nla:"CTA_STATS_INSERT_FAILED,be32"`
	Drop          *uint32   `nla:"CTA_STATS_DROP,be32"`
	EarlyDrop     *uint32   `nla:"CTA_STATS_EARLY_DROP,be32"`
	Error         *uint32   `nla:"CTA_STATS_ERROR,be32"`
	SearchRestart *uint32   `nla:"CTA_STATS_SEARCH_RESTART,be32"`
	ClashResolve  *uint32   `nla:"CTA_STATS_CLASH_RESOLVE,be32"`
	ChainTooLong  *uint32   `nla:"CTA_STATS_CHAIN_TOOLONG,be32"`
	Wire          nltag.Wire
}
