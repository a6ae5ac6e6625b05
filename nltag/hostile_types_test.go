package nltag_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/nltag/go-netlink/nltag"
)

type cyclic struct {
	Next *cyclic `nla:"1"`
	X    uint32  `nla:"2"`
}

// Format of a value that points back at itself ends, as Marshal does.
func TestFormatCycle(t *testing.T) {
	c := &cyclic{X: 1}
	c.Next = c
	if _, err := nltag.Marshal(c); !errors.Is(err, nltag.ErrDepth) {
		t.Fatalf("Marshal: %v, want ErrDepth", err)
	}
	done := make(chan string, 1)
	go func() { done <- nltag.Format(c) }()
	select {
	case s := <-done:
		if !strings.Contains(s, "cycle") || len(s) > 4096 {
			t.Fatalf("Format of a cycle:\n%.4096s", s)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Format of a cyclic value did not end")
	}
	// Two pointers back at the start: ended at the first repeat, not
	// after 2^depth lines.
	type two struct {
		A *two `nla:"1"`
		B *two `nla:"2"`
	}
	v := &two{}
	v.A, v.B = v, v
	if s := nltag.Format(v); strings.Count(s, "\n") > 8 {
		t.Fatalf("Format of a doubly cyclic value:\n%.4096s", s)
	}
	// A slice whose element holds the slice itself.
	type kids struct {
		Kids []kids `nla:"1,multi"`
	}
	k := make([]kids, 1)
	k[0].Kids = k
	if s := nltag.Format(&k[0]); !strings.Contains(s, "cycle") || strings.Count(s, "\n") > 8 {
		t.Fatalf("Format of a slice holding itself:\n%.4096s", s)
	}
}

type named struct {
	Name  string   `nla:"1"`
	Names []string `nla:"2,multi"`
}

// A string holding a NUL cannot be sent: the kernel would read only what
// comes before it.
func TestStringNUL(t *testing.T) {
	for _, v := range []*named{{Name: "eth0\x00evil"}, {Names: []string{"a", "b\x00"}}} {
		_, err := nltag.Marshal(v)
		var e *nltag.Error
		if !errors.As(err, &e) || !errors.Is(err, nltag.ErrValue) || !strings.HasPrefix(e.Path, "Name") {
			t.Errorf("Marshal(%q): %v, want ErrValue naming the field", *v, err)
		}
	}
	if _, err := nltag.Marshal(&named{Name: "eth0"}); err != nil {
		t.Fatal(err)
	}
}

// Attribute numbers are decimal or 0x hex, 1 to 16383; anything else that
// is not a name is an error that says so.
func TestTagNumbers(t *testing.T) {
	bad := map[string]any{
		"010": &struct {
			A uint8 `nla:"010"`
		}{},
		"0b11": &struct {
			A uint8 `nla:"0b11"`
		}{},
		"0o7": &struct {
			A uint8 `nla:"0o7"`
		}{},
		"1_0": &struct {
			A uint8 `nla:"1_0"`
		}{},
		"0": &struct {
			A uint8 `nla:"0"`
		}{},
		"0x0": &struct {
			A uint8 `nla:"0x0"`
		}{},
		"70000": &struct {
			A uint8 `nla:"70000"`
		}{},
		"16384": &struct {
			A uint8 `nla:"16384"`
		}{},
		"-1": &struct {
			A uint8 `nla:"-1"`
		}{},
		"+1": &struct {
			A uint8 `nla:"+1"`
		}{},
	}
	for tag, v := range bad {
		err := nltag.Check(v)
		var te *nltag.TypeError
		if !errors.As(err, &te) || strings.Contains(err.Error(), "nltag.Set") || !strings.Contains(err.Error(), "number") {
			t.Errorf("tag %q: %v, want a TypeError about the number", tag, err)
		}
	}
	good := map[string]struct {
		v   any
		num uint16
	}{
		"10": {&struct {
			A uint8 `nla:"10"`
		}{1}, 10},
		"0x10": {&struct {
			A uint8 `nla:"0x10"`
		}{1}, 16},
		"0X3fff": {&struct {
			A uint8 `nla:"0X3fff"`
		}{1}, 0x3fff},
		"16383": {&struct {
			A uint8 `nla:"16383"`
		}{1}, 16383},
	}
	for tag, g := range good {
		b, err := nltag.Marshal(g.v)
		if err != nil {
			t.Errorf("tag %q: %v", tag, err)
			continue
		}
		for a := range nltag.Attrs(b) {
			if a.Num() != g.num {
				t.Errorf("tag %q encodes attribute %d, want %d", tag, a.Num(), g.num)
			}
		}
	}
}

type shrinker struct{}

func (shrinker) MarshalNetlink(b []byte) ([]byte, error) { return b[:len(b)-3], nil }
func (*shrinker) UnmarshalNetlink([]byte) error          { return nil }

type holdsShrinker struct {
	S shrinker `nla:"1"`
}

// A Marshaler that returns less than it was given is an error, not a panic.
func TestMarshalerShrinks(t *testing.T) {
	_, err := nltag.Marshal(&holdsShrinker{})
	var e *nltag.Error
	if !errors.As(err, &e) || e.Path != "S" {
		t.Fatalf("Marshal: %v, want an error at S", err)
	}
}

type subNoTable struct {
	Kind string `nla:"1"`
	Data any    `nla:"2,submsg=no-such-table,selector=Kind"`
}

type subMisspelt struct {
	Kind string `nla:"1"`
	Data any    `nla:"2,submsg=check-test,selector=Knd"`
}

type subBytes struct {
	Kind []byte `nla:"1"`
	Data any    `nla:"2,submsg=check-test,selector=Kind"`
}

type subGood struct {
	Kind string `nla:"1"`
	Data any    `nla:"2,submsg=check-test,selector=Kind"`
}

type subOuter struct {
	Family uint8
	_      [3]byte
	Inner  *struct {
		Data any `nla:"1,submsg=check-test,selector=Family"`
	} `nla:"1"`
	Bad *struct {
		Data any `nla:"1,submsg=check-test,selector=Famly"`
	} `nla:"2"`
}

// Check reports a sub-message table nothing is registered in and a
// selector that names no field, or one that cannot select.
func TestCheckSubMessages(t *testing.T) {
	nltag.RegisterSubMessage("check-test", "x", &named{})
	for _, v := range []any{&subNoTable{}, &subMisspelt{}, &subBytes{}, &subOuter{}} {
		if err := nltag.Check(v); err == nil {
			t.Errorf("Check(%T) passed", v)
		} else {
			t.Logf("%T: %v", v, err)
		}
	}
	if err := nltag.Check(&subGood{}); err != nil {
		t.Error(err)
	}
}

// Registrations are made at package initialization: a bad one panics,
// with a message that says what is wrong, as the doc says.
func TestRegisterPanics(t *testing.T) {
	for name, f := range map[string]func(){
		"nil set":       func() { nltag.RegisterSet(nil) },
		"unnamed set":   func() { nltag.RegisterSet(&nltag.AttrSet{}) },
		"two names":     func() { nltag.RegisterSet(&nltag.AttrSet{Name: "two-names", Attrs: map[string]uint16{"A": 1, "B": 1}}) },
		"nil sample":    func() { nltag.RegisterSubMessage("t", "k", nil) },
		"float key":     func() { nltag.RegisterSubMessage("t", 1.5, &named{}) },
		"unnamed table": func() { nltag.RegisterSubMessage("", "k", &named{}) },
		"nil key":       func() { nltag.RegisterSubMessage("t", nil, &named{}) },
		"Of, float key": func() { nltag.RegisterSubMessageOf[named]("t", 1.5) },
		"Of, unnamed":   func() { nltag.RegisterSubMessageOf[named]("", "k") },
	} {
		func() {
			defer func() {
				r := recover()
				if s, ok := r.(string); !ok || !strings.HasPrefix(s, "nltag: ") {
					t.Errorf("%s: panic %v, want one that says what is wrong", name, r)
				}
			}()
			f()
		}()
	}
}

type unexported struct {
	x uint32 `nla:"1"`
	Y uint32 `nla:"2"`
}

// An unexported field with a tag is refused, not silently encoded.
func TestUnexportedTagged(t *testing.T) {
	_ = unexported{}.x
	err := nltag.Check(&unexported{})
	var te *nltag.TypeError
	if !errors.As(err, &te) || te.Field != "x" {
		t.Fatalf("Check: %v, want a TypeError at x", err)
	}
}

// Marshal and Unmarshal of a pointer to a pointer say so.
func TestPointerToPointer(t *testing.T) {
	p := &named{Name: "a"}
	if _, err := nltag.Marshal(&p); err == nil || !strings.Contains(err.Error(), "pointer to a pointer") {
		t.Errorf("Marshal(&p): %v", err)
	}
	if err := nltag.Unmarshal(nil, &p); err == nil || !strings.Contains(err.Error(), "pointer to a pointer") {
		t.Errorf("Unmarshal(&p): %v", err)
	}
}
