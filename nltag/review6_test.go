package nltag_test

// Regressions found by the sixth review, through the randomized property
// test (property_test.go).

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"unsafe"

	"github.com/nltag/go-netlink/internal/membound"
	"github.com/nltag/go-netlink/nltag"
)

type r6PtrString struct {
	S    *string `nla:"1"`
	Wire nltag.Wire
}

type r6Flag struct {
	F    bool `nla:"1"`
	Wire nltag.Wire
}

// A declared attribute's bytes past what its field reads are kept in
// Wire.Tails, the package doc says, bytes after a string's NUL among
// them: a *string dropped them (a string kept them), and so did a flag
// whose attribute, read tolerantly, carried a payload. Both re-encoded to
// other bytes than they came from.
func TestR6TailsOfPointerStringAndFlag(t *testing.T) {
	for _, c := range []struct {
		name string
		v    func() any
		in   []byte
		// strict decoding refuses a flag's payload (the kernel's
		// NLA_FLAG policy does) but not bytes after a string's NUL
		strict bool
	}{
		{"*string", func() any { return new(r6PtrString) }, nltag.AppendAttr(nil, 1, []byte("lo\x00junk")), false},
		{"*string, NUL only", func() any { return new(r6PtrString) }, nltag.AppendAttr(nil, 1, []byte("\x00\x01")), false},
		{"flag", func() any { return new(r6Flag) }, nltag.AppendAttr(nil, 1, []byte{1, 2, 3, 4, 5}), true},
		{"flag, then unknown", func() any { return new(r6Flag) }, nltag.AppendAttr(nltag.AppendAttr(nil, 1, []byte{9}), 7, []byte{1}), true},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := c.v()
			if err := nltag.Unmarshal(c.in, v); err != nil {
				t.Fatal(err)
			}
			out, err := nltag.Marshal(v)
			if err != nil || !bytes.Equal(out, c.in) {
				t.Fatalf("re-encoded %x, %v\nwant %x\n%s", out, err, c.in, nltag.Format(v))
			}
			if err := (nltag.UnmarshalOptions{Strict: true}).Unmarshal(c.in, c.v()); (err != nil) != c.strict {
				t.Fatalf("strict decoding: %v", err)
			}
		})
	}
	var s r6PtrString
	if err := nltag.Unmarshal(nltag.AppendAttr(nil, 1, []byte("lo\x00junk")), &s); err != nil || s.S == nil || *s.S != "lo" {
		t.Fatalf("%v %v", s.S, err)
	}
}

// A decoding state indexed its chunks of values with pointers by a number
// each such type gets, in the order the program first planned them: a
// first call that decoded one value of the 800th type allocated a table
// of 800 entries (32 KB for 4 bytes of input), past the memory bound the
// package doc states for first calls. The property test, which makes
// hundreds of types, made TestSlabChunksBound fail that way.
func TestR6SlabTableFollowsTypesUsed(t *testing.T) {
	var last reflect.Type
	for i := range 800 {
		inner := reflect.StructOf([]reflect.StructField{
			{Name: "S", Type: reflect.TypeFor[string](), Tag: `nla:"1"`},
			{Name: "X", Type: reflect.ArrayOf(i, reflect.TypeFor[byte]()), Tag: `nla:"-"`},
		})
		last = reflect.StructOf([]reflect.StructField{
			{Name: "P", Type: reflect.PointerTo(inner), Tag: `nla:"1"`},
		})
		if err := nltag.Check(reflect.New(last).Interface()); err != nil {
			t.Fatal(err)
		}
	}
	in := nltag.AppendAttr(nil, 1, nil)
	membound.Check(t, "one value of the 800th type with pointers", len(in), func() {
		v := reflect.New(last)
		if err := nltag.Unmarshal(in, v.Interface()); err != nil {
			t.Fatal(err)
		}
		if v.Elem().Field(0).IsNil() {
			t.Fatal("nil pointer")
		}
	})
}

// omitempty leaves out an empty string whatever its data pointer: one cut
// from another string is "" with a pointer into it, and was written as an
// empty attribute ("\x00"). A value decoded with a Wire and then emptied
// that way stays absent on re-encoding too; a *string to "" is present.
func TestOmitEmptyStringWithData(t *testing.T) {
	k, _, _ := strings.Cut("=x", "=")
	if unsafe.StringData(k) == nil {
		t.Skip("strings.Cut gave a nil data pointer")
	}
	b, err := nltag.Marshal(&struct {
		S string `nla:"1,omitempty"`
	}{k})
	if err != nil || len(b) != 0 {
		t.Errorf("omitempty of a cut empty string: %x, %v; want nothing", b, err)
	}
	var w struct {
		S    string `nla:"1"`
		N    uint32 `nla:"2"`
		Wire nltag.Wire
	}
	if err := nltag.Unmarshal(nltag.AppendAttr(nil, 2, []byte{1, 0, 0, 0}), &w); err != nil {
		t.Fatal(err)
	}
	w.S = k
	if b, err := nltag.Marshal(&w); err != nil || len(b) != 8 {
		t.Errorf("re-encoding with an absent string emptied by a cut: %x, %v; want attribute 2 alone", b, err)
	}
	e := ""
	if b, err := nltag.Marshal(&struct {
		S *string `nla:"1"`
	}{&e}); err != nil || len(b) != 8 {
		t.Errorf("a *string to \"\": %x, %v; want an attribute holding a NUL", b, err)
	}
}
