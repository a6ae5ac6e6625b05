package nltag_test

import (
	"bytes"
	"testing"

	"github.com/nltag/go-netlink/internal/membound"
	"github.com/nltag/go-netlink/nltag"
)

type r8Msg struct {
	Kind string `nla:"1"`
	Opts any    `nla:"2,submsg=r7-tc,selector=Kind"`
	S    string `nla:"3"`
	Wire nltag.Wire
}

// Wire.Tails holds its tails in arrival order, also when a sub-message's
// tail is kept after the others because its selector came after it.
func TestR8TailsArrivalOrder(t *testing.T) {
	opts := nltag.AppendAttr(nil, 2, []byte{7, 0, 0, 0, 9})
	s := nltag.AppendAttr(nil, 3, []byte("ab\x00zz"))
	kind := nltag.AppendAttr(nil, 1, []byte("pfifo\x00"))
	in := append(append(append([]byte{}, opts...), s...), kind...)
	var m r8Msg
	if err := nltag.Unmarshal(in, &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Wire.Tails) != 2 || m.Wire.Tails[0].Num() != 2 || m.Wire.Tails[1].Num() != 3 {
		t.Errorf("tails %v, want that of attribute 2, then that of 3", m.Wire.Tails)
	}
	if out, err := nltag.Marshal(&m); err != nil || !bytes.Equal(out, in) {
		t.Errorf("re-encoded %x, %v; want %x", out, err, in)
	}
}

// An attribute repeated thousands of times, each with a tail, holds one
// tail, not one per repeat: 5,000 repeats of "a\0x" allocated 856,256
// bytes from 40,000 (21×, past the bound) when every repeat's tail was
// kept until the struct ended.
func TestRepeatedTailsBound(t *testing.T) {
	var in []byte
	for range 5000 {
		in = nltag.AppendAttr(in, 1, []byte("a\x00x"))
	}
	in = nltag.AppendAttr(in, 2, []byte("b\x00yz"))
	membound.Check(t, "5,000 repeats of a string with a tail", len(in), func() {
		var v struct {
			S    string `nla:"1"`
			T    string `nla:"2"`
			Wire nltag.Wire
		}
		if err := nltag.Unmarshal(in, &v); err != nil {
			t.Fatal(err)
		}
		if len(v.Wire.Tails) != 2 || string(v.Wire.Tails[0].Data) != "x" || string(v.Wire.Tails[1].Data) != "yz" {
			t.Errorf("tails %v, want the last repeat's and T's", v.Wire.Tails)
		}
	})
}
