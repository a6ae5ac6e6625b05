package nltag_test

// Regressions found by the tenth review: values the encoder's refusals of
// review9 refused wrongly, or let through.

import (
	"bytes"
	"fmt"
	"sync"
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

type r10Msg struct {
	Kind string    `nla:"1"`
	Data any       `nla:"2,submsg=r10-tab,selector=Kind"`
	In   *r10Inner `nla:"3"`
}

// r10Inner's sub-messages are selected by the enclosing r10Msg.Kind.
type r10Inner struct {
	Data []any `nla:"1,multi,submsg=r10-tab,selector=Kind"`
}

type r10X struct {
	X uint32 `nla:"1"`
}

type r10Y struct {
	Y string `nla:"1"`
}

// r10Peer is selected by "peer" and holds an r10Msg, as VethData does a Link.
type r10Peer struct {
	Peer *r10Msg `nla:"1"`
}

func init() {
	nltag.RegisterSubMessageOf[r10X]("r10-tab", "x")
	nltag.RegisterSubMessageOf[r10Peer]("r10-tab", "peer")
}

// Marshalling and decoding values with sub-messages while other
// goroutines register keys in their table (and in another) must neither
// race nor refuse a value, nor encode it otherwise; a key registered is
// usable at once by the goroutine that registered it.
func TestR10ConcurrentRegisterMarshal(t *testing.T) {
	vals := []any{
		&r10Msg{Kind: "x", Data: &r10X{X: 1}, In: &r10Inner{Data: []any{&r10X{X: 2}, r10X{X: 3}}}},
		&r10Msg{Kind: "peer", Data: &r10Peer{Peer: &r10Msg{Kind: "x", Data: r10X{X: 4}}}},
		&r10Msg{Kind: "none", Data: nltag.Raw{1, 2, 3, 4}},
	}
	want := make([][]byte, len(vals))
	for i, v := range vals {
		b, err := nltag.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = b
	}
	const workers, rounds = 8, 300
	errs := make(chan error, 2*workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for r := range rounds {
				i := (w + r) % len(vals)
				b, err := nltag.Marshal(vals[i])
				if err == nil && !bytes.Equal(b, want[i]) {
					err = fmt.Errorf("value %d: %x, want %x", i, b, want[i])
				}
				var back r10Msg
				if err == nil {
					err = nltag.Unmarshal(b, &back)
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
		go func() {
			defer wg.Done()
			for r := range rounds / 10 {
				k := fmt.Sprintf("w%d-%d", w, r)
				nltag.RegisterSubMessageOf[r10Y]("r10-tab", k)
				nltag.RegisterSubMessageOf[r10X]("r10-other", k)
				v := &r10Msg{Kind: k, Data: &r10Y{Y: k}, In: &r10Inner{Data: []any{r10Y{Y: "i"}}}}
				b, err := nltag.Marshal(v)
				if err == nil {
					var back r10Msg
					if err = nltag.Unmarshal(b, &back); err == nil && back.Data.(*r10Y).Y != k {
						err = fmt.Errorf("key %s decoded %+v", k, back.Data)
					}
				}
				if err != nil {
					errs <- fmt.Errorf("key %s: %w", k, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

type r10Holder struct {
	Kind  string     `nla:"1"`
	Extra *r10Extra  `nla:",inline"`
	In    *r10Inner  `nla:"3"`
	Ins   []r10Inner `nla:"4,multi"`
	Val   r10Inner   `nla:"5"`
}

type r10Extra struct {
	Data any `nla:"2,submsg=r10-tab,selector=Kind"`
}

// Encoding skips the sub-message walk of a value that holds none
// (holdsSubs): wherever one is, in an inline struct, a nest held by
// pointer, by value or in a slice, a wrong type is still refused.
func TestR10HoldsSubsStillChecks(t *testing.T) {
	bad := []any{&r10Y{}}
	for _, c := range []struct {
		v    *r10Holder
		path string
	}{
		{&r10Holder{Kind: "x", Extra: &r10Extra{Data: &r10Y{}}}, "Extra.Data"},
		{&r10Holder{Kind: "x", In: &r10Inner{Data: bad}}, "In.Data[0]"},
		{&r10Holder{Kind: "x", Ins: []r10Inner{{}, {Data: bad}}}, "Ins[1].Data[0]"},
		{&r10Holder{Kind: "x", Val: r10Inner{Data: bad}}, "Val.Data[0]"},
	} {
		_, err := nltag.Marshal(c.v)
		wantValueErr(t, "Marshal", err, c.path, `Kind "x"`, "*nltag_test.r10Y")
	}
	if _, err := nltag.Marshal(&r10Holder{Kind: "x"}); err != nil {
		t.Error(err)
	}
}
