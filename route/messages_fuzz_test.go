package route

import (
	"reflect"
	"testing"

	"github.com/nltag/go-netlink/golden"
	"github.com/nltag/go-netlink/netlink"
	"github.com/nltag/go-netlink/nltag"
)

// FuzzTableDecode holds Messages.Decode, which carves the bodies of most
// types from chunks shared across calls, to a direct decoding into a new
// value of the registered type: on any input both fail or both give the
// same text, and two decodings of one message give bodies of their own
// (unless empty: Go may give all zero-size values one address).
// Inputs run one after another in a process, so a failed or hostile
// decoding also meets the chunks the next ones carve from.
func FuzzTableDecode(f *testing.F) {
	for _, m := range golden.SeedMessages(f, "../testdata/route/*.hex") {
		f.Add(uint16(m.Header.Type), m.Data)
	}
	f.Fuzz(func(t *testing.T, typ uint16, data []byte) {
		direct := Messages.New(netlink.MsgType(typ))
		if direct == nil {
			return
		}
		m := netlink.RawMessage{Header: netlink.Header{Type: netlink.MsgType(typ)}, Data: data}
		derr := netlink.UnmarshalBody(m, direct)
		first, err := Messages.Decode(m)
		if (err == nil) != (derr == nil) {
			t.Fatalf("%s: Messages.Decode: %v; direct decoding: %v", Messages.TypeName(m.Header.Type), err, derr)
		}
		if err != nil {
			return
		}
		second, err := Messages.Decode(m)
		if err != nil {
			t.Fatalf("%s: decodes once, then fails: %v", Messages.TypeName(m.Header.Type), err)
		}
		if first.Body == second.Body && reflect.TypeOf(direct).Elem().Size() != 0 {
			t.Fatalf("%s: two decodings share a body", Messages.TypeName(m.Header.Type))
		}
		want := nltag.Format(direct)
		for _, got := range []any{first.Body, second.Body} {
			if text := nltag.Format(got); text != want {
				t.Fatalf("%s: Messages.Decode gives\n%s\ndirect decoding\n%s\ninput %x", Messages.TypeName(m.Header.Type), text, want, data)
			}
		}
	})
}
