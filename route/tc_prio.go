package route

import "github.com/nltag/go-netlink/nltag"

// PrioOptions is struct tc_prio_qopt, the options of prio.
type PrioOptions struct {
	Bands int32
	// PrioMap maps each of the 16 packet priorities to a band.
	PrioMap [16]uint8
}

// PfifoFastOptions is struct tc_prio_qopt, the options of pfifo_fast, a
// type of its own so that a decoded value says which kind it came from.
type PfifoFastOptions PrioOptions

// TcKind returns "prio".
func (*PrioOptions) TcKind() string { return "prio" }

// TcKind returns "pfifo_fast".
func (*PfifoFastOptions) TcKind() string { return "pfifo_fast" }

func init() {
	nltag.RegisterSubMessageOf[PfifoFastOptions]("tc-kind", "pfifo_fast")
	nltag.RegisterSubMessageOf[PrioOptions]("tc-kind", "prio")
}
