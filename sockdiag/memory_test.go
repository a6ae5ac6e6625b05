package sockdiag

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/nltag/go-netlink/golden"
	"github.com/nltag/go-netlink/internal/membound"
	"github.com/nltag/go-netlink/netlink"
)

// TestHostileMemory runs the membound sweep on the captures, one sweep
// per kind of body (request or reply, of each family): many empty
// attributes of each type after the body, nests claiming many children,
// an attribute running past the end, and many empty attributes inside
// every nest.
func TestHostileMemory(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(goldenDir, "*.hex"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no captures: %v", err)
	}
	type kind struct {
		flags netlink.Flags
		fam   Family
	}
	var kinds []kind
	bodies := map[kind][][]byte{}
	for _, name := range files {
		b, err := golden.ReadHex(name)
		if err != nil {
			t.Fatal(err)
		}
		for m := range netlink.Messages(b) {
			if m.Header.Type != TypeByFamily || len(m.Data) == 0 {
				continue
			}
			k := kind{m.Header.Flags & netlink.Request, Family(m.Data[0])}
			if _, ok := newBody(k.flags != 0, m.Data).(*UnixRequest); ok {
				continue // a fixed struct: no attributes follow, none are read
			}
			if bodies[k] == nil {
				kinds = append(kinds, k)
			}
			bodies[k] = append(bodies[k], m.Data)
		}
	}
	for _, k := range kinds {
		t.Run(fmt.Sprintf("%v %v", k.flags, k.fam), func(t *testing.T) {
			membound.Sweep(t, bodies[k], 32, func(body []byte) (any, error) {
				m, err := Decode(netlink.RawMessage{Header: netlink.Header{Type: TypeByFamily, Flags: k.flags}, Data: body})
				return m.Body, err
			})
		})
	}
}
