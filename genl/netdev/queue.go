package netdev

import (
	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// Queue is the body of NETDEV_CMD_QUEUE_GET: one receive or transmit queue
// of a device. A single request gives Ifindex, Type and ID; a dump may give
// Ifindex to list one device's queues. ID and Type are pointers because
// their zero values are valid (queue 0, receive) yet must stay out of dump
// requests; replies always have them.
type Queue struct {
	genl.Header
	_ nltag.Set `nla:"netdev-queue"`
	// ID is the queue's index among the device's queues of its type.
	ID      *uint32         `nla:"NETDEV_A_QUEUE_ID"`
	Ifindex netlink.IfIndex `nla:"NETDEV_A_QUEUE_IFINDEX,omitempty"`
	Type    *QueueType      `nla:"NETDEV_A_QUEUE_TYPE"`
	// NAPIID is the NAPI instance that services the queue.
	NAPIID uint32 `nla:"NETDEV_A_QUEUE_NAPI_ID,omitempty"`
	// DMABuf is the dmabuf bound to the queue, if any.
	DMABuf uint32 `nla:"NETDEV_A_QUEUE_DMABUF,omitempty"`
	// IOUring and XSK are present when io_uring provides the queue's
	// memory or an AF_XDP socket uses the queue.
	IOUring *Present `nla:"NETDEV_A_QUEUE_IO_URING"`
	XSK     *Present `nla:"NETDEV_A_QUEUE_XSK"`
	Wire    nltag.Wire
}

// Present is a nest whose presence is what it says; attributes later
// kernels put in it are kept, undecoded.
type Present struct {
	Wire nltag.Wire
}

// QueueType is the direction of a queue (NETDEV_QUEUE_TYPE_*).
type QueueType uint32

// Queue types.
const (
	QueueRx QueueType = 0
	QueueTx QueueType = 1
)

var queueTypes = netlink.NewEnum(map[QueueType]string{
	QueueRx: "NETDEV_QUEUE_TYPE_RX", QueueTx: "NETDEV_QUEUE_TYPE_TX",
})

// String returns the type's name, such as "NETDEV_QUEUE_TYPE_RX".
func (t QueueType) String() string { return queueTypes.Format(t) }
