package nltag

import (
	"reflect"
	"testing"
)

// Selectors are found in enclosing structs however deep the sub-message
// sits, through nests that hold no sub-message of their own, and from
// inside a sub-message; structs that nothing below can look into are not
// recorded as scopes.
type (
	scOuter struct {
		Mid  scMid  `nla:"2"` // before the selector on the wire
		Kind string `nla:"1"`
		Flat scFlat `nla:"3"`
	}
	scMid struct {
		In scInner `nla:"1"`
	}
	scInner struct {
		Data any `nla:"1,submsg=scope-test,selector=Kind"`
	}
	// scA is selected by Kind, and selects its own Sub by Kind too: a
	// selector two structs and a sub-message up.
	scA struct {
		V   uint32 `nla:"1"`
		Sub any    `nla:"2,submsg=scope-test,selector=Kind"`
	}
	scB struct {
		W uint16 `nla:"1"`
	}
	scFlat struct {
		N uint32 `nla:"1"`
	}
)

func init() {
	RegisterSubMessage("scope-test", "a", &scA{})
	RegisterSubMessage("scope-test", "b", &scB{})
}

func TestSelectorScopes(t *testing.T) {
	in := scOuter{Kind: "a", Mid: scMid{In: scInner{Data: &scA{V: 7, Sub: &scA{V: 8}}}}, Flat: scFlat{N: 9}}
	b, err := Marshal(&in)
	if err != nil {
		t.Fatal(err)
	}
	var out scOuter
	if err := Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(out, in) {
		t.Fatalf("decoded %+v, want %+v", out, in)
	}
	for _, c := range []struct {
		v      any
		scoped bool
	}{
		{scOuter{}, true}, // a nest below holds a sub-message
		{scMid{}, true},
		{scInner{}, true},
		{scA{}, true},
		{scFlat{}, false},
		{scB{}, false},
	} {
		p, err := planFor(reflect.TypeOf(c.v))
		if err != nil {
			t.Fatal(err)
		}
		if p.scoped != c.scoped {
			t.Errorf("%T: scoped %v, want %v", c.v, p.scoped, c.scoped)
		}
	}
}

// A sub-message whose selector is a header field of its own struct is
// decoded where it arrives: the header is decoded before any attribute.
// One selected by an attribute, which may come later, or from an enclosing
// struct, waits for the whole attribute list.
type scHeader struct {
	Family uint8
	_      [3]byte
	Data   any    `nla:"1,submsg=scope-family,selector=Family"`
	Kind   string `nla:"2"`
	ByKind any    `nla:"3,submsg=scope-test,selector=Kind"`
}

func init() { RegisterSubMessageOf[scB]("scope-family", uint8(7)) }

func TestHeaderSelectorNotDeferred(t *testing.T) {
	in := scHeader{Family: 7, Data: &scB{W: 3}, Kind: "b", ByKind: &scB{W: 4}}
	b, err := Marshal(&in)
	if err != nil {
		t.Fatal(err)
	}
	var out scHeader
	if err := Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(out, in) {
		t.Fatalf("decoded %+v, want %+v", out, in)
	}
	// RegisterSubMessageOf's entry stores its values with its own func.
	if d := table("scope-family").lookup(selValue{n: 7}).decoder(reflect.TypeFor[any]()); d == nil || d.box == nil {
		t.Error("RegisterSubMessageOf's sub-decoder has no box func")
	}
	for _, c := range []struct {
		v        any
		name     string
		deferred bool
	}{
		{scHeader{}, "Data", false},
		{scHeader{}, "ByKind", true},
		{scInner{}, "Data", true}, // selected from an enclosing struct
	} {
		p, err := planFor(reflect.TypeOf(c.v))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range p.attrs {
			if f.goName == c.name && f.deferred != c.deferred {
				t.Errorf("%T.%s: deferred %v, want %v", c.v, c.name, f.deferred, c.deferred)
			}
		}
	}
}
