package iproute

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nltag/go-netlink/route"
)

func TestBridgePortOption(t *testing.T) {
	words := strings.Fields("hairpin on learning off state blocking cost 7 priority 0x10 mcast_router 2 group_fwd_mask 8 fdb_flush mcast_fast_leave on root_block off isolated on")
	var p route.BridgePortData
	for len(words) > 0 {
		w := words[0]
		words = words[1:]
		ok, err := BridgePortOption(w, func() (string, error) {
			if len(words) == 0 {
				return "", errors.New("no value")
			}
			v := words[0]
			words = words[1:]
			return v, nil
		}, &p)
		if !ok || err != nil {
			t.Fatalf("%s: %v, %v", w, ok, err)
		}
	}
	st := route.BridgePortBlocking
	want := route.BridgePortData{Hairpin: new(true), Learning: new(false), State: &st, Cost: new(uint32(7)), Priority: new(uint16(16)),
		MulticastRouter: new(uint8(2)), GroupFwdMask: new(uint16(8)), Flush: true, FastLeave: new(true), RootBlock: new(false), Isolated: new(true)}
	if d := cmp.Diff(want, p); d != "" {
		t.Errorf("parsed (-want +got):\n%s", d)
	}
	for _, bad := range [][2]string{{"hairpin", "maybe"}, {"state", "9"}, {"state", "running"}, {"cost", "-1"}, {"priority", "70000"}} {
		ok, err := BridgePortOption(bad[0], func() (string, error) { return bad[1], nil }, &p)
		if !ok || err == nil {
			t.Errorf("%s %s: %v, %v; want an error", bad[0], bad[1], ok, err)
		}
	}
	if ok, _ := BridgePortOption("mtu", nil, &p); ok {
		t.Error("mtu taken for a bridge-port keyword")
	}
	if s, ok := parseState("3"); !ok || s != route.BridgePortForwarding {
		t.Errorf("state 3: %v %v", s, ok)
	}
}
