package nltag

import (
	"encoding/binary"
	"reflect"
	"testing"
)

type (
	keptBigPtr struct {
		A    uint32 `nla:"1"`
		Wire *Wire
	}
	keptBigVal struct {
		A    uint32 `nla:"1"`
		Wire Wire
	}
)

// A plan keeps no record of a huge input's shape: it lives as long as the
// program, and would hold the input's Order (two bytes per attribute) for
// good. The inputs decode as always.
func TestWireShareKeptBounded(t *testing.T) {
	var in []byte
	for i := range 100_000 {
		in = binary.NativeEndian.AppendUint16(in, 8)
		in = binary.NativeEndian.AppendUint16(in, 1)
		in = binary.NativeEndian.AppendUint32(in, uint32(i))
	}
	kept := func(p *plan) (n int) {
		for i := range p.lastWire {
			if w := p.lastWire[i].Load(); w != nil {
				n = max(n, len(w.Order))
			}
			if o := p.lastOrder[i].Load(); o != nil {
				n = max(n, len(*o))
			}
		}
		return n
	}
	for _, v := range []any{new(keptBigPtr), new(keptBigVal)} {
		if err := Unmarshal(in, v); err != nil || reflect.ValueOf(v).Elem().Field(0).Uint() != 99_999 {
			t.Fatalf("%T: decoded %+v, %v", v, v, err)
		}
		p, err := planFor(reflect.TypeOf(v).Elem())
		if err != nil {
			t.Fatal(err)
		}
		if n := kept(p); 2*n > maxBlock {
			t.Errorf("%T: the plan keeps a record of %d attributes, want at most %d", v, n, maxBlock/2)
		}
	}
}
