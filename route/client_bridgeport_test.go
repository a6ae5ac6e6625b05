package route_test

import (
	"errors"
	"os/exec"
	"slices"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/nltag/go-netlink/route"
)

// TestClientBridgePort changes the settings of bridge ports through
// LinkSet (ip link set type bridge_slave) and BridgePortSet (bridge link
// set), each checked with ip(8) and bridge(8).
func TestClientBridgePort(t *testing.T) {
	e := newClientEnv(t)
	e.script(t, `
link add br0 type bridge
link add v0 type veth peer name v1
link set v0 master br0
link add v2 type veth peer name v3
link set v2 master br0
link add br1 type bridge stp_state 1
link add v4 type veth peer name v5
link set v4 master br1`)
	p := &route.BridgePortData{
		Priority: new(uint16(3)), Cost: new(uint32(7)),
		Hairpin: new(true), Guard: new(true), RootBlock: new(true), FastLeave: new(true),
		Learning: new(false), UnicastFlood: new(false), ProxyARP: new(true), MCastFlood: new(false),
		BcastFlood: new(false), MCastToUcast: new(true), NeighSuppress: new(true), Isolated: new(true),
		MulticastRouter: new(uint8(2)), GroupFwdMask: new(uint16(8)),
	}
	if err := e.c.LinkSet(e.ctx, route.ByName("v0"), &route.LinkOptions{BridgePort: p}); err != nil {
		t.Fatal(err)
	}
	const sd = "linkinfo.info_slave_data."
	expect(t, "v0", e.link(t, "v0"), sd+"priority", "3", sd+"cost", "7",
		sd+"hairpin", "true", sd+"guard", "true", sd+"root_block", "true", sd+"fastleave", "true",
		sd+"learning", "false", sd+"flood", "false", sd+"proxy_arp", "true", sd+"mcast_flood", "false",
		sd+"bcast_flood", "false", sd+"mcast_to_unicast", "true", sd+"neigh_suppress", "true",
		sd+"isolated", "true", sd+"multicast_router", "2", sd+"group_fwd_mask", "0x8")
	// Fields left nil are left alone.
	if err := e.c.LinkSet(e.ctx, route.ByName("v0"), &route.LinkOptions{BridgePort: &route.BridgePortData{Hairpin: new(false)}}); err != nil {
		t.Fatal(err)
	}
	expect(t, "v0", e.link(t, "v0"), sd+"hairpin", "false", sd+"guard", "true", sd+"cost", "7")

	// The same through AF_BRIDGE, as bridge link set, by index.
	v2, err := e.c.LinkByName(e.ctx, "v2")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.c.BridgePortSet(e.ctx, route.ByIndex(v2.Index), &route.BridgePortData{
		Cost: new(uint32(11)), Priority: new(uint16(9)), Hairpin: new(true), Learning: new(false), Isolated: new(true),
		NeighSuppress: new(true), MCastFlood: new(false), UnicastFlood: new(false), RootBlock: new(true),
	}); err != nil {
		t.Fatal(err)
	}
	got := e.bridgeJSON(t, "-d", "link", "show", "dev", "v2")
	if len(got) != 1 {
		t.Fatalf("bridge link show dev v2: %d objects", len(got))
	}
	expect(t, "v2", got[0], "cost", "11", "priority", "9", "hairpin", "true", "learning", "false", "isolated", "true",
		"neigh_suppress", "true", "mcast_flood", "false", "flood", "false", "root_block", "true")

	// A port's STP state reaches the kernel, which refuses it under kernel
	// STP. (Without STP, the bridge puts a running port back to
	// forwarding at once, so a state set there cannot be seen.)
	blocking := route.BridgePortBlocking
	if err := e.c.LinkSet(e.ctx, route.ByName("v4"), &route.LinkOptions{BridgePort: &route.BridgePortData{State: &blocking}}); !errors.Is(err, unix.EBUSY) {
		t.Errorf("setting the state of a kernel-STP port: %v, want EBUSY", err)
	}
	if err := e.c.BridgePortSet(e.ctx, route.ByName("v4"), &route.BridgePortData{State: &blocking}); !errors.Is(err, unix.EBUSY) {
		t.Errorf("setting the state of a kernel-STP port (AF_BRIDGE): %v, want EBUSY", err)
	}

	// Not a port, and a new link.
	if err := e.c.LinkSet(e.ctx, route.ByName("v1"), &route.LinkOptions{BridgePort: p}); err == nil {
		t.Error("LinkSet with BridgePort on a link with no master succeeded")
	}
	err = e.c.LinkAdd(e.ctx, "v9", &route.Veth{}, &route.LinkOptions{Master: route.ByName("br0"), BridgePort: p})
	var ae *route.ArgError
	if !errors.As(err, &ae) || ae.Arg != "LinkOptions.BridgePort" {
		t.Errorf("LinkAdd with BridgePort: %v, want an ArgError", err)
	}
}

// TestClientBridgeVLANKernel sends VLAN requests to this kernel, which
// lacks VLAN filtering: it refuses additions as bridge(8)'s are refused,
// takes deletions, and lists no VLANs. The requests' bytes are checked by
// TestBridgeVLANMessage.
func TestClientBridgeVLANKernel(t *testing.T) {
	e := newClientEnv(t)
	e.script(t, `
link add br0 type bridge
link add v0 type veth peer name v1
link set v0 master br0
link add v2 type veth peer name v3
link set v2 master br0`)
	_, errBridge := exec.Command("bridge", "-n", e.Name, "vlan", "add", "vid", "10", "dev", "v0", "pvid", "untagged").Output()
	err := e.c.BridgeVLANAdd(e.ctx, route.ByName("v0"), &route.BridgeVLAN{VID: 10, PVID: true, Untagged: true})
	if (err == nil) != (errBridge == nil) || (err != nil && !errors.Is(err, unix.EOPNOTSUPP)) {
		t.Errorf("BridgeVLANAdd: %v; bridge vlan add: %v", err, errBridge)
	}
	if err := e.c.BridgeVLANDel(e.ctx, route.ByName("v0"), &route.BridgeVLAN{VID: 10}); err != nil {
		t.Errorf("BridgeVLANDel: %v", err)
	}

	// BridgeLinkList shows the ports bridge link show shows.
	for _, f := range []*route.BridgeLinkFilter{nil, {VLANs: true}, {VLANRanges: true}, {Dev: route.ByName("v2")}} {
		ls, err := e.c.BridgeLinkList(e.ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var mine []string
		for _, l := range ls {
			if p, ok := l.ProtInfo.(*route.BridgePortData); ok && p.Cost != nil {
				mine = append(mine, l.Name)
			}
			if s, ok := l.AFSpec.(*route.BridgeAFSpec); ok && len(s.VLANs) > 0 {
				t.Errorf("%s has VLANs %v on a kernel without VLAN filtering", l.Name, s.VLANs)
			}
		}
		slices.Sort(mine)
		args := []string{"link", "show"}
		if f != nil && !f.Dev.IsZero() {
			args = append(args, "dev", "v2")
		}
		if want := names(e.bridgeJSON(t, args...), "ifname"); !slices.Equal(mine, want) {
			t.Errorf("BridgeLinkList(%+v) has ports %v, bridge shows %v", f, mine, want)
		}
	}
}
