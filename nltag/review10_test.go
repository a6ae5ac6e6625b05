package nltag_test

// Regressions found by the tenth review: values the encoder's refusals of
// review9 refused wrongly, or let through.

import (
	"bytes"
	"testing"

	"github.com/nltag/go-netlink/nltag"
)

// r10A2 has r9A's layout: what an "a" writes, and what decodes to one.
type r10A2 r9A

// r10A3 has r9A's fields with another tag.
type r10A3 struct {
	X uint32 `nla:"2"`
}

// r10A4 has r9A's layout and writes itself.
type r10A4 r9A

func (a *r10A4) MarshalNetlink(b []byte) ([]byte, error) { return append(b, 9, 9, 9, 9), nil }

// A value of a type with the selected type's layout (type MacvtapData
// MacvlanData) writes the selected type's bytes: it was refused, and a
// kind that shares its attributes with another (macvtap, ipvtap, gretap,
// sit, pfifo_fast) could not take the other's data. Another layout, or a
// type with a hook, is still refused.
func TestR10SameLayoutAccepted(t *testing.T) {
	want, err := nltag.Marshal(&r9Msg{Kind: "a", Data: &r9A{X: 5}})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []any{&r10A2{X: 5}, r10A2{X: 5}} {
		got, err := nltag.Marshal(&r9Msg{Kind: "a", Data: v})
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%T under \"a\": %x, %v; want %x", v, got, err, want)
		}
	}
	var back r9Msg
	if err := nltag.Unmarshal(want, &back); err != nil || *back.Data.(*r9A) != (r9A{X: 5}) {
		t.Errorf("decoded back: %+v, %v", back.Data, err)
	}
	for _, v := range []any{&r10A3{X: 5}, &r10A4{X: 5}} {
		_, err := nltag.Marshal(&r9Msg{Kind: "a", Data: v})
		wantValueErr(t, "Marshal", err, "Data", `Kind "a"`, "*nltag_test.r9A")
	}
}
