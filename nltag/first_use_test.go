package nltag_test

import (
	"bytes"
	"fmt"
	"reflect"
	"sync"
	"testing"

	"github.com/nltag/go-netlink/nltag"
)

// fuMsg[T] is a message type of its own for each T: a header that selects
// a sub-message, a nest with a Wire, a string and a *Wire, the paths under
// review (in-place sub-messages, shared records, AppendMarshal's pointer
// types, a Decoder's remembered type) in one.
type fuMsg[T any] struct {
	Family uint8
	_      [3]byte
	Spec   any       `nla:"1,submsg=first-use,selector=Family"`
	Nest   fuNest[T] `nla:"2"`
	Name   string    `nla:"3,omitempty"`
	Wire   *nltag.Wire
}

type fuNest[T any] struct {
	V    uint32 `nla:"1"`
	Wire nltag.Wire
}

type fuA struct {
	X uint32 `nla:"1"`
}

type fuB struct {
	Y uint16 `nla:"1"`
	Z uint8  `nla:"2"`
}

func init() {
	nltag.RegisterSubMessageOf[fuA]("first-use", 1)
	nltag.RegisterSubMessageOf[fuB]("first-use", 2)
}

type (
	fu0 struct{}
	fu1 struct{}
	fu2 struct{}
	fu3 struct{}
	fu4 struct{}
	fu5 struct{}
)

// fuCase is one value to encode and decode: make returns a new one (a
// pointer), zero a new zero value of its type.
type fuCase struct {
	make func() any
	zero func() any
}

func fuCases[T any]() []fuCase {
	return []fuCase{
		{func() any { return &fuMsg[T]{Family: 1, Spec: &fuA{X: 7}, Nest: fuNest[T]{V: 1}, Name: "a"} }, func() any { return new(fuMsg[T]) }},
		{func() any { return &fuMsg[T]{Family: 2, Spec: &fuB{Y: 3, Z: 4}, Nest: fuNest[T]{V: 2}} }, func() any { return new(fuMsg[T]) }},
		{func() any { return &fuMsg[T]{Family: 9, Nest: fuNest[T]{V: 3}, Name: "c"} }, func() any { return new(fuMsg[T]) }},
		{func() any { return &fuNest[T]{V: 4} }, func() any { return new(fuNest[T]) }},
	}
}

// TestFirstUseConcurrent uses types new to the process from several
// goroutines at once, each alternating between them and between the shapes
// of their values: AppendMarshal of pointers (its remembered pointer
// types), Marshal of values, Unmarshal, and a Decoder per goroutine. Every
// result must be what one goroutine alone gets: the value encoded first,
// decoded back to the same text and bytes. Run under -race.
func TestFirstUseConcurrent(t *testing.T) {
	var cases []fuCase
	cases = append(cases, fuCases[fu0]()...)
	cases = append(cases, fuCases[fu1]()...)
	cases = append(cases, fuCases[fu2]()...)
	cases = append(cases, fuCases[fu3]()...)
	cases = append(cases, fuCases[fu4]()...)
	cases = append(cases, fuCases[fu5]()...)
	const goroutines = 8
	start := make(chan struct{})
	var wg sync.WaitGroup
	errs := make([]error, goroutines)
	out := make([][][]byte, goroutines) // each goroutine's encoding of each case
	for g := range goroutines {
		wg.Go(func() {
			<-start
			out[g] = make([][]byte, len(cases))
			errs[g] = fuRun(cases, g, out[g])
		})
	}
	close(start)
	wg.Wait()
	for g, err := range errs {
		if err != nil {
			t.Errorf("goroutine %d: %v", g, err)
		}
	}
	for i, c := range cases {
		want, err := nltag.Marshal(reflect.ValueOf(c.make()).Elem().Interface())
		if err != nil {
			t.Fatal(err)
		}
		for g := range goroutines {
			if !bytes.Equal(out[g][i], want) {
				t.Errorf("case %d (%T), goroutine %d: encoded %x, want %x", i, c.make(), g, out[g][i], want)
			}
		}
	}
}

// fuRun is one goroutine of TestFirstUseConcurrent: rounds over the cases
// from an offset of its own, storing each case's encoding in out.
func fuRun(cases []fuCase, g int, out [][]byte) error {
	var d nltag.Decoder
	var buf []byte
	for round := range 6 {
		for j := range cases {
			i := (j*5 + g + round) % len(cases)
			c := cases[i]
			v := c.make()
			var err error
			if buf, err = nltag.AppendMarshal(buf[:0], v); err != nil {
				return fmt.Errorf("AppendMarshal(%T): %v", v, err)
			}
			byValue, err := nltag.Marshal(reflect.ValueOf(v).Elem().Interface())
			if err != nil || !bytes.Equal(byValue, buf) {
				return fmt.Errorf("%T: by value %x, %v; by pointer %x", v, byValue, err, buf)
			}
			out[i] = bytes.Clone(buf)
			for k, dec := range []func([]byte, any) error{nltag.Unmarshal, d.Unmarshal} {
				w := c.zero()
				if err := dec(buf, w); err != nil {
					return fmt.Errorf("decoding %T (way %d): %v", w, k, err)
				}
				if a, b := nltag.Format(v), nltag.Format(w); a != b {
					return fmt.Errorf("%T (way %d) decoded to\n%s\nwant\n%s", w, k, b, a)
				}
				if again, err := nltag.Marshal(w); err != nil || !bytes.Equal(again, buf) {
					return fmt.Errorf("%T (way %d) re-encodes to %x, %v; want %x", w, k, again, err, buf)
				}
			}
		}
		if _, err := nltag.AppendMarshal(nil, (*fuMsg[fu0])(nil)); err == nil {
			return fmt.Errorf("AppendMarshal of a nil pointer: no error")
		}
	}
	return nil
}
