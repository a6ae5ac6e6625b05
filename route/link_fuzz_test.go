package route

import (
	"testing"

	"github.com/nltag/go-netlink/golden"
	"github.com/nltag/go-netlink/nltag"
)

// FuzzLink feeds link message bodies to the decoder, seeded with those of
// the link-* golden files. Decoding must never panic, and a body that
// decodes must re-encode to bytes that decode to the same text.
func FuzzLink(f *testing.F) {
	for _, m := range golden.SeedMessages(f, "../testdata/route/link-*.hex") {
		f.Add(m.Data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var l Link
		if err := nltag.Unmarshal(data, &l); err != nil {
			return
		}
		text := nltag.Format(&l)
		out, err := nltag.Marshal(&l)
		if err != nil {
			t.Fatalf("decoded, but does not re-encode: %v\n%s", err, text)
		}
		var again Link
		if err := nltag.Unmarshal(out, &again); err != nil {
			t.Fatalf("re-encoded bytes do not decode: %v\nin  %x\nout %x", err, data, out)
		}
		if text2 := nltag.Format(&again); text2 != text {
			t.Fatalf("text changed through re-encoding:\n%s\n---\n%s\nin  %x\nout %x", text, text2, data, out)
		}
	})
}
