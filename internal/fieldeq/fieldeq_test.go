package fieldeq

import (
	"math"
	"math/rand/v2"
	"net/netip"
	"reflect"
	"testing"
)

type inner struct {
	A uint8
	B uint32 // padding before: not one block
	S string
}

type node struct {
	V    int16
	Next *node
}

type sample struct {
	U8    uint8
	U16   uint16
	I32   int32
	Flag  bool
	F     float64
	Name  string
	Addr  netip.Addr
	P     *inner
	PP    **uint32
	In    inner
	Arr   [3]uint16
	Bytes []byte
	Ins   []inner
	Ptrs  []*inner
	M     map[string]int
	Any   any
	List  *node
	Skip  uint64
	Deep  inner
	Empty struct{}
}

// TestAgreesWithDeepEqual: on random values, pairs built to differ in one
// field, copies, nil against empty, and NaN, For gives reflect.DeepEqual's
// answer.
func TestAgreesWithDeepEqual(t *testing.T) {
	eq := For[sample]()
	r := rand.New(rand.NewPCG(1, 2))
	n := func() int { return r.IntN(2) } // small ranges: equal values are common
	genInner := func() inner { return inner{A: uint8(n()), B: uint32(n()), S: []string{"", "x"}[n()]} }
	gen := func() sample {
		s := sample{U8: uint8(n()), U16: uint16(n()), I32: int32(n()), Flag: n() == 0, F: float64(n()),
			Name: []string{"a", "b"}[n()], Addr: netip.AddrFrom4([4]byte{10, 0, 0, byte(n())}),
			In: genInner(), Arr: [3]uint16{0, uint16(n()), 0}, Skip: uint64(n()), Deep: genInner()}
		if n() == 0 {
			p := genInner()
			s.P = &p
		}
		if n() == 0 {
			u := uint32(n())
			pu := &u
			s.PP = &pu
		}
		switch r.IntN(3) {
		case 0:
			s.Bytes = []byte{byte(n())}
		case 1:
			s.Bytes = []byte{}
		}
		for range r.IntN(3) {
			s.Ins = append(s.Ins, genInner())
			var p *inner
			if n() == 0 {
				q := genInner()
				p = &q
			}
			s.Ptrs = append(s.Ptrs, p)
		}
		if n() == 0 {
			s.M = map[string]int{"k": n()}
		}
		switch r.IntN(4) {
		case 0:
			s.Any = []int{n()}
		case 1:
			s.Any = genInner()
		}
		if n() == 0 {
			s.List = &node{V: int16(n()), Next: &node{V: int16(n())}}
		}
		return s
	}
	check := func(what string, a, b sample) {
		t.Helper()
		if got, want := eq(&a, &b), reflect.DeepEqual(a, b); got != want {
			t.Fatalf("%s: For = %v, DeepEqual = %v\n%+v\n%+v", what, got, want, a, b)
		}
	}
	for range 2000 {
		a := gen()
		check("random pair", a, gen())
		b := a // shares pointers and slices
		check("copy", a, b)
		// Rebuilt from scratch through DeepEqual's own notion: a deep copy.
		c := deepCopy(t, a)
		check("deep copy", a, c)
		// One field changed.
		v := reflect.ValueOf(&c).Elem()
		i := r.IntN(v.NumField())
		if f := v.Field(i); f.CanSet() {
			f.Set(reflect.ValueOf(gen()).Field(i))
			check("one field from another value ("+v.Type().Field(i).Name+")", a, c)
		}
	}
	nan := sample{F: math.NaN()}
	check("NaN", nan, nan)
	check("nil and empty slice", sample{Bytes: nil}, sample{Bytes: []byte{}})
	check("nil and empty map", sample{M: nil}, sample{M: map[string]int{}})
	x := uint32(1)
	px, py := &x, new(uint32)
	*py = 1
	check("pointers to pointers", sample{PP: &px}, sample{PP: &py})
}

// deepCopy copies v through its own fields, so that no pointer is shared.
func deepCopy(t *testing.T, s sample) sample {
	t.Helper()
	c := s
	if s.P != nil {
		p := *s.P
		c.P = &p
	}
	if s.PP != nil && *s.PP != nil {
		u := **s.PP
		pu := &u
		c.PP = &pu
	}
	if s.Bytes != nil {
		c.Bytes = append([]byte{}, s.Bytes...)
	}
	if s.Ins != nil {
		c.Ins = append([]inner{}, s.Ins...)
	}
	if s.Ptrs != nil {
		c.Ptrs = make([]*inner, len(s.Ptrs))
		for i, p := range s.Ptrs {
			if p != nil {
				q := *p
				c.Ptrs[i] = &q
			}
		}
	}
	if s.M != nil {
		c.M = map[string]int{}
		for k, v := range s.M {
			c.M[k] = v
		}
	}
	var cp func(n *node) *node
	cp = func(n *node) *node {
		if n == nil {
			return nil
		}
		return &node{V: n.V, Next: cp(n.Next)}
	}
	c.List = cp(s.List)
	if !reflect.DeepEqual(s, c) {
		t.Fatal("deepCopy is not equal")
	}
	return c
}

// TestSkip: skipped fields, at the top and inside a struct field, do not
// count; the others do.
func TestSkip(t *testing.T) {
	eq := For[sample]("Skip", "Deep.S", "P")
	a := sample{Skip: 1, Deep: inner{A: 1, S: "x"}, P: &inner{A: 1}}
	b := sample{Skip: 2, Deep: inner{A: 1, S: "y"}}
	if !eq(&a, &b) {
		t.Error("values that differ only in skipped fields are unequal")
	}
	b.Deep.A = 2
	if eq(&a, &b) {
		t.Error("a difference in Deep.A is missed")
	}
	defer func() {
		if recover() == nil {
			t.Error("a name of no field was accepted")
		}
	}()
	For[sample]("Nope")
}

// TestSkipThroughPointer: a name may pass through a pointer to a struct
// (as "Wire.Order" does when Wire is a *nltag.Wire): the pointee's other
// fields count, and nil compares as a pointer to the zero value.
func TestSkipThroughPointer(t *testing.T) {
	type wire struct {
		Unknown []byte
		Order   []uint16
	}
	type msg struct {
		V    int
		Wire *wire
	}
	eq := For[msg]("Wire.Order")
	for _, c := range []struct {
		a, b msg
		want bool
	}{
		{msg{Wire: &wire{Order: []uint16{1}}}, msg{Wire: &wire{Order: []uint16{2, 3}}}, true},
		{msg{Wire: &wire{Order: []uint16{1}}}, msg{}, true},
		{msg{}, msg{}, true},
		{msg{Wire: &wire{Unknown: []byte{1}}}, msg{}, false},
		{msg{}, msg{Wire: &wire{Unknown: []byte{1}}}, false},
		{msg{Wire: &wire{Unknown: []byte{1}}}, msg{Wire: &wire{Unknown: []byte{2}}}, false},
		{msg{V: 1, Wire: &wire{}}, msg{Wire: &wire{}}, false},
	} {
		if got := eq(&c.a, &c.b); got != c.want {
			t.Errorf("eq(%+v, %+v) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("a path through a pointer to a non-struct was accepted")
		}
	}()
	type bad struct{ P *int }
	For[bad]("P.X")
}
