package bench

import (
	"fmt"
	"testing"
)

// BenchmarkPlace runs one decode (route.Messages over the host-sized
// address dump) as five sub-benchmarks of the same code, one after another
// in one process: only their place in the order differs. Their spread is
// the bias a fixed order gives each library of BenchmarkDecode, which
// rotated spreads over the rounds instead.
func BenchmarkPlace(b *testing.B) {
	needEnv(b)
	d := env.hostAddrs
	out := make([]any, d.Messages)
	for i := range 5 {
		b.Run(fmt.Sprintf("dump=%s/place=%d", d.Name, i+1), func(b *testing.B) {
			perMsg(b, d.Messages, func() error { return DecodeOursTable(d, out) })
		})
	}
}
