package nltag_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/nltag/go-netlink/golden"
	"github.com/nltag/go-netlink/nltag"
)

// fuzzTargets are the types fuzzed: every kind, sub-messages (selected by
// attributes and by the header), Wire, *Wire, inline structs (with a
// sub-message and its selector in one).
func fuzzTargets() []func() any {
	return []func() any{
		func() any { return new(lossless) },
		func() any { return new(losslessPtr) },
		func() any { return new(wiredPtr) },
		func() any { return new(linkLike) },
		func() any { return new(Greeting) },
		func() any { return new(allKinds) },
		func() any { return new(inlineMsg) },
		func() any { return new(inlBothMsg) },
		func() any { return new(sharePtr) },
		func() any { return new(shareVal) },
		func() any { return new(hlMsg) },      // a header-selected sub-message
		func() any { return new(fuMsg[fu0]) }, // the same, with a nest's Wire and a *Wire
	}
}

func FuzzUnmarshal(f *testing.F) {
	for _, dir := range []string{"testdata", "../testdata/nltag", "../testdata/route"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.hex"))
		for _, name := range files {
			if b, err := golden.ReadHex(name); err == nil && len(b) > 16 {
				f.Add(b[16:]) // bodies without the netlink header
				f.Add(b)
			}
		}
	}
	f.Add(inlineInterleaved())
	if b, err := nltag.Marshal(&inlBothMsg{OIF: 3, Extra: &inlBoth{EncapType: 1, Encap: &inlEncA{V: 7}}}); err == nil {
		f.Add(b)
	}
	f.Add([]byte{})
	f.Add([]byte{4, 0, 1, 0})
	f.Add(wiredMsg(f))
	f.Fuzz(func(t *testing.T, in []byte) {
		for _, mk := range fuzzTargets() {
			v := mk()
			if err := nltag.Unmarshal(in, v); err != nil {
				var e *nltag.Error
				if !errors.As(err, &e) {
					t.Fatalf("%T: error of type %T: %v", v, err, err)
				}
				continue
			}
			// What decodes must encode, and decode again to the same value.
			out, err := nltag.Marshal(v)
			if err != nil {
				t.Fatalf("%T: re-encoding a decoded value: %v", v, err)
			}
			w := mk()
			if err := nltag.Unmarshal(out, w); err != nil {
				t.Fatalf("%T: decoding its own encoding %x: %v", v, out, err)
			}
			if a, b := nltag.Format(v), nltag.Format(w); a != b {
				t.Fatalf("%T: round trip changed the value:\n%s\n%s", v, a, b)
			}
		}
	})
}

type recursive struct {
	Next *recursive `nla:"1"`
	V    uint8      `nla:"2"`
}

func TestDeepNestingIsRefused(t *testing.T) {
	var b []byte
	for range 10000 {
		b = nltag.AppendAttr(nil, 1, b)
		if len(b) > 60000 {
			break
		}
	}
	var r recursive
	if err := nltag.Unmarshal(b, &r); !errors.Is(err, nltag.ErrDepth) {
		t.Fatalf("err = %v, want ErrDepth", err)
	}
}

type manyStrings struct {
	S []string `nla:"1,multi"`
	B [][]byte `nla:"2,multi"`
}

// Length fields cannot make the decoder allocate beyond the input: memory
// follows the attributes actually present.
func TestAllocationFollowsInput(t *testing.T) {
	var in []byte
	for len(in) < 1<<16-8 {
		in = nltag.AppendAttr(in, 1, nil)
	}
	var v manyStrings
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if err := nltag.Unmarshal(in, &v); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	if got := after.TotalAlloc - before.TotalAlloc; got > uint64(8*len(in)) {
		t.Fatalf("decoding %d bytes allocated %d", len(in), got)
	}
	if len(v.S) != len(in)/4 {
		t.Fatalf("%d strings, want %d", len(v.S), len(in)/4)
	}
	// A length claiming more than the data is an error, not an allocation.
	bad, _ := hex.DecodeString("ffff0100")
	if err := nltag.Unmarshal(bad, &v); !errors.Is(err, nltag.ErrLength) {
		t.Fatalf("err = %v", err)
	}
	if !bytes.Equal(bad, []byte{0xff, 0xff, 1, 0}) {
		t.Fatal("input modified")
	}
}
