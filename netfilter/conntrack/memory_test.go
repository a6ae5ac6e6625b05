package conntrack_test

import (
	"testing"

	"github.com/nltag/go-netlink/golden"
	"github.com/nltag/go-netlink/internal/membound"
	"github.com/nltag/go-netlink/netfilter/conntrack"
	"github.com/nltag/go-netlink/netlink"
)

// TestHostileMemory runs the membound sweep on the captured entry bodies:
// many empty attributes of each type, nests claiming many children,
// attributes running past the end, at the top and inside every nest.
func TestHostileMemory(t *testing.T) {
	var bodies [][]byte
	for _, m := range golden.SeedMessages(t, goldenDir.Path+"/ct-*.hex") {
		if m.Header.Type == conntrack.MsgType(conntrack.MsgNew) || m.Header.Type == conntrack.MsgType(conntrack.MsgDelete) {
			bodies = append(bodies, m.Data)
		}
	}
	typ := conntrack.MsgType(conntrack.MsgNew)
	membound.Sweep(t, bodies, 64, func(body []byte) (any, error) {
		m, err := conntrack.Messages.Decode(netlink.RawMessage{Header: netlink.Header{Type: typ}, Data: body})
		return m.Body, err
	})
}
