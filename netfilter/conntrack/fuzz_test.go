package conntrack_test

import (
	"testing"

	"github.com/nltag/go-netlink/golden"
	"github.com/nltag/go-netlink/netfilter/conntrack"
	"github.com/nltag/go-netlink/nltag"
)

// FuzzEntry feeds entry bodies to the decoder, seeded with those of the
// golden files. Decoding must never panic, and a body that decodes must
// re-encode to bytes that decode to the same text.
func FuzzEntry(f *testing.F) {
	for _, m := range golden.SeedMessages(f, goldenDir.Path+"/*.hex") {
		if m.Header.Type >= conntrack.MsgType(conntrack.MsgNew) {
			f.Add(m.Data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var e conntrack.Entry
		if err := nltag.Unmarshal(data, &e); err != nil {
			return
		}
		text := nltag.Format(&e)
		out, err := nltag.Marshal(&e)
		if err != nil {
			t.Fatalf("decoded, but does not re-encode: %v\n%s", err, text)
		}
		var again conntrack.Entry
		if err := nltag.Unmarshal(out, &again); err != nil {
			t.Fatalf("re-encoded bytes do not decode: %v\nin  %x\nout %x", err, data, out)
		}
		if text2 := nltag.Format(&again); text2 != text {
			t.Fatalf("text changed through re-encoding:\n%s\n---\n%s\nin  %x\nout %x", text, text2, data, out)
		}
	})
}
