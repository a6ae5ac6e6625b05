package netdev

import (
	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// NAPI is the body of NETDEV_CMD_NAPI_GET and NAPI_SET: one NAPI instance,
// the polling context that services queues of a device. A single request
// gives ID; a dump may give Ifindex. Attributes that may be 0 are pointers,
// nil when absent.
type NAPI struct {
	genl.Header
	_       nltag.Set       `nla:"netdev-napi"`
	Ifindex netlink.IfIndex `nla:"NETDEV_A_NAPI_IFINDEX,omitempty"`
	ID      uint32          `nla:"NETDEV_A_NAPI_ID,omitempty"`
	// IRQ is the interrupt of the instance, and PID its thread's, when it
	// runs threaded.
	IRQ *uint32 `nla:"NETDEV_A_NAPI_IRQ"`
	PID *uint32 `nla:"NETDEV_A_NAPI_PID"`
	// DeferHardIRQs is the number of empty polls before interrupts are
	// turned back on; GROFlushTimeout and IRQSuspendTimeout are in
	// nanoseconds.
	DeferHardIRQs     *uint32       `nla:"NETDEV_A_NAPI_DEFER_HARD_IRQS"`
	GROFlushTimeout   *uint64       `nla:"NETDEV_A_NAPI_GRO_FLUSH_TIMEOUT,uint"`
	IRQSuspendTimeout *uint64       `nla:"NETDEV_A_NAPI_IRQ_SUSPEND_TIMEOUT,uint"`
	Threaded          *NAPIThreaded `nla:"NETDEV_A_NAPI_THREADED"`
	Wire              nltag.Wire
}

// NAPIThreaded is whether a NAPI instance polls in a thread of its own
// (NETDEV_NAPI_THREADED_*).
type NAPIThreaded uint32

// Threading modes.
const (
	NAPIThreadedDisabled NAPIThreaded = 0
	NAPIThreadedEnabled  NAPIThreaded = 1
)

var napiThreaded = netlink.NewEnum(map[NAPIThreaded]string{
	NAPIThreadedDisabled: "NETDEV_NAPI_THREADED_DISABLED",
	NAPIThreadedEnabled:  "NETDEV_NAPI_THREADED_ENABLED",
})

// String returns the mode's name.
func (t NAPIThreaded) String() string { return napiThreaded.Format(t) }
