package nltag_test

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"github.com/nltag/go-netlink/internal/membound"
	"github.com/nltag/go-netlink/nltag"
)

// shareMsg holds its wire record in a Wire (W = nltag.Wire) or behind a
// pointer (W = *nltag.Wire), at the top level and in a nest that may
// repeat. Its own types, so that other tests' decodings do not change
// which record the plans hold last.
type shareMsg[W any] struct {
	Family uint8
	_      [3]byte
	Index  int32
	Name   string         `nla:"3"`
	MTU    uint32         `nla:"4"`
	Nest   *shareNest[W]  `nla:"5"`
	Direct shareNest[W]   `nla:"6"`
	Multi  []shareNest[W] `nla:"7,multi"`
	Wire   W
}

type shareNest[W any] struct {
	A    uint32 `nla:"1"`
	B    uint8  `nla:"2"`
	Wire W
}

type (
	sharePtr = shareMsg[*nltag.Wire]
	shareVal = shareMsg[nltag.Wire]
)

// shareIn is a message of shareMsg built from hex: a header, then attrs.
func shareIn(t testing.TB, attrs ...string) []byte {
	t.Helper()
	b, err := hex.DecodeString("02000000" + "07000000" + strings.Join(attrs, ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func hexU32(v uint32) string { return hex.EncodeToString(binary.NativeEndian.AppendUint32(nil, v)) }

// reencodes fails unless v encodes to in.
func reencodes(t testing.TB, v any, in []byte) {
	t.Helper()
	if out, err := nltag.Marshal(v); err != nil || string(out) != string(in) {
		t.Errorf("%T re-encoded\n%x, %v, want\n%x", v, out, err, in)
	}
}

// unmarshalEach decodes ins[i] into vs[i].
func unmarshalEach(t testing.TB, vs []any, ins ...[]byte) {
	t.Helper()
	for i, v := range vs {
		if err := nltag.Unmarshal(ins[i], v); err != nil {
			t.Fatal(err)
		}
	}
}

func orderData(o []uint16) *uint16 { return unsafe.SliceData(o) }

// Messages of one shape share one Wire, which each re-encodes from with
// its own values; a shape that differs in order or in flags gets its own.
func TestWireShareSameShape(t *testing.T) {
	nest := func(a uint32) string { return attr(1, hexU32(a)) + attr(2, "01") }
	shapes := map[string]func(i uint32) []byte{
		"name mtu nest": func(i uint32) []byte {
			return shareIn(t, attr(3, hex.EncodeToString([]byte(fmt.Sprint("eth", i)))+"00"), attr(4, hexU32(1500+i)), attr(5, nest(i)))
		},
		"mtu name nest": func(i uint32) []byte {
			return shareIn(t, attr(4, hexU32(1500+i)), attr(3, "6c6f00"), attr(5, nest(i)))
		},
		"mtu name nest, nested flag": func(i uint32) []byte {
			return shareIn(t, attr(4, hexU32(1500+i)), attr(3, "6c6f00"), attr(5|nltag.FlagNested, nest(i)))
		},
	}
	seen := map[*nltag.Wire]string{}
	for name, shape := range shapes {
		a, b := shape(1), shape(2)
		var va, vb sharePtr
		var wa, wb shareVal
		unmarshalEach(t, []any{&va, &vb, &wa, &wb}, a, b, a, b)
		if va.Wire == nil || va.Wire != vb.Wire || va.Nest.Wire == nil || va.Nest.Wire != vb.Nest.Wire {
			t.Errorf("%s: Wires %p %p, nests' %p %p: want one each", name, va.Wire, vb.Wire, va.Nest.Wire, vb.Nest.Wire)
		}
		if orderData(wa.Wire.Order) != orderData(wb.Wire.Order) || orderData(wa.Nest.Wire.Order) != orderData(wb.Nest.Wire.Order) {
			t.Errorf("%s: Wire fields do not share their Order", name)
		}
		if other := seen[va.Wire]; other != "" {
			t.Errorf("%s shares the Wire of %s", name, other)
		}
		seen[va.Wire] = name
		for i, v := range []any{&va, &vb, &wa, &wb} {
			reencodes(t, v, [][]byte{a, b}[i%2])
		}
		if va.MTU != 1501 || vb.MTU != 1502 || va.Nest.A != 1 || vb.Nest.A != 2 {
			t.Errorf("%s: values %+v %+v", name, va, vb)
		}
	}
}

// A dump interleaves a few shapes, as routes with and without a gateway
// or a preferred source: each shape's structs share one Wire (and Order).
func TestWireShareInterleaved(t *testing.T) {
	shapes := [][]string{
		{attr(4, hexU32(1500)), attr(3, "6100")},
		{attr(4, hexU32(1500)), attr(5, attr(1, hexU32(1))), attr(3, "6100")},
		{attr(3, "6100"), attr(4, hexU32(1500))},
		{attr(3, "6100")},
	}
	ptrs := map[int]map[*nltag.Wire]bool{}
	vals := map[int]map[*uint16]bool{}
	for i := range 40 {
		k := i * 7 % len(shapes)
		in := shareIn(t, shapes[k]...)
		var p sharePtr
		var v shareVal
		unmarshalEach(t, []any{&p, &v}, in, in)
		reencodes(t, &p, in)
		reencodes(t, &v, in)
		if ptrs[k] == nil {
			ptrs[k], vals[k] = map[*nltag.Wire]bool{}, map[*uint16]bool{}
		}
		ptrs[k][p.Wire] = true
		vals[k][orderData(v.Wire.Order)] = true
	}
	for k := range shapes {
		if len(ptrs[k]) != 1 || len(vals[k]) != 1 {
			t.Errorf("shape %d: %d Wires, %d Orders", k, len(ptrs[k]), len(vals[k]))
		}
	}
}

// A Wire with unknown attributes or tails belongs to its struct alone: it
// is neither shared nor handed to the next struct of the same order.
func TestWireShareNotUnknownOrTails(t *testing.T) {
	plain := shareIn(t, attr(4, hexU32(1500)), attr(99, "aa"))
	for name, in := range map[string][]byte{
		"unknown":     shareIn(t, attr(4, hexU32(1500)), attr(99, "aa")),
		"u32 tail":    shareIn(t, attr(4, hexU32(1500)+hexU32(0))),
		"string tail": shareIn(t, attr(3, "6c6f0078")),
	} {
		var a, b, c sharePtr
		for _, v := range []*sharePtr{&a, &b} {
			if err := nltag.Unmarshal(in, v); err != nil {
				t.Fatal(err)
			}
			reencodes(t, v, in)
		}
		if a.Wire == b.Wire {
			t.Errorf("%s: two structs share a Wire with Unknown %v, Tails %v", name, a.Wire.Unknown, a.Wire.Tails)
		}
		// The same order without the unknown attribute or the tail:
		// never the Wire of one with them.
		var bare []byte
		switch name {
		case "unknown":
			bare = shareIn(t, attr(4, hexU32(1500)), attr(98, "aa"))
		case "u32 tail":
			bare = shareIn(t, attr(4, hexU32(1500)))
		default:
			bare = shareIn(t, attr(3, "6c6f00"))
		}
		if name == "unknown" {
			bare = plain // same types: 99 undeclared in both
			var d sharePtr
			if err := nltag.Unmarshal(bare, &d); err != nil || d.Wire == a.Wire || d.Wire == b.Wire {
				t.Errorf("%s: %v, Wire %p of a struct with unknown attributes", name, err, d.Wire)
			}
			continue
		}
		if err := nltag.Unmarshal(bare, &c); err != nil {
			t.Fatal(err)
		}
		if c.Wire == a.Wire || c.Wire == b.Wire || c.Wire.Tails != nil {
			t.Errorf("%s: a struct without tails got Wire %+v", name, c.Wire)
		}
		reencodes(t, &c, bare)
		reencodes(t, &a, in)
	}
}

// Decoding into a value that shares its Wire with one decoded before, or
// a nest repeated within a message, never changes the earlier value: the
// shared Wire is replaced, never written.
func TestWireShareReuse(t *testing.T) {
	first := shareIn(t, attr(4, hexU32(1500)), attr(6, attr(2, "01")), attr(5, attr(1, hexU32(1))))
	// Same shape, then Direct repeated in other shapes, one with an
	// unknown attribute and a tail; then the pointer nest repeated.
	second := shareIn(t, attr(4, hexU32(1400)), attr(6, attr(2, "01")), attr(5, attr(1, hexU32(2))),
		attr(6, attr(1, hexU32(3))+attr(2, "02")), attr(6, attr(9, "ff")+attr(2, "0300")),
		attr(5, attr(2, "04")))
	other := shareIn(t, attr(99, "01"), attr(6, attr(1, hexU32(5))), attr(3, "6c6f0000"), attr(4, hexU32(1300)))
	var p1, p2 sharePtr
	var v1, v2 shareVal
	unmarshalEach(t, []any{&p1, &v1, &p2, &v2}, first, first, first, first)
	if p1.Wire != p2.Wire || p1.Direct.Wire != p2.Direct.Wire || orderData(v1.Wire.Order) != orderData(v2.Wire.Order) {
		t.Fatalf("values of one shape do not share: %p %p, %p %p, %p %p", p1.Wire, p2.Wire, p1.Direct.Wire, p2.Direct.Wire, orderData(v1.Wire.Order), orderData(v2.Wire.Order))
	}
	for _, in := range [][]byte{second, other, first, second} {
		for _, v := range []any{&p2, &v2} {
			if err := nltag.Unmarshal(in, v); err != nil {
				t.Fatal(err)
			}
			if &in[0] != &second[0] { // a repeat is encoded once
				reencodes(t, v, in)
			}
			reencodes(t, &p1, first)
			reencodes(t, &v1, first)
		}
	}
	if p2.Direct.B != 3 || len(p2.Direct.Wire.Tails) != 1 || len(p2.Direct.Wire.Unknown) != 1 || p2.Nest.A != 0 || p2.Nest.B != 4 {
		t.Errorf("repeated nests decoded as %+v %+v, Wire %+v", p2.Direct, *p2.Nest, *p2.Direct.Wire)
	}
	if v2.Direct.B != 3 || len(v2.Direct.Wire.Tails) != 1 || len(v2.Direct.Wire.Unknown) != 1 || len(v2.Direct.Wire.Order) != 2 {
		t.Errorf("repeated nests decoded as %+v", v2.Direct)
	}
}

// Several goroutines decode messages of several shapes into one type at
// once, so that the record a plan holds last changes under them: every
// value re-encodes to its own input.
func TestWireShareConcurrent(t *testing.T) {
	var shapes [][]byte
	for i := range uint32(6) {
		attrs := []string{attr(4, hexU32(1500+i)), attr(7, attr(1, hexU32(i))), attr(5, attr(2, "01")+attr(1, hexU32(i)))}
		if i%2 == 1 {
			attrs[0], attrs[1] = attrs[1], attrs[0]
		}
		if i%3 == 1 {
			attrs = append(attrs, attr(7|nltag.FlagNested, attr(2, "02")))
		}
		if i == 5 {
			attrs = append(attrs, attr(42, "0102"))
		}
		shapes = append(shapes, shareIn(t, attrs...))
	}
	const perGoroutine = 300
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			var d nltag.Decoder
			ptrs := make([]sharePtr, perGoroutine)
			vals := make([]shareVal, perGoroutine)
			for i := range perGoroutine {
				in := shapes[(g+i)%len(shapes)]
				if err := d.Unmarshal(in, &ptrs[i]); err != nil {
					t.Error(err)
					return
				}
				if err := d.Unmarshal(in, &vals[i]); err != nil {
					t.Error(err)
					return
				}
			}
			for i := range perGoroutine {
				in := shapes[(g+i)%len(shapes)]
				reencodes(t, &ptrs[i], in)
				reencodes(t, &vals[i], in)
			}
		})
	}
	wg.Wait()
}

// A nest repeated thousands of times in shapes that alternate, so that
// each occurrence misses the record of the one before: each carved record
// is paid from the memory budget, which holds the decoding to the bound.
func TestWireShareHostileRepeats(t *testing.T) {
	for _, c := range []struct {
		name string
		a, b string
	}{
		{"pointer nest", attr(5, attr(1, hexU32(0))), attr(5, attr(2, "00"))},
		{"direct nest", attr(6, attr(1, hexU32(0))), attr(6, attr(2, "00"))},
		{"pointer nest, same shape", attr(5, attr(1, hexU32(0))), attr(5, attr(1, hexU32(0)))},
	} {
		var attrs []string
		for i := range 16000 {
			if i%2 == 0 {
				attrs = append(attrs, c.a)
			} else {
				attrs = append(attrs, c.b)
			}
		}
		in := shareIn(t, attrs...)
		for _, v := range []func() any{func() any { return new(sharePtr) }, func() any { return new(shareVal) }} {
			membound.Check(t, fmt.Sprintf("%s, %T", c.name, v()), len(in), func() {
				if err := nltag.Unmarshal(in, v()); err != nil && !errors.Is(err, nltag.ErrMemory) {
					t.Error(err)
				}
			})
		}
	}
}

// A caller that breaks the rule and gives a shared Wire unknown attributes
// or tails spoils the values that hold it, but not later decodings: such a
// Wire is not handed out again.
func TestWireShareModifiedNotReused(t *testing.T) {
	in := shareIn(t, attr(4, hexU32(1400)), attr(3, "776700"))
	for _, spoil := range []func(w *nltag.Wire){
		func(w *nltag.Wire) { w.Unknown = append(w.Unknown, nltag.Attr{Type: 99, Data: []byte{1, 2, 3, 4}}) },
		func(w *nltag.Wire) { w.Tails = append(w.Tails, nltag.Attr{Type: 4, Data: []byte{9, 9, 9, 9}}) },
	} {
		var a, b sharePtr
		unmarshalEach(t, []any{&a}, in)
		spoil(a.Wire)
		unmarshalEach(t, []any{&b}, in)
		if b.Wire == a.Wire {
			t.Fatal("a Wire given unknown attributes or tails was shared again")
		}
		reencodes(t, &b, in)
	}
}
