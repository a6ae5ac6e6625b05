package route

// LinkStats is struct rtnl_link_stats, the 32-bit counters of IFLA_STATS.
// Counters wrap at 2^32; LinkStats64 has the same ones in 64 bits.
type LinkStats struct {
	RxPackets  uint32 // packets received
	TxPackets  uint32 // packets transmitted
	RxBytes    uint32 // bytes received
	TxBytes    uint32 // bytes transmitted
	RxErrors   uint32 // bad packets received
	TxErrors   uint32 // packet transmit problems
	RxDropped  uint32 // packets dropped on receive with no fault of the packet
	TxDropped  uint32 // packets dropped on transmit
	Multicast  uint32 // multicast packets received
	Collisions uint32

	// Details of RxErrors.
	RxLengthErrors uint32
	RxOverErrors   uint32 // receiver ring buffer overflow
	RxCRCErrors    uint32 // received packets with CRC errors
	RxFrameErrors  uint32 // frame alignment errors
	RxFIFOErrors   uint32 // receiver FIFO overrun
	RxMissedErrors uint32 // packets the receiver missed

	// Details of TxErrors.
	TxAbortedErrors   uint32
	TxCarrierErrors   uint32
	TxFIFOErrors      uint32
	TxHeartbeatErrors uint32
	TxWindowErrors    uint32

	// For CSLIP and the like.
	RxCompressed uint32
	TxCompressed uint32

	RxNoHandler uint32 // packets dropped for lack of a protocol handler
}

// LinkStats64 is struct rtnl_link_stats64, the counters of IFLA_STATS64.
type LinkStats64 struct {
	RxPackets  uint64 // packets received
	TxPackets  uint64 // packets transmitted
	RxBytes    uint64 // bytes received
	TxBytes    uint64 // bytes transmitted
	RxErrors   uint64 // bad packets received
	TxErrors   uint64 // packet transmit problems
	RxDropped  uint64 // packets dropped on receive with no fault of the packet
	TxDropped  uint64 // packets dropped on transmit
	Multicast  uint64 // multicast packets received
	Collisions uint64

	// Details of RxErrors.
	RxLengthErrors uint64
	RxOverErrors   uint64 // receiver ring buffer overflow
	RxCRCErrors    uint64 // received packets with CRC errors
	RxFrameErrors  uint64 // frame alignment errors
	RxFIFOErrors   uint64 // receiver FIFO overrun
	RxMissedErrors uint64 // packets the receiver missed

	// Details of TxErrors.
	TxAbortedErrors   uint64
	TxCarrierErrors   uint64
	TxFIFOErrors      uint64
	TxHeartbeatErrors uint64
	TxWindowErrors    uint64

	// For CSLIP and the like.
	RxCompressed uint64
	TxCompressed uint64

	RxNoHandler        uint64 // packets dropped for lack of a protocol handler
	RxOtherhostDropped uint64 // packets dropped for being addressed to another host
}

// LinkIfmap is struct rtnl_link_ifmap (IFLA_MAP): a device's hardware
// resources, as the SIOCGIFMAP ioctl reports them.
type LinkIfmap struct {
	MemStart uint64
	MemEnd   uint64
	BaseAddr uint64
	IRQ      uint16
	DMA      uint8
	Port     uint8
}
