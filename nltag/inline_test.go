package nltag_test

import (
	"bytes"
	"errors"
	"net/netip"
	"reflect"
	"strings"
	"testing"

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

func wu32(v uint32) []byte { return []byte{byte(v), byte(v >> 8), byte(v >> 16), byte(v >> 24)} }

// TestInlineDecodeEncode: the attributes of an inline pointer's struct are
// the enclosing struct's: they decode into it, allocated when the first
// arrives, and a message interleaving them with the outer ones re-encodes
// byte for byte.
func TestInlineDecodeEncode(t *testing.T) {
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
		Encap any `nla:"5,submsg=inline-test,selector=ENCAP_TYPE"`
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
		t.Logf("%s", nltag.Format(w))
	}
	// Format names the variant by the selector inside the inline struct.
	if s := nltag.Format(&inlBothMsg{Extra: &inlBoth{EncapType: 1, Encap: &inlEncA{V: 7}}}); !strings.Contains(s, "Encap(1):") {
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
