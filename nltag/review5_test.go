package nltag_test

// Regressions found by the fifth review: Format of values that hold
// themselves where it did not look for cycles, attributes of Wire records
// too long for their length field, and sets published before they were
// complete.

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nltag/go-netlink/nltag"
)

// formatWithin runs Format on another goroutine, so that a loop fails the
// test instead of hanging it; a stack overflow still ends the process.
func formatWithin(t *testing.T, v any) string {
	t.Helper()
	done := make(chan string, 1)
	go func() { done <- nltag.Format(v) }()
	select {
	case s := <-done:
		return s
	case <-time.After(5 * time.Second):
		t.Fatalf("Format of a %T did not end", v)
		return ""
	}
}

type r5Self *r5Self

type (
	r5P *r5Q
	r5Q *r5P
)

// A pointer type that holds itself, or another that holds it: Format
// followed the pointers before it wrote anything, forever.
func TestR5FormatSelfPointer(t *testing.T) {
	var s r5Self
	s = &s
	if got := formatWithin(t, s); !strings.Contains(got, "cycle") {
		t.Errorf("Format of a pointer to itself: %q", got)
	}
	var p r5P
	var q r5Q
	p, q = &q, &p
	for _, v := range []any{p, q, &p} {
		if got := formatWithin(t, v); !strings.Contains(got, "cycle") {
			t.Errorf("Format of %T in a cycle: %q", v, got)
		}
	}
}

type r5Msg struct {
	Kind string `nla:"1"`
	Data any    `nla:"2,submsg=r5-kind,selector=Kind"`
	W    nltag.Wire
}

type r5Data struct {
	N uint32 `nla:"1"`
}

func init() { nltag.RegisterSubMessageOf[r5Data]("r5-kind", "d") }

// A map that holds itself, in a sub-message field (an interface may hold
// anything): Format gave it to fmt, which followed it until the stack
// overflowed, a fatal error no recover stops.
func TestR5FormatCyclicMap(t *testing.T) {
	m := map[string]any{"b": 2}
	m["a"] = m
	got := formatWithin(t, &r5Msg{Kind: "d", Data: m})
	if !strings.Contains(got, "cycle") || !strings.Contains(got, `["b"]: 2`) {
		t.Errorf("Format of a map holding itself:\n%s", got)
	}
	got = formatWithin(t, &r5Msg{Kind: "d", Data: map[int]string{10: "x", 2: "y"}})
	if i, j := strings.Index(got, "[2]"), strings.Index(got, "[10]"); i < 0 || j < i {
		t.Errorf("Format of a map: keys not in order:\n%s", got)
	}
}

type r5Long struct {
	A uint32 `nla:"1"`
	W nltag.Wire
}

type r5Outer struct {
	In r5Long `nla:"1"`
}

type r5Slice struct {
	A       uint32       `nla:"1"`
	Unknown []nltag.Attr `nla:",unknown"`
}

// An unknown attribute or a tail a caller made longer than an attribute
// can be: Marshal wrote its length modulo 65536 (AppendAttr), or dropped
// the tail, with no error. It must fail, naming the place, as a field's
// value that long does.
func TestR5WireTooLong(t *testing.T) {
	long := make([]byte, 70000)
	for _, c := range []struct {
		name string
		v    any
		path string
	}{
		{"unknown", &r5Long{W: nltag.Wire{Unknown: []nltag.Attr{{Type: 9, Data: long}}}}, "Wire"},
		{"unknown replayed", &r5Long{W: nltag.Wire{Order: []uint16{9}, Unknown: []nltag.Attr{{Type: 9, Data: long}}}}, "Wire"},
		{"unknown after the order", &r5Long{W: nltag.Wire{Order: []uint16{}, Unknown: []nltag.Attr{{Type: 9, Data: long}}}}, "Wire"},
		{"unknown in a nest", &r5Outer{In: r5Long{W: nltag.Wire{Unknown: []nltag.Attr{{Type: 9, Data: long}}}}}, "In.Wire"},
		{"unknown slice", &r5Slice{Unknown: []nltag.Attr{{Type: 9, Data: long}}}, "Wire"},
		{"tail", &r5Long{W: nltag.Wire{Order: []uint16{1}, Tails: []nltag.Attr{{Type: 1, Data: long}}}}, "A"},
	} {
		b, err := nltag.Marshal(c.v)
		var e *nltag.Error
		if !errors.As(err, &e) || !errors.Is(err, nltag.ErrValue) || e.Path != c.path {
			t.Errorf("%s: Marshal gave %d bytes, %v; want ErrValue at %s", c.name, len(b), err, c.path)
		}
		if n, err := nltag.Size(c.v); err == nil {
			t.Errorf("%s: Size %d, no error", c.name, n)
		}
	}
	// Up to the limit, they are written whole.
	fit := make([]byte, 0xffff-nltag.HeaderLen)
	b, err := nltag.Marshal(&r5Long{W: nltag.Wire{Order: []uint16{9}, Unknown: []nltag.Attr{{Type: 9, Data: fit}}}})
	if err != nil || len(b) != nltag.Align(0xffff) {
		t.Fatalf("unknown of 65535 bytes: %d bytes, %v", len(b), err)
	}
	var back r5Long
	if err := nltag.Unmarshal(b, &back); err != nil || len(back.W.Unknown) != 1 || len(back.W.Unknown[0].Data) != len(fit) {
		t.Fatalf("unknown of 65535 bytes decoded: %v", err)
	}
}

// A set is complete before another goroutine can look it up, and
// registering it again leaves it alone: RegisterSet published it first
// and filled its names after, and wrote them again on each repeat, racing
// with AttrName (go test -race).
func TestR5RegisterSetRace(t *testing.T) {
	s := &nltag.AttrSet{Name: "r5-race", Attrs: map[string]uint16{"A": 1, "B": 2}}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); nltag.RegisterSet(s) }()
	go func() {
		defer wg.Done()
		for {
			if got, ok := nltag.LookupSet("r5-race"); ok {
				if n := got.AttrName(1); n != "A" {
					t.Errorf("AttrName(1) of a set just registered: %q", n)
				}
				return
			}
		}
	}()
	wg.Wait()
	wg.Add(2)
	go func() { defer wg.Done(); nltag.RegisterSet(s) }()
	go func() { defer wg.Done(); _ = s.AttrName(2) }()
	wg.Wait()
}

// RegisterSet keeps a copy of the set: a number put into Attrs afterwards,
// past what an attribute type holds, is not taken (it would put flag bits
// in the type, which RegisterSet refuses), nor a name changed there.
func TestRegisterSetCopies(t *testing.T) {
	s := nltag.RegisterSet(&nltag.AttrSet{Name: "r5-copied", Attrs: map[string]uint16{"A": 1}})
	s.Attrs["B"] = 0x8001 // NLA_F_NESTED and 1
	s.Attrs["A"] = 2
	type late struct {
		_ nltag.Set `nla:"r5-copied"`
		A uint32    `nla:"A"`
		B uint32    `nla:"B"`
	}
	if err := nltag.Check(&late{}); err == nil {
		t.Fatal("Check: attribute B added after RegisterSet was taken")
	}
	type early struct {
		_ nltag.Set `nla:"r5-copied"`
		A uint32    `nla:"A"`
	}
	b, err := nltag.Marshal(&early{A: 7})
	if err != nil || len(b) < 4 || b[2] != 1 {
		t.Fatalf("Marshal: %x, %v; want attribute 1 as registered", b, err)
	}
}
