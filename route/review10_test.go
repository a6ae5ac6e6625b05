package route_test

import (
	"bytes"
	"errors"
	"net/netip"
	"path/filepath"
	"testing"

	"github.com/nltag/go-netlink/golden"
	"github.com/nltag/go-netlink/netlink"

	"github.com/nltag/go-netlink/internal/unix"

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

// TestSiblingKindDataKernel: the kernel makes links of these kinds from
// the data of their siblings' types, which the encoder refused.
func TestSiblingKindDataKernel(t *testing.T) {
	e := newClientEnv(t)
	e.script(t, "link add p0 type veth peer name p1")
	for _, tc := range []struct {
		name string
		kind route.LinkKind
		want []string
	}{
		{"mt0", &route.GenericKind{Name: "macvtap", Data: &route.MacvlanData{Mode: route.MacvlanModeBridge}, Parent: route.ByName("p0")},
			[]string{"linkinfo.info_kind", "macvtap", "linkinfo.info_data.mode", "bridge"}},
		{"it0", &route.GenericKind{Name: "ipvtap", Data: &route.IPVlanData{Mode: new(route.IPVlanModeL3)}, Parent: route.ByName("p0")},
			[]string{"linkinfo.info_kind", "ipvtap", "linkinfo.info_data.mode", "l3"}},
		{"gt0", &route.GenericKind{Name: "gretap", Data: &route.GREData{Local: netip.MustParseAddr("192.0.2.1"), Remote: netip.MustParseAddr("192.0.2.2")}},
			[]string{"linkinfo.info_kind", "gretap", "linkinfo.info_data.remote", "192.0.2.2"}},
	} {
		err := e.c.LinkAdd(e.ctx, tc.name, tc.kind, nil)
		switch {
		case err == nil:
			expect(t, tc.name, e.link(t, tc.name), tc.want...)
		case errors.Is(err, unix.EOPNOTSUPP):
			t.Logf("%s: %v", tc.kind.Kind(), err)
		default:
			t.Errorf("LinkAdd %s %s: %v", tc.kind.Kind(), tc.name, err)
		}
	}
}

// TestCapturesReencode: every captured or hand-built message of route's
// (testdata/route, and nltag's veth capture) decodes, re-encodes to its
// bytes, and, its Wire cleared as for a new request, still encodes: none
// of the encoder's refusals rejects what decoding gives.
func TestCapturesReencode(t *testing.T) {
	files, _ := filepath.Glob("../testdata/route/*.hex")
	files = append(files, "../nltag/testdata/link-veth.hex")
	n := 0
	for _, name := range files {
		b, err := golden.ReadHex(name)
		if err != nil {
			t.Fatal(err)
		}
		for raw, err := range netlink.Messages(b) {
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			m, err := route.Messages.Decode(raw)
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			n++
			out, err := netlink.AppendMessage(nil, m)
			if end := netlink.HeaderLen + len(raw.Data); err != nil || len(out) != netlink.Align(end) || !bytes.Equal(out[netlink.HeaderLen:end], raw.Data) {
				t.Errorf("%s: %s re-encodes to %x, %v", name, route.Messages.TypeName(m.Header.Type), out, err)
			}
			nltag.ClearWire(m.Body)
			if _, err := netlink.AppendMessage(nil, m); err != nil {
				t.Errorf("%s: %s with its Wire cleared: %v", name, route.Messages.TypeName(m.Header.Type), err)
			}
		}
	}
	if n < 100 {
		t.Errorf("%d messages", n)
	}
}
