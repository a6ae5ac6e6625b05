package sockdiag

import "github.com/nltag/go-netlink/netlink"

// TCPInfo is struct tcp_info (linux/tcp.h), the INET_DIAG_INFO of a TCP
// socket and what getsockopt(TCP_INFO) returns. Times are in microseconds
// unless said otherwise. A newer kernel's longer struct decodes too: the
// bytes past RTOTime are kept in the message's Wire and written back.
type TCPInfo struct {
	State       State
	CAState     CAState
	Retransmits uint8
	Probes      uint8
	Backoff     uint8
	Options     TCPIOptions
	// WScale holds the send window scale in its low 4 bits and the
	// receive window scale in its high 4 (SndWScale, RcvWScale).
	WScale uint8
	// AppLimited holds tcpi_delivery_rate_app_limited (bit 0) and
	// tcpi_fastopen_client_fail (bits 1-2).
	AppLimited uint8

	RTO    uint32
	ATO    uint32
	SndMSS uint32
	RcvMSS uint32

	Unacked uint32
	Sacked  uint32
	Lost    uint32
	Retrans uint32
	Fackets uint32

	// Milliseconds since the last data sent and received, and the last
	// ACK received (LastAckSent is not kept by the kernel).
	LastDataSent uint32
	LastAckSent  uint32
	LastDataRecv uint32
	LastAckRecv  uint32

	PMTU        uint32
	RcvSsthresh uint32
	RTT         uint32 // smoothed round-trip time
	RTTVar      uint32
	SndSsthresh uint32
	SndCwnd     uint32 // congestion window, in segments
	AdvMSS      uint32
	Reordering  uint32

	RcvRTT   uint32
	RcvSpace uint32

	TotalRetrans uint32

	PacingRate    uint64 // bytes per second
	MaxPacingRate uint64
	BytesAcked    uint64
	BytesReceived uint64
	SegsOut       uint32
	SegsIn        uint32

	NotsentBytes uint32
	MinRTT       uint32
	DataSegsIn   uint32
	DataSegsOut  uint32

	DeliveryRate uint64 // bytes per second

	BusyTime      uint64 // time busy sending data
	RwndLimited   uint64 // time limited by the receive window
	SndbufLimited uint64 // time limited by the send buffer

	Delivered   uint32
	DeliveredCE uint32

	BytesSent    uint64
	BytesRetrans uint64
	DSACKDups    uint32
	ReordSeen    uint32

	RcvOOOPack uint32 // out-of-order packets received

	SndWnd uint32 // the peer's advertised receive window, scaled, in bytes
	RcvWnd uint32 // the local advertised receive window, scaled, in bytes

	Rehash             uint32 // rehash attempts (PLB or timeouts)
	TotalRTO           uint16 // RTO timeouts
	TotalRTORecoveries uint16
	TotalRTOTime       uint32 // milliseconds spent in RTO recoveries
}

// SndWScale returns the send window scale.
func (t *TCPInfo) SndWScale() uint8 { return t.WScale & 0xf }

// RcvWScale returns the receive window scale.
func (t *TCPInfo) RcvWScale() uint8 { return t.WScale >> 4 }

// CAState is the congestion avoidance state of a TCP socket.
type CAState uint8

// Congestion avoidance states.
const (
	CAOpen     CAState = 0
	CADisorder CAState = 1
	CACWR      CAState = 2
	CARecovery CAState = 3
	CALoss     CAState = 4
)

var caStates = netlink.NewEnum(map[CAState]string{
	CAOpen: "TCP_CA_Open", CADisorder: "TCP_CA_Disorder", CACWR: "TCP_CA_CWR", CARecovery: "TCP_CA_Recovery", CALoss: "TCP_CA_Loss",
})

// String returns the C name, such as "TCP_CA_Open".
func (s CAState) String() string { return caStates.Format(s) }

// TCPIOptions are the TCPI_OPT_* options a TCP connection negotiated.
type TCPIOptions uint8

// TCP options.
const (
	TCPIOptTimestamps TCPIOptions = 1 << iota
	TCPIOptSACK
	TCPIOptWScale
	TCPIOptECN
	TCPIOptECNSeen
	TCPIOptSynData
	TCPIOptUSecTS
	TCPIOptTFOChild
)

var tcpiOptions = netlink.NewFlags(map[TCPIOptions]string{
	TCPIOptTimestamps: "TCPI_OPT_TIMESTAMPS",
	TCPIOptSACK:       "TCPI_OPT_SACK",
	TCPIOptWScale:     "TCPI_OPT_WSCALE",
	TCPIOptECN:        "TCPI_OPT_ECN",
	TCPIOptECNSeen:    "TCPI_OPT_ECN_SEEN",
	TCPIOptSynData:    "TCPI_OPT_SYN_DATA",
	TCPIOptUSecTS:     "TCPI_OPT_USEC_TS",
	TCPIOptTFOChild:   "TCPI_OPT_TFO_CHILD",
})

// String returns the options as "TCPI_OPT_TIMESTAMPS|TCPI_OPT_SACK".
func (o TCPIOptions) String() string { return tcpiOptions.Format(o) }
