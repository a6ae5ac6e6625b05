package tc

import (
	"testing"

	"github.com/nltag/go-netlink/golden"
	"github.com/nltag/go-netlink/internal/membound"
	"github.com/nltag/go-netlink/nltag"
)

// FuzzMessage decodes arbitrary bodies as the generated tc Message, seeded
// with the kernel captures: no panic, allocation within the membound limit,
// and what decodes encodes to bytes
// that decode to the same text.
func FuzzMessage(f *testing.F) {
	for _, m := range golden.SeedMessages(f, "../../testdata/nlgen/tc/*.hex") {
		f.Add(m.Data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var m Message
		var err error
		membound.Check(t, "Message", len(data), func() { err = nltag.Unmarshal(data, &m) })
		if err != nil {
			return
		}
		text := nltag.Format(&m)
		out, err := nltag.Marshal(&m)
		if err != nil {
			t.Fatalf("decodes but does not encode: %v\n%s", err, text)
		}
		var again Message
		if err := nltag.Unmarshal(out, &again); err != nil {
			t.Fatalf("re-encoding %x does not decode: %v\n%s", out, err, text)
		}
		if text2 := nltag.Format(&again); text2 != text {
			t.Fatalf("text changed through re-encoding:\n%s\n---\n%s", text, text2)
		}
	})
}
