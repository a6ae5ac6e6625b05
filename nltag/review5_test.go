package nltag_test

// Regressions found by the fifth review: Format of values that hold
// themselves where it did not look for cycles, attributes of Wire records
// too long for their length field, and sets published before they were
// complete.

import (
	"strings"
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
