package nltag

import (
	"bytes"
	"reflect"
	"testing"
)

// A sub-message selected by a header field is decoded where it stands in
// the attribute loop; one selected by an attribute is deferred, since its
// selector may come later. The header-selected one must read its own
// struct's header even when that struct is itself a deferred sub-message
// of another struct with a header field of the same name at the same
// offset (hsOuter.Family): decoding Body, hsOuter is a scope too.
type (
	hsOuter struct {
		Family uint8
		_      [3]byte
		Body   any    `nla:"1,submsg=hs-body,selector=Kind"` // before Kind on the wire
		Kind   string `nla:"2"`
	}
	hsMsg struct {
		Family uint8
		_      [3]byte
		Spec   any `nla:"1,submsg=hs-family,selector=Family"`
		// After Spec, so that a wrong base shows in what Spec decodes.
		N uint32 `nla:"2"`
	}
	hsA struct {
		V uint32 `nla:"1"`
	}
	hsB struct {
		W uint16 `nla:"1"`
	}
)

func init() {
	RegisterSubMessageOf[hsMsg]("hs-body", "msg")
	RegisterSubMessageOf[hsA]("hs-family", 1)
	RegisterSubMessageOf[hsB]("hs-family", 2)
}

func TestHeaderSelectorInPlace(t *testing.T) {
	for _, c := range []struct {
		v        any
		name     string
		deferred bool
	}{
		{hsMsg{}, "Spec", false}, // selected by the header: in place
		{hsOuter{}, "Body", true},
	} {
		p, err := planFor(reflect.TypeOf(c.v))
		if err != nil {
			t.Fatal(err)
		}
		var f *field
		for i := range p.attrs {
			if p.attrs[i].goName == c.name {
				f = &p.attrs[i]
			}
		}
		if f == nil {
			t.Fatalf("%T has no attribute %s", c.v, c.name)
		}
		if f.deferred != c.deferred {
			t.Errorf("%T.%s: deferred %v, want %v", c.v, c.name, f.deferred, c.deferred)
		}
	}
	for _, c := range []struct {
		name string
		v    *hsOuter
	}{
		{"inner 1, outer 2", &hsOuter{Family: 2, Kind: "msg", Body: &hsMsg{Family: 1, Spec: &hsA{V: 7}, N: 9}}},
		{"inner 2, outer 1", &hsOuter{Family: 1, Kind: "msg", Body: &hsMsg{Family: 2, Spec: &hsB{W: 5}, N: 9}}},
		{"inner 2, outer 2", &hsOuter{Family: 2, Kind: "msg", Body: &hsMsg{Family: 2, Spec: &hsB{W: 5}}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			decodesBack(t, c.v, new(hsOuter))
			// Alone, at the top, as a message body.
			decodesBack(t, c.v.Body, new(hsMsg))
		})
	}
}

// decodesBack encodes want and decodes the bytes into got, a pointer to a
// zero value of want's type, which must then equal want and encode to the
// same bytes.
func decodesBack(t *testing.T, want, got any) {
	t.Helper()
	b, err := Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	if err := Unmarshal(b, got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("decoded\n%s\nwant\n%s", Format(got), Format(want))
	}
	if again, _ := Marshal(got); !bytes.Equal(again, b) {
		t.Errorf("re-encodes to %x, not %x", again, b)
	}
}
