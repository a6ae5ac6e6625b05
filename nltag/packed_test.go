package nltag_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nltag/go-netlink/nltag"
)

type packedMsg struct {
	U16  []uint16 `nla:"1,packed"`
	S32  []int32  `nla:"2,packed,omitempty"`
	U64  []uint64 `nla:"3,packed"`
	Wire nltag.Wire
}

func words[T uint16 | int32 | uint64](vs ...T) []byte {
	var b []byte
	for _, v := range vs {
		b, _ = binary.Append(b, binary.NativeEndian, v)
	}
	return b
}

func TestPackedRoundTrip(t *testing.T) {
	big := make([]uint64, 100) // 800 bytes: more than the decoder carves from its block
	for i := range big {
		big[i] = uint64(i) << 33
	}
	var in []byte
	in = nltag.AppendAttr(in, 1, words[uint16](1, 2, 0xffff))
	in = nltag.AppendAttr(in, 2, nil) // present and empty
	in = nltag.AppendAttr(in, 3, words(big...))
	var d nltag.Decoder
	var v packedMsg
	if err := d.Unmarshal(in, &v); err != nil {
		t.Fatal(err)
	}
	want := packedMsg{U16: []uint16{1, 2, 0xffff}, U64: big}
	if diff := cmp.Diff(want, v, cmp.FilterPath(func(p cmp.Path) bool { return p.String() == "Wire" }, cmp.Ignore())); diff != "" {
		t.Fatalf("decoded (-want +got):\n%s", diff)
	}
	out, err := nltag.Marshal(&v)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, in) {
		t.Fatalf("re-encoded %x, want %x", out, in)
	}
	// A second result from the same Decoder shares its block but none of
	// its values.
	var w packedMsg
	if err := d.Unmarshal(in, &w); err != nil {
		t.Fatal(err)
	}
	w.U16[0], w.U64[0] = 9, 9
	if v.U16[0] != 1 || v.U64[0] != 0 {
		t.Fatalf("results share memory: %v %v", v.U16, v.U64[:1])
	}
	if len(append(v.U16, 4)) != 4 || w.U16[0] != 9 {
		t.Fatal("appending to one result changed another")
	}
}

func TestPackedErrors(t *testing.T) {
	var v packedMsg
	err := nltag.Unmarshal(nltag.AppendAttr(nil, 2, []byte{1, 2, 3, 4, 5}), &v)
	if !errors.Is(err, nltag.ErrSize) {
		t.Fatalf("5 bytes of int32s: err = %v, want ErrSize", err)
	}
	for _, bad := range []any{
		&struct {
			X []int `nla:"1,packed"`
		}{},
		&struct {
			X []string `nla:"1,packed"`
		}{},
		&struct {
			X uint32 `nla:"1,packed"`
		}{},
	} {
		var te *nltag.TypeError
		if err := nltag.Check(bad); !errors.As(err, &te) {
			t.Errorf("Check(%T) = %v, want a TypeError", bad, err)
		}
	}
}

// Sub-messages into an interface with methods: the decoder stores the
// interface's itab itself, and a repeated attribute reuses the value.
type subIface interface{ sub() }

type subA struct {
	N    uint32 `nla:"1"`
	Name string `nla:"2"`
}

func (*subA) sub() {}

type subHolder struct {
	Kind string   `nla:"1"`
	Data subIface `nla:"2,submsg=packed-test-sub,selector=Kind"`
}

func init() { nltag.RegisterSubMessage("packed-test-sub", "a", &subA{}) }

func TestSubIntoInterface(t *testing.T) {
	inner := func(n uint32, name string) []byte {
		b := nltag.AppendAttr(nil, 1, words(int32(n)))
		return nltag.AppendAttr(b, 2, append([]byte(name), 0))
	}
	in := nltag.AppendAttr(nil, 2, inner(1, "x"))
	in = nltag.AppendAttr(in, 1, []byte("a\x00"))
	in = nltag.AppendAttr(in, 2, nltag.AppendAttr(nil, 1, words(int32(7))))
	var d nltag.Decoder
	var v, w subHolder
	if err := d.Unmarshal(in, &v); err != nil {
		t.Fatal(err)
	}
	a, ok := v.Data.(*subA)
	if !ok || *a != (subA{N: 7}) {
		t.Fatalf("Data = %#v, want &subA{N: 7} (the repeat replaces the first)", v.Data)
	}
	if err := d.Unmarshal(in, &w); err != nil {
		t.Fatal(err)
	}
	if w.Data.(*subA) == a {
		t.Fatal("two results share a sub-message value")
	}
	out, err := nltag.Marshal(&subHolder{Kind: "a", Data: &subA{N: 7}})
	if err != nil {
		t.Fatal(err)
	}
	var back subHolder
	if err := nltag.Unmarshal(out, &back); err != nil || *back.Data.(*subA) != (subA{N: 7}) {
		t.Fatalf("round trip: %#v, %v", back.Data, err)
	}
}
