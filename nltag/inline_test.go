package nltag_test

import (
	"bytes"
	"errors"
	"net/netip"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/nltag/go-netlink/internal/membound"
	"github.com/nltag/go-netlink/nltag"
)

// inlineRare holds attributes of inlineMsg's list that few messages carry.
type inlineRare struct {
	Mark  uint32     `nla:"10,omitempty"`
	Src   netip.Addr `nla:"11"`
	Label []uint32   `nla:"12,multi"`
	Name  string     `nla:"13"`
	PU    *uint32    `nla:"14"`
}

type inlineMsg struct {
	Family uint8
	_      [3]byte
	OIF    uint32      `nla:"1,omitempty"`
	Dst    netip.Addr  `nla:"2"`
	Extra  *inlineRare `nla:",inline"`
	Prio   uint32      `nla:"3,omitempty"`
	Wire   nltag.Wire
}

// inlineInterleaved is an inlineMsg whose attributes interleave the
// outer struct's, the inline struct's and an unknown one.
func inlineInterleaved() []byte {
	var in []byte
	in = append(in, 2, 0, 0, 0)
	in = nltag.AppendAttr(in, 1, wu32(7))
	in = nltag.AppendAttr(in, 12, wu32(100))
	in = nltag.AppendAttr(in, 2, []byte{10, 0, 0, 0})
	in = nltag.AppendAttr(in, 10, wu32(5))
	in = nltag.AppendAttr(in, 99, []byte("unknown"))
	in = nltag.AppendAttr(in, 12, wu32(200))
	in = nltag.AppendAttr(in, 3, wu32(9))
	in = nltag.AppendAttr(in, 14, wu32(42))
	in = nltag.AppendAttr(in, 13, []byte("x\x00"))
	return in
}

func wu32(v uint32) []byte { return []byte{byte(v), byte(v >> 8), byte(v >> 16), byte(v >> 24)} }

// TestInlineDecodeEncode: the attributes of an inline pointer's struct are
// the enclosing struct's: they decode into it, allocated when the first
// arrives, and a message interleaving them with the outer ones re-encodes
// byte for byte.
func TestInlineDecodeEncode(t *testing.T) {
	in := inlineInterleaved()
	var m inlineMsg
	if err := nltag.Unmarshal(in, &m); err != nil {
		t.Fatal(err)
	}
	if m.Extra == nil || m.Extra.Mark != 5 || len(m.Extra.Label) != 2 || m.Extra.Label[1] != 200 || m.Extra.Name != "x" || m.Extra.PU == nil || *m.Extra.PU != 42 {
		t.Fatalf("Extra = %+v", m.Extra)
	}
	if m.OIF != 7 || m.Prio != 9 || m.Dst != netip.MustParseAddr("10.0.0.0") {
		t.Fatalf("outer fields: %+v", m)
	}
	out, err := nltag.Marshal(&m)
	if err != nil || !bytes.Equal(out, in) {
		t.Fatalf("re-encoded %x, %v\nwant        %x", out, err, in)
	}

	// Without Wire.Order: declaration order, the inline struct's fields
	// where the pointer is declared.
	nltag.ClearWire(&m)
	out, err = nltag.Marshal(&m)
	if err != nil {
		t.Fatal(err)
	}
	var want []byte
	want = append(want, 2, 0, 0, 0)
	want = nltag.AppendAttr(want, 1, wu32(7))
	want = nltag.AppendAttr(want, 2, []byte{10, 0, 0, 0})
	want = nltag.AppendAttr(want, 10, wu32(5))
	want = nltag.AppendAttr(want, 12, wu32(100))
	want = nltag.AppendAttr(want, 12, wu32(200))
	want = nltag.AppendAttr(want, 13, []byte("x\x00"))
	want = nltag.AppendAttr(want, 14, wu32(42))
	want = nltag.AppendAttr(want, 3, wu32(9))
	if !bytes.Equal(out, want) {
		t.Fatalf("encoded %x\nwant    %x", out, want)
	}
}

// TestInlineAbsent: a message with none of the inline struct's attributes
// leaves its pointer nil, and a nil pointer writes nothing.
func TestInlineAbsent(t *testing.T) {
	var in []byte
	in = append(in, 2, 0, 0, 0)
	in = nltag.AppendAttr(in, 1, wu32(7))
	in = nltag.AppendAttr(in, 3, wu32(9))
	var m inlineMsg
	if err := nltag.Unmarshal(in, &m); err != nil {
		t.Fatal(err)
	}
	if m.Extra != nil {
		t.Fatalf("Extra = %+v, want nil", m.Extra)
	}
	for _, clear := range []bool{false, true} {
		if clear {
			nltag.ClearWire(&m)
		}
		out, err := nltag.Marshal(&m)
		if err != nil || !bytes.Equal(out, in) {
			t.Fatalf("ClearWire %v: encoded %x, %v\nwant %x", clear, out, err, in)
		}
	}
	// Set after decoding, its fields follow the attributes Wire.Order
	// replays, as any field set since.
	if err := nltag.Unmarshal(in, &m); err != nil {
		t.Fatal(err)
	}
	m.Extra = &inlineRare{Mark: 5, Name: "n"}
	out, err := nltag.Marshal(&m)
	if err != nil {
		t.Fatal(err)
	}
	want := nltag.AppendAttr(nltag.AppendAttr(bytes.Clone(in), 10, wu32(5)), 13, []byte("n\x00"))
	if !bytes.Equal(out, want) {
		t.Fatalf("encoded %x\nwant    %x", out, want)
	}
	// A present inline struct writes what its fields would write in the
	// enclosing struct: here the empty string of Name, which has no
	// omitempty.
	m.Extra = &inlineRare{}
	nltag.ClearWire(&m)
	flat, err := nltag.Marshal(&inlineFlat{Family: 2, OIF: 7, Prio: 9})
	if err != nil {
		t.Fatal(err)
	}
	if out, err := nltag.Marshal(&m); err != nil || !bytes.Equal(out, flat) {
		t.Fatalf("empty Extra: encoded %x, %v\nwant %x", out, err, flat)
	}
}

// inlineFlat declares inlineMsg's attributes in one struct.
type inlineFlat struct {
	Family uint8
	_      [3]byte
	OIF    uint32     `nla:"1,omitempty"`
	Dst    netip.Addr `nla:"2"`
	Mark   uint32     `nla:"10,omitempty"`
	Src    netip.Addr `nla:"11"`
	Label  []uint32   `nla:"12,multi"`
	Name   string     `nla:"13"`
	PU     *uint32    `nla:"14"`
	Prio   uint32     `nla:"3,omitempty"`
	Wire   nltag.Wire
}

// Sub-messages with inline structs: the selector and the sub-message both
// inside (route.Route's EncapType and Encap in its rare part), the
// selector outside and the sub-message inside, and the reverse. In each
// the sub-message comes before its selector on the wire.
type (
	inlEncA struct {
		V uint32 `nla:"1"`
	}
	inlEncB struct {
		W uint16 `nla:"1"`
	}
	inlBoth struct {
		Encap     any    `nla:"5,submsg=inline-test,selector=EncapType"`
		EncapType uint16 `nla:"6,omitempty"`
	}
	inlBothMsg struct {
		OIF   uint32   `nla:"1"`
		Extra *inlBoth `nla:",inline"`
	}
	inlSubOnly struct {
		_     nltag.Set `nla:"inline-test"` // the enclosing struct's: allowed
		Encap any       `nla:"ENCAP,submsg=inline-test,selector=ENCAP_TYPE"`
	}
	inlSelOuterMsg struct {
		_         nltag.Set   `nla:"inline-test"`
		Extra     *inlSubOnly `nla:",inline"`
		EncapType uint16      `nla:"ENCAP_TYPE,omitempty"`
	}
	inlSelOnly struct {
		EncapType uint16 `nla:"6,omitempty"`
	}
	inlSelInnerMsg struct {
		Encap any         `nla:"5,submsg=inline-test,selector=EncapType"`
		Extra *inlSelOnly `nla:",inline"`
	}
)

func init() {
	nltag.RegisterSet(&nltag.AttrSet{Name: "inline-test", Attrs: map[string]uint16{"ENCAP_TYPE": 6, "ENCAP": 5}})
	nltag.RegisterSubMessage("inline-test", uint16(1), &inlEncA{})
	nltag.RegisterSubMessage("inline-test", uint16(2), &inlEncB{})
}

// roundTrip encodes the value v points to and checks that it decodes to
// the same.
func roundTrip(t *testing.T, v any) {
	t.Helper()
	b, err := nltag.Marshal(v)
	if err != nil {
		t.Fatalf("%T: %v", v, err)
	}
	w := reflect.New(reflect.TypeOf(v).Elem()).Interface()
	if err := nltag.Unmarshal(b, w); err != nil {
		t.Fatalf("%T: %v", v, err)
	}
	if !reflect.DeepEqual(w, v) {
		t.Fatalf("decoded %s\nwant %s", nltag.Format(w), nltag.Format(v))
	}
}

func TestInlineSubMessage(t *testing.T) {
	for _, v := range []any{
		&inlBothMsg{OIF: 3, Extra: &inlBoth{EncapType: 1, Encap: &inlEncA{V: 7}}},
		&inlBothMsg{OIF: 3, Extra: &inlBoth{EncapType: 2, Encap: &inlEncB{W: 8}}},
		&inlBothMsg{OIF: 3},
		&inlSelOuterMsg{EncapType: 2, Extra: &inlSubOnly{Encap: &inlEncB{W: 9}}},
		&inlSelOuterMsg{EncapType: 1},
		&inlSelInnerMsg{Encap: &inlEncA{V: 10}, Extra: &inlSelOnly{EncapType: 1}},
		&inlSelInnerMsg{Encap: &inlEncB{W: 11}, Extra: &inlSelOnly{EncapType: 2}},
		// No inline struct: the selector reads as zero, which selects
		// nothing, so the payload stays Raw.
		&inlSelInnerMsg{Encap: nltag.Raw{1, 2, 3, 4}},
	} {
		if err := nltag.Check(v); err != nil {
			t.Fatalf("Check(%T): %v", v, err)
		}
		roundTrip(t, v)
	}
	// Format names the variant by the selector inside the inline struct.
	if s := nltag.Format(&inlBothMsg{Extra: &inlBoth{EncapType: 1, Encap: &inlEncA{V: 7}}}); !strings.Contains(s, "Encap(1):") {
		t.Errorf("Format:\n%s", s)
	}
	// With the selector's inline struct absent, the table names the
	// variant, as for a selector outside the struct.
	if s := nltag.Format(&inlSelInnerMsg{Encap: &inlEncB{W: 1}}); !strings.Contains(s, "Encap(2):") {
		t.Errorf("Format:\n%s", s)
	}
	// A selector that names no field, inline or not, is reported by Check.
	type misspelt struct {
		Extra *struct {
			Encap any `nla:"5,submsg=inline-test,selector=EncapTyp"`
		} `nla:",inline"`
		EncapType uint16 `nla:"6"`
	}
	if err := nltag.Check(&misspelt{}); err == nil {
		t.Error("Check passed a misspelt selector in an inline struct")
	}
}

// TestInlineReuse: decoding into a value that holds an inline struct
// resets it to zero first, as it does every field: a message without the
// inline attributes leaves the pointer nil, one with them gets a new
// struct, and the struct of the earlier result is not written to.
func TestInlineReuse(t *testing.T) {
	with := nltag.AppendAttr(nltag.AppendAttr(nil, 10, wu32(5)), 13, []byte("a\x00"))
	with = append([]byte{2, 0, 0, 0}, with...)
	without := append([]byte{2, 0, 0, 0}, nltag.AppendAttr(nil, 1, wu32(7))...)
	var m inlineMsg
	if err := nltag.Unmarshal(with, &m); err != nil {
		t.Fatal(err)
	}
	old := m.Extra
	if err := nltag.Unmarshal(without, &m); err != nil {
		t.Fatal(err)
	}
	if m.Extra != nil {
		t.Fatalf("Extra = %+v after a message without its attributes", m.Extra)
	}
	m.Extra = old
	other := append([]byte{2, 0, 0, 0}, nltag.AppendAttr(nil, 10, wu32(6))...)
	if err := nltag.Unmarshal(other, &m); err != nil {
		t.Fatal(err)
	}
	if m.Extra == old || !reflect.DeepEqual(*m.Extra, inlineRare{Mark: 6}) {
		t.Fatalf("Extra = %p %+v, earlier %p", m.Extra, m.Extra, old)
	}
	if old.Mark != 5 || old.Name != "a" {
		t.Fatalf("the earlier result's struct changed: %+v", old)
	}
	// A repeated attribute replaces its field's value; the struct's other
	// fields stay.
	rep := append([]byte{2, 0, 0, 0}, nltag.AppendAttr(nltag.AppendAttr(nltag.AppendAttr(nil, 10, wu32(1)), 13, []byte("b\x00")), 10, wu32(2))...)
	if err := nltag.Unmarshal(rep, &m); err != nil {
		t.Fatal(err)
	}
	if m.Extra.Mark != 2 || m.Extra.Name != "b" {
		t.Fatalf("Extra = %+v", m.Extra)
	}
	// And re-encodes as the same fields declared in one struct do.
	var flat inlineFlat
	if err := nltag.Unmarshal(rep, &flat); err != nil {
		t.Fatal(err)
	}
	a, err := nltag.Marshal(&m)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := nltag.Marshal(&flat); !bytes.Equal(a, b) {
		t.Fatalf("re-encoded %x\nflat        %x", a, b)
	}
}

// TestInlineTails: the tail of an inline field's attribute is kept and
// written back after it, wherever the attribute sits.
func TestInlineTails(t *testing.T) {
	var in []byte
	in = append(in, 2, 0, 0, 0)
	in = nltag.AppendAttr(in, 10, append(wu32(5), 0xee, 0xdd))
	in = nltag.AppendAttr(in, 1, wu32(7))
	in = nltag.AppendAttr(in, 14, append(wu32(42), 1, 2, 3, 4))
	var m inlineMsg
	if err := nltag.Unmarshal(in, &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Wire.Tails) != 2 || m.Extra.Mark != 5 || *m.Extra.PU != 42 {
		t.Fatalf("Tails %v, Extra %+v", m.Wire.Tails, m.Extra)
	}
	if out, err := nltag.Marshal(&m); err != nil || !bytes.Equal(out, in) {
		t.Fatalf("re-encoded %x, %v\nwant        %x", out, err, in)
	}
	if s := nltag.Format(&m); !strings.Contains(s, "tail of Mark: [eedd]") || !strings.Contains(s, "tail of PU: [01020304]") {
		t.Fatalf("Format:\n%s", s)
	}
}

// TestInlineStrict: an inline struct's attributes are declared ones, for
// strict decoding too; its errors are named by the field's path.
func TestInlineStrict(t *testing.T) {
	in := append([]byte{2, 0, 0, 0}, nltag.AppendAttr(nil, 10, wu32(5))...)
	var m inlineMsg
	if err := (nltag.UnmarshalOptions{Strict: true}).Unmarshal(in, &m); err != nil || m.Extra.Mark != 5 {
		t.Fatalf("%v, %+v", err, m.Extra)
	}
	long := append([]byte{2, 0, 0, 0}, nltag.AppendAttr(nil, 10, make([]byte, 8))...)
	err := (nltag.UnmarshalOptions{Strict: true}).Unmarshal(long, &m)
	var e *nltag.Error
	if !errors.As(err, &e) || e.Path != "Extra.Mark" || e.Attr != 10 || !errors.Is(err, nltag.ErrSize) {
		t.Fatalf("err = %v", err)
	}
	short := append([]byte{2, 0, 0, 0}, nltag.AppendAttr(nil, 11, []byte{1, 2})...)
	if err := nltag.Unmarshal(short, &m); !errors.As(err, &e) || e.Path != "Extra.Src" || e.Offset != 8 {
		t.Fatalf("err = %v", err)
	}
	// Encoding errors too.
	m = inlineMsg{Extra: &inlineRare{Name: "a\x00b"}}
	if _, err := nltag.Marshal(&m); !errors.As(err, &e) || e.Path != "Extra.Name" || !errors.Is(err, nltag.ErrValue) {
		t.Fatalf("err = %v", err)
	}
}

// TestInlineLocateFormat: Locate names an inline field by its Go path;
// Format shows it among the enclosing struct's fields, as the attribute
// list it is, whichever struct holds it in Go.
func TestInlineLocateFormat(t *testing.T) {
	m := inlineMsg{Family: 2, OIF: 7, Extra: &inlineRare{Mark: 5, Label: []uint32{1, 2}}, Prio: 9}
	b, err := nltag.Marshal(&m)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for off := 0; off < len(b); off += 4 {
		if l := nltag.Locate(&m, b, off); l.Path != "" && (len(paths) == 0 || paths[len(paths)-1] != l.Path) {
			paths = append(paths, l.Path)
		}
	}
	want := []string{"OIF", "Extra.Mark", "Extra.Label[0]", "Extra.Label[1]", "Extra.Name", "Prio"}
	if !reflect.DeepEqual(paths, want) {
		t.Fatalf("Locate paths %q, want %q", paths, want)
	}
	flat := inlineFlat{Family: 2, OIF: 7, Mark: 5, Label: []uint32{1, 2}, Prio: 9}
	got, wantText := nltag.Format(&m), nltag.Format(&flat)
	wantText = strings.Replace(wantText, "nltag_test.inlineFlat", "nltag_test.inlineMsg", 1)
	if got != wantText {
		t.Fatalf("Format:\n%s\nwant\n%s", got, wantText)
	}
	m.Extra = nil
	if s := nltag.Format(&m); strings.Contains(s, "Mark") || strings.Contains(s, "Name") {
		t.Fatalf("Format of a nil inline struct:\n%s", s)
	}
}

// Inline structs inside inline structs: a struct (by value) inside the one
// an inline pointer points to, and an inline pointer inside an inline
// struct held by value, both decode and encode as flat fields.
type (
	inlLeaf struct {
		A uint32 `nla:"4"`
	}
	inlMid struct {
		B    uint16   `nla:"3"`
		Leaf *inlLeaf `nla:",inline"`
	}
	inlValueOuter struct {
		X   uint8  `nla:"1"`
		Mid inlMid `nla:",inline"`
	}
	inlPtrMid struct {
		B    uint16  `nla:"3"`
		Leaf inlLeaf `nla:",inline"`
	}
	inlPtrOuter struct {
		X   uint8      `nla:"1"`
		Mid *inlPtrMid `nla:",inline"`
	}
)

func TestInlineNesting(t *testing.T) {
	for _, v := range []any{
		&inlValueOuter{X: 1, Mid: inlMid{B: 2, Leaf: &inlLeaf{A: 3}}},
		&inlValueOuter{X: 1, Mid: inlMid{B: 2}},
		&inlPtrOuter{X: 1, Mid: &inlPtrMid{B: 2, Leaf: inlLeaf{A: 3}}},
		&inlPtrOuter{X: 1},
	} {
		roundTrip(t, v)
	}
	// The leaf's attribute alone allocates the struct that holds it.
	var v inlPtrOuter
	if err := nltag.Unmarshal(nltag.AppendAttr(nil, 4, wu32(9)), &v); err != nil || v.Mid == nil || v.Mid.Leaf.A != 9 {
		t.Fatalf("%v, %+v", err, v.Mid)
	}
	loc := nltag.Locate(&v, nltag.AppendAttr(nil, 4, wu32(9)), 4)
	if loc.Path != "Mid.Leaf.A" {
		t.Fatalf("Locate: %q", loc.Path)
	}
}

// Types an inline tag cannot describe are refused with a TypeError that
// names the field and says why, never a panic.
type (
	inlCycle struct {
		Next *inlCycle `nla:",inline"`
	}
	inlCycleA struct {
		A    uint8      `nla:"1"`
		Next *inlCycleA `nla:",inline"`
	}
	inlDupInner struct {
		Mark uint32 `nla:"2"`
	}
	inlDup struct {
		OIF   uint32       `nla:"2"`
		Extra *inlDupInner `nla:",inline"`
	}
	inlPtrPtr2 struct {
		B uint8 `nla:"2"`
	}
	inlPtrPtr1 struct {
		In *inlPtrPtr2 `nla:",inline"`
	}
	inlPtrInPtr struct {
		Out *inlPtrPtr1 `nla:",inline"`
	}
	inlOtherSet struct {
		_ nltag.Set `nla:"inline-test"`
		B uint8     `nla:"ENCAP"`
	}
	inlSetClash struct {
		_  nltag.Set    `nla:"inline-other"`
		In *inlOtherSet `nla:",inline"`
	}
	// Two fields named EncapType, one inline: the selector would read
	// one when encoding and decoding lets the other choose.
	inlSelClashInner struct {
		EncapType uint16 `nla:"7"`
	}
	inlSelClash struct {
		EncapType uint16            `nla:"6"`
		Extra     *inlSelClashInner `nla:",inline"`
		Encap     any               `nla:"5,submsg=inline-test,selector=EncapType"`
	}
	inlSelClashVal struct {
		Extra     inlSelClashInner `nla:",inline"`
		EncapType uint16           `nla:"6"`
		Encap     any              `nla:"5,submsg=inline-test,selector=EncapType"`
	}
)

func init() {
	nltag.RegisterSet(&nltag.AttrSet{Name: "inline-other", Attrs: map[string]uint16{"X": 1}})
}

// inlHooked encodes itself: as an inline struct it would not.
type inlHooked struct {
	A uint8 `nla:"1"`
}

func (h *inlHooked) MarshalNetlink(b []byte) ([]byte, error) { return append(b, h.A), nil }
func (h *inlHooked) UnmarshalNetlink(b []byte) error         { return nil }

func TestInlineBadTypes(t *testing.T) {
	for _, c := range []struct {
		v    any
		want string
	}{
		{&struct {
			X int `nla:",inline"`
		}{}, "must be a struct or a pointer to one"},
		{&struct {
			X *int `nla:",inline"`
		}{}, "must be a struct or a pointer to one"},
		{&struct {
			X **inlLeaf `nla:",inline"`
		}{}, "must be a struct or a pointer to one"},
		{&struct {
			X []inlLeaf `nla:",inline"`
		}{}, "must be a struct or a pointer to one"},
		{&struct {
			X *inlLeaf `nla:"5,inline"`
		}{}, "take no attribute name"},
		{&struct {
			X *inlLeaf `nla:",inline,omitempty"`
		}{}, "inline takes no other option"},
		{&inlCycle{}, "one pointer at most"},
		{&inlCycleA{}, "declared twice: by A and by Next.A"},
		{&inlPtrInPtr{}, "one pointer at most"},
		{&inlDup{}, "declared twice: by OIF and by Extra.Mark"},
		{&inlSetClash{}, "second attribute set"},
		{&inlSelClash{}, "selector EncapType is ambiguous: EncapType and Extra.EncapType"},
		{&inlSelClashVal{}, "selector EncapType is ambiguous: Extra.EncapType and EncapType"},
		{&struct {
			X *struct {
				Wire nltag.Wire
			} `nla:",inline"`
		}{}, "unknown attributes go into the enclosing struct"},
		{&struct {
			X *struct {
				H uint32
			} `nla:",inline"`
		}{}, "header field inside an inline struct"},
		{&struct {
			x *inlLeaf `nla:",inline"`
		}{}, "unexported field"},
		{&struct {
			X *inlHooked `nla:",inline"`
		}{}, "which inlining would ignore"},
		{&struct {
			X inlHooked `nla:",inline"`
		}{}, "which inlining would ignore"},
	} {
		for _, f := range []func() error{
			func() error { return nltag.Check(c.v) },
			func() error { _, err := nltag.Marshal(c.v); return err },
			func() error { return nltag.Unmarshal([]byte{4, 0, 1, 0}, c.v) },
		} {
			err := f()
			var te *nltag.TypeError
			if !errors.As(err, &te) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%T: err = %v, want a TypeError saying %q", c.v, err, c.want)
			}
		}
	}
}

// TestInlineGC: inline structs that hold pointers are carved from typed
// memory, which the garbage collector scans: what they point to survives
// collections while the results live.
func TestInlineGC(t *testing.T) {
	var d nltag.Decoder
	msgs := make([]*inlineMsg, 2000)
	for i := range msgs {
		in := append([]byte{2, 0, 0, 0}, nltag.AppendAttr(nil, 13, []byte(strings.Repeat("n", i%50+1)+"\x00"))...)
		in = nltag.AppendAttr(in, 12, wu32(uint32(i)))
		msgs[i] = new(inlineMsg)
		if err := d.Unmarshal(in, msgs[i]); err != nil {
			t.Fatal(err)
		}
		if i%100 == 0 {
			runtime.GC()
		}
	}
	for range 3 {
		runtime.GC()
		_ = make([]byte, 1<<20) // reuse of freed memory would overwrite them
	}
	for i, m := range msgs {
		if m.Extra == nil || m.Extra.Name != strings.Repeat("n", i%50+1) || len(m.Extra.Label) != 1 || m.Extra.Label[0] != uint32(i) {
			t.Fatalf("message %d: %+v", i, m.Extra)
		}
	}
}

// TestInlineMemory: thousands of inline attributes cost their bytes, the
// inline struct once.
func TestInlineMemory(t *testing.T) {
	in := []byte{2, 0, 0, 0}
	for range 4096 {
		in = nltag.AppendAttr(in, 10, wu32(1))
		in = nltag.AppendAttr(in, 14, wu32(2))
	}
	membound.Check(t, "4096 repeats of two inline attributes", len(in), func() {
		var m inlineMsg
		if err := nltag.Unmarshal(in, &m); err != nil || m.Extra.Mark != 1 {
			t.Error(err)
		}
	})
}

// Inline structs are no nests: a message as deep as MaxDepth allows
// decodes as deep when every level goes through an inline pointer.
type (
	inlDeepExtra struct {
		Next *inlDeep `nla:"1"`
		V    uint8    `nla:"2"`
	}
	inlDeep struct {
		Extra *inlDeepExtra `nla:",inline"`
	}
)

func TestInlineDepth(t *testing.T) {
	deepest := 0
	for k := 1; k < 2*nltag.MaxDepth; k++ {
		b := nltag.AppendAttr(nil, 2, []byte{1})
		for range k {
			b = nltag.AppendAttr(nil, 1, b)
		}
		var r recursive
		if nltag.Unmarshal(b, &r) != nil {
			break
		}
		deepest = k
		var d inlDeep
		if err := nltag.Unmarshal(b, &d); err != nil {
			t.Fatalf("%d levels: %v", k, err)
		}
		for range k {
			d = *d.Extra.Next
		}
		if d.Extra == nil || d.Extra.V != 1 {
			t.Fatalf("%d levels: innermost %+v", k, d.Extra)
		}
	}
	if deepest < nltag.MaxDepth-2 {
		t.Fatalf("only %d levels decode", deepest)
	}
}

// TestInlineWalks: ClearWire reaches the Wires below an inline struct,
// and Size counts its attributes.
func TestInlineWalks(t *testing.T) {
	type nest struct {
		A    uint8 `nla:"1"`
		Wire nltag.Wire
	}
	type extra struct {
		N *nest `nla:"7"`
	}
	type msg struct {
		X     uint8  `nla:"1"`
		Extra *extra `nla:",inline"`
		Wire  nltag.Wire
	}
	in := nltag.AppendAttr(nltag.AppendAttr(nil, 7, nltag.AppendAttr(nltag.AppendAttr(nil, 9, nil), 1, []byte{3})), 1, []byte{4})
	var m msg
	if err := nltag.Unmarshal(in, &m); err != nil {
		t.Fatal(err)
	}
	if n, err := nltag.Size(&m); err != nil || n != len(in) {
		t.Fatalf("Size = %d, %v; want %d", n, err, len(in))
	}
	if m.Extra.N.Wire.Order == nil || len(m.Extra.N.Wire.Unknown) != 1 {
		t.Fatalf("decoded %+v", m.Extra.N)
	}
	nltag.ClearWire(&m)
	if m.Extra.N.Wire.Order != nil || m.Extra.N.Wire.Unknown != nil || m.Wire.Order != nil {
		t.Fatalf("ClearWire left %+v", m.Extra.N.Wire)
	}
}

type (
	inlSelOuterInner struct {
		Encap any `nla:"5,submsg=inline-test,selector=EncapType"`
	}
	inlSelOuterClash struct {
		EncapType uint16            `nla:"6"`
		Extra     *inlSelClashInner `nla:",inline"`
		N         *inlSelOuterInner `nla:"8"`
	}
)

// A nest's selector that names an ambiguous field of the enclosing struct
// is reported by Check, and selects nothing when decoding: the payload
// stays Raw rather than following either field. Marshal, for which it
// selects nothing either, sends a Raw only.
func TestInlineSelectorAmbiguousOuter(t *testing.T) {
	v := &inlSelOuterClash{EncapType: 1, Extra: &inlSelClashInner{EncapType: 2}, N: &inlSelOuterInner{Encap: &inlEncA{V: 7}}}
	if err := nltag.Check(v); err == nil || !strings.Contains(err.Error(), "selector EncapType is ambiguous") {
		t.Errorf("Check: %v, want the ambiguous selector", err)
	}
	if _, err := nltag.Marshal(v); !errors.Is(err, nltag.ErrValue) {
		t.Errorf("Marshal of an *inlEncA its selector does not select: %v, want ErrValue", err)
	}
	payload, err := nltag.Marshal(v.N.Encap)
	if err != nil {
		t.Fatal(err)
	}
	v.N.Encap = nltag.Raw(payload)
	b, err := nltag.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var w inlSelOuterClash
	if err := nltag.Unmarshal(b, &w); err != nil {
		t.Fatal(err)
	}
	if _, ok := w.N.Encap.(nltag.Raw); !ok {
		t.Errorf("decoded Encap %T, want nltag.Raw", w.N.Encap)
	}
}
