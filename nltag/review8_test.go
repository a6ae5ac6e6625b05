package nltag_test

import (
	"bytes"
	"testing"

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
