package route

import (
	"path/filepath"
	"testing"

	"github.com/nltag/go-netlink/golden"
	"github.com/nltag/go-netlink/internal/membound"
	"github.com/nltag/go-netlink/netlink"
)

// TestHostileMemory runs the membound sweep on the captures, one sweep per
// message type: many empty attributes of each type after the first
// capture of the type, nests claiming many children, an attribute
// running past the end; and many empty attributes of each type inside
// every nest of every capture (the first message of each type in each
// file), which reaches each link kind's data, each qdisc's options.
func TestHostileMemory(t *testing.T) {
	files, err := filepath.Glob("../testdata/route/*.hex")
	if err != nil || len(files) == 0 {
		t.Fatalf("no captures: %v", err)
	}
	var types []netlink.MsgType
	bodies := map[netlink.MsgType][][]byte{}
	for _, name := range files {
		b, err := golden.ReadHex(name)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[netlink.MsgType]bool{}
		for m := range netlink.Messages(b) {
			typ := m.Header.Type
			if seen[typ] || typ < netlink.MinType {
				continue
			}
			seen[typ] = true
			if bodies[typ] == nil {
				types = append(types, typ)
			}
			bodies[typ] = append(bodies[typ], m.Data)
		}
	}
	for _, typ := range types {
		t.Run(Messages.TypeName(typ), func(t *testing.T) {
			membound.Sweep(t, bodies[typ], 64, func(body []byte) (any, error) {
				m, err := Messages.Decode(netlink.RawMessage{Header: netlink.Header{Type: typ}, Data: body})
				return m.Body, err
			})
		})
	}
}
