package route_test

import (
	"bytes"
	"net/netip"
	"testing"

	"github.com/nltag/go-netlink/nltag"
	"github.com/nltag/go-netlink/route"
)

// TestSiblingKindDataEncodes: the kinds whose data types share one layout
// (macvlan/macvtap, ipvlan/ipvtap, the six GRE kinds, ipip/sit/ip6tnl,
// prio/pfifo_fast, the three fifos) take each other's data: the kernel reads
// the same attributes, and the value writes the bytes the selected type
// writes, which decode to it. IPVlanData's doc names ipvtap as its kind.
func TestSiblingKindDataEncodes(t *testing.T) {
	a := netip.MustParseAddr("192.0.2.1")
	gre := &route.GREData{OKey: 7, Local: a}
	ipip := &route.IPIPData{TTL: 9, Local: a}
	for _, c := range []struct {
		kind      string
		data, reg any // the value sent, and the same value of the registered type
	}{
		{"macvtap", &route.MacvlanData{Mode: route.MacvlanModeBridge}, &route.MacvtapData{Mode: route.MacvlanModeBridge}},
		{"macvtap", route.MacvlanData{Mode: route.MacvlanModeBridge}, &route.MacvtapData{Mode: route.MacvlanModeBridge}},
		{"macvlan", &route.MacvtapData{Mode: route.MacvlanModeBridge}, &route.MacvlanData{Mode: route.MacvlanModeBridge}},
		{"ipvtap", &route.IPVlanData{Flags: route.IPVlanFlagVEPA}, &route.IPVtapData{Flags: route.IPVlanFlagVEPA}},
		{"gretap", gre, (*route.GRETapData)(gre)},
		{"ip6gre", gre, (*route.IP6GREData)(gre)},
		{"erspan", gre, (*route.ERSPANData)(gre)},
		{"gre", (*route.GRETapData)(gre), gre},
		{"sit", ipip, (*route.SITData)(ipip)},
	} {
		got, err := nltag.Marshal(&route.Link{LinkInfo: &route.LinkInfo{Kind: c.kind, Data: c.data}})
		if err != nil {
			t.Errorf("kind %s, data %T: %v", c.kind, c.data, err)
			continue
		}
		want, err := nltag.Marshal(&route.Link{LinkInfo: &route.LinkInfo{Kind: c.kind, Data: c.reg}})
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("kind %s, data %T: %x, as %T %x (%v)", c.kind, c.data, got, c.reg, want, err)
		}
	}
	for _, c := range []struct {
		kind string
		opts any
	}{
		{"pfifo_fast", &route.PrioOptions{Bands: 3}},
		{"bfifo", &route.PfifoOptions{Limit: 1000}},
	} {
		if _, err := nltag.Marshal(&route.Tc{Kind: c.kind, Options: c.opts}); err != nil {
			t.Errorf("tc kind %s, options %T: %v", c.kind, c.opts, err)
		}
	}
}

// TestOtherLayoutRefused: a data type of another layout is still refused.
func TestOtherLayoutRefused(t *testing.T) {
	_, err := nltag.Marshal(&route.Link{LinkInfo: &route.LinkInfo{Kind: "macvtap", Data: &route.VxlanData{}}})
	if err == nil {
		t.Fatal("VxlanData under kind macvtap encoded")
	}
}
