package nltag_test

// Regressions found by the seventh review, through the randomized property
// test's sub-message, attribute set and flag generator
// (property_submsg_test.go).

import (
	"bytes"
	"errors"
	"testing"

	"github.com/nltag/go-netlink/nltag"
)

type r7CStruct struct{ A, B uint16 }

type r7Indexed struct {
	L []r7CStruct `nla:"1,indexed"`
}

// NLA_F_NESTED marks a payload that is a list of attributes: a nest, not
// a C struct (a struct of header fields alone), which a direct field
// writes without it. The elements of an indexed array of C structs
// carried it all the same, as if they were nests, and a strictly
// validating kernel refuses a flag its policy does not expect.
func TestR7IndexedCStructElementsNotNested(t *testing.T) {
	b, err := nltag.Marshal(&r7Indexed{L: []r7CStruct{{1, 2}, {3, 4}}})
	if err != nil {
		t.Fatal(err)
	}
	elem := func(n uint16, a, b byte) []byte { return nltag.AppendAttr(nil, n, []byte{a, 0, b, 0}) }
	want := nltag.AppendAttr(nil, 1|nltag.FlagNested, append(elem(1, 1, 2), elem(2, 3, 4)...))
	if !bytes.Equal(b, want) {
		t.Errorf("Marshal = %x, want %x", b, want)
	}
}

type r7SubN struct {
	X uint8 `nla:"1"`
}

type r7Subs struct {
	K uint8 `nla:"1"`
	D []any `nla:"2,multi,submsg=r7-t,selector=K"`
	P *any  `nla:"3,submsg=r7-t,selector=K"`
}

func init() { nltag.RegisterSubMessageOf[r7SubN]("r7-t", 1) }

// A sub-message field's interface that holds nothing, reached through a
// pointer (*any) or as an element of a multi []any, is no value to
// write: Marshal and Size panicked (reflect's Interface of a zero Value)
// instead of failing with ErrValue, as they do for a typed nil.
func TestR7NilSubMessageElement(t *testing.T) {
	for _, v := range []*r7Subs{
		{K: 1, P: new(any)},
		{K: 1, D: []any{&r7SubN{X: 1}, nil}},
	} {
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Errorf("%+v: panic: %v", *v, p)
				}
			}()
			if _, err := nltag.Marshal(v); !errors.Is(err, nltag.ErrValue) {
				t.Errorf("Marshal(%+v): %v, want ErrValue", *v, err)
			}
			if _, err := nltag.Size(v); !errors.Is(err, nltag.ErrValue) {
				t.Errorf("Size(%+v): %v, want ErrValue", *v, err)
			}
			_ = nltag.Format(v)
			_ = nltag.Locate(v, []byte{5, 0, 1, 0, 1, 0, 0, 0, 4, 0, 3, 0}, 9)
		}()
	}
}

type r7ByValue struct {
	B    []uint8 `nla:"1,packed,omitempty"`
	V    uint16  `nla:"2"`
	Wire nltag.Wire
}

type r7ByValueMsg struct {
	S uint8 `nla:"1"`
	D any   `nla:"2,submsg=r7-v,selector=S"`
	M []any `nla:"3,multi,submsg=r7-v,selector=S"`
}

func init() { nltag.RegisterSubMessage("r7-v", 3, r7ByValue{}) }

// RegisterSubMessage takes non-pointer types, whose decoded values an
// interface holds by value. ClearWire cleared the Wires of sub-messages
// held by pointer only: one held by value kept its record, and a decoded
// value reused as a request still wrote what it had arrived with (here an
// empty attribute 1, which decodes to a nil B, which omitempty leaves out).
func TestR7ClearWireSubMessageByValue(t *testing.T) {
	in := []byte{5, 0, 1, 0, 3, 0, 0, 0}
	sub := []byte{4, 0, 1, 0, 6, 0, 2, 0, 7, 0, 0, 0}
	in = nltag.AppendAttr(in, 2, sub)
	in = nltag.AppendAttr(in, 3, sub)
	var m r7ByValueMsg
	if err := nltag.Unmarshal(in, &m); err != nil {
		t.Fatal(err)
	}
	nltag.ClearWire(&m)
	if w := m.D.(r7ByValue).Wire; w.Order != nil {
		t.Errorf("D's Wire after ClearWire: %+v", w)
	}
	if w := m.M[0].(r7ByValue).Wire; w.Order != nil {
		t.Errorf("M[0]'s Wire after ClearWire: %+v", w)
	}
	got, err := nltag.Marshal(&m)
	want, _ := nltag.Marshal(&r7ByValueMsg{S: 3, D: r7ByValue{V: 7}, M: []any{r7ByValue{V: 7}}})
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("Marshal after ClearWire = %x, %v, want %x", got, err, want)
	}
}

// tcFifo is a C struct selected by a string kind, as tc's TCA_OPTIONS
// selects tc_fifo_qopt for "pfifo".
type tcFifo struct{ Limit uint32 }

type tcQdisc struct {
	Kind    string `nla:"1"`
	Options any    `nla:"2,submsg=r7-tc,selector=Kind"`
	Wire    nltag.Wire
}

func init() { nltag.RegisterSubMessage("r7-tc", "pfifo", &tcFifo{}) }

// A sub-message whose selected type is a C struct keeps what a newer
// kernel's longer struct adds as a tail, and re-encodes to the same bytes,
// whether decoded where it stands (its selector came first) or after the
// others (its selector comes after it).
func TestSubMessageTail(t *testing.T) {
	kind := nltag.AppendAttr(nil, 1, []byte("pfifo\x00"))
	opts := nltag.AppendAttr(nil, 2, []byte{7, 0, 0, 0, 9, 9, 9, 9})
	for _, in := range [][]byte{append(append([]byte{}, kind...), opts...), append(append([]byte{}, opts...), kind...)} {
		var q tcQdisc
		if err := nltag.Unmarshal(in, &q); err != nil {
			t.Fatal(err)
		}
		if f, ok := q.Options.(*tcFifo); !ok || f.Limit != 7 {
			t.Fatalf("Options = %#v", q.Options)
		}
		if len(q.Wire.Tails) != 1 || !bytes.Equal(q.Wire.Tails[0].Data, []byte{9, 9, 9, 9}) {
			t.Errorf("input %x: tails %v, want the 4 bytes past the struct", in, q.Wire.Tails)
		}
		if out, err := nltag.Marshal(&q); err != nil || !bytes.Equal(out, in) {
			t.Errorf("re-encoded %x, %v; want %x", out, err, in)
		}
	}
}
