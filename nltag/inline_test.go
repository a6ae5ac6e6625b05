package nltag_test

import (
	"bytes"
	"net/netip"
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
