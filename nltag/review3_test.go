package nltag_test

import (
	"bytes"
	"testing"

	"github.com/nltag/go-netlink/nltag"
)

// Review 3: integers whose wire kind and Go type differ in width or
// signedness, and Marshalers that do not append to what they are given.

type r3SignedWide struct {
	A uint32 `nla:"1,s16"`
	B uint64 `nla:"2,s8"`
	C uint64 `nla:"3,sint"`
	D int64  `nla:"4,uint"`
	W nltag.Wire
}

// What decodes encodes again, to the same bytes: a negative value of a
// signed kind in a wider unsigned Go type, and a variable-width integer
// whose value reads as negative in the Go type.
func TestR3SignedKindsReencode(t *testing.T) {
	var in []byte
	in = nltag.AppendAttr(in, 1, []byte{0xff, 0xff})
	in = nltag.AppendAttr(in, 2, []byte{0x80})
	in = nltag.AppendAttr(in, 3, []byte{0xff, 0xff, 0xff, 0xff})
	in = nltag.AppendAttr(in, 4, bytes.Repeat([]byte{0xff}, 8))
	var v r3SignedWide
	if err := nltag.Unmarshal(in, &v); err != nil {
		t.Fatal(err)
	}
	out, err := nltag.Marshal(&v)
	if err != nil || !bytes.Equal(out, in) {
		t.Fatalf("re-encoded %x, %v; want %x", out, err, in)
	}
}
