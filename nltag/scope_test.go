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
	// scHdr's header selects its sub-message, which is decoded in its
	// attribute loop, whose sub-message scA looks for Kind in scHdrOuter:
	// both are scopes for their whole decoding.
	scHdr struct {
		Family uint8
		_      [3]byte
		Data   any `nla:"1,submsg=scope-test-hdr,selector=Family"`
	}
	scHdrOuter struct {
		Kind string `nla:"1"`
		Hdr  scHdr  `nla:"2"`
	}
)

func init() {
	RegisterSubMessage("scope-test", "a", &scA{})
	RegisterSubMessage("scope-test", "b", &scB{})
	RegisterSubMessage("scope-test-hdr", 7, &scA{})
}

func TestSelectorScopes(t *testing.T) {
	roundTrips(t, &scOuter{Kind: "a", Mid: scMid{In: scInner{Data: &scA{V: 7, Sub: &scA{V: 8}}}}, Flat: scFlat{N: 9}})
	roundTrips(t, &scHdrOuter{Kind: "b", Hdr: scHdr{Family: 7, Data: &scA{V: 3, Sub: &scB{W: 4}}}})
	// Scopes for the whole decoding only where a sub-message is decoded
	// in the attribute loop; the others while they decode their deferred
	// attributes.
	for _, c := range []struct {
		v                  any
		scoped, scopeEarly bool
	}{
		{scOuter{}, true, false}, // a nest below holds a sub-message
		{scMid{}, true, false},
		{scInner{}, true, false},
		{scA{}, true, false},
		{scFlat{}, false, false},
		{scB{}, false, false},
		{scHdr{}, true, true},
		{scHdrOuter{}, true, true},
	} {
		p, err := planFor(reflect.TypeOf(c.v))
		if err != nil {
			t.Fatal(err)
		}
		if p.scoped != c.scoped || p.scopeEarly != c.scopeEarly {
			t.Errorf("%T: scoped %v, scopeEarly %v, want %v, %v", c.v, p.scoped, p.scopeEarly, c.scoped, c.scopeEarly)
		}
	}
}

// Two types that refer to each other, the inner one selecting by a field
// of the outer one that arrives after it: the selector is found whichever
// plan was made first (T makes two pairs of types, whose plans are made in
// either order).
type (
	scP[T any] struct {
		Q    *scQ[T] `nla:"1"`
		Data any     `nla:"2,submsg=scope-test,selector=Kind"`
	}
	scQ[T any] struct {
		P    *scP[T] `nla:"1"`
		Kind string  `nla:"2"`
	}
)

func TestSelectorScopesRecursive(t *testing.T) {
	if _, err := planFor(reflect.TypeFor[scP[int]]()); err != nil { // the inner type first
		t.Fatal(err)
	}
	if _, err := planFor(reflect.TypeFor[scQ[bool]]()); err != nil { // the outer type first
		t.Fatal(err)
	}
	roundTrips(t, &scQ[int]{P: &scP[int]{Data: &scB{W: 5}}, Kind: "b"})
	roundTrips(t, &scQ[bool]{P: &scP[bool]{Data: &scB{W: 5}}, Kind: "b"})
}

// roundTrips fails unless the struct in points to decodes from its
// encoding to what it holds.
func roundTrips(t *testing.T, in any) {
	t.Helper()
	b, err := Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	out := reflect.New(reflect.TypeOf(in).Elem()).Interface()
	if err := Unmarshal(b, out); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(out, in) {
		t.Errorf("%T: decoded %+v, want %+v", in, out, in)
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

// A sub-message in a cycle of two types (rcX holds *rcY, rcY holds *rcX)
// that looks for its selector in a struct around the cycle, where the
// selector arrives after the cycle: found whichever plan of the cycle was
// made first. Made from rcX, rcY's plan is finished before rcX's knows
// that it looks outward, and must not let rcT decode rcY before Kind.
type (
	rcX[T any] struct {
		Data any     `nla:"1,submsg=scope-test,selector=Kind"`
		Y    *rcY[T] `nla:"2"`
	}
	rcY[T any] struct {
		X *rcX[T] `nla:"1"`
	}
	rcT[T any] struct {
		Y    rcY[T] `nla:"1"` // before Kind on the wire
		Kind string `nla:"2"`
	}
)

func TestSelectorOutsideCycle(t *testing.T) {
	if _, err := planFor(reflect.TypeFor[rcX[int]]()); err != nil { // the cycle first, from rcX
		t.Fatal(err)
	}
	roundTrips(t, &rcT[int]{Y: rcY[int]{X: &rcX[int]{Data: &scB{W: 5}}}, Kind: "b"})
	roundTrips(t, &rcT[bool]{Y: rcY[bool]{X: &rcX[bool]{Data: &scB{W: 5}}}, Kind: "b"})
}

// A sub-message's type may look for its selector past the struct that
// holds the sub-message, in a struct around it, whose attribute may come
// after that struct: the struct must wait for the attribute list as a
// nest that needs an outer selector does. scHdr's Family selects scA,
// whose Sub is selected by scHdrOuter's Kind; scWrap's K selects scA.
type (
	scHdrLate struct {
		Hdr  scHdr  `nla:"2"`
		Kind string `nla:"1"`
	}
	scWrap struct {
		K    string `nla:"2"`
		Data any    `nla:"1,submsg=scope-test,selector=K"`
	}
	scWrapOuter struct {
		In   scWrap `nla:"2"`
		Kind string `nla:"1"`
	}
)

func TestSelectorPastHolder(t *testing.T) {
	roundTrips(t, &scHdrLate{Hdr: scHdr{Family: 7, Data: &scA{V: 3, Sub: &scB{W: 4}}}, Kind: "b"})
	roundTrips(t, &scWrapOuter{In: scWrap{K: "a", Data: &scA{V: 3, Sub: &scB{W: 4}}}, Kind: "b"})
}

// scLateOuter's nest holds a sub-message of a table that gains a type
// looking outward after a decoding found none there: the next decoding
// must wait for Kind.
type (
	scLateOuter struct {
		In   scLate `nla:"2"`
		Kind string `nla:"1"`
	}
	scLate struct {
		K    string `nla:"2"`
		Data any    `nla:"1,submsg=scope-late,selector=K"`
	}
)

func TestSelectorPastHolderTableGrows(t *testing.T) {
	RegisterSubMessageOf[scB]("scope-late", "b")
	RegisterSubMessageOf[scB]("scope-late", "a") // replaced below (and again when the test runs again)
	roundTrips(t, &scLateOuter{In: scLate{K: "b", Data: &scB{W: 4}}, Kind: "b"})
	RegisterSubMessageOf[scA]("scope-late", "a")
	roundTrips(t, &scLateOuter{In: scLate{K: "a", Data: &scA{V: 3, Sub: &scB{W: 4}}}, Kind: "b"})
}
