package nltag_test

import (
	"errors"
	"testing"

	"github.com/nltag/go-netlink/internal/membound"
	"github.com/nltag/go-netlink/nltag"
)

// deep holds itself through a hook that decodes its payload with the
// Decoder it is given, the documented way.
type deep struct {
	H *deepHook `nla:"1"`
	N uint32    `nla:"2,omitempty"`
}

type deepHook struct{ D deep }

func (h *deepHook) MarshalNetlink(b []byte) ([]byte, error) { return nltag.AppendMarshal(b, &h.D) }
func (h *deepHook) UnmarshalNetlinkFrom(d *nltag.Decoder, data []byte) error {
	return d.Unmarshal(data, &h.D)
}

// nest returns n attributes 1 each inside the next.
func nest(n int) []byte {
	var b []byte
	for range n {
		b = nltag.AppendAttr(nil, 1, b)
	}
	return b
}

// MaxDepth and the memory bound reach through hooks that decode their
// payload with the Decoder they are given.
func TestHookDepth(t *testing.T) {
	in := nest(16000)
	membound.Check(t, "16000 levels through a hook", len(in), func() {
		if err := nltag.Unmarshal(in, new(deep)); !errors.Is(err, nltag.ErrDepth) {
			t.Errorf("err = %v, want ErrDepth", err)
		}
	})
	// Within MaxDepth the levels decode, and encode back.
	in = nest(nltag.MaxDepth / 2)
	var v deep
	if err := nltag.Unmarshal(in, &v); err != nil {
		t.Fatal(err)
	}
	if out, err := nltag.Marshal(&v); err != nil || string(out) != string(in) {
		t.Fatalf("round trip: %x, %v; want %x", out, err, in)
	}
	// Strictness reaches through too.
	bad := nltag.AppendAttr(nil, 1, nltag.AppendAttr(nil, 9, nil))
	if err := (nltag.UnmarshalOptions{Strict: true}).Unmarshal(bad, new(deep)); !errors.Is(err, nltag.ErrUnknown) {
		t.Fatalf("strict: %v, want ErrUnknown", err)
	}
	if err := nltag.Unmarshal(bad, new(deep)); err != nil {
		t.Fatalf("tolerant: %v", err)
	}
}
