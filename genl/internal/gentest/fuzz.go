package gentest

import (
	"path/filepath"
	"testing"

	"github.com/nltag/go-netlink/genl"
	"github.com/nltag/go-netlink/internal/golden"
)

// Fuzz runs the fuzz target of a family's messages, seeded with the golden
// cases of dir: decoding must never panic, and whatever decodes must encode
// to bytes that decode to the same text.
func Fuzz(f *testing.F, dir string, t *genl.Table) {
	files, err := filepath.Glob(filepath.Join(dir, "*.hex"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no seeds in %s: %v", dir, err)
	}
	for _, name := range files {
		b, err := golden.ReadHex(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte{})
	codec := Codec(t)
	f.Fuzz(func(tt *testing.T, b []byte) {
		text, out, err := codec(b)
		if err != nil {
			return
		}
		again, _, err := codec(out)
		if err != nil {
			tt.Fatalf("decoding own encoding %x: %v\nfirst decoded as:\n%s", out, err, text)
		}
		if again != text {
			tt.Fatalf("text changed through re-encoding\nbefore:\n%s\nafter:\n%s", text, again)
		}
	})
}
