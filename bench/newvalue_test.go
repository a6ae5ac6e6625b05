package bench

import (
	"testing"

	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/route"
)

// BenchmarkNewValue measures the part of BenchmarkDecode's ours-new rows
// that is not decoding, on the same host-sized dumps: lib=alloc makes the
// new value per message and keeps it as the dump loop does (new(T), stored
// in a slice the size of the dump), lib=walk only walks the messages, as
// every row does. Their difference is what a new value costs the dump loop
// (allocation, first touch of fresh memory, collection), which no decoder
// can save: ours-new takes at least lib=alloc's time.
func BenchmarkNewValue(b *testing.B) {
	needEnv(b)
	for _, c := range []struct {
		dump  *Dump
		alloc func(d *Dump) func() error
	}{
		{env.hostRoutes, allocEach[route.Route]},
		{env.hostLinks, allocEach[route.Link]},
		{env.hostAddrs, allocEach[route.Address]},
	} {
		d := c.dump
		b.Run("dump="+d.Name+"/lib=alloc", func(b *testing.B) { perMsg(b, d.Messages, c.alloc(d)) })
		b.Run("dump="+d.Name+"/lib=walk", func(b *testing.B) {
			perMsg(b, d.Messages, func() error {
				return eachMessage(d, func(int, netlink.RawMessage) error { return nil })
			})
		})
	}
}

// allocEach returns a walk of d that allocates a new T per message and
// keeps it in out, as DecodeOursNew does, without decoding.
func allocEach[T any](d *Dump) func() error {
	out := make([]*T, d.Messages)
	return func() error {
		return eachMessage(d, func(i int, _ netlink.RawMessage) error {
			out[i] = new(T)
			return nil
		})
	}
}
