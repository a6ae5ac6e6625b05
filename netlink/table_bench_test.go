package netlink_test

import (
	"testing"

	"github.com/nltag/go-netlink/netlink"
)

// small is a body that decodes in a few nanoseconds: what is left of a
// dump loop's time is the loop's and Table.Decode's own.
type small struct {
	Index uint32
}

// BenchmarkTableDecode runs the loop a dump or monitor writes, Messages
// and Table.Decode, over a datagram of 200 small messages. A header of
// five fields made the Message Decode returns a value Go copies through
// memory, right after storing its fields one by one: the copy waited for
// the stores (ns/msg at 7d07096 against aa6b11e, in BENCHMARKS.md).
func BenchmarkTableDecode(b *testing.B) {
	t := netlink.NewTable("bench")
	netlink.RegisterType[small](t, netlink.MinType, "SMALL")
	var d []byte
	for i := range 200 {
		var err error
		if d, err = netlink.AppendMessage(d, netlink.Message{Header: netlink.Header{Type: netlink.MinType, Seq: uint32(i)}, Body: &small{Index: uint32(i)}}); err != nil {
			b.Fatal(err)
		}
	}
	out := make([]any, 200)
	b.ReportAllocs()
	for b.Loop() {
		i := 0
		for m, err := range netlink.Messages(d) {
			if err != nil {
				b.Fatal(err)
			}
			msg, err := t.Decode(m)
			if err != nil {
				b.Fatal(err)
			}
			out[i] = msg.Body
			i++
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*200), "ns/msg")
}
