package netlink_test

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/nltag/go-netlink/golden"
	"github.com/nltag/go-netlink/netlink"
)

// FuzzMessages feeds arbitrary datagrams to the framing and to the standard
// message decoders: they must return errors, never panic, and what decodes
// must encode back to something that decodes the same.
func FuzzMessages(f *testing.F) {
	files, _ := filepath.Glob("../testdata/*/*.hex")
	for _, name := range files {
		if b, err := golden.ReadHex(name); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte{})
	table := netlink.NewTable("fuzz")
	f.Fuzz(func(t *testing.T, b []byte) {
		off := 0
		for m, err := range netlink.Messages(b) {
			if err != nil {
				if !errors.Is(err, netlink.ErrMalformed) {
					t.Fatalf("framing error %T: %v", err, err)
				}
				return
			}
			if _, l, _ := netlink.ParseHeader(b[off:]); int(l) != m.Len() || len(m.Data) > 0 && &m.Data[0] != &b[off+netlink.HeaderLen] {
				t.Fatalf("message at %d of length %d: Len %d, data at another place", off, l, m.Len())
			}
			off += netlink.Align(m.Len())
			dm, err := table.Decode(m)
			if err != nil {
				continue
			}
			out, err := netlink.AppendMessage(nil, dm)
			if err != nil {
				t.Fatalf("re-encoding %s: %v", table.TypeName(m.Header.Type), err)
			}
			again, err := table.DecodeAll(out)
			if err != nil || len(again) != 1 {
				t.Fatalf("decoding own encoding %x: %v", out, err)
			}
			if e, ok := dm.Body.(*netlink.ErrorMessage); ok {
				e2 := again[0].Body.(*netlink.ErrorMessage)
				if e.Errno != e2.Errno || e.Ext.Msg != e2.Ext.Msg || (e.Err() == nil) != (e2.Err() == nil) {
					t.Fatalf("error message changed: %+v vs %+v", e, e2)
				}
			}
		}
	})
}
