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

// keeper is a careless hook: it keeps the Decoder it was given, and a
// copy of it.
type keeper struct{ N uint32 }

var (
	kept       []*nltag.Decoder
	keptCopies []nltag.Decoder
)

type keeperAttrs struct {
	N uint32 `nla:"1"`
}

func (k *keeper) MarshalNetlink(b []byte) ([]byte, error) {
	return nltag.AppendMarshal(b, &keeperAttrs{k.N})
}

func (k *keeper) UnmarshalNetlinkFrom(d *nltag.Decoder, data []byte) error {
	kept, keptCopies = append(kept, d), append(keptCopies, *d)
	var a keeperAttrs
	err := d.Unmarshal(data, &a)
	k.N = a.N
	return err
}

// A Decoder kept past its hook's return refuses to decode: the call it
// decoded inside is over, and its state serves other calls (in other
// goroutines too) by then. Every hook call gets a Decoder of its own.
func TestHookDecoderKept(t *testing.T) {
	kept = nil
	type msg struct {
		A *keeper `nla:"1"`
		B *keeper `nla:"2"`
	}
	in := nltag.AppendAttr(nil, 1, nltag.AppendAttr(nil, 1, []byte{7, 0, 0, 0}))
	in = nltag.AppendAttr(in, 2, nltag.AppendAttr(nil, 1, []byte{8, 0, 0, 0}))
	var m msg
	if err := nltag.Unmarshal(in, &m); err != nil || m.A == nil || m.B == nil || m.A.N != 7 || m.B.N != 8 {
		t.Fatalf("Unmarshal: %+v, %v", m, err)
	}
	if len(kept) != 2 || kept[0] == kept[1] {
		t.Fatalf("hooks got Decoders %p, want two distinct", kept)
	}
	for _, d := range kept {
		var a keeperAttrs
		if err := d.Unmarshal(nltag.AppendAttr(nil, 1, []byte{9, 0, 0, 0}), &a); err == nil || a.N != 0 {
			t.Errorf("kept Decoder decoded (%+v, err = %v), want an error", a, err)
		}
	}
}

// The Decoders hooks are given count against the memory bound: hostile
// input may hold thousands of hooked attributes.
func TestHookMemory(t *testing.T) {
	var in []byte
	for range 16000 {
		in = nltag.AppendAttr(in, 1, nil)
	}
	membound.Check(t, "16000 hooked attributes", len(in), func() {
		var m struct {
			H []deepHook `nla:"1,multi"`
		}
		if err := nltag.Unmarshal(in, &m); err != nil && !errors.Is(err, nltag.ErrMemory) {
			t.Errorf("err = %v, want nil or ErrMemory", err)
		}
	})
}
