package route

import (
	"path/filepath"
	"testing"

	"github.com/nltag/go-netlink/internal/golden"
	"github.com/nltag/go-netlink/internal/membound"
	"github.com/nltag/go-netlink/netlink"
)

// TestHostileMemory decodes, for one capture of every message type, the
// membound.Hostile variants: many empty attributes of each type, nests
// claiming many children, an attribute running past the end.
func TestHostileMemory(t *testing.T) {
	files, err := filepath.Glob("../testdata/route/*.hex")
	if err != nil || len(files) == 0 {
		t.Fatalf("no captures: %v", err)
	}
	seen := map[netlink.MsgType]bool{}
	for _, name := range files {
		b, err := golden.ReadHex(name)
		if err != nil {
			t.Fatal(err)
		}
		for m := range netlink.Messages(b) {
			typ := m.Header.Type
			if seen[typ] || typ < netlink.MinType {
				continue
			}
			seen[typ] = true
			t.Run(filepath.Base(name), func(t *testing.T) {
				membound.Sweep(t, [][]byte{m.Data}, 64, func(body []byte) error {
					_, err := Messages.Decode(netlink.RawMessage{Header: netlink.Header{Type: typ, Len: uint32(netlink.HeaderLen + len(body))}, Data: body})
					return err
				})
			})
		}
	}
}
