package route

import "math"

// The TCA_OPTIONS payloads of the qdisc and class kinds this package knows,
// one file each (tc_htb.go ...), are registered in the sub-message table
// "tc-kind" under their kind's name, so that Tc.Options decodes to a
// pointer to one of them.

// TcKind is the options of a qdisc or class kind, which name the kind of
// what Client.QdiscAdd and Client.ClassAdd create: *HTBOptions,
// *TBFOptions, *PfifoOptions, *BfifoOptions, *PfifoHeadDropOptions,
// *PrioOptions, *PfifoFastOptions, *IngressOptions, *ClsactOptions.
type TcKind interface {
	// TcKind returns the kernel's name of the kind: "htb", "tbf" ...
	TcKind() string
}

// TcKindName is a kind sent without options, as tc sends pfifo_fast or a
// pfifo without a limit: the kernel then chooses them.
type TcKindName string

// TcKind returns k.
func (k TcKindName) TcKind() string { return string(k) }

// tcKind sets t's kind, and its options unless k is a bare name.
func (t *Tc) tcKind(k TcKind) {
	t.Kind = k.TcKind()
	if _, bare := k.(TcKindName); !bare {
		t.Options = k
	}
}

// RateSpec is struct tc_ratespec: a rate in bytes per second and how packet
// sizes are counted against it.
type RateSpec struct {
	CellLog   uint8
	LinkLayer uint8 // TC_LINKLAYER_*: 0 unaware, 1 ethernet, 2 ATM
	Overhead  uint16
	CellAlign int16
	MPU       uint16
	Rate      uint32
}

// Link layers of a RateSpec. The kernel computes transmission times itself
// for a rate whose link layer is known; for LinkLayerUnaware it wants the
// rate table of old tc versions.
const (
	LinkLayerUnaware  uint8 = 0
	LinkLayerEthernet uint8 = 1
	LinkLayerATM      uint8 = 2
)

// ethernetRate returns the RateSpec of rate bytes per second on Ethernet,
// and the 64-bit rate to send beside it when rate does not fit in 32 bits.
func ethernetRate(rate uint64) (RateSpec, uint64) {
	if rate > math.MaxUint32 {
		return RateSpec{LinkLayer: LinkLayerEthernet, Rate: math.MaxUint32}, rate
	}
	return RateSpec{LinkLayer: LinkLayerEthernet, Rate: uint32(rate)}, 0
}

// The scheduler's clock: a tick is 64 ns (PSCHED_SHIFT 6), as
// /proc/net/psched has said since Linux 2.6.31; ticks per microsecond.
const ticksPerMicrosecond = 1000.0 / 64

// XmitTicks returns the time to send size bytes at rate bytes per second,
// in scheduler ticks, rounded as tc rounds it (to whole microseconds
// first): the unit of the buffers of tbf and htb.
func XmitTicks(rate uint64, size uint32) uint32 {
	if rate == 0 {
		return 0
	}
	us := uint32(1e6 * (float64(size) / float64(rate)))
	return uint32(float64(us) * ticksPerMicrosecond)
}

// XmitSize is XmitTicks' inverse: the bytes sent at rate bytes per second
// in ticks scheduler ticks, as tc shows a buffer.
func XmitSize(rate uint64, ticks uint32) uint32 {
	return uint32(float64(rate) * float64(TicksMicroseconds(ticks)) / 1e6)
}

// TicksMicroseconds returns a time in scheduler ticks in whole
// microseconds, as tc converts it.
func TicksMicroseconds(ticks uint32) uint32 { return uint32(float64(ticks) / ticksPerMicrosecond) }
