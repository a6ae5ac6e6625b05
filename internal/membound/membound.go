// Package membound holds decoders to memory proportional to their input:
// whatever the length and count fields of a hostile message claim, decoding
// it may allocate no more than a small multiple of its size, plus a small
// constant for the decoders' scratch space.
package membound

import (
	"encoding/binary"
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
// allocated more than Limit(n). A first run over the limit is repeated and
// the second measured: one-time costs, such as the plan nltag builds on a
// type's first use, are not the input's doing. f must therefore be
// repeatable.
func Check(t testing.TB, what string, n int, f func()) {
	t.Helper()
	if got := Bytes(f); got <= Limit(n) {
		return
	}
	if got := Bytes(f); got > Limit(n) {
		t.Errorf("%s: decoding %d bytes allocated %d, more than %d×%d+%d", what, n, got, Factor, n, Slack)
	}
}

// Hostile returns inputs built from body, a valid message body, that
// claim much and hold little: body followed by many empty attributes of
// one type, for every type up to maxAttr; body followed by one attribute
// holding many empty children, for every outer type up to maxAttr and
// inner type up to 8; and body followed by an attribute whose length runs
// past the end, which must fail to decode (claimsPast).
func Hostile(body []byte, maxAttr uint16) (inputs [][]byte, claimsPast []byte) {
	const flat, children = 4096, 1024
	body = body[:len(body):len(body)]
	for a := uint16(1); a <= maxAttr; a++ {
		in := body
		for range flat {
			in = appendAttr(in, a, 4)
		}
		inputs = append(inputs, in)
		for b := uint16(1); b <= 8; b++ {
			in := appendAttr(body, a, 4+4*children)
			for range children {
				in = appendAttr(in, b, 4)
			}
			inputs = append(inputs, in)
		}
	}
	return inputs, appendAttr(appendAttr(body, 1, 4), 1, 0xffff)
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
			Check(t, "hostile input", len(in), func() { decode(in) })
		}
		if err := decode(past); err == nil {
			t.Errorf("an attribute running past the end decoded: %x", past)
		}
	}
}
