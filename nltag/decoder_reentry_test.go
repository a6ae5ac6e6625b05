package nltag_test

import (
	"testing"

	"github.com/nltag/go-netlink/nltag"
)

// reenter is a careless hook: it decodes with a Decoder of the
// application's (outer) instead of the one it is given.
type reenter struct{ N uint32 }

var outer nltag.Decoder

func (r *reenter) MarshalNetlink(b []byte) ([]byte, error) { return b, nil }
func (r *reenter) UnmarshalNetlinkFrom(d *nltag.Decoder, data []byte) error {
	var a keeperAttrs
	err := outer.Unmarshal(data, &a)
	r.N = a.N
	return err
}

// A Decoder called again from a hook of its own call refuses (it would
// take the outer call's state, whose input it cleared: a slice bounds
// panic); the outer call fails with that error and the Decoder goes on
// working.
func TestDecoderReentered(t *testing.T) {
	in := nltag.AppendAttr(nil, 1, nltag.AppendAttr(nil, 1, []byte{7, 0, 0, 0}))
	var m struct {
		R *reenter `nla:"1"`
		S string   `nla:"2"`
	}
	err := outer.Unmarshal(append(in, nltag.AppendAttr(nil, 2, []byte("abc"))...), &m)
	if err == nil {
		t.Fatalf("re-entered Decoder: no error, %+v", m)
	}
	var a keeperAttrs
	if err := outer.Unmarshal(nltag.AppendAttr(nil, 1, []byte{9, 0, 0, 0}), &a); err != nil || a.N != 9 {
		t.Fatalf("after: %+v, %v", a, err)
	}
}

// panicky's hook panics.
type panicky struct{}

func (*panicky) MarshalNetlink(b []byte) ([]byte, error) { return b, nil }
func (*panicky) UnmarshalNetlinkFrom(d *nltag.Decoder, data []byte) error {
	panic("hook")
}

// stalePanic is the sub-message, selected by kind "p", whose hook panics;
// staleOuter holds it, and its selector, which is a scope while its
// sub-message decodes.
type stalePanic struct {
	P *panicky `nla:"1"`
}

type staleOuter struct {
	Kind string `nla:"1"`
	Data any    `nla:"2,submsg=stale-a,selector=Kind"`
}

// staleInner's sub-message looks for a Kind outside it, which staleOther
// does not have: it decodes as Raw.
type staleInner struct {
	Data any `nla:"1,submsg=stale-b,selector=Kind"`
}

type staleOther struct {
	In *staleInner `nla:"1"`
}

type staleB struct {
	N uint32 `nla:"1"`
}

func init() {
	nltag.RegisterSubMessage("stale-a", "p", stalePanic{})
	nltag.RegisterSubMessage("stale-b", "p", staleB{})
}

// A Decoder whose call a hook's panic ended, recovered by its caller,
// decodes the next message afresh: nothing of the abandoned call (its
// input, its structs' scopes) reaches it. The abandoned call's struct
// was a scope with a selector Kind of "p"; the next message's
// sub-message, which has no Kind around it, must not find that one.
func TestDecoderAfterRecoveredPanic(t *testing.T) {
	var d nltag.Decoder
	in := nltag.AppendAttr(nil, 1, []byte("p\x00"))
	in = nltag.AppendAttr(in, 2, nltag.AppendAttr(nil, 1, nil))
	func() {
		defer func() { _ = recover() }()
		_ = d.Unmarshal(in, new(staleOuter))
		t.Fatal("the hook did not panic")
	}()
	next := nltag.AppendAttr(nil, 1, nltag.AppendAttr(nil, 1, nltag.AppendAttr(nil, 1, []byte{9, 0, 0, 0})))
	var o staleOther
	if err := d.Unmarshal(next, &o); err != nil || o.In == nil {
		t.Fatalf("after the panic: %+v, %v", o, err)
	}
	if _, raw := o.In.Data.(nltag.Raw); !raw {
		t.Errorf("after the panic, a sub-message with no selector around it decoded as %T, want nltag.Raw", o.In.Data)
	}
}
