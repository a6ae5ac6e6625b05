package route_test

import (
	"errors"
	"net"
	"testing"

	"github.com/nltag/go-netlink/conn"
	"github.com/nltag/go-netlink/internal/nltest"
	"github.com/nltag/go-netlink/route"
)

// TestClientVethPeer creates veth pairs whose peer gets its own MTU,
// address, queue length and namespace in the one LinkAdd call.
func TestClientVethPeer(t *testing.T) {
	e := newClientEnv(t)
	other := nltest.NewNS(t)
	mac, _ := net.ParseMAC("02:00:00:00:00:01")
	peerMAC, _ := net.ParseMAC("02:00:00:00:00:02")
	v := &route.Veth{Peer: "v1", PeerMTU: 9000, PeerHardwareAddr: peerMAC, PeerTxQueueLen: new(uint32(50))}
	if err := e.c.LinkAdd(e.ctx, "v0", v, &route.LinkOptions{MTU: 1400, HardwareAddr: mac, TxQueueLen: new(uint32(7))}); err != nil {
		t.Fatal(err)
	}
	expect(t, "v0", e.link(t, "v0"), "mtu", "1400", "address", "02:00:00:00:00:01", "txqlen", "7", "link", "v1")
	expect(t, "v1", e.link(t, "v1"), "mtu", "9000", "address", "02:00:00:00:00:02", "txqlen", "50", "link", "v0")

	// In another namespace, with the same settings.
	v = &route.Veth{Peer: "p1", PeerNetNS: conn.NetNSName(other.Name), PeerMTU: 1280, PeerHardwareAddr: peerMAC}
	if err := e.c.LinkAdd(e.ctx, "p0", v, nil); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	other.IPJSON(t, &got, "link", "show", "dev", "p1")
	if len(got) != 1 {
		t.Fatalf("the other namespace shows %d links named p1", len(got))
	}
	expect(t, "p1", got[0], "mtu", "1280", "address", "02:00:00:00:00:02", "link_netnsid", "0")
	expect(t, "p0", e.link(t, "p0"), "mtu", "1500")

	// Without PeerMTU, the peer keeps the default whatever the first end
	// gets.
	if err := e.c.LinkAdd(e.ctx, "m0", &route.Veth{Peer: "m1"}, &route.LinkOptions{MTU: 1400}); err != nil {
		t.Fatal(err)
	}
	expect(t, "m0", e.link(t, "m0"), "mtu", "1400")
	expect(t, "m1", e.link(t, "m1"), "mtu", "1500")

	// The peer's settings are checked as the first end's are.
	for _, tc := range []struct {
		v    *route.Veth
		want string
	}{
		{&route.Veth{Peer: "q1", PeerMTU: 60}, "Veth.PeerMTU"},
		{&route.Veth{Peer: "q1", PeerHardwareAddr: net.HardwareAddr{1, 2, 3}}, "Veth.PeerHardwareAddr"},
	} {
		err := e.c.LinkAdd(e.ctx, "q0", tc.v, nil)
		var ae *route.ArgError
		if !errors.As(err, &ae) || ae.Arg != tc.want {
			t.Errorf("LinkAdd with %+v: %v, want an ArgError for %s", tc.v, err, tc.want)
		}
	}
}
