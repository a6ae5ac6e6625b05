package nltag_test

import (
	"bytes"
	"testing"

	"github.com/nltag/go-netlink/nltag"
)

type rwOuter struct {
	N    rwNest `nla:"1"`
	Wire nltag.Wire
}

type rwNest struct {
	V    uint32 `nla:"1"`
	Wire nltag.Wire
}

// A nest repeated in one message is decoded into the same value again:
// the second's record replaces the first's whole, when the second takes
// a recorded shape (decodeAttrs, before keepUnknown) too, so the first's
// unknown attributes and tails do not stay behind.
func TestRepeatedNestWire(t *testing.T) {
	v := nltag.AppendAttr(nil, 1, []byte{7, 0, 0, 0})
	plain := nltag.AppendAttr(nil, 1, v)
	// The plain shape first, so that the plan records it.
	var o rwOuter
	if err := nltag.Unmarshal(plain, &o); err != nil {
		t.Fatal(err)
	}
	for name, first := range map[string][]byte{
		"unknown": nltag.AppendAttr(nil, 1, nltag.AppendAttr(append([]byte(nil), v...), 9, []byte{1})),
		"tail":    nltag.AppendAttr(nil, 1, nltag.AppendAttr(nil, 1, []byte{7, 0, 0, 0, 5, 5, 5, 5})),
	} {
		in := append(append([]byte(nil), first...), plain...)
		for range 2 {
			var o rwOuter
			if err := nltag.Unmarshal(in, &o); err != nil {
				t.Fatal(err)
			}
			if w := o.N.Wire; w.Unknown != nil || w.Tails != nil || len(w.Order) != 1 || o.N.V != 7 {
				t.Fatalf("%s, then plain: nest holds %+v", name, o.N)
			}
		}
	}
}

type tlOuter struct {
	N    tlNest `nla:"1"`
	U    uint32 `nla:"2"`
	Wire nltag.Wire
}

// tlNest records no wire: the tails of its attributes are dropped.
type tlNest struct {
	V uint32 `nla:"1"`
}

// A tail or an undeclared attribute inside a struct that records no wire
// is not kept, and does not become one of the enclosing struct that does:
// the attribute loop keeps them only for a plan that records the wire or
// its unknown attributes (slot.tail, plan.unknown).
func TestTailOfNestWithoutWire(t *testing.T) {
	in := nltag.AppendAttr(nil, 1, nltag.AppendAttr(nltag.AppendAttr(nil, 1, []byte{7, 0, 0, 0, 5, 5, 5, 5}), 9, []byte{6}))
	in = nltag.AppendAttr(in, 2, []byte{8, 0, 0, 0})
	var o tlOuter
	if err := nltag.Unmarshal(in, &o); err != nil {
		t.Fatal(err)
	}
	if o.Wire.Tails != nil || o.Wire.Unknown != nil || o.N.V != 7 || o.U != 8 {
		t.Fatalf("decoded %+v", o)
	}
	want := nltag.AppendAttr(nil, 1, nltag.AppendAttr(nil, 1, []byte{7, 0, 0, 0}))
	want = nltag.AppendAttr(want, 2, []byte{8, 0, 0, 0})
	if out, err := nltag.Marshal(&o); err != nil || !bytes.Equal(out, want) {
		t.Fatalf("encodes to %x, %v; want %x", out, err, want)
	}
}
