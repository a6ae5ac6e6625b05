package nltag

import (
	"reflect"
	"testing"
)

// A sub-message selected by a header field may hold a sub-message whose
// selector is an attribute of the enclosing struct that comes after it on
// the wire: the type it selects is known only as it decodes, so decoding
// it in place would read that selector before it is decoded. Family
// selects hoSpec (a sub-message that looks outward), hoNest (a nest that
// does) or hoTwo (a header-selected sub-message whose type does).
type (
	hoMsg struct {
		Family uint8
		_      [3]byte
		Spec   any    `nla:"1,submsg=ho-family,selector=Family"` // before Kind on the wire
		Kind   string `nla:"2"`
	}
	hoSpec struct {
		Data any `nla:"1,submsg=ho-kind,selector=Kind"` // hoMsg's Kind
	}
	hoNest struct {
		In hoSpec `nla:"1"`
	}
	hoTwo struct {
		Fam  uint8
		_    [3]byte
		Spec any `nla:"1,submsg=ho-family,selector=Fam"`
	}
	hoX struct {
		V uint32 `nla:"1"`
	}
)

func init() {
	RegisterSubMessageOf[hoSpec]("ho-family", 1)
	RegisterSubMessageOf[hoNest]("ho-family", 2)
	RegisterSubMessageOf[hoTwo]("ho-family", 3)
	RegisterSubMessageOf[hoX]("ho-family", 4)
	RegisterSubMessageOf[hoX]("ho-kind", "x")
}

func TestHeaderSelectorOuterAfter(t *testing.T) {
	for _, want := range []*hoMsg{
		{Family: 1, Spec: &hoSpec{Data: &hoX{V: 7}}, Kind: "x"},
		{Family: 2, Spec: &hoNest{In: hoSpec{Data: &hoX{V: 7}}}, Kind: "x"},
		{Family: 3, Spec: &hoTwo{Fam: 1, Spec: &hoSpec{Data: &hoX{V: 7}}}, Kind: "x"},
		{Family: 3, Spec: &hoTwo{Fam: 4, Spec: &hoX{V: 8}}, Kind: "x"},
		{Family: 4, Spec: &hoX{V: 9}, Kind: "x"},
	} {
		decodesBack(t, want, new(hoMsg))
	}
	// The types that cannot look outward keep being decoded in place.
	for _, c := range []struct {
		v       any
		outward bool
	}{
		{hoSpec{}, true}, {hoNest{}, true}, {hoTwo{}, true}, {hoMsg{}, true},
		{hoX{}, false}, {hsA{}, false}, {hsB{}, false},
	} {
		p, err := planFor(reflect.TypeOf(c.v))
		if err != nil {
			t.Fatal(err)
		}
		if p.outward != c.outward {
			t.Errorf("%T: outward %v, want %v", c.v, p.outward, c.outward)
		}
	}
}

// hoLate's table gains a type that looks outward after a decoding found
// none there: the next decoding must see it.
type hoLate struct {
	Family uint8
	_      [3]byte
	Spec   any    `nla:"1,submsg=ho-late,selector=Family"`
	Kind   string `nla:"2"`
}

func TestHeaderSelectorTableGrows(t *testing.T) {
	// Key 1 selects hoX first, hoSpec later (and again when the test
	// runs again).
	RegisterSubMessageOf[hoX]("ho-late", 1)
	RegisterSubMessageOf[hoX]("ho-late", 4)
	for i, want := range []*hoLate{
		{Family: 4, Spec: &hoX{V: 9}, Kind: "x"},
		{Family: 1, Spec: &hoSpec{Data: &hoX{V: 7}}, Kind: "x"}, // registered after the first
	} {
		if i == 1 {
			if !table("ho-late").inward() {
				t.Fatal("a table of hoX alone: not inward")
			}
			RegisterSubMessageOf[hoSpec]("ho-late", 1)
		}
		decodesBack(t, want, new(hoLate))
	}
	if table("ho-late").inward() {
		t.Error("a table with hoSpec: inward")
	}
}
