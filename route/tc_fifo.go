package route

import "github.com/nltag/go-netlink/nltag"

// PfifoOptions is struct tc_fifo_qopt, the options of pfifo. Each fifo
// kind has a type of its own so that a decoded value says which kind it
// came from.
type PfifoOptions struct {
	Limit uint32 // in packets
}

// BfifoOptions is struct tc_fifo_qopt, the options of bfifo.
type BfifoOptions struct {
	Limit uint32 // in bytes
}

// PfifoHeadDropOptions is struct tc_fifo_qopt, the options of pfifo_head_drop.
type PfifoHeadDropOptions struct {
	Limit uint32 // in packets
}

// TcKind returns "pfifo".
func (*PfifoOptions) TcKind() string { return "pfifo" }

// TcKind returns "bfifo".
func (*BfifoOptions) TcKind() string { return "bfifo" }

// TcKind returns "pfifo_head_drop".
func (*PfifoHeadDropOptions) TcKind() string { return "pfifo_head_drop" }

func init() {
	nltag.RegisterSubMessageOf[PfifoOptions]("tc-kind", "pfifo")
	nltag.RegisterSubMessageOf[BfifoOptions]("tc-kind", "bfifo")
	nltag.RegisterSubMessageOf[PfifoHeadDropOptions]("tc-kind", "pfifo_head_drop")
}
