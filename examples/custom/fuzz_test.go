package main

import (
	"testing"

	"github.com/nltag/go-netlink/internal/membound"
	"github.com/nltag/go-netlink/nltag"
)

// FuzzGreeting decodes arbitrary bytes as the example's own message: no
// panic, allocation within the membound limit, and what decodes encodes
// to bytes that decode to the same text.
func FuzzGreeting(f *testing.F) {
	seed, err := nltag.Marshal(&Greeting{Version: 1, Attrs: GreetingAttrs{Name: "hello", Port: 4789, Mood: Calm}})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte{1, 0, 0, 0, 8, 0, 3, 0, 192, 0, 2, 1, 20, 0, 3, 0, 0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		var g Greeting
		var err error
		membound.Check(t, "Greeting", len(data), func() { err = nltag.Unmarshal(data, &g) })
		if err != nil {
			return
		}
		text := nltag.Format(&g)
		out, err := nltag.Marshal(&g)
		if err != nil {
			t.Fatalf("decodes but does not encode: %v\n%s", err, text)
		}
		var again Greeting
		if err := nltag.Unmarshal(out, &again); err != nil {
			t.Fatalf("re-encoding %x does not decode: %v", out, err)
		}
		if text2 := nltag.Format(&again); text2 != text {
			t.Fatalf("text changed through re-encoding:\n%s\n---\n%s", text, text2)
		}
	})
}
