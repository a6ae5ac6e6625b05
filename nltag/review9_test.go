package nltag_test

// Regressions found by the ninth review: values an application passes to
// Marshal, Size, AppendMarshal and Check that the codec must refuse.

import (
	"errors"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/nltag/go-netlink/nltag"
)

type r9A struct {
	X uint32 `nla:"1"`
}

type r9B struct {
	Y string `nla:"1"`
}

type r9Msg struct {
	Kind string `nla:"1"`
	Data any    `nla:"2,submsg=r9-tab,selector=Kind"`
}

// r9Outer's sub-message sits in a nest, selected by the enclosing struct.
type r9Outer struct {
	Kind string  `nla:"1"`
	In   r9Inner `nla:"2"`
}

type r9Inner struct {
	Data []any `nla:"1,multi,submsg=r9-tab,selector=Kind"`
}

func init() {
	nltag.RegisterSubMessageOf[r9A]("r9-tab", "a")
	nltag.RegisterSubMessage("r9-tab", "b", r9B{})
}

// wantValueErr checks that err is an *Error caused by ErrValue at path,
// whose message holds each of words.
func wantValueErr(t *testing.T, what string, err error, path string, words ...string) {
	t.Helper()
	var e *nltag.Error
	if !errors.As(err, &e) || !errors.Is(err, nltag.ErrValue) || e.Path != path {
		t.Errorf("%s: %v, want ErrValue at %s", what, err, path)
		return
	}
	for _, w := range words {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("%s: %v, want it to say %q", what, err, w)
		}
	}
}

// A sub-message value must be of the type its selector selects (by
// pointer or by value, the same bytes), or a Raw: a B under the key of an
// A, a string, or a registered type under a key that selects none were
// written as they were, bytes that decode to something else or fail.
func TestR9SubMessageMatchesSelector(t *testing.T) {
	for _, v := range []any{
		&r9Msg{Kind: "a", Data: &r9A{X: 1}},
		&r9Msg{Kind: "a", Data: r9A{X: 1}},
		&r9Msg{Kind: "b", Data: r9B{Y: "y"}},
		&r9Msg{Kind: "b", Data: &r9B{Y: "y"}},
		&r9Msg{Kind: "a", Data: nltag.Raw{1, 2, 3, 4}},
		&r9Msg{Kind: "zz", Data: nltag.Raw{1, 2, 3, 4}},
		&r9Outer{Kind: "a", In: r9Inner{Data: []any{&r9A{}, r9A{}}}},
	} {
		if _, err := nltag.Marshal(v); err != nil {
			t.Errorf("Marshal(%+v): %v", v, err)
		}
	}
	for _, c := range []struct {
		v     any
		path  string
		words []string
	}{
		{&r9Msg{Kind: "a", Data: &r9B{Y: "y"}}, "Data", []string{`Kind "a"`, "*nltag_test.r9A", "*nltag_test.r9B"}},
		{&r9Msg{Kind: "b", Data: &r9A{}}, "Data", []string{`Kind "b"`, "nltag_test.r9B"}},
		{&r9Msg{Kind: "a", Data: "a string"}, "Data", []string{`Kind "a"`, "string"}},
		{&r9Msg{Kind: "zz", Data: &r9A{}}, "Data", []string{`Kind "zz"`, "nltag.Raw"}},
		{&r9Outer{Kind: "b", In: r9Inner{Data: []any{r9B{}, &r9A{}}}}, "In.Data[1]", []string{`Kind "b"`}},
	} {
		_, err := nltag.Marshal(c.v)
		wantValueErr(t, "Marshal", err, c.path, c.words...)
		_, err = nltag.Size(c.v)
		wantValueErr(t, "Size", err, c.path, c.words...)
	}
}

type r9Addrs struct {
	A  netip.Addr   `nla:"1"`
	V6 netip.Addr   `nla:"2,ipv6,omitempty"`
	L  []netip.Addr `nla:"3,multi"`
}

// No address attribute carries a zone: fe80::1%eth0 was written as
// fe80::1, the zone dropped without a word.
func TestR9AddrZone(t *testing.T) {
	z := netip.MustParseAddr("fe80::1%eth0")
	for _, c := range []struct {
		v    *r9Addrs
		path string
	}{
		{&r9Addrs{A: z}, "A"},
		{&r9Addrs{V6: z}, "V6"},
		{&r9Addrs{L: []netip.Addr{netip.MustParseAddr("fe80::2"), z}}, "L[1]"},
	} {
		_, err := nltag.Marshal(c.v)
		wantValueErr(t, "Marshal", err, c.path, "eth0", "zone")
	}
}

type r9Unk struct {
	S    string `nla:"1"`
	N    uint32 `nla:"2,omitempty"`
	Wire nltag.Wire
}

type r9UnkSlice struct {
	S     string       `nla:"1"`
	Extra []nltag.Attr `nla:",unknown"`
}

// An entry of Wire.Unknown (or an unknown []Attr) whose number a field
// declares was written besides the field's attribute: the kernel keeps
// one of the two, which one depending on the attribute. It is refused,
// whether the field writes its attribute or not, naming both.
func TestR9UnknownDeclared(t *testing.T) {
	dup := []nltag.Attr{{Type: 7, Data: []byte{1}}, {Type: 2, Data: []byte{1, 0, 0, 0}}}
	for _, v := range []any{
		&r9Unk{S: "a", Wire: nltag.Wire{Unknown: dup}},
		&r9Unk{S: "a", Wire: nltag.Wire{Order: []uint16{1, 7, 2}, Unknown: dup}},
		&r9UnkSlice{S: "a", Extra: []nltag.Attr{{Type: 1 | nltag.FlagNested}}},
	} {
		_, err := nltag.Marshal(v)
		wantValueErr(t, "Marshal", err, "Wire", "declared by field ")
		var e *nltag.Error
		if errors.As(err, &e) && e.Attr != 1 && e.Attr != 2 {
			t.Errorf("%v: attribute %d, want the declared one", err, e.Attr)
		}
	}
	// Unknown numbers still go out, in order or after the fields.
	for _, v := range []any{
		&r9Unk{S: "a", Wire: nltag.Wire{Unknown: dup[:1]}},
		&r9Unk{S: "a", Wire: nltag.Wire{Order: []uint16{7, 1}, Unknown: dup[:1]}},
	} {
		if _, err := nltag.Marshal(v); err != nil {
			t.Errorf("Marshal(%+v): %v", v, err)
		}
	}
}

type r9Unplannable struct {
	C chan int `nla:"1"`
}

type r9BadHolder struct {
	K string `nla:"1"`
	D any    `nla:"2,submsg=r9-bad,selector=K"`
}

func init() { nltag.RegisterSubMessageOf[r9Unplannable]("r9-bad", "x") }

// A registered type the codec cannot plan (a chan field) was reported
// only when a message selected it. Registration cannot plan it, since a
// program may register the sets it uses afterwards (a plan's failure is
// kept); Check of a struct that holds the table's field says what is
// wrong with it.
func TestR9CheckRegisteredType(t *testing.T) {
	err := nltag.Check(&r9BadHolder{})
	var te *nltag.TypeError
	if !errors.As(err, &te) || te.Field != "D" || !strings.Contains(err.Error(), "r9Unplannable") || !strings.Contains(err.Error(), "chan int") {
		t.Errorf("Check: %v, want a *TypeError for D naming r9Unplannable's chan field", err)
	}
	if err := nltag.Check(&r9Msg{}); err != nil {
		t.Errorf("Check(r9Msg): %v", err)
	}
}

type r9EmptyKey struct {
	Kind string `nla:"1,omitempty"`
	Data any    `nla:"2,submsg=r9-empty,selector=Kind"`
}

func init() { nltag.RegisterSubMessageOf[r9A]("r9-empty", "") }

// An empty string selects the type registered for "", as 0 does for an
// integer selector: it always gave Raw, though "" could be registered.
func TestR9EmptyStringKey(t *testing.T) {
	b, err := nltag.Marshal(&r9EmptyKey{Data: &r9A{X: 5}})
	if err != nil {
		t.Fatal(err)
	}
	var v r9EmptyKey
	if err := nltag.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	if a, ok := v.Data.(*r9A); !ok || a.X != 5 {
		t.Errorf("decoded %#v, want &r9A{X: 5}", v.Data)
	}
}

type r9Dag struct {
	K string `nla:"1"`
	A *r9Dag `nla:"2"`
	B *r9Dag `nla:"3"`
	S any    `nla:"4,submsg=r9-tab,selector=K"`
}

// The check of sub-messages before encoding must end as soon as encoding
// would: a value whose pointers all lead to one struct (a cycle, or a
// chain of structs each pointed to twice) has 2^depth paths, and walking
// every one took hours where encoding fails at once.
func TestR9SubCheckBounded(t *testing.T) {
	cyc := &r9Dag{K: "a", S: &r9A{}}
	cyc.A, cyc.B = cyc, cyc
	var dag *r9Dag
	for range 30 {
		dag = &r9Dag{K: "a", A: dag, B: dag, S: &r9A{}}
	}
	for _, v := range []*r9Dag{cyc, dag} {
		done := make(chan error, 1)
		go func() { _, err := nltag.Marshal(v); done <- err }()
		select {
		case err := <-done:
			if !errors.Is(err, nltag.ErrDepth) && !errors.Is(err, nltag.ErrValue) {
				t.Errorf("Marshal: %v, want ErrDepth or ErrValue", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("Marshal still running after 10 s")
		}
	}
}

type r9Tails struct {
	N    r9A      `nla:"1"`
	M    []uint32 `nla:"2,multi"`
	U    uint32   `nla:"3"`
	Wire nltag.Wire
}

// A tail is what a field's value leaves of a payload of fixed length (or
// after a string's NUL); one given in Wire.Tails for a field that has no
// such place was written into a nest, where the kernel reads it as
// attributes, or dropped for a number no field or a multi field has.
func TestR9TailsWithoutPlace(t *testing.T) {
	order := []uint16{1, 2, 3, 9}
	for _, c := range []struct {
		num  uint16
		path string
	}{{1, "N"}, {2, "M"}, {9, "Wire"}} {
		v := &r9Tails{N: r9A{X: 1}, M: []uint32{1}, U: 1, Wire: nltag.Wire{Order: order, Tails: []nltag.Attr{{Type: c.num, Data: []byte{1, 2, 3, 4}}}}}
		_, err := nltag.Marshal(v)
		wantValueErr(t, "Marshal", err, c.path, "tail")
	}
	v := &r9Tails{N: r9A{X: 1}, U: 1, Wire: nltag.Wire{Order: order, Tails: []nltag.Attr{{Type: 3, Data: []byte{1, 2, 3, 4}}}}}
	if _, err := nltag.Marshal(v); err != nil {
		t.Errorf("a tail of a u32: %v", err)
	}
}
