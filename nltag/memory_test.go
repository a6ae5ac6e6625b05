package nltag_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/nltag/go-netlink/internal/membound"
	"github.com/nltag/go-netlink/nltag"
)

type repeatInner struct {
	A uint8  `nla:"1"`
	B uint8  `nla:"2"`
	S string `nla:"3"`
}

// bigInner is 256 bytes in Go and may come from an empty nest.
type bigInner struct {
	A [256]byte // a fixed header, which a short payload leaves zero
}

type repeated struct {
	P   *repeatInner `nla:"1"`
	Big *bigInner    `nla:"2"`
}

// A repeated attribute replaces the value before it, whole, and reuses its
// memory: thousands of repeats cost no more than their bytes.
func TestRepeatedAttributeReplaces(t *testing.T) {
	in := nltag.AppendAttr(nil, 1, nltag.AppendAttr(nltag.AppendAttr(nil, 1, []byte{7}), 3, []byte("x\x00")))
	in = nltag.AppendAttr(in, 1, nltag.AppendAttr(nil, 2, []byte{9}))
	var v repeated
	if err := nltag.Unmarshal(in, &v); err != nil {
		t.Fatal(err)
	}
	if *v.P != (repeatInner{B: 9}) {
		t.Fatalf("repeat merged with the value before: %+v", *v.P)
	}
	var many []byte
	for range 4096 {
		many = nltag.AppendAttr(many, 2, nil)
		many = nltag.AppendAttr(many, 1, nil)
	}
	membound.Check(t, "4096 repeats of two pointer attributes", len(many), func() {
		if err := nltag.Unmarshal(many, &v); err != nil {
			t.Error(err)
		}
	})
	// The last one claims more than is there: an error, not an allocation.
	bad := append(many, 0xff, 0xff, 2, 0)
	membound.Check(t, "a repeat claiming 0xffff bytes", len(bad), func() {
		if err := nltag.Unmarshal(bad, &v); !errors.Is(err, nltag.ErrLength) {
			t.Errorf("err = %v, want ErrLength", err)
		}
	})
}

// TestHostileMemory runs the membound sweep on the fuzzed types, each
// seeded with the encoding of its zero value (which holds few nests, so
// the sweep's deeper inputs reach little here; the packages of real
// messages sweep their captures).
func TestHostileMemory(t *testing.T) {
	for _, mk := range fuzzTargets() {
		v := mk()
		body, err := nltag.Marshal(v)
		if err != nil {
			t.Fatalf("%T: %v", v, err)
		}
		membound.Sweep(t, [][]byte{body}, 32, func(b []byte) (any, error) {
			v := mk()
			return v, nltag.Unmarshal(b, v)
		})
	}
}

// A first call, or one after the pools were dropped, holds the bound too:
// 16,000 empty unknown attributes (64,016 bytes) cost 48× their size when
// scratch space for them grew from nothing.
func TestColdMemory(t *testing.T) {
	for _, mk := range fuzzTargets() {
		in, err := nltag.Marshal(mk())
		if err != nil {
			t.Fatal(err)
		}
		for range 16000 {
			in = nltag.AppendAttr(in, 999, nil)
		}
		membound.Check(t, "16000 empty unknown attributes", len(in), func() {
			if err := nltag.Unmarshal(in, mk()); err != nil {
				t.Error(err)
			}
		})
	}
}

// Thousands of empty attributes, each asking for an element with a large
// fixed part, are refused before anything is allocated for them.
func TestLargeElements(t *testing.T) {
	type big struct{ Blob [1 << 16]byte }
	type multiBig struct {
		Items []big `nla:"1,multi"`
	}
	type multiArr struct {
		Items [][1 << 16]byte `nla:"1,multi"`
	}
	type indexedBig struct {
		Items []big `nla:"1,indexed"`
	}
	type ptrBig struct {
		P *big `nla:"1"`
	}
	var flat, nest []byte
	for range 4096 {
		flat = nltag.AppendAttr(flat, 1, nil)
	}
	nest = nltag.AppendAttr(nil, 1, flat)
	for _, c := range []struct {
		in []byte
		v  func() any
	}{
		{flat, func() any { return new(multiBig) }},
		{flat, func() any { return new(multiArr) }},
		{nest, func() any { return new(indexedBig) }},
		{nltag.AppendAttr(nil, 1, nil), func() any { return new(ptrBig) }},
	} {
		v := c.v()
		membound.Check(t, fmt.Sprintf("%T", v), len(c.in), func() {
			if err := nltag.Unmarshal(c.in, v); err == nil {
				t.Errorf("%T: decoded", v)
			}
		})
	}
	// A few elements of a large type, or one pointee, from a payload of
	// their size, decode.
	one := nltag.AppendAttr(nil, 1, make([]byte, 1<<16-8))
	if err := nltag.Unmarshal(one, new(ptrBig)); err != nil {
		t.Error(err)
	}
}
