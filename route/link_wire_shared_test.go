package route_test

import (
	"context"
	"testing"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/internal/nltest"
	"github.com/nltag/go-netlink/route"
)

// TestLinkWireShared: every link the kernel dumps carries IFLA_DEVLINK_PORT
// and IFLA_DPLL_PIN. Declared, they leave the Wire without unknown
// attributes, so that links of one shape share one Wire instead of each
// carrying its own (a Wire with unknown attributes is never shared).
func TestLinkWireShared(t *testing.T) {
	ns := nltest.NewNS(t)
	ns.IP(t, "link", "add", "a0", "type", "ifb")
	ns.IP(t, "link", "add", "a1", "type", "ifb")
	c, err := route.Dial(context.Background(), &route.Options{NetNS: conn.NetNSName(ns.Name)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ls, err := c.LinkList(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]*route.Link{}
	for _, l := range ls {
		if l.Wire != nil && len(l.Wire.Unknown) > 0 {
			t.Errorf("%s: unknown attributes %v", l.Name, l.Wire.Unknown)
		}
		byName[l.Name] = l
	}
	a0, a1 := byName["a0"], byName["a1"]
	if a0 == nil || a1 == nil {
		t.Fatalf("dump lacks a0 or a1: %d links", len(ls))
	}
	if a0.DevlinkPort == nil || a0.DPLLPin == nil {
		t.Errorf("a0: DevlinkPort %v, DPLLPin %v: want the empty nests the kernel sends", a0.DevlinkPort, a0.DPLLPin)
	}
	if a0.Wire == nil || a0.Wire != a1.Wire {
		t.Errorf("two ifb links decoded into Wires %p and %p: want one shared", a0.Wire, a1.Wire)
	}
}
