package bench

import (
	"slices"
	"testing"

	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
	"github.com/nltag/go-netlink/route"
)

// BenchmarkOrder times four decodes of the host-sized address dump (the
// direct and the table path, each storing into a typed slice and into a
// []any) in one order and then in the reverse order, in one process: the
// code is the same both times, only what ran before each differs. The
// ratio of two of them moving between the orders is the bias a fixed
// order gives BenchmarkDecode's libraries, which rotated spreads over the
// rounds.
func BenchmarkOrder(b *testing.B) {
	needEnv(b)
	d := env.hostAddrs
	outAny := make([]any, d.Messages)
	outT := make([]*route.Address, d.Messages)
	cases := []struct {
		name string
		fn   func() error
	}{
		{"new-typed", func() error { return DecodeOursNew(d, outT) }},
		{"new-any", func() error {
			return eachMessage(d, func(i int, m netlink.RawMessage) error {
				v := new(route.Address)
				outAny[i] = v
				return nltag.Unmarshal(m.Data, v)
			})
		}},
		{"table-any", func() error { return DecodeOursTable(d, outAny) }},
		{"table-typed", func() error {
			return eachMessage(d, func(i int, m netlink.RawMessage) error {
				msg, err := route.Messages.Decode(m)
				outT[i], _ = msg.Body.(*route.Address)
				return err
			})
		}},
	}
	for _, order := range []string{"fwd", "rev"} {
		if order == "rev" {
			slices.Reverse(cases)
		}
		for _, c := range cases {
			b.Run("order="+order+"/lib="+c.name, func(b *testing.B) { perMsg(b, d.Messages, c.fn) })
		}
	}
}
