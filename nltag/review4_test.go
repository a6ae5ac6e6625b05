package nltag_test

import (
	"errors"
	"testing"

	"github.com/nltag/go-netlink/internal/membound"
	"github.com/nltag/go-netlink/nltag"
)

type r4Attrs struct {
	N uint32 `nla:"1"`
	S string `nla:"2"`
}

// A copy of a hook's Decoder starts afresh, as a copy of any Decoder
// does: it went on decoding inside the call that reached the hook, at its
// depth and in its state, after that call was over (and its state served
// other calls, in other goroutines too).
func TestR4CopiedHookDecoder(t *testing.T) {
	kept, keptCopies = nil, nil
	// The hook is reached MaxDepth-1 levels down.
	type lvl struct {
		A *keeper `nla:"1"`
		L *lvl    `nla:"2"`
	}
	in := nltag.AppendAttr(nil, 1, nltag.AppendAttr(nil, 1, []byte{7, 0, 0, 0}))
	for range nltag.MaxDepth - 2 {
		in = nltag.AppendAttr(nil, 2, in)
	}
	var dec nltag.Decoder
	var m lvl
	if err := dec.Unmarshal(in, &m); err != nil {
		t.Fatal(err)
	}
	if len(keptCopies) != 1 {
		t.Fatalf("%d hook calls, want 1", len(keptCopies))
	}
	c := keptCopies[0]
	var a struct {
		N *struct {
			N uint32 `nla:"1"`
		} `nla:"1"`
	}
	in = nltag.AppendAttr(nil, 1, nltag.AppendAttr(nil, 1, []byte{9, 0, 0, 0}))
	if err := c.Unmarshal(in, &a); err != nil || a.N == nil || a.N.N != 9 {
		t.Fatalf("copy of a hook's Decoder after the hook: %+v, %v; want a fresh Decoder's result", a, err)
	}
}

// r4Panicker keeps the Decoder it was given, then panics.
type r4Panicker struct{}

var r4Kept *nltag.Decoder

func (k *r4Panicker) MarshalNetlink(b []byte) ([]byte, error) { return b, nil }

func (k *r4Panicker) UnmarshalNetlinkFrom(d *nltag.Decoder, data []byte) error {
	r4Kept = d
	panic("r4Panicker")
}

// A hook that panics is over too: the Decoder it kept refuses to decode,
// as one kept by a hook that returned does.
func TestR4PanickedHookDecoder(t *testing.T) {
	r4Kept = nil
	var dec nltag.Decoder
	func() {
		defer func() {
			if recover() == nil {
				t.Fatal("no panic")
			}
		}()
		var m struct {
			A *r4Panicker `nla:"1"`
		}
		dec.Unmarshal(nltag.AppendAttr(nil, 1, nil), &m)
	}()
	var a r4Attrs
	if err := r4Kept.Unmarshal(nltag.AppendAttr(nil, 2, []byte("hello\x00")), &a); err == nil || a.S != "" {
		t.Fatalf("Decoder of a hook that panicked decoded: %+v, %v; want an error", a, err)
	}
}

// r4Recoverer decodes its payload into a type with a panicking hook,
// recovers, and goes on.
type r4Recoverer struct{ Recovered bool }

func (k *r4Recoverer) MarshalNetlink(b []byte) ([]byte, error) { return b, nil }

func (k *r4Recoverer) UnmarshalNetlinkFrom(d *nltag.Decoder, data []byte) error {
	defer func() { k.Recovered = recover() != nil }()
	var m struct {
		A *r4Panicker `nla:"1"`
	}
	return d.Unmarshal(data, &m)
}

// A hook may recover from a panic in the decoding it called and go on:
// the call that reached it goes on with its own input and scratch stacks,
// not those of the decoding that panicked (it read its strings at their
// offsets in the panicked payload, and went out of range).
func TestR4RecoveringHook(t *testing.T) {
	type msg struct {
		R *r4Recoverer `nla:"1"`
		S string       `nla:"2"`
		W nltag.Wire
	}
	inner := nltag.AppendAttr(nil, 1, nil)
	inner = nltag.AppendAttr(inner, 3, []byte("an unknown attribute, long enough to cover the string"))
	in := nltag.AppendAttr(nil, 1, inner)
	in = nltag.AppendAttr(in, 2, []byte("abcdefgh\x00"))
	for _, strict := range []bool{false, true} {
		var m msg
		err := nltag.UnmarshalOptions{Strict: strict}.Unmarshal(in, &m)
		if err != nil || m.R == nil || !m.R.Recovered || m.S != "abcdefgh" || len(m.W.Unknown) != 0 {
			t.Fatalf("strict %v: %+v, %v", strict, m, err)
		}
	}
}

// r4Big is registered as a value, not a pointer: storing one into its
// interface field copies it into a box of its own.
type r4Big struct {
	B [2000]byte `nla:"1"`
}

type r4SubHolder struct {
	Kind string `nla:"1"`
	Data []any  `nla:"2,multi,submsg=r4-values,selector=Kind"`
}

func init() { nltag.RegisterSubMessage("r4-values", "v", r4Big{}) }

// Sub-messages of a type registered as a value are held to the memory
// bound: the box their interface holds was not paid for, so that each
// empty attribute took twice its value's size (1,052,480 bytes from 42,008).
func TestR4SubMessageValueBound(t *testing.T) {
	in := nltag.AppendAttr(nil, 1, []byte("v\x00"))
	for range 500 {
		in = nltag.AppendAttr(in, 2, nil)
	}
	for range 10000 {
		in = nltag.AppendAttr(in, 9, nil)
	}
	membound.Check(t, "500 empty sub-messages of 2,000-byte values", len(in), func() {
		var m r4SubHolder
		if err := nltag.Unmarshal(in, &m); err != nil && !errors.Is(err, nltag.ErrMemory) {
			t.Errorf("err = %v, want nil or ErrMemory", err)
		}
	})
	// A few decode.
	var m r4SubHolder
	in = nltag.AppendAttr(nltag.AppendAttr(nil, 1, []byte("v\x00")), 2, nltag.AppendAttr(nil, 1, append(make([]byte, 1999), 2)))
	if err := nltag.Unmarshal(in, &m); err != nil || len(m.Data) != 1 || m.Data[0].(r4Big).B[1999] != 2 {
		t.Fatalf("%d values, %v", len(m.Data), err)
	}
}

type r4SubA struct {
	N uint32 `nla:"1"`
}

// r4NilM's MarshalNetlink reads its receiver, as most do.
type r4NilM struct{ n int }

func (m *r4NilM) MarshalNetlink(b []byte) ([]byte, error) {
	return append(b, make([]byte, m.n)...), nil
}
func (m *r4NilM) UnmarshalNetlink(b []byte) error { m.n = len(b); return nil }

type r4SubHolder2 struct {
	Kind string `nla:"1"`
	Data any    `nla:"2,submsg=r4-nil,selector=Kind"`
	Many []any  `nla:"3,multi,submsg=r4-nil,selector=Kind"`
}

func init() {
	nltag.RegisterSubMessageOf[r4SubA]("r4-nil", "a")
	nltag.RegisterSubMessage("r4-nil", "m", &r4NilM{})
}

// A sub-message field holding a nil pointer (an interface that is not
// nil) is an error, ErrValue, not a panic: encSub read the nil struct
// (unsafe.Slice of a nil pointer) or called MarshalNetlink on it.
func TestR4MarshalTypedNilSubMessage(t *testing.T) {
	for _, v := range []*r4SubHolder2{
		{Kind: "a", Data: (*r4SubA)(nil)},
		{Kind: "m", Data: (*r4NilM)(nil)},
		{Kind: "a", Data: (*nltag.Raw)(nil)},
		{Kind: "a", Many: []any{&r4SubA{N: 1}, (*r4SubA)(nil)}},
	} {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("Marshal(%+v) panicked: %v", *v, r)
				}
			}()
			if b, err := nltag.Marshal(v); !errors.Is(err, nltag.ErrValue) {
				t.Errorf("Marshal(%+v) = %x, %v; want ErrValue", *v, b, err)
			}
		}()
	}
}

// Marshal of a nil pointer is an error for a Marshaler too, as for any
// other type, and as a nil pointer field is left out: MarshalNetlink was
// called on the nil pointer.
func TestR4MarshalNilMarshaler(t *testing.T) {
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("Marshal of a nil Marshaler panicked: %v", r)
		}
	}()
	if b, err := nltag.Marshal((*r4NilM)(nil)); err == nil {
		t.Fatalf("Marshal of a nil *r4NilM = %x, want an error", b)
	}
	if b, err := nltag.Marshal(&r4NilM{n: 4}); err != nil || len(b) != 4 {
		t.Fatalf("Marshal(&r4NilM{4}) = %x, %v", b, err)
	}
}
