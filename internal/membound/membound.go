// Package membound holds decoders to memory proportional to their input:
// whatever the length and count fields of a hostile message claim, decoding
// it may allocate no more than a small multiple of its size, plus a small
// constant for the decoders' scratch space.
package membound

import (
	"encoding/binary"
	"fmt"
	"runtime"
	"testing"
)

// The bound: Factor bytes per input byte, plus Slack.
const (
	Factor = 16
	Slack  = 16 << 10
)

// Bytes returns the bytes allocated while f ran. It counts every
// goroutine's allocations, so f's own must dominate: call it from tests
// that run alone.
func Bytes(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// Limit is the bound for an input of n bytes.
func Limit(n int) uint64 { return uint64(Factor*n + Slack) }

// Check runs f, the decoding of an input of n bytes, and fails t if it
// allocated more than Limit(n). A run over the limit is repeated, up to
// three runs in all, and the least measured: one-time costs are not the
// input's doing, such as the plan nltag builds on a type's first use and
// the scratch space its pooled decoders grow on their first large input
// (up to about 40 bytes per input byte for a message of empty unknown
// attributes). f must therefore be repeatable. Under the race detector
// Check only runs f.
func Check(t testing.TB, what string, n int, f func()) {
	t.Helper()
	if raceEnabled {
		f() // still decoded, for the test's other checks
		return
	}
	least := ^uint64(0)
	for range 3 {
		if least = min(least, Bytes(f)); least <= Limit(n) {
			return
		}
	}
	t.Errorf("%s: decoding %d bytes allocated %d, more than %d×%d+%d", what, n, least, Factor, n, Slack)
}

// Hostile returns inputs built from body, a valid message body, that
// claim much and hold little: body followed by many empty attributes of
// one type, for every type up to maxAttr; body followed by one attribute
// holding many empty children, for every outer type up to maxAttr and
// inner type up to 8; and body followed by an attribute whose length runs
// past the end, which must fail to decode (claimsPast).
func Hostile(body []byte, maxAttr uint16) (inputs []Input, claimsPast []byte) {
	const flat, children = 1024, 256
	body = body[:len(body):len(body)]
	for a := uint16(1); a <= maxAttr; a++ {
		in := body
		for range flat {
			in = appendAttr(in, a, 4)
		}
		inputs = append(inputs, Input{fmt.Sprintf("%d empty attributes %d", flat, a), in})
		for b := uint16(1); b <= 8; b++ {
			in := appendAttr(body, a, 4+4*children)
			for range children {
				in = appendAttr(in, b, 4)
			}
			inputs = append(inputs, Input{fmt.Sprintf("attribute %d holding %d empty attributes %d", a, children, b), in})
		}
	}
	return inputs, appendAttr(appendAttr(body, 1, 4), 1, 0xffff)
}

// Input is a hostile input and what it holds.
type Input struct {
	Name string
	B    []byte
}

// appendAttr appends an attribute header of type typ claiming length l.
func appendAttr(b []byte, typ uint16, l int) []byte {
	b = binary.NativeEndian.AppendUint16(b, uint16(l))
	return binary.NativeEndian.AppendUint16(b, typ)
}

// Sweep decodes the Hostile inputs of each body with decode and fails t
// where decoding allocated more than the limit, or where an attribute
// claiming to run past the end decoded.
func Sweep(t *testing.T, bodies [][]byte, maxAttr uint16, decode func([]byte) error) {
	t.Helper()
	for _, body := range bodies {
		inputs, past := Hostile(body, maxAttr)
		for _, in := range inputs {
			Check(t, in.Name, len(in.B), func() { decode(in.B) })
		}
		if err := decode(past); err == nil {
			t.Errorf("an attribute running past the end decoded: %x", past)
		}
	}
}
